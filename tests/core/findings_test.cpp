// Findings report: kind, label, line, column and fingerprint (checked against
// an independent SHA-256 / HMAC from OpenSSL's EVP API).
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "tables.hpp"
#include "test_util.hpp"

namespace redact::test {
namespace {

std::string sha8(std::string_view s) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(s.data(), s.size(), md, &len, EVP_sha256(), nullptr);
  char hex[65];
  for (unsigned i = 0; i < len; ++i) std::snprintf(hex + 2 * i, 3, "%02x", md[i]);
  return std::string(hex, 8);
}

std::string hmac8(std::string_view key, std::string_view s) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(s.data()), s.size(), md, &len);
  char hex[65];
  for (unsigned i = 0; i < len; ++i) std::snprintf(hex + 2 * i, 3, "%02x", md[i]);
  return std::string(hex, 8);
}

struct seen {
  finding_kind kind;
  std::string label;
  std::uint64_t line, column;
  std::string fp;
  bool operator==(const seen&) const = default;
};

std::ostream& operator<<(std::ostream& os, const seen& s) {
  return os << to_string(s.kind) << ' ' << s.label << ' ' << s.line << ':' << s.column << ' '
            << s.fp;
}

std::vector<seen> findings_of(std::string_view input, const policy& pol, std::size_t chunk = 0) {
  std::vector<seen> v;
  redactor r(pol);
  r.set_finding_handler([&](const finding& f) {
    v.push_back({f.kind, std::string(f.label), f.line, f.column, std::string(f.fingerprint_hex())});
  });
  std::string out;
  string_output sink(out);
  if (chunk == 0) {
    r.write(input, sink);
  } else {
    for (std::size_t i = 0; i < input.size(); i += chunk) r.write(input.substr(i, chunk), sink);
  }
  r.finish(sink);
  return v;
}

TEST(Findings, KindLabelPositionFingerprint) {
  const policy pol;
  const std::string in =
      "line one\n"
      "key=qbt_AbCdEf0123456789xyz\n"
      "HTTP_AUTHORIZATION=Bearer abc123 X=1\n"
      "x Bearer abcdefghijklmnop== y\n"
      "basic dXNlcjpwYXNz\n"
      "{\"Authorization\":\"Basic dXNlcjpw\\/YXNz\"}\n";
  const std::vector<seen> want = {
      {finding_kind::token, "qbt_", 2, 5, sha8("qbt_AbCdEf0123456789xyz")},
      {finding_kind::field, "AUTHORIZATION", 3, 27, sha8("abc123")},
      {finding_kind::bearer, "Bearer", 4, 10, sha8("abcdefghijklmnop==")},
      {finding_kind::basic, "basic", 5, 7, sha8("dXNlcjpwYXNz")},
      {finding_kind::field, "Authorization", 6, 25, sha8("dXNlcjpw\\/YXNz")},
  };
  for (std::size_t chunk : {0, 1, 3, 17}) {
    EXPECT_EQ(findings_of(in, pol, chunk), want) << "chunk " << chunk;
  }
  redactor r(pol);
  std::string out;
  string_output sink(out);
  r.write(in, sink);
  r.finish(sink);
  EXPECT_EQ(r.counts()[finding_kind::token], 1u);
  EXPECT_EQ(r.counts()[finding_kind::field], 2u);
  EXPECT_EQ(r.counts()[finding_kind::bearer], 1u);
  EXPECT_EQ(r.counts()[finding_kind::basic], 1u);
  EXPECT_EQ(r.counts().total(), 5u);
}

TEST(Findings, KeptPrefixIsPartOfTheFingerprint) {
  const auto v = findings_of("Authorization: Bearer qbt_AbCdEf0123456789xyz", policy{});
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0],
            (seen{finding_kind::field, "Authorization", 1, 23, sha8("qbt_AbCdEf0123456789xyz")}));
}

TEST(Findings, QuotedCredentialExcludesTheClosingSequence) {
  const auto v = findings_of(R"({\"authorization\":\"ab\\\"cd\"})", policy{});
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].fp, sha8(R"(ab\\\"cd)"));
  const auto w = findings_of(R"({"authorization":"abc\\"})", policy{});
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].fp, sha8(R"(abc\\)"));
}

