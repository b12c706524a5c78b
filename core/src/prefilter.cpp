#include "prefilter.hpp"

#include <immintrin.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdlib>
#include <cstring>

namespace redact::detail {

namespace {

inline unsigned fold(unsigned char c) noexcept { return c | 0x20u; }

inline bool pair_in(const prefilter_tables& t, unsigned char a, unsigned char b) noexcept {
  const unsigned k = fold(a) << 8 | fold(b);
  return (t.pairs[k >> 6] >> (k & 63)) & 1u;
}

// Scalar check of positions [i, end): the first candidate, or end.
inline std::size_t scalar_range(const prefilter_tables& t, const char* d, std::size_t i,
                                std::size_t end, std::size_t n) noexcept {
  const auto* u = reinterpret_cast<const unsigned char*>(d);
  for (; i < end; ++i) {
    if (!t.first[u[i]]) continue;
    if (t.single || i + 1 >= n || pair_in(t, u[i], u[i + 1])) return i;
  }
  return end;
}

constexpr std::size_t k_none = ~std::size_t{0};

// The first position of a SIMD block (bits of `mask`, block at `i`) whose
// pair is in the exact pair set, or k_none.
template <class Mask>
inline std::size_t first_confirmed(const prefilter_tables& t, const char* d, std::size_t i,
                                   Mask mask) noexcept {
  for (; mask != 0; mask &= mask - 1) {
    const std::size_t j = i + static_cast<unsigned>(__builtin_ctzll(mask));
    if (pair_in(t, static_cast<unsigned char>(d[j]), static_cast<unsigned char>(d[j + 1])))
      return j;
  }
  return k_none;
}

// The first position of a Teddy block (bits of `mask`, block at `i`) where a
// literal's first eight bytes match (prefilter_tables::confirm), or k_none.
// With `hint`, records the block's other hits after j (find_hint). Kept out
// of line: inlined, it crowds the kernels' block loops (register spills).
template <class Mask>
__attribute__((noinline)) std::size_t first_confirmed8(const prefilter_tables& t, const char* d,
                                                       std::size_t i, std::size_t n, Mask mask,
                                                       find_hint* hint) noexcept {
  for (; mask != 0; mask &= mask - 1) {
    const std::size_t j = i + static_cast<unsigned>(__builtin_ctzll(mask));
    if (may_start(t.confirm, d, j, n, hint)) {
      if (hint != nullptr) {
        hint->base = i;
        hint->end = i + 8 * sizeof(Mask);
        hint->more = static_cast<std::uint64_t>(mask & (mask - 1));
      }
      return j;
    }
  }
  return k_none;
}

// The Teddy kernels' scalar tail: positions [i, n) checked like a block
// (first byte, then the eight-byte confirmation; the last byte by its first
// byte only).
inline std::size_t scalar_confirmed8(const prefilter_tables& t, const char* d, std::size_t i,
                                     std::size_t n, find_hint* hint) noexcept {
  const auto* u = reinterpret_cast<const unsigned char*>(d);
  for (; i < n; ++i) {
    if (!t.first[u[i]]) continue;
    if (i + 1 >= n) {
      if (hint != nullptr) hint->group = hint->group_end = nullptr;
      return i;
    }
    if (may_start(t.confirm, d, i, n, hint)) return i;
  }
  return n;
}

// Teddy buckets. A bucket accepts, at each position, a set of folded bytes:
// with nibble tables every combination of its keys' low and high nibbles,
// with exact (VBMI) tables just its keys' bytes. A position is a SIMD hit when
// some bucket accepts all its bytes, so keys that are alike should share a
// bucket: the cost of a bucket is the estimated chance that a position of log
// text is accepted by it (the product over positions of the accepted bytes'
// frequencies, from a rough model of log text: lower-case letters by English
// frequency, digits, spaces, common punctuation), and starting from one
// cluster per key, the two clusters whose merge adds the least cost are
// merged until 8 remain (for policies of more than 160 keys, a greedy pass
// puts each key into the bucket that grows least instead).
constexpr std::size_t k_buckets = 8;
constexpr int k_key = 8;  // key bytes (VBMI positions)

// Relative frequency of a folded byte in log text (a model, not a measurement
// of any corpus; only the order of magnitude matters).
double byte_weight(unsigned c) noexcept {
  static constexpr double letters[26] = {8.2, 1.5, 2.8, 4.3, 12.7, 2.2, 2.0, 6.1, 7.0,
                                         0.2, 0.8, 4.0, 2.4, 6.7,  7.5, 1.9, 0.1, 6.0,
                                         6.3, 9.1, 2.8, 1.0, 2.4,  0.2, 2.0, 0.1};
  if (c >= 'a' && c <= 'z') return letters[c - 'a'];
  if (c >= '0' && c <= '9') return 2.0;
  if (c == ' ') return 15.0;
  if (c < 0x80 &&
      std::string_view("./:-_=\",;[]{}()'").find(static_cast<char>(c)) != std::string_view::npos)
    return 1.5;
  return c < 0x80 ? 0.2 : 0.1;
}

struct bucket {
  std::uint64_t bytes[k_key][4] = {};  // accepted folded bytes per position (256 bits)
  std::uint16_t nibbles[6] = {};       // nibble sets per position 0..2 (nibble tables)

