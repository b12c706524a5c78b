// tests/cli/scan_support.cpp — the process tests' environment for --check.
#include "scan_support.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "process.hpp"

namespace redact::test {
namespace {

class check_environment : public ::testing::Environment {
 public:
  void SetUp() override {
    ::setenv("XDG_CONFIG_HOME", test_config_home().c_str(), 1);
    ::setenv("REDACT_CREDENTIAL_KEY", std::string(test_credential_key).c_str(), 1);
  }
};

::testing::Environment* const registered =
    ::testing::AddGlobalTestEnvironment(new check_environment);

}  // namespace

const std::string& test_config_home() {
  static const temp_dir dir;  // removed at exit
  return dir.path();
}

std::string summary_line(const std::string& err) {
  if (err.empty() || err.back() != '\n') return {};
  const std::size_t start = err.rfind('\n', err.size() - 2);
  return err.substr(start == std::string::npos ? 0 : start + 1,
                    err.size() - (start == std::string::npos ? 0 : start + 1) - 1);
}

namespace {

// A small reader of the summary line's grammar (std::regex is avoided: GCC
// 12 warns inside it under the sanitizer build).
class summary_reader {
 public:
  explicit summary_reader(std::string_view s) : s_(s) {}
  bool literal(std::string_view t) {
    if (!s_.starts_with(t)) return false;
    s_.remove_prefix(t.size());
    return true;
  }
  bool number() {
    std::size_t n = 0;
    while (n < s_.size() && s_[n] >= '0' && s_[n] <= '9') ++n;
    s_.remove_prefix(n);
    return n > 0;
  }
  // "(" then anything but ')' then ")".
  bool parenthesised() {
    if (!literal("(")) return false;
    const std::size_t close = s_.find(')');
    if (close == std::string_view::npos || close == 0) return false;
    s_.remove_prefix(close + 1);
    return true;
  }
  // NUMBER " " WORD or WORD "s".
  bool counted(std::string_view word) {
    if (!number() || !literal(" ") || !literal(word)) return false;
    literal("s");
    return true;
  }
  bool done() const { return s_.empty(); }

 private:
  std::string_view s_;
};

}  // namespace

bool is_summary_line(std::string_view line) {
  summary_reader r(line);
  if (!r.literal("redact: ") || !r.counted("finding")) return false;
  if (r.literal(" ") && !r.parenthesised()) return false;
  if (r.literal(", ")) {
    if (!r.number() || !r.literal(" suppressed ") || !r.parenthesised()) return false;
  }
  if (!r.literal("; ")) return false;
  summary_reader probe = r;
  if (probe.counted("commit") && probe.literal(", ")) r = probe;
  if (!r.counted("file") || !r.literal(", ") || !r.counted("byte") || !r.literal(" in ") ||
      !r.number() || !r.literal(".") || !r.number() || !r.literal(" s")) {
    return false;
  }
  r.literal(" (with errors)");
  return r.done();
}

std::string strip_summary(const std::string& err) {
  const std::string line = summary_line(err);
  EXPECT_TRUE(is_summary_line(line)) << "no summary line at the end of: " << err;
  return err.substr(0, err.size() - line.size() - 1);
}

std::string expected_fingerprint(std::string_view kind, const std::string& secret) {
  if (kind == "field" || kind == "basic" || kind == "url")
    return "hmac-sha256:" + hmac_sha256_8(test_credential_key, secret);
  return "sha256:" + sha256_8(secret);
}

bool git_available() { return run({"sh", "-c", "command -v git"}).exit_code == 0; }

test_repo::test_repo(std::string path) : path_(std::move(path)) {
  std::filesystem::create_directories(path_);
  const run_result r = git({"init", "-q", "-b", "main", "."});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // An identity for commands that commit on their own (merge, hooks).
  EXPECT_EQ(git({"config", "user.name", "Test"}).exit_code, 0);
  EXPECT_EQ(git({"config", "user.email", "test@example.invalid"}).exit_code, 0);
}

void test_repo::write(const std::string& name, std::string_view content) const {
  const std::filesystem::path full = std::filesystem::path(path_) / name;
  std::filesystem::create_directories(full.parent_path());
  std::ofstream f(full, std::ios::binary);
  f.write(content.data(), static_cast<std::streamsize>(content.size()));
  EXPECT_TRUE(f.good()) << "cannot write " << full;
}

void test_repo::remove(const std::string& name) const {
  std::filesystem::remove(std::filesystem::path(path_) / name);
}

spawn_options test_repo::options() const {
  spawn_options o;
  o.cwd = path_;
  o.env = {"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_TERMINAL_PROMPT=0"};
  return o;
}

run_result test_repo::git(const std::vector<std::string>& args, std::string_view input) const {
  std::vector<std::string> argv = {"git", "-c", "commit.gpgsign=false", "-c",
                                   "init.defaultBranch=main"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv, input, options());
}

std::string test_repo::commit(const std::string& message, const std::string& author,
                              const std::string& email) {
  EXPECT_EQ(git({"add", "-A"}).exit_code, 0);
  ++minute_;
  char date[64];
  std::snprintf(date, sizeof date, "2024-05-01T10:%02d:00+00:00", minute_ % 60);
  spawn_options o = options();
  o.env.push_back("GIT_AUTHOR_NAME=" + author);
  o.env.push_back("GIT_AUTHOR_EMAIL=" + email);
  o.env.push_back(std::string("GIT_AUTHOR_DATE=") + date);
  o.env.push_back("GIT_COMMITTER_NAME=" + author);
  o.env.push_back("GIT_COMMITTER_EMAIL=" + email);
  o.env.push_back(std::string("GIT_COMMITTER_DATE=") + date);
  const run_result r = run(
      {"git", "-c", "commit.gpgsign=false", "commit", "-q", "--allow-empty", "-m", message}, {}, o);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::string id = git({"rev-parse", "HEAD"}).out;
  while (!id.empty() && id.back() == '\n') id.pop_back();
  return id;
}

std::string test_repo::last_date() const {
  std::string d = git({"log", "-1", "--format=%aI"}).out;
  while (!d.empty() && d.back() == '\n') d.pop_back();
  return d;
}

}  // namespace redact::test
