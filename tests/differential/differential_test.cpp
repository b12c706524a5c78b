// Differential tests: the core (one-shot and streaming in random chunks)
// against the oracle (tests/support/oracle), on SPEC's examples and the
// shared per-rule tables (tests/support/spec), on every scheme, on the
// generated corpora and on random grammar-built lines, under contract version
// 1's and version 2's options. Output bytes and findings must agree exactly.
//
// The tables' expected outputs were derived from SPEC.md by hand; the
// oracle's own tests (tests/support/oracle/oracle_test.cpp) check it against
// them, so a disagreement here can be attributed.
#include "differential.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "corpus.hpp"
#include "random_lines.hpp"
#include "tables.hpp"

namespace {

using redact::differential::compare;
using redact::differential::escape;
using redact::differential::run_core;
using redact::oracle::oracle_run;
using redact::spec::config_id;
using redact::spec::make_options;
using redact::spec::spec_case;

std::vector<spec_case> all_table_rows() { return redact::spec::all_rows(); }

/// Checks core vs oracle on `input`: one-shot, redact::redact, every 2-way
/// split (for short inputs), byte by byte and a few random chunkings.
void expect_agree(std::string_view input, const redact::policy_options& opts, std::uint64_t seed,
                  bool exhaustive_splits) {
  const auto want = oracle_run(input, opts);
  const redact::policy pol(opts);
  ASSERT_TRUE(pol.ok()) << pol.error();
  const std::string ctx = "input: " + escape(input);

  EXPECT_EQ(compare(want, run_core(input, pol)), "") << ctx;
  EXPECT_EQ(redact::redact(input, pol), want.output) << ctx;
  EXPECT_EQ(compare(want, run_core(input, pol, {1})), "") << ctx << " (byte by byte)";
  if (exhaustive_splits) {
    for (std::size_t cut = 1; cut < input.size(); ++cut) {
      EXPECT_EQ(compare(want, run_core(input, pol, {cut, input.size()})), "")
          << ctx << " (split at " << cut << ")";
    }
  }
  redact::random_lines::splitmix64 rng{seed};
  for (int round = 0; round < 3; ++round) {
    std::vector<std::size_t> chunks;
    for (int i = 0; i < 16; ++i) {
      chunks.push_back(rng.chance(30) ? rng.below(3) + 1 : rng.below(200) + 1);
    }
    EXPECT_EQ(compare(want, run_core(input, pol, chunks)), "") << ctx << " (random chunks)";
  }
}

TEST(OracleVsCore, ConfigurationValidation) {
  // Each option set is valid or not per SPEC and docs/rules.md's
  // configuration limits; the core must agree with the oracle's reading.
  std::vector<std::pair<const char*, redact::policy_options>> configs;
  auto add = [&](const char* name, auto mutate) {
    redact::policy_options o;
    mutate(o);
    configs.emplace_back(name, std::move(o));
  };
  add("defaults", [](auto&) {});
  add("empty prefix", [](auto& o) { o.prefixes.push_back(""); });
  add("prefix with space", [](auto& o) { o.prefixes.push_back("a b"); });
  add("prefix with star", [](auto& o) { o.prefixes.push_back("a*"); });
  add("prefix with quote", [](auto& o) { o.prefixes.push_back("a'"); });
  add("prefix with backslash", [](auto& o) { o.prefixes.push_back("a\\"); });
  add("prefix non-ASCII", [](auto& o) { o.prefixes.push_back("\xc3\xa9_"); });
  add("prefix 256", [](auto& o) { o.prefixes.push_back(std::string(256, 'p')); });
  add("prefix 257", [](auto& o) { o.prefixes.push_back(std::string(257, 'p')); });
  add("field empty", [](auto& o) { o.fields.push_back(""); });
  add("field with colon", [](auto& o) { o.fields.push_back("a:b"); });
  add("field with equals", [](auto& o) { o.fields.push_back("a=b"); });
  add("field with comma", [](auto& o) { o.fields.push_back("a,b"); });
  add("field with tab", [](auto& o) { o.fields.push_back("a\tb"); });
  add("field ok", [](auto& o) { o.fields.push_back("x-token"); });
  add("min_body 0", [](auto& o) { o.min_body = 0; });
  add("min_body 1", [](auto& o) { o.min_body = 1; });
  add("min_body 256", [](auto& o) { o.min_body = 256; });
  add("min_body 257", [](auto& o) { o.min_body = 257; });
  add("secret 5", [](auto& o) { o.secrets.push_back({"", "12345"}); });
  add("secret 6", [](auto& o) { o.secrets.push_back({"", "123456"}); });
  add("secret LF", [](auto& o) { o.secrets.push_back({"", "1234\n5678"}); });
  add("secret CR", [](auto& o) { o.secrets.push_back({"", "1234\r5678"}); });
  add("secret 4097", [](auto& o) { o.secrets.push_back({"", std::string(4097, 's')}); });
  add("allowlist 257", [](auto& o) { o.allowlist.push_back(std::string(257, 'a')); });
  add("bad regex", [](auto& o) { o.regexes.push_back({"r", "(unclosed"}); });
  add("good regex", [](auto& o) { o.regexes.push_back({"r", "id=(\\d+)"}); });
  add("window 63", [](auto& o) { o.regex_line_window = 63; });
  add("window 64", [](auto& o) { o.regex_line_window = 64; });
  // Version 2: prefix rules with alphabets and bounds.
  using redact::key_alphabet;
  add("rule min 0", [](auto& o) {
    o.prefixes.push_back({"ab_", key_alphabet::alnum, 0, std::nullopt});
  });
  add("rule min 1", [](auto& o) {
    o.prefixes.push_back({"ab_", key_alphabet::alnum, 1, std::nullopt});
  });
  add("rule min 257", [](auto& o) {
    o.prefixes.push_back({"ab_", key_alphabet::upper, 257, std::nullopt});
  });
  add("rule max 0", [](auto& o) {
    o.prefixes.push_back({"ab_", key_alphabet::token, std::nullopt, 0});
  });
  add("rule max 256", [](auto& o) { o.prefixes.push_back({"ab_", key_alphabet::token, 4, 256}); });
  add("rule max 257", [](auto& o) { o.prefixes.push_back({"ab_", key_alphabet::token, 4, 257}); });
  add("rule max < min", [](auto& o) { o.prefixes.push_back({"ab_", key_alphabet::token, 10, 9}); });
  add("rule max = min", [](auto& o) {
    o.prefixes.push_back({"ab_", key_alphabet::token, 10, 10});
  });
  add("rule max < policy min", [](auto& o) {
    o.prefixes.push_back({"ab_", key_alphabet::token, std::nullopt, 7});
  });
  add("rule max = policy min", [](auto& o) {
    o.prefixes.push_back({"ab_", key_alphabet::token, std::nullopt, 8});
  });
  // Version 2: exact secrets split into lines; escape sequences refused.
  add("secret lines 6 and 4", [](auto& o) { o.secrets.push_back({"", "123456\n7890"}); });
  add("secret lines CRLF", [](auto& o) { o.secrets.push_back({"", "abcdefg\r\nhijklmn\r\n"}); });
  add("secret lines all short", [](auto& o) { o.secrets.push_back({"", "12345\r\n67890"}); });
  add("secret line 4096", [](auto& o) {
    o.secrets.push_back({"", "ab\n" + std::string(4096, 's')});
  });
  add("secret line 4097", [](auto& o) {
    o.secrets.push_back({"", "abcdefgh\n" + std::string(4097, 's')});
  });
  add("secret lines 2x3000", [](auto& o) {
    o.secrets.push_back({"", std::string(3000, 's') + "\n" + std::string(3000, 't')});
  });
  add("secret raw ESC", [](auto& o) { o.secrets.push_back({"", "abc\x1b[0mdef"}); });
  add("secret lone ESC", [](auto& o) {
    o.secrets.push_back({"",
                         "abc\x1b"
                         "defg"});
  });
  add("secret u001b text", [](auto& o) { o.secrets.push_back({"", "abc\\u001b[1mdef"}); });
  add("secret stars", [](auto& o) { o.secrets.push_back({"", "******"}); });
  add("v2 defaults", [](auto& o) { o = redact::spec::spec_defaults(); });
  for (const auto& [name, opts] : configs) {
    const redact::policy pol(opts);
    const std::string oracle_error = redact::oracle::oracle_validate(opts);
    EXPECT_EQ(pol.ok(), oracle_error.empty())
        << name << ": core says '" << pol.error() << "', oracle says '" << oracle_error << "'";
    if (!pol.ok()) {
      EXPECT_FALSE(pol.error().empty()) << name;
    }
  }
}

// ---------------------------------------------------------------------------
// The core against SPEC and against the oracle.

TEST(CoreVsSpec, EveryTableRow) {
  for (const auto& c : all_table_rows()) {
    const redact::policy pol(make_options(c.config));
    ASSERT_TRUE(pol.ok()) << pol.error();
    EXPECT_EQ(escape(redact::redact(c.input, pol)), escape(c.expected))
        << "input: " << escape(c.input);
  }
}

TEST(Differential, EveryTableRowAnyChunking) {
  std::uint64_t seed = 1;
  for (const auto& c : all_table_rows()) {
    expect_agree(c.input, make_options(c.config), seed++, c.input.size() <= 300);
  }
}

TEST(Differential, TableRowsUnderEveryConfiguration) {
  // The same inputs under the other configurations (no hand-derived
  // expectation: the oracle decides).
  std::uint64_t seed = 1000;
  for (const auto& c : all_table_rows()) {
    for (config_id id : {config_id::defaults, config_id::v1, config_id::extended,
                         config_id::multi_prefix, config_id::min_body_4, config_id::allowlist,
                         config_id::secrets, config_id::prefix_rules}) {
      expect_agree(c.input, make_options(id), seed++, false);
    }
  }
}

TEST(Differential, EverySchemeInEveryMode) {
  const std::vector<std::pair<std::string, std::string>> frames = {
      {"Authorization: ", ""},
      {"Authorization:[", "] x"},
      {"authorization=", " x"},
      {"{\"authorization\":\"", "\"}"},
      {"{\\\"authorization\\\":\\\"", "\\\"}"},
      {"('authorization', b'", "')"},
      {"authorization => ", ";"},
      {"\"authorization\": ", ","}};
  const std::vector<std::string> tails = {
      "abc",  "",           " ",    "  \t",         "null",
      "***",  "qbt_abc",    "a\"b", "x=\"y z\", w", std::string(65, ' ') + "\"",
      "YES)", " \x1b[1mabc"};
  std::uint64_t seed = 7;
  for (const auto& opts : {redact::spec::v1_options(), redact::spec::spec_defaults()}) {
    for (std::string_view scheme : redact::spec::schemes) {
      for (const auto& [head, end] : frames) {
        for (const auto& tail : tails) {
          for (const std::string& word : {std::string(scheme), std::string(scheme) + "x"}) {
            expect_agree(head + word + " " + tail + end, opts, seed++, false);
          }
        }
      }
    }
  }
}

// Rule B's Basic payload check decodes base64. Every byte value at every
// position of a full three-byte group and of final one- and two-byte groups,
// decided by the oracle's own decoder (the payload holds ':', so the byte
// alone decides: a control character, a stray UTF-8 byte or a plain one).
TEST(Differential, BasicPayloadEveryByteAtEveryGroupPosition) {
  static constexpr std::string_view digits =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  auto encode = [](std::string_view bytes) {  // base64 without padding
    std::string out;
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
      std::uint32_t v = 0;
      for (std::size_t j = 0; j < 3; ++j)
        v = (v << 8) | (i + j < bytes.size() ? static_cast<unsigned char>(bytes[i + j]) : 0u);
      const std::size_t n = std::min<std::size_t>(4, (bytes.size() - i) * 4 / 3 + 1);
      for (std::size_t j = 0; j < n; ++j) out.push_back(digits[(v >> (18 - 6 * j)) & 63]);
    }
    return out;
  };
  std::uint64_t seed = 5000;
  for (std::size_t len : {6, 7, 8}) {  // 8, 10 and 11 digits
    for (std::size_t at = 3; at < len; ++at) {
      for (int b = 0; b < 256; ++b) {
        std::string payload = std::string("ab:cdefg").substr(0, len);
        payload[at] = static_cast<char>(b);
        expect_agree("x Basic " + encode(payload) + " y\n", {}, seed++, false);
      }
    }
  }
}

