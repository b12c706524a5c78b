// Internal: the unquoted credentials Rule H leaves alone because they are not
// credentials (SPEC Rule H: JSON literals and placeholders). The policy
// derives the scanner's fast rejection table from this list.
#pragma once

#include <string_view>

namespace redact::detail {

/// SPEC Rule H's placeholder words: an unquoted credential that is one of
/// them (case-insensitively), once trailing `) ] } , ; .` are removed, is
/// not a credential (`password: YES)` in MySQL's message).
inline constexpr std::string_view k_unquoted_left_alone[] = {
    "null", "nil", "none", "undefined", "true", "false", "yes", "no", "-"};

/// Trailing punctuation looked past, at most this many bytes (docs/rules.md:
/// a bound keeps the decision's look-ahead finite).
inline constexpr std::size_t k_max_placeholder_tail = 64;

inline bool is_unquoted_left_alone(std::string_view s) noexcept {
  std::size_t tail = 0;
  while (!s.empty() && tail < k_max_placeholder_tail &&
         std::string_view(")]},;.").find(s.back()) != std::string_view::npos) {
    s.remove_suffix(1);
    ++tail;
  }
  for (auto v : k_unquoted_left_alone) {
    if (s.size() != v.size()) continue;
    bool same = true;
    for (std::size_t k = 0; k < s.size() && same; ++k) {
      const char c = s[k] >= 'A' && s[k] <= 'Z' ? static_cast<char>(s[k] + 32) : s[k];
      same = c == v[k];
    }
    if (same) return true;
  }
  return false;
}

/// The longest word of k_unquoted_left_alone with its punctuation.
constexpr std::size_t longest_unquoted_left_alone() noexcept {
  std::size_t m = 0;
  for (auto v : k_unquoted_left_alone) m = v.size() > m ? v.size() : m;
  return m + k_max_placeholder_tail;
}

/// Three or more `*` and nothing else: what a redactor left (SPEC "Already
/// redacted").
inline bool all_masked(std::string_view s) noexcept {
  if (s.size() < 3) return false;
  for (char c : s)
    if (c != '*') return false;
  return true;
}

/// Longest run of `*` recognised as an already redacted credential
/// (docs/rules.md): a longer one is masked as a whole, which redacting
/// again keeps.
inline constexpr std::size_t k_max_masked_run = 64;

}  // namespace redact::detail
