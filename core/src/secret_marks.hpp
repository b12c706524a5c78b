// Internal: the map between the Rule S stage's output and the scanner's view
// of the original input (core/DESIGN.md, "Rule S and its marks").
//
// Rule S replaces each exact secret by `***` before the scanner runs. For
// every such mask it records a mark: where the `***` sits in the stream the
// scanner reads, and which secret it stands for. The scanner asks the marks
// two things: how far a position on the current line lies from the same
// position in the original input (findings report original columns), and
// the original bytes of a range it masks (a fingerprint covers the secret a
// `***` inside the credential replaced). Marks are dropped once the scanner
// has passed them, so the ring holds at most the masks inside the scanner's
// undecided window.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "compiled_policy.hpp"
#include "fingerprint.hpp"

namespace redact::detail {

class secret_marks {
 public:
  /// `scanner_buffer`: the scanner stitcher's capacity; a mark takes three
  /// bytes of it, so that many marks (plus one window's worth) fit.
  secret_marks(const compiled_policy& cp, std::size_t scanner_buffer)
      : cp_(cp), cap_(scanner_buffer / 3 + 8), ring_(std::make_unique<mark[]>(cap_)) {}

  /// The Rule S stage wrote `n` bytes of text downstream.
  void note_text(std::size_t n) noexcept { fed_ += n; }
  /// The Rule S stage wrote the `***` of secret `secret` downstream.
  void note_mask(std::uint32_t secret) noexcept;

  bool empty() const noexcept { return size_ == 0; }

  /// Is the byte at stream position `pos` part of an exact secret's `***`
  /// not yet passed?
  bool covers(std::uint64_t pos) const noexcept {
    for (std::size_t k = 0; k < size_; ++k)
      if (pos >= at(k).pos && pos < at(k).pos + 3) return true;
    return false;
  }

  /// Drops the marks whose `***` ends at or before stream position `end`;
  /// for those at or after `line_start`, adds (secret length − 3) to
  /// `line_delta` (the column shift of the rest of the line).
  void pass(std::uint64_t end, std::uint64_t line_start, std::int64_t& line_delta) noexcept;

  /// Feeds the original bytes of stream range [from, to) — d holds the
  /// stream from position `base` on — to `fp`: text as it is, and each
  /// `***` inside the range as the secret it replaced.
  void hash_original(fingerprinter& fp, const char* d, std::uint64_t base, std::uint64_t from,
                     std::uint64_t to) const noexcept;

  void clear() noexcept { head_ = size_ = 0, fed_ = 0; }

 private:
  struct mark {
    std::uint64_t pos;  // of the `***` in the scanner's stream
    std::uint32_t secret;
  };
  const mark& at(std::size_t i) const noexcept { return ring_[(head_ + i) % cap_]; }

  const compiled_policy& cp_;
  std::size_t cap_;
  std::unique_ptr<mark[]> ring_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
  std::uint64_t fed_ = 0;
};

}  // namespace redact::detail
