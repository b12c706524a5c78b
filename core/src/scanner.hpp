// Internal: the scanner — SPEC Rules H, B and T over the text Rule S left,
// streaming, with bounded look-ahead (core/DESIGN.md, "The scanner").
//
// The scanner is a small state machine (drawn in core/DESIGN.md) whose
// normal mode skips to the prefilter's candidates and runs the detectors
// there (rules.hpp). Detectors decide without writing anything; the one
// commit() applies the plan of the detector that accepted. Masked spans are
// consumed by the span steps (scanner_spans.cpp) until their terminator.
//
// Invariants:
//   * Bytes before copy_from_ have been written out or masked.
//   * Only commit(), the span steps and the emission helpers write stream
//     state; a detector that answers need_more has changed nothing, so the
//     same bytes can be presented again glued to more.
//   * No decision looks past a CR or LF (findings never span lines), so a LF
//     in the window lets every byte before it be decided, and at the end of
//     the stream the virtual LF (window.hpp) decides everything.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "candidate_cursor.hpp"
#include "compiled_policy.hpp"
#include "fingerprint.hpp"
#include "reporter.hpp"
#include "restorer.hpp"
#include "rules.hpp"
#include "secret_marks.hpp"
#include "window.hpp"

namespace redact::detail {

class scanner {
 public:
  /// `marks` is null when the policy has no exact secrets.
  scanner(const compiled_policy& cp, reporter& rep, secret_marks* marks) noexcept
      : cp_(cp), rep_(rep), marks_(marks), cursor_(cp.pf, cp.find) {}

  /// Decides and emits a prefix of d[0, n); returns its length. With eof,
  /// d[n] is the virtual LF and everything is decided.
  std::size_t run(const char* d, std::size_t n, bool eof, restorer& out);
  void reset() noexcept;

 private:
  enum class mode : std::uint8_t {
    normal,        // between findings: skip to candidates, run detectors
    value_blanks,  // a field's > 64 blanks after its separator
    cred_blanks,   // > 64 blanks after a kept scheme or a bare Bearer/Basic
    span,          // inside a masked span
    // Rule K (scanner_kp.cpp): a block's line start, a masked key line or
    // BEGIN line rest, a line break inside a block.
    key_line,
    key_mask,
    key_break,
    // Rule P (scanner_kp.cpp): > 64 blanks after a value member's separator;
    // blanks and line breaks between an OpenTelemetry `{` and its member.
    pair_blanks,
    pair_otel,
  };

  // Mode steps: each continues from i and returns the next position; one
  // that needs more bytes sets need_.
  std::size_t step_normal(std::size_t i);
  std::size_t step_value_blanks(std::size_t i);
  std::size_t step_cred_blanks(std::size_t i);
  std::size_t step_span(std::size_t i);
  std::size_t step_run_span(std::size_t i);
  std::size_t step_quoted_span(std::size_t i);
  std::size_t step_unquoted_span(std::size_t i);
  std::size_t step_jwt_span(std::size_t i);
  std::size_t step_encoded_span(std::size_t i);

  // Every detector whose first byte matches at i, in precedence order.
  verdict detect_at(std::size_t i, const literal_matches& m, plan& p) const noexcept;

  /// Applies an accepted plan; returns where scanning goes on.
  std::size_t commit(const plan& p);
  std::size_t fire_url(std::size_t i);

  // Emission.
  void flush_copy(std::size_t to);
  // Masked bytes: hashed (unless the span hashes what it decodes), tracked.
  void skip(std::size_t from, std::size_t to, bool hash = true);
  void track(std::size_t from, std::size_t to) {
    if (rep_.wants_positions() || marks_ != nullptr) track_lines(from, to);
    if (kw_on_) key_watch(from, to);
  }
  void track_lines(std::size_t from, std::size_t to);
  void set_label(std::size_t from, std::size_t len);
  void set_label(std::string_view text);
  // Snapshots a finding's kind, line and column (the secret starts at
  // secret_start; everything before it has been flushed).
  void begin_finding(finding_kind kind, std::size_t secret_start);
  void end_finding();
  // Backslashes held back in a QUOTED span turn out to be masked.
  void mask_backslashes(std::uint64_t n) {
    fp_.update_repeat('\\', n);
    out_->masked(static_cast<std::size_t>(n));
  }
  std::size_t need(std::size_t at) {
    need_ = true;
    return at;
  }

  const compiled_policy& cp_;
  reporter& rep_;
  secret_marks* marks_;
  fingerprinter fp_;

  // The current run(): its window, output and progress.
  window w_;
  restorer* out_ = nullptr;
  std::size_t copy_from_ = 0;
  bool need_ = false;
  // The candidates of this window, in order (candidate_cursor.hpp).
  candidate_cursor cursor_;

