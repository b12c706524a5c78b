// The nibble Teddy kernel, written once over a vector type. kernels_x86.cpp
// includes this file once per instruction set (as simdutf includes its
// src/generic/ kernels), each time inside its own namespace that defines
// `vec`, the ISA layer:
//
//   reg, bits, width       a vector of `width` bytes; a `width`-bit mask
//   table(p)               the first `width` bytes of a 64-byte table
//   load(p)                `width` bytes at p, unaligned
//   lookup(v, lo, hi)      lo[v & 15] & hi[v >> 4] per byte (pshufb per lane)
//   both(a, b)             a & b
//   nonzero(v)             bit k set when byte k of v is not zero
//   narrower               the kernel for windows shorter than one block
//
// and with REDACT_TARGET set to that ISA's target attribute. No #pragma once:
// it is meant to be included more than once.
//
// Plain algorithm (Teddy: Hyperscan; Rust's aho-corasick), testing B = 2, 3
// or 4 bytes per position:
//
//   for p in [i, n - B + 1):
//     buckets = lo[0][d[p] & 15] & hi[0][d[p] >> 4]
//     for m in 1 .. B - 1:
//       buckets &= lo[m][d[p + m] & 15] & hi[m][d[p + m] >> 4]
//     if buckets != 0 and the literal index matches at p: return p
//   check the last B - 1 positions one by one; return n if none matches
//
// Speed-ups layered on it:
//   1. `width` positions per step: each table lookup is one pshufb over
//      `width` bytes, and one movemask (or test-into-mask) turns the bucket
//      sets into a hit mask; a block without a hit costs the loop's branch
//      only.
//   2. No case folding in the loop: the tables accept both cases of a
//      case-insensitive literal's letters (they differ in the high nibble
//      only), so an exact literal's bytes stay exact.
//   3. Hits are confirmed out of line (confirm_block), so the loop keeps the
//      2B tables in registers.
//   4. The last positions are covered by one more block that overlaps the
//      previous one, its already-checked positions masked off: a 120-byte
//      message does not fall back to the scalar loop, which sees only the
//      last B - 1 positions. A window shorter than one block goes to the
//      narrower kernel.
//   5. The hit mask after the returned position goes back to the caller
//      (find_hint), so the other candidates of a block cost no second call.

namespace teddy {

struct tables {
  vec::reg lo0, hi0, lo1, hi1, lo2, hi2, lo3, hi3;
};

// Buckets accepting all B bytes of each of the `width` positions at p.
template <int B>
REDACT_TARGET __attribute__((always_inline)) inline typename vec::bits block_hits(const tables& v,
                                                                                  const char* p) {
  typename vec::reg hit = vec::both(vec::lookup(vec::load(p), v.lo0, v.hi0),
                                    vec::lookup(vec::load(p + 1), v.lo1, v.hi1));
  if constexpr (B >= 3) hit = vec::both(hit, vec::lookup(vec::load(p + 2), v.lo2, v.hi2));
  if constexpr (B >= 4) hit = vec::both(hit, vec::lookup(vec::load(p + 3), v.lo3, v.hi3));
  return vec::nonzero(hit);
}

template <int B>
REDACT_TARGET std::size_t find(const prefilter_tables& t, const char* d, std::size_t i,
                               std::size_t n, find_hint* hint) {
  constexpr std::size_t width = vec::width;
  constexpr std::size_t block = width + B - 1;  // bytes read per block of positions
  if (n < block) return vec::narrower(t, d, i, n, hint);
  const tables v{vec::table(t.lo[0]), vec::table(t.hi[0]), vec::table(t.lo[1]),
                 vec::table(t.hi[1]), vec::table(t.lo[2]), vec::table(t.hi[2]),
                 vec::table(t.lo[3]), vec::table(t.hi[3])};
  for (; i + block <= n; i += width) {
    const auto mask = block_hits<B>(v, d + i);
    if (mask == 0) continue;
    if (const std::size_t j = confirm_block<false>(t, d, i, n, mask, hint); j != k_no_candidate)
      return j;
  }
  if (i + (B - 1) < n) {
    // Positions [i, n - B] remain: the block ending at the window's end,
    // without the positions before i.
    const std::size_t b = n - block;
    assert(b < i && i - b < width);
    const auto mask = block_hits<B>(v, d + b) & (~typename vec::bits{0} << (i - b));
    if (const std::size_t j = confirm_block<false>(t, d, b, n, mask, hint); j != k_no_candidate)
      return j;
    i = n - (B - 1);
  }
  return confirm_each(t, d, i, n, hint);
}

// The kernel for the policy's bytes per position (prefilter_tables).
REDACT_TARGET inline std::size_t find_any(const prefilter_tables& t, const char* d, std::size_t i,
                                          std::size_t n, find_hint* hint) {
  switch (t.nibble_bytes) {
    case 4:
      return find<4>(t, d, i, n, hint);
    case 3:
      return find<3>(t, d, i, n, hint);
    default:
      return find<2>(t, d, i, n, hint);
  }
}

}  // namespace teddy
