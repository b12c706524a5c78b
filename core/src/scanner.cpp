// The scanner's state machine, commit and emission (scanner.hpp). The state
// diagram is drawn once, in core/DESIGN.md ("The scanner").
//
// The hot loop, step_normal:
//
//   loop:
//     skip bytes that cannot start a finding (SIMD prefilter)
//     at a candidate, for the literals of its pair whose first eight bytes
//     match (literal index), in SPEC's precedence order at one position:
//       run that literal kind's detector (k_candidate_detectors)
//       the first that accepts: commit its plan, continue where it says
//       any that answers need_more: stop; the undecided bytes stay in the
//       stitcher (bounded look-ahead)
#include "scanner.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstring>

#include "ascii.hpp"
#include "rules.hpp"

namespace redact::detail {

namespace {

// The detector a literal of each kind starts (prefilter.hpp, literal_kind),
// indexed by kind. Adding a rule: a detector in its own rule_*.cpp, a
// literal kind for its anchors, and an entry here (core/DESIGN.md).
using candidate_detector = verdict (*)(const compiled_policy&, const window&, std::size_t i,
                                       std::uint32_t index, plan&) noexcept;

verdict field_at(const compiled_policy& cp, const window& w, std::size_t i, std::uint32_t index,
                 plan& p) noexcept {
  return detect_field(cp, w, i, index, p);
}
verdict bare_at(const compiled_policy& cp, const window& w, std::size_t i, std::uint32_t,
                plan& p) noexcept {
  return detect_bare(cp, w, i, p);
}
verdict key_at(const compiled_policy& cp, const window& w, std::size_t i, std::uint32_t index,
               plan& p) noexcept {
  return detect_key(cp, w, i, index, p);
}

verdict jwt_at(const compiled_policy& cp, const window& w, std::size_t i, std::uint32_t,
               plan& p) noexcept {
  return detect_jwt(cp, w, i, p);
}
verdict url_at(const compiled_policy& cp, const window& w, std::size_t i, std::uint32_t,
               plan& p) noexcept {
  return detect_url(cp, w, i, p);
}
verdict private_key_at(const compiled_policy& cp, const window& w, std::size_t i, std::uint32_t,
                       plan& p) noexcept {
  return detect_private_key(cp, w, i, p);
}

verdict encoded_at(const compiled_policy& cp, const window& w, std::size_t i, std::uint32_t index,
                   plan& p) noexcept {
  return detect_encoded(cp, w, i, index, p);
}

struct detector_table {
  candidate_detector by_kind[lit_kind_count] = {};
  constexpr detector_table() {
    by_kind[lit_field] = field_at;
    by_kind[lit_bare] = bare_at;
    by_kind[lit_prefix] = key_at;
    by_kind[lit_jwt] = jwt_at;
    by_kind[lit_url] = url_at;
    by_kind[lit_encoded] = encoded_at;
    by_kind[lit_pem] = private_key_at;
  }
};
constexpr detector_table k_candidate_detectors;

}  // namespace

void scanner::reset() noexcept {
  mode_ = mode::normal;
  bs_run_ = 0;
  base_ = 0;
  line_no_ = 1;
  line_start_ = 0;
  line_delta_ = 0;
  hist_len_ = 0;
  label_len_ = 0;
  mask_lo_ = mask_hi_ = 0;
  url_armed_ = false;
  kp_reset();
}

std::size_t scanner::run(const char* d, std::size_t n, bool eof, restorer& out) {
  // Nothing to decide (finish() with nothing held, outside a credential).
  // The stream state is left as it is: after finish() the pipeline resets it.
  if (n == 0 && mode_ == mode::normal) {
    if (eof) kp_finish();  // a Rule K block open in a kept line ends here
    return 0;
  }
  assert(!eof || d[n] == '\n');
  w_ = window{d, n, eof ? n + 1 : n, hist_, hist_len_};
  w_.mask_lo = static_cast<std::int64_t>(mask_lo_) - static_cast<std::int64_t>(base_);
  w_.mask_hi = static_cast<std::int64_t>(mask_hi_) - static_cast<std::int64_t>(base_);
  out_ = &out;
  copy_from_ = 0;
  need_ = false;
  cursor_.reset(d, n);
  ev_valid_ = false;
  std::size_t i = 0;
  while (!need_ && (i < n || (eof && mode_ != mode::normal))) {
    const std::size_t before = i;
    const mode m = mode_;
    switch (mode_) {
      case mode::normal:
        i = step_normal(i);
        break;
      case mode::value_blanks:
        i = step_value_blanks(i);
        break;
      case mode::cred_blanks:
        i = step_cred_blanks(i);
        break;
      case mode::span:
        i = step_span(i);
        break;
      case mode::key_line:
        i = step_key_line(i);
        break;
      case mode::key_mask:
        i = step_key_mask(i);
        break;
      case mode::key_break:
        i = step_key_break(i);
        break;
      case mode::pair_blanks:
        i = step_pair_blanks(i);
        break;
      case mode::pair_otel:
        i = step_pair_otel(i);
        break;
    }
    // Out of bytes in a mode that needs more: wait for them.
    if (i == before && m == mode_ && !need_ && i >= n) break;
  }
  // At the end of the stream the virtual LF decides everything; otherwise
  // what is left is within the look-ahead bound.
  assert(eof ? (!need_ && mode_ == mode::normal) : (n - i) <= cp_.scan_lookahead);
  assert(i <= n);
  if (!eof && mode_ == mode::normal && !cp_.encoded_anchors.empty()) {
    // A Rule E finding starts up to three characters before its anchor:
    // the last base64 characters are not written out yet (decided again
    // with the next bytes).
    std::size_t t = i;
    while (t > copy_from_ && i - t < k_encoded_back_bytes &&
           (has(w_.at(t - 1), c_b64) || w_.at(t - 1) == '-' || w_.at(t - 1) == '_' ||
            w_.at(t - 1) == '\\'))
      --t;
    i = t;
  }
  if (eof) kp_finish();
  flush_copy(i);
  // Remember the last bytes for look-behind; a finished stream needs none.
  if (eof) {
    hist_len_ = 0;
  } else if (i >= k_hist) {
    std::memcpy(hist_, d + i - k_hist, k_hist);
    hist_len_ = k_hist;
  } else if (i > 0) {
    const std::size_t keep = std::min(hist_len_, k_hist - i);
    if (keep > 0) std::memmove(hist_, hist_ + hist_len_ - keep, keep);
    std::memcpy(hist_ + keep, d, i);
    hist_len_ = keep + i;
  }
  base_ += i;
  return i;
}

// ---------------------------------------------------------------- normal

std::size_t scanner::step_normal(std::size_t i) {
  for (;;) {
    // An armed URL password (rule_u.cpp) bounds the search: it is committed
    // when scanning reaches it, unless a finding reached past it first.
    std::size_t n = w_.n;
    if (url_armed_ && base_ + i > url_start_) {
      // A finding reached past the password. If it masked the authority's
      // first `:`, the password on the output is after the next one.
      const bool colon_masked = mask_lo_ < url_start_ && url_start_ <= mask_hi_;
      if (!colon_masked) {
        url_armed_ = false;
      } else if (url_after_masked_colon(i) == verdict::need_more) {
        return need(i);
      }
    }
    if (url_armed_) n = static_cast<std::size_t>(url_start_ - base_);
    // Rules K and P stop at a marker's end, a line break, a byte of a
    // pair's gap (scanner_kp.cpp); one at an armed URL's password comes first.
    bool kp_stop = false;
    if (kp_watching()) {
      const std::size_t e = kp_next_event(i);
      if (e < n || (e == n && n < w_.n)) {
        n = e;
        kp_stop = true;
      }
    }
    // The next candidate and the literals that match there (an armed URL
    // or a stop of Rules K and P bounds the search at n).
    const candidate cand = cursor_.next(i);
    i = std::min(cand.pos, n);
    if (i >= n) {
      if (kp_stop) return kp_event(n);
      return url_armed_ ? fire_url(n) : i;
    }
    plan p;
    verdict r;
    w_.emitted = copy_from_;
    // (The window's end, not the search bound n: an armed URL or a stop of
    // Rules K and P bounds where candidates are looked for, not the bytes
    // a candidate's literal test may read.)
    r = detect_at(i, cand.literals, p);
    if (r == verdict::need_more) return need(i);
    // Rule P: a field name may end a name member's string (Rule H's finding
    // masks only what follows it).
    if (cp_.on.pairs && (cp_.anchor[w_.at(i)] & anchor_field) &&
        (r == verdict::reject || is_field_plan(p)) && maybe_arm_pair(i) == verdict::need_more)
      return need(i);
    if (r == verdict::accept) return commit(p);
    ++i;
  }
}

// The detectors of the literals that match at i (the literal index: at the
// window's last byte, those whose first byte matches), in precedence order;
// the first that does not reject decides.
verdict scanner::detect_at(std::size_t i, const literal_matches& m, plan& p) const noexcept {
  for (const literal_entry& e : m)
    if (const verdict r = k_candidate_detectors.by_kind[e.kind](cp_, w_, i, e.index, p);
        r != verdict::reject)
      return r;
  return verdict::reject;
}

// A finding masked the armed URL's first `:` (`s://password=:&x:pw@h`, Rule
// H's value `:`): on the output the password starts after the next `:`
// from i on, before the last `@`, if any (docs/rules.md U2). It keeps the
// first password's end, also when that was the 4,096-byte bound.
verdict scanner::url_after_masked_colon(std::size_t i) {
  url_armed_ = false;
  if (url_end_ <= base_ + i) return verdict::reject;  // the finding passed the last `@`
  const auto end = static_cast<std::size_t>(url_end_ - base_);
  std::size_t c = i;
  while (c < end && c < w_.n && w_.at(c) != ':') ++c;
  std::size_t kept = 0;
  const verdict v = c < end ? url_password(cp_, w_, c + 1, end, kept) : verdict::reject;
  if (v == verdict::need_more) return v;
  url_armed_ = v == verdict::accept;
  url_start_ = base_ + c + 1;
  url_kept_ = kept;
  return v;
}

// Scanning reached an armed URL password at i. Rule H, earlier in precedence,
// may still start a finding there; otherwise the password is masked.
std::size_t scanner::fire_url(std::size_t i) {
  if (w_.before(i, 1) != ':') {  // a finding masked the authority's first `:`
    if (url_after_masked_colon(i) == verdict::need_more) return need(i);
    return i;  // the rules at i, then scanning on to the new password
  }
  plan p;
  if (cp_.anchor[w_.at(i)] & anchor_field)
    for (std::size_t k = 0; k < cp_.fields.size(); ++k) {
      const verdict r = detect_field(cp_, w_, i, k, p);
      if (r == verdict::need_more) return need(i);
      if (r == verdict::accept) {
        url_armed_ = false;
        return commit(p);
      }
    }
  url_armed_ = false;
  p = plan{};
  p.act = plan::action::mask;
  p.kind = finding_kind::url;
  p.at = i;
  p.kept = url_kept_;
  p.span = span_kind::fixed;
  p.end = static_cast<std::size_t>(url_end_ - base_);
  p.label_text = std::string_view(url_label_, url_label_len_);
  return commit(p);
}

// ---------------------------------------------------------------- commit

std::size_t scanner::commit(const plan& p) {
  if (pair_armed_ || pair_snap_valid_ || p.otel_next ||  // Rules K and P
      p.act == plan::action::arm_key || p.act == plan::action::pair_blanks ||
      p.act == plan::action::pair_otel) {
    const std::size_t at = commit_kp(p);
    if (at != static_cast<std::size_t>(-1)) return at;
  }
  if (p.label_len > 0) set_label(p.label_from, p.label_len);
  if (!p.label_text.empty()) set_label(p.label_text);
  switch (p.act) {
    case plan::action::resume:
      mode_ = mode::normal;
      return p.at;
    case plan::action::value_blanks:
      field_ = p.field;
      mode_ = mode::value_blanks;
      return p.at;
    case plan::action::cred_blanks:
      pending_ = p.pending;
      value_ = p.value;
      mode_ = mode::cred_blanks;
      return p.at;
    case plan::action::arm_url:
      url_armed_ = true;
      url_start_ = base_ + p.url_start;
      url_end_ = base_ + p.end;
      url_kept_ = p.kept;
      url_label_len_ = p.label_buf_len;
      std::memcpy(url_label_, p.label_buf, p.label_buf_len);
      mode_ = mode::normal;
      return p.at;
    case plan::action::mask:
      break;
    case plan::action::arm_key:
    case plan::action::pair_blanks:
    case plan::action::pair_otel:
      return p.at;  // taken by commit_kp
  }
  // The secret starts at p.at (its column counts the escape sequences before
  // p.at, not those inside a kept prefix): the kept prefix (no line break in
  // it) is written out and hashed, then the mask; the span step consumes the
  // rest.
  const std::size_t masked = p.at + p.kept;
  flush_copy(p.at);
  begin_finding(p.kind, p.at);
  flush_copy(masked);
  fp_.update(w_.d + p.at, p.kept);
  out_->mask();
  if (cp_.on.pairs) note_output("***", 3);
  if (cp_.on.private_keys && p.span == span_kind::field) key_watch_begin(masked);
  mask_lo_ = mask_hi_ = base_ + masked;  // the end is set when the span ends
  copy_from_ = masked;
  mode_ = mode::span;
  span_ = p.span;
  value_ = p.value;
  alphabet_ = p.alphabet;
  span_end_ = base_ + p.end;
  enc_ = encoded_state{};
  enc_.junk = p.encoded_offset;
  enc_.prefix = p.encoded_prefix;
  enc_.max = p.encoded_max;
  bs_run_ = 0;
  return masked;
}

// ---------------------------------------------------------------- blanks

std::size_t scanner::step_value_blanks(std::size_t i) {
  while (i < w_.n && has(w_.at(i), c_space)) ++i;
  if (!w_.has(i)) return i;
  plan p;
  const verdict r = decide_value(cp_, w_, i, field_, p);
  return r == verdict::need_more ? need(i) : commit(p);
}

std::size_t scanner::step_cred_blanks(std::size_t i) {
  while (i < w_.n && has(w_.at(i), c_space)) ++i;
  if (!w_.has(i)) return i;
  plan p;
  verdict r;
  if (pending_ == finding_kind::field) {
    r = credential_ends_at(w_, i, value_);
    if (r == verdict::accept) return commit(plan::resume_at(i));  // nothing after the scheme
    if (r == verdict::reject) r = decide_credential(cp_, w_, i, value_, p);
  } else {
    r = pending_ == finding_kind::bearer ? bearer_token_at(cp_, w_, i) : basic_token_at(cp_, w_, i);
    if (r == verdict::reject) return commit(plan::resume_at(i));
    std::size_t kept = 0;
    if (r == verdict::accept && prefix_at(cp_, w_, i, kept) == verdict::need_more)
      r = verdict::need_more;
    if (r == verdict::accept) {
      p.act = plan::action::mask;
      p.kind = pending_;
      p.at = i;
      p.kept = kept;
      p.span = pending_ == finding_kind::bearer ? span_kind::bearer : span_kind::basic;
    }
  }
  return r == verdict::need_more ? need(i) : commit(p);
}

// ---------------------------------------------------------------- emission

void scanner::track_lines(std::size_t from, std::size_t to) {
  if (rep_.wants_positions()) {
    const char* p = w_.d + from;
    const char* e = w_.d + to;
    const char* last = nullptr;
    while (p < e) {
      const void* q = std::memchr(p, '\n', static_cast<std::size_t>(e - p));
      if (q == nullptr) break;
      last = static_cast<const char*>(q);
      ++line_no_;
      p = last + 1;
    }
    if (last != nullptr) {
      line_start_ = base_ + static_cast<std::uint64_t>(last - w_.d) + 1;
      line_delta_ = 0;
    }
  }
  if (marks_ != nullptr) marks_->pass(base_ + to, line_start_, line_delta_);
}

void scanner::flush_copy(std::size_t to) {
  if (to > copy_from_) {
    if (pair_armed_) pair_text(copy_from_, to);
    if (cp_.on.pairs) note_output(w_.d + copy_from_, to - copy_from_);
    out_->text(std::string_view(w_.d + copy_from_, to - copy_from_));
    track(copy_from_, to);
  }
  copy_from_ = std::max(copy_from_, to);
}

void scanner::skip(std::size_t from, std::size_t to, bool hash) {
  assert(from == copy_from_);
  if (to <= from) return;
  if (!hash) {
    // The span hashes what it decodes (Rule E).
  } else if (marks_ == nullptr || marks_->empty()) {
    fp_.update(w_.d + from, to - from);
  } else {
    // Hash original bytes: a Rule S mask inside the credential stands for
    // the secret it replaced.
    marks_->hash_original(fp_, w_.d, base_, base_ + from, base_ + to);
  }
  out_->masked(to - from);
  track(from, to);
  copy_from_ = to;
}

void scanner::set_label(std::size_t from, std::size_t len) {
  set_label(std::string_view(w_.d + from, len));
}

void scanner::set_label(std::string_view text) {
  // Only a finding handler reads labels (the counters do not).
  label_len_ = rep_.wants_positions() ? std::min(text.size(), sizeof label_) : 0;
  if (label_len_ > 0) std::memcpy(label_, text.data(), label_len_);
}

void scanner::begin_finding(finding_kind kind, std::size_t secret_start) {
  finding_.kind = kind;
  finding_.line = line_no_;
  if (rep_.wants_positions()) {
    // The column counts the escape sequences before the secret on its line.
    out_->flush();
    finding_.column =
        static_cast<std::uint64_t>(static_cast<std::int64_t>(base_ + secret_start - line_start_) +
                                   line_delta_) +
        out_->line_escape_bytes() + 1;
  }
  fp_.begin(rep_.wants_positions(), cp_.fp_keys[static_cast<std::size_t>(kind)]);
}

void scanner::end_finding() {
  rep_.report(finding_.kind, std::string_view(label_, label_len_), finding_.line, finding_.column,
              fp_.finish());
  mask_hi_ = base_ + copy_from_;
  w_.mask_lo = static_cast<std::int64_t>(mask_lo_) - static_cast<std::int64_t>(base_);
  w_.mask_hi = static_cast<std::int64_t>(mask_hi_) - static_cast<std::int64_t>(base_);
  mode_ = mode::normal;
  if (cp_.on.private_keys) key_watch_span_end();  // Rule K
  if (otel_after_) {  // Rule P: a LINE `{` credential's OpenTelemetry member
    otel_after_ = false;
    mode_ = mode::pair_otel;
  }
}

}  // namespace redact::detail
