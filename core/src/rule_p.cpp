// SPEC Rule P — credentials in name/value pair layouts: a *name member*
// (`"name": "Authorization"`, `key=X-Api-Key`, `- name: X_API_KEY`) whose
// string ends with a configured field name, and the nearest *value member*
// after it (`"value": "Token abc"`), whose value is read as in Rule H.
//
// Name members are recognised where Rule H rejects a field name: looking back
// from it, on the output as produced so far (output_view), for the member
// key, separator and opening quote; the scanner then arms a pair and watches
// the gap (scanner_kp.cpp). Value members are read ahead from their key.
#include <algorithm>

#include "ascii.hpp"
#include "rules.hpp"

namespace redact::detail {

namespace {

// SPEC Rule P: a member key is not preceded by a byte of `A-Z a-z 0-9 _ . -`.
constexpr bool is_member_excluded(int c) noexcept {
  return c >= 0 && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.' || c == '-');
}

// `word` (lower case) at w.d[j], case-insensitively.
verdict word_at(const window& w, std::size_t j, std::string_view word) noexcept {
  for (std::size_t t = 0; t < word.size(); ++t) {
    if (!w.has(j + t)) return verdict::need_more;
    if (lower(w.at(j + t)) != word[t]) return verdict::reject;
  }
  return verdict::accept;
}

// Rule H steps 1-3 after a member key ending at e, with any separator but
// `,`: key close, spaces, separator. Shapes the value as Rule H does.
verdict member_structure(const window& w, std::size_t e, field_shape& shape,
                         std::size_t& sep_end) noexcept {
  std::size_t p = e, bs = 0;
  while (w.has(p + bs) && w.at(p + bs) == '\\' && bs <= k_max_run) ++bs;
  if (bs > k_max_run) return verdict::reject;
  if (!w.has(p + bs)) return verdict::need_more;
  bool quoted = false;
  if (is_quote(w.at(p + bs))) {
    quoted = true;
    p += bs + 1;
  } else if (bs > 0) {
    return verdict::reject;
  }
  std::size_t sp = 0;
  while (w.has(p + sp) && has(w.at(p + sp), c_space) && sp <= k_max_run) ++sp;
  if (sp > k_max_run) return verdict::reject;
  p += sp;
  if (!w.has(p)) return verdict::need_more;
  const unsigned char c = w.at(p);
  if (c != ':' && c != '=') return verdict::reject;
  if (!w.has(p + 1)) return verdict::need_more;
  const unsigned char c2 = w.at(p + 1);
  const bool two = (c == ':' && c2 == '=') || (c == '=' && c2 == '>');
  shape = field_shape{};
  shape.key_quoted = quoted;
  shape.colon_only = c == ':' && !two && !quoted;
  sep_end = p + (two ? 2 : 1);
  return verdict::accept;
}

// Looking back from d[i] on the output, at back distance `back` and beyond:
// the end of a member key `name` or `key` and Rule H's steps 1-4 up to the
// value (blanks, separator, spaces, key close), in reverse. Each run is at
// most 64 bytes.
bool member_key_before(const output_view& ov, std::size_t i, std::size_t back) noexcept {
  int c = ov.before(i, back);
  for (std::size_t sp = 0; c == ' ' || c == '\t'; c = ov.before(i, ++back))
    if (++sp > k_max_run) return false;
  if (c == '>') {
    if (ov.before(i, back + 1) != '=') return false;
    back += 2;
  } else if (c == '=') {
    back += ov.before(i, back + 1) == ':' ? 2 : 1;
  } else if (c == ':') {
    back += 1;
  } else {
    return false;
  }
  c = ov.before(i, back);
  for (std::size_t sp = 0; c == ' ' || c == '\t'; c = ov.before(i, ++back))
    if (++sp > k_max_run) return false;
  if (c == '"' || c == '\'') {  // the key close: backslashes and a quote
    ++back;
    for (std::size_t bs = 0; ov.before(i, back) == '\\'; ++back)
      if (++bs > k_max_run) return false;
  }
  auto ends_with = [&](std::string_view word) {
    for (std::size_t t = 0; t < word.size(); ++t) {
      const int b = ov.before(i, back + t);
      if (b < 0 || lower(static_cast<unsigned char>(b)) != word[word.size() - 1 - t]) return false;
    }
    return !is_member_excluded(ov.before(i, back + word.size()));
  };
  return ends_with("name") || ends_with("key");
}

// A quoted string whose closing sequence (m backslashes and q) follows the
// field name [i, i + len): its opening quote, with exactly m backslashes
// before it, lies back on the same line, the closing quote within 128 bytes
// of it; before that, a member key.
bool quoted_name_before(const output_view& ov, std::size_t i, std::size_t len, int q,
                        std::size_t m) noexcept {
  for (std::size_t b = 1; b + len + m <= k_pair_max_name; ++b) {
    const int c = ov.before(i, b);
    if (c < 0 || is_eol(static_cast<unsigned char>(c))) return false;
    if (c != q) continue;
    std::size_t t = 0;
    while (t <= k_max_run && ov.before(i, b + 1 + t) == '\\') ++t;
    if (t != m) continue;  // an escaped quote inside the string
    // The string would close at this quote: it must be the opening one.
    return member_key_before(ov, i, b + m + 1);
  }
  return false;
}

// An unquoted word ending right after the field name [i, i + len), at most
// 128 bytes: any of its bytes may be its first when a member key's
// structure ends right before it.
bool word_name_before(const output_view& ov, std::size_t i, std::size_t len) noexcept {
  for (std::size_t b = 0; b + len <= k_pair_max_name; ++b) {
    if (b > 0) {
      const int c = ov.before(i, b);
      if (c < 0 || has(static_cast<unsigned char>(c), c_wordterm)) return false;
    }
    if (member_key_before(ov, i, b + 1)) return true;
  }
  return false;
}

}  // namespace

verdict pair_name_at(const compiled_policy& cp, const window& w, const output_view& ov,
                     std::size_t i, std::size_t field, std::size_t& end) noexcept {
  const std::string_view f = cp.fields[field];
  if (i + f.size() <= w.end) {
    // Word-at-a-time first (as detect_field), the exact test after it.
    if (!folded_equal(w.d + i, cp.fields_folded[field], w.end - i)) return verdict::reject;
    if (!cp.field_all_letters[field])
      for (std::size_t t = 0; t < f.size(); ++t)
        if (lower(w.at(i + t)) != f[t]) return verdict::reject;
  } else {
    for (std::size_t t = 0; t < f.size(); ++t) {
      if (!w.has(i + t)) return verdict::need_more;
      if (lower(w.at(i + t)) != f[t]) return verdict::reject;
    }
  }
  const std::size_t e = i + f.size();
  std::size_t r = 0;
  while (w.has(e + r) && w.at(e + r) == '\\' && r <= k_max_run) ++r;
  if (r <= k_max_run) {
    if (!w.has(e + r)) return verdict::need_more;
    const unsigned char q = w.at(e + r);
    if (is_quote(q) && quoted_name_before(ov, i, f.size(), q, r)) {
      end = e + r + 1;
      return verdict::accept;
    }
  }
  if (has(w.at(e), c_wordterm) && word_name_before(ov, i, f.size())) {
    end = e;
    return verdict::accept;
  }
  return verdict::reject;
}

verdict name_member_at(const window& w, std::size_t i, std::size_t& end, bool& quoted,
                       bool& long_word) noexcept {
  long_word = false;
  std::size_t len = 0;
  for (std::string_view key : {std::string_view("name"), std::string_view("key")}) {
    const verdict r = word_at(w, i, key);
    if (r == verdict::need_more) return r;
    if (r == verdict::accept) {
      len = key.size();
      break;
    }
  }
  if (len == 0 || is_member_excluded(w.before(i, 1))) return verdict::reject;
  field_shape shape;
  std::size_t v = 0;
  const verdict s = member_structure(w, i + len, shape, v);
  if (s != verdict::accept) return s;
  for (std::size_t sp = 0; w.has(v) && has(w.at(v), c_space); ++v)
    if (++sp > k_max_run) return verdict::reject;
  std::size_t m = 0;
  while (w.has(v + m) && w.at(v + m) == '\\' && m <= k_max_run) ++m;
  if (m > k_max_run) return verdict::reject;
  if (!w.has(v + m)) return verdict::need_more;
  const unsigned char q = w.at(v + m);
  if (is_quote(q)) {
    // The same quote with the same number of backslashes, within the 128
    // bytes after the opening quote, on the same line.
    const std::size_t open = v + m;
    std::size_t bs = 0;
    for (std::size_t t = open + 1; t <= open + k_pair_max_name; ++t) {
      if (!w.has(t)) return verdict::need_more;
      const unsigned char c = w.at(t);
      if (is_eol(c)) return verdict::reject;
      if (c == q && bs == m) {
        end = t + 1;
        quoted = true;
        return verdict::accept;
      }
      bs = c == '\\' ? bs + 1 : 0;
    }
    return verdict::reject;
  }
  if (m > 0) return verdict::reject;  // a backslash ends a word: empty
  std::size_t t = v;
  while (w.has(t) && !has(w.at(t), c_wordterm) && t - v <= k_pair_max_name) ++t;
  if (!w.has(t)) return verdict::need_more;
  if (t == v) return verdict::reject;
  long_word = t - v > k_pair_max_name;
  end = long_word ? v : t;
  quoted = false;
  return verdict::accept;
}

int name_member_ending_at(const compiled_policy& cp, const output_view& ov, std::size_t e,
                          bool quoted, std::size_t& label_back, std::size_t& label_len) noexcept {
  // The string's bytes, as back distances from e: [first, last].
  std::size_t first = 0, last = 1;
  if (quoted) {
    const int q = ov.before(e, 1);
    if (q != '"' && q != '\'') return 0;
    std::size_t m = 0;
    while (m <= k_max_run && ov.before(e, 2 + m) == '\\') ++m;
    if (m > k_max_run) return 0;
    last = m + 2;
    // The opening quote, with exactly m backslashes before it, within the
    // 128 bytes before the closing one, on the same line.
    for (std::size_t b = last;; ++b) {
      if (b - 1 > k_pair_max_name) return 0;
      const int c = ov.before(e, b);
      if (c < 0 || is_eol(static_cast<unsigned char>(c))) return 0;
      if (c != q) continue;
      std::size_t t = 0;
      while (t <= k_max_run && ov.before(e, b + 1 + t) == '\\') ++t;
      if (t != m) continue;
      if (!member_key_before(ov, e, b + m + 1)) return 0;
      first = b - 1;
      break;
    }
  } else {
    // A word of 1 to 128 bytes ending at e, right after a member key's
    // structure.
    for (std::size_t b = 1;; ++b) {
      if (b > k_pair_max_name) return 0;
      const int c = ov.before(e, b);
      if (c < 0 || has(static_cast<unsigned char>(c), c_wordterm)) return 0;
      if (member_key_before(ov, e, b + 1)) {
        first = b;
        break;
      }
    }
  }
  // Does the string end with a field name (the longest first)?
  const std::size_t size = first + 1 - last;
  for (const auto& f : cp.fields) {
    if (f.size() > size) continue;
    bool same = true;
    for (std::size_t k = 0; k < f.size() && same; ++k)
      same = lower(static_cast<unsigned char>(ov.before(e, last + k))) == f[f.size() - 1 - k];
    if (same) {
      label_back = last + f.size() - 1;
      label_len = f.size();
      return 2;
    }
  }
  return 1;
}

verdict detect_pair_value(const compiled_policy& cp, const window& w, std::size_t i,
                          plan& out) noexcept {
  const verdict k = word_at(w, i, "value");
  if (k != verdict::accept) return k;
  if (is_member_excluded(w.before(i, 1))) return verdict::reject;
  field_shape shape;
  std::size_t sep_end = 0;
  const verdict s = member_structure(w, i + 5, shape, sep_end);
  if (s != verdict::accept) return s;
  std::size_t v = sep_end, sp = 0;
  while (w.has(v) && has(w.at(v), c_space) && sp <= k_max_run) ++v, ++sp;
  if (sp > k_max_run) {
    // Streamed like Rule H's blanks; the value is decided at their end.
    out = plan{};
    out.act = plan::action::pair_blanks;
    out.at = sep_end;
    out.field = shape;
    return verdict::accept;
  }
  if (!w.has(v)) return verdict::need_more;
  const verdict d = decide_pair_value(cp, w, v, shape, out);
  if (d != verdict::accept) return d;
  return out.act == plan::action::resume ? verdict::reject : verdict::accept;
}

verdict decide_pair_value(const compiled_policy& cp, const window& w, std::size_t v,
                          const field_shape& shape, plan& out) noexcept {
  if (w.at(v) == '{') {
    // OpenTelemetry: `{`, at most 64 bytes of blanks and line breaks, the
    // inner `stringValue` member.
    std::size_t j = v + 1;
    bool inner = true;
    for (;; ++j) {
      if (!w.has(j)) return verdict::need_more;
      const unsigned char c = w.at(j);
      if (!has(c, c_space) && !is_eol(c)) break;
      if (j - (v + 1) >= k_pair_otel_blanks) {
        inner = false;  // more than 64
        break;
      }
      if (is_eol(c)) {
        // The inner member is on a later line. Deciding here would hold the
        // line break back (SPEC property 4): a WORD value starting with `{`
        // is no finding unless the inner member follows, so the scanner
        // streams the gap (pair_otel).
        if (!shape.colon_only) {
          out = plan{};
          out.act = plan::action::pair_otel;
          out.at = v + 1;
          return verdict::accept;
        }
        // LINE: `{` is Rule H's credential up to the line break (it cannot
        // wait for the next line); the inner member's value, if it follows,
        // is masked too (failing closed).
        const verdict d = decide_value(cp, w, v, shape, out);
        if (d == verdict::accept && out.act == plan::action::mask) out.otel_next = true;
        return d;
      }
    }
    if (inner) {
      const verdict r = decide_otel_member(cp, w, j, out);
      if (r != verdict::reject) return r;
    }
  }
  return decide_value(cp, w, v, shape, out);
}

verdict decide_otel_member(const compiled_policy& cp, const window& w, std::size_t j,
                           plan& out) noexcept {
  std::size_t bs = 0;
  while (w.has(j + bs) && w.at(j + bs) == '\\' && bs <= k_max_run) ++bs;
  if (bs > k_max_run) return verdict::reject;
  if (!w.has(j + bs)) return verdict::need_more;
  std::size_t k = j;
  if (is_quote(w.at(j + bs))) {
    k = j + bs + 1;
  } else if (bs > 0) {
    return verdict::reject;
  }
  verdict r = word_at(w, k, "string");
  if (r != verdict::accept) return r;
  std::size_t e = k + 6;
  if (!w.has(e)) return verdict::need_more;
  if (w.at(e) == '_') ++e;
  r = word_at(w, e, "value");
  if (r != verdict::accept) return r;
  field_shape shape;
  std::size_t sep_end = 0;
  r = member_structure(w, e + 5, shape, sep_end);
  if (r != verdict::accept) return r;
  shape.brace = true;  // `}` also ends an unquoted credential
  std::size_t v = sep_end, sp = 0;
  while (w.has(v) && has(w.at(v), c_space) && sp <= k_max_run) ++v, ++sp;
  if (sp > k_max_run) {
    out = plan{};
    out.act = plan::action::value_blanks;
    out.at = sep_end;
    out.field = shape;
    return verdict::accept;
  }
  if (!w.has(v)) return verdict::need_more;
  return decide_value(cp, w, v, shape, out);
}

}  // namespace redact::detail
