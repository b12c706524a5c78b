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

// Naive oracle: first i >= from where (fold(d[i]), fold(d[i+1])) is the
// folded start of a literal, or (last byte) d[i] folds to a first byte.
std::size_t naive(const std::vector<std::string_view>& lits, const std::string& d,
                  std::size_t from) {
  auto fold = [](char c) { return static_cast<unsigned char>(c) | 0x20u; };
  for (std::size_t i = from; i < d.size(); ++i) {
    for (auto l : lits) {
      if (fold(d[i]) != fold(l[0])) continue;
      if (l.size() < 2 || i + 1 >= d.size() || fold(d[i + 1]) == fold(l[1])) return i;
    }
  }
  return d.size();
}

void check_all_kernels(const std::vector<std::string_view>& lits, std::uint64_t seed) {
  prefilter_tables t;
  build_prefilter(t, lits);
  std::mt19937_64 rng(seed);
  const std::string alphabet = "abqtuBAQUE_-:= \n\"\\xyz\x7f\x5f\xe1\xc1";
  for (int round = 0; round < 300; ++round) {
    std::string d(rng() % 400, ' ');
    for (auto& c : d) c = alphabet[rng() % alphabet.size()];
    for (std::size_t from = 0; from <= d.size(); from += 1 + rng() % 7) {
      const std::size_t want = naive(lits, d, from);
      std::vector<std::size_t> got = {find_scalar(t, d.data(), from, d.size()),
                                      find_sse2(t, d.data(), from, d.size())};
      if (__builtin_cpu_supports("avx2")) got.push_back(find_avx2(t, d.data(), from, d.size()));
      if (cpu_has_avx512()) got.push_back(find_avx512(t, d.data(), from, d.size()));
      for (std::size_t g : got) {
        if (!t.single) {
          ASSERT_EQ(g, want);
        } else {
          // One-byte literals: first-byte candidates only; may over-report,
          // never skip past the first true candidate.
          ASSERT_LE(g, want);
          ASSERT_TRUE(g == d.size() || t.first[static_cast<unsigned char>(d[g])]);
        }
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
