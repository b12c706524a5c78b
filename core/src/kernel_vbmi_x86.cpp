// The AVX-512 VBMI kernel: Teddy with exact byte tables instead of nibble
// tables. Compiled on x86-64 only (core/CMakeLists.txt).
//
// Each position's bucket byte comes from one 128-entry table lookup of the
// raw byte (vpermi2b uses its low seven bits), so a bucket accepts exactly
// its keys' bytes at each position (no low × high nibble combinations), and
// a hit needs P = 4 matching bytes, not two (P = 8 for policies with more
// than 8 distinct pairs, whose buckets are shared: words like `Accept` or
// `client` match the first four bytes of `access_token` or `client_secret`).
//
// Plain algorithm:
//
//   for p in [i, n - P + 1):
//     buckets = vbmi[0][d[p] & 0x7f] & ... & vbmi[P - 1][d[p + P - 1] & 0x7f]
//     if buckets != 0 and the literal index matches at p: return p
//   check the last P - 1 positions one by one; return n if none matches
//
// Speed-ups layered on it:
//   1. 64 positions per step, one vpermi2b per tested byte, one
//      test-into-mask for the hit mask.
//   2. The bytes at +1 ... +P-1 are shifted out of two sequential loads
//      (valignd + vpalignr) rather than loaded again: overlapping 64-byte
//      loads split cache lines, and four of them per block halve the speed
//      when the text streams from memory (measured: 12 vs 29 GB/s for the
//      loads alone). After the first block, blocks start on a 64-byte
//      boundary.
//   3. The tables are indexed by the raw byte, so there is no folding and no
//      fix-up for bytes >= 0x80 in the loop (such a byte may alias an ASCII
//      one: over-reporting, which the index removes).
//   4. As the nibble kernel (teddy_nibble.inl): out-of-line confirmation, one
//      last block overlapping the previous one, the hit mask handed back in
//      find_hint; windows shorter than one block go to the AVX2 kernel.
#include <immintrin.h>

#include <cassert>
#include <cstdint>

#include "kernel_parts.hpp"
#include "kernels_x86.hpp"

#define REDACT_VBMI __attribute__((target("avx512f,avx512bw,avx512vbmi")))

namespace redact::detail {

namespace {

template <int P>
struct vbmi_tables {
  __m512i lo[P], hi[P];
};

// `hit` AND-ed with the buckets accepting the bytes at positions M .. P - 1
// (bytes M.. of v0, continued by `lane`).
template <int P, int M>
REDACT_VBMI __attribute__((always_inline)) inline __m512i and_from(const vbmi_tables<P>& v,
                                                                   __m512i v0, __m512i lane,
                                                                   __m512i hit) {
  if constexpr (M == P) {
    return hit;
  } else {
    return and_from<P, M + 1>(
        v, v0, lane,
        _mm512_and_si512(
            hit, _mm512_permutex2var_epi8(v.lo[M], _mm512_alignr_epi8(lane, v0, M), v.hi[M])));
  }
}

// Buckets whose bytes match at all P positions, for the 64 positions at p;
// `ahead` (>= P - 1) bytes follow the block's 64.
template <int P>
REDACT_VBMI __attribute__((always_inline)) inline std::uint64_t vbmi_block(const vbmi_tables<P>& v,
                                                                           const char* p,
                                                                           std::size_t ahead) {
  const __m512i v0 = _mm512_loadu_si512(p);
  const __m512i v1 = ahead >= 64 ? _mm512_loadu_si512(p + 64)
                                 : _mm512_maskz_loadu_epi8((std::uint64_t{1} << ahead) - 1, p + 64);
  const __m512i lane = _mm512_maskz_alignr_epi32(0xffff, v1, v0, 4);  // bytes 16..79
  const __m512i hit = and_from<P, 1>(v, v0, lane, _mm512_permutex2var_epi8(v.lo[0], v0, v.hi[0]));
  return _mm512_test_epi8_mask(hit, hit);
}

template <int P>
REDACT_VBMI std::size_t teddy_vbmi(const prefilter_tables& t, const char* d, std::size_t i,
                                   std::size_t n, find_hint* hint) {
  constexpr std::size_t block = 64 + P - 1;  // bytes read per 64 positions
  if (i + block > n) return find_avx2(t, d, i, n, hint);
  vbmi_tables<P> v;
  for (int m = 0; m < P; ++m) {
    v.lo[m] = _mm512_load_si512(t.vbmi[m]);
    v.hi[m] = _mm512_load_si512(t.vbmi[m] + 64);
  }
  // Positions before `done` are checked: the first block at i, then blocks
  // on 64-byte boundaries, then one last block overlapping the previous one.
  std::size_t done = i;
  for (std::size_t at = i; at + block <= n;) {
    assert(at + 64 > done &&
           (at == i || at + block == n || (reinterpret_cast<std::uintptr_t>(d + at) & 63) == 0));
    std::uint64_t mask = vbmi_block(v, d + at, n - at - 64);
    mask &= ~std::uint64_t{0} << (done - at);
    if (mask != 0)
      if (const std::size_t j = confirm_block<false>(t, d, at, n, mask, hint); j != k_no_candidate)
        return j;
    done = at + 64;
    const auto next = static_cast<std::size_t>(
        (reinterpret_cast<std::uintptr_t>(d + done) & ~std::uintptr_t{63}) -
        reinterpret_cast<std::uintptr_t>(d));
    at = next + block <= n ? next : n - block;
    if (at + 64 <= done) break;
  }
  return confirm_each(t, d, done, n, hint);
}

}  // namespace

std::size_t find_avx512vbmi(const prefilter_tables& t, const char* d, std::size_t i, std::size_t n,
                            find_hint* hint) {
  if (hint != nullptr) *hint = find_hint{};
  return t.many_pairs ? teddy_vbmi<8>(t, d, i, n, hint) : teddy_vbmi<4>(t, d, i, n, hint);
}

}  // namespace redact::detail