TEST(Differential, GeneratedCorpora) {
  const std::size_t bytes = std::getenv("REDACT_DIFF_BIG") ? (std::size_t{4} << 20) : (256u << 10);
  for (auto kind : redact::corpus::all_kinds) {
    for (std::uint64_t seed : {1u, 2u, 3u}) {
      const auto g = redact::corpus::generate_with_secrets(kind, bytes, seed);
      for (config_id id :
           {config_id::defaults, config_id::v1, config_id::extended, config_id::secrets}) {
        const auto opts = make_options(id);
        const auto want = oracle_run(g.text, opts);
        if (id == config_id::defaults) {
          // Third opinion: the generator's construction-derived expectation.
          EXPECT_EQ(compare({redact::corpus::expected_output(g), want.findings}, want), "")
              << "oracle vs corpus expectation, kind " << redact::corpus::to_string(kind)
              << " seed " << seed;
        }
        const redact::policy pol(opts);
        EXPECT_EQ(compare(want, run_core(g.text, pol)), "")
            << redact::corpus::to_string(kind) << " seed " << seed;
        redact::random_lines::splitmix64 rng{seed * 31 + static_cast<std::uint64_t>(id)};
        std::vector<std::size_t> chunks;
        for (int i = 0; i < 64; ++i) chunks.push_back(rng.below(rng.chance(20) ? 8 : 70000) + 1);
        EXPECT_EQ(compare(want, run_core(g.text, pol, chunks)), "")
            << redact::corpus::to_string(kind) << " seed " << seed << " (random chunks)";
      }
    }
  }
}

