// Internal: the steps every prefilter kernel shares — confirming a SIMD
// block's hits and checking positions one by one through the literal index,
// and filling find_hint. Included by the kernels' source files only.
#pragma once

#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>

#include "prefilter.hpp"

namespace redact::detail {

// Internal linkage on purpose: each kernel's file gets its own copy, so the
// compiler knows which registers confirm_block really uses and keeps the
// kernel's tables in vector registers across the call (with a shared copy it
// spilled them and re-materialised constants in the block loop: +1.5
// instructions per 32-byte block).
namespace {

inline constexpr std::size_t k_no_candidate = ~std::size_t{0};

/// Is the folded pair of a, b one of the literals' (prefilter_tables::pairs)?
inline bool pair_in(const prefilter_tables& t, unsigned char a, unsigned char b) noexcept {
  const unsigned k = (a | 0x20u) | (b | 0x20u) << 8;
  return (t.pairs[k >> 6] >> (k & 63)) & 1u;
}

inline void note_group(find_hint* hint, const literal_matches& m) noexcept {
  if (hint != nullptr) {
    hint->group = m.first_entry();
    hint->group_end = m.group_end();
  }
}

/// The first position of a SIMD block (bit p of `mask` stands for position
/// base + p) where the literal index matches, or k_no_candidate; with
/// `hint`, records the block's other hits after it. TestPair: test the pair
/// bit first (for kernels whose SIMD pass looked at one byte only).
///
/// Kept out of line: inlined into the block loops it made the compiler
/// spill table registers in every iteration (AVX2 under callgrind: 1.22
/// instead of 0.91 instructions per clean byte).
template <bool TestPair, class Mask>
__attribute__((noinline)) std::size_t confirm_block(const prefilter_tables& t, const char* d,
                                                    std::size_t base, std::size_t n, Mask mask,
                                                    find_hint* hint) noexcept {
  constexpr std::size_t width = 8 * sizeof(Mask);
  // Every position of a block has the bytes its SIMD test read inside the
  // window, so the whole block is.
  assert(base + width <= n);
  for (; mask != 0; mask &= mask - 1) {
    const std::size_t j = base + static_cast<unsigned>(std::countr_zero(mask));
    if constexpr (TestPair) {
      if (!pair_in(t, static_cast<unsigned char>(d[j]), static_cast<unsigned char>(d[j + 1])))
        continue;
    }
    const literal_matches m = t.confirm.at(d, j, n);
    if (!m.empty()) {
      if (hint != nullptr) {
        note_group(hint, m);
        hint->base = base;
        hint->end = base + width;
        hint->more = static_cast<std::uint64_t>(mask & (mask - 1));
      }
      return j;
    }
  }
  return k_no_candidate;
}

/// Does the literal index match at d[j]? With `hint`, records j's group. Out
/// of line, so that the scalar loop below stays a tight first-byte skip.
__attribute__((noinline)) bool matches_at(const prefilter_tables& t, const char* d, std::size_t j,
                                          std::size_t n, find_hint* hint) noexcept {
  const literal_matches m = t.confirm.at(d, j, n);
  if (m.empty()) return false;
  note_group(hint, m);
  return true;
}

/// Positions [i, n) one by one: first byte, pair, literal index (at the
/// last byte, its first-byte group). The scalar kernel, and every kernel's
/// last positions.
inline std::size_t confirm_each(const prefilter_tables& t, const char* d, std::size_t i,
                                std::size_t n, find_hint* hint) noexcept {
  const auto* u = reinterpret_cast<const unsigned char*>(d);
  for (;; ++i) {
    while (i < n && !t.first[u[i]]) ++i;
    if (i >= n) return n;
    if ((i + 1 >= n || pair_in(t, u[i], u[i + 1])) && matches_at(t, d, i, n, hint)) return i;
  }
}

}  // namespace

}  // namespace redact::detail
