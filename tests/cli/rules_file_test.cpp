// Unit tests of the rules-file parser (cli/rules_file.hpp, docs/rules-file.md).
#include "cli/rules_file.hpp"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace redact::cli {
namespace {

std::optional<std::string> fake_env(const std::string& name) {
  static const std::map<std::string, std::string> env = {
      {"DEPLOY_TOKEN", "fake-deploy-token-123"},
      {"SHORT_SECRET", "abc12"},
      {"EMPTY_VAR", ""},
  };
  const auto it = env.find(name);
  if (it == env.end()) return std::nullopt;
  return it->second;
}

struct result {
  bool ok;
  policy_options opts;
  std::string error;
};

result parse(std::string_view text) {
  result r;
  r.ok = parse_rules(text, "rules.txt", r.opts, r.error, fake_env);
  return r;
}

TEST(RulesFile, EveryDirectiveCommentsAndBlankLines) {
  const result r = parse(
      "# organisation rules\n"
      "\n"
      "prefix sk_live_\n"
      "   prefix\tghp_   \n"
      "field x-session\n"
      "regex ssn \\b\\d{3}-\\d{2}-(\\d{4})\\b\n"
      "regex internal-id  id=[0-9a-f]{8} and more\n"
      "allow qbt_EXAMPLEKEY0000000000\n"
      "secret-env DEPLOY_TOKEN\n"
      "  # indented comment\n"
      "preset extended\n");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.opts.prefixes, (std::vector<redact::prefix_rule>{"qbt_", "sk_live_", "ghp_"}));
  EXPECT_EQ(r.opts.fields, (std::vector<std::string>{"x-session"}));
  ASSERT_EQ(r.opts.regexes.size(), 2u);
  EXPECT_EQ(r.opts.regexes[0].label, "ssn");
  EXPECT_EQ(r.opts.regexes[0].pattern, "\\b\\d{3}-\\d{2}-(\\d{4})\\b");
  EXPECT_EQ(r.opts.regexes[1].label, "internal-id");
  EXPECT_EQ(r.opts.regexes[1].pattern, "id=[0-9a-f]{8} and more");
  EXPECT_EQ(r.opts.allowlist, std::vector<std::string>{"qbt_EXAMPLEKEY0000000000"});
  ASSERT_EQ(r.opts.secrets.size(), 1u);
  EXPECT_EQ(r.opts.secrets[0].label, "DEPLOY_TOKEN");
  EXPECT_EQ(r.opts.secrets[0].value, "fake-deploy-token-123");
  EXPECT_EQ(r.opts.preset, redact::field_preset::extended);
}

TEST(RulesFile, CrlfBomAndMissingFinalNewline) {
  const result r = parse("\xEF\xBB\xBFprefix sk_live_\r\nfield x-session\r\nregex r a+b  \r");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.opts.prefixes.back().prefix, "sk_live_");
  EXPECT_EQ(r.opts.fields.back(), "x-session");
  ASSERT_EQ(r.opts.regexes.size(), 1u);
  EXPECT_EQ(r.opts.regexes[0].pattern, "a+b");
}

TEST(RulesFile, EmptyTextIsValid) {
  EXPECT_TRUE(parse("").ok);
  EXPECT_TRUE(parse("\n\n# nothing\n").ok);
}

TEST(RulesFile, ErrorsNameFileAndLine) {
  struct row {
    std::string_view text;
    std::string_view expected;
  };
  for (
      const row& r : std::vector<row>{
          {"prefix sk_\nfield\n", "rules.txt:2: 'field' needs a value"},
          {"prefix a b\n", "rules.txt:1: 'prefix' takes exactly one value"},
          {"\n\nallow\n", "rules.txt:3: 'allow' needs a value"},
          {"# c\nregex onlylabel\n", "rules.txt:2: 'regex' needs a label and a pattern"},
          {"preset paranoid\n",
           "rules.txt:1: unknown preset (expected minimal, default or extended)"},
          {"secret-env NOT_SET\n", "rules.txt:1: environment variable NOT_SET is not set or empty"},
          {"secret-env EMPTY_VAR\n",
           "rules.txt:1: environment variable EMPTY_VAR is not set or empty"},
          {"secret-env A=B\n", "rules.txt:1: 'secret-env' needs an environment variable name"},
          {"prefix x_\nprefixes y_\n",
           "rules.txt:2: unknown rule (expected prefix, field, regex, allow, secret-env, preset or "
           "#)"},
      }) {
    const result res = parse(r.text);
    EXPECT_FALSE(res.ok) << r.text;
    EXPECT_EQ(res.error, r.expected);
  }
}