// Large policies: many prefixes sharing pairs and first four bytes, field
// names sharing their first four bytes (the prefilter's three-byte mode, its
// bucket merging and the literal index's skipping of equal keys), on text that
// mixes a generated corpus with those literals, their near misses and cut-off
// copies.
TEST(Differential, LargePoliciesWithSharedLiteralStarts) {
  redact::policy_options o = redact::spec::spec_defaults();
  o.prefixes = {"qbt_", "sk_live_", "sk_", "pk_live_"};
  for (int i = 10; i < 100; i += 3) o.prefixes.push_back("p" + std::to_string(i) + "key_");
  o.min_body = 6;
  for (int i = 10; i < 40; ++i) o.fields.push_back("x-custom-credential-" + std::to_string(i));
  o.fields.push_back("x-custom");
  const redact::policy pol(o);
  ASSERT_TRUE(pol.ok()) << pol.error();

  std::vector<std::string> pieces;
  for (const auto& rule : o.prefixes) {
    const std::string& p = rule.prefix;
    pieces.push_back(p + "AbCdEf123456");                           // a key
    pieces.push_back(p + "Ab");                                     // too short
    pieces.push_back(p.substr(0, p.size() - 1) + "#AbCdEf123456");  // near miss
  }
  for (const auto& f : o.fields) {
    pieces.push_back(f + ": Bearer tok-" + f);
    pieces.push_back(f + "=abc&");
    pieces.push_back(f.substr(0, f.size() - 1) + "Z=abc ");  // near miss
  }
  for (std::string_view s : {"X-CUSTOM-CREDENTIAL-12=\"v\"", "x-cust", "p1", "p12", "x-",
                             "Set-Cookie: a=b", "cookie=", "refresh_token=r", "Accept: */*"})
    pieces.emplace_back(s);

  const auto g =
      redact::corpus::generate_with_secrets(redact::corpus::kind::realistic, 64u << 10, 7);
  redact::random_lines::splitmix64 rng{99};
  std::string text;
  for (std::size_t pos = 0; pos < g.text.size();) {
    const std::size_t take = std::min<std::size_t>(g.text.size() - pos, rng.below(200));
    text.append(g.text, pos, take);
    pos += take;
    text += pieces[rng.below(pieces.size())];
    if (rng.chance(25)) text += '\n';
  }
  const auto want = oracle_run(text, o);
  EXPECT_EQ(compare(want, run_core(text, pol)), "");
  std::vector<std::size_t> chunks;
  for (int i = 0; i < 64; ++i) chunks.push_back(rng.below(rng.chance(10) ? 5 : 5000) + 1);
  EXPECT_EQ(compare(want, run_core(text, pol, chunks)), "") << "(random chunks)";
  EXPECT_GT(want.findings.size(), 100u);  // the pieces really produced findings
}

