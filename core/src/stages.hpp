// Internal: the pipeline stages of a redactor (see core/DESIGN.md).
//
//   input ─▶ [stitcher ▸ secret_stage]  ─▶ [stitcher ▸ scanner] ─▶ output
//             Rule S, exact secrets          Rules H, B, T
//
// A stage consumes a contiguous window and returns how many bytes it decided;
// the stitcher keeps the undecided tail (bounded by the stage's look-ahead)
// and presents it again, glued to the next chunk. Every decision a stage makes
// is a pure function of the bytes and of its state, so the output never
// depends on chunking.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

#include "compiled_policy.hpp"
#include "fingerprint.hpp"
#include "redact/redactor.hpp"

namespace redact::detail {

/// Collects findings: counters always, the user's handler when set.
struct reporter {
  finding_handler handler;
  finding_counts counts;

  bool wants_positions() const noexcept { return static_cast<bool>(handler); }
  void report(finding_kind kind, std::string_view label, std::uint64_t line, std::uint64_t column,
              const std::array<char, 8>& fingerprint) {
    ++counts.by_kind[static_cast<std::size_t>(kind)];
    if (handler) handler(finding{kind, label, line, column, fingerprint});
  }
};

/// Where a Rule S mask `***` sits in the scanner's input, so the scanner can
/// hash the original secret and keep columns in original coordinates.
struct mask_marker {
  std::uint64_t pos;
  std::uint32_t secret;
};

/// A fixed-capacity FIFO of markers (allocated once).
class marker_ring {
 public:
  explicit marker_ring(std::size_t capacity)
      : buf_(std::make_unique<mask_marker[]>(capacity)), cap_(capacity) {}
  bool empty() const noexcept { return size_ == 0; }
  std::size_t size() const noexcept { return size_; }
  const mask_marker& at(std::size_t i) const noexcept { return buf_[(head_ + i) % cap_]; }
  bool push(mask_marker m) noexcept {
    if (size_ == cap_) return false;
    buf_[(head_ + size_) % cap_] = m;
    ++size_;
    return true;
  }
  void pop() noexcept {
    head_ = (head_ + 1) % cap_;
    --size_;
  }
  void clear() noexcept { head_ = size_ = 0; }

 private:
  std::unique_ptr<mask_marker[]> buf_;
  std::size_t cap_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

/// Glues undecided tails to new chunks for a stage with a bounded look-ahead.
/// Stage::run(const char*, size_t, bool eof, Sink&) -> size_t consumed.
template <class Stage>
class stitcher {
 public:
  stitcher(Stage& stage, std::size_t lookahead)
      : stage_(stage), cap_(2 * lookahead + 16), buf_(std::make_unique<char[]>(cap_)) {}

  template <class Sink>
  void write(const char* p, std::size_t n, Sink& sink) {
    while (n > 0 && len_ > 0) {
      const std::size_t take = std::min(n, cap_ - len_);
      std::memcpy(buf_.get() + len_, p, take);
      const std::size_t old = len_;
      len_ += take;
      p += take;
      n -= take;
      const std::size_t c = stage_.run(buf_.get(), len_, false, sink);
      if (c >= old) {
        // The old tail is decided; the rest of the buffer is a copy of the
        // chunk, so continue on the chunk itself (no further copying).
        const std::size_t back = len_ - c;
        p -= back;
        n += back;
        len_ = 0;
      } else {
        std::memmove(buf_.get(), buf_.get() + c, len_ - c);
        len_ -= c;
      }
    }
    if (n > 0) {
      const std::size_t c = stage_.run(p, n, false, sink);
      len_ = n - c;
      if (len_ > 0) std::memcpy(buf_.get(), p + c, len_);
    }
  }

  template <class Sink>
  void finish(Sink& sink) {
    stage_.run(buf_.get(), len_, true, sink);
    len_ = 0;
  }

  void reset() noexcept { len_ = 0; }
  std::size_t held() const noexcept { return len_; }

 private:
  Stage& stage_;
  std::size_t cap_;
  std::unique_ptr<char[]> buf_;
  std::size_t len_ = 0;
};

/// Rules H, B and T over a window (scanner.cpp).
class scanner {
 public:
  scanner(const compiled_policy& cp, reporter& rep, marker_ring* markers);

  /// Decides and emits a prefix of d[0, n); returns its length. With eof,
  /// decides everything and closes an open credential.
  std::size_t run(const char* d, std::size_t n, bool eof, output& out);
  void reset() noexcept;

 private:
  enum class mode : std::uint8_t { normal, value_spaces, cred_spaces, span };
  enum class vmode : std::uint8_t { quoted, line, line_bracket, word };
  enum class span_kind : std::uint8_t { key, bearer, bearer_pad, basic, basic_pad, field };
  enum class res : std::uint8_t { no, yes, need };

  // Steps: each decides from position i, returns the next position, and sets
  // need_ when it must see more bytes first.
  std::size_t step_normal(std::size_t i);
  std::size_t step_value_spaces(std::size_t i);
  std::size_t step_cred_spaces(std::size_t i);
  std::size_t step_span(std::size_t i);

