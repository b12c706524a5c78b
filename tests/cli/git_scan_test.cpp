// Process tests of leak scanning in git repositories (issue 15): history
// attribution in every format, baselines, exit codes, the pre-commit hook,
// ignore rules, inline allows, path globs, merges, git text on stdin, and
// no secret through a side channel (file names, commit messages, authors,
// error messages). Every key is synthetic.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "process.hpp"
#include "sarif_schema.hpp"
#include "scan_support.hpp"

namespace redact::test {
namespace {

using nlohmann::json;

const std::string key1 = "qbt_fakeLeakScanKey00000000000001";
const std::string key2 = "qbt_fakeLeakScanKey00000000000002";

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

run_result scan(const test_repo& repo, std::vector<std::string> args, std::string_view input = {}) {
  std::vector<std::string> argv = {redact_binary(), "--check"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv, input, repo.options());
}

// A repository where key1 is added in one commit (line 3 of
// config/settings.py) and removed in the next. The variable's name is no
// credential field name in any preset (SPEC Rule H), so the finding is the
// key's (kind token) whichever field names are the default.
struct added_then_removed {
  temp_dir dir;
  test_repo repo{dir.path() + "/repo"};
  std::string added;
  std::string removed;

  added_then_removed() {
    repo.write("README.md", "# demo\n");
    repo.commit("initial commit");
    repo.write("config/settings.py", "DEBUG = False\nREGION = 'eu'\nBOT_KEY = '" + key1 + "'\n");
    added = repo.commit("add settings");
    repo.write("config/settings.py", "DEBUG = False\nREGION = 'eu'\nBOT_KEY = os.environ['K']\n");
    removed = repo.commit("read the key from the environment");
  }
};

// Column of key1 in "BOT_KEY = '<key>'".
constexpr int key_column = 12;

TEST(GitScan, KeyAddedThenRemovedIsOneFindingInEveryFormat) {
  if (!git_available()) GTEST_SKIP() << "git is not installed";
  added_then_removed h;

  const run_result text = scan(h.repo, {"--git"});
  EXPECT_EQ(text.exit_code, 1) << text.err;
  EXPECT_EQ(text.out, h.added.substr(0, 12) + ":config/settings.py:3:" +
                          std::to_string(key_column) + ": token qbt_ sha256:" + sha256_8(key1) +
                          " added by Test <test@example.invalid> on 2024-05-01T10:02:00+00:00\n");
  EXPECT_EQ(summary_line(text.err).rfind("redact: 1 finding (token 1); 3 commits, 3 files, ", 0),
            0u)
      << text.err;

  const run_result j = scan(h.repo, {"--git", "--format", "json"});
  EXPECT_EQ(j.exit_code, 1) << j.err;
  const std::vector<std::string> jl = lines_of(j.out);
  ASSERT_EQ(jl.size(), 1u) << j.out;
  const json obj = json::parse(jl[0]);
  EXPECT_EQ(obj["file"], "config/settings.py");
  EXPECT_EQ(obj["line"], 3);
  EXPECT_EQ(obj["column"], key_column);
  EXPECT_EQ(obj["kind"], "token");
  EXPECT_EQ(obj["label"], "qbt_");
  EXPECT_EQ(obj["fingerprint"], "sha256:" + sha256_8(key1));
  EXPECT_EQ(obj["change"], "added");
  EXPECT_EQ(obj["commit"], h.added);
  EXPECT_EQ(obj["author"], "Test <test@example.invalid>");
  EXPECT_EQ(obj["date"], "2024-05-01T10:02:00+00:00");

  const run_result s = scan(h.repo, {"--git", "--format", "sarif"});
  EXPECT_EQ(s.exit_code, 1) << s.err;
  const json log = json::parse(s.out);
  const std::vector<std::string> problems = sarif_problems(log);
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_EQ(log["version"], "2.1.0");
  const json& results = log["runs"][0]["results"];
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0]["ruleId"], "redact.token");
  const json& loc = results[0]["locations"][0]["physicalLocation"];
  EXPECT_EQ(loc["artifactLocation"]["uri"], "config/settings.py");
  EXPECT_EQ(loc["region"]["startLine"], 3);
  EXPECT_EQ(loc["region"]["startColumn"], key_column);
  EXPECT_EQ(results[0]["properties"]["commit"], h.added);
  EXPECT_EQ(results[0]["partialFingerprints"]["redact/v1"],
            "token:sha256:" + sha256_8(key1) + ":config/settings.py");
  EXPECT_EQ(log["runs"][0]["tool"]["driver"]["rules"].size(), 10u);

