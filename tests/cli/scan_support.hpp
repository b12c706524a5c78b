// tests/cli/scan_support.hpp — shared helpers of the `--check` process tests.
//
// The test binary's global environment (scan_support.cpp) points
// XDG_CONFIG_HOME at a temporary folder and sets REDACT_CREDENTIAL_KEY to
// test_credential_key, so every `redact --check` the tests start keys field,
// basic and url fingerprints with a known key and never touches the user's
// ~/.config. Tests of the default key sources unset or override them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "process.hpp"

namespace redact::test {

/// The value of REDACT_CREDENTIAL_KEY in the tests' environment.
inline constexpr std::string_view test_credential_key = "redact-test-credential-key";

/// The temporary XDG_CONFIG_HOME of the tests' environment.
const std::string& test_config_home();

/// `err` without its last line when that line is --check's summary
/// ("redact: N finding(s)...; ... in S s"); fails the test when the summary
/// is missing.
std::string strip_summary(const std::string& err);

/// True when `line` has the grammar of --check's summary line.
bool is_summary_line(std::string_view line);

/// The summary line of `err` (its last line), or "".
std::string summary_line(const std::string& err);

/// Expected fingerprint text of a finding of `kind` for `secret` with the
/// test key: hmac-sha256 for field, basic and url, sha256 otherwise.
std::string expected_fingerprint(std::string_view kind, const std::string& secret);

/// True when a `git` command can be run.
bool git_available();

/// A git repository in a folder of a temp_dir, with deterministic commits:
/// fixed author and committer, dates one minute apart from 2024-05-01, no
/// system or global configuration, no signing.
class test_repo {
 public:
  /// Runs `git init` in `path` (created).
  explicit test_repo(std::string path);

  const std::string& path() const noexcept { return path_; }
  /// Writes a file (folders created) relative to the work tree.
  void write(const std::string& name, std::string_view content) const;
  void remove(const std::string& name) const;
  /// `git add -A` and a commit; returns the full commit id.
  std::string commit(const std::string& message, const std::string& author = "Test",
                     const std::string& email = "test@example.invalid");
  /// Runs git in the work tree with the repository's environment.
  run_result git(const std::vector<std::string>& args, std::string_view input = {}) const;
  /// cwd and environment for running commands (git, redact) in the work tree.
  spawn_options options() const;
  /// The date of the last commit as `git log --date=iso-strict` prints it.
  std::string last_date() const;

 private:
  std::string path_;
  int minute_ = 0;
};

}  // namespace redact::test
