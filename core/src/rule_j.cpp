// SPEC Rule J — JSON Web Tokens: at `eyJ`, a run of segments (`A-Z a-z 0-9 _
// -` and `*`) separated by dots, with at least three segments, a first
// segment of 10+ characters whose first 64 decode (base64url) to printable
// text, and its second dot within 8,192 bytes. The whole token becomes `***`.
//
// The detector reads the token up to the end of the dot run holding its
// second dot (bounded); the rest, however long, is consumed by the span step
// (scanner_spans.cpp, span_kind::jwt), which looks ahead at most 65 dots.
#include <algorithm>

#include "ascii.hpp"
#include "base64.hpp"
#include "rules.hpp"

namespace redact::detail {

namespace {

// SPEC Rule J: the first 64 characters of the header decode to printable
// ASCII, tab, CR or LF (a JSON header).
bool header_is_text(const window& w, std::size_t from, std::size_t len) noexcept {
  unsigned char digits[k_jwt_header_check];
  const std::size_t n = std::min(len, k_jwt_header_check);
  for (std::size_t k = 0; k < n; ++k) {
    const unsigned char c = w.at(from + k);
    if (!has(c, c_alnum) && c != '-' && c != '_') return false;  // a `*` does not decode
    digits[k] = c;
  }
  unsigned char bytes[k_jwt_header_check];
  const std::size_t m = decode_base64_lenient(digits, n, bytes);
  for (std::size_t k = 0; k < m; ++k) {
    const unsigned char b = bytes[k];
    if (!((b >= 0x20 && b <= 0x7e) || b == '\t' || b == '\r' || b == '\n')) return false;
  }
  return true;
}

}  // namespace

verdict detect_jwt(const compiled_policy& cp, const window& w, std::size_t i, plan& out) noexcept {
  // Byte by byte: at the end of the stream (the virtual LF) every answer is
  // a decision, never need_more.
  for (std::size_t t = 0; t < 3; ++t) {
    if (!w.has(i + t)) return verdict::need_more;
    if (w.at(i + t) != static_cast<unsigned char>("eyJ"[t])) return verdict::reject;
  }
  // The first segment.
  std::size_t e = i;
  while (w.has(e) && has(w.at(e), c_jwt) && e - i < k_jwt_second_dot) ++e;
  if (!w.has(e)) return verdict::need_more;
  const std::size_t first_len = e - i;
  if (first_len < k_jwt_min_header || w.at(e) != '.') return verdict::reject;
  if (!header_is_text(w, i, first_len)) return verdict::reject;
  // Dots and segments up to the second dot (within 8,192 bytes of `eyJ`),
  // then the rest of its dot run.
  std::size_t dots = 0;
  std::size_t second = 0;
  while (dots < 2) {
    if (!w.has(e)) return verdict::need_more;
    const unsigned char c = w.at(e);
    if (c == '.') {
      if (++dots == 2) second = e;
      ++e;
    } else if (has(c, c_jwt)) {
      ++e;
    } else {
      return verdict::reject;  // fewer than three segments
    }
    if (e - i > k_jwt_second_dot) return verdict::reject;
  }
  if (second - i >= k_jwt_second_dot) return verdict::reject;
  // The dot run holding the second dot: more than 64 dots end the token
  // before the run.
  std::size_t run_start = second;
  while (run_start > i && w.at(run_start - 1) == '.') --run_start;
  std::size_t run_end = second + 1;
  while (w.has(run_end) && w.at(run_end) == '.' && run_end - run_start <= k_jwt_max_dots) ++run_end;
  if (!w.has(run_end)) return verdict::need_more;
  if (run_end - run_start > k_jwt_max_dots) return verdict::reject;  // fewer than three segments
  std::size_t end = run_end;
  const bool goes_on = has(w.at(run_end), c_jwt);
  if (!goes_on) {
    // The token ends with this dot run. Without it, does it have three
    // segments? Count the dots before the run.
    std::size_t dots_before = 0;
    for (std::size_t k = i; k < run_start; ++k) dots_before += w.at(k) == '.';
    if (dots_before + 1 >= 3) end = run_start;  // `… <JWT>. Then`: the full stop stays
  }
  // The allowlist: a whole token equal to an allowlisted value is never masked.
  if (!cp.allowlist.empty()) {
    std::size_t t = end;
    if (goes_on) {
      while (w.has(t) && t - i <= cp.max_allow_len && (has(w.at(t), c_jwt) || w.at(t) == '.')) ++t;
      if (!w.has(t)) return verdict::need_more;
    }
    const std::string_view token(w.d + i, t - i);
    for (const auto& a : cp.allowlist)
      if (token == a) {
        out = plan::resume_at(t);
        return verdict::accept;
      }
  }
  out = plan{};
  out.act = plan::action::mask;
  out.kind = finding_kind::jwt;
  out.at = i;
  out.label_text = "JWT";
  if (goes_on) {
    out.span = span_kind::jwt;
  } else {
    out.span = span_kind::fixed;
    out.end = end;
  }
  return verdict::accept;
}

}  // namespace redact::detail
