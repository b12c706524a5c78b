// The scalar kernel: portable, and the reference the others are tested
// against (it is the dispatch table on CPUs without an x86-64 SIMD kernel).
//
// Plain algorithm:
//
//   for p in [i, n):
//     if some literal's first eight bytes (fewer at the window's end) match
//     at p (literal index): return p
//   return n
//
// Speed-ups layered on it:
//   1. A 256-entry table of first bytes rejects most positions with one load.
//   2. A 64 Kbit set of folded first pairs rejects most of the rest before
//      the index's hash probe (`a`, `b`, `q` start every tenth byte of
//      English text; `au`, `ba`, `be`, `qb` one in a hundred).
#include "kernel_parts.hpp"
#include "kernels.hpp"

namespace redact::detail {

std::size_t find_scalar(const prefilter_tables& t, const char* d, std::size_t i, std::size_t n,
                        find_hint* hint) {
  if (hint != nullptr) *hint = find_hint{};
  return confirm_each(t, d, i, n, hint);
}

}  // namespace redact::detail
