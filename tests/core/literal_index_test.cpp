// The literal index (core/src/literal_index.hpp) as a table of cases: which
// literals match at a position, with exact and case-insensitive literals side
// by side, one-byte literals and the window's last byte; and literal_set
// (prefilter.hpp) against a linear search.
#include "literal_index.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "kernels.hpp"
#include "prefilter.hpp"

namespace redact::detail {
namespace {

struct lit {
  const char* text;
  bool ignore_case;
};

literal_index index_of(const std::vector<lit>& lits) {
  std::vector<literal_ref> refs;
  for (std::size_t k = 0; k < lits.size(); ++k)
    refs.push_back({lits[k].text, lit_field, static_cast<std::uint32_t>(k), lits[k].ignore_case});
  literal_index li;
  li.build(refs);
  return li;
}

// The indices of the literals matching at text[i], in order.
std::vector<std::uint32_t> at(const literal_index& li, std::string_view text, std::size_t i = 0) {
  std::vector<std::uint32_t> out;
  for (const literal_entry& e : li.at(text.data(), i, text.size())) out.push_back(e.index);
  return out;
}

using v = std::vector<std::uint32_t>;

TEST(LiteralIndex, CaseInsensitiveLiteralsFoldLettersOnly) {
  const auto li = index_of({{"x-api-key", true}});
  EXPECT_EQ(at(li, "X-API-KEY: a"), v{0});
  EXPECT_EQ(at(li, "x-Api-kEy"), v{0});
  // '\r' | 0x20 == '-': a fold of the whole word would accept it.
  EXPECT_EQ(at(li, "x\rapi-key"), v{});
  EXPECT_EQ(at(li, "x-api_key"), v{});
}

TEST(LiteralIndex, ExactLiteralsBesideCaseInsensitiveOnes) {
  const auto li = index_of({{"qbt_", false},
                            {"QBT_", false},
                            {"quux", true},
                            {"eyJ", false},
                            {"eyes", true},
                            {"\x1b[", false}});
  EXPECT_EQ(at(li, "qbt_abc"), v{0});
  EXPECT_EQ(at(li, "QBT_abc"), v{1});
  EXPECT_EQ(at(li, "Qbt_abc"), v{});
  EXPECT_EQ(at(li, "QUUX"), v{2});
  EXPECT_EQ(at(li, "eyJhbGc"), v{3});
  EXPECT_EQ(at(li, "EYJhbGc"), v{});
  EXPECT_EQ(at(li, "EYES"), v{4});
  EXPECT_EQ(at(li, "\x1b[0m"), v{5});
  EXPECT_EQ(at(li, ";[0m"), v{});  // ';' == ESC | 0x20
}

TEST(LiteralIndex, GroupKeepsTheGivenOrder) {
  const auto li = index_of({{"authorization", true}, {"auth", true}, {"au", true}, {"aux", true}});
  EXPECT_EQ(at(li, "Authorization:"), (v{0, 1, 2}));
  EXPECT_EQ(at(li, "auxiliary"), (v{2, 3}));
}

TEST(LiteralIndex, OneByteLiteralJoinsEveryPairOfItsByte) {
  const auto li = index_of({{"q", false}, {"qbt_", false}, {"quux", true}});
  EXPECT_EQ(at(li, "qbt_abc"), (v{0, 1}));
  EXPECT_EQ(at(li, "qz"), v{0});
  EXPECT_EQ(at(li, "Qz"), v{});
  EXPECT_EQ(at(li, "QUUX"), v{2});
  EXPECT_EQ(at(li, "quux"), (v{0, 2}));
}

TEST(LiteralIndex, LastByteOfTheWindowUsesItsFirstByte) {
  const auto li = index_of({{"q", false}, {"qbt_", false}, {"quux", true}, {"bearer", true}});
  EXPECT_EQ(at(li, "xxq", 2), (v{0, 1, 2}));
  EXPECT_EQ(at(li, "xxQ", 2), v{2});
  EXPECT_EQ(at(li, "xxB", 2), v{3});
  EXPECT_EQ(at(li, "xxz", 2), v{});
  // Bytes past the window's end are not compared.
  EXPECT_EQ(at(li, std::string_view("xxquz", 4), 2), (v{0, 2}));
  EXPECT_EQ(at(li, "xxquz", 2), v{0});
}

// A literal with follow bytes (a Rule E anchor) matches only where that many
// bytes after it, within its first eight, are base64 characters of either
// alphabet or `\`; bytes past the window's end are not judged yet.
TEST(LiteralIndex, FollowBytesAreBase64OrBackslash) {
  std::vector<literal_ref> refs = {{"cWJ0X", lit_encoded, 0, false, 2},
                                   {"cWJ0X", lit_encoded, 1, false, 0},
                                   {"cWJ0", lit_encoded, 2, false, 8}};
  literal_index li;
  li.build(refs);
  EXPECT_EQ(at(li, "cWJ0XzQ1"), (v{0, 1, 2}));
  EXPECT_EQ(at(li, "cWJ0X-_9"), (v{0, 1, 2}));
  EXPECT_EQ(at(li, "cWJ0X\\/x"), (v{0, 1, 2}));
  EXPECT_EQ(at(li, "cWJ0Xz+/"), (v{0, 1, 2}));
  EXPECT_EQ(at(li, "cWJ0Xz=="), (v{1}));  // padding ends the run
  EXPECT_EQ(at(li, "cWJ0X.Q1"), (v{1}));
  EXPECT_EQ(at(li, "cWJ0Xz\"Q"), (v{1}));
  EXPECT_EQ(at(li, "cWJ0 zQ1"), v{});
  // The window ends after the anchor: every byte there still counts.
  EXPECT_EQ(at(li, std::string_view("cWJ0X.Q1", 5)), (v{0, 1, 2}));
  EXPECT_EQ(at(li, std::string_view("cWJ0Xz.Q", 6)), (v{0, 1, 2}));
  EXPECT_EQ(at(li, std::string_view("cWJ0Xz.Q", 7)), (v{1}));
}

// Every group holds only literals of its pair, so the work per candidate
// does not grow with the number of literals that start elsewhere.
TEST(LiteralIndex, GroupsHoldOneFoldedPairEach) {
  std::vector<std::string> owned;
  for (char a = 'a'; a <= 'z'; ++a)
    for (char b : std::string("aqu_-=xz")) owned.push_back(std::string{a, b, char(a ^ 1)});
  std::vector<lit> lits;
  for (std::size_t k = 0; k < owned.size(); ++k) lits.push_back({owned[k].c_str(), k % 3 != 0});
  const auto li = index_of(lits);
  for (const auto& s : owned) {
    const unsigned pair = (s[0] | 0x20u) | (s[1] | 0x20u) << 8;
    const auto [b, e] = li.group(pair);
    ASSERT_NE(b, e);
    for (const literal_entry* p = b; p != e; ++p) ASSERT_EQ(p->key & 0xffff, pair);
  }
}

// literal_set against the linear search it replaces (the Rule S stage's
// loop: values in order, the first whole match wins, a value running past
// the window waits unless at end of input).
TEST(LiteralSet, AgreesWithLinearSearch) {
  literal_set set;
  const std::vector<std::string> values = {"s3cr3t-value-long", "s3cr3t-value", "S3CR3T",
                                           "\xe1\xe2\xe3\xe4\xe5\xe6", "zzzzzz"};
  set.build(values);
  std::mt19937_64 rng(21);
  const std::string alphabet = "s3cr3tS3CR3T-value \xe1\xe2\xe3z";
  for (int round = 0; round < 2000; ++round) {
    std::string d;
    const std::size_t size = rng() % 60;
    while (d.size() < size) {
      if (rng() % 3 == 0) {
        const auto& val = values[rng() % values.size()];
        d += val.substr(0, 1 + rng() % val.size());
      } else {
        d += alphabet[rng() % alphabet.size()];
      }
    }
    d.resize(size);
    for (const kernel_impl& k : kernel_table()) {
      if (!k.available()) continue;
      const std::size_t from = d.empty() ? 0 : rng() % (d.size() + 1);
      std::size_t want = d.size();
      for (std::size_t i = from; i < d.size() && want == d.size(); ++i)
        for (const auto& val : values)
          if (d.compare(i, val.size(), val) == 0) want = i;
      ASSERT_EQ(set.find(k.find, d, from), want) << k.name;
    }
    for (std::size_t i = 0; i < d.size(); ++i)
      for (bool eof : {false, true}) {
        literal_set::match want{std::string::npos, false};
        for (std::size_t s = 0; s < values.size(); ++s) {
          const auto& val = values[s];
          if (i + val.size() <= d.size()) {
            if (d.compare(i, val.size(), val) == 0) {
              want.value = s;
              break;
            }
          } else if (!eof && d.compare(i, std::string::npos, val, 0, d.size() - i) == 0) {
            want.wait = true;
            break;
          }
        }
        const auto got = set.match_at(d.data(), i, d.size(), eof);
        ASSERT_EQ(got.value, want.value);
        ASSERT_EQ(got.wait, want.wait);
      }
  }
}

}  // namespace
}  // namespace redact::detail