TEST(Differential, RandomGrammarLines) {
  const int rounds = std::getenv("REDACT_DIFF_BIG") ? 20000 : 2000;
  std::vector<redact::policy_options> configs;
  for (config_id id : redact::spec::all_configs) configs.push_back(make_options(id));
  redact::policy_options all = make_options(config_id::secrets);
  all.preset = redact::field_preset::extended;
  all.prefixes = {"qbt_", "sk_live_", "sk_", "ghp_"};
  all.allowlist = make_options(config_id::allowlist).allowlist;
  for (const auto& s : redact::random_lines::planted_secrets)
    all.secrets.push_back({"", std::string(s)});
  configs.push_back(all);
  std::vector<redact::policy> policies(configs.begin(), configs.end());

  int failures = 0;
  for (int round = 0; round < rounds && failures < 20; ++round) {
    redact::random_lines::splitmix64 rng{static_cast<std::uint64_t>(round)};
    const std::string input = redact::random_lines::text(rng, rng.below(4) + 1);
    const std::size_t c = rng.below(configs.size());
    const auto want = oracle_run(input, configs[c]);
    std::string diff = compare(want, run_core(input, policies[c]));
    if (diff.empty()) {
      std::vector<std::size_t> chunks;
      for (int i = 0; i < 8; ++i) chunks.push_back(rng.below(40) + 1);
      diff = compare(want, run_core(input, policies[c], chunks));
    }
    if (!diff.empty()) {
      ++failures;
      ADD_FAILURE() << "round " << round << " config " << c << "\n  input: " << escape(input)
                    << "\n  " << diff;
    }
  }
}

}  // namespace

