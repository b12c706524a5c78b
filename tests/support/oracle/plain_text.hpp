// plain_text.hpp — SPEC "Terminal escape sequences are transparent": the
// input with every escape sequence removed, and where each plain byte and each
// escape sequence came from. Tests only; allocates.
//
//   auto p = redact::oracle::remove_escapes("\x1b[36mAuthorization\x1b[0m: x");
//   // p.text == "Authorization: x", p.escapes == {{0, 5}, {18, 22}}
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace redact::oracle {

/// [begin, end) offsets in the input.
struct input_range {
  std::size_t begin = 0;
  std::size_t end = 0;
};

struct plain_text {
  std::string text;                   ///< the input without escape sequences
  std::vector<std::size_t> input_at;  ///< input offset of each byte of `text`
  std::vector<input_range> escapes;   ///< every escape sequence, in input order
};

/// Removes escape sequences left to right (an earlier sequence wins over one
/// that would start inside it).
plain_text remove_escapes(std::string_view input);

/// True when `s` contains an escape sequence (an exact secret that does is
/// refused at configuration time).
bool contains_escape(std::string_view s);

}  // namespace redact::oracle
