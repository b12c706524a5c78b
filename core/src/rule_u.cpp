// SPEC Rule U — passwords in URLs: `scheme://user:password@host`. At the
// `://` (or JSON's `:\/\/`) the detector reads back for the scheme and ahead
// through the authority; the password runs from after the authority's first
// `:` to its last `@`. The finding starts at the password, after bytes other
// rules may still claim (a key in the user name), so the plan *arms* the
// password and scanning goes on; the scanner commits it when it reaches the
// password's first byte with nothing in between reaching past it.
#include <algorithm>

#include "ascii.hpp"
#include "left_alone.hpp"
#include "rules.hpp"

namespace redact::detail {

namespace {

// The scheme before the `:` at i, judged on the output (a mask ends it): the
// run of scheme characters, from its first letter. Copies it into `label`;
// returns its length, 0 for none.
std::size_t scheme_before(const window& w, std::size_t i, char (&label)[k_max_url_label]) noexcept {
  std::size_t len = 0;
  for (int c = w.before(i, 1);
       c >= 0 && len < k_max_url_scheme && has(static_cast<unsigned char>(c), c_url_scheme);
       c = w.before(i, len + 1))
    ++len;
  std::size_t from = len;  // back distance of the scheme's first letter
  while (from > 0 && !has(static_cast<unsigned char>(w.before(i, from)), c_letter)) --from;
  const std::size_t n = std::min(from, k_max_url_label);
  for (std::size_t k = 0; k < n; ++k) label[k] = static_cast<char>(w.before(i, from - k));
  return from == 0 ? 0 : n;
}

}  // namespace

verdict url_password(const compiled_policy& cp, const window& w, std::size_t ps, std::size_t pe,
                     std::size_t& kept) noexcept {
  if (pe <= ps) return verdict::reject;  // empty
  // Redacted before (`***`, a prefix and `***`): not masked by Rule U.
  const std::string_view pw(w.d + ps, pe - ps);
  if (pw.starts_with("***")) return verdict::reject;
  kept = 0;
  if (prefix_at(cp, w, ps, kept) == verdict::need_more) return verdict::need_more;
  if (kept > 0 && pw.substr(kept).starts_with("***")) return verdict::reject;
  for (const auto& allowed : cp.allowlist)
    if (pw == allowed) return verdict::reject;
  return verdict::accept;
}

verdict detect_url(const compiled_policy& cp, const window& w, std::size_t i, plan& out) noexcept {
  // `://` or `:\/\/`, decided byte by byte (the window may end early).
  std::size_t a = 0;  // the authority's first byte
  for (std::string_view form : {std::string_view("://"), std::string_view(":\\/\\/")}) {
    std::size_t k = 0;
    while (k < form.size() && w.has(i + k) && w.at(i + k) == static_cast<unsigned char>(form[k]))
      ++k;
    if (k == form.size()) {
      a = i + k;
      break;
    }
    if (!w.has(i + k)) return verdict::need_more;
  }
  if (a == 0) return verdict::reject;
  // Most `://` start a URL without a password: an authority that ends
  // before any `:` or `@` is rejected before the scheme is read back.
  const std::size_t user_limit = a + k_url_window;
  std::size_t p = cp.span(k_authority_stop, w.d, a, std::min(w.end, user_limit), true);
  if (p >= user_limit) return verdict::reject;  // no `:` within the bound
  if (w.has(p) && w.at(p) != ':' && w.at(p) != '@') return verdict::reject;
  out = plan{};
  const std::size_t scheme = scheme_before(w, i, out.label_buf);
  if (scheme == 0) return verdict::reject;
  // The user part, up to the authority's first `:`.
  for (;; p = cp.span(k_authority_stop, w.d, p, std::min(w.end, user_limit), true)) {
    if (p >= user_limit) return verdict::reject;  // no `:` within the bound
    if (!w.has(p)) return verdict::need_more;
    if (w.at(p) == ':') break;
    if (w.at(p) != '@') return verdict::reject;  // the authority ends: no password
    ++p;
  }
  const std::size_t ps = p + 1;
  // The password: to the authority's last `@` when the authority ends within
  // 4,096 bytes of ps; otherwise those 4,096 bytes (failing closed).
  std::size_t q = ps, last_at = 0, pe = 0;
  bool found_at = false;
  const std::size_t limit = ps + k_url_window;  // the byte there decides
  for (;;) {
    q = cp.span(k_authority_stop, w.d, q, std::min(w.end, limit + 1), true);
    if (q > limit) {
      pe = limit;
      break;
    }
    if (!w.has(q)) return verdict::need_more;
    const unsigned char c = w.at(q);
    if (c == '@' || c == ':') {
      if (c == '@') last_at = q, found_at = true;
      if (q == limit) {
        pe = limit;
        break;
      }
      ++q;
      continue;
    }
    if (!found_at) return verdict::reject;  // no `@`: no password
    pe = last_at;
    break;
  }
  std::size_t kept = 0;
  const verdict v = url_password(cp, w, ps, pe, kept);
  if (v != verdict::accept) return v;
  out.act = plan::action::arm_url;
  out.at = a;
  out.kind = finding_kind::url;
  out.span = span_kind::fixed;
  out.url_start = ps;
  out.end = pe;
  out.kept = kept;
  out.label_len = 0;
  out.label_buf_len = scheme;
  return verdict::accept;
}

}  // namespace redact::detail
