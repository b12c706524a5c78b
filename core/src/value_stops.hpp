// Internal: the bytes where a Rule H credential span must stop and look —
// its value mode's terminators, `\` (maybe `\/`, maybe an escaped quote) and,
// outside QUOTED values, `=` (maybe a quoted parameter) — as span-kernel
// classes (prefilter.hpp), so the bytes between are skipped at SIMD speed.
#pragma once

#include "ascii.hpp"
#include "window.hpp"

namespace redact::detail {

namespace value_stop_detail {
constexpr bool eol(unsigned char c) { return c == '\r' || c == '\n'; }
}  // namespace value_stop_detail

/// QUOTED values and quoted parameters, by quote character.
inline constexpr byte_class k_quoted_double_stop([](unsigned char c) {
  return value_stop_detail::eol(c) || c == '"' || c == '\\';
});
inline constexpr byte_class k_quoted_single_stop([](unsigned char c) {
  return value_stop_detail::eol(c) || c == '\'' || c == '\\';
});
/// LINE, LINE after `[`, and WORD values.
inline constexpr byte_class k_line_stop([](unsigned char c) {
  return value_stop_detail::eol(c) || c == '"' || c == '\'' || c == '\\' || c == '[' || c == '=';
});
inline constexpr byte_class k_line_bracket_stop([](unsigned char c) {
  return value_stop_detail::eol(c) || c == ']' || c == '=';
});
inline constexpr byte_class k_word_stop([](unsigned char c) {
  return has(c, c_wordterm) || c == '=';
});
inline constexpr byte_class k_eol_stop([](unsigned char c) { return value_stop_detail::eol(c); });
/// LINE and LINE after `[` values that also end at `}` (Rule P's
/// OpenTelemetry `stringValue`).
inline constexpr byte_class k_line_brace_stop([](unsigned char c) {
  return value_stop_detail::eol(c) || c == '"' || c == '\'' || c == '\\' || c == '[' || c == '=' ||
         c == '}';
});
inline constexpr byte_class k_line_bracket_brace_stop([](unsigned char c) {
  return value_stop_detail::eol(c) || c == ']' || c == '=' || c == '}';
});

inline const byte_class& quoted_stops(char quote) noexcept {
  return quote == '"' ? k_quoted_double_stop : k_quoted_single_stop;
}

/// The stop bytes of an unquoted value mode.
inline const byte_class& unquoted_stops(value_mode m) noexcept {
  return m == value_mode::line           ? k_line_stop
         : m == value_mode::line_bracket ? k_line_bracket_stop
         : m == value_mode::to_eol       ? k_eol_stop
                                         : k_word_stop;
}

/// The stop bytes of an unquoted value of shape `v` (with `}` for brace).
inline const byte_class& unquoted_stops(const value_shape& v) noexcept {
  if (v.brace && v.mode == value_mode::line) return k_line_brace_stop;
  if (v.brace && v.mode == value_mode::line_bracket) return k_line_bracket_brace_stop;
  return unquoted_stops(v.mode);
}

}  // namespace redact::detail
