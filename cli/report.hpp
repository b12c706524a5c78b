// cli/report.hpp — the --check report lines and the --stats summary.
//
//   redact::cli::report_writer report(out, redact::cli::report_format::text, false);
//   report.set_file("app.log");
//   redactor.set_finding_handler([&](const redact::finding& f) { report.write(f); });
//   // app.log:3:22: token qbt_ sha256:1f2e3d4c
//
// Reports never contain secret bytes: only the file name, position, kind,
// label and fingerprint of a finding.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "cli/options.hpp"
#include "redact/redactor.hpp"

namespace redact::cli {

/// Appends `s` as a JSON string literal (with quotes). Valid UTF-8 passes
/// through, control characters are escaped, invalid bytes become U+FFFD.
void append_json_string(std::string& out, std::string_view s);

/// Formats findings as report lines into an output.
class report_writer {
 public:
  /// `hmac`: fingerprints are keyed (shown as `hmac-sha256:` instead of `sha256:`).
  report_writer(output& out, report_format format, bool hmac);

  /// The FILE shown for the following findings (`-` for stdin). Allocates.
  void set_file(std::string_view name);
  /// Writes one line for `f`. Reuses its buffer (no allocation once warm).
  void write(const finding& f);

 private:
  output& out_;
  report_format format_;
  std::string_view algorithm_;
  std::string file_;  // as written in a line: raw (text) or a JSON literal (json)
  std::string line_;
};

/// Counts for --stats: per kind (from the findings) and per (kind, label).
class stats_collector {
 public:
  /// Distinct (kind, label) pairs kept; later ones are counted as "(other)".
  static constexpr std::size_t max_labels = 1024;

  void add(const finding& f);
  void add_bytes(std::uint64_t n) noexcept { bytes_ += n; }
  void add_stream() noexcept { ++streams_; }
  std::uint64_t total() const noexcept;

  /// The summary printed to stderr, several lines ending in '\n'.
  std::string render() const;

 private:
  std::uint64_t by_kind_[finding_kind_count] = {};
  std::map<std::pair<int, std::string>, std::uint64_t> by_label_;
  std::uint64_t bytes_ = 0;
  std::uint64_t streams_ = 0;
};

}  // namespace redact::cli
