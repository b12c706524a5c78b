// The stage-2 scanner: SPEC Rules H (credential fields), B (bare Bearer/Basic)
// and T (prefixed keys), streaming, with bounded look-ahead.
//
// State diagram (see core/DESIGN.md for the full essay):
//
//   normal ──field structure──▶ value_spaces ──opener, scheme──▶ span(field)
//     │  ╲                          │ (long scheme spaces)            │
//     │   ╲──Bearer/Basic──────────────────────────────▶ span(bearer|basic)
//     │    ╲─prefix+body──────────────────────────────▶ span(key)     │
//     │                              ▼                                 │
//     │                          cred_spaces ──credential──▶ span ─────┤
//     ◀──────────── terminator / nothing to mask ─────────────────────┘
//
// Algorithm of step_normal (the hot loop):
//
//   loop:
//     skip bytes that cannot start a finding (SIMD prefilter)
//     at a candidate, for the literals of its pair whose first eight bytes
//     match (literal index), in SPEC's precedence order at one position:
//       H: a field name + key close + spaces + separator   → value_spaces
//       B: Bearer/Basic not after a letter + token          → span(bearer|basic)
//       T: shortest prefix whose body run is >= min_body    → span(key)
//     any detector may answer `need`: it saw the window's end before it could
//     decide; the undecided bytes stay in the stitcher (bounded look-ahead).
//
// Invariants:
//   * Bytes before copy_from_ have been written out or masked.
//   * A detector commits nothing before it answers `yes`; `need` leaves the
//     stream state exactly as it was, so the same bytes can be presented again.
//   * No decision looks past a CR or LF (findings never span lines), so a LF
//     in the window lets every byte before it be decided.
#include <algorithm>
#include <bit>
#include <cassert>
#include <cstring>

#include "stages.hpp"

