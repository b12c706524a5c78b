// The prefilter kernels against the contract: never skip a position where a
// literal starts; each kernel returns the same first candidate as a naive
// search for the folded pairs.
#include "prefilter.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace redact::detail {
namespace {

auto fold = [](char c) { return static_cast<unsigned char>(c) | 0x20u; };

// Naive oracles. `bytes` = 2: the first i >= from whose folded pair starts a
// literal (or, at the last byte, whose first byte does). `bytes` = 3: the same
// with the third byte too when the literal and the text have one — every
// position where a literal really starts satisfies it.
std::size_t naive(const std::vector<std::string_view>& lits, const std::string& d, std::size_t from,
                  int bytes) {
  for (std::size_t i = from; i < d.size(); ++i) {
    for (auto l : lits) {
      if (fold(d[i]) != fold(l[0])) continue;
      if (l.size() < 2 || i + 1 >= d.size()) return i;
      if (fold(d[i + 1]) != fold(l[1])) continue;
      if (bytes == 2 || l.size() < 3 || i + 2 >= d.size() || fold(d[i + 2]) == fold(l[2])) return i;
    }
  }
  return d.size();
}

// The scalar and SSE2 kernels, and the Teddy kernels (AVX2, AVX-512 BW and
// VBMI) in
// two-byte mode, report exactly the pair candidates. In three-byte mode the
// Teddy kernels confirm against a hashed set
// of triples: they report a position at or before the first three-byte
// candidate (a hash collision may add one, never remove one). None may skip a
// real literal start.
void check_all_kernels(const std::vector<std::string_view>& lits, std::uint64_t seed) {
  prefilter_tables t;
  build_prefilter(t, lits);
  std::mt19937_64 rng(seed);
  const std::string alphabet = "abqtuBAQUE_-:= \n\"\\xyz\x7f\x5f\xe1\xc1";
  for (int round = 0; round < 300; ++round) {
    std::string d(rng() % 400, ' ');
    for (auto& c : d) c = alphabet[rng() % alphabet.size()];
    for (std::size_t from = 0; from <= d.size(); from += 1 + rng() % 7) {
      const std::size_t pairs = naive(lits, d, from, 2);
      const std::size_t triples = naive(lits, d, from, 3);
      std::vector<std::size_t> exact = {find_scalar(t, d.data(), from, d.size()),
                                        find_sse2(t, d.data(), from, d.size())};
      // Teddy in both modes: two bytes (confirmed by the exact pair set) and
      // three (confirmed by the hashed triple set).
      std::vector<std::size_t> teddy;
      for (bool three : {false, true}) {
        t.three = three;
        std::vector<std::size_t> got;
        if (__builtin_cpu_supports("avx2")) got.push_back(find_avx2(t, d.data(), from, d.size()));
        if (cpu_has_avx512()) got.push_back(find_avx512(t, d.data(), from, d.size()));
        if (cpu_has_avx512vbmi()) got.push_back(find_avx512vbmi(t, d.data(), from, d.size()));
        if (!three) {
          exact.insert(exact.end(), got.begin(), got.end());
        } else {
          teddy = got;
        }
      }
      if (t.single) {
        // One-byte literals: first-byte candidates only; may over-report,
        // never skip past the first true candidate.
        for (std::size_t g : exact) {
          ASSERT_LE(g, pairs);
          ASSERT_TRUE(g == d.size() || t.first[static_cast<unsigned char>(d[g])]);
        }
        continue;
      }
      for (std::size_t g : exact) ASSERT_EQ(g, pairs);
      for (std::size_t g : teddy) {
        ASSERT_LE(g, triples);
        // A reported position passed one of the exact checks the kernel ends
        // with: its hashed triple, or its pair (windows too short for a
        // block, and the last two positions).
        if (g == d.size()) continue;
        const bool triple = g + 2 < d.size() && triple_in(t, d.data() + g);
        ASSERT_TRUE(triple || g == naive(lits, d, g, 2));
      }
    }
  }
}

TEST(Prefilter, DefaultLiterals) {
  check_all_kernels({"bearer", "basic", "authorization", "qbt_"}, 1);
}

TEST(Prefilter, ManyLiteralsShareBuckets) {
  std::vector<std::string> owned;
  for (char a = 'a'; a <= 'z'; ++a)
    for (char b : std::string("aqu_")) owned.push_back(std::string{a, b, 'x'});
  std::vector<std::string_view> lits(owned.begin(), owned.end());
  check_all_kernels(lits, 2);
}

// Two-byte literals accept any third byte; literals sharing a pair but not a
// third byte; more keys than buckets.
TEST(Prefilter, ThirdByteOfMixedLengths) {
  check_all_kernels({"qb", "qbt_", "qua", "au", "aut", "bx", "b_q", "eaq", "e-x", "ta", "tu_"}, 4);
}

// Literals with bytes >= 0x80 (exact secrets may have them; the VBMI kernel's
// tables only hold ASCII).
TEST(Prefilter, HighBytesInLiterals) {
  check_all_kernels({"\xe1qb", "q\xc1\xe1u", "\xc1\xc1", "ab\xe1", "ua\x7f"}, 6);
  check_all_kernels({"\xe1q", "a\xc1", "\xc1\xe1", "ub", "tq", "qa", "bu", "\x7f\xe1", "zx", "xz"},
                    7);
}

// More than 160 keys: buckets are filled greedily instead of by merging.
TEST(Prefilter, ManyKeysGreedyBuckets) {
  std::vector<std::string> owned;
  for (char a = 'a'; a <= 'z'; ++a)
    for (char b : std::string("aqu_-=xz"))
      owned.push_back(std::string{a, b, static_cast<char>(a ^ 1)});
  std::vector<std::string_view> lits(owned.begin(), owned.end());
  check_all_kernels(lits, 5);
}

TEST(Prefilter, OneByteLiteralFallsBackToFirstBytes) { check_all_kernels({"q", "bearer"}, 3); }

}  // namespace
}  // namespace redact::detail

namespace redact::detail {
namespace {

// The span kernels agree with the scalar definition for both directions, on
// classes like the scanner's (ASCII members only) and on random bytes.
TEST(SpanKernels, AgreeWithScalar) {
  const byte_class body([](unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
  const byte_class stops([](unsigned char c) { return c == '\r' || c == '\n' || c == '"'; });
  std::mt19937_64 rng(9);
  for (int round = 0; round < 2000; ++round) {
    std::string d(rng() % 100, 'a');
    for (auto& c : d) c = static_cast<char>(rng() % 4 == 0 ? rng() % 256 : 'a' + rng() % 26);
    for (const byte_class* cls : {&body, &stops}) {
      for (bool want : {true, false}) {
        for (std::size_t from = 0; from <= d.size(); from += 1 + rng() % 9) {
          std::size_t expect = from;
          while (expect < d.size() && cls->member[static_cast<unsigned char>(d[expect])] != want)
            ++expect;
          ASSERT_EQ(span_scalar(*cls, d.data(), from, d.size(), want), expect);
          if (__builtin_cpu_supports("avx2")) {
            ASSERT_EQ(span_avx2(*cls, d.data(), from, d.size(), want), expect);
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace redact::detail
