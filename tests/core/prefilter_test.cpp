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

// Naive oracle: the first i >= from where a literal's first `bytes` bytes
// (fewer when the literal or the text ends first) match, folded. Every
// position where a literal really starts satisfies it for any `bytes`.
std::size_t naive(const std::vector<std::string_view>& lits, const std::string& d, std::size_t from,
                  std::size_t bytes) {
  for (std::size_t i = from; i < d.size(); ++i)
    for (auto l : lits) {
      std::size_t k = 0;
      while (k < bytes && k < l.size() && i + k < d.size() && fold(d[i + k]) == fold(l[k])) ++k;
      if (k == bytes || k == l.size() || i + k == d.size()) return i;
    }
  return d.size();
}

// A Teddy kernel's hint after returning candidate g (prefilter.hpp): g's
// literal group, and every eight-byte candidate in (g, end) among the
// block's remaining hits.
void check_hint(const prefilter_tables& t, const std::vector<char>& starts8, const std::string& d,
                std::size_t g, const find_hint& hint) {
  if (g + 1 < d.size()) {
    const unsigned pair = fold(d[g]) | fold(d[g + 1]) << 8;
    const auto [e, end] = t.confirm.group(pair);
    ASSERT_EQ(hint.group, e);
    ASSERT_EQ(hint.group_end, end);
  }
  if (hint.end == 0) return;  // nothing known past g
  ASSERT_LE(hint.base, g);
  ASSERT_GT(hint.end, g);
  ASSERT_LE(hint.end, hint.base + 64);
  ASSERT_LE(hint.end, d.size());
  for (std::size_t q = g + 1; q < hint.end; ++q) {
    if (starts8[q] != 0) {
      ASSERT_TRUE((hint.more >> (q - hint.base)) & 1u) << q;
    }
  }
  // No hit is reported at or before g.
  ASSERT_EQ(hint.more & ((std::uint64_t{2} << (g - hint.base)) - 1), 0u);
}

// The scalar and SSE2 kernels report exactly the pair candidates. The Teddy
// kernels (AVX2 and AVX-512 BW with two or three bytes in SIMD, VBMI with
// four or eight) confirm every SIMD hit against the literals' first eight bytes, so in
// both modes they report exactly the first eight-byte candidate. None may
// skip a real literal start. The text is placed at every offset of a 64-byte
// line, since the VBMI kernel aligns its loads.
void check_all_kernels(const std::vector<std::string_view>& lits, std::uint64_t seed) {
  prefilter_tables t;
  build_prefilter(t, lits);
  std::mt19937_64 rng(seed);
  const std::string alphabet = "abqtuBAQUE_-:= \n\"\\xyz\x7f\x5f\xe1\xc1";
  alignas(64) static char buffer[512];
  for (int round = 0; round < 300; ++round) {
    // Random bytes, and in half the rounds pieces of the literals (a prefix
    // of random length, letters in random case), so that whole literals and
    // near misses on every position a kernel tests occur.
    const std::size_t size = rng() % 400;
    std::string d;
    while (d.size() < size) {
      if (round % 2 == 1 && rng() % 4 == 0) {
        const std::string_view l = lits[rng() % lits.size()];
        for (char c : l.substr(0, 1 + rng() % l.size()))
          d += (rng() % 2 != 0 && ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) ? char(c ^ 0x20) : c;
      } else {
        d += alphabet[rng() % alphabet.size()];
      }
    }
    d.resize(size);
    char* const p = buffer + round % 64;
    std::copy(d.begin(), d.end(), p);
    std::vector<char> starts8(d.size());  // eight-byte candidates (naive)
    for (std::size_t q = 0; q < d.size(); ++q) starts8[q] = naive(lits, d, q, 8) == q;
    for (std::size_t from = 0; from <= d.size(); from += 1 + rng() % 7) {
      const std::size_t pairs = naive(lits, d, from, 2);
      const std::size_t eights = naive(lits, d, from, 8);
      find_hint hint;
      hint.end = 1;  // a kernel must reset it
      std::vector<std::size_t> exact = {find_scalar(t, p, from, d.size(), &hint)};
      ASSERT_EQ(hint.end, 0u);
      hint.end = 1;
      exact.push_back(find_sse2(t, p, from, d.size(), &hint));
      ASSERT_EQ(hint.end, 0u);
      std::vector<std::size_t> teddy;
      for (bool three : {false, true}) {
        t.three = three;
        std::vector<find_fn> kernels;
        if (__builtin_cpu_supports("avx2")) kernels.push_back(find_avx2);
        if (cpu_has_avx512()) kernels.push_back(find_avx512);
        if (cpu_has_avx512vbmi()) kernels.push_back(find_avx512vbmi);
        for (find_fn k : kernels) {
          hint = find_hint{nullptr, nullptr, 1, 2, 3};  // a kernel must reset it
          const std::size_t g = k(t, p, from, d.size(), &hint);
          if (g == d.size()) {
            ASSERT_EQ(hint.end, 0u);
          }
          ASSERT_EQ(g, k(t, p, from, d.size(), nullptr));
          teddy.push_back(g);
          if (g < d.size() && !t.single) check_hint(t, starts8, d, g, hint);
        }
      }
      if (t.single) {
        // One-byte literals: first-byte candidates only; may over-report,
        // never skip past the first true candidate.
        for (auto* all : {&exact, &teddy})
          for (std::size_t g : *all) {
            ASSERT_LE(g, pairs);
            ASSERT_TRUE(g == d.size() || t.first[static_cast<unsigned char>(d[g])]);
          }
        continue;
      }
      for (std::size_t g : exact) ASSERT_EQ(g, pairs);
      for (std::size_t g : teddy) ASSERT_EQ(g, eights);
    }
  }
}

