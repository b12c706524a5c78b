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
#include <limits>
#include <string_view>
#include <vector>

#include "prefilter.hpp"

namespace redact::detail {

namespace {

constexpr std::size_t k_buckets = 8;
constexpr int k_key = 8;     // key bytes (VBMI positions)
constexpr int k_nibble = 4;  // nibble table positions
// More Teddy keys than this (with shared buckets): the nibble kernels test
// four bytes per position instead of three (core/DESIGN.md ledger).
constexpr std::size_t k_four_byte_keys = 48;

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
      if (m < ref.text.size() + ref.follow) {
        for (unsigned c = 0; c < 256; ++c)
          if (is_follow_byte(static_cast<unsigned char>(c))) key.at[m].add(c);
      } else {
        key.at[m].fill();
      }
      continue;
    }
    const auto c = static_cast<unsigned char>(ref.text[m]);
    key.at[m].add(c);
    if (ref.ignore_case && is_letter(c)) key.at[m].add(c ^ 0x20u);
  }
  return key;
}

// Relative frequency of a raw byte in log text (a model, not a measurement
// of any corpus; only the order of magnitude matters): lower-case letters by
// English frequency, capitals a tenth of that, digits, spaces, common
// punctuation.
double byte_weight(unsigned c) noexcept {
  static constexpr double letters[26] = {8.2, 1.5, 2.8, 4.3, 12.7, 2.2, 2.0, 6.1, 7.0,
                                         0.2, 0.8, 4.0, 2.4, 6.7,  7.5, 1.9, 0.1, 6.0,
                                         6.3, 9.1, 2.8, 1.0, 2.4,  0.2, 2.0, 0.1};
  if (c >= 'a' && c <= 'z') return letters[c - 'a'];
  if (c >= 'A' && c <= 'Z') return letters[c - 'A'] / 10;
  if (c >= '0' && c <= '9') return 2.0;
  if (c == ' ') return 15.0;
  if (c < 0x80 &&
      std::string_view("./:-_=\",;[]{}()'").find(static_cast<char>(c)) != std::string_view::npos)
    return 1.5;
  return c < 0x80 ? 0.2 : 0.1;
}

// A bucket while clustering: the union of its keys' sets per position, and,
// for nibble tables, the low and high nibbles seen at positions 0..3 (such a
// bucket accepts every combination of them).
struct cluster {
  teddy_key bytes;
  std::array<std::uint16_t, 2 * k_nibble> nibbles{};

  static cluster of(const teddy_key& key, bool nibble) {
    cluster c;
    c.bytes = key;
    for (int m = 0; m < k_nibble; ++m)
      for (unsigned b = 0; b < 256; ++b)
        if (key.at[m].has(b)) {
          c.nibbles[2 * m] = static_cast<std::uint16_t>(c.nibbles[2 * m] | 1u << (b & 15));
          c.nibbles[2 * m + 1] = static_cast<std::uint16_t>(c.nibbles[2 * m + 1] | 1u << (b >> 4));
        }
    if (nibble) c.widen();
    return c;
  }
  void widen() noexcept {
    for (int m = 0; m < k_nibble; ++m)
      for (unsigned b = 0; b < 256; ++b)
        if ((nibbles[2 * m] >> (b & 15) & 1u) && (nibbles[2 * m + 1] >> (b >> 4) & 1u))
          bytes.at[m].add(b);
  }
  cluster merged(const cluster& o, bool nibble) const noexcept {
    cluster r;
    for (int m = 0; m < k_key; ++m) r.bytes.at[m] = bytes.at[m], r.bytes.at[m] |= o.bytes.at[m];
    for (int m = 0; m < 2 * k_nibble; ++m)
      r.nibbles[m] = static_cast<std::uint16_t>(nibbles[m] | o.nibbles[m]);
    if (nibble) r.widen();
    return r;
  }
  // The estimated chance that a position of log text passes the bucket on
  // its first `positions` bytes.
  double cost(int positions, const std::array<double, 256>& weights) const noexcept {
    double p = 1;
    for (int m = 0; m < positions; ++m) {
      double sum = 0;
      for (int w = 0; w < 4; ++w)
        for (std::uint64_t b = bytes.at[m].bits[w]; b != 0; b &= b - 1)
          sum += weights[w * 64 + std::countr_zero(b)];
      p *= sum;
    }
    return p;
  }
};

