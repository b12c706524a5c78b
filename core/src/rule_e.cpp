// SPEC Rule E — keys hidden in base64: at a position j of a base64 run, the
// run decoded from j (groups of four, leniently) begins, from byte 0, 1 or 2
// on, with a Rule T key. The characters from j to the last one holding bits
// of the key's last byte become `***`.
//
// Anchors: for each prefix and byte offset, the base64 characters its bytes
// alone determine (encoded_anchors, built by the policy); they start 0, 2 or
// 3 characters after j. A one-byte prefix determines at most one character
// (none at offset 1): its anchor is that one character, or at offset 1 the
// four characters that hold the prefix's first four bits, one after j.
// The detector walks back to j, decodes forward and checks the key as Rule
// T would; the span step (span_kind::encoded) decodes again as it masks,
// feeding the decoded key to the fingerprint.
#include <algorithm>
#include <cstring>

#include "ascii.hpp"
#include "base64.hpp"
#include "rules.hpp"

namespace redact::detail {

namespace {

constexpr char k_standard[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// The characters a key's prefix alone determines at byte offset `offset`;
// the first is character (8 * offset + 5) / 6 of the run from j.
std::string determined_chars(std::string_view prefix, std::size_t offset) {
  const std::size_t first = 8 * offset, last = 8 * (offset + prefix.size());
  std::string out;
  for (std::size_t k = (first + 5) / 6; 6 * k + 6 <= last; ++k) {
    unsigned v = 0;
    for (std::size_t b = 6 * k; b < 6 * k + 6; ++b) {
      const std::size_t byte = b / 8 - offset;
      v = (v << 1) | ((static_cast<unsigned char>(prefix[byte]) >> (7 - b % 8)) & 1u);
    }
    out.push_back(k_standard[v]);
  }
  return out;
}

// One base64 character at p (`\/` counts as `/`): its value and length in
// bytes, 0 when p does not hold one; need_more when the window ends in `\`.
struct b64_char {
  unsigned value = 0;
  std::size_t len = 0;
  bool need_more = false;
};

b64_char char_at(const window& w, std::size_t p) noexcept {
  b64_char c;
  if (!w.has(p)) {
    c.need_more = true;
    return c;
  }
  const unsigned char b = w.at(p);
  if (has(b, c_b64) || b == '-' || b == '_') {
    c.value = k_b64.v[b];
    c.len = 1;
  } else if (b == '\\') {
    if (!w.has(p + 1)) {
      c.need_more = true;
    } else if (w.at(p + 1) == '/') {
      c.value = 63;
      c.len = 2;
    }
  }
  return c;
}

}  // namespace

std::vector<encoded_anchor> build_encoded_anchors(const std::vector<std::string>& prefixes) {
  std::vector<encoded_anchor> anchors;
  // One anchor in its three spellings: standard, URL-safe, JSON's `\/`.
  const auto add = [&](const std::string& standard, std::size_t k, std::size_t offset,
                       std::size_t back) {
    std::string url_safe = standard;
    std::replace(url_safe.begin(), url_safe.end(), '+', '-');
    std::replace(url_safe.begin(), url_safe.end(), '/', '_');
    std::string escaped;
    for (char c : standard) escaped += c == '/' ? std::string("\\/") : std::string(1, c);
    for (const std::string& text : {standard, url_safe, escaped}) {
      const bool seen = std::any_of(anchors.begin(), anchors.end(), [&](const auto& a) {
        return a.prefix == k && a.offset == offset && a.text == text;
      });
      if (!seen)
        anchors.push_back(encoded_anchor{text, static_cast<std::uint32_t>(k),
                                         static_cast<std::uint8_t>(offset),
                                         static_cast<std::uint8_t>(back)});
    }
  };
  for (std::size_t k = 0; k < prefixes.size(); ++k)
    for (std::size_t offset = 0; offset < 3; ++offset) {
      const std::string standard = determined_chars(prefixes[k], offset);
      if (!standard.empty()) {
        add(standard, k, offset, (8 * offset + 5) / 6);
        continue;
      }
      // A one-byte prefix at offset 1 (bits 8-15 of the group): character 1
      // holds the last two bits of byte 0 and the prefix's first four.
      const auto high = static_cast<unsigned>(static_cast<unsigned char>(prefixes[k][0]) >> 4);
      for (unsigned free = 0; free < 4; ++free)
        add(std::string(1, k_standard[(free << 4) | high]), k, offset, 1);
    }
  return anchors;
}

verdict detect_encoded(const compiled_policy& cp, const window& w, std::size_t c,
                       std::size_t anchor, plan& out) noexcept {
  const encoded_anchor& a = cp.encoded_anchors[anchor];
  const std::size_t avail = std::min(a.text.size(), w.room(c));
  if (std::memcmp(w.d + c, a.text.data(), avail) != 0) return verdict::reject;
  if (avail < a.text.size()) return verdict::need_more;
  // j: `back` characters before the anchor, inside the same run, not yet
  // written out and not inside an earlier finding.
  std::size_t j = c;
  for (std::size_t k = 0; k < a.back; ++k) {
    if (j >= 2 && w.at(j - 2) == '\\' && w.at(j - 1) == '/') {
      j -= 2;
    } else if (j >= 1 && char_at(w, j - 1).len == 1) {
      --j;
    } else {
      return verdict::reject;
    }
  }
  if (j < w.emitted || static_cast<std::int64_t>(j) < w.mask_hi) return verdict::reject;
  // Decode from j: `offset` bytes before the key, the prefix, the body.
  const std::string_view prefix = cp.prefixes[a.prefix];
  std::size_t want = 0;  // body bytes to decide on
  for (const key_shape& s : cp.prefix_shapes[a.prefix])
    want = std::max<std::size_t>(
        want,
        s.max_body != 0 ? s.max_body + 1 : std::max<std::size_t>(s.min_body, k_encoded_touch_body));
  want = std::max(want, cp.allowlist.empty() ? 0 : cp.max_allow_len + 1);
  unsigned char bytes[k_max_encoded_bytes];
  const std::size_t need_bytes = std::min(a.offset + prefix.size() + want, sizeof bytes);
  std::size_t m = 0, p = j;
  std::uint32_t acc = 0;
  unsigned bits = 0;
  bool run_ended = false;
  std::size_t run_end = p;  // after the last character read
  while (m < need_bytes) {
    const b64_char ch = char_at(w, p);
    if (ch.need_more) return verdict::need_more;
    if (ch.len == 0) {
      run_ended = true;
      break;
    }
    acc = (acc << 6) | ch.value;
    bits += 6;
    p += ch.len;
    run_end = p;
    if (bits >= 8) {
      bits -= 8;
      bytes[m++] = static_cast<unsigned char>(acc >> bits);
      acc &= (1u << bits) - 1;
    }
  }
  if (m < a.offset + prefix.size() ||
      std::memcmp(bytes + a.offset, prefix.data(), prefix.size()) != 0)
    return verdict::reject;
  const unsigned char* body = bytes + a.offset + prefix.size();
  const std::size_t have = m - a.offset - prefix.size();
  // The longest key of the prefix's shapes, as Rule T judges it.
  const key_shape* best = nullptr;
  std::size_t best_len = 0;
  for (const key_shape& s : cp.prefix_shapes[a.prefix]) {
    const std::uint16_t cls = alphabet_class(s.alphabet);
    std::size_t len = 0;
    while (len < have && has(body[len], cls)) ++len;
    if (len < s.min_body) continue;
    if (s.max_body != 0 && len > s.max_body) continue;
    if (best == nullptr || len > best_len) best = &s, best_len = len;
  }
  if (best == nullptr) return verdict::reject;
  // Touching a mask: a key that reaches the end of the decoded bytes, in a
  // run directly followed by `***` (right after its last character, before
  // any padding), is what is left of an earlier finding.
  if (run_ended && best_len == have && (best->max_body != 0 || best_len < k_encoded_touch_body)) {
    const std::size_t t = run_end;
    bool touching = true;
    for (std::size_t k = 0; k < 3 && touching; ++k) {
      if (!w.has(t + k)) return verdict::need_more;
      touching = w.at(t + k) == '*';
    }
    if (touching) return verdict::reject;
  }
  // The allowlist: a decoded key equal to an allowlisted value.
  const bool key_ends = best_len < have || run_ended;
  if (!cp.allowlist.empty() && key_ends) {
    const std::string_view key(reinterpret_cast<const char*>(bytes + a.offset),
                               prefix.size() + best_len);
    for (const auto& allowed : cp.allowlist)
      if (key == allowed) return verdict::reject;
  }
  out = plan{};
  out.act = plan::action::mask;
  out.kind = finding_kind::encoded;
  out.at = j;
  out.span = span_kind::encoded;
  out.alphabet = best->alphabet;
  out.encoded_offset = a.offset;
  out.encoded_prefix = static_cast<std::uint32_t>(prefix.size());
  out.encoded_max = best->max_body;
  out.label_text = prefix;
  return verdict::accept;
}

}  // namespace redact::detail