// Near misses of the default literals (`default`, `base`, `because`, `qbtx`)
// are pair candidates for the scalar kernel but never leave a Teddy kernel
// (VBMI rejects them in SIMD, the others in their eight-byte confirmation).
TEST(Prefilter, TeddyKernelsDoNotReturnNearMisses) {
  prefilter_tables t;
  build_prefilter(t, {"bearer", "basic", "authorization", "qbt_"});
  std::string text;
  while (text.size() < 300) text += "default base because qbtx Autx BEAx_ Authorship ";
  const std::string with_key = text + "Authorization" + text;
  EXPECT_LT(find_scalar(t, text.data(), 0, text.size(), nullptr), 10u);
  std::vector<find_fn> kernels;
  if (__builtin_cpu_supports("avx2")) kernels.push_back(find_avx2);
  if (cpu_has_avx512()) kernels.push_back(find_avx512);
  if (cpu_has_avx512vbmi()) kernels.push_back(find_avx512vbmi);
  for (find_fn k : kernels) {
    EXPECT_EQ(k(t, text.data(), 0, text.size(), nullptr), text.size());
    EXPECT_EQ(k(t, with_key.data(), 0, with_key.size(), nullptr), text.size());
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

// A large policy like the extended preset plus custom prefixes: more than 8
// pairs (three bytes for the nibble kernels, eight for VBMI), buckets shared
// by names that agree on their first four bytes or more.
TEST(Prefilter, ExtendedNamesAndPrefixes) {
  std::vector<std::string_view> lits = {
      "authorization", "x-api-key",     "api-key",    "api_key",  "apikey",
      "x-auth-token",  "cookie",        "set-cookie", "password", "client_secret",
      "access_token",  "refresh_token", "bearer",     "basic",    "qbt_",
      "sk_live_",      "pk_live_",      "rk_live_",   "ghp_",     "gho_",
      "xoxb-",         "glpat-",        "npm_",       "AKIA",     "x-custom-credential-1"};
  check_all_kernels(lits, 8);
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
