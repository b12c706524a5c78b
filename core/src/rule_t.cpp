// SPEC Rule T — prefixed API keys: a configured prefix followed by a body of
// at least min_body characters of `A-Z a-z 0-9 _ -`. The detector decides;
// the scanner commits (the prefix stays, the body becomes `***`).
#include <algorithm>
#include <cstring>

#include "ascii.hpp"
#include "rules.hpp"

namespace redact::detail {

verdict detect_key(const compiled_policy& cp, const window& w, std::size_t i,
                   std::string_view prefix, plan& out) noexcept {
  const std::size_t avail = std::min(prefix.size(), w.room(i));
  if (std::memcmp(w.d + i, prefix.data(), avail) != 0) return verdict::reject;
  if (avail < prefix.size()) return verdict::need_more;
  // Body run: decide once min_body is reached (or the allowlist length).
  const std::size_t b = i + prefix.size();
  const std::size_t want =
      cp.allowlist.empty() ? cp.min_body : std::max(cp.min_body, cp.max_allow_len + 1);
  std::size_t e = b;
  while (w.has(e) && e - b < want && has(w.at(e), c_body)) ++e;
  if (!w.has(e) && e - b < want) return verdict::need_more;
  if (e - b < cp.min_body) return verdict::reject;  // a longer prefix may still yield a key
  if (!cp.allowlist.empty() && (e - i) <= cp.max_allow_len &&
      (!w.has(e) || !has(w.at(e), c_body))) {
    const std::string_view key(w.d + i, e - i);
    for (const auto& a : cp.allowlist)
      if (key == a) return verdict::reject;
  }
  out = plan{};
  out.act = plan::action::mask;
  out.kind = finding_kind::token;
  out.at = i;
  out.kept = prefix.size();
  out.span = span_kind::key;
  out.label_from = i;
  out.label_len = prefix.size();
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