  bool accepts(int m, unsigned c) const noexcept { return (bytes[m][c >> 6] >> (c & 63)) & 1u; }
  bool same_as(const bucket& o) const noexcept {
    return std::equal(&bytes[0][0], &bytes[0][0] + 4 * k_key, &o.bytes[0][0]) &&
           std::equal(nibbles, nibbles + 6, o.nibbles);
  }
  // Every position is filled (a kernel may be switched between modes in
  // tests); `positions` only limits the cost.
  void add_key(const std::array<int, k_key>& key, bool exact) noexcept {
    for (int m = 0; m < k_key; ++m) {
      if (key[m] < 0) {
        for (auto& w : bytes[m]) w = ~std::uint64_t{0};
        if (m < 3) nibbles[2 * m] = nibbles[2 * m + 1] = 0xffff;
        continue;
      }
      const auto c = static_cast<unsigned>(key[m]);
      bytes[m][c >> 6] |= std::uint64_t{1} << (c & 63);
      if (m < 3) {
        nibbles[2 * m] = static_cast<std::uint16_t>(nibbles[2 * m] | 1u << (c & 15));
        nibbles[2 * m + 1] = static_cast<std::uint16_t>(nibbles[2 * m + 1] | 1u << (c >> 4));
      }
    }
    if (!exact) widen_to_nibbles();
  }
  // Nibble tables accept every combination of the nibbles seen.
  void widen_to_nibbles() noexcept {
    for (int m = 0; m < 3; ++m)
      for (unsigned c = 0; c < 256; ++c)
        if ((nibbles[2 * m] >> (c & 15) & 1u) && (nibbles[2 * m + 1] >> (c >> 4) & 1u))
          bytes[m][c >> 6] |= std::uint64_t{1} << (c & 63);
  }
  bucket merged(const bucket& o, bool exact) const noexcept {
    bucket r;
    for (int m = 0; m < k_key; ++m)
      for (int w = 0; w < 4; ++w) r.bytes[m][w] = bytes[m][w] | o.bytes[m][w];
    for (int m = 0; m < 6; ++m)
      r.nibbles[m] = static_cast<std::uint16_t>(nibbles[m] | o.nibbles[m]);
    if (!exact) r.widen_to_nibbles();
    return r;
  }
  double cost(int positions, const double* weights) const noexcept {
    double p = 1;
    for (int m = 0; m < positions; ++m) {
      double sum = 0;
      for (int w = 0; w < 4; ++w)
        for (std::uint64_t b = bytes[m][w]; b != 0; b &= b - 1)
          sum += weights[w * 64 + std::countr_zero(b)];
      p *= sum;
    }
    return p;
  }
};

std::array<bucket, k_buckets> assign_buckets(const std::vector<std::array<int, k_key>>& keys,
                                             int positions, bool exact) {
  double weights[256];
  double total = 0;
  for (unsigned c = 0; c < 256; ++c) total += byte_weight(fold(static_cast<unsigned char>(c)));
  for (unsigned c = 0; c < 256; ++c) weights[c] = 0;
  for (unsigned c = 0; c < 256; ++c)
    weights[fold(static_cast<unsigned char>(c))] +=
        byte_weight(fold(static_cast<unsigned char>(c))) / total;
  std::vector<bucket> clusters;
  for (const auto& key : keys) {
    bucket b;
    b.add_key(key, exact);
    // Keys equal on all eight positions are one cluster.
    bool dup = false;
    for (const auto& c : clusters) dup = dup || c.same_as(b);
    if (!dup) clusters.push_back(b);
  }
  constexpr std::size_t k_cluster_limit = 160;
  std::array<bucket, k_buckets> out{};
  if (clusters.size() <= k_cluster_limit) {
    // Agglomerative merging with the pairwise growth cached; only the merged
    // cluster's row is recomputed after each merge.
    const std::size_t k = clusters.size();
    std::vector<double> cost(k), growth(k * k, 0);
    std::vector<bool> alive(k, true);
    for (std::size_t x = 0; x < k; ++x) cost[x] = clusters[x].cost(positions, weights);
    auto pair_growth = [&](std::size_t x, std::size_t y) {
      return clusters[x].merged(clusters[y], exact).cost(positions, weights) - cost[x] - cost[y];
    };
    for (std::size_t x = 0; x < k; ++x)
      for (std::size_t y = x + 1; y < k; ++y) growth[x * k + y] = pair_growth(x, y);
    for (std::size_t left = k; left > k_buckets; --left) {
      std::size_t ba = 0, bb = 0;
      double best = -1;
      for (std::size_t x = 0; x < k; ++x)
        if (alive[x])
          for (std::size_t y = x + 1; y < k; ++y)
            if (alive[y] && (best < 0 || growth[x * k + y] < best))
              best = growth[x * k + y], ba = x, bb = y;
      clusters[ba] = clusters[ba].merged(clusters[bb], exact);
      cost[ba] = clusters[ba].cost(positions, weights);
      alive[bb] = false;
      for (std::size_t y = 0; y < k; ++y)
        if (alive[y] && y != ba)
          growth[std::min(ba, y) * k + std::max(ba, y)] =
              pair_growth(std::min(ba, y), std::max(ba, y));
    }
    std::size_t o = 0;
    for (std::size_t x = 0; x < k; ++x)
      if (alive[x]) out[o++] = clusters[x];
  } else {
    std::array<bool, k_buckets> used{};
    for (const auto& mine : clusters) {
      std::size_t best = 0;
      double best_growth = -1;
      for (std::size_t b = 0; b < k_buckets; ++b) {
        const double before = used[b] ? out[b].cost(positions, weights) : 0;
        const double g =
            (used[b] ? out[b].merged(mine, exact) : mine).cost(positions, weights) - before;
        if (best_growth < 0 || g < best_growth) best = b, best_growth = g;
      }
      out[best] = used[best] ? out[best].merged(mine, exact) : mine;
      used[best] = true;
    }
  }
  return out;
}

}  // namespace

void build_prefilter(prefilter_tables& t, const std::vector<std::string_view>& literals) {
  std::vector<literal_ref> refs;
  for (auto lit : literals)
    refs.push_back({lit, lit_field, static_cast<std::uint32_t>(refs.size())});
  build_prefilter(t, refs);
}

void build_prefilter(prefilter_tables& t, const std::vector<literal_ref>& refs) {
  t = prefilter_tables{};
  build_literal_index(t.confirm, refs);
  std::vector<std::string_view> literals;
  for (const auto& r : refs) literals.push_back(r.text);
  // Distinct folded Teddy keys: the first eight bytes (-1 past the end of a
  // shorter literal: any byte there).
  std::vector<std::array<int, k_key>> keys;
  for (auto lit : literals) {
    if (lit.empty()) continue;
    const auto a = static_cast<unsigned char>(lit[0]);
    // Raw first bytes whose fold equals the literal's folded first byte.
    for (unsigned c = 0; c < 256; ++c)
      if (fold(static_cast<unsigned char>(c)) == fold(a)) t.first[c] = true;
    if (lit.size() < 2) {
      t.single = true;
      continue;
    }
    const unsigned k = fold(a) << 8 | fold(static_cast<unsigned char>(lit[1]));
    t.pairs[k >> 6] |= std::uint64_t{1} << (k & 63);
    std::array<int, k_key> key{};
    for (std::size_t m = 0; m < key.size(); ++m)
      key[m] = m < lit.size() ? static_cast<int>(fold(static_cast<unsigned char>(lit[m]))) : -1;
    keys.push_back(key);
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  // Two bytes are exact in the nibble tables when every distinct pair has a
  // bucket of its own; with more pairs the third byte keeps shared buckets
  // selective.
  std::size_t distinct_pairs = 0;
  for (std::size_t j = 0; j < keys.size(); ++j)
    if (j == 0 || keys[j][0] != keys[j - 1][0] || keys[j][1] != keys[j - 1][1]) ++distinct_pairs;
  t.three = distinct_pairs > 8;
  const auto nibble_buckets = assign_buckets(keys, t.three ? 3 : 2, false);
  std::uint8_t* tables[6] = {t.lo0, t.hi0, t.lo1, t.hi1, t.lo2, t.hi2};
  for (std::size_t k = 0; k < nibble_buckets.size(); ++k)
    for (int m = 0; m < 6; ++m)
      for (int nibble = 0; nibble < 16; ++nibble)
        if ((nibble_buckets[k].nibbles[m] >> nibble) & 1u)
          for (int lane = 0; lane < 4; ++lane)
            tables[m][lane * 16 + nibble] |= static_cast<std::uint8_t>(1u << k);
  // VBMI tables, indexed by the raw byte's low seven bits.
  const auto exact_buckets = assign_buckets(keys, t.three ? 8 : 4, true);
  for (std::size_t k = 0; k < exact_buckets.size(); ++k)
    for (int m = 0; m < k_key; ++m)
      for (unsigned r = 0; r < 256; ++r)
        if (exact_buckets[k].accepts(m, fold(static_cast<unsigned char>(r))))
          t.vbmi[m][r & 0x7f] |= static_cast<std::uint8_t>(1u << k);
}

void build_literal_index(literal_index& li, const std::vector<literal_ref>& in_order) {
  li = literal_index{};
  li.usable = true;
  std::vector<std::pair<unsigned, literal_entry>> keyed;  // (pair, entry), precedence order
  for (const auto& ref : in_order) {
    if (ref.text.size() < 2) {
      li.usable = false;
      continue;
    }
    literal_entry e;
    e.kind = ref.kind;
    e.index = ref.index;
    for (std::size_t k = 0; k < 8 && k < ref.text.size(); ++k) {
      e.key |= std::uint64_t{fold(static_cast<unsigned char>(ref.text[k]))} << (8 * k);
      e.mask |= std::uint64_t{0xff} << (8 * k);
    }
    keyed.emplace_back(static_cast<unsigned>(e.key & 0xffffu), e);
  }
  // Group by pair, keeping precedence order inside each group.
  std::stable_sort(keyed.begin(), keyed.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::size_t groups = 0;
  for (std::size_t k = 0; k < keyed.size(); ++k)
    if (k == 0 || keyed[k].first != keyed[k - 1].first) ++groups;
  std::size_t size = 16;
  unsigned bits = 4;
  while (size < 2 * groups) size *= 2, ++bits;
  li.slots.assign(size, {});
  li.shift = 32 - bits;
  for (std::size_t k = 0; k < keyed.size();) {
    std::size_t e = k;
    while (e < keyed.size() && keyed[e].first == keyed[k].first) ++e;
    const unsigned pair = keyed[k].first;
    std::size_t h = (pair * 0x9E3779B1u) >> li.shift;
    while (li.slots[h].begin != li.slots[h].end) h = (h + 1) & (size - 1);
    li.slots[h] = {pair, static_cast<std::uint32_t>(li.entries.size()),
                   static_cast<std::uint32_t>(li.entries.size() + (e - k))};
    const std::size_t first = li.entries.size();
    for (std::size_t m = k; m < e; ++m) li.entries.push_back(keyed[m].second);
    for (std::size_t m = li.entries.size() - 1; m > first; --m) {
      const auto& prev = li.entries[m - 1];
      const auto& cur = li.entries[m];
      if (prev.key == cur.key && prev.mask == cur.mask)
        li.entries[m - 1].same_after = cur.same_after + 1;
    }
    k = e;
  }
}

std::size_t find_scalar(const prefilter_tables& t, const char* d, std::size_t i, std::size_t n,
                        find_hint* hint) {
  if (hint != nullptr) *hint = find_hint{};
  return scalar_range(t, d, i, n, n);
}

// SSE2 has no pshufb (SSSE3), so the SSE2 kernel compares the folded first
// byte against the table of first bytes 16 at a time is not possible either;
// instead it skips 16-byte blocks that contain no byte whose fold is a
// letter-range first byte, using a compare against each distinct folded
// first byte (at most a handful in practice; more falls back to scalar).
std::size_t find_sse2(const prefilter_tables& t, const char* d, std::size_t i, std::size_t n,
                      find_hint* hint) {
  if (hint != nullptr) *hint = find_hint{};
  if (t.single) return find_scalar(t, d, i, n, nullptr);
  unsigned char firsts[16];
  std::size_t nf = 0;
  for (unsigned c = 0; c < 256; ++c) {
    if (t.first[c] && fold(static_cast<unsigned char>(c)) == c) {
      if (nf == 16) return find_scalar(t, d, i, n, nullptr);
      firsts[nf++] = static_cast<unsigned char>(c);
    }
  }
  const __m128i m20 = _mm_set1_epi8(0x20);
  while (i + 17 <= n) {
    const __m128i v = _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(d + i)), m20);
    __m128i hit = _mm_setzero_si128();
    for (std::size_t k = 0; k < nf; ++k)
      hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(firsts[k]))));
    const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
    if (const std::size_t j = first_confirmed(t, d, i, mask); j != k_none) return j;
    i += 16;
  }
  return scalar_range(t, d, i, n, n);
}

