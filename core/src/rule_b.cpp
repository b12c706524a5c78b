// SPEC Rule B — bare bearer and basic credentials: `Bearer`/`Basic` not after
// a letter, blanks, and a token (16+ token68 characters) or a base64 run that
// decodes to user:password. The detectors decide; the scanner commits.
#include <algorithm>
#include <cstring>

#include "ascii.hpp"
#include "base64.hpp"
#include "rules.hpp"

namespace redact::detail {

namespace {

// Is the whole token at `start` (its run of `cls` bytes) allowlisted?
template <class Class>
verdict allowlisted(const compiled_policy& cp, const window& w, std::size_t start,
                    Class cls) noexcept {
  if (cp.allowlist.empty()) return verdict::reject;
  std::size_t e = start;
  while (w.has(e) && e - start <= cp.max_allow_len && cls(w.at(e))) ++e;
  if (e - start > cp.max_allow_len) return verdict::reject;
  if (!w.has(e)) return verdict::need_more;
  const std::string_view tok(w.d + start, e - start);
  for (const auto& a : cp.allowlist)
    if (tok == a) return verdict::accept;
  return verdict::reject;
}

// A token that is not allowlisted.
verdict unless_allowlisted(verdict allowed) noexcept {
  if (allowed == verdict::need_more) return allowed;
  return allowed == verdict::accept ? verdict::reject : verdict::accept;
}

}  // namespace

verdict detect_bare(const compiled_policy& cp, const window& w, std::size_t i, plan& out) noexcept {
  const int prev = w.before(i, 1);
  if (prev >= 0 && has(static_cast<unsigned char>(prev), c_letter)) return verdict::reject;
  static constexpr std::string_view words[2] = {"bearer", "basic"};
  for (std::size_t k = 0; k < 2; ++k) {
    const std::string_view word = words[k];
    if (i + word.size() <= w.end) {
      if (!folded_equal(w.d + i, word, w.end - i)) continue;  // letters: exact
    } else {
      std::size_t t = 0;
      while (w.has(i + t) && lower(w.at(i + t)) == word[t]) ++t;
      if (!w.has(i + t)) return verdict::need_more;
      continue;
    }
    const finding_kind kind = k == 0 ? finding_kind::bearer : finding_kind::basic;
    const std::size_t we = i + word.size();
    std::size_t sp = 0;
    while (w.has(we + sp) && has(w.at(we + sp), c_space) && sp <= k_max_run) ++sp;
    if (sp == 0) return w.has(we) ? verdict::reject : verdict::need_more;
    out = plan{};
    out.label_from = i;
    out.label_len = word.size();
    if (sp > k_max_run) {
      // A long run of blanks: nothing in it can start a finding, so stream it
      // and decide at the first non-blank (exact, bounded hold-back).
      out.act = plan::action::cred_blanks;
      out.at = we;
      out.pending = kind;
      return verdict::accept;
    }
    const std::size_t ts = we + sp;
    const verdict r = k == 0 ? bearer_token_at(cp, w, ts) : basic_token_at(cp, w, ts);
    if (r != verdict::accept) return r;
    std::size_t kept = 0;
    if (prefix_at(cp, w, ts, kept) == verdict::need_more) return verdict::need_more;
    out.act = plan::action::mask;
    out.kind = kind;
    out.at = ts;
    out.kept = kept;
    out.span = k == 0 ? span_kind::bearer : span_kind::basic;
    return verdict::accept;
  }
  return verdict::reject;
}

verdict bearer_token_at(const compiled_policy& cp, const window& w, std::size_t t) noexcept {
  std::size_t count = 0, p = t;
  while (count < k_bearer_min_token) {
    if (!w.has(p)) return verdict::need_more;
    const unsigned char c = w.at(p);
    if (has(c, c_token)) {
      ++p;
    } else if (c == '\\') {
      if (!w.has(p + 1)) return verdict::need_more;
      if (w.at(p + 1) != '/') return verdict::reject;
      p += 2;
    } else {
      return verdict::reject;
    }
    ++count;
  }
  return unless_allowlisted(allowlisted(
      cp, w, t, [](unsigned char c) { return has(c, c_token) || c == '=' || c == '\\'; }));
}

verdict basic_token_at(const compiled_policy& cp, const window& w, std::size_t t) noexcept {
  unsigned char run[k_max_basic_run];
  std::size_t count = 0, p = t;
  for (;;) {
    // The base64 run (SIMD span), at most one byte past the bound.
    const std::size_t lim = std::min(w.end, p + (k_max_basic_run - count) + 1);
    const std::size_t e = cp.span(k_b64_set, w.d, p, lim, false);
    if (count + (e - p) > k_max_basic_run) return verdict::accept;  // fail closed, bounded
    std::memcpy(run + count, w.d + p, e - p);
    count += e - p;
    p = e;
    if (!w.has(p)) return verdict::need_more;
    if (w.at(p) != '\\') break;
    if (!w.has(p + 1)) return verdict::need_more;
    if (w.at(p + 1) != '/') break;
    if (count == k_max_basic_run) return verdict::accept;
    run[count++] = '/';
    p += 2;
  }
  if (count < k_basic_min_run || !basic_payload_ok(run, count)) return verdict::reject;
  // Touching a mask: a run directly followed by `***` (right after its last
  // character, before any padding) is what is left of an earlier finding
  // (SPEC "Context, bounds and masks next to masks"; docs/rules.md).
  const std::size_t e = p;
  for (std::size_t k = 0; k < 3; ++k) {
    if (!w.has(e + k)) return verdict::need_more;
    if (w.at(e + k) != '*') break;
    if (k == 2) return verdict::reject;
  }
  return unless_allowlisted(allowlisted(
      cp, w, t, [](unsigned char c) { return has(c, c_b64) || c == '=' || c == '\\'; }));
}

}  // namespace redact::detail