TEST(RulesFile, UnknownLineIsNotEchoed) {
  // A key pasted into the rules file by mistake must not reach a terminal.
  const result r = parse("qbt_fakeRulesKey000000000000001\n");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error.find("qbt_fake"), std::string::npos) << r.error;
}

TEST(RulesFile, InvalidRegexCarriesRe2MessageAndLine) {
  const result r =
      parse("# rules\nprefix sk_\n\nregex ok a+\nfield x-token\n\nregex broken (abc\n");
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error.rfind("rules.txt:7: ", 0), 0u) << r.error;
  EXPECT_NE(r.error.find("regex"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("missing )"), std::string::npos) << r.error;  // RE2's words
  EXPECT_EQ(r.error.find('\n'), std::string::npos);
}

TEST(RulesFile, CoreValidationErrorsCarryTheLine) {
  // SPEC: exact secrets shorter than 6 bytes are refused; the value is never shown.
  const result short_secret = parse("field x-token\nsecret-env SHORT_SECRET\n");
  ASSERT_FALSE(short_secret.ok);
  EXPECT_EQ(short_secret.error.rfind("rules.txt:2: ", 0), 0u) << short_secret.error;
  EXPECT_EQ(short_secret.error.find("abc12"), std::string::npos) << short_secret.error;
  // Prefixes may not contain quotes or `*`; field names may not contain `:`.
  const result bad_prefix = parse("prefix ok_\nprefix a*b\n");
  ASSERT_FALSE(bad_prefix.ok);
  EXPECT_EQ(bad_prefix.error.rfind("rules.txt:2: ", 0), 0u) << bad_prefix.error;
  const result bad_field = parse("\n\n\nfield a:b\n");
  ASSERT_FALSE(bad_field.ok);
  EXPECT_EQ(bad_field.error.rfind("rules.txt:4: ", 0), 0u) << bad_field.error;
}

TEST(RulesFile, AcceptedRulesAlwaysBuildAValidPolicy) {
  // The contract the fuzz target checks: parse_rules() == true implies ok().
  for (std::string_view text :
       {"prefix sk_\nprefix sk_\n", "field authorization\n", "allow qbt_x\nallow qbt_x\n",
        "regex a x\nregex a y\n", "secret-env DEPLOY_TOKEN\nsecret-env DEPLOY_TOKEN\n"}) {
    const result r = parse(text);
    if (r.ok) {
      EXPECT_TRUE(policy(r.opts).ok()) << text;
    } else {
      EXPECT_EQ(r.error.rfind("rules.txt:", 0), 0u) << r.error;
    }
  }
}

TEST(RulesFile, RegexLabelMustBePrintable) {
  const result r = parse("regex bad\x01label x+\n");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "rules.txt:1: regex label must be printable ASCII");
}

TEST(RulesFile, StopsAtTheFirstError) {
  const result r = parse("prefix aa_\nbogus\nprefix bb_\n");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.opts.prefixes, (std::vector<redact::prefix_rule>{"qbt_", "aa_"}));
}

TEST(RulesFile, ArbitraryBytesNeverCrash) {
  // A cheap smoke test; the fuzz target explores this properly.
  std::string text;
  for (int i = 0; i < 2000; ++i) text += static_cast<char>((i * 7919) % 256);
  result r = parse(text);
  (void)r;
  r = parse(std::string("regex x \0\n", 10));
  (void)r;
  SUCCEED();
}

}  // namespace
}  // namespace redact::cli
