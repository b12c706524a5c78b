// Base64 decoding and the Basic payload check (base64.hpp).
#include "base64.hpp"

#include "compiled_policy.hpp"

namespace redact::detail {

std::size_t decode_base64_lenient(const unsigned char* s, std::size_t n,
                                  unsigned char* out) noexcept {
  std::size_t m = 0, g = 0;
  for (; g + 4 <= n; g += 4) {
    const std::uint32_t v = std::uint32_t{k_b64.v[s[g]]} << 18 |
                            std::uint32_t{k_b64.v[s[g + 1]]} << 12 |
                            std::uint32_t{k_b64.v[s[g + 2]]} << 6 | k_b64.v[s[g + 3]];
    out[m] = static_cast<unsigned char>(v >> 16);
    out[m + 1] = static_cast<unsigned char>(v >> 8);
    out[m + 2] = static_cast<unsigned char>(v);
    m += 3;
  }
  if (g + 1 < n) {  // a last group of 2 or 3 digits: 1 or 2 bytes
    std::uint32_t v = std::uint32_t{k_b64.v[s[g]]} << 18 | std::uint32_t{k_b64.v[s[g + 1]]} << 12;
    if (g + 2 < n) v |= std::uint32_t{k_b64.v[s[g + 2]]} << 6;
    out[m++] = static_cast<unsigned char>(v >> 16);
    if (g + 2 < n) out[m++] = static_cast<unsigned char>(v >> 8);
  }
  return m;
}

namespace {

// Valid UTF-8 without control characters (C0, DEL, C1), containing ':'.
bool utf8_text_with_colon(const unsigned char* s, std::size_t m) noexcept {
  bool colon = false;
  for (std::size_t i = 0; i < m;) {
    const unsigned char c = s[i];
    std::uint32_t cp;
    std::size_t len;
    if (c < 0x80) {
      cp = c;
      len = 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
      cp = c & 0x1Fu;
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      cp = c & 0x0Fu;
      len = 3;
    } else if (c >= 0xF0 && c <= 0xF4) {
      cp = c & 0x07u;
      len = 4;
    } else {
      return false;
    }
    if (i + len > m) return false;
    for (std::size_t j = 1; j < len; ++j) {
      if ((s[i + j] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (s[i + j] & 0x3Fu);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return false;
    if (cp == ':') colon = true;
    i += len;
  }
  return colon;
}

}  // namespace

bool basic_payload_ok(const unsigned char* s, std::size_t n) noexcept {
  unsigned char out[k_max_basic_run];
  return utf8_text_with_colon(out, decode_base64_lenient(s, n, out));
}

}  // namespace redact::detail