namespace {

struct avx2_tables {
  __m256i lo0, hi0, lo1, hi1, lo2, hi2;
};

__attribute__((target("avx2"), always_inline)) inline __m256i avx2_table(const std::uint8_t* t) {
  return _mm256_load_si256(reinterpret_cast<const __m256i*>(t));
}

// Buckets whose nibble tables accept the 32 bytes at p (one byte per position).
__attribute__((target("avx2"), always_inline)) inline __m256i avx2_lookup(const char* p, __m256i lo,
                                                                          __m256i hi) {
  const __m256i m20 = _mm256_set1_epi8(0x20);
  const __m256i nib = _mm256_set1_epi8(0x0f);
  const __m256i v = _mm256_or_si256(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)), m20);
  return _mm256_and_si256(_mm256_shuffle_epi8(lo, _mm256_and_si256(v, nib)),
                          _mm256_shuffle_epi8(hi, _mm256_and_si256(_mm256_srli_epi16(v, 4), nib)));
}

// Candidate bits of the 32 positions at p (bytes p[k], p[k + 1] and, with
// Three, p[k + 2]).
template <bool Three>
__attribute__((target("avx2"), always_inline)) inline unsigned avx2_block(const avx2_tables& t,
                                                                          const char* p) {
  __m256i hit = _mm256_and_si256(avx2_lookup(p, t.lo0, t.hi0), avx2_lookup(p + 1, t.lo1, t.hi1));
  if constexpr (Three) hit = _mm256_and_si256(hit, avx2_lookup(p + 2, t.lo2, t.hi2));
  return ~static_cast<unsigned>(
      _mm256_movemask_epi8(_mm256_cmpeq_epi8(hit, _mm256_setzero_si256())));
}

