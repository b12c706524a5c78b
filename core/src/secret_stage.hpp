// Internal: SPEC Rule S, the first pass — every occurrence of an exact secret
// becomes `***` (leftmost first, the longest at a position), before the other
// rules run. Each mask is recorded in the secret marks (secret_marks.hpp) so
// the scanner can report original columns and fingerprints.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "compiled_policy.hpp"
#include "escapes.hpp"
#include "reporter.hpp"
#include "secret_marks.hpp"

namespace redact::detail {

class secret_stage {
 public:
  secret_stage(const compiled_policy& cp, reporter& rep, secret_marks& marks,
               escape_queue& escapes) noexcept
      : cp_(cp), rep_(rep), marks_(marks), escapes_(escapes) {}

  /// The stage protocol (stitcher.hpp): decides a prefix of d[0, n), writes
  /// it to `next`, returns its length.
  template <class Next>
  std::size_t run(const char* d, std::size_t n, bool eof, Next& next);
  void reset() noexcept;

 private:
  template <class Next>
  void pass_text(const char* d, std::size_t from, std::size_t to, Next& next);
  void track(const char* d, std::size_t from, std::size_t to) noexcept;
  // Moves the queued escape sequences at plain positions up to `to` into the
  // scanner's coordinates (escapes.hpp); those inside a masked secret
  // [from, from + len) land right after its `***`.
  void stamp_text(std::uint64_t to) noexcept;
  void stamp_mask(std::uint64_t from, std::uint64_t len) noexcept;

  const compiled_policy& cp_;
  reporter& rep_;
  secret_marks& marks_;
  escape_queue& escapes_;
  std::uint64_t delta_ = 0;         // plain − scanner coordinates so far
  std::uint64_t line_escapes_ = 0;  // escape bytes on the current line so far
  std::uint64_t base_ = 0;
  std::uint64_t line_no_ = 1;
  std::uint64_t line_start_ = 0;
};

template <class Next>
void secret_stage::pass_text(const char* d, std::size_t from, std::size_t to, Next& next) {
  if (to <= from) return;
  track(d, from, to);
  stamp_text(base_ + to);
  marks_.note_text(to - from);
  next.write(std::string_view(d + from, to - from));
}

template <class Next>
std::size_t secret_stage::run(const char* d, std::size_t n, bool eof, Next& next) {
  const auto& secrets = cp_.secrets;
  std::size_t copy_from = 0;
  std::size_t i = 0;
  while (i < n) {
    // Skip to the next position where a secret may start (SIMD prefilter;
    // it may over-report, never skips a start).
    i = cp_.find(cp_.secret_literals.pf, d, i, n, nullptr);
    if (i >= n) break;
    if (!cp_.secret_first[static_cast<unsigned char>(d[i])]) {
      ++i;
      continue;
    }
    // Longest first: the first secret that matches fully is the longest one.
    // If a longer secret is still possible past the window, wait for bytes.
    bool wait = false;
    std::size_t hit = secrets.size();
    for (std::size_t s = 0; s < secrets.size(); ++s) {
      const std::string& v = secrets[s].value;
      if (i + v.size() <= n) {
        if (std::memcmp(d + i, v.data(), v.size()) == 0) {
          hit = s;
          break;
        }
      } else if (!eof && std::memcmp(d + i, v.data(), n - i) == 0) {
        wait = true;
        break;
      }
    }
    if (wait) break;
    if (hit == secrets.size()) {
      ++i;
      continue;
    }
    pass_text(d, copy_from, i, next);
    const auto& sec = secrets[hit];
    stamp_text(base_ + i);
    rep_.report(finding_kind::secret, sec.label, line_no_,
                base_ + i - line_start_ + line_escapes_ + 1, sec.fingerprint);
    stamp_mask(base_ + i, sec.value.size());
    marks_.note_mask(static_cast<std::uint32_t>(hit));
    next.write("***");
    i += sec.value.size();
    copy_from = i;
  }
  pass_text(d, copy_from, i, next);
  base_ += i;
  return i;
}

}  // namespace redact::detail