  for (const run_result* r : {&text, &j, &s}) {
    EXPECT_EQ(r->out.find(key1.substr(4)), std::string::npos);
    EXPECT_EQ(r->err.find(key1.substr(4)), std::string::npos);
  }
  // --removed also reports the commit that removed it.
  const run_result both = scan(h.repo, {"--git", "--removed"});
  EXPECT_EQ(both.out, h.removed.substr(0, 12) + ":config/settings.py:3:" +
                          std::to_string(key_column) + ": token qbt_ sha256:" + sha256_8(key1) +
                          " removed by Test <test@example.invalid> on 2024-05-01T10:03:00+00:00\n" +
                          text.out);
}

TEST(GitScan, KeyRevertedWithGitRevertIsReportedOnceAtTheCommitThatAddedIt) {
  if (!git_available()) GTEST_SKIP() << "git is not installed";
  temp_dir dir;
  test_repo repo(dir.path() + "/repo");
  repo.write("app.cfg", "name = demo\n");
  repo.commit("initial");
  repo.write("app.cfg", "name = demo\nbot_key = " + key1 + "\n");
  const std::string added = repo.commit("configure the bot");
  const run_result revert = repo.git({"revert", "--no-edit", "HEAD"});
  ASSERT_EQ(revert.exit_code, 0) << revert.out << revert.err;
  const std::string reverted = repo.git({"rev-parse", "HEAD"}).out.substr(0, 12);
  ASSERT_NE(reverted, added.substr(0, 12));

  for (const char* format : {"text", "json", "sarif"}) {
    const run_result r = scan(repo, {"--git", "--format", format});
    EXPECT_EQ(r.exit_code, 1) << format << r.err;
    EXPECT_EQ(r.out.find(key1.substr(4)), std::string::npos) << format;
    EXPECT_EQ(r.out.find(reverted), std::string::npos) << format << ": " << r.out;
    if (std::string(format) == "text") {
      EXPECT_EQ(r.out, added.substr(0, 12) + ":app.cfg:2:11: token qbt_ sha256:" + sha256_8(key1) +
                           " added by Test <test@example.invalid> on 2024-05-01T10:02:00+00:00\n");
    } else if (std::string(format) == "json") {
      const std::vector<std::string> lines = lines_of(r.out);
      ASSERT_EQ(lines.size(), 1u) << r.out;
      EXPECT_EQ(json::parse(lines[0])["commit"], added);
    } else {
      const json log = json::parse(r.out);
      const json& results = log["runs"][0]["results"];
      ASSERT_EQ(results.size(), 1u) << r.out;
      EXPECT_EQ(results[0]["properties"]["commit"], added);
    }
  }
  // The revert is a removal: --removed reports it, marked so.
  const std::vector<std::string> both = lines_of(scan(repo, {"--git", "--removed"}).out);
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both[0].rfind(reverted + ":app.cfg:2:11: token qbt_", 0), 0u) << both[0];
  EXPECT_NE(both[0].find(" removed by "), std::string::npos) << both[0];
}

