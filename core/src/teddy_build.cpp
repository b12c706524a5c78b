// Builds the prefilter tables (prefilter.hpp) from the literals: the literal
// index, the first-byte and pair tables of the scalar and SSE2 kernels, and
// the Teddy buckets with their nibble (AVX2, AVX-512 BW) and byte (VBMI)
// tables.
//
// Teddy keys. A literal's key is, per position m < 8, the set of raw bytes it
// accepts there: its byte, both cases of a letter of a case-insensitive
// literal, any byte past its end. Keys equal on every position are one key.
//
// Buckets. A bucket accepts at each position the union of its keys' sets;
// with nibble tables, every combination of the low and high nibbles of those
// bytes. A position is a SIMD hit when some bucket accepts all its tested
// bytes, so keys that are alike should share a bucket. With at most 8
// distinct first pairs every pair gets a bucket of its own and two bytes
// are exact; beyond that (the extended preset, custom prefixes) buckets are
// shared, and the kernels test more bytes (three nibble positions, eight
// VBMI ones): the keys are sorted (so literals with a common start are
// neighbours) and cut into 8 runs of consecutive keys, each run a bucket.
#include <algorithm>
#include <array>
#include <bit>
#include <string_view>
#include <vector>

#include "prefilter.hpp"

namespace redact::detail {

namespace {

constexpr std::size_t k_buckets = 8;
constexpr int k_key = 8;  // key bytes (VBMI positions)

bool is_letter(unsigned char c) noexcept { return (c | 0x20u) >= 'a' && (c | 0x20u) <= 'z'; }

// A set of raw bytes.
struct byte_set {
  std::array<std::uint64_t, 4> bits{};

  void add(unsigned c) noexcept { bits[c >> 6] |= std::uint64_t{1} << (c & 63); }
  bool has(unsigned c) const noexcept { return (bits[c >> 6] >> (c & 63)) & 1u; }
  void fill() noexcept { bits.fill(~std::uint64_t{0}); }
  byte_set& operator|=(const byte_set& o) noexcept {
    for (int w = 0; w < 4; ++w) bits[w] |= o.bits[w];
    return *this;
  }
  auto operator<=>(const byte_set&) const = default;
};

struct teddy_key {
  std::array<byte_set, k_key> at;
  auto operator<=>(const teddy_key&) const = default;
};

bool same_pair(const teddy_key& a, const teddy_key& b) noexcept {
  return a.at[0] == b.at[0] && a.at[1] == b.at[1];
}

teddy_key key_of(const literal_ref& ref) {
  teddy_key key;
  for (std::size_t m = 0; m < k_key; ++m) {
    if (m >= ref.text.size()) {
      key.at[m].fill();
      continue;
    }
    const auto c = static_cast<unsigned char>(ref.text[m]);
    key.at[m].add(c);
    if (ref.ignore_case && is_letter(c)) key.at[m].add(c ^ 0x20u);
  }
  return key;
}

// The 8 buckets from the sorted keys: one per first pair while there are at
// most 8 pairs, else runs of consecutive keys of (nearly) equal length.
std::array<teddy_key, k_buckets> assign_buckets(const std::vector<teddy_key>& keys,
                                                std::size_t distinct_pairs) {
  std::array<teddy_key, k_buckets> out{};
  for (std::size_t k = 0, pair = 0; k < keys.size(); ++k) {
    if (k > 0 && !same_pair(keys[k], keys[k - 1])) ++pair;
    const std::size_t b = distinct_pairs <= k_buckets ? pair : k * k_buckets / keys.size();
    for (int m = 0; m < k_key; ++m) out[b].at[m] |= keys[k].at[m];
  }
  return out;
}

void fill_nibble_tables(prefilter_tables& t, const std::array<teddy_key, k_buckets>& buckets) {
  for (std::size_t k = 0; k < k_buckets; ++k)
    for (int m = 0; m < 3; ++m)
      for (unsigned c = 0; c < 256; ++c)
        if (buckets[k].at[m].has(c))
          for (int lane = 0; lane < 4; ++lane) {
            t.lo[m][lane * 16 + (c & 15)] |= static_cast<std::uint8_t>(1u << k);
            t.hi[m][lane * 16 + (c >> 4)] |= static_cast<std::uint8_t>(1u << k);
          }
}

void fill_vbmi_tables(prefilter_tables& t, const std::array<teddy_key, k_buckets>& buckets) {
  for (std::size_t k = 0; k < k_buckets; ++k)
    for (int m = 0; m < k_key; ++m)
      for (unsigned r = 0; r < 256; ++r)
        if (buckets[k].at[m].has(r)) t.vbmi[m][r & 0x7f] |= static_cast<std::uint8_t>(1u << k);
}

// The scalar and SSE2 kernels' tables: first bytes, folded pairs, distinct
// folded first bytes.
void fill_byte_tables(prefilter_tables& t, const std::vector<teddy_key>& keys) {
  byte_set folded_firsts;
  for (const auto& key : keys)
    for (unsigned a = 0; a < 256; ++a) {
      if (!key.at[0].has(a)) continue;
      t.first[a] = true;
      folded_firsts.add(a | 0x20u);
      for (unsigned b = 0; b < 256; ++b)
        if (key.at[1].has(b)) {
          const unsigned p = (a | 0x20u) | (b | 0x20u) << 8;
          t.pairs[p >> 6] |= std::uint64_t{1} << (p & 63);
        }
    }
  std::size_t count = 0;
  for (unsigned c = 0; c < 256; ++c)
    if (folded_firsts.has(c)) ++count;
  if (count > t.folded_firsts.size()) return;  // the SSE2 kernel runs the scalar one
  for (unsigned c = 0; c < 256; ++c)
    if (folded_firsts.has(c))
      t.folded_firsts[t.folded_first_count++] = static_cast<std::uint8_t>(c);
}

}  // namespace

void build_prefilter(prefilter_tables& t, const std::vector<literal_ref>& refs) {
  t = prefilter_tables{};
  t.confirm.build(refs);
  std::vector<teddy_key> keys;
  for (const auto& ref : refs)
    if (!ref.text.empty()) keys.push_back(key_of(ref));
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  fill_byte_tables(t, keys);
  std::size_t distinct_pairs = 0;
  for (std::size_t j = 0; j < keys.size(); ++j)
    if (j == 0 || !same_pair(keys[j], keys[j - 1])) ++distinct_pairs;
  t.many_pairs = distinct_pairs > k_buckets;
  if (keys.empty()) return;
  const auto buckets = assign_buckets(keys, distinct_pairs);
  fill_nibble_tables(t, buckets);
  fill_vbmi_tables(t, buckets);
}

}  // namespace redact::detail
