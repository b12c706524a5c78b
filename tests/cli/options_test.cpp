// Unit tests of the command line parser (cli/options.hpp) and the rule
// vocabulary it shares with rules files (cli/vocabulary.hpp).
#include "cli/options.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/vocabulary.hpp"

namespace redact::cli {
namespace {

struct parsed {
  parse_status status;
  options opts;
  std::string error;
};

const std::map<std::string, std::string>& fake_vars() {
  static const std::map<std::string, std::string> vars = {
      {"DEPLOY_TOKEN", "fake-deploy-token-123"},
      {"EMPTY_VAR", ""},
      {"FP_KEY", "fingerprint-key"},
      {"GITHUB_TOKEN", "fake-github-token-456"},
      {"SHORT_TOKEN", "abc12"},
      {"EMPTY_TOKEN", ""},
      {"DB_PASSWORD", "fake-db-password-789"},
      {"MY_API_KEY", "fake-api-key-000"},
      {"HOME", "/home/someone"},
      {"PATH", "/nonexistent-redact-test-path"},
  };
  return vars;
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

parsed parse(std::vector<std::string_view> args, const env_lookup& env = fake_env()) {
  parsed p;
  p.status = parse_args(args, env, p.opts, p.error);
  return p;
}

bool same_switches(const policy_options& a, const policy_options& b) {
  return a.jwt == b.jwt && a.url == b.url && a.encoded == b.encoded && a.pairs == b.pairs &&
         a.private_keys == b.private_keys && a.key_table == b.key_table &&
         a.secret_forms == b.secret_forms;
}

TEST(Options, DefaultsAreTheCoresAndFilterStdin) {
  const parsed p = parse({});
  ASSERT_EQ(p.status, parse_status::ok);
  EXPECT_EQ(p.opts.mode, run_mode::filter);
  EXPECT_TRUE(p.opts.files.empty());
  EXPECT_EQ(p.opts.buffer_size, default_buffer_size);
  // Not a default of the command's own: exactly policy_options{}.
  const policy_options core;
  EXPECT_EQ(p.opts.policy.prefixes, core.prefixes);
  EXPECT_EQ(p.opts.policy.fields, core.fields);
  EXPECT_EQ(p.opts.policy.preset, core.preset);
  EXPECT_EQ(p.opts.policy.min_body, core.min_body);
  EXPECT_TRUE(same_switches(p.opts.policy, core));
  EXPECT_FALSE(p.opts.line_buffered);
  EXPECT_FALSE(p.opts.stats);
  EXPECT_FALSE(p.opts.quiet);
  EXPECT_EQ(p.opts.pty, pty_mode::automatic);
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

TEST(Options, PresetsByName) {
  EXPECT_EQ(parse({"--preset", "minimal"}).opts.policy.preset, field_preset::minimal);
  EXPECT_EQ(parse({"--preset", "default"}).opts.policy.preset, field_preset::standard);
  EXPECT_EQ(parse({"--preset=extended"}).opts.policy.preset, field_preset::extended);
  const parsed bad = parse({"--preset", "paranoid"});
  EXPECT_EQ(bad.status, parse_status::error);
  EXPECT_EQ(bad.error, "--preset: unknown preset (expected minimal, default or extended)");
}

TEST(Options, EachNoSwitchTurnsItsFamilyOffAndNothingElse) {
  struct row {
    std::string_view option;
    bool policy_options::*member;
  };
  for (const row& r : std::vector<row>{
           {"--no-jwt", &policy_options::jwt},
           {"--no-url", &policy_options::url},
           {"--no-encoded", &policy_options::encoded},
           {"--no-pairs", &policy_options::pairs},
           {"--no-private-keys", &policy_options::private_keys},
           {"--no-key-table", &policy_options::key_table},
           {"--no-secret-forms", &policy_options::secret_forms},
       }) {
    // Through the vocabulary, from a policy with every family on, so the
    // test does not depend on the core's current defaults.
    policy_options all_on;
    all_on.jwt = all_on.url = all_on.encoded = all_on.pairs = all_on.private_keys =
        all_on.key_table = all_on.secret_forms = true;
    policy_options expected = all_on;
    expected.*r.member = false;
    ASSERT_EQ(apply_rule(all_on, r.option.substr(2), "", fake_env()), "") << r.option;
    EXPECT_TRUE(same_switches(all_on, expected)) << r.option;
    // Through the command line: the family is off, the others are the core's.
    const parsed p = parse({r.option});
    ASSERT_EQ(p.status, parse_status::ok) << p.error;
    expected = policy_options{};
    expected.*r.member = false;
    EXPECT_TRUE(same_switches(p.opts.policy, expected)) << r.option;
    EXPECT_EQ(parse({std::string(r.option) + "=yes"}).status, parse_status::usage) << r.option;
  }
}

TEST(Options, PrefixWithAlphabetAndBounds) {
  struct row {
    std::string_view spec;
    prefix_rule rule;
  };
  using a = key_alphabet;
  for (const row& r : std::vector<row>{
           {"sk_live_", {"sk_live_", a::token, std::nullopt, std::nullopt}},
           {"ghp_ alnum 36..36", {"ghp_", a::alnum, 36, 36}},
           {"glpat- token 20..", {"glpat-", a::token, 20, std::nullopt}},
           {"AKIA upper 16..16", {"AKIA", a::upper, 16, 16}},
           {"x_ ..40", {"x_", a::token, std::nullopt, 40}},
           {"x_ 8..40 upper", {"x_", a::upper, 8, 40}},  // either order
           {"  x_\t alnum  ", {"x_", a::alnum, std::nullopt, std::nullopt}},
           // A prefix may contain ':', ',', '=', '.': only blanks separate.
           {"a:b,c=d.. 9..", {"a:b,c=d..", a::token, 9, std::nullopt}},
           {"alnum", {"alnum", a::token, std::nullopt, std::nullopt}},  // the first word is P
       }) {
    const parsed p = parse({"--prefix", r.spec});
    ASSERT_EQ(p.status, parse_status::ok) << r.spec << ": " << p.error;
    ASSERT_EQ(p.opts.policy.prefixes.size(), 2u);
    EXPECT_EQ(p.opts.policy.prefixes[1], r.rule) << r.spec;
  }
  for (std::string_view bad :
       {"", "  ", "x_ alnum upper", "x_ 1.. 2..", "x_ ..", "x_ 0..4", "x_ 8..300", "x_ 16",
        "x_ 8..4", "x_ -1..", "x_ 8...", "x_ lower", "a*b alnum"}) {
    const parsed p = parse({"--prefix", bad});
    EXPECT_EQ(p.status, parse_status::error) << "'" << bad << "'";
    EXPECT_EQ(p.error.rfind("--prefix: ", 0), 0u) << p.error;
  }
}

TEST(Options, SecretEnvTakesTheValueAndNamesIt) {
  const parsed p = parse({"--secret-env", "DEPLOY_TOKEN"});
  ASSERT_EQ(p.status, parse_status::ok) << p.error;
  ASSERT_EQ(p.opts.policy.secrets.size(), 1u);
  EXPECT_EQ(p.opts.policy.secrets[0].label, "DEPLOY_TOKEN");
  EXPECT_EQ(p.opts.policy.secrets[0].value, "fake-deploy-token-123");
}

TEST(Options, SecretEnvUnsetEmptyOrShortIsAnErrorNamingTheVariable) {
  for (std::string_view name : {"NOT_SET_ANYWHERE", "EMPTY_VAR", "SHORT_TOKEN"}) {
    const parsed p = parse({"--secret-env", name});
    EXPECT_EQ(p.status, parse_status::error);
    EXPECT_NE(p.error.find(name), std::string::npos) << p.error;
    EXPECT_EQ(p.error.find("abc12"), std::string::npos) << p.error;
  }
  EXPECT_NE(parse({"--secret-env", "EMPTY_VAR"}).error.find("not set or empty"), std::string::npos);
  EXPECT_EQ(parse({"--secret-env", "A=B"}).status, parse_status::error);
}

TEST(Options, SecretEnvGlobMatchesNamesAndSkipsShortValuesWithANotice) {
  const parsed p = parse({"--secret-env", "*_TOKEN"});
  ASSERT_EQ(p.status, parse_status::ok) << p.error;
  std::vector<std::string> labels;
  for (const exact_secret& s : p.opts.policy.secrets) labels.push_back(s.label);
  // Sorted by name; EMPTY_TOKEN and SHORT_TOKEN are skipped.
  EXPECT_EQ(labels, (std::vector<std::string>{"DEPLOY_TOKEN", "GITHUB_TOKEN"}));
  ASSERT_EQ(p.opts.notices.size(), 2u);
  EXPECT_EQ(p.opts.notices[0],
            "environment variable EMPTY_TOKEN (matched by '*_TOKEN') is not masked: it is empty");
  EXPECT_EQ(p.opts.notices[1],
            "environment variable SHORT_TOKEN (matched by '*_TOKEN') is not masked: it is shorter "
            "than 6 bytes");
  for (const std::string& n : p.opts.notices) EXPECT_EQ(n.find("abc12"), std::string::npos);

  const parsed none = parse({"--secret-env", "NOTHING_*"});
  ASSERT_EQ(none.status, parse_status::ok) << none.error;
  EXPECT_TRUE(none.opts.policy.secrets.empty());
  EXPECT_EQ(none.opts.notices,
            std::vector<std::string>{"'NOTHING_*' matches no environment variable"});

  const parsed q = parse({"--secret-env", "D?_PASS[WX]ORD"});
  ASSERT_EQ(q.opts.policy.secrets.size(), 1u);
  EXPECT_EQ(q.opts.policy.secrets[0].label, "DB_PASSWORD");
}

TEST(Options, SecretEnvDefaultsUseTheDocumentedGlobs) {
  const parsed p = parse({"--secret-env-defaults", "--secret-env", "GITHUB_TOKEN"});
  ASSERT_EQ(p.status, parse_status::ok) << p.error;
  std::vector<std::string> labels;
  for (const exact_secret& s : p.opts.policy.secrets) labels.push_back(s.label);
  // *_PASSWORD, *_TOKEN and *_API_KEY match; GITHUB_TOKEN is not added twice.
  EXPECT_EQ(labels, (std::vector<std::string>{"DB_PASSWORD", "DEPLOY_TOKEN", "GITHUB_TOKEN",
                                              "MY_API_KEY"}));
  EXPECT_EQ(p.opts.notices.size(), 2u);  // EMPTY_TOKEN, SHORT_TOKEN; no "matches nothing"
  const std::vector<std::string_view> globs(default_secret_env_globs().begin(),
                                            default_secret_env_globs().end());
  // Buildkite's defaults are all there.
  for (std::string_view g : {"*_PASSWORD", "*_SECRET", "*_TOKEN", "*_ACCESS_KEY", "*_SECRET_KEY",
                             "*_CONNECTION_STRING"}) {
    EXPECT_NE(std::find(globs.begin(), globs.end(), g), globs.end()) << g;
  }
  EXPECT_EQ(parse({"--secret-env-defaults=1"}).status, parse_status::usage);
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
  for (const std::vector<std::string_view>& args : std::vector<std::vector<std::string_view>>{
           {"--secret-env", "DEPLOY_TOKEN", "--bogus"},
           {"--secret-env", "DEPLOY_TOKEN", "--secret-env", "SHORT_TOKEN"},
           {"--secret-env", "*_TOKEN", "--fingerprint-key-env", "FP_KEY", "--format", "json"},
       }) {
    const parsed p = parse(args);
    EXPECT_NE(p.status, parse_status::ok);
    for (const auto& [name, value] : fake_vars()) {
      if (value.size() < 5) continue;
      EXPECT_EQ(p.error.find(value), std::string::npos) << p.error;
    }
  }
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
  EXPECT_EQ(parse({"--format", "json", "--check"}).status, parse_status::ok);  // any order
}

TEST(Options, QuietImpliesCheckAndShortFlagsBundle) {
  const parsed q = parse({"-q", "a.log"});
  ASSERT_EQ(q.status, parse_status::ok) << q.error;
  EXPECT_EQ(q.opts.mode, run_mode::check);
  EXPECT_TRUE(q.opts.quiet);
  for (std::string_view bundle : {"-rq", "-qr"}) {
    const parsed p = parse({bundle, "logs/"});
    ASSERT_EQ(p.status, parse_status::ok) << bundle << ": " << p.error;
    EXPECT_TRUE(p.opts.recursive && p.opts.quiet) << bundle;
    EXPECT_EQ(p.opts.files, std::vector<std::string>{"logs/"});
  }
  EXPECT_EQ(parse({"--quiet"}).opts.quiet, true);
  EXPECT_EQ(parse({"-rqh"}).status, parse_status::help);
  const parsed bad = parse({"-rqx"});
  EXPECT_EQ(bad.status, parse_status::usage);
  EXPECT_EQ(bad.error, "unknown option '-x'");
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
  EXPECT_EQ(parse({"--min-length", "256"}).opts.policy.min_body, 256u);
  EXPECT_EQ(parse({"--min-length", ""}).status, parse_status::error);
  for (std::string_view bad : {"0", "abc", "8K", "257", "-3", "0008x"}) {
    const parsed p = parse({"--min-length", bad});
    EXPECT_EQ(p.status, parse_status::error) << bad;
    EXPECT_EQ(p.error, "--min-length: min length must be a whole number from 1 to 256") << bad;
  }
}

TEST(Options, ExecTakesEverythingFromTheCommandOn) {
  const parsed p =
      parse({"exec", "--secret-env", "DEPLOY_TOKEN", "--", "./deploy.sh", "--prod", "-v"});
  ASSERT_EQ(p.status, parse_status::ok) << p.error;
  EXPECT_EQ(p.opts.mode, run_mode::exec);
  EXPECT_EQ(p.opts.command, (std::vector<std::string>{"./deploy.sh", "--prod", "-v"}));
  EXPECT_TRUE(p.opts.files.empty());
  // Without `--`, the first operand starts COMMAND; later options are its.
  const parsed q = parse({"exec", "--stats", "make", "--stats", "-k", "--", "x"});
  ASSERT_EQ(q.status, parse_status::ok) << q.error;
  EXPECT_TRUE(q.opts.stats);
  EXPECT_EQ(q.opts.command, (std::vector<std::string>{"make", "--stats", "-k", "--", "x"}));
  EXPECT_EQ(parse({"exec", "--pty", "true"}).opts.pty, pty_mode::on);
  EXPECT_EQ(parse({"exec", "--no-pty", "true"}).opts.pty, pty_mode::off);
}

TEST(Options, DoubleDashEndsTheOptions) {
  const parsed p = parse({"--check", "--", "-odd.log", "--stats", "-"});
  ASSERT_EQ(p.status, parse_status::ok) << p.error;
  EXPECT_EQ(p.opts.files, (std::vector<std::string>{"-odd.log", "--stats", "-"}));
  EXPECT_FALSE(p.opts.stats);
}

// The old wrap form `redact [OPTIONS] -- COMMAND` must not read COMMAND as a
// log: it fails and shows the new form.
TEST(Options, OldWrapFormFailsAndShowsExec) {
  namespace fs = std::filesystem;
  const fs::path dir =
      fs::temp_directory_path() / ("redact-options-test-" + std::to_string(::getpid()));
  fs::create_directories(dir / "bin");
  const std::string tool = (dir / "bin" / "deploy-tool").string();
  std::ofstream(tool) << "#!/bin/sh\n";
  ::chmod(tool.c_str(), 0755);
  const std::string script = (dir / "deploy.sh").string();
  std::ofstream(script) << "#!/bin/sh\n";
  ::chmod(script.c_str(), 0755);
  const std::string log = (dir / "app.log").string();
  std::ofstream(log) << "text\n";
  const std::string path_value = (dir / "bin").string();
  const env_lookup env([&](const std::string& name) -> std::optional<std::string> {
    if (name == "PATH") return path_value;
    return std::nullopt;
  });
  for (const std::string& command : {std::string("deploy-tool"), script}) {
    const parsed p = parse({"--stats", "--", command, "--prod"}, env);
    EXPECT_EQ(p.status, parse_status::error) << command;
    EXPECT_EQ(p.error, "'" + command +
                           "' after '--' is a command, but '--' only ends the options now (FILEs "
                           "follow it); to run a command, write: redact exec [OPTIONS] -- " +
                           command + " [ARGS...]");
  }
  // A log after `--`, and a name that is neither a file nor a command, are FILEs.
  for (const std::string& file : {log, std::string("no-such-file.log")}) {
    const parsed p = parse({"--", file}, env);
    EXPECT_EQ(p.status, parse_status::ok) << file << ": " << p.error;
    EXPECT_EQ(p.opts.files, std::vector<std::string>{file});
  }
  fs::remove_all(dir);
}

TEST(Options, SubcommandOnlyAsTheFirstArgument) {
  const parsed p = parse({"--stats", "exec", "true"});
  EXPECT_EQ(p.status, parse_status::usage);
  EXPECT_EQ(p.error,
            "'exec' must be the first argument: redact exec [OPTIONS] ... (to read a file named "
            "'exec', write ./exec)");
  EXPECT_EQ(parse({"--", "exec"}).opts.files, std::vector<std::string>{"exec"});
  EXPECT_EQ(parse({"./exec"}).opts.files, std::vector<std::string>{"./exec"});
}

TEST(Options, UsageErrors) {
  struct row {
    std::vector<std::string_view> args;
    parse_status status;
    std::string_view error;  // empty: any one-line message
  };
  for (const row& r : std::vector<row>{
           {{"--bogus"}, parse_status::usage, "unknown option '--bogus'"},
           {{"-x"}, parse_status::usage, "unknown option '-x'"},
           {{"--prefix"}, parse_status::usage, "option '--prefix' needs a value"},
           {{"--check=yes"}, parse_status::usage, "option '--check' takes no value"},
           {{"--format", "xml", "--check"},
            parse_status::error,
            "invalid --format 'xml' (expected text, json or sarif)"},
           {{"--format", "json"}, parse_status::usage, "option '--format' needs --check"},
           {{"exec", "--check", "true"},
            parse_status::usage,
            "option '--check' is not valid with 'redact exec'"},
           {{"exec", "-r", "true"},
            parse_status::usage,
            "option '-r' is not valid with 'redact exec'"},
           {{"exec"},
            parse_status::usage,
            "'redact exec' needs a COMMAND: redact exec [OPTIONS] [--] COMMAND [ARGS...]"},
           {{"exec", "--"}, parse_status::usage, ""},
           {{"exec", "--pty"}, parse_status::usage, ""},
           {{"--pty"}, parse_status::usage, "option '--pty' is only valid with 'redact exec'"},
           {{"--check", "--no-pty"},
            parse_status::usage,
            "option '--no-pty' is only valid with 'redact exec'"},
           {{"--regex", ""}, parse_status::error, "--regex: needs a non-empty PATTERN"},
           {{"--label", "x"},
            parse_status::usage,
            "option '--label' must directly follow --regex PATTERN"},
           {{"--regex", "a+", "--label"}, parse_status::usage, "option '--label' needs a value"},
           {{"--regex", "a+", "--stats", "--label", "x"}, parse_status::usage, ""},
           {{"--regex", "a+", "--label", "x", "--label", "y"}, parse_status::usage, ""},
           {{"--regex", "(abc"}, parse_status::error, ""},
           {{"--rules", "/nonexistent/rules.txt"},
            parse_status::error,
            "cannot open '/nonexistent/rules.txt': No such file or directory"},
           {{"--preset", "paranoid"}, parse_status::error, ""},
           {{"--field", "a:b"}, parse_status::error, ""},
       }) {
    const parsed p = parse(r.args);
    EXPECT_EQ(p.status, r.status) << r.args.front() << ": " << p.error;
    EXPECT_FALSE(p.error.empty());
    EXPECT_EQ(p.error.find('\n'), std::string::npos) << "one line: " << p.error;
    if (!r.error.empty()) {
      EXPECT_EQ(p.error, r.error);
    }
  }
  EXPECT_EQ(try_help(), "Try 'redact --help' for more information.");
  EXPECT_EQ(try_help(run_mode::exec), "Try 'redact exec --help' for more information.");
}

TEST(Options, HelpAndVersionWinWhereTheyAppear) {
  EXPECT_EQ(parse({"-h"}).status, parse_status::help);
  EXPECT_EQ(parse({"--prefix", "x_", "--help", "--bogus"}).status, parse_status::help);
  EXPECT_EQ(parse({"--version"}).status, parse_status::version);
  EXPECT_EQ(version_text(), "redact 0.2.0 (contract version 2)\n");
  const parsed e = parse({"exec", "--help"});
  EXPECT_EQ(e.status, parse_status::help);
  EXPECT_EQ(e.opts.mode, run_mode::exec);
  EXPECT_EQ(usage(run_mode::exec).rfind("Usage: redact exec", 0), 0u);
}

TEST(Options, HelpDocumentsEveryOptionOfItsModes) {
  const unsigned filter_or_check = (1u << static_cast<unsigned>(run_mode::filter)) |
                                   (1u << static_cast<unsigned>(run_mode::check));
  const unsigned exec = 1u << static_cast<unsigned>(run_mode::exec);
  const unsigned rsyslog = 1u << static_cast<unsigned>(run_mode::rsyslog);
  for (const option_info& o : all_options()) {
    for (const auto& [mode, bits] :
         {std::pair{run_mode::filter, filter_or_check}, std::pair{run_mode::exec, exec},
          std::pair{run_mode::rsyslog, rsyslog}}) {
      if ((o.modes & bits) == 0) continue;
      const std::string& text = usage(mode);
      EXPECT_NE(text.find(o.name), std::string::npos)
          << o.name << " in the help of mode " << static_cast<int>(mode);
      if (o.short_name != 0) {
        EXPECT_NE(text.find(std::string("-") + o.short_name + ", " + std::string(o.name)),
                  std::string::npos)
            << o.name;
      }
    }
  }
  // The defaults shown are the core's.
  const policy_options core;
  EXPECT_NE(usage().find("(now: " + std::string(to_string(core.preset)) + ")"), std::string::npos);
  EXPECT_NE(usage().find("(now: " + std::to_string(core.min_body) + ")"), std::string::npos);
  for (const std::string& text :
       {usage(run_mode::filter), usage(run_mode::exec), usage(run_mode::rsyslog)}) {
    for (std::string_view placeholder : {"{RULES}", "{PRESET}", "{MIN}"}) {
      EXPECT_EQ(text.find(placeholder), std::string::npos) << placeholder;
    }
    // Fits an 80-column terminal.
    std::size_t start = 0;
    for (std::size_t end = text.find('\n'); end != std::string::npos;
         start = end + 1, end = text.find('\n', start)) {
      EXPECT_LE(end - start, 80u) << text.substr(start, end - start);
    }
  }
}

TEST(Options, RuleOptionsAreTheVocabulary) {
  // Every rule keyword is an option `--keyword`, and every rule option's
  // name is a keyword (or --regex/--label/--rules, which the parser handles).
  std::vector<std::string> names;
  for (const option_info& o : all_options()) names.emplace_back(o.name);
  for (const rule_keyword& k : rule_keywords()) {
    const std::string option = "--" + std::string(k.keyword);
    EXPECT_NE(std::find(names.begin(), names.end(), option), names.end()) << option;
    const bool flag = k.value == rule_value::none;
    for (const option_info& o : all_options()) {
      if (o.name == option) {
        EXPECT_EQ(o.value_name.empty(), flag) << option;
      }
    }
  }
}

TEST(Options, RegexIsThePatternAndLabelNamesIt) {
  // The README's example: `session=` is part of the pattern, not a label.
  const parsed p = parse({"--regex", "session=([0-9a-f]{32})", "--regex", "(x+)y", "--label", "xy",
                          "--regex=ssn=\\d+", "--label=ssn"});
  ASSERT_EQ(p.status, parse_status::ok) << p.error;
  ASSERT_EQ(p.opts.policy.regexes.size(), 3u);
  EXPECT_EQ(p.opts.policy.regexes[0].label, "regex#1");
  EXPECT_EQ(p.opts.policy.regexes[0].pattern, "session=([0-9a-f]{32})");
  EXPECT_EQ(p.opts.policy.regexes[1].label, "xy");
  EXPECT_EQ(p.opts.policy.regexes[1].pattern, "(x+)y");
  EXPECT_EQ(p.opts.policy.regexes[2].label, "ssn");
  EXPECT_EQ(p.opts.policy.regexes[2].pattern, "ssn=\\d+");
  // An invalid pattern is named by its label in RE2's message.
  const parsed bad = parse({"--regex", "(abc", "--label", "broken"});
  EXPECT_EQ(bad.status, parse_status::error);
  EXPECT_EQ(bad.error.rfind("--regex: invalid regex broken: missing )", 0), 0u) << bad.error;
}

}  // namespace
}  // namespace redact::cli