// Teddy on 2 or 3 bytes, 32 positions per step. The last positions whose
// bytes are all in the window are covered by one more block that overlaps the
// previous one (already-checked positions masked off), so short windows (a
// 120-byte message) do not fall back to scalar code; the last one or two
// positions by the scalar eight-byte check (scalar_confirmed8).
template <bool Three>
__attribute__((target("avx2"))) std::size_t teddy_avx2(const prefilter_tables& t, const char* d,
                                                       std::size_t i, std::size_t n,
                                                       find_hint* hint) {
  constexpr std::size_t block = Three ? 34 : 33;  // bytes read per 32 positions
  const avx2_tables v{avx2_table(t.lo0), avx2_table(t.hi0), avx2_table(t.lo1),
                      avx2_table(t.hi1), avx2_table(t.lo2), avx2_table(t.hi2)};
  for (; i + block <= n; i += 32) {
    const unsigned mask = avx2_block<Three>(v, d + i);
    if (mask == 0) continue;
    if (const std::size_t j = first_confirmed8(t, d, i, n, mask, hint); j != k_none) return j;
  }
  if (n >= block && i + (block - 32) < n) {
    const std::size_t b = n - block;  // b < i: positions b .. n - (block - 31)
    const unsigned mask = avx2_block<Three>(v, d + b) & (~0u << (i - b));
    if (const std::size_t j = first_confirmed8(t, d, b, n, mask, hint); j != k_none) return j;
    i = n - (block - 32);
  }
  return scalar_confirmed8(t, d, i, n, hint);
}

