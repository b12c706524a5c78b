// Internal: base64 digits and the Rule B Basic payload check (SPEC Rule B:
// a run of base64 characters that decodes, leniently, to valid UTF-8 without
// control characters and containing `:`).
#pragma once

#include <cstddef>
#include <cstdint>

namespace redact::detail {

/// Base64 digit values; both alphabets (`+ /` and `- _`) decode.
struct b64_values {
  std::uint8_t v[256] = {};
  constexpr b64_values() {
    for (int c = 0; c < 26; ++c) {
      v['A' + c] = static_cast<std::uint8_t>(c);
      v['a' + c] = static_cast<std::uint8_t>(c + 26);
    }
    for (int c = 0; c < 10; ++c) v['0' + c] = static_cast<std::uint8_t>(c + 52);
    v[static_cast<unsigned char>('+')] = 62;
    v[static_cast<unsigned char>('/')] = 63;
    v[static_cast<unsigned char>('-')] = 62;
    v[static_cast<unsigned char>('_')] = 63;
  }
};
inline constexpr b64_values k_b64;

/// Decodes n base64 digits (no padding) into out (room for 3n/4 + 2 bytes)
/// the lenient way: groups of four, a final group of two or three digits
/// gives one or two bytes, a final single digit is ignored. Returns the
/// number of bytes written.
std::size_t decode_base64_lenient(const unsigned char* digits, std::size_t n,
                                  unsigned char* out) noexcept;

/// SPEC Rule B's Basic check on the n digits of a run (padding excluded),
/// decoded leniently: a truncated credential is still caught.
bool basic_payload_ok(const unsigned char* digits, std::size_t n) noexcept;

}  // namespace redact::detail