// The 8 buckets: starting from one cluster per key, the two clusters whose
// union adds the least cost are merged until 8 remain (pairwise growth
// cached, one row recomputed per merge); above 160 keys, a greedy pass puts
// each key into the bucket that grows least instead.
std::array<teddy_key, k_buckets> assign_buckets(const std::vector<teddy_key>& keys, int positions,
                                                bool nibble) {
  std::array<double, 256> weights{};
  double total = 0;
  for (unsigned c = 0; c < 256; ++c) total += byte_weight(c);
  for (unsigned c = 0; c < 256; ++c) weights[c] = byte_weight(c) / total;
  std::vector<cluster> clusters;
  for (const auto& key : keys) clusters.push_back(cluster::of(key, nibble));
  constexpr std::size_t k_cluster_limit = 48;
  std::vector<cluster> out;
  if (clusters.size() <= k_cluster_limit) {
    const std::size_t k = clusters.size();
    std::vector<double> cost(k), growth(k * k, 0);
    std::vector<bool> alive(k, true);
    for (std::size_t x = 0; x < k; ++x) cost[x] = clusters[x].cost(positions, weights);
    auto pair_growth = [&](std::size_t x, std::size_t y) {
      return clusters[x].merged(clusters[y], nibble).cost(positions, weights) - cost[x] - cost[y];
    };
    for (std::size_t x = 0; x < k; ++x)
      for (std::size_t y = x + 1; y < k; ++y) growth[x * k + y] = pair_growth(x, y);
    for (std::size_t left = k; left > k_buckets; --left) {
      // Growth may be negative (clusters equal on the tested positions).
      std::size_t ba = 0, bb = 0;
      double best = std::numeric_limits<double>::infinity();
      for (std::size_t x = 0; x < k; ++x)
        if (alive[x])
          for (std::size_t y = x + 1; y < k; ++y)
            if (alive[y] && growth[x * k + y] < best) best = growth[x * k + y], ba = x, bb = y;
      clusters[ba] = clusters[ba].merged(clusters[bb], nibble);
      cost[ba] = clusters[ba].cost(positions, weights);
      alive[bb] = false;
      for (std::size_t y = 0; y < k; ++y)
        if (alive[y] && y != ba)
          growth[std::min(ba, y) * k + std::max(ba, y)] =
              pair_growth(std::min(ba, y), std::max(ba, y));
    }
    for (std::size_t x = 0; x < k; ++x)
      if (alive[x]) out.push_back(clusters[x]);
  } else {
    for (const auto& mine : clusters) {
      std::size_t best = 0;
      double best_growth = std::numeric_limits<double>::infinity();
      for (std::size_t b = 0; b < k_buckets; ++b) {
        const bool used = b < out.size();
        const double before = used ? out[b].cost(positions, weights) : 0;
        const double g =
            (used ? out[b].merged(mine, nibble) : mine).cost(positions, weights) - before;
        if (g < best_growth) best = b, best_growth = g;
      }
      if (best < out.size()) {
        out[best] = out[best].merged(mine, nibble);
      } else {
        out.push_back(mine);
      }
    }
  }
  std::array<teddy_key, k_buckets> buckets{};
  for (std::size_t b = 0; b < out.size(); ++b) buckets[b] = out[b].bytes;
  return buckets;
}

void fill_nibble_tables(prefilter_tables& t, const std::array<teddy_key, k_buckets>& buckets) {
  for (std::size_t k = 0; k < k_buckets; ++k)
    for (int m = 0; m < k_nibble; ++m)
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
  t.nibble_bytes = !t.many_pairs ? 2 : keys.size() > k_four_byte_keys ? 4 : 3;
  if (keys.empty()) return;
  fill_nibble_tables(t, assign_buckets(keys, t.nibble_bytes, true));
  fill_vbmi_tables(t, assign_buckets(keys, t.many_pairs ? 8 : 4, false));
}

}  // namespace redact::detail