// Buckets whose nibble tables accept the 64 bytes at p.
__attribute__((target("avx512f,avx512bw"), always_inline)) inline __m512i avx512_lookup(
    const char* p, __m512i lo, __m512i hi) {
  const __m512i m20 = _mm512_set1_epi8(0x20);
  const __m512i nib = _mm512_set1_epi8(0x0f);
  const __m512i v = _mm512_or_si512(_mm512_loadu_si512(p), m20);
  return _mm512_and_si512(_mm512_shuffle_epi8(lo, _mm512_and_si512(v, nib)),
                          _mm512_shuffle_epi8(hi, _mm512_and_si512(_mm512_srli_epi16(v, 4), nib)));
}

// AVX-512 BW: the AVX2 kernel 64 positions at a time, with the hit mask read
// straight from a test-into-mask; the rest goes to the AVX2 kernel.
template <bool Three>
__attribute__((target("avx512f,avx512bw"))) std::size_t teddy_avx512(const prefilter_tables& t,
                                                                     const char* d, std::size_t i,
                                                                     std::size_t n,
                                                                     find_hint* hint) {
  constexpr std::size_t block = Three ? 66 : 65;
  const __m512i lo0 = _mm512_load_si512(t.lo0), hi0 = _mm512_load_si512(t.hi0);
  const __m512i lo1 = _mm512_load_si512(t.lo1), hi1 = _mm512_load_si512(t.hi1);
  const __m512i lo2 = _mm512_load_si512(t.lo2), hi2 = _mm512_load_si512(t.hi2);
  for (; i + block <= n; i += 64) {
    __m512i hit =
        _mm512_and_si512(avx512_lookup(d + i, lo0, hi0), avx512_lookup(d + i + 1, lo1, hi1));
    if constexpr (Three) hit = _mm512_and_si512(hit, avx512_lookup(d + i + 2, lo2, hi2));
    const auto mask = static_cast<std::uint64_t>(_mm512_test_epi8_mask(hit, hit));
    if (mask == 0) continue;
    if (const std::size_t j = first_confirmed8(t, d, i, n, mask, hint); j != k_none) return j;
  }
  return teddy_avx2<Three>(t, d, i, n, hint);
}