  // Stream state.
  mode mode_ = mode::normal;
  span_kind span_ = span_kind::key;
  key_alphabet alphabet_ = key_alphabet::token;  // span(key)
  std::uint64_t span_end_ = 0;                   // span(fixed): stream offset of its end
  value_shape value_{};                          // span(field), cred_blanks(field)
  field_shape field_{};                          // value_blanks
  finding_kind pending_ = finding_kind::field;   // cred_blanks
  // span(encoded): the decoder's state after the characters masked so far.
  struct encoded_state {
    std::uint32_t acc = 0;  // bits not yet forming a byte
    unsigned bits = 0;
    unsigned junk = 0;         // decoded bytes before the key still to drop
    std::uint32_t prefix = 0;  // prefix bytes still to hash
    std::uint32_t body = 0;    // body bytes hashed
    std::uint32_t max = 0;     // the body's maximum (0: none)
  } enc_;
  std::uint64_t bs_run_ = 0;  // span(field, quoted): backslashes not yet hashed

  struct pending_finding {
    finding_kind kind = finding_kind::token;
    std::uint64_t line = 0;
    std::uint64_t column = 0;
  } finding_;
  char label_[k_max_literal + 8] = {};
  std::size_t label_len_ = 0;

  std::uint64_t mask_lo_ = 0, mask_hi_ = 0;  // the last masked span (stream offsets)

  // An armed URL password (plan::action::arm_url), in stream offsets.
  bool url_armed_ = false;
  verdict url_after_masked_colon(std::size_t i);
  std::uint64_t url_start_ = 0, url_end_ = 0;
  std::size_t url_kept_ = 0;
  char url_label_[k_max_url_label] = {};
  std::size_t url_label_len_ = 0;
  std::uint64_t base_ = 0;  // stream offset of d[0]
  std::uint64_t line_no_ = 1;
  std::uint64_t line_start_ = 0;
  std::int64_t line_delta_ = 0;  // column shift from Rule S masks on this line

  static constexpr std::size_t k_hist = 128;  // look-behind (Rule B's letter, tuples)
  char hist_[k_hist] = {};
  std::size_t hist_len_ = 0;

  // ------------------------------------------------------ Rules K and P
  // (scanner_kp.cpp). Both keep state across findings and lines: an armed
  // BEGIN marker and a block (K), an armed name member (P), and watchers
  // over the bytes that pass. Positions they must stop at (a marker's end,
  // a line break, a byte of a pair's gap) bound step_normal's search as an
  // armed URL does.

  bool kp_watching() const noexcept { return k_armed_ || blk_rest_ || kw_on_ || pair_armed_; }
  std::size_t kp_next_event(std::size_t i);
  std::size_t kp_event(std::size_t e);
  verdict field_or_pair_at(std::size_t i, plan& p);
  void kp_finish();
  void kp_reset() noexcept;
  std::size_t commit_kp(const plan& p);

  // Rule K.
  std::size_t arm_key(const plan& p);
  std::size_t fire_key(std::size_t f);
  void key_fire_passed();
  std::size_t key_line_break(std::size_t e);
  bool key_break_seen(std::size_t e);
  bool earlier_redaction_in(std::size_t j) const noexcept;
  std::size_t step_key_line(std::size_t i);
  std::size_t step_key_mask(std::size_t i);
  std::size_t step_key_break(std::size_t i);
  void key_mask_begin(std::size_t s, bool begin_line);
  void key_mask_end();
  void key_skip(std::size_t from, std::size_t to);
  void start_block(const char* label, std::size_t len);
  void end_block();
  void key_watch_begin(std::size_t masked);
  void key_watch(std::size_t from, std::size_t to);
  void key_watch_span_end();

  // Rule P.
  verdict maybe_arm_pair(std::size_t i);
  static bool is_field_plan(const plan& p) noexcept;
  void pair_judge(std::size_t e, bool quoted_only = false);
  void arm_pair(std::size_t i, std::size_t len, std::size_t end);
  void pair_disarm() noexcept;
  void pair_text(std::size_t from, std::size_t to);
  void note_output(const char* p, std::size_t n) {
    if (otail_len_ + n <= sizeof otail_) {  // the common case: room left
      std::memcpy(otail_ + otail_len_, p, n);
      otail_len_ += n;
    } else {
      note_output_slow(p, n);
    }
  }
  void note_output_slow(const char* p, std::size_t n);
  output_view out_view() const noexcept { return output_view{&w_, otail_, otail_len_, copy_from_}; }
  std::size_t step_pair_blanks(std::size_t i);
  std::size_t step_pair_otel(std::size_t i);
  std::size_t otel_none(std::size_t i);
  std::string_view pair_label() const noexcept { return {pair_label_, pair_label_len_}; }

