// Internal: candidate_cursor — the prefilter as its callers see it: the
// candidates of one window in order, each with the literals that match
// there, and nothing of how a kernel found them.
//
//   candidate_cursor cursor(cp.pf, cp.find);
//   cursor.reset(d, n);                                  // a new window
//   for (candidate c = cursor.next(0); c.pos < n; c = cursor.next(c.pos + 1))
//     for (const literal_entry& e : c.literals)          // precedence order
//       if (try_detector(c.pos, e.kind, e.index)) break;
//
// A candidate is a position where some literal's first eight bytes (fewer
// when the literal or the window is shorter; at the window's last byte, its
// first byte) match, with exactly the entries that match there. Positions
// that are no candidates are never returned; every position where a literal
// starts is one (prefilter.hpp).
//
// Inside, a kernel call returns the first candidate at or after i and what
// it knows of the rest of its SIMD block (find_hint: the block's other hits,
// not yet confirmed). The cursor takes the next candidates from those bits,
// confirming each through the literal index, and calls the kernel again
// only past the block: on logs dense in candidates, half of them sit in the
// block of the previous one, and a kernel call costs ~6.5 ns before it
// looks at a byte.
#pragma once

#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>

#include "prefilter.hpp"

namespace redact::detail {

struct candidate {
  std::size_t pos = 0;       // the window's size when there is none
  literal_matches literals;  // the entries that match at pos, in precedence order
};

class candidate_cursor {
 public:
  /// Over the tables `t` with the kernel `find` (both outlive the cursor).
  candidate_cursor(const prefilter_tables& t, find_fn find) noexcept : t_(&t), find_(find) {}

  /// Starts a window d[0, n); what was known of the previous one is dropped.
  void reset(const char* d, std::size_t n) noexcept {
    d_ = d;
    n_ = n;
    hint_ = find_hint{};
    last_ = 0;
  }

  /// The first candidate at a position >= i (i <= n); pos == n when none.
  /// Cheapest when i grows from call to call, as in a left-to-right scan,
  /// but any i is answered correctly.
  candidate next(std::size_t i) noexcept {
    assert(i <= n_);
    if (i > last_ && i < hint_.end) {
      // Positions in (last_, end) are candidates only where `more` has a
      // bit (find_hint), and those are SIMD hits still to confirm.
      assert(i > hint_.base && hint_.end <= n_ && hint_.end <= hint_.base + 64);
      for (std::uint64_t m = hint_.more & (~std::uint64_t{0} << (i - hint_.base)); m != 0;
           m &= m - 1) {
        const std::size_t p = hint_.base + static_cast<unsigned>(std::countr_zero(m));
        const literal_matches found = t_->confirm.at(d_, p, n_);
        if (!found.empty()) {
          last_ = p;
          return {p, found};
        }
      }
      i = hint_.end;
    }
    const std::size_t p = find_(*t_, d_, i, n_, &hint_);
    last_ = p;
    if (p >= n_) return {n_, {}};
    std::uint64_t avail = 0;
    const std::uint64_t w = load_word(d_, p, n_, avail);
    return {p, literal_matches(hint_.group, hint_.group_end, w, avail)};
  }

 private:
  const prefilter_tables* t_;
  find_fn find_;
  const char* d_ = nullptr;
  std::size_t n_ = 0;
  find_hint hint_;
  std::size_t last_ = 0;  // the last position returned
};

}  // namespace redact::detail
