// cli/report.hpp — the --stats summary (the --check reports are
// cli/leak_report.hpp).
//
//   redact::cli::stats_collector stats;
//   redactor.set_finding_handler([&](const redact::finding& f) { stats.add(f); });
//   std::string text = stats.render();   // "redact: 4711 bytes in 2 streams, 5 findings\n..."
//
// The summary never contains secret bytes: only counts, kinds and labels.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "cli/options.hpp"
#include "redact/redactor.hpp"

namespace redact::cli {

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