  // The next stop of Rules K and P in this window (stream offset), cached
  // until their state changes.
  bool ev_valid_ = false;
  std::uint64_t ev_at_ = 0;

  // Rule K: an armed BEGIN marker (plan::action::arm_key), its label.
  bool k_armed_ = false;
  std::uint64_t k_fire_ = 0;  // the marker's end: the BEGIN line's first maskable byte
  char k_arm_label_[k_key_max_label] = {};
  std::size_t k_arm_label_len_ = 0;
  // The open block: its label, its finding (reported when it ends), and
  // where it is: in a kept line scanned by the other rules (blk_rest_: a
  // header line, an already redacted line, the BEGIN line after another
  // finding's start) or in one of the key_* modes.
  bool blk_on_ = false;
  bool blk_rest_ = false;
  bool blk_masked_ = false;
  bool blk_to_end_ = false;  // key_mask on the BEGIN line: an END marker ends it
  // key_mask on a key line: the first BEGIN marker on it after which no END
  // marker follows opens the following lines (docs/rules.md K2).
  bool km_open_ = false;
  std::uint64_t km_open_end_ = 0;  // stream offset of that marker's end
  char km_label_[k_key_max_label] = {};
  std::size_t km_label_len_ = 0;
  char blk_label_[k_key_max_label] = {};
  std::size_t blk_label_len_ = 0;
  std::uint64_t blk_line_ = 0, blk_column_ = 0;
  fingerprinter blk_fp_;
  // The watcher (key_watch, fed by track): a BEGIN marker that starts inside
  // a field span still starts a block for the following lines, unless an
  // END marker follows it on its line. On from a field span to the line end.
  bool kw_on_ = false;
  bool kw_pending_ = false;
  std::uint64_t kw_span_lo_ = 0, kw_span_hi_ = 0;  // the last field span on the line
  std::uint64_t kw_begin_end_ = 0;                 // the pending BEGIN marker's end
  std::uint64_t kw_dash_ = 0;                      // after the last `-` watched (0: none)
  char kw_label_[k_key_max_label] = {};
  std::size_t kw_label_len_ = 0;

  // Rule P: the armed name member (its string's end, its label), the gap
  // watched so far, and the output tail the look-behind reads.
  bool pair_armed_ = false;
  bool pair_word_armed_ = false;  // the armed name member is an unquoted word
  std::uint64_t pair_end_ = 0;
  std::uint64_t pair_seen_ = 0;  // gap bytes before this were watched
  std::size_t pair_breaks_ = 0;
  bool pair_prev_cr_ = false;
  // `name`/`key` members met in the gap, judged when their strings end.
  struct pair_cand {
    std::uint64_t end;
    bool quoted;
  };
  static constexpr std::size_t k_pair_cands = 4;
  pair_cand pair_cands_[k_pair_cands] = {};
  std::size_t pair_cand_n_ = 0;
  // A finding masked the byte that ended a member's string: on the output
  // the string goes on through `***` and ends at the next terminator (a
  // quote for a quoted one) after the finding, where it is judged.
  bool pair_word_open_ = false;
  bool pair_word_quoted_ = false;
  std::uint64_t pair_word_from_ = 0;  // the search for its end starts here
  void pair_word_reopen(bool quoted, std::size_t from = 0) noexcept;
  // A word ending at `\` is judged there, but a Rule E finding found a few
  // bytes later may start at that `\` (`\/` is base64's `/`) and mask it:
  // then the judgement is undone (the state before it, kept here).
  struct pair_snapshot {
    bool armed = false, word = false;
    std::uint64_t end = 0, seen = 0;
    std::size_t breaks = 0;
    bool prev_cr = false;
    pair_cand cands[k_pair_cands] = {};
    std::size_t cand_n = 0;
    char label[k_max_literal] = {};
    std::size_t label_len = 0;
  };
  pair_snapshot pair_snap_{};
  std::uint64_t pair_snap_at_ = 0;
  bool pair_snap_valid_ = false;
  void pair_save(std::size_t e) noexcept;
  void pair_restore() noexcept;
  char pair_label_[k_max_literal] = {};
  std::size_t pair_label_len_ = 0;
  std::uint64_t otel_from_ = 0;                   // pair_otel: the byte after `{`
  bool otel_after_ = false;                       // pair_otel once the current span ends
  bool otel_line_ = false;                        // pair_otel passed a line break a block waits for
  static constexpr std::size_t k_out_tail = 512;  // >= Rule P's longest look-behind
  char otail_[8 * k_out_tail] = {};  // compacted to its last k_out_tail bytes when full
  std::size_t otail_len_ = 0;
};

}  // namespace redact::detail
