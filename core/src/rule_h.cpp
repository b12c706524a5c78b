// SPEC Rule H — credential fields: a field name, its key close, spaces and
// separator, then the value (opener, value mode, scheme, credential). The
// detectors here decide; the scanner commits (rules.hpp, window.hpp).
#include <algorithm>
#include <bit>

#include "ascii.hpp"
#include "left_alone.hpp"
#include "rules.hpp"
#include "value_stops.hpp"

namespace redact::detail {

namespace {

constexpr std::string_view k_schemes[] = {"basic",
                                          "bearer",
                                          "digest",
                                          "token",
                                          "apikey",
                                          "api-key",
                                          "jwt",
                                          "negotiate",
                                          "ntlm",
                                          "oauth",
                                          "aws4-hmac-sha256",
                                          "hoba",
                                          "mutual",
                                          "scram-sha-1",
                                          "scram-sha-256",
                                          "vapid",
                                          "dpop",
                                          "gnap",
                                          "privatetoken",
                                          "signature",
                                          "ssws",
                                          "splunk",
                                          "key"};

// k_schemes by length. Scheme bytes (A-Z a-z 0-9 -) fold exactly with
// OR 0x20, so folded_equal is the case-insensitive comparison.
struct scheme_table {
  static constexpr std::size_t k_per_length = 6;
  std::string_view by_len[k_longest_scheme + 1][k_per_length] = {};
  std::uint64_t words[k_longest_scheme + 1][k_per_length] = {};  // low_word of each
  constexpr scheme_table() {
    for (auto s : k_schemes) {
      auto& row = by_len[s.size()];
      std::size_t k = 0;
      while (!row[k].empty()) ++k;  // at most six share a length (checked at compile time)
      row[k] = s;
      words[s.size()][k] = low_word(s);
    }
  }
};
constexpr scheme_table k_scheme_table;

constexpr bool longest_scheme_is_right() {
  std::size_t m = 0;
  for (auto s : k_schemes) m = std::max(m, s.size());
  return m == k_longest_scheme;
}
static_assert(longest_scheme_is_right());

bool is_scheme(const char* p, std::size_t n, std::size_t room) noexcept {
  if (n > k_longest_scheme) return false;
  const auto& row = k_scheme_table.by_len[n];
  if (n < 8 && room >= 8 && std::endian::native == std::endian::little) {
    const std::uint64_t head = folded_head(p, n);
    for (std::size_t k = 0; k < scheme_table::k_per_length && !row[k].empty(); ++k)
      if (head == k_scheme_table.words[n][k]) return true;
    return false;
  }
  for (auto s : row) {
    if (s.empty()) return false;
    if (folded_equal(p, s, room)) return true;
  }
  return false;
}

// SPEC tuple form: the quoted name's opening quote (optionally b/u-prefixed,
// after spaces) directly follows `(` or `[`. docs/rules.md: a run of
// [A-Za-z0-9_.-] may precede the matched name inside the quotes.
bool tuple_lookbehind(const window& w, std::size_t name_start) noexcept {
  std::size_t back = 1;
  int c = w.before(name_start, back);
  while (
      c >= 0 && back <= k_max_run &&
      ((k_class.v[c] & c_letter) || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-')) {
    c = w.before(name_start, ++back);
  }
  // Any quote opens the key (docs/rules.md 7): a mismatched pair such as
  // ["Authorization', …] still counts, which masks more.
  if (c != '"' && c != '\'') return false;
  c = w.before(name_start, ++back);
  if (c == 'b' || c == 'u') c = w.before(name_start, ++back);
  std::size_t sp = 0;
  while (c == ' ' || c == '\t') {
    if (++sp > k_tuple_max_spaces) return false;
    c = w.before(name_start, ++back);
  }
  return c == '(' || c == '[';
}

// After a field name ending at e: key close, spaces, separator.
verdict parse_structure(const window& w, std::size_t name_start, std::size_t e, field_shape& shape,
                        std::size_t& sep_end) noexcept {
  std::size_t p = e;
  std::size_t bs = 0;
  while (w.has(p + bs) && w.at(p + bs) == '\\' && bs <= k_max_run) ++bs;
  if (bs > k_max_run) return verdict::reject;
  if (!w.has(p + bs)) return verdict::need_more;
  char key_quote = 0;
  if (is_quote(w.at(p + bs))) {
    key_quote = static_cast<char>(w.at(p + bs));
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
  std::size_t len = 1;
  bool colon_only = false, tuple = false;
  if (c == ':' || c == '=') {
    if (!w.has(p + 1)) return verdict::need_more;
    const unsigned char c2 = w.at(p + 1);
    if ((c == ':' && c2 == '=') || (c == '=' && c2 == '>')) {
      len = 2;
    } else {
      colon_only = (c == ':');
    }
  } else if (c == ',') {
    if (key_quote == 0 || !tuple_lookbehind(w, name_start)) return verdict::reject;
    tuple = true;
  } else {
    return verdict::reject;
  }
  shape.key_quoted = key_quote != 0;
  shape.colon_only = colon_only && !shape.key_quoted;
  shape.tuple = tuple;
  sep_end = p + len;
  return verdict::accept;
}

// The value from its first byte vs (mode decided): a nested structure, a
// scheme, then the credential.
verdict decide_after_opener(const compiled_policy& cp, const window& w, std::size_t vs,
                            const value_shape& v, plan& out) noexcept {
  if (!w.has(vs)) return verdict::need_more;
  if (v.mode == value_mode::word && (w.at(vs) == '{' || w.at(vs) == '(' || w.at(vs) == '<')) {
    out = plan::resume_at(vs);  // a nested structure: the rules apply inside
    return verdict::accept;
  }
  if (v.mode == value_mode::quoted && has(w.at(vs), c_space)) {
    // Blanks at the start of a QUOTED value are kept, and what follows them
    // is not in scheme position (SPEC Rule H, step 6).
    std::size_t cs = vs, sp = 0;
    while (w.has(cs) && has(w.at(cs), c_space) && sp <= k_max_run) ++cs, ++sp;
    if (sp > k_max_run) {
      out = plan{};
      out.act = plan::action::cred_blanks;
      out.at = vs;
      out.pending = finding_kind::field;
      out.value = v;
      return verdict::accept;
    }
    if (!w.has(cs)) return verdict::need_more;
    return decide_credential(cp, w, cs, v, out);
  }
  std::size_t e = vs;
  while (w.has(e) && has(w.at(e), c_scheme) && e - vs <= k_longest_scheme) ++e;
  if (!w.has(e)) return verdict::need_more;
  std::size_t cs = vs;
  if (has(w.at(e), c_space) && is_scheme(w.d + vs, e - vs, w.room(vs))) {
    std::size_t sp = 0;
    while (w.has(e + sp) && has(w.at(e + sp), c_space) && sp <= k_max_run) ++sp;
    if (sp > k_max_run) {
      // Decided early (docs/rules.md): the scheme is kept, the blanks stream.
      out = plan{};
      out.act = plan::action::cred_blanks;
      out.at = e;
      out.pending = finding_kind::field;
      out.value = v;
      return verdict::accept;
    }
    const verdict t = credential_ends_at(w, e + sp, v);
    if (t == verdict::need_more) return t;
    if (t == verdict::reject) cs = e + sp;  // a scheme followed by a credential
  }
  return decide_credential(cp, w, cs, v, out);
}

}  // namespace

verdict detect_field(const compiled_policy& cp, const window& w, std::size_t i, std::size_t k,
                     plan& out) noexcept {
  const std::string_view f = cp.fields[k];
  if (i + f.size() <= w.end) {
    // Word-at-a-time test first; it is the exact match for all-letter names.
    if (!folded_equal(w.d + i, cp.fields_folded[k], w.end - i)) return verdict::reject;
    if (!cp.field_all_letters[k])
      for (std::size_t t = 0; t < f.size(); ++t)
        if (lower(w.at(i + t)) != f[t]) return verdict::reject;
  } else {
    for (std::size_t t = 0; t < f.size(); ++t) {
      if (!w.has(i + t)) return verdict::need_more;
      if (lower(w.at(i + t)) != f[t]) return verdict::reject;
    }
  }
  field_shape shape;
  std::size_t sep_end = 0;
  const verdict s = parse_structure(w, i, i + f.size(), shape, sep_end);
  if (s != verdict::accept) return s;
  // A field that yields no finding (empty, null, nested, already redacted, a
  // tuple without a quoted value) is no finding at all: B and T may still
  // start at this position or inside the name (SPEC precedence). At most 64
  // blanks after the separator are looked at here; a longer run streams
  // (value_blanks) and the value is decided at its end.
  std::size_t v = sep_end, sp = 0;
  while (w.has(v) && has(w.at(v), c_space) && sp <= k_max_run) ++v, ++sp;
  if (sp > k_max_run) {
    out = plan{};
    out.act = plan::action::value_blanks;
    out.at = sep_end;
    out.field = shape;
  } else {
    if (!w.has(v)) return verdict::need_more;
    const verdict d = decide_value(cp, w, v, shape, out);
    if (d != verdict::accept) return d;
    if (out.act == plan::action::resume && !out.skip_past) return verdict::reject;
  }
  out.label_from = i;
  out.label_len = f.size();
  return verdict::accept;
}

verdict decide_value(const compiled_policy& cp, const window& w, std::size_t i,
                     const field_shape& field, plan& out) noexcept {
  // Value opener: `[`, spaces, optional b/u/r, backslashes and a quote.
  std::size_t p = i;
  bool bracket = false;
  // SPEC "Bounds": more than 64 blanks after `[`, or more than 64
  // backslashes where the opener's quote part would start, fail closed — the
  // credential starts after the `[` (or at the opener) and runs to the end
  // of the line.
  auto fail_closed = [&](std::size_t cs) {
    std::size_t kept = 0;
    if (prefix_at(cp, w, cs, kept) == verdict::need_more) return verdict::need_more;
    out = plan{};
    out.act = plan::action::mask;
    out.kind = finding_kind::field;
    out.at = cs;
    out.kept = kept;
    out.span = span_kind::field;
    out.value.mode = value_mode::to_eol;
    return verdict::accept;
  };
  if (w.at(p) == '[') {
    std::size_t q = p + 1, sp = 0;
    while (w.has(q) && has(w.at(q), c_space) && sp <= k_max_run) ++q, ++sp;
    if (!w.has(q)) return verdict::need_more;
    if (sp > k_max_run) return fail_closed(p + 1);
    bracket = true;
    p = q;
  }
  value_shape v;
  v.brace = field.brace;
  std::size_t vs = p;
  bool quoted = false;
  {
    std::size_t q = p;
    if (w.has(q) && (w.at(q) == 'b' || w.at(q) == 'u' || w.at(q) == 'r')) ++q;
    std::size_t bs = 0;
    while (w.has(q + bs) && w.at(q + bs) == '\\' && bs <= k_max_run) ++bs;
    if (!w.has(q + bs) && bs <= k_max_run) return verdict::need_more;
    if (bs > k_max_run) return fail_closed(bracket ? p : i);
    // A b/u/r prefix only counts when a quote part follows it.
    if (bs <= k_max_run && is_quote(w.at(q + bs))) {
      quoted = true;
      v.quote = static_cast<char>(w.at(q + bs));
      v.depth = static_cast<std::uint32_t>(bs);
      vs = q + bs + 1;
    }
  }
  if (quoted) {
    v.mode = value_mode::quoted;
  } else if (field.tuple) {
    out = plan::resume_at(i);  // the tuple form needs a quoted value
    return verdict::accept;
  } else if (field.colon_only) {
    v.mode = bracket ? value_mode::line_bracket : value_mode::line;
  } else {
    v.mode = value_mode::word;
  }
  return decide_after_opener(cp, w, vs, v, out);
}

// SPEC Rule H: a credential that is empty, already redacted (three or more
// `*` only, or a Rule T prefix and three or more `*` only — docs/rules.md:
// only the prefix that would be kept, the shortest, counts), allowlisted, or
// (unquoted) a placeholder word, is left alone.
bool is_left_alone(const compiled_policy& cp, std::string_view cred, value_mode mode) noexcept {
  return cred.empty() || is_skipped_past(cp, cred) ||
         (mode != value_mode::quoted && is_unquoted_left_alone(cred));
}

bool is_skipped_past(const compiled_policy& cp, std::string_view cred) noexcept {
  if (cred.empty()) return false;
  if (all_masked(cred)) return true;
  for (const auto& p : cp.prefixes)
    if (cred.starts_with(p)) {
      if (all_masked(cred.substr(p.size()))) return true;
      break;
    }
  for (const auto& a : cp.allowlist)
    if (cred == a) return true;
  return false;
}

verdict decide_credential(const compiled_policy& cp, const window& w, std::size_t cs,
                          const value_shape& v, plan& out) noexcept {
  std::size_t j = cs;
  bool left_alone = false;
  // Fast path: a credential whose first byte no left-alone value starts with
  // (and which is not empty) is masked without looking further.
  bool maybe_left_alone = true;
  if (w.has(cs) && !cp.left_alone_first[w.at(cs)]) {
    const verdict t = credential_ends_at(w, cs, v);
    if (t == verdict::need_more) return t;
    maybe_left_alone = (t == verdict::accept);
  }
  // How far a left-alone credential starting with this byte can reach: a run
  // of `*`, a prefix and a run of `*`, a placeholder word, an allowlisted key.
  std::size_t bound = 0;
  if (maybe_left_alone && w.has(cs)) {
    const unsigned char c = w.at(cs);
    if (c == '*') bound = k_max_masked_run;
    if (cp.anchor[c] & anchor_prefix) bound = std::max(bound, cp.max_prefix_len + k_max_masked_run);
    if (cp.placeholder_first[c]) bound = std::max(bound, longest_unquoted_left_alone());
    if (cp.allow_first[c]) bound = std::max(bound, cp.max_allow_len);
  }
  while (maybe_left_alone) {
    if (j - cs > bound) break;
    // Letters, digits and `*` end no credential in any mode.
    if (w.has(j) && (has(w.at(j), c_alnum) || w.at(j) == '*')) {
      ++j;
      continue;
    }
    const verdict t = credential_ends_at(w, j, v);
    if (t == verdict::need_more) return t;
    if (t == verdict::accept) {
      left_alone = is_left_alone(cp, std::string_view(w.d + cs, j - cs), v.mode);
      break;
    }
    if (w.at(j) == '=' && v.mode != value_mode::quoted) break;  // may open a quoted parameter
    ++j;
  }
  if (left_alone) {
    // SPEC "Already redacted", "Allowlist": scanning resumes after such a
    // credential, no other rule starts inside it.
    out = plan::resume_at(cs);
    if (is_skipped_past(cp, std::string_view(w.d + cs, j - cs))) {
      out.at = j;
      out.skip_past = true;
    }
    return verdict::accept;
  }
  std::size_t kept = 0;
  if (prefix_at(cp, w, cs, kept) == verdict::need_more) return verdict::need_more;
  out = plan{};
  out.act = plan::action::mask;
  out.kind = finding_kind::field;
  out.at = cs;
  out.kept = kept;
  out.span = span_kind::field;
  out.value = v;
  return verdict::accept;
}

verdict credential_ends_at(const window& w, std::size_t j, const value_shape& v) noexcept {
  if (!w.has(j)) return verdict::need_more;
  const unsigned char c = w.at(j);
  const auto yes = [](bool b) { return b ? verdict::accept : verdict::reject; };
  switch (v.mode) {
    case value_mode::quoted: {
      const auto q = static_cast<unsigned char>(v.quote);
      if (is_eol(c) || c == q) return verdict::accept;
      if (c != '\\') return verdict::reject;
      std::size_t r = 0;
      while (w.has(j + r) && w.at(j + r) == '\\' && r <= k_max_run) ++r;
      if (r > k_max_run) return verdict::reject;
      if (!w.has(j + r)) return verdict::need_more;
      return yes(w.at(j + r) == q && closes(r, v.depth) && r <= v.depth);
    }
    case value_mode::line_bracket:
      return yes(c == ']' || is_eol(c) || (v.brace && c == '}'));
    case value_mode::line:
      if (is_eol(c) || is_quote(c) || c == '[' || (v.brace && c == '}')) return verdict::accept;
      break;
    case value_mode::to_eol:
      return yes(is_eol(c));
    case value_mode::word:
      if (c != '\\' && has(c, c_wordterm)) return verdict::accept;
      break;
  }
  if (c != '\\') return verdict::reject;
  if (!w.has(j + 1)) return verdict::need_more;
  return yes(w.at(j + 1) != '/');  // `\/` is part of the credential
}

parameter quoted_parameter(const compiled_policy& cp, const window& w, std::size_t j,
                           std::size_t& end) noexcept {
  std::size_t p = j + 1, m = 0;
  while (w.has(p + m) && w.at(p + m) == '\\' && m <= k_max_run) ++m;
  if (m > k_max_run) return parameter::none;
  if (!w.has(p + m)) return parameter::need_more;
  const unsigned char q = w.at(p + m);
  if (!is_quote(q)) return parameter::none;
  const std::size_t open = p + m;
  const std::size_t last = open + k_param_window;  // the window is (open, last]
  const byte_class& stop = quoted_stops(static_cast<char>(q));
  std::size_t bs = 0;
  for (std::size_t t = open + 1; t <= last; ++t) {
    // After an ordinary byte, skip to the next quote, backslash or line end.
    if (bs == 0 && w.has(t)) t = cp.span(stop, w.d, t, std::min(w.end, last + 1), true);
    if (t > last) break;
    if (!w.has(t)) return parameter::need_more;
    const unsigned char c = w.at(t);
    if (is_eol(c)) return parameter::none;
    if (c == q && bs == m) {
      if (!w.has(t + 1)) return parameter::need_more;
      const unsigned char f = w.at(t + 1);
      if (f == ',' || f == ';' || f == ' ' || f == '\t' || is_eol(f) || f == '\\' || is_quote(f)) {
        end = t + 1;
        return parameter::closes;
      }
      return parameter::none;
    }
    bs = (c == '\\') ? bs + 1 : 0;
  }
  // 512 bytes on the line without the closing quote: decided here, failing
  // closed (SPEC: a 2 KB JWT in `Token token="…"` is not let through).
  return parameter::unclosed;
}

}  // namespace redact::detail