// AVX-512 VBMI: each position's bucket byte comes from one 128-entry table
// lookup of the raw byte (vpermi2b uses its low seven bits), so a bucket
// accepts exactly its keys' bytes at each of four (or eight) positions — no
// nibble combinations, and a candidate needs four matching bytes, not two.
//
// The bytes at +1 ... +7 are shifted out of two sequential loads (valignd +
// vpalignr) rather than loaded again: overlapping 64-byte loads split cache
// lines, and four of them per block halve the speed when the text streams
// from memory (measured: 12 vs 29 GB/s for the loads alone). After the first
// block, blocks start on a 64-byte boundary.
template <int Positions>
struct vbmi_tables {
  __m512i lo[Positions], hi[Positions];
};

// Buckets whose bytes match at all positions, for the 64 positions at p;
// `ahead` (>= Positions - 1) bytes follow the block's 64.
template <int Positions>
__attribute__((target("avx512f,avx512bw,avx512vbmi"), always_inline)) inline std::uint64_t
vbmi_block(const vbmi_tables<Positions>& v, const char* p, std::size_t ahead) {
  const __m512i v0 = _mm512_loadu_si512(p);
  const __m512i v1 = ahead >= 64 ? _mm512_loadu_si512(p + 64)
                                 : _mm512_maskz_loadu_epi8((std::uint64_t{1} << ahead) - 1, p + 64);
  const __m512i lane = _mm512_maskz_alignr_epi32(0xffff, v1, v0, 4);  // bytes 16..79
  __m512i hit = _mm512_and_si512(
      _mm512_and_si512(_mm512_permutex2var_epi8(v.lo[0], v0, v.hi[0]),
                       _mm512_permutex2var_epi8(v.lo[1], _mm512_alignr_epi8(lane, v0, 1), v.hi[1])),
      _mm512_and_si512(
          _mm512_permutex2var_epi8(v.lo[2], _mm512_alignr_epi8(lane, v0, 2), v.hi[2]),
          _mm512_permutex2var_epi8(v.lo[3], _mm512_alignr_epi8(lane, v0, 3), v.hi[3])));
  if constexpr (Positions == 8) {
    hit = _mm512_and_si512(
        hit, _mm512_and_si512(
                 _mm512_and_si512(
                     _mm512_permutex2var_epi8(v.lo[4], _mm512_alignr_epi8(lane, v0, 4), v.hi[4]),
                     _mm512_permutex2var_epi8(v.lo[5], _mm512_alignr_epi8(lane, v0, 5), v.hi[5])),
                 _mm512_and_si512(
                     _mm512_permutex2var_epi8(v.lo[6], _mm512_alignr_epi8(lane, v0, 6), v.hi[6]),
                     _mm512_permutex2var_epi8(v.lo[7], _mm512_alignr_epi8(lane, v0, 7), v.hi[7]))));
  }
  return _mm512_test_epi8_mask(hit, hit);
}

