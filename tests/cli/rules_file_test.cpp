// Unit tests of the rules-file parser (cli/rules_file.hpp, docs/rules-file.md).
#include "cli/rules_file.hpp"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "redact/redact.hpp"

namespace redact::cli {
namespace {

const std::map<std::string, std::string>& fake_vars() {
  static const std::map<std::string, std::string> env = {
      {"DEPLOY_TOKEN", "fake-deploy-token-123"},
      {"SHORT_SECRET", "abc12"},
      {"SHORT_TOKEN", "abc12"},
      {"EMPTY_VAR", ""},
  };
  return env;
}

env_lookup fake_env() {
  return env_lookup(
      [](const std::string& name) -> std::optional<std::string> {
        const auto it = fake_vars().find(name);
        if (it == fake_vars().end()) return std::nullopt;
        return it->second;
      },
      [] {
        std::vector<std::string> names;
        for (const auto& [name, value] : fake_vars()) names.push_back(name);
        return names;
      });
}

struct result {
  bool ok;
  policy_options opts;
  std::string error;
};

result parse(std::string_view text, std::vector<std::string>* notices = nullptr) {
  result r;
  r.ok = parse_rules(text, "rules.txt", r.opts, r.error, fake_env(), notices);
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
  for (const row& r : std::vector<row>{
           {"prefix sk_\nfield\n", "rules.txt:2: 'field' needs a value"},
           {"field a b\n", "rules.txt:1: 'field' takes exactly one value"},
           {"prefix a b\n",
            "rules.txt:1: prefix: expected an alphabet (token, alnum or upper) or bounds (MIN.., "
            "MIN..MAX or ..MAX) after the prefix"},
           {"prefix ghp_ alnum 40..36\n",
            "rules.txt:1: prefix: prefix 'ghp_': max length is below min length"},
           {"\n\nallow\n", "rules.txt:3: 'allow' needs a value"},
           {"allow # only a comment\n", "rules.txt:1: 'allow' needs a value"},
           {"# c\nregex onlylabel\n", "rules.txt:2: 'regex' needs a label and a pattern"},
           {"regex onlylabel # a comment, no pattern\n",
            "rules.txt:1: 'regex' needs a label and a pattern"},
           {"preset paranoid\n",
            "rules.txt:1: preset: unknown preset (expected minimal, default or extended)"},
           {"min-length 0\n",
            "rules.txt:1: min-length: min length must be a whole number from 1 to 256"},
           {"no-jwt please\n", "rules.txt:1: 'no-jwt' takes no value"},
           {"secret-env-defaults all\n", "rules.txt:1: 'secret-env-defaults' takes no value"},
           {"secret-env NOT_SET\n",
            "rules.txt:1: secret-env: environment variable NOT_SET is not set or empty"},
           {"secret-env EMPTY_VAR\n",
            "rules.txt:1: secret-env: environment variable EMPTY_VAR is not set or empty"},
           {"secret-env A=B\n",
            "rules.txt:1: secret-env: expected an environment variable name or a glob (no '=', no "
            "blanks)"},
           {"prefix x_\nprefixes y_\n",
            "rules.txt:2: unknown rule (expected prefix, field, preset, min-length, allow, "
            "secret-env, secret-env-defaults, no-jwt, no-url, no-encoded, no-pairs, "
            "no-private-keys, no-key-table, no-secret-forms, regex or #)"},
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
  const result r = parse("prefix aa_\nbogus\nprefix bb_\n");  // NOLINT
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.opts.prefixes, (std::vector<redact::prefix_rule>{"qbt_", "aa_"}));
}

TEST(RulesFile, TrailingCommentsOnEveryKindOfLine) {
  const result r = parse(
      "prefix ghp_   # GitHub PATs\n"
      "prefix glpat- token 20..\t# GitLab\n"
      "field x-session # our session header\n"
      "allow qbt_EXAMPLEKEY0000000000 # the docs' key\n"
      "preset extended # broad names too\n"
      "min-length 10 # longer bodies\n"
      "no-jwt # JWTs are masked by our own regex\n"
      "secret-env DEPLOY_TOKEN # CI\n"
      "regex ssn \\bssn=\\d{3}-\\d{2}-(\\d{4})\\b   # social security numbers\n");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.opts.prefixes,
            (std::vector<redact::prefix_rule>{
                "qbt_", "ghp_", {"glpat-", key_alphabet::token, 20, std::nullopt}}));
  EXPECT_EQ(r.opts.fields, std::vector<std::string>{"x-session"});
  EXPECT_EQ(r.opts.allowlist, std::vector<std::string>{"qbt_EXAMPLEKEY0000000000"});
  EXPECT_EQ(r.opts.preset, field_preset::extended);
  EXPECT_EQ(r.opts.min_body, 10u);
  EXPECT_FALSE(r.opts.jwt);
  ASSERT_EQ(r.opts.secrets.size(), 1u);
  EXPECT_EQ(r.opts.secrets[0].label, "DEPLOY_TOKEN");
  ASSERT_EQ(r.opts.regexes.size(), 1u);
  EXPECT_EQ(r.opts.regexes[0].label, "ssn");
  EXPECT_EQ(r.opts.regexes[0].pattern, "\\bssn=\\d{3}-\\d{2}-(\\d{4})\\b");
}

TEST(RulesFile, HashInsideAValueIsWrittenAfterANonBlank) {
  // `#` starts a comment only at the start of a line or after a blank; in a
  // pattern, `\#` (RE2's escaped punctuation), `[#]` or `a#b` keep it.
  const result r = parse(
      "prefix tok#\n"
      "regex issue (?i)issue#(\\d+)\n"
      "regex spaced id: \\#(\\d+) # a comment\n"
      "regex cls x[#]y\n");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.opts.prefixes.back().prefix, "tok#");
  ASSERT_EQ(r.opts.regexes.size(), 3u);
  EXPECT_EQ(r.opts.regexes[0].pattern, "(?i)issue#(\\d+)");
  EXPECT_EQ(r.opts.regexes[1].pattern, "id: \\#(\\d+)");
  EXPECT_EQ(r.opts.regexes[2].pattern, "x[#]y");
  // The escaped `#` matches a literal `#` (RE2 reads `\#` as `#`).
  const policy pol(r.opts);
  ASSERT_TRUE(pol.ok()) << pol.error();
  EXPECT_EQ(redact::redact("see issue#42 and id: #7", pol), "see issue#*** and id: #***");
}

TEST(RulesFile, PrefixRulesWithAlphabetAndBounds) {
  const result r = parse("prefix ghp_ alnum 36..36\nprefix AKIA upper 16..16\nprefix x_ ..40\n");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.opts.prefixes,
            (std::vector<redact::prefix_rule>{"qbt_",
                                              {"ghp_", key_alphabet::alnum, 36, 36},
                                              {"AKIA", key_alphabet::upper, 16, 16},
                                              {"x_", key_alphabet::token, std::nullopt, 40}}));
}