TEST(GitScan, BaselineThenASecondKeyExitsWithTheConfiguredCode) {
  if (!git_available()) GTEST_SKIP() << "git is not installed";
  added_then_removed h;
  const std::string baseline = h.dir.path() + "/baseline.json";

  const run_result w = scan(h.repo, {"--git", "--write-baseline", baseline});
  EXPECT_EQ(w.exit_code, 0) << w.err;
  const std::string written = read_file(baseline);
  EXPECT_EQ(written.find(key1.substr(4)), std::string::npos);
  const json b = json::parse(written);
  ASSERT_EQ(b["findings"].size(), 1u);
  EXPECT_EQ(b["findings"][0]["path"], "config/settings.py");
  EXPECT_EQ(b["findings"][0]["commit"], h.added);

  const run_result known = scan(h.repo, {"--git", "--baseline", baseline});
  EXPECT_EQ(known.exit_code, 0) << known.err;
  EXPECT_EQ(known.out, "");
  EXPECT_NE(summary_line(known.err).find("1 suppressed (baseline 1)"), std::string::npos)
      << known.err;

  h.repo.write("deploy/job.yaml", "env:\n  a: 1\n  b: 2\n  c: 3\n  token: " + key2 + "\n");
  const std::string second = h.repo.commit("add deploy job");
  const run_result found = scan(h.repo, {"--git", "--baseline", baseline, "--exit-code", "3"});
  EXPECT_EQ(found.exit_code, 3) << found.err;
  EXPECT_EQ(found.out, second.substr(0, 12) +
                           ":deploy/job.yaml:5:10: token qbt_ sha256:" + sha256_8(key2) +
                           " added by Test <test@example.invalid> on 2024-05-01T10:04:00+00:00\n");

  // Moving a known line does not un-ignore it: moving the key line to the
  // top makes git remove it and add it again, at line 1, in a new commit.
  const std::string baseline2 = h.dir.path() + "/baseline2.json";
  EXPECT_EQ(scan(h.repo, {"--git", "--write-baseline", baseline2}).exit_code, 0);
  h.repo.write("deploy/job.yaml", "  token: " + key2 + "\nenv:\n  a: 1\n  b: 2\n  c: 3\n");
  const std::string move = h.repo.commit("move the token");
  const run_result all = scan(h.repo, {"--git"});
  ASSERT_EQ(lines_of(all.out).size(), 3u) << all.out;  // the move is a new addition...
  EXPECT_EQ(all.out.rfind(move.substr(0, 12) + ":deploy/job.yaml:1:10: ", 0), 0u) << all.out;
  const run_result moved = scan(h.repo, {"--git", "--baseline", baseline2});
  EXPECT_EQ(moved.exit_code, 0) << moved.out << moved.err;  // ...that the baseline knows
  EXPECT_EQ(moved.out, "");

  // A baseline that is not one is an error, not an empty baseline.
  const std::string bogus = h.dir.path() + "/bogus.json";
  std::ofstream(bogus) << "{\"findings\": []}";
  EXPECT_EQ(scan(h.repo, {"--git", "--baseline", bogus}).exit_code, 2);
  EXPECT_EQ(scan(h.repo, {"--git", "--baseline", h.dir.path() + "/missing.json"}).exit_code, 2);
}

// The `entry:` of .pre-commit-hooks.yaml's hook, with `redact` replaced by
// the built binary.
std::string hook_command() {
  std::ifstream f(std::string(REDACT_SOURCE_DIR) + "/.pre-commit-hooks.yaml");
  std::string line;
  std::string entry;
  while (std::getline(f, line)) {
    const std::size_t at = line.find("entry:");
    if (at != std::string::npos) entry = line.substr(at + 6);
  }
  while (!entry.empty() && entry.front() == ' ') entry.erase(0, 1);
  EXPECT_EQ(entry.rfind("redact ", 0), 0u) << "entry: " << entry;
  return "'" + redact_binary() + "'" + entry.substr(6);
}