// Four positions, or eight for policies with more than 8 distinct pairs
// (their buckets are shared, and words like `Accept` or `client` match the
// first four bytes of `access_token` or `client_secret`).
template <bool Three>
__attribute__((target("avx512f,avx512bw,avx512vbmi"))) std::size_t teddy_vbmi(
    const prefilter_tables& t, const char* d, std::size_t i, std::size_t n, find_hint* hint) {
  constexpr int positions = Three ? 8 : 4;
  constexpr std::size_t block = 64 + positions - 1;  // bytes read per 64 positions
  if (i + block > n) return teddy_avx2<Three>(t, d, i, n, hint);
  vbmi_tables<positions> v;
  for (int m = 0; m < positions; ++m) {
    v.lo[m] = _mm512_load_si512(t.vbmi[m]);
    v.hi[m] = _mm512_load_si512(t.vbmi[m] + 64);
  }
  // Positions before `done` are checked: the first block at i, then blocks
  // on 64-byte boundaries, then one last block overlapping the previous one.
  std::size_t done = i;
  for (std::size_t at = i; at + block <= n;) {
    std::uint64_t mask = vbmi_block(v, d + at, n - at - 64);
    mask &= ~std::uint64_t{0} << (done - at);
    if (mask != 0)
      if (const std::size_t j = first_confirmed8(t, d, at, n, mask, hint); j != k_none) return j;
    done = at + 64;
    const auto next = static_cast<std::size_t>(
        (reinterpret_cast<std::uintptr_t>(d + done) & ~std::uintptr_t{63}) -
        reinterpret_cast<std::uintptr_t>(d));
    at = next + block <= n ? next : n - block;
    if (at + 64 <= done) break;
  }
  return scalar_confirmed8(t, d, done, n, hint);
}

}  // namespace

std::size_t find_avx512vbmi(const prefilter_tables& t, const char* d, std::size_t i, std::size_t n,
                            find_hint* hint) {
  if (hint != nullptr) *hint = find_hint{};
  if (t.single) return find_scalar(t, d, i, n, nullptr);
  return t.three ? teddy_vbmi<true>(t, d, i, n, hint) : teddy_vbmi<false>(t, d, i, n, hint);
}

