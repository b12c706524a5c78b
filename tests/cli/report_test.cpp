// Unit tests of the --check report lines and the --stats summary
// (cli/report.hpp), for every finding kind of SPEC's "Findings report".
#include "cli/report.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace redact::cli {
namespace {

constexpr std::array<char, 8> fp = {'0', '1', '2', '3', 'a', 'b', 'c', 'd'};

TEST(Json, EscapesControlQuotesAndInvalidUtf8) {
  std::string out;
  append_json_string(out, std::string_view("a\"b\\c\n\t\x01\x7f", 9));
  EXPECT_EQ(out, R"("a\"b\\c\n\t\u0001\u007f")");
  out.clear();
  append_json_string(out, "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x94\x91");  // valid UTF-8 kept
  EXPECT_EQ(out, "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x94\x91\"");
  out.clear();
  append_json_string(out, "\xFF\xC0\xAF\xED\xA0\x80\xE2\x82");  // invalid, overlong, surrogate, cut
  EXPECT_EQ(out, R"("\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd")");
}

TEST(Report, TextAndJsonLines) {
  std::string text;
  string_output sink(text);
  finding f{finding_kind::field, "AUTHORIZATION", 12, 34, fp};
  report_writer plain(sink, report_format::text, false);
  plain.set_file("logs/app 1.log");
  plain.write(f);
  EXPECT_EQ(text, "logs/app 1.log:12:34: field AUTHORIZATION sha256:0123abcd\n");
  text.clear();
  report_writer keyed(sink, report_format::text, true);
  keyed.set_file("-");
  keyed.write(f);
  EXPECT_EQ(text, "-:12:34: field AUTHORIZATION hmac-sha256:0123abcd\n");
  text.clear();
  report_writer json(sink, report_format::json, false);
  json.set_file("a\"b.log");
  json.write(f);
  EXPECT_EQ(text,
            "{\"file\":\"a\\\"b.log\",\"line\":12,\"column\":34,\"kind\":\"field\","
            "\"label\":\"AUTHORIZATION\",\"fingerprint\":\"sha256:0123abcd\"}\n");
}

// The kinds and labels of contract version 2's new rules, as SPEC's
// "Findings report" names them: JWT; the URL scheme; the encoded key's
// prefix; the private-key label (which may contain spaces: the fingerprint
// stays the last word of a text line).
TEST(Report, NewKindsOfContractVersion2) {
  struct row {
    finding_kind kind;
    std::string_view label, text, json;
  };
  for (
      const row& r : std::vector<row>{
          {finding_kind::jwt, "JWT", "a.log:3:10: jwt JWT sha256:0123abcd\n",
           R"({"file":"a.log","line":3,"column":10,"kind":"jwt","label":"JWT","fingerprint":"sha256:0123abcd"})"},
          {finding_kind::url, "postgres", "a.log:3:10: url postgres sha256:0123abcd\n",
           R"({"file":"a.log","line":3,"column":10,"kind":"url","label":"postgres","fingerprint":"sha256:0123abcd"})"},
          {finding_kind::encoded, "qbt_", "a.log:3:10: encoded qbt_ sha256:0123abcd\n",
           R"({"file":"a.log","line":3,"column":10,"kind":"encoded","label":"qbt_","fingerprint":"sha256:0123abcd"})"},
          {finding_kind::private_key, "RSA PRIVATE KEY",
           "a.log:3:10: private_key RSA PRIVATE KEY sha256:0123abcd\n",
           R"({"file":"a.log","line":3,"column":10,"kind":"private_key","label":"RSA PRIVATE KEY","fingerprint":"sha256:0123abcd"})"},
      }) {
    const finding f{r.kind, r.label, 3, 10, fp};
    std::string text;
    string_output sink(text);
    report_writer plain(sink, report_format::text, false);
    plain.set_file("a.log");
    plain.write(f);
    EXPECT_EQ(text, r.text);
    text.clear();
    report_writer json(sink, report_format::json, false);
    json.set_file("a.log");
    json.write(f);
    EXPECT_EQ(text, std::string(r.json) + "\n");
  }
}

TEST(Stats, CountsPerKindAndLabel) {
  stats_collector stats;
  stats.add_stream();
  stats.add_bytes(100);
  stats.add({finding_kind::token, "qbt_", 1, 1, {}});
  stats.add({finding_kind::token, "qbt_", 2, 1, {}});
  stats.add({finding_kind::field, "Authorization", 3, 1, {}});
  stats.add({finding_kind::field, "AUTHORIZATION", 4, 1, {}});
  EXPECT_EQ(stats.total(), 4u);
  EXPECT_EQ(stats.render(),
            "redact: 100 bytes in 1 stream, 4 findings\n"
            "  token       2     qbt_ 2\n"
            "  field       2     AUTHORIZATION 1, Authorization 1\n"
            "  bearer      0\n"
            "  basic       0\n"
            "  secret      0\n"
            "  regex       0\n"
            "  jwt         0\n"
            "  url         0\n"
            "  encoded     0\n"
            "  private_key 0\n");
}

TEST(Stats, CountsTheNewKinds) {
  stats_collector stats;
  stats.add_stream();
  stats.add_stream();
  stats.add_bytes(1);
  stats.add({finding_kind::jwt, "JWT", 1, 1, {}});
  stats.add({finding_kind::jwt, "JWT", 2, 1, {}});
  stats.add({finding_kind::url, "postgres", 3, 1, {}});
  stats.add({finding_kind::url, "https", 3, 1, {}});
  stats.add({finding_kind::encoded, "qbt_", 4, 1, {}});
  stats.add({finding_kind::private_key, "RSA PRIVATE KEY", 5, 1, {}});
  stats.add({finding_kind::private_key, "OPENSSH PRIVATE KEY", 9, 1, {}});
  EXPECT_EQ(stats.total(), 7u);
  EXPECT_EQ(stats.render(),
            "redact: 1 byte in 2 streams, 7 findings\n"
            "  token       0\n"
            "  field       0\n"
            "  bearer      0\n"
            "  basic       0\n"
            "  secret      0\n"
            "  regex       0\n"
            "  jwt         2     JWT 2\n"
            "  url         2     https 1, postgres 1\n"
            "  encoded     1     qbt_ 1\n"
            "  private_key 2     OPENSSH PRIVATE KEY 1, RSA PRIVATE KEY 1\n");
}

TEST(Stats, LabelsBeyondTheCapAreCountedAsOther) {
  stats_collector stats;
  for (std::size_t i = 0; i < stats_collector::max_labels + 3; ++i) {
    stats.add({finding_kind::regex, "r" + std::to_string(i), 1, 1, {}});
  }
  EXPECT_EQ(stats.total(), stats_collector::max_labels + 3);
  EXPECT_NE(stats.render().find("(other) 3"), std::string::npos);
}

}  // namespace
}  // namespace redact::cli
