// SPEC Rule T — prefixed API keys: a prefix followed by the maximal run of its
// alphabet when that run's length is within the rule's bounds (configured
// prefixes, `qbt_`, and the key table). The detector decides; the scanner
// commits (the prefix stays, the body becomes `***`).
#include <algorithm>
#include <cstring>

#include "ascii.hpp"
#include "rules.hpp"

namespace redact::detail {

std::uint16_t alphabet_class(key_alphabet a) noexcept {
  switch (a) {
    case key_alphabet::alnum:
      return c_alnum;
    case key_alphabet::upper:
      return c_upper;
    case key_alphabet::token:
      break;
  }
  return c_body;
}

namespace {

// Three `*` at j (a mask): need_more when the window ends first.
verdict mask_at(const window& w, std::size_t j) noexcept {
  for (std::size_t k = 0; k < 3; ++k) {
    if (!w.has(j + k)) return verdict::need_more;
    if (w.at(j + k) != '*') return verdict::reject;
  }
  return verdict::accept;
}

}  // namespace

verdict detect_key(const compiled_policy& cp, const window& w, std::size_t i, std::size_t k,
                   plan& out) noexcept {
  const std::string_view prefix = cp.prefixes[k];
  const std::size_t avail = std::min(prefix.size(), w.room(i));
  if (std::memcmp(w.d + i, prefix.data(), avail) != 0) return verdict::reject;
  if (avail < prefix.size()) return verdict::need_more;
  const std::size_t b = i + prefix.size();
  // Already redacted: the prefix and three or more `*`; scanning resumes
  // after them (SPEC "Context, bounds and masks next to masks").
  if (const verdict m = mask_at(w, b); m != verdict::reject) {
    if (m == verdict::need_more) return m;
    out = plan::resume_at(b + 3);
    return verdict::accept;
  }
  // Each shape of this prefix; the longest key wins. A body without a
  // maximum is decided once min_body characters (or one more than the
  // longest allowlisted key) are seen; one with a maximum at its end.
  const std::size_t allow_want = cp.allowlist.empty() ? 0 : cp.max_allow_len + 1;
  const key_shape* best = nullptr;
  std::size_t best_len = 0;
  bool best_ended = false;
  for (const key_shape& s : cp.prefix_shapes[k]) {
    const std::uint16_t cls = alphabet_class(s.alphabet);
    const std::size_t limit = s.max_body != 0 ? std::size_t{s.max_body} + 1
                                              : std::max<std::size_t>(s.min_body, allow_want);
    std::size_t e = b;
    while (w.has(e) && e - b < limit && has(w.at(e), cls)) ++e;
    if (!w.has(e) && e - b < limit) return verdict::need_more;
    const std::size_t len = e - b;
    if (len < s.min_body) continue;  // a longer prefix may still yield a key
    const bool ended = e - b < limit;
    if (s.max_body != 0) {
      if (len > s.max_body) continue;
      // Touching a mask: a bounded body directly followed by `***` is what
      // is left of an earlier finding, not a key.
      const verdict m = mask_at(w, e);
      if (m == verdict::need_more) return m;
      if (m == verdict::accept) continue;
    }
    if (best == nullptr || len > best_len) {
      best = &s;
      best_len = len;
      best_ended = ended;
    }
  }
  if (best == nullptr) return verdict::reject;
  if (!cp.allowlist.empty() && best_ended && prefix.size() + best_len <= cp.max_allow_len) {
    const std::string_view key(w.d + i, prefix.size() + best_len);
    for (const auto& a : cp.allowlist)
      if (key == a) {
        out = plan::resume_at(b + best_len);  // never masked; nothing starts inside it
        return verdict::accept;
      }
  }
  out = plan{};
  out.act = plan::action::mask;
  out.kind = finding_kind::token;
  out.at = i;
  out.kept = prefix.size();
  out.label_from = i;
  out.label_len = prefix.size();
  if (best->max_body != 0) {
    out.span = span_kind::fixed;
    out.end = b + best_len;
  } else {
    out.span = span_kind::key;
    out.alphabet = best->alphabet;
  }
  return verdict::accept;
}

verdict prefix_at(const compiled_policy& cp, const window& w, std::size_t cs,
                  std::size_t& len) noexcept {
  len = 0;
  const std::size_t room = w.room(cs);
  if (room > 0 && (cp.anchor[w.at(cs)] & anchor_prefix) == 0) return verdict::reject;
  for (const auto& p : cp.prefixes) {
    const std::size_t avail = std::min(p.size(), room);
    if (avail > 0 && w.d[cs] != p[0]) continue;  // most credentials: no call
    if (std::memcmp(w.d + cs, p.data(), avail) != 0) continue;
    if (avail < p.size()) return verdict::need_more;
    len = p.size();
    return verdict::accept;
  }
  return verdict::reject;
}

}  // namespace redact::detail
