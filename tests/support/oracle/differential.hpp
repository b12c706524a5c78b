// differential.hpp — run the core and the oracle on the same input and
// compare output bytes and findings. Shared by the differential tests and the
// `oracle` fuzz target.
#pragma once

#include <algorithm>
#include <cstdio>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "oracle.hpp"
#include "redact/redact.hpp"

namespace redact::differential {

using oracle::oracle_finding;
using oracle::oracle_result;

/// Printable rendering of arbitrary bytes (tests use synthetic keys only).
inline std::string escape(std::string_view s, std::size_t limit = 400) {
  std::string out;
  for (std::size_t i = 0; i < s.size() && i < limit; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  if (s.size() > limit) out += "...(" + std::to_string(s.size()) + " bytes)";
  return out;
}

inline void sort_findings(std::vector<oracle_finding>& v) {
  std::stable_sort(v.begin(), v.end(), [](const oracle_finding& a, const oracle_finding& b) {
    return std::tie(a.line, a.column, a.kind) < std::tie(b.line, b.column, b.kind);
  });
}

/// Feeds `input` to a core redactor in the given chunk sizes (cycled; an
/// empty list means one write) and collects output and findings.
inline oracle_result run_core(std::string_view input, const redact::policy& pol,
                              const std::vector<std::size_t>& chunks = {}) {
  oracle_result r;
  redact::redactor red(pol);
  red.set_finding_handler([&r](const redact::finding& f) {
    r.findings.push_back(
        {f.kind, std::string(f.label), f.line, f.column, std::string(f.fingerprint_hex())});
  });
  redact::string_output out(r.output);
  if (chunks.empty()) {
    red.write(input, out);
  } else {
    std::size_t pos = 0;
    for (std::size_t i = 0; pos < input.size(); ++i) {
      const std::size_t n = std::max<std::size_t>(1, chunks[i % chunks.size()]);
      red.write(input.substr(pos, n), out);
      pos += std::min(n, input.size() - pos);
    }
  }
  red.finish(out);
  sort_findings(r.findings);
  return r;
}

/// Empty when equal; otherwise a description of the first difference.
inline std::string compare(const oracle_result& expected, const oracle_result& actual) {
  if (expected.output != actual.output) {
    const auto& a = expected.output;
    const auto& b = actual.output;
    std::size_t i = 0;
    while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
    const std::size_t from = i > 40 ? i - 40 : 0;
    return "output differs at byte " + std::to_string(i) +
           "\n  oracle: " + escape(std::string_view(a).substr(from, 120)) +
           "\n  core:   " + escape(std::string_view(b).substr(from, 120));
  }
  if (expected.findings != actual.findings) {
    std::string msg = "findings differ\n  oracle:";
    for (const auto& f : expected.findings) msg += "\n    " + oracle::describe(f);
    msg += "\n  core:";
    for (const auto& f : actual.findings) msg += "\n    " + oracle::describe(f);
    return msg;
  }
  return {};
}

}  // namespace redact::differential
