// The scanner's Rules K and P (scanner.hpp): state that lives across
// findings and lines, on top of the detectors of rule_k.cpp and rule_p.cpp.
//
// Rule K. A BEGIN marker arms the block (arm_key): scanning goes on inside
// the marker (a rule that starts there comes first) and, at the marker's
// end, the rest of the BEGIN line is decided (decide_begin_rest) and,
// unless an END marker ends it there, every following line is classified at
// its start (key_line mode): key lines are masked whole (key_mask), empty
// lines kept, header lines and already redacted lines handed to normal
// scanning up to their line break (blk_rest_), and an END marker or any other
// line ends the block. The block is one finding with its own fingerprinter,
// reported when it ends (findings in header lines come in between).
// A BEGIN marker inside a field span is found by a watcher over the bytes
// that pass (key_watch, from track()): it starts a block at the next line
// unless an END marker follows on its own line.
//
// Rule P. At a field name that no finding masks (Rule H rejected it, or took
// it as a field and masks only what follows), maybe_arm_pair looks back on
// the output for a name member whose string it ends, and arms the pair.
// While armed, normal scanning stops at the bytes that matter in the gap
// (`{ } [ ]`, line breaks, and the first letters of `name`, `key`,
// `value`); text that passes is watched for brackets and line breaks
// (pair_text, from flush_copy); a `name`/`key` member is noted and judged
// on the output where its string ends (pair_judge: the nearest name member
// wins), and a `value` member is read as Rule H's value (detect_pair_value).
#include <algorithm>
#include <cassert>
#include <cstring>

#include "ascii.hpp"
#include "rules.hpp"
#include "scanner.hpp"

