// A table row checked as SPEC's properties require (used by the Rule K and
// Rule P suites): the one-shot output, every two-way split and a few
// multi-way chunkings give the expected output; redacting that output again
// changes nothing; the hold-back bound holds while writing byte by byte; and
// the findings (kind, label, line, column, fingerprint) are the expected
// ones, fingerprints computed here with OpenSSL from the bytes SPEC names.
#pragma once

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <cstdio>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "test_util.hpp"

namespace redact::test {

/// First 8 hex digits of SHA-256 (OpenSSL EVP, independent of the core).
inline std::string sha8(std::string_view s) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(s.data(), s.size(), md, &len, EVP_sha256(), nullptr);
  char hex[65];
  for (unsigned i = 0; i < len; ++i) std::snprintf(hex + 2 * i, 3, "%02x", md[i]);
  return std::string(hex, 8);
}

struct seen_finding {
  finding_kind kind;
  std::string label;
  std::uint64_t line, column;
  std::string fp;
  bool operator==(const seen_finding&) const = default;
};

inline std::ostream& operator<<(std::ostream& os, const seen_finding& s) {
  return os << to_string(s.kind) << " '" << s.label << "' " << s.line << ':' << s.column << ' '
            << s.fp;
}

/// Redacts `input` in chunks of `chunk` bytes (0: one write), collecting
/// findings; checks held_back() <= max_hold_back() after every write.
inline std::string redact_collect(std::string_view input, const policy& pol, std::size_t chunk,
                                  std::vector<seen_finding>* found) {
  redactor r(pol);
  if (found != nullptr)
    r.set_finding_handler([&](const finding& f) {
      found->push_back(
          {f.kind, std::string(f.label), f.line, f.column, std::string(f.fingerprint_hex())});
    });
  std::string out;
  string_output sink(out);
  if (chunk == 0) {
    r.write(input, sink);
  } else {
    for (std::size_t i = 0; i < input.size(); i += chunk) {
      r.write(input.substr(i, chunk), sink);
      EXPECT_LE(r.held_back(), r.max_hold_back());
    }
  }
  r.finish(sink);
  return out;
}

struct case_row {
  std::string input;
  std::string expected;
  // Checked when given (an empty vector: no findings at all).
  std::optional<std::vector<seen_finding>> findings = std::nullopt;
};

inline void check_case(const case_row& row, const policy& pol) {
  ASSERT_TRUE(pol.ok()) << pol.error();
  const std::string& in = row.input;
  SCOPED_TRACE("input: " + escaped(in));
  std::vector<seen_finding> found;
  const std::string once = redact_collect(in, pol, 0, &found);
  EXPECT_EQ(escaped(once), escaped(row.expected));
  if (row.findings) {
    EXPECT_EQ(found, *row.findings);
  }
  // Chunking invariance: every two-way split, byte by byte, small pieces.
  for (std::size_t cut = 0; cut <= in.size(); ++cut)
    ASSERT_EQ(escaped(redact_chunked(in, pol, {cut})), escaped(once)) << "split at " << cut;
  for (std::size_t chunk : {1, 2, 3, 7, 64}) {
    std::vector<seen_finding> chunked;
    ASSERT_EQ(escaped(redact_collect(in, pol, chunk, &chunked)), escaped(once))
        << "chunks of " << chunk;
    EXPECT_EQ(chunked, found) << "chunks of " << chunk;
  }
  // Idempotence: the output redacted again is itself, with no findings.
  std::vector<seen_finding> again;
  EXPECT_EQ(escaped(redact_collect(once, pol, 0, &again)), escaped(once));
  EXPECT_TRUE(again.empty()) << "findings in already redacted text, first: " << again.front();
}

inline void check_cases(const std::vector<case_row>& rows, const policy& pol) {
  for (const auto& row : rows) check_case(row, pol);
}

}  // namespace redact::test
