// Internal: byte classes and word-at-a-time comparisons shared by the rule
// detectors (SPEC's alphabets and terminators as tables, built at compile
// time). Nothing here depends on a policy.
#pragma once

#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "kernels.hpp"  // byte_class

namespace redact::detail {

/// Flags of k_class.
enum : std::uint16_t {
  c_body = 1,              // Rule T body: A-Z a-z 0-9 _ -
  c_token = 2,             // token68: A-Z a-z 0-9 . _ ~ + / -
  c_b64 = 4,               // base64: A-Z a-z 0-9 + /
  c_space = 8,             // space, tab
  c_wordterm = 16,         // WORD terminators (without the `\` special case)
  c_letter = 32,           // ASCII letter
  c_scheme = 64,           // characters of auth-scheme names: A-Z a-z 0-9 -
  c_alnum = 128,           // A-Z a-z 0-9 (the Rule T `alnum` alphabet)
  c_upper = 256,           // A-Z 0-9 (the Rule T `upper` alphabet)
  c_jwt = 512,             // Rule J segments: A-Z a-z 0-9 _ - and `*` (a mask inside a token)
  c_url_scheme = 1024,     // Rule U scheme characters: A-Z a-z 0-9 + - .
  c_authority_end = 2048,  // Rule U: what ends a URL's authority
};

struct class_table {
  std::uint16_t v[256] = {};
  constexpr class_table() {
    for (int c = 0; c < 256; ++c) {
      const bool upper = c >= 'A' && c <= 'Z', lower = c >= 'a' && c <= 'z';
      const bool digit = c >= '0' && c <= '9';
      std::uint16_t f = 0;
      if (upper || lower) f |= c_letter;
      if (upper || lower || digit || c == '_' || c == '-') f |= c_body;
      if (upper || lower || digit || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' ||
          c == '-')
        f |= c_token;
      if (upper || lower || digit || c == '+' || c == '/') f |= c_b64;
      if (c == ' ' || c == '\t') f |= c_space;
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '"' || c == '\'' || c == '\\' ||
          c == '&' || c == ',' || c == ';' || c == ')' || c == ']' || c == '}')
        f |= c_wordterm;
      if (upper || lower || digit || c == '-') f |= c_scheme;
      if (upper || lower || digit) f |= c_alnum;
      if (upper || digit) f |= c_upper;
      if (upper || lower || digit || c == '_' || c == '-' || c == '*') f |= c_jwt;
      if (upper || lower || digit || c == '+' || c == '-' || c == '.') f |= c_url_scheme;
      if (c == '/' || c == '?' || c == '#' || c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
          c == '"' || c == '\'' || c == '`' || c == '<' || c == '>' || c == '\\' || c == '{' ||
          c == '}' || c == '|')
        f |= c_authority_end;
      v[c] = f;
    }
  }
};
inline constexpr class_table k_class;

constexpr bool has(unsigned char c, std::uint16_t flags) noexcept {
  return (k_class.v[c] & flags) != 0;
}
constexpr bool is_quote(unsigned char c) noexcept { return c == '"' || c == '\''; }
constexpr bool is_eol(unsigned char c) noexcept { return c == '\r' || c == '\n'; }
inline char lower(unsigned char c) noexcept {
  return static_cast<char>((c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c);
}

/// Span-kernel classes (kernels.hpp) of the run alphabets.
inline constexpr byte_class k_body_set([](unsigned char c) { return has(c, c_body); });
inline constexpr byte_class k_token_set([](unsigned char c) { return has(c, c_token); });
inline constexpr byte_class k_b64_set([](unsigned char c) { return has(c, c_b64); });
inline constexpr byte_class k_alnum_set([](unsigned char c) { return has(c, c_alnum); });
inline constexpr byte_class k_upper_set([](unsigned char c) { return has(c, c_upper); });
inline constexpr byte_class k_jwt_set([](unsigned char c) { return has(c, c_jwt); });
/// What ends a URL's authority, and the `:` and `@` inside it.
inline constexpr byte_class k_authority_stop([](unsigned char c) {
  return has(c, c_authority_end) || c == ':' || c == '@';
});

/// 64 backslashes, for emitting the held-back part of a closing sequence.
inline constexpr char k_backslashes[] =
    "\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\"
    "\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\";
static_assert(sizeof k_backslashes - 1 >= 64);

inline std::uint64_t load8(const char* p) noexcept {
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}
inline constexpr std::uint64_t k_fold8 = 0x2020202020202020u;

/// The first (up to) eight bytes of s, little-endian, as one word.
constexpr std::uint64_t low_word(std::string_view s) noexcept {
  std::uint64_t w = 0;
  for (std::size_t k = 0; k < s.size() && k < 8; ++k)
    w |= std::uint64_t{static_cast<unsigned char>(s[k])} << (8 * k);
  return w;
}

/// The eight bytes at p (8 readable), each OR-ed with 0x20, keeping the first n < 8.
inline std::uint64_t folded_head(const char* p, std::size_t n) noexcept {
  return (load8(p) | k_fold8) & ((std::uint64_t{1} << (8 * n)) - 1);
}

/// Do the bytes at p, each OR-ed with 0x20, equal `folded` (a word folded the
/// same way)? A necessary condition for a case-insensitive match (the exact
/// one for letters), tested 8 bytes at a time; `room` bytes are readable at p.
inline bool folded_equal(const char* p, std::string_view folded, std::size_t room) noexcept {
  const std::size_t n = folded.size();
  assert(room >= n);
  if (n >= 8) {  // whole words, then the last eight bytes (overlapping)
    for (std::size_t k = 0; k + 8 <= n; k += 8)
      if ((load8(p + k) | k_fold8) != load8(folded.data() + k)) return false;
    return (load8(p + n - 8) | k_fold8) == load8(folded.data() + n - 8);
  }
  if (room >= 8 && std::endian::native == std::endian::little)
    return folded_head(p, n) == low_word(folded);
  for (std::size_t k = 0; k < n; ++k)
    if ((static_cast<unsigned char>(p[k]) | 0x20u) != static_cast<unsigned char>(folded[k]))
      return false;
  return true;
}

}  // namespace redact::detail