TEST(GitScan, PreCommitHookBlocksAStagedKey) {
  if (!git_available()) GTEST_SKIP() << "git is not installed";
  temp_dir dir;
  test_repo repo(dir.path() + "/repo");
  repo.write("app.py", "print('hi')\n");
  const std::string first = repo.commit("initial");
  // The hook as pre-commit runs it (pass_filenames: false): the entry alone.
  repo.write(".git/hooks/pre-commit", "#!/bin/sh\nexec " + hook_command() + "\n");
  ::chmod((repo.path() + "/.git/hooks/pre-commit").c_str(), 0755);

  repo.write("app.py", "print('hi')\nKEY = '" + key1 + "'\n");
  ASSERT_EQ(repo.git({"add", "app.py"}).exit_code, 0);
  const run_result blocked = repo.git({"commit", "-q", "-m", "add key"});
  EXPECT_NE(blocked.exit_code, 0);
  EXPECT_NE((blocked.out + blocked.err)
                .find("app.py:2:8: token qbt_ sha256:" + sha256_8(key1) + " (staged)"),
            std::string::npos)
      << blocked.out << blocked.err;
  EXPECT_EQ((blocked.out + blocked.err).find(key1.substr(4)), std::string::npos);
  std::string head = repo.git({"rev-parse", "HEAD"}).out;
  EXPECT_EQ(head, first + "\n");  // nothing was committed

  // Unstaged changes are not what the commit adds: a clean staged change passes.
  repo.write("app.py", "print('hi')\nKEY = os.environ['KEY']\n");
  ASSERT_EQ(repo.git({"add", "app.py"}).exit_code, 0);
  repo.write("notes.txt", "scratch " + key2 + "\n");  // untracked, not staged
  const run_result ok = repo.git({"commit", "-q", "-m", "read key from env"});
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  head = repo.git({"rev-parse", "HEAD"}).out;
  EXPECT_NE(head, first + "\n");
}

TEST(GitScan, ExampleScriptsHookAndCiScan) {
  if (!git_available()) GTEST_SKIP() << "git is not installed";
  temp_dir dir;
  test_repo repo(dir.path() + "/repo");
  repo.write("a.txt", "k=" + key1 + "\n");
  repo.commit("known key");
  spawn_options env = repo.options();
  env.env.push_back("REDACT=" + redact_binary());
  env.env.push_back("REDACT_OUT=" + dir.path() + "/out");
  const std::string examples = std::string(REDACT_SOURCE_DIR) + "/scripts/examples/";

  // ci-scan: a finding not in a baseline fails the job and writes the reports...
  const run_result first = run({examples + "ci-scan"}, {}, env);
  EXPECT_EQ(first.exit_code, 1) << first.err;
  EXPECT_NE(first.out.find(":a.txt:1:3: token qbt_"), std::string::npos) << first.out;
  const json sarif = json::parse(read_file(dir.path() + "/out/redact.sarif"));
  EXPECT_TRUE(sarif_problems(sarif).empty());
  EXPECT_EQ(lines_of(read_file(dir.path() + "/out/redact.jsonl")).size(), 1u);
  // ...and passes once the finding is in the committed baseline.
  EXPECT_EQ(run({redact_binary(), "--check", "--git", "--write-baseline",
                 repo.path() + "/.redact-baseline.json"},
                {}, env)
                .exit_code,
            0);
  repo.commit("baseline");
  EXPECT_EQ(run({examples + "ci-scan"}, {}, env).exit_code, 0);

  // The example hook blocks a new staged key but not the baselined one.
  repo.write(".git/hooks/pre-commit", read_file(examples + "pre-commit"));
  ::chmod((repo.path() + "/.git/hooks/pre-commit").c_str(), 0755);
  repo.write("b.txt", "k=" + key2 + "\n");
  ASSERT_EQ(run({"git", "add", "b.txt"}, {}, env).exit_code, 0);
  const run_result blocked = run({"git", "commit", "-q", "-m", "b"}, {}, env);
  EXPECT_NE(blocked.exit_code, 0);
  EXPECT_NE(blocked.err.find("b.txt:1:3: token qbt_"), std::string::npos)
      << blocked.out << blocked.err;
  ASSERT_EQ(run({"git", "rm", "-q", "--cached", "b.txt"}, {}, env).exit_code, 0);
  repo.write("a.txt", "key=" + key1 + "\n");  // the known key on a changed line: added again
  ASSERT_EQ(run({"git", "add", "a.txt"}, {}, env).exit_code, 0);
  const run_result ok = run({"git", "commit", "-q", "-m", "more"}, {}, env);
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
}

