// Unit tests of the --check report lines (cli/leak_report.hpp, for plain
// files) and the --stats summary (cli/report.hpp), for every finding kind of
// SPEC's "Findings report".
#include "cli/report.hpp"

#include <gtest/gtest.h>

#include <array>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "cli/leak_report.hpp"

namespace redact::cli {
namespace {

constexpr std::array<char, 8> fp = {'0', '1', '2', '3', 'a', 'b', 'c', 'd'};

// A plain file's finding through the --check reporters (cli/leak_report.hpp).
std::string report_one(report_format format, finding_kind kind, std::string_view label,
                       std::string_view path, std::string_view fingerprint) {
  std::string text;
  string_output sink(text);
  auto r = make_reporter(format, sink, {"credential-key", "", "files"});
  located_finding f;
  f.kind = kind;
  f.label = label;
  f.fingerprint = fingerprint;
  f.path = path;
  f.line = 12;
  f.column = 34;
  r->report(f);
  r->finish({});
  return text;
}

TEST(Json, EscapesControlQuotesAndReplacesInvalidUtf8) {
  const auto file_of = [](std::string_view path) {
    return nlohmann::json::parse(report_one(report_format::json, finding_kind::token, "qbt_", path,
                                            "sha256:0123abcd"))
        .at("file")
        .get<std::string>();
  };
  const std::string controls("a\"b\\c\n\t\x01\x7f", 9);
  EXPECT_EQ(file_of(controls), controls);
  // Valid UTF-8 is kept; invalid, overlong, surrogate and cut sequences
  // become U+FFFD.
  EXPECT_EQ(file_of("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x94\x91"),
            "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x94\x91");
  const std::string replaced = file_of("\xFF\xC0\xAF\xED\xA0\x80\xE2\x82");
  EXPECT_EQ(replaced.find_first_not_of("\xEF\xBF\xBD"), std::string::npos) << replaced;
  EXPECT_FALSE(replaced.empty());
  // Raw control characters never reach the line.
  const std::string line =
      report_one(report_format::json, finding_kind::token, "qbt_", controls, "sha256:0123abcd");
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  EXPECT_EQ(line.find('\x01'), std::string::npos);
}

TEST(Report, TextAndJsonLines) {
  EXPECT_EQ(report_one(report_format::text, finding_kind::field, "AUTHORIZATION", "logs/app 1.log",
                       "sha256:0123abcd"),
            "logs/app 1.log:12:34: field AUTHORIZATION sha256:0123abcd\n");
  EXPECT_EQ(report_one(report_format::text, finding_kind::field, "AUTHORIZATION", "-",
                       "hmac-sha256:0123abcd"),
            "-:12:34: field AUTHORIZATION hmac-sha256:0123abcd\n");
  EXPECT_EQ(report_one(report_format::json, finding_kind::field, "AUTHORIZATION", "a\"b.log",
                       "sha256:0123abcd"),
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
          {finding_kind::jwt, "JWT", "a.log:12:34: jwt JWT sha256:0123abcd\n",
           R"({"file":"a.log","line":12,"column":34,"kind":"jwt","label":"JWT","fingerprint":"sha256:0123abcd"})"},
          {finding_kind::url, "postgres", "a.log:12:34: url postgres sha256:0123abcd\n",
           R"({"file":"a.log","line":12,"column":34,"kind":"url","label":"postgres","fingerprint":"sha256:0123abcd"})"},
          {finding_kind::encoded, "qbt_", "a.log:12:34: encoded qbt_ sha256:0123abcd\n",
           R"({"file":"a.log","line":12,"column":34,"kind":"encoded","label":"qbt_","fingerprint":"sha256:0123abcd"})"},
          {finding_kind::private_key, "RSA PRIVATE KEY",
           "a.log:12:34: private_key RSA PRIVATE KEY sha256:0123abcd\n",
           R"({"file":"a.log","line":12,"column":34,"kind":"private_key","label":"RSA PRIVATE KEY","fingerprint":"sha256:0123abcd"})"},
      }) {
    EXPECT_EQ(report_one(report_format::text, r.kind, r.label, "a.log", "sha256:0123abcd"), r.text);
    EXPECT_EQ(report_one(report_format::json, r.kind, r.label, "a.log", "sha256:0123abcd"),
              std::string(r.json) + "\n");
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
