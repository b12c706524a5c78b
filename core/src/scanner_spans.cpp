// The scanner's span steps (scanner.hpp): once a finding is committed, its
// masked bytes are consumed — hashed for the fingerprint, never written —
// until the span's terminator, which a later window may hold. Bytes that
// cannot end a span are skipped with the span kernel (prefilter.hpp).
#include <algorithm>
#include <cassert>

#include "ascii.hpp"
#include "base64.hpp"
#include "rules.hpp"
#include "scanner.hpp"
#include "value_stops.hpp"

namespace redact::detail {

std::size_t scanner::step_span(std::size_t i) {
  assert(copy_from_ == i);
  switch (span_) {
    case span_kind::key:
    case span_kind::bearer:
    case span_kind::bearer_pad:
    case span_kind::basic:
    case span_kind::basic_pad:
      return step_run_span(i);
    case span_kind::fixed: {
      // The detector saw the whole span: it ends within this window.
      assert(span_end_ >= base_ + i && span_end_ <= base_ + w_.n);
      const auto e = static_cast<std::size_t>(span_end_ - base_);
      skip(i, e);
      end_finding();
      return e;
    }
    case span_kind::jwt:
      return step_jwt_span(i);
    case span_kind::encoded:
      return step_encoded_span(i);
    case span_kind::field:
      break;
  }
  return value_.mode == value_mode::quoted ? step_quoted_span(i) : step_unquoted_span(i);
}

// Rule T key bodies, Rule B tokens (with `\/`) and their `=` padding: the
// maximal run of the alphabet.
std::size_t scanner::step_run_span(std::size_t i) {
  std::size_t e = i;
  switch (span_) {
    case span_kind::key: {
      const byte_class& cls = alphabet_ == key_alphabet::alnum   ? k_alnum_set
                              : alphabet_ == key_alphabet::upper ? k_upper_set
                                                                 : k_body_set;
      e = cp_.span(cls, w_.d, i, w_.end, false);
      break;
    }
    case span_kind::bearer:
    case span_kind::basic: {
      const byte_class& cls = span_ == span_kind::bearer ? k_token_set : k_b64_set;
      for (;;) {
        e = cp_.span(cls, w_.d, e, w_.end, false);
        if (!w_.has(e) || w_.at(e) != '\\') break;
        if (!w_.has(e + 1)) {
          skip(i, e);
          return need(e);
        }
        if (w_.at(e + 1) != '/') break;
        e += 2;
      }
      if (w_.has(e) && w_.at(e) == '=') {
        skip(i, e);
        span_ = span_ == span_kind::bearer ? span_kind::bearer_pad : span_kind::basic_pad;
        return e;
      }
      break;
    }
    case span_kind::bearer_pad:
    case span_kind::basic_pad:
      while (w_.has(e) && w_.at(e) == '=') ++e;
      break;
    case span_kind::field:
    case span_kind::fixed:
    case span_kind::jwt:
    case span_kind::encoded:
      assert(false);
      break;
  }
  skip(i, e);
  if (w_.has(e)) end_finding();
  return e;
}

// The rest of a JWT (rule_j.cpp): segments, and dot runs that go on to
// another segment. A run of more than 64 dots, or dots after which the token
// ends, are not part of it (it has three segments without them).
std::size_t scanner::step_jwt_span(std::size_t i) {
  std::size_t e = i;
  for (;;) {
    e = cp_.span(k_jwt_set, w_.d, e, w_.end, false);
    if (!w_.has(e)) {
      skip(i, e);
      return e;
    }
    if (w_.at(e) != '.') break;
    std::size_t r = e;
    while (w_.has(r) && w_.at(r) == '.' && r - e <= k_jwt_max_dots) ++r;
    if (!w_.has(r)) {
      skip(i, e);
      return need(e);
    }
    if (r - e > k_jwt_max_dots || !has(w_.at(r), c_jwt)) break;
    e = r;
  }
  skip(i, e);
  end_finding();
  return e;
}

// A key hidden in base64 (rule_e.cpp): decode character by character, hash
// the key's bytes (the fingerprint is the decoded key's), and end after the
// last character holding bits of the key's last byte. Characters after it
// are only looked at: the state saved is the decoder's after the last
// masked character, so a window that ends early re-reads them.
std::size_t scanner::step_encoded_span(std::size_t i) {
  const std::uint16_t cls = alphabet_class(alphabet_);
  encoded_state s = enc_;
  std::size_t p = i, last = i;
  for (;;) {
    if (!w_.has(p)) {
      skip(i, last, false);
      return need(last);
    }
    unsigned value = 0;
    std::size_t len = 0;
    const unsigned char b = w_.at(p);
    if (has(b, c_b64) || b == '-' || b == '_') {
      value = k_b64.v[b];
      len = 1;
    } else if (b == '\\') {
      if (!w_.has(p + 1)) {
        skip(i, last, false);
        return need(last);
      }
      if (w_.at(p + 1) == '/') value = 63, len = 2;
    }
    if (len == 0) break;  // the run ends
    s.acc = (s.acc << 6) | value;
    s.bits += 6;
    p += len;
    bool ended = false;
    while (s.bits >= 8) {
      s.bits -= 8;
      const auto byte = static_cast<unsigned char>(s.acc >> s.bits);
      s.acc &= (1u << s.bits) - 1;
      if (s.junk > 0) {
        --s.junk;
        continue;
      }
      if (s.prefix == 0 && (!has(byte, cls) || (s.max != 0 && s.body == s.max))) {
        ended = true;
        break;
      }
      fp_.update(reinterpret_cast<const char*>(&byte), 1);
      if (s.prefix > 0) {
        --s.prefix;
      } else {
        ++s.body;
      }
      last = p;
      enc_ = s;
    }
    if (ended) break;
  }
  skip(i, last, false);
  end_finding();
  return last;
}

// A QUOTED Rule H credential. bs_run_ counts backslashes consumed right
// before copy_from_ and not yet hashed: the last min(r, k) of them may turn
// out to belong to the closing sequence, so they are hashed (as part of the
// credential) or written out (as the terminator) only when the byte after
// them shows which — a 100 MB run of backslashes needs no hold-back.
std::size_t scanner::step_quoted_span(std::size_t i) {
  std::size_t e = i;
  const auto q = static_cast<unsigned char>(value_.quote);
  auto hash_ordinary = [&](std::size_t to) {
    if (to > copy_from_) {
      mask_backslashes(bs_run_);
      bs_run_ = 0;
      skip(copy_from_, to);
    }
  };
  const byte_class& stop = quoted_stops(value_.quote);
  while (w_.has(e)) {
    e = cp_.span(stop, w_.d, e, w_.end, true);
    if (!w_.has(e)) break;
    const unsigned char c = w_.at(e);
    if (c == '\\') {
      hash_ordinary(e);
      std::size_t r = e;
      while (w_.has(r) && w_.at(r) == '\\') ++r;
      bs_run_ += r - e;
      track(e, r);
      copy_from_ = r;
      e = r;
      continue;
    }
    if (is_eol(c)) {
      hash_ordinary(e);
      mask_backslashes(bs_run_);
      bs_run_ = 0;
      end_finding();
      return e;
    }
    if (c == q) {
      if (e > copy_from_) {  // no backslash right before: r = 0 always closes
        hash_ordinary(e);
        end_finding();
        return e;
      }
      if (closes(bs_run_, value_.depth)) {
        const std::uint64_t term = std::min<std::uint64_t>(bs_run_, value_.depth);
        mask_backslashes(bs_run_ - term);
        bs_run_ = 0;
        end_finding();
        out_->text(std::string_view(k_backslashes, static_cast<std::size_t>(term)));
        if (cp_.on.pairs) note_output(k_backslashes, static_cast<std::size_t>(term));
        return e;
      }
      mask_backslashes(bs_run_);  // an escaped quote inside the value
      bs_run_ = 0;
    }
    ++e;
  }
  hash_ordinary(e);
  return e;
}

// LINE, LINE after `[` and WORD credentials: skip bytes that can neither end
// the credential nor open a quoted parameter, then decide on the one that can.
std::size_t scanner::step_unquoted_span(std::size_t i) {
  std::size_t e = i;
  const byte_class* stop = &unquoted_stops(value_);
  while (w_.has(e)) {
    e = cp_.span(*stop, w_.d, e, w_.end, true);
    if (!w_.has(e)) break;
    if (w_.at(e) == '=' && value_.mode != value_mode::to_eol) {
      std::size_t after = 0;
      switch (quoted_parameter(cp_, w_, e, after)) {
        case parameter::need_more:
          skip(i, e);
          return need(e);
        case parameter::closes:
          e = after;
          continue;
        case parameter::unclosed:
          value_.mode = value_mode::to_eol;  // fail closed: the rest of the line
          stop = &unquoted_stops(value_);
          continue;
        case parameter::none:
          ++e;
          continue;
      }
    }
    const verdict t = credential_ends_at(w_, e, value_);
    if (t == verdict::need_more) {
      skip(i, e);
      return need(e);
    }
    if (t == verdict::accept) {
      skip(i, e);
      end_finding();
      return e;
    }
    ++e;
  }
  skip(i, e);
  return e;
}

}  // namespace redact::detail
