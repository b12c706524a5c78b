// The x86-64 find kernels but VBMI (kernel_vbmi_x86.cpp): SSE2, and the
// nibble Teddy (teddy_nibble.inl) instantiated for AVX2 and AVX-512 BW.
// Compiled on x86-64 only (core/CMakeLists.txt).
#include "kernels_x86.hpp"

#include <immintrin.h>

#include <cassert>
#include <cstdint>

#include "kernel_parts.hpp"

#define REDACT_INLINE __attribute__((always_inline)) inline
#define REDACT_AVX2 __attribute__((target("avx2")))
#define REDACT_AVX512BW __attribute__((target("avx512f,avx512bw")))

namespace redact::detail {

// ---------------------------------------------------------------- SSE2
//
// Baseline x86-64 has no pshufb (SSSE3), so this kernel tests one byte in
// SIMD: plain algorithm as the scalar kernel's (kernel_scalar.cpp).
//
// Speed-ups layered on it:
//   1. 16 positions per step: the bytes, OR-ed with 0x20, are compared with
//      each distinct folded first byte of the literals (precomputed; more
//      than 16 of them run the scalar kernel), and one movemask gives the
//      hits.
//   2. Hits are tested against the pair set before the literal index
//      (confirm_block<true>); the block's other hits go back in find_hint.
std::size_t find_sse2(const prefilter_tables& t, const char* d, std::size_t i, std::size_t n,
                      find_hint* hint) {
  if (hint != nullptr) *hint = find_hint{};
  const std::size_t count = t.folded_first_count;
  if (count == 0) return confirm_each(t, d, i, n, hint);
  const __m128i m20 = _mm_set1_epi8(0x20);
  // 16 positions and the byte after the last one (the pair test).
  for (; i + 17 <= n; i += 16) {
    const __m128i v = _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(d + i)), m20);
    __m128i hit = _mm_setzero_si128();
    for (std::size_t k = 0; k < count; ++k)
      hit = _mm_or_si128(hit,
                         _mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(t.folded_firsts[k]))));
    const auto mask = static_cast<std::uint16_t>(_mm_movemask_epi8(hit));
    if (mask == 0) continue;
    if (const std::size_t j = confirm_block<true>(t, d, i, n, mask, hint); j != k_no_candidate)
      return j;
  }
  return confirm_each(t, d, i, n, hint);
}

// ---------------------------------------------------------------- AVX2

namespace avx2 {

struct vec {
  using reg = __m256i;
  using bits = std::uint32_t;
  static constexpr std::size_t width = 32;
  static constexpr find_fn narrower = [](const prefilter_tables& t, const char* d, std::size_t i,
                                         std::size_t n, find_hint* hint) {
    return confirm_each(t, d, i, n, hint);
  };

  REDACT_AVX2 REDACT_INLINE static reg table(const std::uint8_t* p) {
    return _mm256_load_si256(reinterpret_cast<const __m256i*>(p));
  }
  REDACT_AVX2 REDACT_INLINE static reg load(const char* p) {
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  }
  REDACT_AVX2 REDACT_INLINE static reg lookup(reg v, reg lo, reg hi) {
    const __m256i nib = _mm256_set1_epi8(0x0f);
    return _mm256_and_si256(
        _mm256_shuffle_epi8(lo, _mm256_and_si256(v, nib)),
        _mm256_shuffle_epi8(hi, _mm256_and_si256(_mm256_srli_epi16(v, 4), nib)));
  }
  REDACT_AVX2 REDACT_INLINE static reg both(reg a, reg b) { return _mm256_and_si256(a, b); }
  // A saturating add of 0x7f sets bit 7 of every non-zero byte: one
  // instruction before the movemask instead of a compare with zero and a
  // complement.
  REDACT_AVX2 REDACT_INLINE static bits nonzero(reg v) {
    return static_cast<bits>(_mm256_movemask_epi8(_mm256_adds_epu8(v, _mm256_set1_epi8(0x7f))));
  }
};

#define REDACT_TARGET REDACT_AVX2
#include "teddy_nibble.inl"
#undef REDACT_TARGET

}  // namespace avx2

std::size_t find_avx2(const prefilter_tables& t, const char* d, std::size_t i, std::size_t n,
                      find_hint* hint) {
  if (hint != nullptr) *hint = find_hint{};
  return avx2::teddy::find_any(t, d, i, n, hint);
}

// ---------------------------------------------------------------- AVX-512 BW

namespace avx512 {

struct vec {
  using reg = __m512i;
  using bits = std::uint64_t;
  static constexpr std::size_t width = 64;
  static constexpr find_fn narrower = [](const prefilter_tables& t, const char* d, std::size_t i,
                                         std::size_t n, find_hint* hint) {
    return avx2::teddy::find_any(t, d, i, n, hint);
  };

  REDACT_AVX512BW REDACT_INLINE static reg table(const std::uint8_t* p) {
    return _mm512_load_si512(p);
  }
  REDACT_AVX512BW REDACT_INLINE static reg load(const char* p) { return _mm512_loadu_si512(p); }
  REDACT_AVX512BW REDACT_INLINE static reg lookup(reg v, reg lo, reg hi) {
    const __m512i nib = _mm512_set1_epi8(0x0f);
    return _mm512_and_si512(
        _mm512_shuffle_epi8(lo, _mm512_and_si512(v, nib)),
        _mm512_shuffle_epi8(hi, _mm512_and_si512(_mm512_srli_epi16(v, 4), nib)));
  }
  REDACT_AVX512BW REDACT_INLINE static reg both(reg a, reg b) { return _mm512_and_si512(a, b); }
  REDACT_AVX512BW REDACT_INLINE static bits nonzero(reg v) { return _mm512_test_epi8_mask(v, v); }
};

#define REDACT_TARGET REDACT_AVX512BW
#include "teddy_nibble.inl"
#undef REDACT_TARGET

}  // namespace avx512

std::size_t find_avx512(const prefilter_tables& t, const char* d, std::size_t i, std::size_t n,
                        find_hint* hint) {
  if (hint != nullptr) *hint = find_hint{};
  return avx512::teddy::find_any(t, d, i, n, hint);
}

}  // namespace redact::detail
