// Internal: the prefilter — finds the next position where a Rule H, B or T
// finding may start, so the scanner skips everything else at SIMD speed.
//
// Contract (after the aho-corasick crate's `Candidate`): the prefilter may
// report positions where nothing starts (the detectors then say no), but it
// never skips a position where something does.
//
// Every finding starts with a literal of at least two bytes — a field name, a
// prefix, `bearer` or `basic` — so a position is a candidate when its two
// bytes, each OR-ed with 0x20 (ASCII case folding that may also merge a few
// non-letters: over-reporting, never missing), form the first two bytes of a
// literal. The SIMD kernels use Teddy's idea (Hyperscan; Rust's aho-corasick):
// each pair is put into one of 8 buckets, and four 16-entry nibble tables
// (low/high nibble of byte 0 and byte 1) looked up with pshufb give, per
// position, the buckets whose pair may match (a third byte too for policies
// with more than 8 pairs; the VBMI kernel tests four bytes with exact byte
// tables). The scalar and SSE2 kernels confirm a candidate against the exact
// 64 Kbit pair set; the Teddy kernels against the literals' first eight
// bytes (literal_index), so they report exactly the positions where a
// literal's first eight bytes (fewer if the literal or the window is
// shorter) match, folded. A policy with a one-byte literal uses the
// first-byte table only (the scalar kernel).
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace redact::detail {

/// The second level behind the kernels: the literals grouped by their folded
/// first pair, each with its folded first eight bytes. The Teddy kernels
/// confirm a candidate with it (prefilter_tables::confirm) before returning
/// it; at a candidate the scanner looks up the pair, compares eight bytes per
/// literal of the group and runs only the detectors of literals that still
/// match, in SPEC precedence order (fields longest first, then Bearer/Basic,
/// then prefixes shortest first). Cost per candidate does not grow with the
/// number of literals that start with other pairs.
enum literal_kind : std::uint8_t {
  lit_field = 1,  // a Rule H field name
  lit_bare,       // `bearer`, `basic` (Rule B)
  lit_prefix,     // a Rule T prefix
  lit_jwt,        // `eyJ` (Rule J)
  lit_url,        // `://`, `:\/` (Rule U)
  lit_pem,        // `BEGIN ` of `-----BEGIN ` (Rule K)
  lit_kind_count
};

struct literal_entry {
  std::uint64_t key = 0;    // folded first min(8, size) bytes, little-endian
  std::uint64_t mask = 0;   // 0xff for each of those bytes
  std::uint32_t index = 0;  // into compiled_policy::fields / prefixes
  // How many entries right after this one in its group have the same key and
  // mask (a failed eight-byte test skips them too).
  std::uint32_t same_after = 0;
  literal_kind kind = lit_field;
};

struct literal_index {
  struct slot {
    std::uint32_t pair = 0;
    std::uint32_t begin = 0, end = 0;  // begin == end: empty slot
  };
  std::vector<slot> slots;  // open addressing, a power of two in size
  std::vector<literal_entry> entries;
  unsigned shift = 32;
  /// False when some literal is shorter than two bytes: the scanner then
  /// tries every detector at every candidate.
  bool usable = false;

  /// The entries whose literal starts with the folded pair `pair`.
  std::pair<const literal_entry*, const literal_entry*> group(unsigned pair) const noexcept {
    for (std::size_t h = (pair * 0x9E3779B1u) >> shift;; h = (h + 1) & (slots.size() - 1)) {
      const slot& s = slots[h];
      if (s.begin == s.end) return {nullptr, nullptr};
      if (s.pair == pair) return {entries.data() + s.begin, entries.data() + s.end};
    }
  }
};

struct literal_ref {
  std::string_view text;
  literal_kind kind;
  std::uint32_t index;
};

/// The (up to) eight bytes at d[i], each OR-ed with 0x20, little-endian
/// (byte i in the low bits); `avail` gets 0xff for each byte inside [i, n).
inline std::uint64_t folded_word(const char* d, std::size_t i, std::size_t n,
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
  return w | 0x2020202020202020u;
}

/// What a kernel knows besides the candidate j it returns (filled by the
/// Teddy kernels; the others leave it empty). The scanner uses it to find the
/// next candidates of the same SIMD block without entering the kernel again,
/// and to skip a second literal-index lookup at j.
struct find_hint {
  // j's literal group (the entries whose pair is j's); null: not looked up.
  const literal_entry* group = nullptr;
  const literal_entry* group_end = nullptr;
  // Positions p in (j, end) whose bit (p - base) is clear in `more` are not
  // candidates; set bits are SIMD hits not yet confirmed. end <= base + 64.
  std::size_t base = 0, end = 0;
  std::uint64_t more = 0;
};

/// Could a literal start at d[i] (i + 1 < n)? The index's eight-byte test,
/// without running any detector. With `hint`, records i's group there.
inline bool may_start(const literal_index& li, const char* d, std::size_t i, std::size_t n,
                      find_hint* hint = nullptr) noexcept {
  std::uint64_t avail = 0;
  const std::uint64_t w = folded_word(d, i, n, avail);
  auto [e, end] = li.group(static_cast<unsigned>(w & 0xffffu));
  if (hint != nullptr) {
    hint->group = e;
    hint->group_end = end;
  }
  for (; e != end; ++e)
    if (((w ^ e->key) & e->mask & avail) == 0) return true;
  return false;
}

/// Builds the index from the literals in precedence order.
void build_literal_index(literal_index& li, const std::vector<literal_ref>& in_order);

struct prefilter_tables {
  std::array<std::uint64_t, 1024> pairs{};  // bit (fold(b0) << 8 | fold(b1))
  // The literals' first eight bytes: the Teddy kernels report a position
  // only when one of them matches there (over the bytes inside the window),
  // so their result is exact and a near miss costs no return to the caller.
  literal_index confirm;
  std::array<bool, 256> first{};  // fold(b0) of some literal (raw byte index)
  // Teddy nibble tables, the 16 entries repeated in each 128-bit lane.
  alignas(64) std::uint8_t lo0[64] = {}, hi0[64] = {}, lo1[64] = {}, hi1[64] = {}, lo2[64] = {},
                           hi2[64] = {};
  // Buckets as byte tables per position for the VBMI kernel, which tests four
  // bytes (eight with more than 8 distinct pairs): vbmi[m][r & 0x7f] holds the
  // buckets accepting raw byte r (folded) at position m, so the 7-bit lookup
  // needs neither folding nor a high-byte fix-up (a byte >= 0x80 may alias an
  // ASCII one: over-reporting, which the exact confirmation removes).
  alignas(64) std::uint8_t vbmi[8][128] = {};
  bool single = false;  // some literal is one byte long
  // More than 8 distinct pairs: the nibble kernels test three bytes, VBMI
  // eight.
  bool three = false;
};

/// The first candidate position >= i in d[0, n), or n. `hint` may be null;
/// when given, it is reset and, by the Teddy kernels, filled (find_hint).
using find_fn = std::size_t (*)(const prefilter_tables&, const char*, std::size_t, std::size_t,
                                find_hint*);

/// A set of bytes for span scanning: `member` for every byte, and a
/// pshufb-friendly form for ASCII (row bits per low nibble, one bit per high
/// nibble 0..7; bytes >= 0x80 must not be members).
struct byte_class {
  bool member[256] = {};
  alignas(32) std::uint8_t lut[32] = {};

  template <class Pred>
  constexpr explicit byte_class(Pred pred) {
    for (int c = 0; c < 256; ++c) member[c] = pred(static_cast<unsigned char>(c));
    for (int c = 0; c < 128; ++c)
      if (member[c]) {
        lut[c & 15] = static_cast<std::uint8_t>(lut[c & 15] | (1u << (c >> 4)));
        lut[16 + (c & 15)] = lut[c & 15];
      }
  }
};

/// First position >= i whose byte is (want = true) / is not (want = false) a
/// member of `cls`, or n.
using span_fn = std::size_t (*)(const byte_class& cls, const char* d, std::size_t i, std::size_t n,
                                bool want);
std::size_t span_scalar(const byte_class&, const char*, std::size_t, std::size_t, bool);
std::size_t span_avx2(const byte_class&, const char*, std::size_t, std::size_t, bool);

/// Builds the tables for the given literals (any case); `confirm` is built
/// from the refs in their order (kinds and indices kept, so the scanner can
/// use it as its literal index).
void build_prefilter(prefilter_tables& t, const std::vector<literal_ref>& refs);
void build_prefilter(prefilter_tables& t, const std::vector<std::string_view>& literals);

/// Exact literals (case-sensitive bytes: exact secrets, regex rules' literal
/// starts) with prefilter tables over them.
struct literal_set {
  std::vector<std::string> values;
  prefilter_tables pf;

  void build(std::vector<std::string> v) {
    values = std::move(v);
    build_prefilter(pf, std::vector<std::string_view>(values.begin(), values.end()));
  }
  /// The first position >= from where one of the values starts in `text`, or
  /// text.size().
  std::size_t find(find_fn kernel, std::string_view text, std::size_t from) const noexcept {
    const char* d = text.data();
    const std::size_t n = text.size();
    for (std::size_t i = values.empty() ? n : kernel(pf, d, from, n, nullptr); i < n;
         i = kernel(pf, d, i + 1, n, nullptr))
      for (const auto& v : values)
        if (text.substr(i, v.size()) == v) return i;
    return n;
  }
};

/// The kernel to use on this CPU: avx512vbmi > avx512 > avx2 > sse2 >
/// scalar; the environment variable
/// REDACT_KERNEL=scalar|sse2|avx2|avx512|avx512vbmi forces one (if the CPU has
/// it; otherwise the best one it has).
find_fn select_kernel(std::string_view* name) noexcept;
/// The span kernel that goes with the kernel named `name`.
span_fn select_span_kernel(std::string_view name) noexcept;

/// Each kernel, for tests and benchmarks.
std::size_t find_scalar(const prefilter_tables&, const char*, std::size_t, std::size_t, find_hint*);
std::size_t find_sse2(const prefilter_tables&, const char*, std::size_t, std::size_t, find_hint*);
std::size_t find_avx2(const prefilter_tables&, const char*, std::size_t, std::size_t, find_hint*);
std::size_t find_avx512(const prefilter_tables&, const char*, std::size_t, std::size_t, find_hint*);
std::size_t find_avx512vbmi(const prefilter_tables&, const char*, std::size_t, std::size_t,
                            find_hint*);
/// Does this CPU run find_avx512 (AVX-512 F and BW)?
bool cpu_has_avx512() noexcept;
/// Does this CPU run find_avx512vbmi (AVX-512 F, BW and VBMI)?
bool cpu_has_avx512vbmi() noexcept;

}  // namespace redact::detail
