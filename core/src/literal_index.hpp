// Internal: the literal index — the second level behind every prefilter
// kernel, and the table the scanner picks its detectors from.
//
// A kernel's SIMD pass (prefilter.hpp) only says "some literal may start
// here". The index says which: it maps a position's first two bytes, each
// OR-ed with 0x20, to the *group* of literals whose first two bytes fold to
// that pair, each entry holding the literal's first eight bytes, its kind and
// its index in the owner's table, in the order the owner gave them (SPEC
// precedence for the scanner: field names longest first, Bearer/Basic,
// prefixes shortest first; longest first for exact secrets). A position is a
// *candidate* when an entry of its group matches the (up to) eight bytes
// there; every kernel returns only candidates, and the scanner runs only the
// detectors of the matching entries. The cost per candidate is one hash
// probe plus one three-instruction test per entry of one group, whatever the
// number of literals.
//
// Case, per literal and per byte: an entry byte either matches exactly or,
// for an ASCII letter of a case-insensitive literal (field names, `bearer`,
// `basic`), matches both cases (`fold` holds 0x20 for those bytes). Prefixes,
// exact secrets, regex literal starts and contract v2's markers (`eyJ`,
// `-----BEGIN`, ESC, `AKIA`, ...) are exact, so `QBT_` is no candidate for
// `qbt_`, and ESC is none for `;` although both fold to 0x3b. The pair used
// to find a group is folded on every byte (one OR for the whole word), so
// exact and case-insensitive literals share groups; the entry test decides.
//
// Groups by first byte: a position at the window's last byte has no pair,
// and a one-byte literal (a custom one-character prefix, ESC) matches any
// second byte. Both use the group of every literal whose first byte folds
// to the position's (`first_group`); for a one-byte literal's first byte,
// every pair lookup returns that group too (the hash table holds a slot per
// possible second byte), so no caller has a second path for them.
//
// Follow bytes: a Rule E anchor is followed by its key's further base64
// characters, so its entry also requires the bytes after it (up to the
// eighth) to be base64 characters or `\`; bytes past the window's end pass.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>
#include <vector>

namespace redact::detail {

/// What a literal of the scanner's index starts (Rules H, B, T).
enum literal_kind : std::uint8_t {
  lit_field = 1,  // a Rule H field name
  lit_bare,       // `bearer`, `basic` (Rule B)
  lit_prefix,     // a Rule T prefix
  lit_jwt,        // `eyJ` (Rule J)
  lit_url,        // `://`, `:\/` (Rule U)
  lit_encoded,    // base64 of a prefix (Rule E)
  lit_pem,        // `BEGIN ` of `-----BEGIN ` (Rule K)
  lit_kind_count
};

/// A literal to index: its bytes, what it is (kind and index into the
/// owner's table) and whether ASCII letters match in either case.
struct literal_ref {
  std::string_view text;
  literal_kind kind = lit_field;
  std::uint32_t index = 0;
  bool ignore_case = true;
  /// How many bytes after the literal must be base64 characters (either
  /// alphabet) or `\` (a Rule E anchor: the encoded key's further
  /// characters, JSON's `\/` included). Counted within the first eight
  /// bytes only.
  std::uint8_t follow = 0;
};

/// A byte a literal's `follow` accepts: A-Z a-z 0-9 + / - _ and `\`.
constexpr bool is_follow_byte(unsigned char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/' || c == '-' || c == '_' || c == '\\';
}

/// 0x20 in every byte: OR-ed into a word, folds ASCII letters to lower case
/// (and merges a few non-letters, which only over-reports).
inline constexpr std::uint64_t k_ascii_fold8 = 0x2020202020202020u;

/// The (up to) eight bytes at d[i], little-endian (byte i in the low bits);
/// `avail` gets 0xff for each byte inside [i, n). Requires i < n.
inline std::uint64_t load_word(const char* d, std::size_t i, std::size_t n,
                               std::uint64_t& avail) noexcept {
  std::uint64_t w = 0;
  if (i + 8 <= n) {
    std::memcpy(&w, d + i, 8);
    if constexpr (std::endian::native == std::endian::big) w = __builtin_bswap64(w);
    avail = ~std::uint64_t{0};
  } else {
    const std::size_t have = n - i;
    for (std::size_t k = 0; k < have; ++k)
      w |= std::uint64_t{static_cast<unsigned char>(d[i + k])} << (8 * k);
    avail = (std::uint64_t{1} << (8 * have)) - 1;
  }
  return w;
}

/// load_word with every byte OR-ed with 0x20 (the scanner's word-at-a-time
/// tests compare against it).
inline std::uint64_t folded_word(const char* d, std::size_t i, std::size_t n,
                                 std::uint64_t& avail) noexcept {
  return load_word(d, i, n, avail) | k_ascii_fold8;
}

struct literal_entry {
  std::uint64_t key = 0;    // first min(8, size) bytes, each OR-ed with 0x20
  std::uint64_t mask = 0;   // 0xff for each of those bytes
  std::uint64_t exact = 0;  // the same bytes, OR-ed with `fold`
  std::uint64_t fold = 0;   // 0x20 in each byte that matches either case

