// The prefilter against its contract (core/src/prefilter.hpp): every kernel
// of the dispatch table returns exactly the first candidate a naive search
// finds — the first position where some literal's first eight bytes (fewer
// when the literal or the text ends first) match, case-insensitive literals
// on their letters only — with that position's literal group; the candidate
// cursor yields exactly the naive candidates with exactly the matching
// literals, in order; the literal index holds exact and case-insensitive
// literals side by side; literal_set finds whole exact values.
#include "prefilter.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "candidate_cursor.hpp"
#include "kernels.hpp"

namespace redact::detail {
namespace {

struct lit {
  std::string text;
  bool ignore_case = true;
  std::uint8_t follow = 0;  // bytes after the text that must be base64 or `\`
};

bool is_letter(unsigned char c) { return (c | 0x20u) >= 'a' && (c | 0x20u) <= 'z'; }

// Naive oracle: does literal l's start match the text at q (q < size)?
bool naive_match(const lit& l, const std::string& d, std::size_t q) {
  for (std::size_t k = 0; k < 8 && k < l.text.size() && q + k < d.size(); ++k) {
    const auto c = static_cast<unsigned char>(l.text[k]);
    const auto b = static_cast<unsigned char>(d[q + k]);
    const bool same = l.ignore_case && is_letter(c) ? (b | 0x20u) == (c | 0x20u) : b == c;
    if (!same) return false;
  }
  // A follow byte: the base64 characters of either alphabet, and `\`.
  static const std::string base64ish =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_\\";
  for (std::size_t k = l.text.size(); k < 8 && k < l.text.size() + l.follow && q + k < d.size();
       ++k)
    if (base64ish.find(d[q + k]) == std::string::npos) return false;
  return true;
}

// The indices of the literals that match at q, in order.
std::vector<std::uint32_t> naive_matches(const std::vector<lit>& lits, const std::string& d,
                                         std::size_t q) {
  std::vector<std::uint32_t> out;
  for (std::size_t k = 0; k < lits.size(); ++k)
    if (naive_match(lits[k], d, q)) out.push_back(static_cast<std::uint32_t>(k));
  return out;
}

std::vector<literal_ref> refs_of(const std::vector<lit>& lits) {
  std::vector<literal_ref> refs;
  for (std::size_t k = 0; k < lits.size(); ++k)
    refs.push_back({lits[k].text, lit_field, static_cast<std::uint32_t>(k), lits[k].ignore_case,
                    lits[k].follow});
  return refs;
}

std::vector<std::uint32_t> indices(const literal_matches& m) {
  std::vector<std::uint32_t> out;
  for (const literal_entry& e : m) out.push_back(e.index);
  return out;
}

std::vector<const kernel_impl*> available_kernels() {
  std::vector<const kernel_impl*> out;
  for (const kernel_impl& k : kernel_table())
    if (k.available()) out.push_back(&k);
  return out;
}

// Random text over bytes near the literals: pieces of literals (a prefix of
// random length, letters in random case) in odd rounds, so whole literals
// and near misses on every position a kernel tests occur.
std::string random_text(const std::vector<lit>& lits, std::mt19937_64& rng, int round) {
  static const std::string alphabet = "abqtuBAQUE_-:= \n\r\x1b;\"\\xyz\x7f\x5f\xe1\xc1\x0d\x01";
  const std::size_t size = rng() % 400;
  std::string d;
  while (d.size() < size) {
    if (round % 2 == 1 && rng() % 4 == 0) {
      const std::string& l = lits[rng() % lits.size()].text;
      for (char c : l.substr(0, 1 + rng() % l.size()))
        d += (rng() % 2 != 0 && is_letter(static_cast<unsigned char>(c))) ? char(c ^ 0x20) : c;
    } else {
      d += alphabet[rng() % alphabet.size()];
    }
  }
  d.resize(size);
  return d;
}

// A kernel's hint after returning candidate g: the matching entries of g's
// group, and a bit for every candidate in (g, end) among the block's hits.
void check_hint(const std::vector<char>& is_candidate, const std::string& d, std::size_t g,
                const find_hint& hint, const std::vector<std::uint32_t>& want) {
  std::uint64_t avail = 0;
  const std::uint64_t w = load_word(d.data(), g, d.size(), avail);
  ASSERT_EQ(indices(literal_matches(hint.group, hint.group_end, w, avail)), want);
  ASSERT_EQ(hint.group, literal_matches(hint.group, hint.group_end, w, avail).first_entry());
  if (hint.end == 0) return;  // nothing known past g
  ASSERT_LE(hint.base, g);
  ASSERT_GT(hint.end, g);
  ASSERT_LE(hint.end, hint.base + 64);
  ASSERT_LE(hint.end, d.size());
  for (std::size_t q = g + 1; q < hint.end; ++q) {
    if (is_candidate[q] != 0) {
      ASSERT_TRUE((hint.more >> (q - hint.base)) & 1u) << q;
    }
  }
  // No hit is reported at or before g.
  ASSERT_EQ(hint.more & ((std::uint64_t{2} << (g - hint.base)) - 1), 0u);
}

// Every available kernel, with two/four, three/eight and four/eight bytes
// tested in SIMD (nibble kernels/VBMI), on random text placed at every
// offset of a 64-byte line (the VBMI kernel aligns its loads): the first
// candidate from random starts, its hint, and the cursor's whole sequence,
// each against the naive oracle.
void check_all_kernels(const std::vector<lit>& lits, std::uint64_t seed) {
  prefilter_tables t;
  build_prefilter(t, refs_of(lits));
  std::mt19937_64 rng(seed);
  alignas(64) static char buffer[512];
  for (int round = 0; round < 300; ++round) {
    const std::string d = random_text(lits, rng, round);
    char* const p = buffer + round % 64;
    std::copy(d.begin(), d.end(), p);
    std::vector<char> is_candidate(d.size());
    std::vector<std::vector<std::uint32_t>> want(d.size());
    for (std::size_t q = 0; q < d.size(); ++q) {
      want[q] = naive_matches(lits, d, q);
      is_candidate[q] = !want[q].empty();
    }
    auto first_from = [&](std::size_t from) {
      while (from < d.size() && is_candidate[from] == 0) ++from;
      return from;
    };
    for (const int nibble_bytes : {2, 3, 4}) {
      t.many_pairs = nibble_bytes > 2;
      t.nibble_bytes = static_cast<std::uint8_t>(nibble_bytes);
      for (const kernel_impl* k : available_kernels()) {
        SCOPED_TRACE(std::string(k->name) + ", " + std::to_string(nibble_bytes) + " nibble bytes");
        for (std::size_t from = 0; from <= d.size(); from += 1 + rng() % 7) {
          find_hint hint{nullptr, nullptr, 1, 2, 3};  // a kernel must reset it
          const std::size_t g = k->find(t, p, from, d.size(), &hint);
          ASSERT_EQ(g, first_from(from)) << from;
          ASSERT_EQ(g, k->find(t, p, from, d.size(), nullptr));
          if (g == d.size()) {
            ASSERT_EQ(hint.end, 0u);
            ASSERT_EQ(hint.group, nullptr);
          } else {
            check_hint(is_candidate, d, g, hint, want[g]);
          }
        }
        // The cursor: every candidate in order from 0, then from random
        // starts that jump ahead (as the scanner does after a finding).
        candidate_cursor cursor(t, k->find);
        cursor.reset(p, d.size());
        for (std::size_t i = 0;;) {
          const candidate c = cursor.next(i);
          ASSERT_EQ(c.pos, first_from(i));
          if (c.pos == d.size()) break;
          ASSERT_EQ(indices(c.literals), want[c.pos]) << c.pos;
          i = c.pos + 1 + (round % 3 == 2 ? rng() % 40 : 0);
          if (i > d.size()) i = d.size();
        }
      }
    }
  }
}

std::vector<lit> folded(std::initializer_list<const char*> texts) {
  std::vector<lit> out;
  for (const char* s : texts) out.push_back({s, true});
  return out;
}

TEST(Prefilter, DefaultLiterals) {
  // As policy.cpp builds them: names and schemes ignore case, prefixes do not.
  check_all_kernels({{"authorization", true}, {"bearer", true}, {"basic", true}, {"qbt_", false}},
                    1);
}

TEST(Prefilter, ManyLiteralsShareBuckets) {
  std::vector<lit> lits;
  for (char a = 'a'; a <= 'z'; ++a)
    for (char b : std::string("aqu_")) lits.push_back({std::string{a, b, 'x'}, a % 2 == 0});
  check_all_kernels(lits, 2);
}

// Two-byte literals accept any third byte; literals sharing a pair but not a
// third byte; more keys than buckets.
TEST(Prefilter, ThirdByteOfMixedLengths) {
  check_all_kernels(
      folded({"qb", "qbt_", "qua", "au", "aut", "bx", "b_q", "eaq", "e-x", "ta", "tu_"}), 4);
}

// Literals with bytes >= 0x80 (exact secrets may have them; the VBMI
// kernel's tables only hold ASCII).
TEST(Prefilter, HighBytesInLiterals) {
  check_all_kernels(folded({"\xe1qb", "q\xc1\xe1u", "\xc1\xc1", "ab\xe1", "ua\x7f"}), 6);
  check_all_kernels({{"\xe1q", false},
                     {"a\xc1", false},
                     {"\xc1\xe1", false},
                     {"ub", true},
                     {"tq", true},
                     {"qa", false},
                     {"bu", true},
                     {"\x7f\xe1", false},
                     {"zx", true},
                     {"xz", false}},
                    7);
}

// More keys than the buckets hold comfortably (208).
TEST(Prefilter, ManyKeys) {
  std::vector<lit> lits;
  for (char a = 'a'; a <= 'z'; ++a)
    for (char b : std::string("aqu_-=xz")) lits.push_back({std::string{a, b, char(a ^ 1)}, true});
  check_all_kernels(lits, 5);
}

// A large policy like the extended preset plus custom prefixes: more than 8
// pairs (three bytes for the nibble kernels, eight for VBMI), buckets shared
// by names that agree on their first four bytes or more.
TEST(Prefilter, ExtendedNamesAndPrefixes) {
  std::vector<lit> lits =
      folded({"authorization", "x-api-key", "api-key", "api_key", "apikey", "x-auth-token",
              "cookie", "set-cookie", "password", "client_secret", "access_token", "refresh_token",
              "bearer", "basic", "x-custom-credential-1"});
  for (const char* p : {"qbt_", "sk_live_", "pk_live_", "rk_live_", "ghp_", "gho_", "xoxb-",
                        "glpat-", "npm_", "AKIA"})
    lits.push_back({p, false});
  check_all_kernels(lits, 8);
}

// Contract v2's markers beside today's literals: dozens of exact literals
// (JWT and PEM starts, escape sequences, vendor prefixes, the base64 forms of
// `qbt_` at the three byte offsets), a one-byte literal (ESC), and
// case-insensitive names.
TEST(Prefilter, ContractV2Markers) {
  std::vector<lit> lits = folded({"authorization", "x-api-key", "password", "bearer", "basic"});
  for (const char* p :
       {"eyJ",   "-----BEGIN", "\x1b",     "\\u001b", "\\u001B", "\\x1b", "\\x1B",
        "\\033", "AKIA",       "ASIA",     "ghp_",    "gho_",    "ghs_",  "github_pat_",
        "xoxb-", "xoxp-",      "sk_live_", "sk-ant-", "glpat-",  "npm_",  "AIza",
        "qbt_",  "cWJ0X",      "FidF",     "xYnRf"})
    lits.push_back({p, false});
  check_all_kernels(lits, 9);
}

// Rule E's anchors with their follow bytes (policy.cpp: encoded_follow),
// beside names and prefixes: an anchor is a candidate only where the bytes
// after it, up to the eighth, are base64 characters or `\` (JSON's `\/`),
// and at the window's end, where they are not known yet. Follow counts from
// 1 to past the eighth byte, a one-byte anchor, and anchors equal but for
// their follow count.
TEST(Prefilter, AnchorsWithFollowBytes) {
  std::vector<lit> lits = folded({"authorization", "x-api-key", "bearer", "basic"});
  lits.push_back({"qbt_", false});
  for (const lit& a : std::vector<lit>{{"cWJ0X", false, 6},
                                       {"FidF", false, 4},
                                       {"xYnRf", false, 3},
                                       {"aHf", false, 8},
                                       {"Q\\/x", false, 2},
                                       {"u", false, 5},
                                       {"qbt_", false, 1},
                                       {"ba", false, 7},
                                       {"ba", false, 2}})
    lits.push_back(a);
  check_all_kernels(lits, 11);
}

TEST(Prefilter, OneByteLiterals) {
  check_all_kernels({{"q", false}, {"bearer", true}}, 3);
  check_all_kernels({{"\x1b", false}, {"\x1b[", false}, {"eyJ", false}, {"basic", true}}, 10);
}

// Near misses of the default literals (`default`, `base`, `because`, `qbtx`,
// `QBT_`) never leave any kernel: the SIMD pass or the literal index rejects
// them.
TEST(Prefilter, NearMissesDoNotLeaveTheKernel) {
  prefilter_tables t;
  build_prefilter(
      t, refs_of({{"bearer", true}, {"basic", true}, {"authorization", true}, {"qbt_", false}}));
  std::string text;
  while (text.size() < 300) text += "default base because qbtx QBT_ Autx BEAx_ Authorship ";
  const std::string with_key = text + "Authorization" + text;
  for (const kernel_impl* k : available_kernels()) {
    SCOPED_TRACE(k->name);
    EXPECT_EQ(k->find(t, text.data(), 0, text.size(), nullptr), text.size());
    EXPECT_EQ(k->find(t, with_key.data(), 0, with_key.size(), nullptr), text.size());
  }
}

}  // namespace
}  // namespace redact::detail