std::size_t find_avx2(const prefilter_tables& t, const char* d, std::size_t i, std::size_t n,
                      find_hint* hint) {
  if (hint != nullptr) *hint = find_hint{};
  if (t.single) return find_scalar(t, d, i, n, nullptr);
  return t.three ? teddy_avx2<true>(t, d, i, n, hint) : teddy_avx2<false>(t, d, i, n, hint);
}

std::size_t find_avx512(const prefilter_tables& t, const char* d, std::size_t i, std::size_t n,
                        find_hint* hint) {
  if (hint != nullptr) *hint = find_hint{};
  if (t.single) return find_scalar(t, d, i, n, nullptr);
  return t.three ? teddy_avx512<true>(t, d, i, n, hint) : teddy_avx512<false>(t, d, i, n, hint);
}

bool cpu_has_avx512() noexcept {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
}

bool cpu_has_avx512vbmi() noexcept {
  return cpu_has_avx512() && __builtin_cpu_supports("avx512vbmi");
}

std::size_t span_scalar(const byte_class& cls, const char* d, std::size_t i, std::size_t n,
                        bool want) {
  const auto* u = reinterpret_cast<const unsigned char*>(d);
  while (i < n && cls.member[u[i]] != want) ++i;
  return i;
}

// Membership of 32 bytes at once: row = lut[low nibble] (one bit per high
// nibble 0..7), col = 1 << high nibble (0 for bytes >= 0x80); member when
// row & col != 0.
__attribute__((target("avx2"))) std::size_t span_avx2(const byte_class& cls, const char* d,
                                                      std::size_t i, std::size_t n, bool want) {
  const __m256i lut = _mm256_load_si256(reinterpret_cast<const __m256i*>(cls.lut));
  const __m256i bits = _mm256_setr_epi8(1, 2, 4, 8, 16, 32, 64, -128, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2,
                                        4, 8, 16, 32, 64, -128, 0, 0, 0, 0, 0, 0, 0, 0);
  const __m256i nib = _mm256_set1_epi8(0x0f);
  const __m256i zero = _mm256_setzero_si256();
  while (i + 32 <= n) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(d + i));
    const __m256i row = _mm256_shuffle_epi8(lut, _mm256_and_si256(v, nib));
    const __m256i col = _mm256_shuffle_epi8(bits, _mm256_and_si256(_mm256_srli_epi16(v, 4), nib));
    const auto outside = static_cast<unsigned>(
        _mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_and_si256(row, col), zero)));
    const unsigned hit = want ? ~outside : outside;
    if (hit != 0) return i + static_cast<unsigned>(__builtin_ctz(hit));
    i += 32;
  }
  return span_scalar(cls, d, i, n, want);
}

span_fn select_span_kernel(std::string_view name) noexcept {
  return name == "avx2" || name.starts_with("avx512") ? span_avx2 : span_scalar;
}

find_fn select_kernel(std::string_view* name) noexcept {
  __builtin_cpu_init();
  const bool avx2 = __builtin_cpu_supports("avx2");
  const char* env = std::getenv("REDACT_KERNEL");
  const std::string_view want = env != nullptr ? env : "";
  const bool avx512 = avx2 && cpu_has_avx512();
  const bool vbmi = avx512 && cpu_has_avx512vbmi();
  find_fn fn = vbmi ? find_avx512vbmi : avx512 ? find_avx512 : avx2 ? find_avx2 : find_sse2;
  std::string_view chosen = vbmi ? "avx512vbmi" : avx512 ? "avx512" : avx2 ? "avx2" : "sse2";
  if (want == "scalar") {
    fn = find_scalar;
    chosen = "scalar";
  } else if (want == "sse2") {
    fn = find_sse2;
    chosen = "sse2";
  } else if (want == "avx2" && avx2) {
    fn = find_avx2;
    chosen = "avx2";
  } else if (want == "avx512" && avx512) {
    fn = find_avx512;
    chosen = "avx512";
  } else if (want == "avx512vbmi" && vbmi) {
    fn = find_avx512vbmi;
    chosen = "avx512vbmi";
  }
  if (name != nullptr) *name = chosen;
  return fn;
}

}  // namespace redact::detail
