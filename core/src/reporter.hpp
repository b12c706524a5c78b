// Internal: where findings go — per-kind counters always, the user's handler
// when one is set.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "redact/redactor.hpp"

namespace redact::detail {

struct reporter {
  finding_handler handler;
  finding_counts counts;

  /// Positions, labels and fingerprints are computed only when someone reads them.
  bool wants_positions() const noexcept { return static_cast<bool>(handler); }
  void report(finding_kind kind, std::string_view label, std::uint64_t line, std::uint64_t column,
              const std::array<char, 8>& fingerprint) {
    ++counts.by_kind[static_cast<std::size_t>(kind)];
    if (handler) handler(finding{kind, label, line, column, fingerprint});
  }
};

}  // namespace redact::detail
