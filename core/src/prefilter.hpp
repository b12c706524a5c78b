// Internal: the prefilter — finds the next position where a literal may
// start, so the scanner (Rules H, B, T), the Rule S stage and the Rule R
// literal filter skip everything else at SIMD speed.
//
// Contract (after the aho-corasick crate's `Candidate`): the prefilter may
// report positions where nothing starts (the detectors then say no), but it
// never skips a position where something does.
//
// Two levels:
//   1. A kernel (kernels.hpp: one per instruction set, chosen at run time)
//      finds positions whose first bytes may start a literal. The SIMD
//      kernels use Teddy (Hyperscan; Rust's aho-corasick): the literals'
//      first bytes are put into 8 buckets (teddy_build.cpp), and per
//      position, table lookups give the buckets whose bytes all match there.
//   2. Every kernel confirms such a position with the literal index
//      (literal_index.hpp: the literals' first eight bytes, grouped by
//      folded pair) before returning it, so what a kernel returns is exactly
//      the first position where a literal's first eight bytes (fewer if the
//      literal or the window is shorter) match, with its follow bytes
//      (literal_ref::follow), with that position's group.
//
// Callers iterate candidates with candidate_cursor (candidate_cursor.hpp),
// which hides what a kernel knows beyond its answer (find_hint).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "literal_index.hpp"

namespace redact::detail {

/// The tables a kernel reads, built from the literals once per policy.
struct prefilter_tables {
  /// The literal index over the same literals (kinds and indices kept, so
  /// the scanner uses it as its own). The name is the scanner's until it
  /// takes its candidates from candidate_cursor.
  literal_index confirm;
  /// Raw bytes a literal may start with (both cases of a case-insensitive
  /// literal's letter).
  std::array<bool, 256> first{};
  /// Folded pairs (fold(b0) | fold(b1) << 8) of the literals of two bytes or
  /// more, and of every second byte after a one-byte literal: the scalar and
  /// SSE2 kernels' cheap test before the index.
  std::array<std::uint64_t, 1024> pairs{};
  /// Distinct folded first bytes, for the SSE2 kernel (0 when more than 16:
  /// that kernel then runs the scalar one).
  std::array<std::uint8_t, 16> folded_firsts{};
  std::uint8_t folded_first_count = 0;
  /// More than 8 distinct first pairs: buckets are shared, so the nibble
  /// kernels test three bytes per position (four beyond k_four_byte_keys
  /// keys) and VBMI eight (else two and four).
  bool many_pairs = false;
  /// Bytes per position the nibble kernels test: 2, 3 or 4.
  std::uint8_t nibble_bytes = 2;
  /// Teddy nibble tables per position m < 4: bit k of lo[m][x] (hi[m][x])
  /// says bucket k accepts a byte whose low (high) nibble is x at m. The 16
  /// entries are repeated in each 128-bit lane.
  alignas(64) std::uint8_t lo[4][64] = {}, hi[4][64] = {};
  /// VBMI tables: vbmi[m][r & 0x7f] holds the buckets accepting raw byte r
  /// at position m (a byte >= 0x80 may alias an ASCII one: over-reporting,
  /// which the index removes).
  alignas(64) std::uint8_t vbmi[8][128] = {};
};

/// What a kernel knows besides the candidate j it returns; candidate_cursor
/// reads it, so that the candidates of one SIMD block cost one kernel call.
struct find_hint {
  // The entries of j's group from the first one that matches at j to the
  // group's end (null when j is the window's end).
  const literal_entry* group = nullptr;
  const literal_entry* group_end = nullptr;
  // Positions p in (j, end) whose bit (p - base) is clear in `more` are not
  // candidates; set bits are SIMD hits not yet confirmed. end <= base + 64
  // and end <= the window's size; end == 0: nothing known past j.
  std::size_t base = 0, end = 0;
  std::uint64_t more = 0;
};

/// A kernel: the first candidate position >= i in d[0, n), or n. `hint` may
/// be null; when given, it is reset and filled (find_hint).
using find_fn = std::size_t (*)(const prefilter_tables&, const char*, std::size_t, std::size_t,
                                find_hint*);

/// Builds the tables and the index for the literals, in precedence order
/// (kinds, indices and case kept).
void build_prefilter(prefilter_tables& t, const std::vector<literal_ref>& refs);

/// Exact literals (case-sensitive bytes: exact secrets, regex rules' literal
/// starts) with their prefilter tables; each value's index is its position
/// in `values`.
struct literal_set {
  std::vector<std::string> values;
  prefilter_tables pf;

  /// Replaces the values (allocates; call at policy build time).
  void build(std::vector<std::string> v);
  /// The first position >= from where one of the values occurs whole in
  /// `text`, or text.size().
  std::size_t find(find_fn kernel, std::string_view text, std::size_t from) const noexcept;

  struct match {
    std::size_t value;  // the first value in `values` order that occurs whole at i; npos: none
    bool wait;          // a value before it in that order may still occur: it runs past n
  };
  /// Which value occurs at d[i] (i < n), the values tried in their order;
  /// with `eof`, a value running past n is no match, else it answers
  /// `wait` (the Rule S stage holds the bytes back).
  match match_at(const char* d, std::size_t i, std::size_t n, bool eof) const noexcept;
};

}  // namespace redact::detail