  // Detectors (pure until they commit).
  std::size_t step_candidate(std::size_t i);
  res try_all(std::size_t i, std::size_t& next);
  res try_field(std::size_t i, std::size_t field, std::size_t& next);
  res parse_structure(std::size_t name_start, std::size_t e, std::size_t& sep_end);
  bool tuple_lookbehind(std::size_t name_start) const noexcept;
  res try_bare(std::size_t i, std::size_t& next);
  res bearer_check(std::size_t t);
  res basic_check(std::size_t t);
  res try_key(std::size_t i, std::string_view prefix, std::size_t& next);
  res open_value(std::size_t i, std::size_t& next);
  res value_decide(std::size_t vs, std::size_t& next);
  res cred_decide(std::size_t cs, std::size_t& next);
  res term_at(std::size_t j) const noexcept;
  res param_at(std::size_t j, std::size_t& end) const noexcept;
  res allow_check(std::size_t start, bool (*cls)(unsigned char));

  // Commit helpers.
  void flush_copy(std::size_t to);
  void skip(std::size_t from, std::size_t to);  // masked bytes: hash + track
  // Line/column bookkeeping for findings and Rule S markers; free when
  // nobody reads positions.
  void track(std::size_t from, std::size_t to) {
    if (rep_.wants_positions() || markers_ != nullptr) track_lines(from, to);
  }
  void track_lines(std::size_t from, std::size_t to);
  void emit(std::string_view lit);
  void begin_finding(finding_kind kind, std::size_t cred_start);
  void end_finding();
  res prefix_at(std::size_t cs, std::size_t& len) const noexcept;
  std::size_t keep_prefix(std::size_t cs, std::size_t kept);
  void set_label(std::size_t from, std::size_t len);
  int byte_before(std::size_t i, std::size_t back) const noexcept;
  unsigned char at(std::size_t j) const noexcept { return static_cast<unsigned char>(d_[j]); }

  const compiled_policy& cp_;
  reporter& rep_;
  marker_ring* markers_;
  fingerprinter fp_;

  // Window of the current run().
  const char* d_ = nullptr;
  std::size_t n_ = 0;
  bool eof_ = false;
  output* out_ = nullptr;
  std::size_t copy_from_ = 0;
  bool need_ = false;
  bool probe_ = false;  // a field's value: outcomes without a finding answer `no`
  // The kernel's hint about the block of the last candidate (at hint_at_),
  // valid for this window only.
  find_hint hint_;
  std::size_t hint_at_ = 0;

  // Stream state.
  mode mode_ = mode::normal;
  span_kind span_ = span_kind::key;
  vmode vm_ = vmode::word;
  char quote_ = '"';
  std::uint32_t k_ = 0;
  bool key_quoted_ = false;
  bool colon_only_ = false;
  bool tuple_ = false;
  std::uint8_t pending_rule_ = 0;  // cred_spaces: 0 field, 1 bearer, 2 basic
  std::uint64_t bs_run_ = 0;

  finding_kind f_kind_ = finding_kind::token;
  char label_[k_max_literal + 8] = {};
  std::size_t label_len_ = 0;
  std::uint64_t f_line_ = 0;
  std::uint64_t f_col_ = 0;

  std::uint64_t base_ = 0;  // stream offset of d_[0]
  std::uint64_t line_no_ = 1;
  std::uint64_t line_start_ = 0;
  std::int64_t line_delta_ = 0;

  static constexpr std::size_t k_hist = 128;
  char hist_[k_hist] = {};
  std::size_t hist_len_ = 0;
};

/// Rule S: exact secrets, leftmost first, longest at a position (secret_stage.cpp).
class secret_stage {
 public:
  secret_stage(const compiled_policy& cp, reporter& rep);

  /// Sink receives bytes with feed(const char*, size_t) and masks with mask(idx).
  template <class Sink>
  std::size_t run(const char* d, std::size_t n, bool eof, Sink& sink);
  void reset() noexcept;

 private:
  void track(const char* d, std::size_t from, std::size_t to) noexcept;

  const compiled_policy& cp_;
  reporter& rep_;
  std::uint64_t base_ = 0;
  std::uint64_t line_no_ = 1;
  std::uint64_t line_start_ = 0;
};

template <class Sink>
std::size_t secret_stage::run(const char* d, std::size_t n, bool eof, Sink& sink) {
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
    if (i > copy_from) {
      sink.feed(d + copy_from, i - copy_from);
      track(d, copy_from, i);
    }
    const auto& sec = secrets[hit];
    rep_.report(finding_kind::secret, sec.label, line_no_, base_ + i - line_start_ + 1,
                sec.fingerprint);
    sink.mask(static_cast<std::uint32_t>(hit));
    i += sec.value.size();
    copy_from = i;
  }
  if (i > copy_from) {
    sink.feed(d + copy_from, i - copy_from);
    track(d, copy_from, i);
  }
  base_ += i;
  return i;
}

}  // namespace redact::detail
