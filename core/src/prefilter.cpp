#include "prefilter.hpp"

#include <immintrin.h>

#include <algorithm>
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

}  // namespace

void build_prefilter(prefilter_tables& t, const std::vector<std::string_view>& literals) {
  t = prefilter_tables{};
  std::vector<unsigned> pairs;
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
    if (!((t.pairs[k >> 6] >> (k & 63)) & 1u)) {
      t.pairs[k >> 6] |= std::uint64_t{1} << (k & 63);
      pairs.push_back(k);
    }
  }
  // Teddy buckets: pair j goes to bucket j % 8.
  for (std::size_t j = 0; j < pairs.size(); ++j) {
    const auto bit = static_cast<std::uint8_t>(1u << (j % 8));
    const unsigned b0 = pairs[j] >> 8, b1 = pairs[j] & 0xff;
    for (int lane = 0; lane < 4; ++lane) {
      t.lo0[lane * 16 + (b0 & 15)] |= bit;
      t.hi0[lane * 16 + (b0 >> 4)] |= bit;
      t.lo1[lane * 16 + (b1 & 15)] |= bit;
      t.hi1[lane * 16 + (b1 >> 4)] |= bit;
    }
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
    for (std::size_t m = k; m < e; ++m) li.entries.push_back(keyed[m].second);
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
  __m256i lo0, hi0, lo1, hi1;
};

// Candidate bits of the 32 positions at p (pairs p[k], p[k + 1]).
__attribute__((target("avx2"), always_inline)) inline unsigned avx2_block(const avx2_tables& t,
                                                                          const char* p) {
  const __m256i m20 = _mm256_set1_epi8(0x20);
  const __m256i nib = _mm256_set1_epi8(0x0f);
  const __m256i v0 = _mm256_or_si256(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)), m20);
  const __m256i v1 =
      _mm256_or_si256(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 1)), m20);
  const __m256i a0 =
      _mm256_and_si256(_mm256_shuffle_epi8(t.lo0, _mm256_and_si256(v0, nib)),
                       _mm256_shuffle_epi8(t.hi0, _mm256_and_si256(_mm256_srli_epi16(v0, 4), nib)));
  const __m256i a1 =
      _mm256_and_si256(_mm256_shuffle_epi8(t.lo1, _mm256_and_si256(v1, nib)),
                       _mm256_shuffle_epi8(t.hi1, _mm256_and_si256(_mm256_srli_epi16(v1, 4), nib)));
  const __m256i hit = _mm256_and_si256(a0, a1);
  return ~static_cast<unsigned>(
      _mm256_movemask_epi8(_mm256_cmpeq_epi8(hit, _mm256_setzero_si256())));
}

}  // namespace

// 32 positions per step; the last < 33 bytes are covered by one more block
// that overlaps the previous one (its already-checked positions masked off),
// so short windows (a 120-byte message) do not fall back to scalar code.
__attribute__((target("avx2"))) std::size_t find_avx2(const prefilter_tables& t, const char* d,
                                                      std::size_t i, std::size_t n) {
  if (t.single) return find_scalar(t, d, i, n);
  const avx2_tables v{_mm256_load_si256(reinterpret_cast<const __m256i*>(t.lo0)),
                      _mm256_load_si256(reinterpret_cast<const __m256i*>(t.hi0)),
                      _mm256_load_si256(reinterpret_cast<const __m256i*>(t.lo1)),
                      _mm256_load_si256(reinterpret_cast<const __m256i*>(t.hi1))};
  for (; i + 33 <= n; i += 32) {
    if (const std::size_t j = first_confirmed(t, d, i, avx2_block(v, d + i)); j != k_none) return j;
  }
  if (n >= 33 && i + 1 < n) {
    const std::size_t b = n - 33;  // b < i <= n - 2: positions b .. n - 2
    const unsigned mask = avx2_block(v, d + b) & (~0u << (i - b));
    if (const std::size_t j = first_confirmed(t, d, b, mask); j != k_none) return j;
    i = n - 1;
  }
  return scalar_range(t, d, i, n, n);
}

// AVX-512 BW: the AVX2 kernel 64 bytes at a time, with the hit mask read
// straight from a test-into-mask; the last < 65 bytes go to the AVX2 kernel.
__attribute__((target("avx512f,avx512bw"))) std::size_t find_avx512(const prefilter_tables& t,
                                                                    const char* d, std::size_t i,
                                                                    std::size_t n) {
  if (t.single) return find_scalar(t, d, i, n);
  const __m512i m20 = _mm512_set1_epi8(0x20);
  const __m512i nib = _mm512_set1_epi8(0x0f);
  const __m512i lo0 = _mm512_load_si512(t.lo0);
  const __m512i hi0 = _mm512_load_si512(t.hi0);
  const __m512i lo1 = _mm512_load_si512(t.lo1);
  const __m512i hi1 = _mm512_load_si512(t.hi1);
  while (i + 65 <= n) {
    const __m512i v0 = _mm512_or_si512(_mm512_loadu_si512(d + i), m20);
    const __m512i v1 = _mm512_or_si512(_mm512_loadu_si512(d + i + 1), m20);
    const __m512i a0 =
        _mm512_and_si512(_mm512_shuffle_epi8(lo0, _mm512_and_si512(v0, nib)),
                         _mm512_shuffle_epi8(hi0, _mm512_and_si512(_mm512_srli_epi16(v0, 4), nib)));
    const __m512i a1 =
        _mm512_and_si512(_mm512_shuffle_epi8(lo1, _mm512_and_si512(v1, nib)),
                         _mm512_shuffle_epi8(hi1, _mm512_and_si512(_mm512_srli_epi16(v1, 4), nib)));
    const __mmask64 mask = _mm512_test_epi8_mask(a0, a1);
    if (mask != 0) {
      if (const std::size_t j = first_confirmed(t, d, i, static_cast<std::uint64_t>(mask));
          j != k_none)
        return j;
    }
    i += 64;
  }
  return find_avx2(t, d, i, n);
}

bool cpu_has_avx512() noexcept {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
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
  return name == "avx2" || name == "avx512" ? span_avx2 : span_scalar;
}

find_fn select_kernel(std::string_view* name) noexcept {
  __builtin_cpu_init();
  const bool avx2 = __builtin_cpu_supports("avx2");
  const char* env = std::getenv("REDACT_KERNEL");
  const std::string_view want = env != nullptr ? env : "";
  const bool avx512 = avx2 && cpu_has_avx512();
  find_fn fn = avx512 ? find_avx512 : avx2 ? find_avx2 : find_sse2;
  std::string_view chosen = avx512 ? "avx512" : avx2 ? "avx2" : "sse2";
  if (want == "scalar") {
    fn = find_scalar;
    chosen = "scalar";
  } else if (want == "sse2") {
    fn = find_sse2;
    chosen = "sse2";
  } else if (want == "avx2" && avx2) {
    fn = find_avx2;
    chosen = "avx2";
  }
  if (name != nullptr) *name = chosen;
  return fn;
}

}  // namespace redact::detail
