// table_util.hpp — small builders for the table sources (internal).
#pragma once

#include <string>
#include <string_view>

namespace redact::spec::detail {

/// `n` characters cycling through `chars` (deterministic key bodies).
inline std::string body(std::size_t n, std::string_view chars, std::size_t seed = 0) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s.push_back(chars[(i * 7 + seed * 3 + 5) % chars.size()]);
  return s;
}

inline constexpr std::string_view upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
inline constexpr std::string_view alnum =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
inline constexpr std::string_view token =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

inline std::string rep(std::string_view s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace redact::spec::detail