namespace {
// ---------------------------------------------------------------------------
// Bounded look-ahead decisions (docs/rules.md interpretations H1 and H9), found
// by this suite and settled in the docs: both sides must follow them.

// An opener whose backslash run is longer than 64 has no quote part; the `[`
// still counts, so the credential starts at the backslashes (fail closed).
TEST(BoundedLookahead, BracketOpenerWithOverlongBackslashRun) {
  const std::string input = "Authorization: [" + std::string(65, '\\') + "\"abc";
  EXPECT_EQ(escape(oracle_run(input, {}).output), "Authorization: [***");
  EXPECT_EQ(escape(redact::redact(input)), "Authorization: [***");
}

// A parameter quote escaped by more than 64 backslashes does not open a
// parameter: the backslash ends the word credential (documented limit).
TEST(BoundedLookahead, QuotedParameterWithOverlongBackslashRun) {
  const std::string bs(65, '\\');
  const std::string input = "authorization=x=" + bs + "\"a b" + bs + "\" y";
  const std::string want = "authorization=***" + bs + "\"a b" + bs + "\" y";
  EXPECT_EQ(escape(oracle_run(input, {}).output), escape(want));
  EXPECT_EQ(escape(redact::redact(input)), escape(want));
}

// A quoted parameter's closing quote must come within 512 bytes of its
// opening one; 512 bytes without one fail closed (SPEC Rule H, version 2):
// both sides of the bound, with and without escaped quotes, in a word and a
// line credential. The expected outputs are SPEC's: inside the window a WORD
// credential ends at the `,` after the parameter; outside it runs to the end
// of the line. A LINE credential runs to the end of the line either way.
TEST(BoundedLookahead, QuotedParameterWindowEdge) {
  std::uint64_t seed = 9000;
  for (std::size_t len = 508; len <= 514; ++len) {
    for (const char q : {'"', '\''}) {
      for (const std::string& esc : {std::string(), std::string("\\")}) {
        // A backslash before an ordinary byte inside the parameter must not
        // change where it closes.
        for (const bool inner_backslash : {false, true}) {
          const std::string vs(inner_backslash ? len - 2 : len, 'v');
          const std::string body = (inner_backslash ? "\\w" : "") + vs;
          const std::string param = "=" + esc + q + body + esc + q;
          const bool inside = len + esc.size() < 512;
          for (const bool word : {true, false}) {
            const std::string head = word ? "authorization=x" : "Authorization: Digest a";
            const std::string input = head + param + ", b=c d\n";
            const std::string want =
                word ? (inside ? "authorization=***, b=c d\n" : "authorization=***\n")
                     : "Authorization: Digest ***\n";
            EXPECT_EQ(escape(oracle_run(input, {}).output), escape(want))
                << "len " << len << " word " << word << " quote " << q;
            expect_agree(input, {}, seed++, false);
          }
        }
      }
    }
  }
}

// A backslash at a window's end inside a Basic run must be held back (it may
// start `\/`): every split of a run with an escaped slash.
TEST(BoundedLookahead, BasicRunWithEscapedSlashEverySplit) {
  expect_agree("x Basic dXNlcjpw\\/YXNz y\n", {}, 9500, true);
  expect_agree("x Basic dXNlcjpwYXNzd29y\\/ZA== y\n", {}, 9501, true);
}

}  // namespace
