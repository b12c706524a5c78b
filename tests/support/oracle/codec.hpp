// codec.hpp — the byte codings SPEC names, written plainly for the oracle and
// reused by the test tables, the corpus generator and the fuzz targets:
// base64 (both alphabets, lenient decoding), UTF-8 validation, the encoded
// forms of Rule S, line splitting. Allocates freely; tests only.
//
//   redact::oracle::base64_encode("user:pass", false, true)   // "dXNlcjpwYXNz"
//   redact::oracle::base64_form("hunter2!x", 1, false)        // offset 1, std alphabet
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace redact::oracle {

/// Value of a base64 digit: `A-Z a-z 0-9 + /`, and with `url_too` also the
/// URL-safe `-` (62) and `_` (63). -1 for any other byte.
int base64_digit(char c, bool url_too);

/// SPEC's lenient decoding: groups of four digits give three bytes, a final
/// group of two or three digits gives one or two bytes, a final single digit
/// is ignored. Digits are values 0..63.
std::string base64_decode_lenient(const std::vector<int>& digits);

/// Standard (`+/`) or URL-safe (`-_`) base64 of `bytes`, with or without `=`
/// padding.
std::string base64_encode(std::string_view bytes, bool url_safe, bool padding);

/// Strict UTF-8 decoding (no overlongs, surrogates or values above
/// U+10FFFF); nullopt when `s` is not valid UTF-8.
std::optional<std::vector<char32_t>> utf8_decode(std::string_view s);

/// Rule S, base64 form: the encoding of `secret` starting at byte `offset`
/// (0, 1 or 2) of a 3-byte group, keeping only the characters whose six bits
/// all come from the secret's own bytes.
std::string base64_form(std::string_view secret, unsigned offset, bool url_safe);

/// Rule S, percent form: every byte outside `A-Z a-z 0-9 - . _ ~` as `%XX`
/// (upper-case hex).
std::string percent_form(std::string_view secret);

/// Rule S, JSON string escaping: `"` → `\"`, `\` → `\\`, bytes below 0x20 →
/// `\b \f \n \r \t` or `\u00XX` (lower-case hex).
std::string json_form(std::string_view secret);

/// Splits at CR, LF and CRLF (a CRLF is one break). An input without a break
/// is one line; a trailing break gives a last empty line.
std::vector<std::string> split_lines(std::string_view value);

}  // namespace redact::oracle