  std::uint32_t index = 0;  // into the owner's table (compiled_policy::fields, ...)
  // How many entries right after this one in its group are equal to it
  // (same bytes, case and length): a failed test skips them too.
  std::uint32_t same_after = 0;
  literal_kind kind = lit_field;
  // Bit k: byte k must be a follow byte (is_follow_byte; literal_ref::follow).
  std::uint8_t follow = 0;

  /// Do the bytes `w` (load_word) match this literal's first eight bytes,
  /// over the bytes in `avail`?
  bool matches(std::uint64_t w, std::uint64_t avail) const noexcept {
    if ((((w | fold) ^ exact) & mask & avail) != 0) return false;
    if (follow == 0) [[likely]]
      return true;
    return follows(w, avail);
  }
  /// Are the `follow` bytes of `w` that are in `avail` follow bytes?
  bool follows(std::uint64_t w, std::uint64_t avail) const noexcept {
    for (unsigned f = follow; f != 0; f &= f - 1) {
      const int k = std::countr_zero(f);
      const auto c = static_cast<unsigned char>(w >> (8 * k));
      if ((avail >> (8 * k) & 1u) != 0 && !is_follow_byte(c)) return false;
    }
    return true;
  }
};

/// The entries of one group that match the bytes at one position, in the
/// group's (precedence) order:
///
///   for (const literal_entry& e : index.at(d, i, n)) try_detector(e.kind, e.index);
class literal_matches {
 public:
  class iterator {
   public:
    const literal_entry& operator*() const noexcept { return *e_; }
    const literal_entry* operator->() const noexcept { return e_; }
    iterator& operator++() noexcept {
      e_ = m_->first_match(e_ + 1);
      return *this;
    }
    bool operator==(const iterator& o) const noexcept { return e_ == o.e_; }

   private:
    friend class literal_matches;
    iterator(const literal_matches* m, const literal_entry* e) noexcept : m_(m), e_(e) {}
    const literal_matches* m_;
    const literal_entry* e_;
  };

  literal_matches() noexcept = default;
  literal_matches(const literal_entry* begin, const literal_entry* end, std::uint64_t word,
                  std::uint64_t avail) noexcept
      : end_(end), word_(word), avail_(avail) {
    begin_ = first_match(begin);
  }

  iterator begin() const noexcept { return {this, begin_}; }
  iterator end() const noexcept { return {this, end_}; }
  bool empty() const noexcept { return begin_ == end_; }
  /// The first matching entry and the group's end, as pointers.
  const literal_entry* first_entry() const noexcept { return begin_; }
  const literal_entry* group_end() const noexcept { return end_; }
  /// The bytes at the position (load_word) and which of them are in the window.
  std::uint64_t word() const noexcept { return word_; }
  std::uint64_t avail() const noexcept { return avail_; }

  /// The first entry at or after `e` that matches (end() if none).
  const literal_entry* first_match(const literal_entry* e) const noexcept {
    while (e != end_ && !e->matches(word_, avail_)) e += e->same_after + 1;
    return e;
  }

 private:
  const literal_entry* begin_ = nullptr;
  const literal_entry* end_ = nullptr;
  std::uint64_t word_ = 0;
  std::uint64_t avail_ = 0;
};

struct literal_index {
  struct slot {
    std::uint32_t pair = 0;
    std::uint32_t begin = 0, end = 0;  // begin == end: empty slot
  };
  struct range {
    std::uint32_t begin = 0, end = 0;
  };
  std::vector<slot> slots;             // open addressing by folded pair, a power of two in size
  std::vector<literal_entry> entries;  // pair groups, then first-byte groups
  std::array<range, 256> first{};      // by folded first byte
  unsigned shift = 32;

  /// The entries whose literal starts with the folded pair `pair` (byte 0
  /// in the low bits), or with its first byte if that is a one-byte
  /// literal's.
  std::pair<const literal_entry*, const literal_entry*> group(unsigned pair) const noexcept {
    for (std::size_t h = (pair * 0x9E3779B1u) >> shift;; h = (h + 1) & (slots.size() - 1)) {
      const slot& s = slots[h];
      if (s.begin == s.end) return {nullptr, nullptr};
      if (s.pair == pair) return {entries.data() + s.begin, entries.data() + s.end};
    }
  }
  /// The entries whose literal's first byte folds to `folded`.
  std::pair<const literal_entry*, const literal_entry*> first_group(
      unsigned folded) const noexcept {
    const range r = first[folded & 0xff];
    return {entries.data() + r.begin, entries.data() + r.end};
  }

  /// The entries that match at d[i] (i < n): by pair, or by first byte at
  /// the window's last byte.
  literal_matches at(const char* d, std::size_t i, std::size_t n) const noexcept {
    std::uint64_t avail = 0;
    const std::uint64_t w = load_word(d, i, n, avail);
    const auto [b, e] = i + 1 < n ? group(static_cast<unsigned>((w | k_ascii_fold8) & 0xffffu))
                                  : first_group(static_cast<unsigned>((w | 0x20u) & 0xffu));
    return {b, e, w, avail};
  }

  /// Builds the index from the literals in precedence order (empty literals
  /// are ignored).
  void build(const std::vector<literal_ref>& in_order);
};

/// Could a literal start at d[i] (i < n)?
inline bool may_start(const literal_index& li, const char* d, std::size_t i,
                      std::size_t n) noexcept {
  return !li.at(d, i, n).empty();
}

}  // namespace redact::detail
