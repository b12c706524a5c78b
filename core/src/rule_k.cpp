// SPEC Rule K — private-key blocks: a BEGIN marker (`-----BEGIN `, a label of
// at most 40 bytes of `A-Z 0-9` and spaces ending in `PRIVATE KEY` or
// `PRIVATE KEY BLOCK`, `-----`), the rest of its line masked up to an END
// marker, then line by line: key lines masked, empty and PEM header lines
// kept, an END marker or any other line ends the block.
//
// The detectors here read markers and classify lines; the scanner keeps the
// block's state across lines (scanner_kp.cpp). Every decision looks at most
// 80 bytes of a line (and an END marker after up to 64 `*`).
#include <algorithm>
#include <cstring>

#include "ascii.hpp"
#include "left_alone.hpp"
#include "rules.hpp"

namespace redact::detail {

namespace {

constexpr std::string_view k_begin = "-----BEGIN ";
constexpr std::string_view k_end = "-----END ";
constexpr std::string_view k_dashes = "-----";
constexpr std::string_view k_suffix = "PRIVATE KEY";
constexpr std::string_view k_suffix_block = "PRIVATE KEY BLOCK";

constexpr bool is_label_char(unsigned char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ';
}

// Key-line characters: base64 in both alphabets, and what other rules leave
// of a line (a JWT's dots, a mask).
constexpr bool is_key_line_char(unsigned char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/' || c == '=' || c == '-' || c == '_' || c == '.' || c == '*';
}

// A PEM header's word: `Proc-Type`, `DEK-Info`.
constexpr bool is_header_char(unsigned char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-';
}

// `lit` at w.d[j]? need_more when the window ends inside a matching prefix.
verdict literal_at(const window& w, std::size_t j, std::string_view lit) noexcept {
  for (std::size_t t = 0; t < lit.size(); ++t) {
    if (!w.has(j + t)) return verdict::need_more;
    if (w.at(j + t) != static_cast<unsigned char>(lit[t])) return verdict::reject;
  }
  return verdict::accept;
}

// A marker from j: `intro`, a label, `-----`. `label_len` gets the label's
// length.
verdict marker_at(const window& w, std::size_t j, std::string_view intro,
                  std::size_t& label_len) noexcept {
  const verdict r = literal_at(w, j, intro);
  if (r != verdict::accept) return r;
  const std::size_t from = j + intro.size();
  std::size_t k = from;
  while (w.has(k) && is_label_char(w.at(k)) && k - from <= k_key_max_label) ++k;
  if (!w.has(k)) return verdict::need_more;
  if (k - from > k_key_max_label) return verdict::reject;
  const verdict d = literal_at(w, k, k_dashes);
  if (d != verdict::accept) return d;
  if (!is_key_label(w.d + from, k - from)) return verdict::reject;
  label_len = k - from;
  return verdict::accept;
}

// The byte `back` positions before w.d[i] on the plain text (the window,
// then its history), or -1.
int raw_before(const window& w, std::size_t i, std::size_t back) noexcept {
  if (back <= i) return static_cast<unsigned char>(w.d[i - back]);
  const std::size_t h = back - i;
  if (h > w.hist_len) return -1;
  return static_cast<unsigned char>(w.hist[w.hist_len - h]);
}

// Does `lit` end `back` positions before w.d[i] (its last byte at back)?
bool literal_ends_at(const window& w, std::size_t i, std::size_t back,
                     std::string_view lit) noexcept {
  for (std::size_t t = 0; t < lit.size(); ++t)
    if (raw_before(w, i, back + t) != static_cast<unsigned char>(lit[lit.size() - 1 - t]))
      return false;
  return true;
}

}  // namespace

bool begin_intro_before(const window& w, std::size_t e) noexcept {
  return literal_ends_at(w, e, 1, k_begin.substr(0, k_begin_intro));
}

bool is_key_label(const char* p, std::size_t n) noexcept {
  if (n > k_key_max_label) return false;
  for (std::size_t k = 0; k < n; ++k)
    if (!is_label_char(static_cast<unsigned char>(p[k]))) return false;
  const std::string_view label(p, n);
  return label.ends_with(k_suffix) || label.ends_with(k_suffix_block);
}

verdict detect_private_key(const compiled_policy&, const window& w, std::size_t i,
                           plan& out) noexcept {
  // The literal is `BEGIN ` (policy.cpp); the marker's five dashes lie
  // before it, as text: judged on the output, a mask there is no dash (a
  // marker inside another finding is the scanner's watcher's).
  constexpr std::string_view begin_word = k_begin.substr(k_dashes.size());
  std::size_t label_len = 0;
  const verdict r = marker_at(w, i, begin_word, label_len);
  if (r != verdict::accept) return r;
  for (std::size_t b = 1; b <= k_dashes.size(); ++b)
    if (w.before(i, b) != '-') return verdict::reject;
  out = plan{};
  out.act = plan::action::arm_key;
  out.kind = finding_kind::private_key;
  out.at = i + 1;  // rules that start inside the marker come first (SPEC precedence)
  out.end = i + begin_word.size() + label_len + k_dashes.size();
  out.label_from = i + begin_word.size();  // the scanner copies it (arm_key)
  out.label_len = label_len;
  return verdict::accept;
}

verdict end_marker_at(const window& w, std::size_t j) noexcept {
  std::size_t label_len = 0;
  return marker_at(w, j, k_end, label_len);
}

verdict begin_marker_at(const window& w, std::size_t j, std::size_t& label_len) noexcept {
  return marker_at(w, j, k_begin, label_len);
}

verdict decide_begin_rest(const window& w, std::size_t f, begin_rest& out) noexcept {
  if (!w.has(f)) return verdict::need_more;
  const unsigned char c = w.at(f);
  if (is_eol(c)) {
    out = begin_rest::line_end;
    return verdict::accept;
  }
  if (c == '-') {
    const verdict e = end_marker_at(w, f);
    if (e == verdict::need_more) return e;
    if (e == verdict::accept) {
      out = begin_rest::end_marker;
      return e;
    }
  }
  out = begin_rest::mask;
  if (c != '*') return verdict::accept;
  // Already redacted: three or more `*` (at most 64, the bound of every
  // rule's "already redacted" check) up to the line end or an END marker.
  std::size_t s = f;
  while (w.has(s) && w.at(s) == '*' && s - f <= k_max_masked_run) ++s;
  if (!w.has(s)) return verdict::need_more;
  const std::size_t run = s - f;
  if (run < 3 || run > k_max_masked_run) return verdict::accept;
  if (is_eol(w.at(s))) {
    out = begin_rest::kept_then_line_end;
    return verdict::accept;
  }
  if (w.at(s) == '-') {
    const verdict e = end_marker_at(w, s);
    if (e == verdict::need_more) return e;
    if (e == verdict::accept) out = begin_rest::kept_then_end_marker;
  }
  return verdict::accept;
}

verdict classify_key_line(const window& w, std::size_t j, key_line& out) noexcept {
  if (!w.has(j)) return verdict::need_more;
  const unsigned char c = w.at(j);
  if (is_eol(c)) {
    out = key_line::empty;
    return verdict::accept;
  }
  if (c == '-') {
    const verdict e = end_marker_at(w, j);
    if (e == verdict::need_more) return e;
    if (e == verdict::accept) {
      out = key_line::end_marker;
      return e;
    }
  }
  // A key line: its first 80 bytes, or all of it if shorter, are key-line
  // characters.
  std::size_t k = j;
  while (k - j < k_key_line_look && w.has(k) && is_key_line_char(w.at(k))) ++k;
  if (k - j < k_key_line_look && !w.has(k)) return verdict::need_more;
  if (k - j == k_key_line_look || is_eol(w.at(k))) {
    // Already redacted: three or more `*` only (at most 64).
    std::size_t s = j;
    while (s < k && w.at(s) == '*') ++s;
    const std::size_t run = s - j;
    out = (run >= 3 && run <= k_max_masked_run && s == k && k - j < k_key_line_look)
              ? key_line::kept
              : key_line::key;
    return verdict::accept;
  }
  // A PEM header line: a word of `A-Z a-z -` and `:` within the first 80
  // bytes.
  std::size_t h = j;
  while (h - j < k_key_line_look && w.has(h) && is_header_char(w.at(h))) ++h;
  if (h - j < k_key_line_look && !w.has(h)) return verdict::need_more;
  out = (h > j && h - j < k_key_line_look && w.at(h) == ':') ? key_line::header : key_line::other;
  return verdict::accept;
}

bool marker_ending_at(const window& w, std::size_t pos, marker_hit& out) noexcept {
  const std::size_t i = pos + 1;  // read back from just after the last dash
  for (std::size_t b = 1; b <= k_dashes.size(); ++b)
    if (raw_before(w, i, b) != '-') return false;
  // The label: the bytes before the closing dashes, tried from the shortest.
  char rev[k_key_max_label];
  for (std::size_t len = 0; len <= k_key_max_label; ++len) {
    if (len > 0) {
      const int c = raw_before(w, i, k_dashes.size() + len);
      if (c < 0 || !is_label_char(static_cast<unsigned char>(c))) return false;
      rev[len - 1] = static_cast<char>(c);
    }
    const std::size_t back = k_dashes.size() + len + 1;  // the intro's last byte
    const bool begin = literal_ends_at(w, i, back, k_begin);
    if (!begin && !literal_ends_at(w, i, back, k_end)) continue;
    for (std::size_t t = 0; t < len; ++t) out.label[t] = rev[len - 1 - t];
    if (!is_key_label(out.label, len)) return false;
    out.begin = begin;
    out.label_len = len;
    out.length = (begin ? k_begin.size() : k_end.size()) + len + k_dashes.size();
    return true;
  }
  return false;
}

}  // namespace redact::detail
