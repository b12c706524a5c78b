// Table tests: SPEC's examples and the shared per-rule tables
// (tests/support/spec), plus the cases that need a configuration of their
// own. Every expected value was derived by hand from SPEC.md (and
// docs/rules.md for the interpretations it records).
#include <gtest/gtest.h>

#include <string>

#include "case_check.hpp"
#include "spec_words.hpp"
#include "tables.hpp"
#include "test_util.hpp"

namespace redact::test {
namespace {

// SPEC's examples and the shared per-rule tables (tests/support/spec), each
// row under its own configuration, one shot.
TEST(SpecExamples, EveryRowOneShot) {
  for (const auto& row : spec::spec_examples()) {
    const policy pol(spec::make_options(row.config));
    if (!pol.ok()) {
      ADD_FAILURE() << "config " << spec::to_string(row.config) << " refused: " << pol.error();
      continue;
    }
    EXPECT_EQ(spec::escaped(redact::redact(row.input, pol)), spec::escaped(row.expected))
        << "input: " << spec::escaped(row.input);
  }
}

TEST(SharedTables, EveryRuleTableRowOneShot) {
  for (const auto& table : spec::rule_tables) {
    for (const auto& row : table.rows()) {
      const policy pol(spec::make_options(row.config));
      if (!pol.ok()) {
        ADD_FAILURE() << "config " << spec::to_string(row.config) << " refused: " << pol.error();
        continue;
      }
      EXPECT_EQ(spec::escaped(redact::redact(row.input, pol)), spec::escaped(row.expected))
          << "table " << table.name << ", config " << spec::to_string(row.config)
          << ", input: " << spec::escaped(row.input);
    }
  }
}

struct case_row {
  std::string input;
  std::string expected;
};

void check_table(const std::vector<case_row>& rows, const policy& pol) {
  ASSERT_TRUE(pol.ok()) << pol.error();
  for (const auto& row : rows) {
    EXPECT_EQ(escaped(redact::redact(row.input, pol)), escaped(row.expected))
        << "input: " << escaped(row.input);
  }
}

TEST(RuleT, OnlyALongPrefix) {
  policy_options only_long;
  only_long.prefixes = {"sk_live_"};
  check_table({{"sk_live_abc", "sk_live_abc"}, {"sk_live_AbCdEf12", "sk_live_***"}},
              policy(only_long));
}

TEST(RuleT, MinLength) {
  policy_options o;
  o.min_body = 7;
  check_table({{"qbt_1234567", "qbt_***"}, {"qbt_123456", "qbt_123456"}}, policy(o));
  check_table({{"qbt_1234567", "qbt_1234567"}, {"qbt_12345678", "qbt_***"}}, policy{});
}

TEST(RuleT, Allowlist) {
  policy_options o;
  o.allowlist = {"qbt_EXAMPLEKEY00000000"};
  check_table(
      {
          {"key=qbt_EXAMPLEKEY00000000 ok", "key=qbt_EXAMPLEKEY00000000 ok"},
          {"key=qbt_EXAMPLEKEY000000001", "key=qbt_***"},  // a longer key is not the example
          {"Authorization: Bearer qbt_EXAMPLEKEY00000000",
           "Authorization: Bearer qbt_EXAMPLEKEY00000000"},
          {"authorization=qbt_EXAMPLEKEY00000000", "authorization=qbt_EXAMPLEKEY00000000"},
          {"Bearer qbt_EXAMPLEKEY00000000", "Bearer qbt_EXAMPLEKEY00000000"},
      },
      policy(o));
}

// Rule E for a one-byte prefix, which determines at most one base64
// character of its own (none at byte offset 1): base64 of `:AbCdEf12`
// after 0, 1 and 2 bytes, in both alphabets and JSON's `\/`.
TEST(RuleE, OneBytePrefixAtEveryOffset) {
  policy_options o;
  o.prefixes = {prefix_rule(":")};
  o.min_body = 4;
  o.key_table = false;
  const policy pol(o);
  check_cases(
      {
          {"OkFiQ2RFZjEy", "***"},
          {"/DpBYkNkRWYxMg==", "***=="},
          {"_DpBYkNkRWYxMg==", "***=="},
          {"\\/DpBYkNkRWYxMg==", "***=="},
          {"+zpBYkNkRWYxMg==", "***=="},
          {"/Pw6QWJDZEVmMTI=", "***="},
          {"_Pw6QWJDZEVmMTI=", "***="},
          // "say :AbCdEf12 ok": the key is decoded byte 4, found from
          // character 4 at offset 1; its last byte is byte 9 from there, in
          // character 4 + 13 = 17.
          {"c2F5IDpBYkNkRWYxMiBvaw==", "c2F5***Bvaw=="},
          {"OkFiYw==", "OkFiYw=="},  // `:Abc`: a body of 3
      },
      pol);
}

// A key of its prefix's shortest length, encoded at byte offsets 0, 1 and 2
// in both alphabets and with JSON's `\/`, in a run that ends with the key's
// last character: found, whatever the kernel (the prefilter's anchors
// require the key's remaining characters after them, policy.cpp
// encoded_follow). One body byte less: no key.
TEST(RuleE, ShortestKeyAtEveryOffsetEndsTheRun) {
  const auto encode = [](const std::string& bytes, bool url_safe, bool json) {
    static const char* digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (std::size_t k = 0; k < bytes.size(); k += 3) {
      std::uint32_t group = 0;
      const std::size_t have = std::min<std::size_t>(3, bytes.size() - k);
      for (std::size_t b = 0; b < 3; ++b)
        group = group << 8 | (b < have ? static_cast<unsigned char>(bytes[k + b]) : 0u);
      for (std::size_t c = 0; c < have + 1; ++c) {
        char d = digits[(group >> (18 - 6 * c)) & 63];
        if (url_safe && d == '+') d = '-';
        if (url_safe && d == '/') d = '_';
        out += json && d == '/' ? std::string("\\/") : std::string(1, d);
      }
    }
    return out;
  };
  policy_options one_byte;
  one_byte.prefixes = {prefix_rule(":")};
  one_byte.min_body = 4;
  const policy custom(one_byte), standard;
  struct key {
    const policy& pol;
    std::string prefix;
    std::size_t min_body;
  };
  for (const key& k : {key{standard, "qbt_", 8}, key{standard, "hf_", 34},
                       key{standard, "xoxb-", 10}, key{custom, ":", 4}})
    for (std::size_t offset = 0; offset < 3; ++offset)
      for (const bool url_safe : {false, true})
        for (const bool json : {false, true})
          for (const bool shorter : {false, true}) {
            std::string body;
            for (std::size_t b = 0; body.size() < k.min_body - (shorter ? 1 : 0); ++b)
              body += "Zq9Tw1Kx7mP3"[b % 12];
            // Lead bytes chosen so that the runs hold `/` and `+` (or their
            // URL-safe forms) at several offsets.
            const std::string bytes =
                std::string("\xff\xfb\xbf").substr(0, offset) + k.prefix + body;
            const std::string run = encode(bytes, url_safe, json);
            const std::string in = "data " + run + " end";
            SCOPED_TRACE(k.prefix + " offset " + std::to_string(offset) +
                         (url_safe ? " url-safe" : "") + (json ? " json" : "") +
                         (shorter ? " shorter" : ""));
            EXPECT_EQ(redact::redact(in, k.pol), shorter ? in : "data *** end");
          }
}

TEST(RuleH, Schemes) {
  // SPEC's scheme list; each is kept, case-insensitively.
  for (std::string_view sv : spec::schemes) {
    const std::string s(sv);
    const std::string in = std::string("Authorization: ") + s + " abc";
    EXPECT_EQ(redact::redact(in), std::string("Authorization: ") + s + " ***") << in;
    std::string upper = s;
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const std::string in2 = "authorization=\"" + upper + " abc\"";
    EXPECT_EQ(redact::redact(in2), "authorization=\"" + upper + " ***\"") << in2;
  }
}

TEST(Precedence, FieldWithoutFindingLeavesRoomForKeys) {
  policy_options o;
  o.prefixes = {"qbt_", "zat"};
  o.min_body = 2;
  check_table(
      {
          {"authorization=null", "authorizat***=null"},
          {R"(["Authorization", x])", R"(["Authorizat***", x])"},  // tuple without quoted value
          {"authorization={a}", "authorizat***={a}"},              // nested value
          {"authorization=abc", "authorization=***"},  // a finding: the field starts first
      },
      policy(o));
}

// Found by fuzz_idempotence (docs/rules.md interpretation H14): with prefixes
// `sk_` and `sk_live_` and a short min_body, `sk_live_***` (an exact secret
// masked after `sk_live_`) is not "already redacted" — the kept prefix would
// be `sk_` — so the field masks it; otherwise Rule T would turn it into
// `sk_******`, which a second pass would mask again.
TEST(Idempotence, OnlyTheKeptPrefixMarksACredentialAsRedacted) {
  policy_options o;
  o.prefixes = {"sk_live_", "sk_"};
  o.min_body = 4;
  o.secrets = {{"", "abcdef123456"}};
  const policy pol(o);
  check_table(
      {
          {"Authorization: sk_live_abcdef123456", "Authorization: sk_***"},
          {"Authorization: sk_live_***", "Authorization: sk_***"},
          {"Authorization: sk_***", "Authorization: sk_***"},
          {"Authorization: \"sk_live_***\"", "Authorization: \"sk_***\""},
          {"sk_live_***", "sk_******"},  // Rule T alone: sk_ + body `live_`
      },
      pol);
  for (std::string_view in : {"Authorization: sk_live_abcdef123456", "sk_live_***",
                              "Authorization: sk_live_***", "x Bearer sk_live_***"}) {
    const std::string once = redact::redact(in, pol);
    EXPECT_EQ(escaped(redact::redact(once, pol)), escaped(once)) << "input: " << escaped(in);
  }
}

TEST(RuleS, ExactSecrets) {
  policy_options o;
  o.secrets = {{"APP_SECRET", "s3cr3t-value"},
               {"", "abcdef"},
               {"", "abcdefgh"},
               {"", "defghijk"},
               {"KEY", "qbt_AbCdEf0123456789"}};
  check_table(
      {
          {"x=s3cr3t-value y", "x=*** y"},
          {"key=qbt_AbCdEf0123456789", "key=***"},  // exact secret wins, no prefix kept
          {"Authorization: Bearer abcs3cr3t-valuexyz", "Authorization: Bearer ***"},
          {"abcdefgh", "***"},        // longest at a position
          {"abcdefghijk", "***ijk"},  // leftmost first
          {"zzabcdefzz", "zz***zz"},
          {"s3cr3t-values3cr3t-value", "******"},
      },
      policy(o));
}

// Secrets are bytes: non-ASCII bytes anywhere, including the first (the
// prefilter's VBMI tables hold ASCII only and must still stop there), case
// kept exactly, and many secrets sharing buckets.
TEST(RuleS, NonAsciiAndManySecrets) {
  policy_options o;
  o.secrets = {{"", "p\xc3\xa4ssw\xc3\xb6rd-1"},
               {"",
                "\xc3\x9f"
                "ecret-value"},
               {"", "CaseSecret"}};
  for (int i = 0; i < 40; ++i) o.secrets.push_back({"", "tok-" + std::to_string(1000 + i * 7)});
  check_table(
      {
          {"pw=p\xc3\xa4ssw\xc3\xb6rd-1;", "pw=***;"},
          {"\xc3\x9f"
           "ecret-value",
           "***"},
          {"x \xc3\x9f"
           "ecret-valu",
           "x \xc3\x9f"
           "ecret-valu"},                               // cut short: no match
          {"casesecret CaseSecret", "casesecret ***"},  // exact case only
          {"a tok-1000 b tok-1273 c tok-1280", "a *** b *** c tok-1280"},
      },
      policy(o));
}

// Batches of complete lines (regex_stage.hpp) must give exactly what line by
// line matching gives. The same patterns behind a no-op `(?-s)` flag group are
// never batched, so the two policies compare batch against line by line:
// anchors at line edges, CR and CRLF line ends, matches near batch splits,
// long lines, chunk boundaries anywhere, findings with their positions.
void expect_batches_agree(const std::vector<std::pair<std::string, std::string>>& patterns) {
  policy_options batched, lined;
  for (const auto& [label, p] : patterns) {
    batched.regexes.push_back({label, p});
    lined.regexes.push_back({label, "(?-s)" + p});
  }
  const policy a(batched), b(lined);
  ASSERT_TRUE(a.ok()) << a.error();
  ASSERT_TRUE(b.ok()) << b.error();

  std::uint64_t seed = 12345;
  auto next = [&seed] {
    seed = seed * 6364136223846793005u + 1442695040888963407u;
    return static_cast<std::size_t>(seed >> 33);
  };
  const std::vector<std::string> words = {
      "plain", "token=abc", "BEGIN x",   "x END",          "secret-12",
      "k=v1",  "k=",        "secret-1a", "GET /v1/models", std::string(300, 'z'),
      "BEGIN", "END",       "token="};
  const std::vector<std::string> ends = {"\n", "\n", "\n", "\r\n", "\r", " "};
  std::string text;
  while (text.size() < (200u << 10)) {
    text += words[next() % words.size()];
    text += next() % 3 == 0 ? " " : ends[next() % ends.size()];
  }
  auto run = [&](const policy& pol, std::size_t chunk) {
    redactor r(pol);
    std::string out, found;
    r.set_finding_handler([&](const finding& f) {
      found += std::string(f.label) + ":" + std::to_string(f.line) + ":" +
               std::to_string(f.column) + " ";
    });
    string_output sink(out);
    for (std::size_t i = 0; i < text.size(); i += chunk)
      r.write(std::string_view(text).substr(i, chunk), sink);
    r.finish(sink);
    return std::make_pair(out, found);
  };
  const auto want = run(b, 65536);
  EXPECT_NE(want.first, text);  // the patterns did mask something
  for (std::size_t chunk :
       {std::size_t{65536}, std::size_t{4096}, std::size_t{777}, std::size_t{1} << 20}) {
    const auto got = run(a, chunk);
    EXPECT_TRUE(got.first == want.first) << "chunk " << chunk;
    EXPECT_TRUE(got.second == want.second) << "chunk " << chunk;
  }
}

TEST(RuleR, BatchesAgreeWithLineByLine) {
  // `\w+ END$` has no literal start: batches run the RE2 set.
  expect_batches_agree({{"tok", R"(token=(\w+))"},
                        {"start", R"(^BEGIN \w+)"},
                        {"end", R"(\w+ END$)"},
                        {"word", R"(\bsecret-[0-9]+\b)"},
                        {"neg", R"(k=([^ ]+))"}});
  // Every pattern starts with a literal: batches are first filtered by them.
  expect_batches_agree({{"tok", R"(token=(\w+))"},
                        {"start", R"(^BEGIN \w+)"},
                        {"word", R"(\bsecret-[0-9]+\b)"},
                        {"neg", R"(k=([^ ]+))"},
                        {"end", R"(END$)"}});
}

TEST(RuleR, CustomPatterns) {
  policy_options o;
  o.regexes = {{"tok", R"(token=(\w+))"}, {"num", R"(secret-[0-9]+)"}, {"", "ab+c"}};
  check_table(
      {
          {"a token=abc123 b", "a token=*** b"},  // group 1 only
          {"x secret-42 y", "x *** y"},           // whole match
          {"secret-1 token=z secret-2", "*** token=*** ***"},
          {"qbt_abbbbbbbbbc abbc", "qbt_*** ***"},  // after Rule T ran
          {"token=***", "token=***"},               // idempotent
          {"tok\nen=1 token\n=2", "tok\nen=1 token\n=2"},
          {"line1 abc\nline2 abbc\n", "line1 ***\nline2 ***\n"},
      },
      policy(o));
}

TEST(RuleR, LineWindow) {
  policy_options o;
  o.regexes = {{"x", "SECRET[0-9]+"}};
  o.regex_line_window = 64;
  const policy pol(o);
  ASSERT_TRUE(pol.ok()) << pol.error();
  // Inside one window: masked. Straddling the 64-byte window edge: documented miss.
  EXPECT_EQ(redact::redact(std::string(10, '.') + "SECRET123", pol), std::string(10, '.') + "***");
  const std::string straddle = std::string(60, '.') + "SECRET123";
  EXPECT_EQ(redact::redact(straddle, pol), straddle);
  EXPECT_EQ(redact::redact(std::string(70, '.') + "SECRET123\n", pol),
            std::string(70, '.') + "***\n");
}

TEST(RuleR, InvalidPatternRefused) {
  policy_options o;
  o.regexes = {{"broken", "(abc"}};
  policy p(o);
  EXPECT_FALSE(p.ok());
  EXPECT_NE(p.error().find("broken"), std::string::npos);
  EXPECT_NE(p.error().find("missing )"), std::string::npos) << p.error();
}

TEST(PolicyErrors, RefusedWithClearMessages) {
  auto err = [](policy_options o) {
    policy p(std::move(o));
    EXPECT_FALSE(p.ok());
    return p.error();
  };
  policy_options o;
  o.secrets = {{"SHORT_ONE", "abc12"}};
  const std::string e1 = err(o);
  EXPECT_NE(e1.find("SHORT_ONE"), std::string::npos);
  EXPECT_NE(e1.find("shorter than 6"), std::string::npos);
  EXPECT_EQ(e1.find("abc12"), std::string::npos);  // never the value
  o.secrets = {{"", "abc\ndefgh"}};
  EXPECT_NE(err(o).find("secret#1"), std::string::npos);
  policy_options p;
  p.prefixes = {""};
  EXPECT_NE(err(p).find("prefix"), std::string::npos);
  policy_options f;
  f.fields = {"bad name"};
  EXPECT_NE(err(f).find("field"), std::string::npos);
  policy_options m;
  m.min_body = 0;
  EXPECT_NE(err(m).find("min"), std::string::npos);
  EXPECT_TRUE(policy{}.ok());
}

TEST(PolicyErrors, FailClosedMasksEveryLine) {
  policy_options o;
  o.prefixes = {""};
  policy bad(o);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(redact::redact("hello qbt_AbCdEf12345\n\nbye", bad), "***\n\n***");
}

}  // namespace
}  // namespace redact::test
