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
// The first position of a Teddy block (bits of `mask`, block at `i`, every
// position with a third byte in the window) whose folded first three bytes
// are in the triple set, or k_none.
template <class Mask>
inline std::size_t first_confirmed3(const prefilter_tables& t, const char* d, std::size_t i,
                                    Mask mask) noexcept {
  for (; mask != 0; mask &= mask - 1) {
    const std::size_t j = i + static_cast<unsigned>(__builtin_ctzll(mask));
    if (triple_in(t, d + j)) return j;
  }
  return k_none;
}

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

}  // namespace

void build_prefilter(prefilter_tables& t, const std::vector<std::string_view>& literals) {
  t = prefilter_tables{};
  // Distinct folded Teddy keys: the first four bytes (-1 past the end of a
  // shorter literal: any byte there).
  std::vector<std::array<int, 4>> keys;
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
    const unsigned b = fold(static_cast<unsigned char>(lit[1]));
    for (unsigned c = 0; c < 256; ++c) {
      if (lit.size() > 2 && c != fold(static_cast<unsigned char>(lit[2]))) continue;
      const unsigned h = triple_hash(fold(a), b, c);
      t.triples[h >> 6] |= std::uint64_t{1} << (h & 63);
    }
    std::array<int, 4> key{};
    for (std::size_t m = 0; m < key.size(); ++m)
      key[m] = m < lit.size() ? static_cast<int>(fold(static_cast<unsigned char>(lit[m]))) : -1;
    keys.push_back(key);
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  // Teddy buckets. A bucket accepts every combination of the nibbles of its
  // keys (4 or 6 nibble positions), so similar keys should share a bucket:
  // starting from one cluster per key, the two clusters whose merge adds the
  // fewest accepted combinations are merged until 8 remain (for policies of
  // more than 160 keys, a greedy pass puts each key into the bucket that
  // grows least instead).
  struct bucket {
    std::uint16_t sets[6] = {};      // nibble sets per position 0..2 (bit per value)
    std::uint64_t bytes[4][2] = {};  // exact folded bytes (< 0x80) per position
    bool high[4] = {};               // a byte >= 0x80 (or any byte) at the position
    double size(int positions) const noexcept {
      double p = 1;
      for (int m = 0; m < positions; ++m) p *= std::popcount(sets[m]);
      return p;
    }
    bucket merged(const bucket& o) const noexcept {
      bucket r;
      for (int m = 0; m < 6; ++m) r.sets[m] = static_cast<std::uint16_t>(sets[m] | o.sets[m]);
      for (int m = 0; m < 4; ++m) {
        for (int h = 0; h < 2; ++h) r.bytes[m][h] = bytes[m][h] | o.bytes[m][h];
        r.high[m] = high[m] || o.high[m];
      }
      return r;
    }
  };
  // Two bytes are exact when every distinct pair has a bucket of its own;
  // with more pairs the third byte keeps shared buckets selective.
  std::size_t distinct_pairs = 0;
  for (std::size_t j = 0; j < keys.size(); ++j)
    if (j == 0 || keys[j][0] != keys[j - 1][0] || keys[j][1] != keys[j - 1][1]) ++distinct_pairs;
  t.three = distinct_pairs > 8;
  const int positions = t.three ? 6 : 4;
  std::vector<bucket> clusters;
  for (const auto& key : keys) {
    bucket mine;
    for (int b = 0; b < 4; ++b) {
      if (key[b] < 0) {
        if (b < 3) mine.sets[2 * b] = mine.sets[2 * b + 1] = 0xffff;
        mine.bytes[b][0] = mine.bytes[b][1] = ~std::uint64_t{0};
        mine.high[b] = true;
        continue;
      }
      if (key[b] < 0x80) {
        mine.bytes[b][key[b] >> 6] |= std::uint64_t{1} << (key[b] & 63);
      } else {
        mine.high[b] = true;
      }
      if (b == 3) continue;
      mine.sets[2 * b] = static_cast<std::uint16_t>(1u << (key[b] & 15));
      mine.sets[2 * b + 1] = static_cast<std::uint16_t>(1u << (key[b] >> 4));
    }
    clusters.push_back(mine);
  }
  constexpr std::size_t k_buckets = 8, k_cluster_limit = 160;
  if (clusters.size() <= k_cluster_limit) {
    while (clusters.size() > k_buckets) {
      std::size_t ba = 0, bb = 1;
      double best = -1;
      for (std::size_t x = 0; x < clusters.size(); ++x)
        for (std::size_t y = x + 1; y < clusters.size(); ++y) {
          const double growth = clusters[x].merged(clusters[y]).size(positions) -
                                clusters[x].size(positions) - clusters[y].size(positions);
          if (best < 0 || growth < best) best = growth, ba = x, bb = y;
        }
      clusters[ba] = clusters[ba].merged(clusters[bb]);
      clusters.erase(clusters.begin() + static_cast<std::ptrdiff_t>(bb));
    }
  } else {
    std::vector<bucket> greedy(k_buckets);
    std::vector<bool> used(k_buckets, false);
    for (const auto& mine : clusters) {
      std::size_t best = 0;
      double best_growth = -1;
      for (std::size_t k = 0; k < k_buckets; ++k) {
        const double before = used[k] ? greedy[k].size(positions) : 0;
        const double growth = greedy[k].merged(mine).size(positions) - before;
        if (best_growth < 0 || growth < best_growth) best = k, best_growth = growth;
      }
      greedy[best] = greedy[best].merged(mine);
      used[best] = true;
    }
    clusters = greedy;
  }
  std::array<bucket, k_buckets> buckets{};
  std::copy(clusters.begin(), clusters.end(), buckets.begin());
  std::uint8_t* tables[6] = {t.lo0, t.hi0, t.lo1, t.hi1, t.lo2, t.hi2};
  for (std::size_t k = 0; k < buckets.size(); ++k)
    for (int m = 0; m < 6; ++m)
      for (int nibble = 0; nibble < 16; ++nibble)
        if ((buckets[k].sets[m] >> nibble) & 1u)
          for (int lane = 0; lane < 4; ++lane)
            tables[m][lane * 16 + nibble] |= static_cast<std::uint8_t>(1u << k);
  // VBMI tables, indexed by the raw byte's low seven bits.
  std::uint8_t* exact[4] = {t.byte0, t.byte1, t.byte2, t.byte3};
  for (std::size_t k = 0; k < buckets.size(); ++k)
    for (int m = 0; m < 4; ++m)
      for (unsigned r = 0; r < 256; ++r) {
        const unsigned c = fold(static_cast<unsigned char>(r));
        if (c < 0x80 ? ((buckets[k].bytes[m][c >> 6] >> (c & 63)) & 1u) != 0 : buckets[k].high[m])
          exact[m][r & 0x7f] |= static_cast<std::uint8_t>(1u << k);
      }
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
    for (std::size_t k = 0; k < 4 && k < ref.text.size(); ++k) {
      e.key |= std::uint32_t{fold(static_cast<unsigned char>(ref.text[k]))} << (8 * k);
      e.mask |= std::uint32_t{0xff} << (8 * k);
    }
    keyed.emplace_back(e.key & 0xffffu, e);
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

std::size_t find_scalar(const prefilter_tables& t, const char* d, std::size_t i, std::size_t n) {
  return scalar_range(t, d, i, n, n);
}

// SSE2 has no pshufb (SSSE3), so the SSE2 kernel compares the folded first
// byte against the table of first bytes 16 at a time is not possible either;
// instead it skips 16-byte blocks that contain no byte whose fold is a
// letter-range first byte, using a compare against each distinct folded
// first byte (at most a handful in practice; more falls back to scalar).
std::size_t find_sse2(const prefilter_tables& t, const char* d, std::size_t i, std::size_t n) {
  if (t.single) return find_scalar(t, d, i, n);
  unsigned char firsts[16];
  std::size_t nf = 0;
  for (unsigned c = 0; c < 256; ++c) {
    if (t.first[c] && fold(static_cast<unsigned char>(c)) == c) {
      if (nf == 16) return find_scalar(t, d, i, n);
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

template <bool Three, class Mask>
inline std::size_t confirm(const prefilter_tables& t, const char* d, std::size_t i,
                           Mask mask) noexcept {
  return Three ? first_confirmed3(t, d, i, mask) : first_confirmed(t, d, i, mask);
}

// Teddy on 2 or 3 bytes, 32 positions per step. The last positions whose
// bytes are all in the window are covered by one more block that overlaps the
// previous one (already-checked positions masked off), so short windows (a
// 120-byte message) do not fall back to scalar code; the last one or two
// positions are checked by pairs.
template <bool Three>
__attribute__((target("avx2"))) std::size_t teddy_avx2(const prefilter_tables& t, const char* d,
                                                       std::size_t i, std::size_t n) {
  constexpr std::size_t block = Three ? 34 : 33;  // bytes read per 32 positions
  const avx2_tables v{avx2_table(t.lo0), avx2_table(t.hi0), avx2_table(t.lo1),
                      avx2_table(t.hi1), avx2_table(t.lo2), avx2_table(t.hi2)};
  for (; i + block <= n; i += 32) {
    if (const std::size_t j = confirm<Three>(t, d, i, avx2_block<Three>(v, d + i)); j != k_none)
      return j;
  }
  if (n >= block && i + (block - 32) < n) {
    const std::size_t b = n - block;  // b < i: positions b .. n - (block - 31)
    const unsigned mask = avx2_block<Three>(v, d + b) & (~0u << (i - b));
    if (const std::size_t j = confirm<Three>(t, d, b, mask); j != k_none) return j;
    i = n - (block - 32);
  }
  return scalar_range(t, d, i, n, n);
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
                                                                     std::size_t n) {
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
    if (const std::size_t j = confirm<Three>(t, d, i, mask); j != k_none) return j;
  }
  return teddy_avx2<Three>(t, d, i, n);
}

// AVX-512 VBMI: each position's bucket byte comes from one 128-entry table
// lookup of the raw byte (vpermi2b uses its low seven bits), so a bucket
// accepts exactly its keys' bytes at each of four positions — no nibble
// combinations, and a candidate needs four matching bytes, not two.
//
// The bytes at +1, +2, +3 are shifted out of two sequential loads (valignd +
// vpalignr) rather than loaded again: four overlapping loads per block, most
// of them splitting cache lines, halve the speed when the text streams from
// memory (measured: 12 vs 29 GB/s for the loads alone). After the first
// block, blocks start on a 64-byte boundary.
struct vbmi_tables {
  __m512i lo[4], hi[4];
};

__attribute__((target("avx512f,avx512bw,avx512vbmi"), always_inline)) inline std::uint64_t
vbmi_block(const vbmi_tables& v, const char* p, std::size_t ahead) {
  const __m512i v0 = _mm512_loadu_si512(p);
  // `ahead` (>= 3) bytes follow the block's 64; only 3 are needed.
  const __m512i v1 = ahead >= 64 ? _mm512_loadu_si512(p + 64)
                                 : _mm512_maskz_loadu_epi8((std::uint64_t{1} << ahead) - 1, p + 64);
  const __m512i lane = _mm512_maskz_alignr_epi32(0xffff, v1, v0, 4);  // bytes 16..79
  const __m512i hit = _mm512_and_si512(
      _mm512_and_si512(_mm512_permutex2var_epi8(v.lo[0], v0, v.hi[0]),
                       _mm512_permutex2var_epi8(v.lo[1], _mm512_alignr_epi8(lane, v0, 1), v.hi[1])),
      _mm512_and_si512(
          _mm512_permutex2var_epi8(v.lo[2], _mm512_alignr_epi8(lane, v0, 2), v.hi[2]),
          _mm512_permutex2var_epi8(v.lo[3], _mm512_alignr_epi8(lane, v0, 3), v.hi[3])));
  return _mm512_test_epi8_mask(hit, hit);
}

template <bool Three>
__attribute__((target("avx512f,avx512bw,avx512vbmi"))) std::size_t teddy_vbmi(
    const prefilter_tables& t, const char* d, std::size_t i, std::size_t n) {
  constexpr std::size_t block = 67;  // bytes read per 64 positions
  if (i + block > n) return teddy_avx2<Three>(t, d, i, n);
  vbmi_tables v;
  const std::uint8_t* tables[4] = {t.byte0, t.byte1, t.byte2, t.byte3};
  for (int m = 0; m < 4; ++m) {
    v.lo[m] = _mm512_load_si512(tables[m]);
    v.hi[m] = _mm512_load_si512(tables[m] + 64);
  }
  // Positions before `done` are checked: the first block at i, then blocks
  // on 64-byte boundaries, then one last block overlapping the previous one.
  std::size_t done = i;
  for (std::size_t at = i; at + block <= n;) {
    std::uint64_t mask = vbmi_block(v, d + at, n - at - 64);
    mask &= ~std::uint64_t{0} << (done - at);
    if (mask != 0)
      if (const std::size_t j = confirm<Three>(t, d, at, mask); j != k_none) return j;
    done = at + 64;
    const auto next = static_cast<std::size_t>(
        (reinterpret_cast<std::uintptr_t>(d + done) & ~std::uintptr_t{63}) -
        reinterpret_cast<std::uintptr_t>(d));
    at = next + block <= n ? next : n - block;
    if (at + 64 <= done) break;
  }
  return scalar_range(t, d, done, n, n);
}

}  // namespace

std::size_t find_avx512vbmi(const prefilter_tables& t, const char* d, std::size_t i,
                            std::size_t n) {
  if (t.single) return find_scalar(t, d, i, n);
  return t.three ? teddy_vbmi<true>(t, d, i, n) : teddy_vbmi<false>(t, d, i, n);
}

std::size_t find_avx2(const prefilter_tables& t, const char* d, std::size_t i, std::size_t n) {
  if (t.single) return find_scalar(t, d, i, n);
  return t.three ? teddy_avx2<true>(t, d, i, n) : teddy_avx2<false>(t, d, i, n);
}

std::size_t find_avx512(const prefilter_tables& t, const char* d, std::size_t i, std::size_t n) {
  if (t.single) return find_scalar(t, d, i, n);
  return t.three ? teddy_avx512<true>(t, d, i, n) : teddy_avx512<false>(t, d, i, n);
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