TEST(RulesFile, SwitchesPresetsAndSecretGlobs) {
  std::vector<std::string> notices;
  const result r = parse(
      "no-jwt\nno-url\nno-encoded\nno-pairs\nno-private-keys\nno-key-table\n"
      "no-secret-forms\npreset minimal\nsecret-env *_TOKEN\nsecret-env-defaults\n",
      &notices);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_FALSE(r.opts.jwt || r.opts.url || r.opts.encoded || r.opts.pairs || r.opts.private_keys ||
               r.opts.key_table || r.opts.secret_forms);
  EXPECT_EQ(r.opts.preset, field_preset::minimal);
  ASSERT_EQ(r.opts.secrets.size(), 1u);  // DEPLOY_TOKEN once; SHORT_TOKEN skipped
  EXPECT_EQ(r.opts.secrets[0].label, "DEPLOY_TOKEN");
  EXPECT_EQ(notices, (std::vector<std::string>{
                         "rules.txt:9: environment variable SHORT_TOKEN (matched by '*_TOKEN') is "
                         "not masked: it is shorter than 6 bytes",
                         "rules.txt:10: environment variable SHORT_SECRET (matched by '*_SECRET') "
                         "is not masked: it is shorter than 6 bytes",
                         "rules.txt:10: environment variable SHORT_TOKEN (matched by '*_TOKEN') "
                         "is not masked: it is shorter than 6 bytes"}));
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