TEST(GitScan, StagedWorksBeforeTheFirstCommit) {
  if (!git_available()) GTEST_SKIP() << "git is not installed";
  temp_dir dir;
  test_repo repo(dir.path() + "/repo");
  repo.write("a.env", "K=" + key1 + "\n");
  ASSERT_EQ(repo.git({"add", "a.env"}).exit_code, 0);
  const run_result r = scan(repo, {"--staged"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.out, "a.env:1:3: token qbt_ sha256:" + sha256_8(key1) + " (staged)\n");
}

TEST(GitScan, IgnoreFileAllowMarkerAndPathGlobs) {
  if (!git_available()) GTEST_SKIP() << "git is not installed";
  temp_dir dir;
  test_repo repo(dir.path() + "/repo");
  const std::string k3 = "qbt_fakeLeakScanKey00000000000003";
  const std::string k4 = "qbt_fakeLeakScanKey00000000000004";
  const std::string k5 = "qbt_fakeLeakScanKey00000000000005";
  repo.write("tests/fixtures/keys.txt", key1 + "\n");
  repo.write("docs/example.md", "use " + key2 + " in examples\n");
  repo.write("src/a.py", "A = '" + k3 + "'  # redact:allow (test vector)\nB = '" + k4 + "'\n");
  repo.write("src/b.py", "C = '" + k5 + "'\n");
  repo.write(".redactignore",
             "# synthetic keys\n"
             "tests/fixtures/\n"
             "sha256:" +
                 sha256_8(key2) + " docs/**\n");
  repo.commit("many keys");

  const run_result r = scan(repo, {"--git"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const std::vector<std::string> lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 2u) << r.out;
  EXPECT_NE(lines[0].find(":src/a.py:2:"), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find(":src/b.py:1:"), std::string::npos) << lines[1];
  EXPECT_NE(summary_line(r.err).find("2 suppressed (.redactignore 1, redact:allow 1)"),
            std::string::npos)
      << r.err;

  // The same from a subfolder: .redactignore is found at the top, paths stay
  // relative to the top.
  spawn_options sub = repo.options();
  sub.cwd = repo.path() + "/src";
  EXPECT_EQ(run({redact_binary(), "--check", "--git"}, {}, sub).out, r.out);
  // And with --repo from elsewhere.
  EXPECT_EQ(run({redact_binary(), "--check", "--git", "--repo", repo.path()}).out, r.out);

  const run_result inc = scan(repo, {"--git", "--include", "src/**", "--exclude", "b.py"});
  EXPECT_EQ(lines_of(inc.out).size(), 1u) << inc.out;
  EXPECT_NE(inc.out.find(":src/a.py:2:"), std::string::npos) << inc.out;

  // An explicit ignore file replaces the default one; a missing one is an error.
  const std::string none = dir.path() + "/empty.ignore";
  std::ofstream(none) << "# nothing\n";
  EXPECT_EQ(lines_of(scan(repo, {"--git", "--ignore-file", none}).out).size(), 4u);
  EXPECT_EQ(scan(repo, {"--git", "--ignore-file", dir.path() + "/nope"}).exit_code, 2);
  // A broken ignore file is an error that names its line.
  repo.write(".redactignore", "ok/\n!nope\n");
  const run_result broken = scan(repo, {"--git"});
  EXPECT_EQ(broken.exit_code, 2);
  EXPECT_NE(broken.err.find(".redactignore:2: "), std::string::npos) << broken.err;
}

TEST(GitScan, MergesAttributeKeysToTheCommitThatIntroducedThem) {
  if (!git_available()) GTEST_SKIP() << "git is not installed";
  temp_dir dir;
  test_repo repo(dir.path() + "/repo");
  repo.write("a.txt", "base\n");
  repo.commit("base");
  ASSERT_EQ(repo.git({"checkout", "-q", "-b", "side"}).exit_code, 0);
  repo.write("side.txt", "k=" + key1 + "\n");
  const std::string side = repo.commit("side adds a key");
  ASSERT_EQ(repo.git({"checkout", "-q", "main"}).exit_code, 0);
  repo.write("main.txt", "main work\n");
  repo.commit("main work");
  ASSERT_EQ(repo.git({"merge", "-q", "--no-commit", "side"}).exit_code, 0);
  // An "evil merge": the merge result adds a line found in neither parent.
  repo.write("a.txt", "base\nk=" + key2 + "\n");
  const std::string merge = repo.commit("merge side");

  const run_result r = scan(repo, {"--git", "--format", "json"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const std::vector<std::string> lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 2u) << r.out;
  std::map<std::string, json> by_file;
  for (const std::string& l : lines) {
    json o = json::parse(l);
    by_file[o["file"]] = o;
  }
  EXPECT_EQ(by_file["side.txt"]["commit"], side);
  EXPECT_EQ(by_file["a.txt"]["commit"], merge);
  EXPECT_EQ(by_file["a.txt"]["line"], 2);
  EXPECT_EQ(by_file["a.txt"]["fingerprint"], "sha256:" + sha256_8(key2));
  // A revision range limits the scan.
  const run_result range = scan(repo, {"--git", "side..main"});
  EXPECT_EQ(lines_of(range.out).size(), 1u) << range.out;
  EXPECT_NE(range.out.find(":a.txt:2:"), std::string::npos) << range.out;
}

// A conflict resolved by taking the merged branch's line: the key came with
// that branch and is reported at its commit only; a conflict resolved with
// a line in neither parent is the merge's own change.
TEST(GitScan, ConflictResolutionsAreAttributedByWhatTheMergeItselfAdded) {
  if (!git_available()) GTEST_SKIP() << "git is not installed";
  temp_dir dir;
  test_repo repo(dir.path() + "/repo");
  repo.write("a.cfg", "k = none\n");
  repo.write("b.cfg", "k = none\n");
  repo.commit("base");
  ASSERT_EQ(repo.git({"checkout", "-q", "-b", "side"}).exit_code, 0);
  repo.write("a.cfg", "k = " + key1 + "\n");
  repo.write("b.cfg", "k = side\n");
  const std::string side = repo.commit("side sets the keys");
  ASSERT_EQ(repo.git({"checkout", "-q", "main"}).exit_code, 0);
  repo.write("a.cfg", "k = main\n");
  repo.write("b.cfg", "k = main\n");
  repo.commit("main sets them too");
  EXPECT_NE(repo.git({"merge", "-q", "side"}).exit_code, 0);  // two conflicts
  repo.write("a.cfg", "k = " + key1 + "\n");                  // side's line
  repo.write("b.cfg", "k = " + key2 + "\n");                  // a new line
  const std::string merge = repo.commit("merge side");

  const run_result r = scan(repo, {"--git", "--format", "json"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const std::vector<std::string> lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 2u) << r.out;
  std::map<std::string, json> by_file;
  for (const std::string& l : lines) {
    json o = json::parse(l);
    by_file[o["file"]] = o;
  }
  EXPECT_EQ(by_file["a.cfg"]["commit"], side);
  EXPECT_EQ(by_file["b.cfg"]["commit"], merge);
  EXPECT_EQ(by_file["b.cfg"]["line"], 1);
  EXPECT_EQ(by_file["b.cfg"]["fingerprint"], "sha256:" + sha256_8(key2));
}

TEST(GitScan, GitTextOnStdinIsAttributedLikeGitMode) {
  if (!git_available()) GTEST_SKIP() << "git is not installed";
  added_then_removed h;
  for (const std::vector<std::string>& producer :
       {std::vector<std::string>{"log", "-p"}, std::vector<std::string>{"show", h.added},
        std::vector<std::string>{"log", "-p", "--stat", "-U5"},
        std::vector<std::string>{"format-patch", "--stdout", "--root", "HEAD"}}) {
    const run_result text = h.repo.git(producer);
    ASSERT_EQ(text.exit_code, 0) << text.err;
    const run_result r = scan(h.repo, {"--format", "json"}, text.out);
    EXPECT_EQ(r.exit_code, 1) << producer[0] << ": " << r.err;
    const std::vector<std::string> lines = lines_of(r.out);
    ASSERT_EQ(lines.size(), 1u) << producer[0] << ": " << r.out;
    const json o = json::parse(lines[0]);
    EXPECT_EQ(o["commit"], h.added) << producer[0];
    EXPECT_EQ(o["file"], "config/settings.py") << producer[0];
    EXPECT_EQ(o["line"], 3) << producer[0];
    EXPECT_EQ(o["column"], key_column) << producer[0];
    EXPECT_EQ(o["change"], "added") << producer[0];
  }
  // `git diff` text has no commit: the finding names the file and line.
  h.repo.write("config/settings.py", "x\n" + key2 + "\n");
  const run_result diff = h.repo.git({"diff"});
  const run_result r = scan(h.repo, {}, diff.out);
  EXPECT_EQ(r.out, "config/settings.py:2:1: token qbt_ sha256:" + sha256_8(key2) + " added\n");
}

TEST(GitScan, NoSecretInFileNamesCommitMessagesAuthorsOrErrors) {
  if (!git_available()) GTEST_SKIP() << "git is not installed";
  temp_dir dir;
  test_repo repo(dir.path() + "/repo");
  repo.write("keys/" + key1 + ".txt", "nothing secret inside\n");
  const std::string c1 = repo.commit("rotate to " + key2 + "\n\nold one was bad", "Bot " + key2,
                                     "bot@example.invalid");
  const std::string body1 = key1.substr(4);
  const std::string body2 = key2.substr(4);
  for (const char* format : {"text", "json", "sarif"}) {
    const run_result r = scan(repo, {"--git", "--format", format});
    EXPECT_EQ(r.exit_code, 1) << format << r.err;
    EXPECT_EQ(r.out.find(body1), std::string::npos) << format << ": " << r.out;
    EXPECT_EQ(r.out.find(body2), std::string::npos) << format << ": " << r.out;
    EXPECT_EQ(r.err.find(body1), std::string::npos) << format;
    EXPECT_NE(r.out.find("keys/qbt_***.txt"), std::string::npos) << format << ": " << r.out;
    if (std::string(format) == "sarif") {
      const json log = json::parse(r.out);
      EXPECT_TRUE(sarif_problems(log).empty());
      EXPECT_EQ(log["runs"][0]["results"].size(), 2u);
    }
  }
  const run_result text = scan(repo, {"--git"});
  EXPECT_EQ(text.out,
            c1.substr(0, 12) + ": token qbt_ sha256:" + sha256_8(key2) +
                " (commit message, line 1, column 11) by Bot qbt_*** <bot@example.invalid> on "
                "2024-05-01T10:01:00+00:00\n" +
                c1.substr(0, 12) + ":keys/qbt_***.txt: token qbt_ sha256:" + sha256_8(key1) +
                " (file name, column 6) added by Bot qbt_*** <bot@example.invalid> on "
                "2024-05-01T10:01:00+00:00\n");

  // Plain files: a name holding a key or an exact secret is redacted in every
  // format and in error messages, and is itself a finding.
  const std::string secret = "fake-ci-secret-778899";
  temp_dir files;
  files.write("logs/" + key1 + ".log", "clean\n");
  files.write("logs/run-" + secret + ".log", "clean\n");
  spawn_options env;
  env.env = {"REDACT_TEST_SIDE_SECRET=" + secret};
  for (const char* format : {"text", "json", "sarif"}) {
    const run_result r = run({redact_binary(), "--check", "--secret-env", "REDACT_TEST_SIDE_SECRET",
                              "-r", "--format", format, files.path() + "/logs"},
                             {}, env);
    EXPECT_EQ(r.exit_code, 1) << format << r.err;
    EXPECT_EQ(r.out.find(body1), std::string::npos) << format << ": " << r.out;
    EXPECT_EQ(r.out.find(secret), std::string::npos) << format << ": " << r.out;
    EXPECT_NE(r.out.find("run-***.log"), std::string::npos) << format << ": " << r.out;
  }
  const run_result missing =
      run({redact_binary(), "--check", "--secret-env", "REDACT_TEST_SIDE_SECRET",
           files.path() + "/gone-" + secret + ".log", files.path() + "/" + key2 + ".log"},
          {}, env);
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.err.find(secret), std::string::npos) << missing.err;
  EXPECT_EQ(missing.err.find(body2), std::string::npos) << missing.err;
  EXPECT_NE(missing.err.find("gone-***.log"), std::string::npos) << missing.err;
}

TEST(GitScan, ErrorsExitTwo) {
  if (!git_available()) GTEST_SKIP() << "git is not installed";
  temp_dir dir;
  const run_result r =
      run({redact_binary(), "--check", "--git"}, {}, spawn_options{{}, {}, dir.path(), -1, -1});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("redact: git log failed"), std::string::npos) << r.err;
  // Options that only make sense with --check are refused without it.
  const run_result u = run({redact_binary(), "--git"});
  EXPECT_EQ(u.exit_code, 2);
  EXPECT_NE(u.err.find("'--git' needs --check"), std::string::npos) << u.err;
  // A revision that looks like an option never reaches git as one.
  const run_result bad = run({redact_binary(), "--check", "--git", "--", "--output=x"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("is not a revision range"), std::string::npos) << bad.err;
}

// -q stops at the first finding: reading standard input and the output of
// both git processes of --git, each of which here never ends by itself
// (`timeout` turns a scan that goes on reading into exit status 124).
TEST(GitScan, QuietStopsReadingAtTheFirstFinding) {
  temp_dir dir;
  const std::string key_line = "k=" + key1;
  const run_result in =
      run({"sh", "-c",
           "yes '" + key_line + "' | timeout 30 '" + redact_binary() + "' -q; echo \"rc=$?\""});
  EXPECT_EQ(in.out, "rc=1\n") << in.err;

  // A stand-in for git that prints one commit adding a key, then lines for
  // ever (whatever it is asked: the ordinary commits or the merges).
  ::mkdir((dir.path() + "/repo").c_str(), 0700);
  ::mkdir((dir.path() + "/repo/.git").c_str(), 0700);
  const std::string fake = dir.write(
      "bin/git",
      "#!/bin/sh\n"
      "printf 'commit 0123456789abcdef0123456789abcdef01234567\\nAuthor: T <t@example.invalid>\\n"
      "Date:   2024-05-01T10:00:00+00:00\\n\\n    add\\n\\ndiff --git a/a.txt b/a.txt\\n"
      "new file mode 100644\\n--- /dev/null\\n+++ b/a.txt\\n@@ -0,0 +1 @@\\n+" +
          key_line + "\\n'\nexec yes 'more output'\n");
  ::chmod(fake.c_str(), 0755);
  spawn_options opts;
  opts.cwd = dir.path() + "/repo";
  opts.env = {"PATH=" + dir.path() + "/bin:/usr/local/bin:/usr/bin:/bin"};
  opts.unset = {"GIT_DIR", "GIT_WORK_TREE"};
  const run_result git =
      run({"sh", "-c", "timeout 30 '" + redact_binary() + "' -q --git; echo \"rc=$?\""}, {}, opts);
  EXPECT_EQ(git.out, "rc=1\n") << git.err;
  EXPECT_EQ(git.err.find(key1.substr(4)), std::string::npos);
}

TEST(GitScan, SarifForPlainFilesConformsToo) {
  temp_dir dir;
  const std::string f = dir.write("a.log", "Authorization: Basic dXNlcjpwYXNzd29yZDEyMw==\n");
  const run_result r = run({redact_binary(), "--check", "--format", "sarif", f});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const json log = json::parse(r.out);
  EXPECT_TRUE(sarif_problems(log).empty());
  ASSERT_EQ(log["runs"][0]["results"].size(), 1u);
  EXPECT_EQ(log["runs"][0]["results"][0]["ruleId"], "redact.field");
  EXPECT_EQ(log["runs"][0]["results"][0]["properties"]["fingerprint"],
            expected_fingerprint("field", "dXNlcjpwYXNzd29yZDEyMw=="));
  EXPECT_EQ(log["runs"][0]["properties"]["fingerprintKeying"], "credential-key");
}

}  // namespace
}  // namespace redact::test
