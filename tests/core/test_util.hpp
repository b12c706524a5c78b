// Helpers shared by the core tests.
#pragma once

#include <cstdint>
#include <random>
#include <redact/redact.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace redact::test {

/// Redacts `input` by writing the given chunk sizes (the rest in one piece).
inline std::string redact_chunked(std::string_view input, const policy& pol,
                                  const std::vector<std::size_t>& cuts) {
  redactor r(pol);
  std::string out;
  string_output sink(out);
  std::size_t pos = 0;
  for (std::size_t cut : cuts) {
    if (cut <= pos || cut > input.size()) continue;
    r.write(input.substr(pos, cut - pos), sink);
    pos = cut;
  }
  r.write(input.substr(pos), sink);
  r.finish(sink);
  return out;
}

/// Random strictly increasing cut points.
inline std::vector<std::size_t> random_cuts(std::size_t size, std::mt19937_64& rng,
                                            std::size_t max_piece) {
  std::vector<std::size_t> cuts;
  std::size_t pos = 0;
  while (pos < size) {
    pos += 1 + rng() % max_piece;
    if (pos < size) cuts.push_back(pos);
  }
  return cuts;
}

/// An ASCII escape of `s` for readable failure messages (inputs here are
/// synthetic, so printing them is fine; never use this on real data).
inline std::string escaped(std::string_view s) {
  std::string o;
  for (unsigned char c : s) {
    if (c == '\n') {
      o += "\\n";
    } else if (c == '\r') {
      o += "\\r";
    } else if (c < 0x20 || c >= 0x7f) {
      static const char* hex = "0123456789abcdef";
      o += "\\x";
      o += hex[c >> 4];
      o += hex[c & 15];
    } else {
      o += static_cast<char>(c);
    }
  }
  return o;
}

}  // namespace redact::test