namespace redact::detail {

bool is_unquoted_special(std::string_view s) noexcept;  // policy.cpp

namespace {

enum : std::uint8_t {
  c_body = 1,       // Rule T body: A-Z a-z 0-9 _ -
  c_token = 2,      // token68: A-Z a-z 0-9 . _ ~ + / -
  c_b64 = 4,        // base64: A-Z a-z 0-9 + /
  c_space = 8,      // space, tab
  c_wordterm = 16,  // WORD terminators (without the `\` special case)
  c_letter = 32,    // ASCII letter
  c_scheme = 64,    // characters of scheme names: A-Z a-z 0-9 -
};

struct class_table {
  std::uint8_t v[256] = {};
  constexpr class_table() {
    for (int c = 0; c < 256; ++c) {
      const bool upper = c >= 'A' && c <= 'Z', lower = c >= 'a' && c <= 'z';
      const bool digit = c >= '0' && c <= '9';
      std::uint8_t f = 0;
      if (upper || lower) f |= c_letter;
      if (upper || lower || digit || c == '_' || c == '-') f |= c_body;
      if (upper || lower || digit || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' ||
          c == '-')
        f |= c_token;
      if (upper || lower || digit || c == '+' || c == '/') f |= c_b64;
      if (c == ' ' || c == '\t') f |= c_space;
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '"' || c == '\'' || c == '\\' ||
          c == '&' || c == ',' || c == ';' || c == ')' || c == ']' || c == '}')
        f |= c_wordterm;
      if (upper || lower || digit || c == '-') f |= c_scheme;
      v[c] = f;
    }
  }
};
constexpr class_table k_class;

// Per credential mode (index = vmode): bytes where a LINE/WORD span must stop
// and look: its terminators, `\` (maybe `\/`) and `=` (maybe a parameter).
struct stop_tables {
  bool v[4][256] = {};
  constexpr stop_tables() {
    for (int c = 0; c < 256; ++c) {
      const bool eol = c == '\r' || c == '\n';
      v[1][c] = eol || c == '"' || c == '\'' || c == '\\' || c == '[' || c == '=';
      v[2][c] = eol || c == ']' || c == '=';
      v[3][c] = (k_class.v[c] & c_wordterm) != 0 || c == '=';
    }
  }
};
constexpr stop_tables k_stops;

// The same sets in the span kernels' form (prefilter.hpp).
constexpr byte_class k_body_set([](unsigned char c) { return (k_class.v[c] & c_body) != 0; });
constexpr byte_class k_token_set([](unsigned char c) { return (k_class.v[c] & c_token) != 0; });
constexpr byte_class k_b64_set([](unsigned char c) { return (k_class.v[c] & c_b64) != 0; });
constexpr byte_class k_stop_sets[4] = {
    byte_class([](unsigned char c) { return c == '\r' || c == '\n' || c == '"' || c == '\\'; }),
    byte_class([](unsigned char c) { return k_stops.v[1][c]; }),
    byte_class([](unsigned char c) { return k_stops.v[2][c]; }),
    byte_class([](unsigned char c) { return k_stops.v[3][c]; })};
constexpr byte_class k_quoted_single_stop([](unsigned char c) {
  return c == '\r' || c == '\n' || c == '\'' || c == '\\';
});

inline bool has(unsigned char c, std::uint8_t f) noexcept { return (k_class.v[c] & f) != 0; }
inline char lower(unsigned char c) noexcept {
  return static_cast<char>((c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c);
}
inline std::uint64_t load8(const char* p) noexcept {
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}
constexpr std::uint64_t k_fold8 = 0x2020202020202020u;
// The first (up to) eight bytes of s, little-endian, as one word.
constexpr std::uint64_t low_word(std::string_view s) noexcept {
  std::uint64_t w = 0;
  for (std::size_t k = 0; k < s.size() && k < 8; ++k)
    w |= std::uint64_t{static_cast<unsigned char>(s[k])} << (8 * k);
  return w;
}
// The eight bytes at p (room >= 8 readable), folded, keeping the first n < 8.
inline std::uint64_t folded_head(const char* p, std::size_t n) noexcept {
  return (load8(p) | k_fold8) & ((std::uint64_t{1} << (8 * n)) - 1);
}
// Do the bytes at p, each OR-ed with 0x20, equal `folded` (a name folded the
// same way)? A necessary condition for a case-insensitive match (the exact one
// for letters), tested 8 bytes at a time; `room` bytes are readable at p.
inline bool folded_equal(const char* p, std::string_view folded, std::size_t room) noexcept {
  const std::size_t n = folded.size();
  assert(room >= n);
  if (n >= 8) {  // whole words, then the last eight bytes (overlapping)
    for (std::size_t k = 0; k + 8 <= n; k += 8)
      if ((load8(p + k) | k_fold8) != load8(folded.data() + k)) return false;
    return (load8(p + n - 8) | k_fold8) == load8(folded.data() + n - 8);
  }
  if (room >= 8 && std::endian::native == std::endian::little)
    return folded_head(p, n) == low_word(folded);
  for (std::size_t k = 0; k < n; ++k)
    if ((static_cast<unsigned char>(p[k]) | 0x20u) != static_cast<unsigned char>(folded[k]))
      return false;
  return true;
}
inline bool is_quote(unsigned char c) noexcept { return c == '"' || c == '\''; }
inline bool is_eol(unsigned char c) noexcept { return c == '\r' || c == '\n'; }

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
constexpr std::size_t k_longest_scheme = 16;

// k_schemes by length. Scheme bytes (A-Z a-z 0-9 -) fold exactly with
// OR 0x20, so folded_equal is the case-insensitive comparison.
struct scheme_table {
  std::string_view by_len[k_longest_scheme + 1][6] = {};
  std::uint64_t words[k_longest_scheme + 1][6] = {};  // low_word of each
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

bool is_scheme(const char* p, std::size_t n, std::size_t room) noexcept {
  if (n > k_longest_scheme) return false;
  const auto& row = k_scheme_table.by_len[n];
  if (n < 8 && room >= 8 && std::endian::native == std::endian::little) {
    const std::uint64_t head = folded_head(p, n);
    for (std::size_t k = 0; k < 6 && !row[k].empty(); ++k)
      if (head == k_scheme_table.words[n][k]) return true;
    return false;
  }
  for (auto s : row) {
    if (s.empty()) return false;
    if (folded_equal(p, s, room)) return true;
  }
  return false;
}

// SPEC Rule H, QUOTED mode: a quote of the opener's kind with r backslashes
// before it closes the value when r < k or when (r - k) is a multiple of 2k+2.
inline bool closes(std::uint64_t r, std::uint64_t k) noexcept {
  return r < k || (r - k) % (2 * k + 2) == 0;
}

// Base64 digit values (only A-Z a-z 0-9 + / reach the decoder).
struct b64_values {
  std::uint8_t v[256] = {};
  constexpr b64_values() {
    for (int c = 0; c < 26; ++c) {
      v['A' + c] = static_cast<std::uint8_t>(c);
      v['a' + c] = static_cast<std::uint8_t>(c + 26);
    }
    for (int c = 0; c < 10; ++c) v['0' + c] = static_cast<std::uint8_t>(c + 52);
    v[static_cast<unsigned char>('+')] = 62;
    v[static_cast<unsigned char>('/')] = 63;
  }
};
constexpr b64_values k_b64;

// Checks that `bytes` decodes (base64) to valid UTF-8 without control
// characters and containing ':' (SPEC Rule B, Basic).
bool basic_payload_ok(const unsigned char* s, std::size_t n) noexcept {
  if (n % 4 == 1) return false;
  unsigned char out[k_max_basic_run];
  std::size_t m = 0, g = 0;
  for (; g + 4 <= n; g += 4) {
    const std::uint32_t v = std::uint32_t{k_b64.v[s[g]]} << 18 |
                            std::uint32_t{k_b64.v[s[g + 1]]} << 12 |
                            std::uint32_t{k_b64.v[s[g + 2]]} << 6 | k_b64.v[s[g + 3]];
    out[m] = static_cast<unsigned char>(v >> 16);
    out[m + 1] = static_cast<unsigned char>(v >> 8);
    out[m + 2] = static_cast<unsigned char>(v);
    m += 3;
  }
  if (g + 1 < n) {  // a last group of 2 or 3 digits: 1 or 2 bytes
    std::uint32_t v = std::uint32_t{k_b64.v[s[g]]} << 18 | std::uint32_t{k_b64.v[s[g + 1]]} << 12;
    if (g + 2 < n) v |= std::uint32_t{k_b64.v[s[g + 2]]} << 6;
    out[m++] = static_cast<unsigned char>(v >> 16);
    if (g + 2 < n) out[m++] = static_cast<unsigned char>(v >> 8);
  }
  bool colon = false;
  for (std::size_t i = 0; i < m;) {
    const unsigned char c = out[i];
    std::uint32_t cp;
    std::size_t len;
    if (c < 0x80) {
      cp = c;
      len = 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
      cp = c & 0x1Fu;
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      cp = c & 0x0Fu;
      len = 3;
    } else if (c >= 0xF0 && c <= 0xF4) {
      cp = c & 0x07u;
      len = 4;
    } else {
      return false;
    }
    if (i + len > m) return false;
    for (std::size_t j = 1; j < len; ++j) {
      if ((out[i + j] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (out[i + j] & 0x3Fu);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return false;
    if (cp == ':') colon = true;
    i += len;
  }
  return colon;
}

constexpr char k_backslashes[] =
    "\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\"
    "\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\";
static_assert(sizeof k_backslashes - 1 >= k_max_run);

}  // namespace

scanner::scanner(const compiled_policy& cp, reporter& rep, marker_ring* markers)
    : cp_(cp), rep_(rep), markers_(markers) {}

void scanner::reset() noexcept {
  mode_ = mode::normal;
  bs_run_ = 0;
  base_ = 0;
  line_no_ = 1;
  line_start_ = 0;
  line_delta_ = 0;
  hist_len_ = 0;
  label_len_ = 0;
}

std::size_t scanner::run(const char* d, std::size_t n, bool eof, output& out) {
  // Nothing to decide (finish() with nothing held, outside a credential).
  // The stream state left as it is: after finish() the pipeline resets it.
  if (n == 0 && mode_ == mode::normal) return 0;
  d_ = d;
  n_ = n;
  eof_ = eof;
  out_ = &out;
  copy_from_ = 0;
  need_ = false;
  hint_.end = 0;
  std::size_t i = 0;
  while (!need_ && (i < n || (eof && mode_ != mode::normal))) {
    const std::size_t before = i;
    const mode m = mode_;
    switch (mode_) {
      case mode::normal:
        i = step_normal(i);
        break;
      case mode::value_spaces:
        i = step_value_spaces(i);
        break;
      case mode::cred_spaces:
        i = step_cred_spaces(i);
        break;
      case mode::span:
        i = step_span(i);
        break;
    }
    // At the end of input every mode must make progress or return to normal.
    if (i == before && m == mode_ && !need_ && i >= n) break;
  }
  assert(eof ? !need_ : (n - i) <= cp_.scan_lookahead);
  flush_copy(i);
  // Remember the last bytes for look-behind (B's "not after a letter",
  // tuples); a finished stream needs none.
  if (eof) {
    hist_len_ = 0;
  } else if (i >= k_hist) {
    std::memcpy(hist_, d + i - k_hist, k_hist);
    hist_len_ = k_hist;
  } else if (i > 0) {
    const std::size_t keep = std::min(hist_len_, k_hist - i);
    if (keep > 0) std::memmove(hist_, hist_ + hist_len_ - keep, keep);
    std::memcpy(hist_ + keep, d, i);
    hist_len_ = keep + i;
  }
  base_ += i;
  if (eof) {
    mode_ = mode::normal;
  }
  return i;
}

// ---------------------------------------------------------------- emission

void scanner::track_lines(std::size_t from, std::size_t to) {
  if (rep_.wants_positions()) {
    const char* p = d_ + from;
    const char* e = d_ + to;
    const char* last = nullptr;
    while (p < e) {
      const void* q = std::memchr(p, '\n', static_cast<std::size_t>(e - p));
      if (q == nullptr) break;
      last = static_cast<const char*>(q);
      ++line_no_;
      p = last + 1;
    }
    if (last != nullptr) {
      line_start_ = base_ + static_cast<std::uint64_t>(last - d_) + 1;
      line_delta_ = 0;
    }
  }
  if (markers_ != nullptr) {
    const std::uint64_t end = base_ + to;
    while (!markers_->empty() && markers_->at(0).pos + 3 <= end) {
      const auto& m = markers_->at(0);
      if (m.pos >= line_start_) {
        line_delta_ += static_cast<std::int64_t>(cp_.secrets[m.secret].value.size()) - 3;
      }
      markers_->pop();
    }
  }
}

void scanner::flush_copy(std::size_t to) {
  if (to > copy_from_) {
    out_->write(std::string_view(d_ + copy_from_, to - copy_from_));
    track(copy_from_, to);
  }
  copy_from_ = std::max(copy_from_, to);
}

void scanner::skip(std::size_t from, std::size_t to) {
  assert(from == copy_from_);
  if (to <= from) return;
  if (markers_ == nullptr || markers_->empty()) {
    fp_.update(d_ + from, to - from);
  } else {
    // Hash original bytes: a Rule S mask inside the credential stands for
    // the secret it replaced.
    std::size_t cur = from;
    for (std::size_t k = 0; k < markers_->size(); ++k) {
      const auto& m = markers_->at(k);
      if (m.pos >= base_ + to) break;
      const std::uint64_t ms = m.pos, me = m.pos + 3;
      if (me <= base_ + cur) continue;
      if (ms >= base_ + cur) {
        fp_.update(d_ + cur, static_cast<std::size_t>(ms - base_) - cur);
        fp_.update(cp_.secrets[m.secret].value);
      }
      cur = static_cast<std::size_t>(std::min<std::uint64_t>(me - base_, to));
    }
    if (cur < to) fp_.update(d_ + cur, to - cur);
  }
  track(from, to);
  copy_from_ = to;
}

void scanner::emit(std::string_view lit) { out_->write(lit); }

void scanner::set_label(std::size_t from, std::size_t len) {
  // Only a finding handler reads labels (the counters do not).
  label_len_ = rep_.wants_positions() ? std::min(len, sizeof label_) : 0;
  if (label_len_ > 0) std::memcpy(label_, d_ + from, label_len_);
}

void scanner::begin_finding(finding_kind kind, std::size_t cred_start) {
  flush_copy(cred_start);
  f_kind_ = kind;
  f_line_ = line_no_;
  f_col_ = static_cast<std::uint64_t>(static_cast<std::int64_t>(base_ + cred_start - line_start_) +
                                      line_delta_) +
           1;
  fp_.begin(rep_.wants_positions(), cp_.key_for(kind));
}

void scanner::end_finding() {
  rep_.report(f_kind_, std::string_view(label_, label_len_), f_line_, f_col_, fp_.finish());
  mode_ = mode::normal;
}

// Does a configured prefix start at cs? `len` gets the shortest one's length
// (0 for none). `need` when the window ends inside a possible prefix.
scanner::res scanner::prefix_at(std::size_t cs, std::size_t& len) const noexcept {
  len = 0;
  const std::size_t room = n_ - std::min(cs, n_);
  if (room > 0 && (cp_.anchor[at(cs)] & 4) == 0) return res::no;  // most credentials
  for (const auto& p : cp_.prefixes) {
    const std::size_t avail = std::min(p.size(), room);
    if (avail > 0 && d_[cs] != p[0]) continue;  // most credentials: no call
    if (std::memcmp(d_ + cs, p.data(), avail) != 0) continue;
    if (avail < p.size()) {
      if (!eof_) return res::need;
      continue;
    }
    len = p.size();
    return res::yes;
  }
  return res::no;
}

// Emits the kept prefix (SPEC Rule H/B: a credential that starts with a Rule T
// prefix keeps it), hashes it, then the mask. Returns the span's start.
std::size_t scanner::keep_prefix(std::size_t cs, std::size_t kept) {
  if (kept > 0) {
    flush_copy(cs + kept);
    fp_.update(d_ + cs, kept);
  }
  emit("***");
  return cs + kept;
}

int scanner::byte_before(std::size_t i, std::size_t back) const noexcept {
  if (back <= i) return static_cast<unsigned char>(d_[i - back]);
  const std::size_t h = back - i;  // 1 = last history byte
  if (h > hist_len_) return -1;
  return static_cast<unsigned char>(hist_[hist_len_ - h]);
}

// ---------------------------------------------------------------- normal

std::size_t scanner::step_normal(std::size_t i) {
  const literal_index& li = cp_.pf.confirm;
  for (;;) {
    // Next candidate: among the remaining SIMD hits of the last candidate's
    // block (find_hint), else from the kernel, which also looked up its
    // literal group.
    bool grouped = false;
    if (i > hint_at_ && i < hint_.end) {
      const std::uint64_t m = hint_.more & (~std::uint64_t{0} << (i - hint_.base));
      if (m != 0) {
        i = hint_.base + static_cast<unsigned>(std::countr_zero(m));
      } else {
        i = cp_.find(cp_.pf, d_, hint_.end, n_, &hint_);
        grouped = hint_.group != nullptr;
      }
    } else {
      i = cp_.find(cp_.pf, d_, i, n_, &hint_);
      grouped = hint_.group != nullptr;
    }
    hint_at_ = i;
    if (i >= n_) return i;
    std::size_t next = i;
    res r = res::no;
    if (!li.usable || i + 1 >= n_) {
      r = try_all(i, next);
    } else {
      // Second level (prefilter.hpp): the literals of this pair whose first
      // eight bytes (folded) match, in precedence order.
      std::uint64_t avail = 0;
      const std::uint64_t w = folded_word(d_, i, n_, avail);
      auto [e, end] = grouped ? std::pair(hint_.group, hint_.group_end)
                              : li.group(static_cast<unsigned>(w & 0xffffu));
      bool bare_tried = false;
      for (; e != end && r == res::no; ++e) {
        if (((w ^ e->key) & e->mask & avail) != 0) {
          e += e->same_after;  // the same eight bytes: no match either
          continue;
        }
        switch (e->kind) {
          case lit_field:
            r = try_field(i, e->index, next);
            break;
          case lit_bare:
            if (!bare_tried) r = try_bare(i, next);
            bare_tried = true;
            break;
          case lit_prefix:
            r = try_key(i, cp_.prefixes[e->index], next);
            break;
        }
      }
    }
    if (r == res::need) {
      need_ = true;
      return i;
    }
    if (r == res::yes) return next;
    ++i;
  }
}

// Every detector whose first byte matches, in precedence order (policies with
// a one-byte literal, and a candidate at the window's last byte).
scanner::res scanner::try_all(std::size_t i, std::size_t& next) {
  const std::uint8_t a = cp_.anchor[at(i)];
  res r = res::no;
  if (a & 1)
    for (std::size_t k = 0; k < cp_.fields.size(); ++k)
      if ((r = try_field(i, k, next)) != res::no) return r;
  if ((a & 2) && (r = try_bare(i, next)) != res::no) return r;
  if (a & 4)
    for (const auto& p : cp_.prefixes)
      if ((r = try_key(i, p, next)) != res::no) return r;
  return res::no;
}

// ---------------------------------------------------------------- Rule H

scanner::res scanner::try_field(std::size_t i, std::size_t k, std::size_t& next) {
  const std::string_view f = cp_.fields[k];
  if (i + f.size() <= n_) {
    // Word-at-a-time test first; it is the exact match for all-letter names.
    if (!folded_equal(d_ + i, cp_.fields_folded[k], n_ - i)) return res::no;
    if (!cp_.field_all_letters[k])
      for (std::size_t t = 0; t < f.size(); ++t)
        if (lower(at(i + t)) != f[t]) return res::no;
  } else {
    for (std::size_t t = 0; t < f.size(); ++t) {
      if (i + t >= n_) return eof_ ? res::no : res::need;
      if (lower(at(i + t)) != f[t]) return res::no;
    }
  }
  std::size_t sep_end = 0;
  const res r = parse_structure(i, i + f.size(), sep_end);
  if (r != res::yes) return r;
  // A field that yields no finding (empty, null, nested, already redacted, a
  // tuple without a quoted value) is no finding at all: B and T may still
  // start at this position or inside the name (SPEC precedence). So the value
  // is probed (probe_): an outcome without a finding answers `no` and commits
  // nothing, a finding is committed at once (the value is parsed once). At
  // most 64 blanks after the separator are looked at here; a longer run
  // streams (mode value_spaces) and is decided at its end.
  std::size_t v = sep_end, sp = 0;
  while (v < n_ && has(at(v), c_space) && sp <= k_max_run) ++v, ++sp;
  if (v >= n_ && sp <= k_max_run) return eof_ ? res::no : res::need;
  set_label(i, f.size());
  if (sp > k_max_run) {
    mode_ = mode::value_spaces;
    next = sep_end;
    return res::yes;
  }
  probe_ = true;
  const res o = open_value(v, next);
  probe_ = false;
  return o;
}

// After a field name ending at e: key close, spaces, separator.
scanner::res scanner::parse_structure(std::size_t name_start, std::size_t e, std::size_t& sep_end) {
  std::size_t p = e;
  std::size_t bs = 0;
  while (p + bs < n_ && at(p + bs) == '\\' && bs <= k_max_run) ++bs;
  if (bs > k_max_run) return res::no;
  if (p + bs >= n_) return eof_ ? res::no : res::need;
  char key_quote = 0;
  if (is_quote(at(p + bs))) {
    key_quote = static_cast<char>(at(p + bs));
    p += bs + 1;
  } else if (bs > 0) {
    return res::no;
  }
  std::size_t sp = 0;
  while (p + sp < n_ && has(at(p + sp), c_space) && sp <= k_max_run) ++sp;
  if (sp > k_max_run) return res::no;
  p += sp;
  if (p >= n_) return eof_ ? res::no : res::need;
  const unsigned char c = at(p);
  std::size_t len = 1;
  bool colon_only = false, tuple = false;
  if (c == ':' || c == '=') {
    if (p + 1 >= n_ && !eof_) return res::need;
    const int c2 = p + 1 < n_ ? at(p + 1) : -1;
    if (c == ':' && c2 == '=') {
      len = 2;
    } else if (c == '=' && c2 == '>') {
      len = 2;
    } else {
      colon_only = (c == ':');
    }
  } else if (c == ',') {
    if (key_quote == 0 || !tuple_lookbehind(name_start)) return res::no;
    tuple = true;
  } else {
    return res::no;
  }
  key_quoted_ = key_quote != 0;
  colon_only_ = colon_only && !key_quoted_;
  tuple_ = tuple;
  sep_end = p + len;
  return res::yes;
}

// SPEC tuple form: the quoted name's opening quote (optionally b/u-prefixed,
// after spaces) directly follows `(` or `[`. docs/rules.md: a run of
// [A-Za-z0-9_.-] may precede the matched name inside the quotes.
bool scanner::tuple_lookbehind(std::size_t name_start) const noexcept {
  std::size_t back = 1;
  int c = byte_before(name_start, back);
  while (
      c >= 0 && back <= k_max_run &&
      ((k_class.v[c] & (c_letter)) || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-')) {
    c = byte_before(name_start, ++back);
  }
  // Any quote opens the key (docs/rules.md 7): a mismatched pair such as
  // ["Authorization', …] still counts, which masks more.
  if (c != '"' && c != '\'') return false;
  c = byte_before(name_start, ++back);
  if (c == 'b' || c == 'u') c = byte_before(name_start, ++back);
  std::size_t sp = 0;
  while (c == ' ' || c == '\t') {
    if (++sp > 8) return false;
    c = byte_before(name_start, ++back);
  }
  return c == '(' || c == '[';
}

std::size_t scanner::step_value_spaces(std::size_t i) {
  while (i < n_ && has(at(i), c_space)) ++i;
  if (i >= n_) {
    if (eof_) mode_ = mode::normal;  // empty value
    return i;
  }
  std::size_t next = i;
  if (open_value(i, next) == res::need) {
    need_ = true;
    return i;
  }
  return next;
}

// From the value's first non-blank byte: the opener, the mode, then
// value_decide(). When probing (probe_, from try_field), an outcome without a
// finding answers `no` and commits nothing; otherwise it returns to normal
// mode with `yes`.
scanner::res scanner::open_value(std::size_t i, std::size_t& next) {
  // Value opener: `[`, spaces, optional b/u/r, backslashes and a quote.
  std::size_t p = i;
  bool bracket = false;
  if (at(p) == '[') {
    std::size_t q = p + 1, sp = 0;
    while (q < n_ && has(at(q), c_space) && sp <= k_max_run) ++q, ++sp;
    if (q >= n_ && !eof_) return res::need;
    if (sp <= k_max_run) {
      bracket = true;
      p = q;
    }
  }
  std::size_t vs = p;
  bool quoted = false;
  {
    std::size_t q = p;
    if (q < n_ && (at(q) == 'b' || at(q) == 'u' || at(q) == 'r')) ++q;
    std::size_t bs = 0;
    while (q + bs < n_ && at(q + bs) == '\\' && bs <= k_max_run) ++bs;
    if (q + bs >= n_ && !eof_ && bs <= k_max_run) return res::need;
    // A b/u/r prefix only counts when a quote part follows it.
    if (bs <= k_max_run && q + bs < n_ && is_quote(at(q + bs))) {
      quoted = true;
      quote_ = static_cast<char>(at(q + bs));
      k_ = static_cast<std::uint32_t>(bs);
      vs = q + bs + 1;
    }
  }
  if (quoted) {
    vm_ = vmode::quoted;
  } else if (tuple_) {
    // The tuple form needs a quoted value: not a field (try_field's probe
    // rules this out before anything is committed).
    if (probe_) return res::no;
    mode_ = mode::normal;
    next = i;
    return res::yes;
  } else if (colon_only_) {
    vm_ = bracket ? vmode::line_bracket : vmode::line;
  } else {
    vm_ = vmode::word;
  }
  return value_decide(vs, next);
}

// Decides what happens to the value starting at vs (mode vm_ is set): nested
// structure, scheme, special credential, or a credential to mask.
scanner::res scanner::value_decide(std::size_t vs, std::size_t& next) {
  if (vs >= n_) {
    if (!eof_) return res::need;
    if (probe_) return res::no;
    mode_ = mode::normal;
    next = vs;
    return res::yes;
  }
  if (vm_ == vmode::word && (at(vs) == '{' || at(vs) == '(' || at(vs) == '<')) {
    if (probe_) return res::no;
    mode_ = mode::normal;  // nested structure: rules apply inside
    next = vs;
    return res::yes;
  }
  std::size_t w = vs;
  while (w < n_ && has(at(w), c_scheme) && w - vs <= k_longest_scheme) ++w;
  if (w >= n_ && !eof_) return res::need;
  std::size_t cs = vs;
  if (w < n_ && has(at(w), c_space) && is_scheme(d_ + vs, w - vs, n_ - vs)) {
    std::size_t sp = 0;
    while (w + sp < n_ && has(at(w + sp), c_space) && sp <= k_max_run) ++sp;
    if (sp > k_max_run) {
      // Decided early (docs/rules.md): the scheme is kept.
      mode_ = mode::cred_spaces;
      pending_rule_ = 0;
      next = w;
      return res::yes;
    }
    const res t = term_at(w + sp);
    if (t == res::need) return t;
    if (t == res::no) cs = w + sp;
  }
  return cred_decide(cs, next);
}

// The credential starts at cs: leave it alone when it is empty, already
// redacted, a JSON-ish literal or allowlisted; otherwise mask it.
scanner::res scanner::cred_decide(std::size_t cs, std::size_t& next) {
  std::size_t j = cs;
  bool special = false;
  // Fast path: a credential whose first byte no left-alone value starts with
  // (and which is not empty) is masked without looking further.
  bool maybe_special = true;
  if (cs < n_ && !cp_.special_first[at(cs)]) {
    const res t = term_at(cs);
    if (t == res::need) return t;
    maybe_special = (t == res::yes);
  }
  for (; maybe_special;) {
    if (j - cs > cp_.max_special_len) break;
    const res t = term_at(j);
    if (t == res::need) return t;
    if (t == res::yes) {
      const std::string_view cred(d_ + cs, j - cs);
      if (cred.empty() || cred == "***") {
        special = true;
      } else if (vm_ != vmode::quoted && is_unquoted_special(cred)) {
        special = true;
      } else {
        // docs/rules.md interpretation 14: only the prefix that would be
        // kept (the shortest) counts, so re-redaction is stable.
        for (const auto& p : cp_.prefixes)
          if (cred.starts_with(p)) {
            special = cred.substr(p.size()) == "***";
            break;
          }
        for (const auto& a : cp_.allowlist)
          if (cred == a) special = true;
      }
      break;
    }
    if (at(j) == '=' && vm_ != vmode::quoted) break;  // may open a quoted parameter
    ++j;
  }
  if (special) {
    if (probe_) return res::no;
    mode_ = mode::normal;
    next = cs;
    return res::yes;
  }
  std::size_t kept = 0;
  if (prefix_at(cs, kept) == res::need) return res::need;
  begin_finding(finding_kind::field, cs);
  next = keep_prefix(cs, kept);
  copy_from_ = next;
  mode_ = mode::span;
  span_ = span_kind::field;
  bs_run_ = 0;
  return res::yes;
}

// Is the byte at j a terminator of the current credential mode?
scanner::res scanner::term_at(std::size_t j) const noexcept {
  if (j >= n_) return eof_ ? res::yes : res::need;
  const unsigned char c = at(j);
  switch (vm_) {
    case vmode::quoted: {
      if (is_eol(c) || c == static_cast<unsigned char>(quote_)) return res::yes;
      if (c != '\\') return res::no;
      std::size_t r = 0;
      while (j + r < n_ && at(j + r) == '\\' && r <= k_max_run) ++r;
      if (r > k_max_run) return res::no;
      if (j + r >= n_) return eof_ ? res::no : res::need;
      return (at(j + r) == static_cast<unsigned char>(quote_) && closes(r, k_) && r <= k_)
                 ? res::yes
                 : res::no;
    }
    case vmode::line_bracket:
      return (c == ']' || is_eol(c)) ? res::yes : res::no;
    case vmode::line:
      if (is_eol(c) || is_quote(c) || c == '[') return res::yes;
      break;
    case vmode::word:
      if (c != '\\' && has(c, c_wordterm)) return res::yes;
      break;
  }
  if (c != '\\') return res::no;
  if (j + 1 >= n_) return eof_ ? res::yes : res::need;
  return at(j + 1) == '/' ? res::no : res::yes;
}

// A quoted parameter opened by `=` at j (SPEC Rule H refinements).
scanner::res scanner::param_at(std::size_t j, std::size_t& end) const noexcept {
  std::size_t p = j + 1, m = 0;
  while (p + m < n_ && at(p + m) == '\\' && m <= k_max_run) ++m;
  if (m > k_max_run) return res::no;
  if (p + m >= n_) return eof_ ? res::no : res::need;
  const unsigned char q = at(p + m);
  if (!is_quote(q)) return res::no;
  const std::size_t open = p + m;
  const std::size_t last = open + k_param_window;  // the window is (open, last]
  const byte_class& stop = q == '"' ? k_stop_sets[0] : k_quoted_single_stop;
  std::size_t bs = 0;
  for (std::size_t t = open + 1; t <= last; ++t) {
    // After an ordinary byte, skip to the next quote, backslash or line end.
    if (bs == 0 && t < n_) t = cp_.span(stop, d_, t, std::min(n_, last + 1), true);
    if (t > last) break;
    if (t >= n_) return eof_ ? res::no : res::need;
    const unsigned char c = at(t);
    if (is_eol(c)) return res::no;
    if (c == q && bs == m) {
      if (t + 1 >= n_) {
        if (!eof_) return res::need;
        end = t + 1;
        return res::yes;
      }
      const unsigned char f = at(t + 1);
      if (f == ',' || f == ';' || f == ' ' || f == '\t' || is_eol(f) || f == '\\' || is_quote(f)) {
        end = t + 1;
        return res::yes;
      }
      return res::no;
    }
    bs = (c == '\\') ? bs + 1 : 0;
  }
  return res::no;
}

std::size_t scanner::step_cred_spaces(std::size_t i) {
  while (i < n_ && has(at(i), c_space)) ++i;
  if (i >= n_) {
    if (eof_) mode_ = mode::normal;
    return i;
  }
  std::size_t next = i;
  res r;
  if (pending_rule_ == 0) {
    r = term_at(i);
    if (r == res::yes) {
      mode_ = mode::normal;
      return i;
    }
    if (r == res::no) r = cred_decide(i, next);
  } else {
    r = pending_rule_ == 1 ? bearer_check(i) : basic_check(i);
    if (r == res::no) {
      mode_ = mode::normal;
      return i;
    }
    std::size_t kept = 0;
    if (r == res::yes && prefix_at(i, kept) == res::need) r = res::need;
    if (r == res::yes) {
      begin_finding(pending_rule_ == 1 ? finding_kind::bearer : finding_kind::basic, i);
      next = keep_prefix(i, kept);
      copy_from_ = next;
      mode_ = mode::span;
      span_ = pending_rule_ == 1 ? span_kind::bearer : span_kind::basic;
    }
  }
  if (r == res::need) {
    need_ = true;
    return i;
  }
  return next;
}

// ---------------------------------------------------------------- Rule B

scanner::res scanner::try_bare(std::size_t i, std::size_t& next) {
  const int prev = byte_before(i, 1);
  if (prev >= 0 && has(static_cast<unsigned char>(prev), c_letter)) return res::no;
  static constexpr std::string_view words[2] = {"bearer", "basic"};
  for (std::uint8_t w = 0; w < 2; ++w) {
    const auto word = words[w];
    if (i + word.size() <= n_) {
      if (!folded_equal(d_ + i, word, n_ - i)) continue;  // letters: exact
    } else {
      std::size_t t = 0;
      while (i + t < n_ && lower(at(i + t)) == word[t]) ++t;
      if (i + t >= n_ && !eof_) return res::need;
      continue;
    }
    const std::size_t we = i + word.size();
    std::size_t sp = 0;
    while (we + sp < n_ && has(at(we + sp), c_space) && sp <= k_max_run) ++sp;
    if (sp == 0) {
      if (we >= n_ && !eof_) return res::need;
      return res::no;
    }
    if (sp > k_max_run) {
      // Long run of spaces: nothing in it can start a finding, so stream it
      // and decide at the first non-space (exact, bounded hold-back).
      set_label(i, word.size());
      mode_ = mode::cred_spaces;
      pending_rule_ = static_cast<std::uint8_t>(w + 1);
      next = we;
      return res::yes;
    }
    const std::size_t ts = we + sp;
    const res r = (w == 0) ? bearer_check(ts) : basic_check(ts);
    if (r != res::yes) return r;
    std::size_t kept = 0;
    if (prefix_at(ts, kept) == res::need) return res::need;
    set_label(i, word.size());
    begin_finding(w == 0 ? finding_kind::bearer : finding_kind::basic, ts);
    next = keep_prefix(ts, kept);
    copy_from_ = next;
    mode_ = mode::span;
    span_ = w == 0 ? span_kind::bearer : span_kind::basic;
    return res::yes;
  }
  return res::no;
}

// Whole token (with padding) equal to an allowlisted key?
scanner::res scanner::allow_check(std::size_t start, bool (*cls)(unsigned char)) {
  if (cp_.allowlist.empty()) return res::no;
  std::size_t e = start;
  while (e < n_ && e - start <= cp_.max_allow_len && cls(at(e))) ++e;
  if (e - start > cp_.max_allow_len) return res::no;
  if (e >= n_ && !eof_) return res::need;
  const std::string_view tok(d_ + start, e - start);
  for (const auto& a : cp_.allowlist)
    if (tok == a) return res::yes;
  return res::no;
}

scanner::res scanner::bearer_check(std::size_t t) {
  std::size_t count = 0, p = t;
  while (count < 16) {
    if (p >= n_) return eof_ ? res::no : res::need;
    const unsigned char c = at(p);
    if (has(c, c_token)) {
      ++p;
    } else if (c == '\\') {
      if (p + 1 >= n_) return eof_ ? res::no : res::need;
      if (at(p + 1) != '/') return res::no;
      p += 2;
    } else {
      return res::no;
    }
    ++count;
  }
  const res a =
      allow_check(t, [](unsigned char c) { return has(c, c_token) || c == '=' || c == '\\'; });
  if (a == res::need) return a;
  return a == res::yes ? res::no : res::yes;
}

scanner::res scanner::basic_check(std::size_t t) {
  unsigned char run[k_max_basic_run];
  std::size_t count = 0, p = t;
  for (;;) {
    // The base64 run (SIMD span), at most one byte past the bound.
    const std::size_t lim = std::min(n_, p + (k_max_basic_run - count) + 1);
    const std::size_t e = cp_.span(k_b64_set, d_, p, lim, false);
    if (count + (e - p) > k_max_basic_run) return res::yes;  // fail closed, bounded
    std::memcpy(run + count, d_ + p, e - p);
    count += e - p;
    p = e;
    if (p >= n_) {
      if (!eof_) return res::need;
      break;
    }
    if (at(p) != '\\') break;
    if (p + 1 >= n_) {
      if (!eof_) return res::need;
      break;
    }
    if (at(p + 1) != '/') break;
    if (count == k_max_basic_run) return res::yes;
    run[count++] = '/';
    p += 2;
  }
  if (count < 8 || !basic_payload_ok(run, count)) return res::no;
  const res a =
      allow_check(t, [](unsigned char c) { return has(c, c_b64) || c == '=' || c == '\\'; });
  if (a == res::need) return a;
  return a == res::yes ? res::no : res::yes;
}

// ---------------------------------------------------------------- Rule T

scanner::res scanner::try_key(std::size_t i, std::string_view p, std::size_t& next) {
  const std::size_t avail = std::min(p.size(), n_ - i);
  if (std::memcmp(d_ + i, p.data(), avail) != 0) return res::no;
  if (avail < p.size()) return eof_ ? res::no : res::need;
  // Body run: decide once min_body is reached (or the allowlist length).
  const std::size_t b = i + p.size();
  const std::size_t want =
      cp_.allowlist.empty() ? cp_.min_body : std::max(cp_.min_body, cp_.max_allow_len + 1);
  std::size_t e = b;
  while (e < n_ && e - b < want && has(at(e), c_body)) ++e;
  if (e >= n_ && e - b < want && !eof_) return res::need;
  if (e - b < cp_.min_body) return res::no;  // a longer prefix may still yield a key
  if (!cp_.allowlist.empty() && (e - i) <= cp_.max_allow_len && (e >= n_ || !has(at(e), c_body))) {
    const std::string_view key(d_ + i, e - i);
    for (const auto& a : cp_.allowlist)
      if (key == a) return res::no;
  }
  set_label(i, p.size());
  begin_finding(finding_kind::token, i);
  flush_copy(b);
  fp_.update(d_ + i, p.size());
  emit("***");
  mode_ = mode::span;
  span_ = span_kind::key;
  next = b;
  return res::yes;
}

// ---------------------------------------------------------------- spans

std::size_t scanner::step_span(std::size_t i) {
  assert(copy_from_ == i);
  switch (span_) {
    case span_kind::key: {
      const std::size_t e = cp_.span(k_body_set, d_, i, n_, false);
      skip(i, e);
      if (e < n_ || eof_) end_finding();
      return e;
    }
    case span_kind::bearer:
    case span_kind::basic: {
      const byte_class& cls = span_ == span_kind::bearer ? k_token_set : k_b64_set;
      std::size_t e = i;
      for (;;) {
        e = cp_.span(cls, d_, e, n_, false);
        if (e < n_ && at(e) == '\\') {
          if (e + 1 >= n_) {
            if (eof_) break;
            skip(i, e);
            need_ = true;
            return e;
          }
          if (at(e + 1) == '/') {
            e += 2;
            continue;
          }
        }
        break;
      }
      skip(i, e);
      if (e < n_ && at(e) == '=') {
        span_ = span_ == span_kind::bearer ? span_kind::bearer_pad : span_kind::basic_pad;
      } else if (e < n_ || eof_) {
        end_finding();
      }
      return e;
    }
    case span_kind::bearer_pad:
    case span_kind::basic_pad: {
      std::size_t e = i;
      while (e < n_ && at(e) == '=') ++e;
      skip(i, e);
      if (e < n_ || eof_) end_finding();
      return e;
    }
    case span_kind::field:
      break;
  }
  // Rule H credential.
  std::size_t e = i;
  if (vm_ == vmode::quoted) {
    // bs_run_ counts backslashes consumed right before copy_from_ and not yet
    // hashed: the last min(r, k) of them may turn out to be the terminator.
    const unsigned char q = static_cast<unsigned char>(quote_);
    auto hash_ordinary = [&](std::size_t to) {
      if (to > copy_from_) {
        fp_.update_repeat('\\', bs_run_);
        bs_run_ = 0;
        skip(copy_from_, to);
      }
    };
    const byte_class& stop = q == '"' ? k_stop_sets[0] : k_quoted_single_stop;
    while (e < n_) {
      e = cp_.span(stop, d_, e, n_, true);
      if (e >= n_) break;
      const unsigned char c = at(e);
      if (c == '\\') {
        hash_ordinary(e);
        std::size_t r = e;
        while (r < n_ && at(r) == '\\') ++r;
        bs_run_ += r - e;
        track(e, r);
        copy_from_ = r;
        e = r;
        continue;
      }
      if (is_eol(c)) {
        hash_ordinary(e);
        fp_.update_repeat('\\', bs_run_);
        bs_run_ = 0;
        end_finding();
        return e;
      }
      if (c == q) {
        if (e > copy_from_) {  // no backslash right before: r = 0 always closes
          hash_ordinary(e);
          end_finding();
          return e;
        }
        if (closes(bs_run_, k_)) {
          const std::uint64_t term = std::min<std::uint64_t>(bs_run_, k_);
          fp_.update_repeat('\\', bs_run_ - term);
          bs_run_ = 0;
          end_finding();
          emit(std::string_view(k_backslashes, static_cast<std::size_t>(term)));
          return e;
        }
        fp_.update_repeat('\\', bs_run_);  // an escaped quote inside the value
        bs_run_ = 0;
      }
      ++e;
    }
    hash_ordinary(e);
    if (eof_) {
      fp_.update_repeat('\\', bs_run_);
      bs_run_ = 0;
      end_finding();
    }
    return e;
  }
  // LINE, LINE_BRACKET, WORD: skip bytes that can neither end the
  // credential nor open a quoted parameter, then decide on the one that can.
  const byte_class& stop = k_stop_sets[static_cast<int>(vm_)];
  while (e < n_) {
    e = cp_.span(stop, d_, e, n_, true);
    if (e >= n_) break;
    const unsigned char c = at(e);
    if (c == '=') {
      std::size_t pend = 0;
      const res p = param_at(e, pend);
      if (p == res::need) {
        skip(i, e);
        need_ = true;
        return e;
      }
      e = (p == res::yes) ? pend : e + 1;
      continue;
    }
    const res t = term_at(e);
    if (t == res::need) {
      skip(i, e);
      need_ = true;
      return e;
    }
    if (t == res::yes) {
      skip(i, e);
      end_finding();
      return e;
    }
    ++e;
  }
  skip(i, e);
  if (eof_) end_finding();
  return e;
}

}  // namespace redact::detail
