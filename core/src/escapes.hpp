// Internal: terminal escape sequences are transparent (SPEC "Terminal escape
// sequences are transparent"; core/DESIGN.md, "Escape sequences").
//
//   input ─▶ escape_stage ─▶ plain text ─▶ [Rule S] ─▶ scanner ─▶ restorer ─▶ output
//                 └──────── escape_queue (bytes, position) ───────────┘
//
// The escape stage removes every escape sequence from the stream and queues
// it with its position in the plain text; every rule then sees plain text.
// The restorer writes each queued sequence back when the output reaches its
// position: in place when it lies outside masked spans, right after a span's
// `***` when it lies inside one. Rule S moves the positions into the
// scanner's coordinates as it masks (a sequence inside an exact secret lands
// after that secret's `***`).
//
// A stream without ESC bytes and backslashes never queues anything and costs
// one span-kernel pass.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "compiled_policy.hpp"

namespace redact::detail {

/// Outcome of reading an escape sequence at a position.
struct escape_match {
  enum class kind : std::uint8_t { none, sequence, need_more } result = kind::none;
  std::size_t start = 0;  // the sequence is [start, end); start > i for backslash
  std::size_t end = 0;    // introducers, whose first backslashes are text
};

/// The escape sequence at d[i] — an ESC byte, or the last backslash of a run
/// before an introducer's text — reading at most up to `end` (the window's
/// readable end); the run's other backslashes are looked for back to `lo`.
escape_match read_escape(const char* d, std::size_t lo, std::size_t i, std::size_t end) noexcept;

/// The first position >= i in d[i, n) where an escape sequence may start: an
/// ESC byte, or a backslash followed by `u`, `x` or `0` (or by the end of
/// the window). One SIMD pass; a stream without them costs nothing else.
using find_escape_fn = std::size_t (*)(const char* d, std::size_t i, std::size_t n);
std::size_t find_escape_scalar(const char* d, std::size_t i, std::size_t n);
#if defined(__x86_64__)
std::size_t find_escape_avx2(const char* d, std::size_t i, std::size_t n);
#endif
/// The kernel that goes with the prefilter kernel named `kernel`.
find_escape_fn select_escape_kernel(std::string_view kernel) noexcept;

/// Does `text` contain an escape sequence? (Exact secrets must not.)
bool contains_escape(std::string_view text) noexcept;

/// SPEC's bounds: at most 32 parameter and intermediate bytes in a CSI body;
/// the 8 backslashes nearest to an introducer's text belong to it.
inline constexpr std::size_t k_max_csi_bytes = 32;
inline constexpr std::size_t k_max_intro_backslashes = 8;
/// The escape stage's look-ahead: an introducer's 8 backslashes, `u001b`,
/// `[`, the body, the final byte, and slack.
inline constexpr std::size_t k_escape_lookahead =
    k_max_intro_backslashes + 5 + 1 + k_max_csi_bytes + 1 + 16;
/// The queue of sequences waiting for their place in the output: room for
/// sequences every few bytes of the longest undecided stretch (the
/// scanner's look-ahead); beyond it, the oldest are written early.
inline constexpr std::size_t k_escape_queue_entries = 2048;
inline constexpr std::size_t k_escape_queue_bytes = 32 * 1024;

/// The sequences removed from the stream and not yet written back, in order.
/// Fixed capacity (entries and bytes), allocated once.
class escape_queue {
 public:
  struct entry {
    std::uint64_t pos;    // in the plain text, then (stamped) in the scanner's input
    std::uint32_t bytes;  // offset in the byte ring
    std::uint16_t len;
    bool stamped;
  };

  escape_queue(std::size_t entries, std::size_t bytes);

  bool empty() const noexcept { return size_ == 0; }
  std::size_t size() const noexcept { return size_; }
  bool fits(std::size_t len) const noexcept { return size_ < cap_ && used_ + len <= byte_cap_; }
  /// Queues a sequence at plain position `pos` (fits() must hold);
  /// `stamped` when no Rule S stage moves positions.
  void push(std::string_view seq, std::uint64_t pos, bool stamped) noexcept;
  entry& at(std::size_t k) noexcept { return ring_[(head_ + k) % cap_]; }
  /// The leading entries whose positions are final (escape_stage, Rule S).
  std::size_t stamped() const noexcept { return stamped_; }
  void mark_stamped() noexcept { ring_[(head_ + stamped_++) % cap_].stamped = true; }
  const entry& front() const noexcept { return ring_[head_]; }
  /// The bytes of `e`, which may wrap: written as one or two pieces.
  template <class Write>
  void bytes_of(const entry& e, Write&& write) const {
    const std::size_t first = std::min<std::size_t>(e.len, byte_cap_ - e.bytes);
    write(std::string_view(bytes_.get() + e.bytes, first));
    if (first < e.len) write(std::string_view(bytes_.get(), e.len - first));
  }
  void pop() noexcept;
  void clear() noexcept { head_ = size_ = stamped_ = 0, bhead_ = used_ = 0; }

 private:
  std::size_t cap_;
  std::unique_ptr<entry[]> ring_;
  std::size_t head_ = 0, size_ = 0, stamped_ = 0;
  std::size_t byte_cap_;
  std::unique_ptr<char[]> bytes_;
  std::size_t bhead_ = 0, used_ = 0;
};

class restorer;

/// The first stage: removes escape sequences (stage protocol, stitcher.hpp).
class escape_stage {
 public:
  /// `stamped`: no Rule S stage follows, so plain positions are final.
  escape_stage(const compiled_policy& cp, escape_queue& queue, restorer& out, bool stamped) noexcept
      : cp_(cp), queue_(queue), out_(out), stamped_(stamped) {}

  template <class Next>
  std::size_t run(const char* d, std::size_t n, bool eof, Next& next);
  void reset() noexcept { plain_ = 0; }

 private:
  void enqueue(std::string_view seq) noexcept;

  const compiled_policy& cp_;
  escape_queue& queue_;
  restorer& out_;
  bool stamped_;
  std::uint64_t plain_ = 0;  // plain bytes written downstream
};

template <class Next>
std::size_t escape_stage::run(const char* d, std::size_t n, bool eof, Next& next) {
  if (n == 0) return 0;
  const std::size_t end = eof ? n + 1 : n;  // the virtual LF at d[n] ends everything
  std::size_t copy_from = 0, i = 0;
  while (i < n) {
    i = cp_.find_escape(d, i, n);
    if (i >= n) break;
    const escape_match m = read_escape(d, copy_from, i, end);
    if (m.result == escape_match::kind::need_more) {
      // Undecided: and the backslashes before i may belong to the sequence.
      for (std::size_t k = 1; k < k_max_intro_backslashes && i > copy_from && d[i - 1] == '\\'; ++k)
        --i;
      break;
    }
    if (m.result == escape_match::kind::none) {
      i = m.end;  // ordinary text (for a run of backslashes, all but its last 8)
      continue;
    }
    // The text before the sequence goes downstream first, so that every
    // position before the sequence is decided as far as it can be before
    // the sequence is queued.
    if (m.start > copy_from) {
      next.write(std::string_view(d + copy_from, m.start - copy_from));
      plain_ += m.start - copy_from;
    }
    enqueue(std::string_view(d + m.start, m.end - m.start));
    copy_from = i = m.end;
  }
  const std::size_t decided = std::min(i, n);
  if (decided > copy_from) {
    next.write(std::string_view(d + copy_from, decided - copy_from));
    plain_ += decided - copy_from;
  }
  return decided;
}

}  // namespace redact::detail
