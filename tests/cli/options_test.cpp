// Unit tests of the command line parser (cli/options.hpp).
#include "cli/options.hpp"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace redact::cli {
namespace {

struct parsed {
  parse_status status;
  options opts;
  std::string error;
};

std::optional<std::string> fake_env(const std::string& name) {
  static const std::map<std::string, std::string> env = {
      {"DEPLOY_TOKEN", "fake-deploy-token-123"},
      {"EMPTY_VAR", ""},
      {"FP_KEY", "fingerprint-key"},
  };
  const auto it = env.find(name);
  if (it == env.end()) return std::nullopt;
  return it->second;
}

parsed parse(std::vector<std::string_view> args) {
  parsed p;
  p.status = parse_args(args, fake_env, p.opts, p.error);
  return p;
}

TEST(Options, DefaultsReadStdinInFilterMode) {
  const parsed p = parse({});
  ASSERT_EQ(p.status, parse_status::ok);
  EXPECT_EQ(p.opts.mode, run_mode::filter);
  EXPECT_TRUE(p.opts.files.empty());
  EXPECT_EQ(p.opts.buffer_size, default_buffer_size);
  EXPECT_EQ(p.opts.policy.prefixes, std::vector<redact::prefix_rule>{"qbt_"});
  EXPECT_TRUE(p.opts.policy.fields.empty());
  EXPECT_FALSE(p.opts.line_buffered);
  EXPECT_FALSE(p.opts.stats);
}

TEST(Options, RuleOptionsAddToDefaults) {
  const parsed p = parse({"--prefix", "sk_live_", "--prefix=ghp_", "--field", "x-session",
                          "--allow", "qbt_EXAMPLE0000000000", "--min-length", "12", "--preset",
                          "extended", "a.log", "-", "b.log"});
  ASSERT_EQ(p.status, parse_status::ok) << p.error;
  EXPECT_EQ(p.opts.policy.prefixes, (std::vector<redact::prefix_rule>{"qbt_", "sk_live_", "ghp_"}));
  EXPECT_EQ(p.opts.policy.fields, (std::vector<std::string>{"x-session"}));
  EXPECT_EQ(p.opts.policy.allowlist, std::vector<std::string>{"qbt_EXAMPLE0000000000"});
  EXPECT_EQ(p.opts.policy.min_body, 12u);
  EXPECT_EQ(p.opts.policy.preset, redact::field_preset::extended);
  EXPECT_EQ(p.opts.files, (std::vector<std::string>{"a.log", "-", "b.log"}));
}

TEST(Options, SecretEnvTakesTheValueAndNamesIt) {
  const parsed p = parse({"--secret-env", "DEPLOY_TOKEN"});
  ASSERT_EQ(p.status, parse_status::ok) << p.error;
  ASSERT_EQ(p.opts.policy.secrets.size(), 1u);
  EXPECT_EQ(p.opts.policy.secrets[0].label, "DEPLOY_TOKEN");
  EXPECT_EQ(p.opts.policy.secrets[0].value, "fake-deploy-token-123");
}

TEST(Options, SecretEnvUnsetOrEmptyIsAUsageErrorNamingTheVariable) {
  for (std::string_view name : {"NOT_SET_ANYWHERE", "EMPTY_VAR"}) {
    const parsed p = parse({"--secret-env", name});
    EXPECT_EQ(p.status, parse_status::error);
    EXPECT_NE(p.error.find(name), std::string::npos) << p.error;
    EXPECT_NE(p.error.find("not set or empty"), std::string::npos) << p.error;
  }
}

TEST(Options, FingerprintKeyEnv) {
  const parsed p = parse({"--check", "--fingerprint-key-env", "FP_KEY"});
  ASSERT_EQ(p.status, parse_status::ok) << p.error;
  ASSERT_TRUE(p.opts.policy.fingerprint_key.has_value());
  EXPECT_EQ(*p.opts.policy.fingerprint_key, "fingerprint-key");
  const parsed missing = parse({"--check", "--fingerprint-key-env", "NOPE"});
  EXPECT_EQ(missing.status, parse_status::error);
  EXPECT_NE(missing.error.find("NOPE"), std::string::npos);
}

TEST(Options, ErrorsNeverContainTheSecretValue) {
  const parsed p = parse({"--secret-env", "DEPLOY_TOKEN", "--bogus"});
  EXPECT_EQ(p.status, parse_status::error);
  EXPECT_EQ(p.error.find("fake-deploy-token-123"), std::string::npos);
}

TEST(Options, CheckFormatRecursiveStats) {
  const parsed p = parse({"--check", "--format", "json", "-r", "--stats", "--line-buffered",
                          "--buffer-size", "1", "logs/"});
  ASSERT_EQ(p.status, parse_status::ok) << p.error;
  EXPECT_EQ(p.opts.mode, run_mode::check);
  EXPECT_EQ(p.opts.format, report_format::json);
  EXPECT_TRUE(p.opts.recursive);
  EXPECT_TRUE(p.opts.stats);
  EXPECT_TRUE(p.opts.line_buffered);
  EXPECT_EQ(p.opts.buffer_size, 1u);
  EXPECT_TRUE(parse({"--recursive"}).opts.recursive);
  EXPECT_EQ(parse({"--check", "--format=text"}).opts.format, report_format::text);
}

TEST(Options, BufferSizeAcceptsSuffixesAndBounds) {
  EXPECT_EQ(parse({"--buffer-size", "4096"}).opts.buffer_size, 4096u);
  EXPECT_EQ(parse({"--buffer-size", "64K"}).opts.buffer_size, 65536u);
  EXPECT_EQ(parse({"--buffer-size=16M"}).opts.buffer_size, max_buffer_size);
  for (std::string_view bad : {"0", "", "-1", "12x", "17M", "K", "99999999999999999999999", " 5"}) {
    const parsed p = parse({"--buffer-size", bad});
    EXPECT_EQ(p.status, parse_status::error) << "'" << bad << "'";
    EXPECT_NE(p.error.find("--buffer-size"), std::string::npos);
  }
}

TEST(Options, PipeSizeAcceptsZeroSuffixesAndBounds) {
  EXPECT_EQ(parse({}).opts.pipe_size, default_pipe_size);
  EXPECT_EQ(parse({"--pipe-size", "0"}).opts.pipe_size, 0u);
  EXPECT_EQ(parse({"--pipe-size", "256K"}).opts.pipe_size, 262144u);
  EXPECT_EQ(parse({"--pipe-size=16M"}).opts.pipe_size, max_pipe_size);
  for (std::string_view bad : {"", "-1", "17M", "big", "1G"}) {
    const parsed p = parse({"--pipe-size", bad});
    EXPECT_EQ(p.status, parse_status::error) << "'" << bad << "'";
    EXPECT_NE(p.error.find("--pipe-size"), std::string::npos);
  }
}

TEST(Options, MinLengthMustBeAPositiveNumber) {
  for (std::string_view bad : {"0", "abc", "", "8K"}) {
    EXPECT_EQ(parse({"--min-length", bad}).status, parse_status::error) << bad;
  }
}

TEST(Options, WrapModeTakesEverythingAfterDoubleDash) {
  const parsed p = parse({"--secret-env", "DEPLOY_TOKEN", "--", "./deploy.sh", "--prod", "-v"});
  ASSERT_EQ(p.status, parse_status::ok) << p.error;
  EXPECT_EQ(p.opts.mode, run_mode::wrap);
  EXPECT_EQ(p.opts.command, (std::vector<std::string>{"./deploy.sh", "--prod", "-v"}));
  EXPECT_TRUE(p.opts.files.empty());
}

TEST(Options, UsageErrors) {
  const std::vector<std::vector<std::string_view>> cases = {
      {"--bogus"},
      {"-x"},
      {"--prefix"},                           // missing value
      {"--check=yes"},                        // flag with a value
      {"--format", "xml", "--check"},         // bad format
      {"--format", "json"},                   // --format without --check
      {"--preset", "paranoid"},               // unknown preset
      {"--"},                                 // no command
      {"--check", "--", "true"},              // check + command
      {"file.log", "--", "true"},             // files + command
      {"--regex", ""},                        // empty pattern
      {"--regex", "label="},                  // empty pattern after a label
      {"--rules", "/nonexistent/rules.txt"},  // unreadable rules
  };
  for (const auto& args : cases) {
    const parsed p = parse(args);
    EXPECT_EQ(p.status, parse_status::error) << args.front();
    EXPECT_FALSE(p.error.empty());
    EXPECT_EQ(p.error.find('\n'), std::string::npos) << "one line: " << p.error;
  }
  EXPECT_EQ(parse({"--bogus"}).error, "unknown option '--bogus'");
  EXPECT_EQ(parse({"--prefix"}).error, "option '--prefix' needs a value");
  EXPECT_EQ(parse({"--rules", "/nonexistent/rules.txt"}).error,
            "cannot open '/nonexistent/rules.txt': No such file or directory");
}

TEST(Options, HelpAndVersionWinWhereTheyAppear) {
  EXPECT_EQ(parse({"-h"}).status, parse_status::help);
  EXPECT_EQ(parse({"--prefix", "x_", "--help", "--bogus"}).status, parse_status::help);
  EXPECT_EQ(parse({"--version"}).status, parse_status::version);
  EXPECT_EQ(version_text(), "redact 0.1.0\n");
}

TEST(Options, HelpDocumentsEveryOption) {
  const std::string_view text = usage();
  for (std::string_view option :
       {"--prefix", "--field", "--preset", "--min-length", "--allow", "--secret-env", "--regex",
        "--rules", "--check", "--format", "--fingerprint-key-env", "-r, --recursive",
        "--line-buffered", "--buffer-size", "--stats", "-h, --help", "--version", "-- COMMAND"}) {
    EXPECT_NE(text.find(option), std::string_view::npos) << option;
  }
  // An example per mode.
  EXPECT_NE(text.find("redact app.log"), std::string_view::npos);
  EXPECT_NE(text.find("| redact --check"), std::string_view::npos);
  EXPECT_NE(text.find("redact --secret-env DEPLOY_TOKEN -- ./deploy.sh"), std::string_view::npos);
  EXPECT_NE(text.find("tail -f app.log | redact --line-buffered"), std::string_view::npos);
}

TEST(Options, RegexArgument) {
  const parsed p = parse({"--regex", "ssn=\\d{3}-\\d{2}-(\\d{4})", "--regex", "(x+)y"});
  ASSERT_EQ(p.status, parse_status::ok) << p.error;
  ASSERT_EQ(p.opts.policy.regexes.size(), 2u);
  EXPECT_EQ(p.opts.policy.regexes[0].label, "ssn");
  EXPECT_EQ(p.opts.policy.regexes[0].pattern, "\\d{3}-\\d{2}-(\\d{4})");
  EXPECT_EQ(p.opts.policy.regexes[1].label, "regex#2");
  EXPECT_EQ(p.opts.policy.regexes[1].pattern, "(x+)y");
}

TEST(SplitRegexArgument, LabelOnlyWhenTheTextBeforeEqualsIsAName) {
  struct row {
    std::string_view arg, label, pattern;
  };
  for (const row& r : std::vector<row>{
           {"ssn=\\d+", "ssn", "\\d+"},
           {"my.rule-1=a=b", "my.rule-1", "a=b"},
           {"(?i)token=(\\w+)", "", "(?i)token=(\\w+)"},
           {"=abc", "", "=abc"},
           {"abc", "", "abc"},
           {"a b=c", "", "a b=c"},
       }) {
    const regex_rule rule = split_regex_argument(r.arg);
    EXPECT_EQ(rule.label, r.label) << r.arg;
    EXPECT_EQ(rule.pattern, r.pattern) << r.arg;
  }
}

}  // namespace
}  // namespace redact::cli
