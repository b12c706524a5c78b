// Internal: the unquoted credentials Rule H leaves alone because they are not
// credentials (SPEC Rule H: JSON literals and placeholders). The policy
// derives the scanner's fast rejection table from this list.
#pragma once

#include <string_view>

namespace redact::detail {

inline constexpr std::string_view k_unquoted_left_alone[] = {"null", "nil",   "None", "undefined",
                                                             "true", "false", "-"};

inline bool is_unquoted_left_alone(std::string_view s) noexcept {
  for (auto v : k_unquoted_left_alone)
    if (s == v) return true;
  return false;
}

/// The longest word of k_unquoted_left_alone.
constexpr std::size_t longest_unquoted_left_alone() noexcept {
  std::size_t m = 0;
  for (auto v : k_unquoted_left_alone) m = v.size() > m ? v.size() : m;
  return m;
}

}  // namespace redact::detail
