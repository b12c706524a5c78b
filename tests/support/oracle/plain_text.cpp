// plain_text.cpp — see plain_text.hpp. One function per sentence of SPEC's
// "Terminal escape sequences are transparent".
#include "plain_text.hpp"

#include "spec_words.hpp"

namespace redact::oracle {
namespace {

constexpr char esc = '\x1b';

/// Length of a CSI body at `k` (`[`, at most 32 parameter bytes 0x30–0x3F and
/// intermediate bytes 0x20–0x2F other than `*`, one final byte 0x40–0x7E,
/// which must be `m` when there is no parameter byte), or 0.
std::size_t csi_body(std::string_view s, std::size_t k) {
  if (k >= s.size() || s[k] != '[') return 0;
  std::size_t i = k + 1;
  std::size_t count = 0;
  bool parameter = false;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x30 && c <= 0x3F) {
      parameter = true;
    } else if (!(c >= 0x20 && c <= 0x2F && c != '*')) {
      break;
    }
    if (++count > 32) return 0;  // interpretation A2: parameters and intermediates in any order
    ++i;
  }
  if (i >= s.size()) return 0;
  const auto final_byte = static_cast<unsigned char>(s[i]);
  if (final_byte < 0x40 || final_byte > 0x7E) return 0;
  if (!parameter && final_byte != 'm') return 0;
  return i + 1 - k;
}

bool is_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/// Length of a short sequence after a raw ESC at `k - 1`, or 0.
std::size_t short_sequence(std::string_view s, std::size_t k) {
  if (k >= s.size()) return 0;
  const char c = s[k];
  if ((c == '(' || c == ')' || c == '#' || c == '%') && k + 1 < s.size() && is_alnum(s[k + 1])) {
    return 2;
  }
  if (c == '=' || c == '>' || c == '7' || c == '8') return 1;
  return 0;
}

}  // namespace

plain_text remove_escapes(std::string_view s) {
  plain_text p;
  auto keep = [&p, s](std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
      p.text.push_back(s[i]);
      p.input_at.push_back(i);
    }
  };
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] == esc) {
      std::size_t len = csi_body(s, i + 1);
      if (len == 0) len = short_sequence(s, i + 1);
      if (len > 0) {
        p.escapes.push_back({i, i + 1 + len});
        i += 1 + len;
      } else {
        keep(i, i + 1);
        ++i;
      }
      continue;
    }
    if (s[i] == '\\') {
      std::size_t run = 0;
      while (i + run < s.size() && s[i + run] == '\\') ++run;
      const std::size_t text_at = i + run;
      bool found = false;
      for (std::string_view t : spec::escape_texts) {
        if (s.substr(text_at).substr(0, t.size()) != t) continue;
        const std::size_t len = csi_body(s, text_at + t.size());
        if (len == 0) continue;
        // The (at most 8) backslashes nearest to the text belong to the
        // sequence; any before them are ordinary text.
        const std::size_t ordinary = run > 8 ? run - 8 : 0;
        keep(i, i + ordinary);
        p.escapes.push_back({i + ordinary, text_at + t.size() + len});
        i = text_at + t.size() + len;
        found = true;
        break;
      }
      if (!found) {
        keep(i, text_at);
        i = text_at;
      }
      continue;
    }
    keep(i, i + 1);
    ++i;
  }
  return p;
}

bool contains_escape(std::string_view s) { return !remove_escapes(s).escapes.empty(); }

}  // namespace redact::oracle