namespace redact::detail {

namespace {

/// What Rule P stops at while a pair is armed: the gap's brackets and line
/// breaks, the first letters of the member keys, and quotes (which may
/// close a name member that began before the armed one).
inline constexpr byte_class k_pair_stop([](unsigned char c) {
  return c == '{' || c == '}' || c == '[' || c == ']' || c == '\r' || c == '\n' || c == 'n' ||
         c == 'N' || c == 'k' || c == 'K' || c == 'v' || c == 'V' || c == '"' || c == '\'';
});
inline constexpr byte_class k_pair_gap_stop([](unsigned char c) {
  return c == '{' || c == '}' || c == '[' || c == ']' || c == '\r' || c == '\n';
});
inline constexpr byte_class k_line_end_stop([](unsigned char c) { return is_eol(c); });
inline constexpr byte_class k_word_end_stop([](unsigned char c) { return has(c, c_wordterm); });
inline constexpr byte_class k_quote_stop([](unsigned char c) {
  return c == '"' || c == '\'' || is_eol(c);
});
inline constexpr byte_class k_begin_rest_stop([](unsigned char c) {
  return is_eol(c) || c == '-';
});

bool first_is(unsigned char c, char lower_letter) noexcept {
  return (c | 0x20) == static_cast<unsigned char>(lower_letter);
}

}  // namespace

// ---------------------------------------------------------------- shared

std::size_t scanner::kp_next_event(std::size_t i) {
  if (k_armed_ && k_fire_ < base_ + i) key_fire_passed();
  if (ev_valid_ && ev_at_ >= base_ + i) return static_cast<std::size_t>(ev_at_ - base_);
  std::size_t best = w_.n;
  if (k_armed_ && k_fire_ < base_ + w_.n) best = static_cast<std::size_t>(k_fire_ - base_);
  if (pair_armed_) {
    // Name members whose ends a finding masked: their strings went on
    // through the mask.
    for (std::size_t k = 0; k < pair_cand_n_;) {
      if (pair_cands_[k].end < base_ + i) {
        pair_word_reopen(pair_cands_[k].quoted);
        pair_cands_[k] = pair_cands_[--pair_cand_n_];
      } else {
        ++k;
      }
    }
    const std::size_t from =
        pair_end_ > base_ + i ? static_cast<std::size_t>(pair_end_ - base_) : i;
    if (from < best) best = cp_.span(k_pair_stop, w_.d, from, best, true);
    // Such a string ends at the next terminator after the mask. The bytes
    // searched in vain are no terminators: the next search starts past them.
    if (pair_word_open_ && mode_ == mode::normal) {
      const auto start =
          static_cast<std::size_t>(std::max<std::uint64_t>(pair_word_from_, base_ + i) - base_);
      const std::size_t t =
          cp_.span(pair_word_quoted_ ? k_quote_stop : k_word_end_stop, w_.d, start, w_.n, true);
      if (t < w_.n) {
        pair_word_open_ = false;
        const bool closes = pair_word_quoted_ && !is_eol(w_.at(t));
        if (pair_cand_n_ < k_pair_cands)
          pair_cands_[pair_cand_n_++] = pair_cand{base_ + t + (closes ? 1 : 0), closes};
      } else {
        pair_word_from_ = base_ + w_.n;
      }
    }
    // Name members whose strings end ahead (judged there, on the output).
    for (std::size_t k = 0; k < pair_cand_n_; ++k)
      if (pair_cands_[k].end < base_ + best)
        best = static_cast<std::size_t>(pair_cands_[k].end - base_);
  }
  if ((blk_rest_ || kw_on_) && i < best) best = cp_.span(k_line_end_stop, w_.d, i, best, true);
  ev_at_ = base_ + best;
  ev_valid_ = true;
  return best;
}

// Rule H, then Rule P, at i (their order at one position).
verdict scanner::field_or_pair_at(std::size_t i, plan& p) {
  verdict r = verdict::reject;
  if (cp_.anchor[w_.at(i)] & anchor_field)
    for (std::size_t k = 0; k < cp_.fields.size() && r == verdict::reject; ++k)
      r = detect_field(cp_, w_, i, k, p);
  if (r == verdict::reject && pair_armed_ && base_ + i >= pair_end_ && first_is(w_.at(i), 'v')) {
    r = detect_pair_value(cp_, w_, i, p);
    if (r == verdict::accept) p.label_text = pair_label();
  }
  return r;
}

// Normal scanning reached a stop of Rule K or P at e (nothing before it
// starts a finding).
std::size_t scanner::kp_event(std::size_t e) {
  ev_valid_ = false;
  // A quoted string ends at e before what starts there; an unquoted word is
  // judged once it is known whether a finding masks its terminator at e.
  if (pair_cand_n_ > 0) pair_judge(e, true);
  const unsigned char c = w_.at(e);
  if ((k_armed_ && base_ + e == k_fire_) || (is_eol(c) && (blk_rest_ || kw_on_))) {
    if (pair_cand_n_ > 0) pair_judge(e);
    if (k_armed_ && base_ + e == k_fire_) return fire_key(e);
    return key_line_break(e);
  }
  // A stop of Rule P (or an armed URL's password): the gap before e, then
  // every rule at e in precedence order.
  if (pair_armed_) pair_text(copy_from_, e);
  plan p;
  verdict r = field_or_pair_at(e, p);
  // An armed URL's password: its mask may start at a word's terminator
  // (commit_kp judges the word then).
  if (r == verdict::reject && url_armed_ && base_ + e == url_start_) return fire_url(e);
  if (r == verdict::reject) r = detect_at(e, cp_.pf.confirm.at(w_.d, e, w_.n), p);
  if (r == verdict::need_more) return need(e);
  if (cp_.on.pairs && (r == verdict::reject || is_field_plan(p)) &&
      maybe_arm_pair(e) == verdict::need_more)
    return need(e);
  if (r == verdict::accept) return commit(p);
  if (pair_cand_n_ > 0) pair_judge(e);
  // Nothing starts at e. A name member starting there replaces the armed one
  // once its string has ended (SPEC: the nearest, the one whose string ends
  // last); a bracket or line break is part of the gap.
  if (pair_armed_ && (first_is(c, 'n') || first_is(c, 'k'))) {
    std::size_t end = 0;
    bool quoted = false;
    bool long_word = false;
    r = name_member_at(w_, e, end, quoted, long_word);
    if (r == verdict::need_more) return need(e);
    if (r == verdict::accept && long_word) {
      pair_word_reopen(false, end);  // over 128 bytes here; judged where it ends
    } else if (r == verdict::accept && pair_cand_n_ < k_pair_cands) {
      pair_cands_[pair_cand_n_++] = pair_cand{base_ + end, quoted};
      ev_valid_ = false;
    }
  }
  // A quote may close a quoted name member that began before the armed one
  // and holds it (`name:"key:apikey,"`): judged, on the output, right after
  // the quote (a quote that closes no name member changes nothing).
  if (pair_armed_ && (c == '"' || c == '\'') && pair_cand_n_ < k_pair_cands) {
    pair_cands_[pair_cand_n_++] = pair_cand{base_ + e + 1, true};
    ev_valid_ = false;
  }
  if (pair_armed_) pair_text(e, e + 1);
  return e + 1;
}

void scanner::pair_save(std::size_t e) noexcept {
  pair_snap_.armed = pair_armed_;
  pair_snap_.word = pair_word_armed_;
  pair_snap_.end = pair_end_;
  pair_snap_.seen = pair_seen_;
  pair_snap_.breaks = pair_breaks_;
  pair_snap_.prev_cr = pair_prev_cr_;
  std::copy(pair_cands_, pair_cands_ + pair_cand_n_, pair_snap_.cands);
  pair_snap_.cand_n = pair_cand_n_;
  std::memcpy(pair_snap_.label, pair_label_, pair_label_len_);
  pair_snap_.label_len = pair_label_len_;
  pair_snap_at_ = base_ + e;
  pair_snap_valid_ = true;
}

void scanner::pair_restore() noexcept {
  pair_armed_ = pair_snap_.armed;
  pair_word_armed_ = pair_snap_.word;
  pair_end_ = pair_snap_.end;
  pair_seen_ = pair_snap_.seen;
  pair_breaks_ = pair_snap_.breaks;
  pair_prev_cr_ = pair_snap_.prev_cr;
  std::copy(pair_snap_.cands, pair_snap_.cands + pair_snap_.cand_n, pair_cands_);
  pair_cand_n_ = pair_snap_.cand_n;
  std::memcpy(pair_label_, pair_snap_.label, pair_snap_.label_len);
  pair_label_len_ = pair_snap_.label_len;
  pair_word_open_ = false;
  ev_valid_ = false;
}

void scanner::pair_word_reopen(bool quoted, std::size_t from) noexcept {
  pair_word_open_ = true;
  pair_word_quoted_ = quoted;
  pair_word_from_ = base_ + from;
  ev_valid_ = false;
}

bool scanner::is_field_plan(const plan& p) noexcept {
  return (p.act == plan::action::mask && p.kind == finding_kind::field) ||
         p.act == plan::action::value_blanks ||
         (p.act == plan::action::cred_blanks && p.pending == finding_kind::field);
}

// Name members whose strings end at e: judged on the output, each arms the
// pair (it names a credential) or disarms it.
void scanner::pair_judge(std::size_t e, bool quoted_only) {
  for (std::size_t k = 0; k < pair_cand_n_;) {
    if (pair_cands_[k].end != base_ + e || (quoted_only && !pair_cands_[k].quoted)) {
      ++k;
      continue;
    }
    const bool quoted = pair_cands_[k].quoted;
    if (!quoted && w_.at(e) == '\\' && !cp_.encoded_anchors.empty() &&
        !(pair_snap_valid_ && pair_snap_at_ == base_ + e))
      pair_save(e);
    pair_cands_[k] = pair_cands_[--pair_cand_n_];
    if (!pair_armed_) continue;
    const output_view ov = out_view();
    std::size_t back = 0, len = 0;
    const int r = name_member_ending_at(cp_, ov, e, quoted, back, len);
    if (r == 0 || (pair_armed_ && pair_end_ == base_ + e)) continue;
    if (r == 1) {
      pair_disarm();
      continue;
    }
    pair_armed_ = true;
    pair_end_ = pair_seen_ = base_ + e;
    pair_word_armed_ = !quoted;
    pair_breaks_ = 0;
    pair_prev_cr_ = false;
    ev_valid_ = false;
    pair_label_len_ = std::min(len, sizeof pair_label_);
    for (std::size_t t = 0; t < pair_label_len_; ++t)
      pair_label_[t] = static_cast<char>(ov.before(e, back - t));
  }
}

// Plans only Rules K and P make, and their bookkeeping around the others;
// returns where scanning goes on, or -1 when commit() goes on with p.
std::size_t scanner::commit_kp(const plan& p) {
  // A Rule E finding starting at the `\` a word was judged to end at.
  if (pair_snap_valid_) {
    pair_snap_valid_ = false;
    if (p.act == plan::action::mask && p.kind == finding_kind::encoded &&
        base_ + p.at == pair_snap_at_)
      pair_restore();
  }
  // Name members whose strings end in the text this plan writes out before
  // its mask (a field name, its separator, a scheme) or before a mode that
  // streams blanks are judged now: normal scanning will not stop there.
  if (pair_cand_n_ > 0) {
    const bool masks = p.act == plan::action::mask;
    const std::size_t limit = p.at + (masks ? p.kept : 0);
    for (std::size_t k = 0; k < pair_cand_n_;) {
      const std::uint64_t end = pair_cands_[k].end;
      if (end > base_ + limit || end < base_ + copy_from_) {
        ++k;
        continue;
      }
      if (masks && end == base_ + limit && !pair_cands_[k].quoted) {
        // The word's terminator is the mask's first byte: `***` goes on.
        pair_word_reopen(false);
        pair_cands_[k] = pair_cands_[--pair_cand_n_];
        continue;
      }
      pair_judge(static_cast<std::size_t>(end - base_));
      k = 0;  // judged candidates left the list
    }
  }
  // A finding inside an armed name member's string changes the string on
  // the output: it no longer names what it did. So does a mask of the byte
  // that ended an unquoted one: the word goes on through `***`.
  if (pair_armed_ && base_ + p.at < pair_end_ && p.act != plan::action::resume &&
      p.act != plan::action::arm_url && p.act != plan::action::arm_key)
    pair_disarm();
  if (pair_armed_ && pair_word_armed_ && p.act == plan::action::mask &&
      base_ + p.at + p.kept == pair_end_)
    pair_disarm();
  switch (p.act) {
    case plan::action::arm_key:
      return arm_key(p);
    case plan::action::pair_blanks:
      if (!p.label_text.empty()) set_label(p.label_text);
      field_ = p.field;
      mode_ = mode::pair_blanks;
      return p.at;
    case plan::action::pair_otel:
      if (!p.label_text.empty()) set_label(p.label_text);
      otel_from_ = base_ + p.at;
      mode_ = mode::pair_otel;
      return p.at;
    default:
      if (p.otel_next) {  // after this span: the OpenTelemetry member (rule_p.cpp)
        otel_after_ = true;
        otel_from_ = base_ + p.at + 1;
      }
      return static_cast<std::size_t>(-1);
  }
}

void scanner::kp_finish() {
  pair_snap_valid_ = false;
  if (blk_on_) end_block();
  k_armed_ = false;
  kw_on_ = kw_pending_ = false;
  pair_armed_ = false;
  pair_cand_n_ = 0;
  pair_word_open_ = false;
  otel_after_ = otel_line_ = false;
  ev_valid_ = false;
}

void scanner::kp_reset() noexcept {
  ev_valid_ = false;
  pair_snap_valid_ = false;
  k_armed_ = false;
  blk_on_ = blk_rest_ = blk_masked_ = blk_to_end_ = km_open_ = false;
  kw_on_ = kw_pending_ = false;
  pair_armed_ = false;
  pair_cand_n_ = 0;
  pair_word_open_ = false;
  otel_after_ = otel_line_ = false;
  otail_len_ = 0;
}

// ---------------------------------------------------------------- Rule K

std::size_t scanner::arm_key(const plan& p) {
  mode_ = mode::normal;
  // Two markers sharing dashes (`…KEY-----BEGIN …`): the first block's
  // masked part starts first.
  if (k_armed_ && k_fire_ <= base_ + p.end) return p.at;
  if (blk_on_) end_block();  // a BEGIN marker in a header line ends the block
  kw_on_ = kw_pending_ = false;
  k_armed_ = true;
  k_fire_ = base_ + p.end;
  ev_valid_ = false;
  k_arm_label_len_ = std::min(p.label_len, sizeof k_arm_label_);
  std::memcpy(k_arm_label_, w_.d + p.label_from, k_arm_label_len_);
  return p.at;
}

// A finding that started inside the marker reached past its end: the marker
// lies inside another finding (rule_k.cpp cannot produce this; kept so that
// the block is never lost).
void scanner::key_fire_passed() {
  k_armed_ = false;
  kw_on_ = kw_pending_ = true;
  kw_begin_end_ = k_fire_;
  kw_span_lo_ = kw_span_hi_ = 0;
  kw_label_len_ = k_arm_label_len_;
  std::memcpy(kw_label_, k_arm_label_, k_arm_label_len_);
  ev_valid_ = false;
}

// The scan reached the armed marker's end: Rule H first (SPEC precedence),
// else Rule K decides the rest of the line.
std::size_t scanner::fire_key(std::size_t f) {
  // SPEC precedence: Rule H starts at the marker's end before Rule K. Its
  // finding (or its already redacted credential, skipped past) takes the
  // rest of the line; the block starts at the next line.
  if (w_.has(f) && (cp_.anchor[w_.at(f)] & anchor_field)) {
    plan p;
    for (std::size_t k = 0; k < cp_.fields.size(); ++k) {
      const verdict r = detect_field(cp_, w_, f, k, p);
      if (r == verdict::need_more) return need(f);
      if (r != verdict::accept) continue;
      k_armed_ = false;
      ev_valid_ = false;
      if (blk_on_) end_block();
      start_block(k_arm_label_, k_arm_label_len_);
      blk_rest_ = true;  // normal scanning to the line break, then the next line
      return commit(p);
    }
  }
  begin_rest rest = begin_rest::mask;
  if (decide_begin_rest(w_, f, rest) == verdict::need_more) return need(f);
  k_armed_ = false;
  ev_valid_ = false;
  if (blk_on_) end_block();
  start_block(k_arm_label_, k_arm_label_len_);
  switch (rest) {
    case begin_rest::line_end:
    case begin_rest::kept_then_line_end:
      blk_rest_ = true;  // normal scanning to the line break, then the next line
      return f;
    case begin_rest::end_marker:
    case begin_rest::kept_then_end_marker:
      end_block();
      return f;
    case begin_rest::mask:
      key_mask_begin(f, true);
      return f;
  }
  return f;
}

// Normal scanning reached a line break while a block (or a BEGIN marker seen
// inside a finding) waits for the next line.
std::size_t scanner::key_line_break(std::size_t e) {
  if (key_break_seen(e)) mode_ = mode::key_break;
  return e;
}

// Bookkeeping at a line break at e: a BEGIN marker seen inside a finding on
// this line starts its block. Returns whether a block waits for the next
// line (its kept line is over).
bool scanner::key_break_seen(std::size_t e) {
  flush_copy(e);  // the watcher sees every byte of the line first
  if (kw_on_) {
    const bool pending = kw_pending_;
    kw_on_ = kw_pending_ = false;
    if (pending) {
      if (blk_on_) end_block();
      start_block(kw_label_, kw_label_len_);
    }
  }
  ev_valid_ = false;
  blk_rest_ = false;
  return blk_on_;
}

std::size_t scanner::step_key_break(std::size_t i) {
  if (i >= w_.n) {
    if (w_.end > w_.n) {  // the virtual LF: the stream ends the block
      end_block();
      mode_ = mode::normal;
    }
    return i;
  }
  std::size_t j = i + 1;
  if (w_.at(i) == '\r') {  // CRLF is one line break
    if (j < w_.n) {
      if (w_.at(j) == '\n') ++j;
    } else if (w_.end == w_.n) {
      return need(i);
    }
  }
  mode_ = mode::key_line;
  return j;
}

std::size_t scanner::step_key_line(std::size_t i) {
  while (i < w_.n && has(w_.at(i), c_space)) ++i;  // leading blanks are kept
  if (i >= w_.n) {
    if (w_.end > w_.n) {
      end_block();
      mode_ = mode::normal;
    }
    return i;
  }
  // SPEC precedence: Rule H starts at the line's first byte before Rule K
  // (docs/rules.md K7); the line is then scanned as a kept line and the
  // block goes on after it (its masks are key-line characters, K9).
  if (cp_.anchor[w_.at(i)] & anchor_field) {
    plan p;
    for (std::size_t k = 0; k < cp_.fields.size(); ++k) {
      const verdict r = detect_field(cp_, w_, i, k, p);
      if (r == verdict::need_more) return need(i);
      if (r == verdict::accept) {
        blk_rest_ = true;
        ev_valid_ = false;
        mode_ = mode::normal;
        return i;
      }
    }
  }
  key_line kind = key_line::other;
  if (classify_key_line(w_, i, kind) == verdict::need_more) return need(i);
  switch (kind) {
    case key_line::empty:
      mode_ = mode::key_break;
      return i;
    case key_line::key:
      if (earlier_redaction_in(i)) {  // docs/rules.md: not a key line
        end_block();
        mode_ = mode::normal;
        return i;
      }
      key_mask_begin(i, false);
      return i;
    case key_line::kept:
    case key_line::header:
      blk_rest_ = true;
      ev_valid_ = false;
      mode_ = mode::normal;
      return i;
    case key_line::end_marker:
    case key_line::other:
      end_block();
      mode_ = mode::normal;
      return i;
  }
  return i;
}

// A key line (from j) holding `***` that no exact secret of this pass left —
// a part redacted before, by Rule H or T (`password=***`, `key=qbt_***`): it
// was no key line before those rules masked what made it none, and
// redacting again must not make it one (SPEC property 2).
bool scanner::earlier_redaction_in(std::size_t j) const noexcept {
  std::size_t run = 0;
  for (std::size_t k = j; k < j + k_key_line_look && k < w_.n && !is_eol(w_.at(k)); ++k) {
    if (w_.at(k) != '*') {
      run = 0;
      continue;
    }
    if (marks_ != nullptr && marks_->covers(base_ + k)) {
      run = 0;
      k += 2;  // the rest of the exact secret's `***`
      continue;
    }
    if (++run >= 3) return true;
  }
  return false;
}

void scanner::key_mask_begin(std::size_t s, bool begin_line) {
  flush_copy(s);
  if (!blk_masked_) {
    // The finding starts at the block's first masked byte.
    blk_masked_ = true;
    blk_line_ = line_no_;
    if (rep_.wants_positions()) {
      out_->flush();
      blk_column_ = static_cast<std::uint64_t>(static_cast<std::int64_t>(base_ + s - line_start_) +
                                               line_delta_) +
                    out_->line_escape_bytes() + 1;
    }
    blk_fp_.begin(rep_.wants_positions(),
                  cp_.fp_keys[static_cast<std::size_t>(finding_kind::private_key)]);
  }
  out_->mask();
  if (cp_.on.pairs) note_output("***", 3);
  mask_lo_ = mask_hi_ = base_ + s;
  blk_to_end_ = begin_line;
  km_open_ = false;
  mode_ = mode::key_mask;
}

void scanner::key_mask_end() {
  mask_hi_ = base_ + copy_from_;
  w_.mask_lo = static_cast<std::int64_t>(mask_lo_) - static_cast<std::int64_t>(base_);
  w_.mask_hi = static_cast<std::int64_t>(mask_hi_) - static_cast<std::int64_t>(base_);
}

void scanner::key_skip(std::size_t from, std::size_t to) {
  assert(from == copy_from_);
  if (to <= from) return;
  if (marks_ == nullptr || marks_->empty()) {
    blk_fp_.update(w_.d + from, to - from);
  } else {
    marks_->hash_original(blk_fp_, w_.d, base_, base_ + from, base_ + to);
  }
  out_->masked(to - from);
  track(from, to);
  copy_from_ = to;
}

// A key line up to its line break; the BEGIN line's rest up to an END
// marker or its line break.
std::size_t scanner::step_key_mask(std::size_t i) {
  std::size_t e = i;
  for (;;) {
    e = cp_.span(k_begin_rest_stop, w_.d, e, w_.end, true);
    if (!w_.has(e)) {
      key_skip(i, e);
      return e;
    }
    if (w_.at(e) == '-') {
      const verdict m = end_marker_at(w_, e);
      std::size_t label_len = 0;
      const verdict b =
          blk_to_end_ || m == verdict::accept ? verdict::reject : begin_marker_at(w_, e, label_len);
      if (m == verdict::need_more || b == verdict::need_more) {
        key_skip(i, e);
        return need(e);
      }
      if (m == verdict::accept && blk_to_end_) {  // the BEGIN line ends at an END marker
        key_skip(i, e);
        key_mask_end();
        end_block();
        mode_ = mode::normal;
        return e;
      }
      // A key line: an END marker after the open one cancels it; the first
      // BEGIN marker after that opens the following lines.
      if (m == verdict::accept && km_open_ && base_ + e >= km_open_end_) km_open_ = false;
      if (b == verdict::accept && !km_open_) {
        km_open_ = true;
        km_open_end_ = base_ + e + 16 + label_len;  // `-----BEGIN `, label, `-----`
        km_label_len_ = label_len;
        std::memcpy(km_label_, w_.d + e + 11, label_len);
      }
      ++e;
      continue;
    }
    key_skip(i, e);
    key_mask_end();
    if (km_open_) {  // the block ends with this line; the marker's starts
      km_open_ = false;
      end_block();
      start_block(km_label_, km_label_len_);
    }
    mode_ = mode::key_break;
    return e;
  }
}

void scanner::start_block(const char* label, std::size_t len) {
  blk_on_ = true;
  blk_rest_ = blk_masked_ = false;
  blk_label_len_ = std::min(len, sizeof blk_label_);
  std::memcpy(blk_label_, label, blk_label_len_);
  ev_valid_ = false;
}

void scanner::end_block() {
  if (blk_masked_)
    rep_.report(finding_kind::private_key,
                std::string_view(blk_label_, rep_.wants_positions() ? blk_label_len_ : 0),
                blk_line_, blk_column_, blk_fp_.finish());
  blk_on_ = blk_rest_ = blk_masked_ = false;
  ev_valid_ = false;
}

void scanner::key_watch_begin(std::size_t masked) {
  kw_on_ = true;
  kw_span_lo_ = kw_span_hi_ = base_ + masked;
  kw_dash_ = 0;
  ev_valid_ = false;
}

// A span ended. The rest of the line needs watching only for a pending
// BEGIN marker's END marker, or for a marker that started in the span and
// is not complete: it began with a `-` at most 56 bytes back. A span the
// watcher did not see (a token, a key, a JWT: no space inside) may still
// end with a marker's `-----BEGIN`, its space the terminator.
void scanner::key_watch_span_end() {
  if (!kw_on_) {
    const std::size_t e = copy_from_;
    if (!w_.has(e) || w_.at(e) != ' ' || !begin_intro_before(w_, e)) return;
    key_watch_begin(e);
    kw_span_lo_ -= k_begin_intro;  // (a stream offset: it may lie before the window)
    kw_dash_ = base_ + e;
    return;
  }
  if (kw_pending_ || (kw_dash_ != 0 && kw_dash_ + k_key_begin_max > base_ + copy_from_)) return;
  kw_on_ = false;
  ev_valid_ = false;
}

// Bytes [from, to) pass (text or masked, in order): a BEGIN marker that
// starts inside the line's last field span becomes pending; an END marker
// after a pending BEGIN marker cancels it.
void scanner::key_watch(std::size_t from, std::size_t to) {
  if (mode_ == mode::span && span_ == span_kind::field) kw_span_hi_ = base_ + to;
  const char* d = w_.d;
  while (from < to) {
    const void* q = std::memchr(d + from, '-', to - from);
    if (q == nullptr) break;
    const auto pos = static_cast<std::size_t>(static_cast<const char*>(q) - d);
    from = pos + 1;
    kw_dash_ = base_ + from;
    marker_hit h;
    if (!marker_ending_at(w_, pos, h)) continue;
    const std::uint64_t end = base_ + pos + 1, start = end - h.length;
    if (h.begin) {
      if (start >= kw_span_lo_ && start < kw_span_hi_) {
        kw_pending_ = true;
        kw_begin_end_ = end;
        kw_label_len_ = h.label_len;
        std::memcpy(kw_label_, h.label, h.label_len);
      }
    } else if (kw_pending_ && start >= kw_begin_end_) {
      kw_pending_ = false;
    }
  }
}

// ---------------------------------------------------------------- Rule P

verdict scanner::maybe_arm_pair(std::size_t i) {
  if (!(cp_.anchor[w_.at(i)] & anchor_field)) return verdict::reject;
  const output_view ov = out_view();
  auto try_field = [&](std::size_t k) {
    std::size_t end = 0;
    const verdict r = pair_name_at(cp_, w_, ov, i, k, end);
    if (r == verdict::accept) arm_pair(i, cp_.fields[k].size(), end);
    return r;
  };
  // Only the names whose first eight bytes match here (the literal index,
  // longest first).
  for (const literal_entry& e : cp_.pf.confirm.at(w_.d, i, w_.n)) {
    if (e.kind != lit_field) continue;
    const verdict r = try_field(e.index);
    if (r != verdict::reject) return r;
  }
  return verdict::reject;
}

void scanner::arm_pair(std::size_t i, std::size_t len, std::size_t end) {
  const std::uint64_t e = base_ + end;
  // A longer field name ending the same string was armed first (its label).
  if (pair_armed_ && pair_end_ == e) return;
  pair_armed_ = true;
  pair_end_ = pair_seen_ = e;
  pair_word_armed_ = end == i + len;  // no closing quote after the name
  pair_breaks_ = 0;
  pair_prev_cr_ = false;
  pair_label_len_ = std::min(len, sizeof pair_label_);
  std::memcpy(pair_label_, w_.d + i, pair_label_len_);
  ev_valid_ = false;
}

void scanner::pair_disarm() noexcept {
  pair_armed_ = false;
  pair_cand_n_ = 0;
  pair_word_open_ = false;
  ev_valid_ = false;
}

// Text [from, to) passes while a pair is armed: a bracket, or a third line
// break (CRLF counts once), in the gap disarms it.
void scanner::pair_text(std::size_t from, std::size_t to) {
  std::uint64_t lo = std::max<std::uint64_t>(base_ + from, pair_seen_);
  if (lo >= base_ + to) return;
  if (lo != pair_seen_) pair_prev_cr_ = false;  // masked bytes in between
  const auto start = static_cast<std::size_t>(lo - base_);
  for (std::size_t p = start;; ++p) {
    p = cp_.span(k_pair_gap_stop, w_.d, p, to, true);
    if (p >= to) break;
    const unsigned char c = w_.at(p);
    if (c == '\n' && (p > start ? w_.at(p - 1) == '\r' : pair_prev_cr_)) continue;
    if ((c != '\r' && c != '\n') || ++pair_breaks_ > k_pair_max_breaks) {
      pair_disarm();
      return;
    }
  }
  pair_prev_cr_ = w_.at(to - 1) == '\r';
  pair_seen_ = base_ + to;
}

// The output tail Rule P's look-behind reads (at least its last k_out_tail
// bytes).
void scanner::note_output_slow(const char* p, std::size_t n) {
  if (n >= k_out_tail) {
    std::memcpy(otail_, p + n - k_out_tail, k_out_tail);
    otail_len_ = k_out_tail;
    return;
  }
  if (otail_len_ + n > sizeof otail_) {
    const std::size_t keep = std::min(otail_len_, k_out_tail - n);
    std::memmove(otail_, otail_ + otail_len_ - keep, keep);
    otail_len_ = keep;
  }
  std::memcpy(otail_ + otail_len_, p, n);
  otail_len_ += n;
}

std::size_t scanner::step_pair_blanks(std::size_t i) {
  while (i < w_.n && has(w_.at(i), c_space)) ++i;
  if (!w_.has(i)) return i;
  plan p;
  if (decide_pair_value(cp_, w_, i, field_, p) == verdict::need_more) return need(i);
  return commit(p);
}

// Blanks and line breaks after an OpenTelemetry `{` (64 bytes at most),
// then the inner member. Rule K's bookkeeping at a line break goes on: a
// block waiting for the next line classifies it when no inner member is
// there, and treats it as a kept line when the pair takes it.
std::size_t scanner::step_pair_otel(std::size_t i) {
  for (;; ++i) {
    if (i >= w_.n) {
      if (w_.end > w_.n) mode_ = mode::normal;  // the end of the stream: no inner member
      return i;
    }
    const unsigned char c = w_.at(i);
    if (!has(c, c_space) && !is_eol(c)) break;
    if (base_ + i - otel_from_ >= k_pair_otel_blanks) return otel_none(i);  // more than 64
    if (is_eol(c) && (blk_rest_ || kw_on_)) otel_line_ = key_break_seen(i);
  }
  plan p;
  const verdict r = decide_otel_member(cp_, w_, i, p);
  if (r == verdict::need_more) return need(i);
  if (r == verdict::reject || p.act == plan::action::resume) return otel_none(i);
  if (otel_line_) {
    otel_line_ = false;
    blk_rest_ = true;
    ev_valid_ = false;
  }
  mode_ = mode::normal;
  return commit(p);
}

// No OpenTelemetry member at i: a WORD value starting with `{` is nested
// (normal scanning goes on), or a block waiting for this line classifies it.
std::size_t scanner::otel_none(std::size_t i) {
  mode_ = (otel_line_ && blk_on_) ? mode::key_line : mode::normal;
  otel_line_ = false;
  return i;
}

}  // namespace redact::detail