TEST(Findings, ExactSecretsUseOriginalBytesAndColumns) {
  policy_options o;
  o.secrets = {{"APP_SECRET", "s3cr3t-value"}, {"", "zzzzzzzz"}};
  const policy pol(o);
  const std::string in =
      "s3cr3t-value qbt_AbCdEf0123456789\n"
      "Authorization: Bearer abcs3cr3t-valuexyz\n"
      "x zzzzzzzz\n";
  const std::vector<seen> want = {
      {finding_kind::secret, "APP_SECRET", 1, 1, sha8("s3cr3t-value")},
      {finding_kind::token, "qbt_", 1, 14, sha8("qbt_AbCdEf0123456789")},
      {finding_kind::secret, "APP_SECRET", 2, 26, sha8("s3cr3t-value")},
      {finding_kind::field, "Authorization", 2, 23, sha8("abcs3cr3t-valuexyz")},
      {finding_kind::secret, "secret#2", 3, 3, sha8("zzzzzzzz")},
  };
  for (std::size_t chunk : {0, 1, 5}) EXPECT_EQ(findings_of(in, pol, chunk), want);
}

TEST(Findings, AlreadyRedactedTextHasNone) {
  EXPECT_TRUE(findings_of("Authorization: Bearer qbt_***\nkey=qbt_***\nBearer ***\n"
                          "{\"authorization\":\"***\"}\n",
                          policy{})
                  .empty());
}

TEST(Findings, HmacFingerprints) {
  policy_options o;
  o.fingerprint_key = "report-key";
  const auto v = findings_of("key=qbt_AbCdEf0123456789xyz", policy(o));
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].fp, hmac8("report-key", "qbt_AbCdEf0123456789xyz"));
  EXPECT_NE(v[0].fp, sha8("qbt_AbCdEf0123456789xyz"));
}

TEST(Findings, CredentialKeyCoversChosenPasswordsOnly) {
  policy_options o;
  o.credential_fingerprint_key = "team-key";
  o.secrets = {{"DEPLOY", "s3cr3t-value"}};
  const auto v = findings_of(
      "Authorization: Custom hunter2\nBasic dXNlcjpwYXNzd29yZA==\nkey=qbt_AbCdEf0123456789xyz\n"
      "Bearer abcdefghijklmnop1234\nx s3cr3t-value\n",
      policy(o));
  const std::vector<seen> want = {
      {finding_kind::field, "Authorization", 1, 16, hmac8("team-key", "Custom hunter2")},
      {finding_kind::basic, "Basic", 2, 7, hmac8("team-key", "dXNlcjpwYXNzd29yZA==")},
      {finding_kind::token, "qbt_", 3, 5, sha8("qbt_AbCdEf0123456789xyz")},
      {finding_kind::bearer, "Bearer", 4, 8, sha8("abcdefghijklmnop1234")},
      {finding_kind::secret, "DEPLOY", 5, 3, sha8("s3cr3t-value")},
  };
  EXPECT_EQ(v, want);
  // The key for every kind wins over the credential key.
  o.fingerprint_key = "report-key";
  const auto w = findings_of("key=qbt_AbCdEf0123456789xyz password", policy(o));
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].fp, hmac8("report-key", "qbt_AbCdEf0123456789xyz"));
}

TEST(Findings, NoSecretBytesInLabels) {
  policy_options o;
  o.secrets = {{"", "s3cr3t-value"}};
  for (const auto& f : findings_of("a s3cr3t-value b qbt_AbCdEf0123456789", policy(o))) {
    EXPECT_EQ(f.label.find("s3cr3t"), std::string::npos);
    EXPECT_EQ(f.label.find("AbCd"), std::string::npos);
  }
}

// The shared hand-checked findings (tests/support/spec/findings.cpp), one
// shot and byte by byte; compared in (line, column, kind) order, since a
// Rule S finding is reported by its own pass.
TEST(Findings, SharedHandCheckedTable) {
  for (const auto& row : spec::finding_table()) {
    const policy pol(spec::make_options(row.config));
    if (!pol.ok()) {
      ADD_FAILURE() << "config " << spec::to_string(row.config) << " refused: " << pol.error();
      continue;
    }
    std::vector<seen> want;
    for (const auto& f : row.findings)
      want.push_back({f.kind, f.label, f.line, f.column, sha8(f.secret)});
    for (std::size_t chunk : {std::size_t{0}, std::size_t{1}}) {
      auto got = findings_of(row.input, pol, chunk);
      std::stable_sort(got.begin(), got.end(), [](const seen& a, const seen& b) {
        return std::tie(a.line, a.column, a.kind) < std::tie(b.line, b.column, b.kind);
      });
      EXPECT_EQ(got, want) << "input: " << escaped(row.input) << " chunk " << chunk;
    }
  }
}

}  // namespace
}  // namespace redact::test
