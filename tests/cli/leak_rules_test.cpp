// Unit tests of path globs, `.redactignore` and the leak-scanning options.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/ignore_rules.hpp"
#include "cli/leak_options.hpp"
#include "cli/path_glob.hpp"

namespace redact::cli {
namespace {

bool glob_matches(const std::string& pattern, const std::string& path) {
  std::string error;
  const std::optional<path_glob> g = path_glob::parse(pattern, error);
  EXPECT_TRUE(g.has_value()) << pattern << ": " << error;
  return g && g->matches(path);
}

struct glob_case {
  const char* pattern;
  const char* path;
  bool matches;
};

// gitignore's semantics (without negation), case by case.
TEST(PathGlob, GitignoreSemantics) {
  const glob_case cases[] = {
      // No slash: a component at any depth; a matching directory covers its files.
      {"*.pem", "key.pem", true},
      {"*.pem", "certs/prod/key.pem", true},
      {"*.pem", "key.pem.txt", false},
      {"fixtures", "tests/fixtures/a.log", true},
      {"fixtures", "tests/fixtures", true},
      {"fixtures", "tests/fixtures2/a.log", false},
      // A slash anchors at the top.
      {"tests/fixtures", "tests/fixtures/a.log", true},
      {"tests/fixtures", "src/tests/fixtures/a.log", false},
      {"/build", "build/x.o", true},
      {"/build", "src/build/x.o", false},
      // * stays within a component, ** crosses them.
      {"docs/*.md", "docs/a.md", true},
      {"docs/*.md", "docs/sub/a.md", false},
      {"docs/**/*.md", "docs/a.md", true},
      {"docs/**/*.md", "docs/sub/deeper/a.md", true},
      {"**/golden/*", "tests/cli/golden/x.txt", true},
      {"src/**", "src/a/b/c.cpp", true},
      {"src/**", "srcx/a.cpp", false},
      // Trailing slash: directories only.
      {"logs/", "logs/app.log", true},
      {"logs/", "logs", false},
      {"logs/", "a/logs/b.log", true},
      // ? and classes never match '/'.
      {"a?c", "abc", true},
      {"a?c", "a/c", false},
      {"[ab]*.txt", "b1.txt", true},
      {"[!ab]*.txt", "b1.txt", false},
      {"[!ab]*.txt", "c1.txt", true},
      {"file[0-9].log", "file7.log", true},
      {"file[0-9].log", "filex.log", false},
      // Escapes and a leading ./ in the path.
      {"\\*.txt", "*.txt", true},
      {"\\*.txt", "a.txt", false},
      {"src/*.py", "./src/app.py", true},
  };
  for (const glob_case& c : cases) {
    EXPECT_EQ(glob_matches(c.pattern, c.path), c.matches) << c.pattern << " vs " << c.path;
  }
}

TEST(PathGlob, RefusesWhatItCannotMean) {
  std::string error;
  EXPECT_FALSE(path_glob::parse("", error));
  EXPECT_FALSE(path_glob::parse("!keep.txt", error));
  EXPECT_NE(error.find("negation"), std::string::npos) << error;
  EXPECT_FALSE(path_glob::parse("a[bc", error));
  EXPECT_NE(error.find("unclosed"), std::string::npos) << error;
}

TEST(PathFilter, IncludeThenExclude) {
  std::string error;
  path_filter f;
  EXPECT_TRUE(f.selected("anything"));
  f.include.push_back(*path_glob::parse("src/**", error));
  f.exclude.push_back(*path_glob::parse("*_test.cpp", error));
  EXPECT_TRUE(f.selected("src/a.cpp"));
  EXPECT_FALSE(f.selected("src/a_test.cpp"));
  EXPECT_FALSE(f.selected("docs/a.md"));
}

TEST(IgnoreRules, PathsFingerprintsCommentsAndScopes) {
  const std::string text =
      "# synthetic keys of the tests\n"
      "tests/fixtures/**\n"
      "\n"
      "   *.golden   \n"
      "sha256:1f2e3d4c\n"
      "hmac-sha256:9a8b7c6d docs/**\n";
  std::string error;
  const std::optional<ignore_rules> r = ignore_rules::parse(text, ".redactignore", error);
  ASSERT_TRUE(r) << error;
  EXPECT_TRUE(r->ignores_path("tests/fixtures/keys/a.txt"));
  EXPECT_TRUE(r->ignores_path("x/y.golden"));
  EXPECT_FALSE(r->ignores_path("src/app.py"));
  EXPECT_TRUE(r->ignores_fingerprint("sha256:1f2e3d4c", "anywhere/at/all.py"));
  EXPECT_FALSE(r->ignores_fingerprint("sha256:1f2e3d4d", "anywhere/at/all.py"));
  EXPECT_TRUE(r->ignores_fingerprint("hmac-sha256:9a8b7c6d", "docs/guide.md"));
  EXPECT_FALSE(r->ignores_fingerprint("hmac-sha256:9a8b7c6d", "src/guide.md"));
  // The algorithm is part of the fingerprint.
  EXPECT_FALSE(r->ignores_fingerprint("hmac-sha256:1f2e3d4c", "a.py"));
}

TEST(IgnoreRules, ErrorsNameTheLine) {
  std::string error;
  EXPECT_FALSE(ignore_rules::parse("ok/**\nsha256:12345\n", ".redactignore", error));
  EXPECT_EQ(error.rfind(".redactignore:2: ", 0), 0u) << error;
  EXPECT_FALSE(ignore_rules::parse("# c\n!negated\n", "ign", error));
  EXPECT_EQ(error.rfind("ign:2: ", 0), 0u) << error;
  EXPECT_FALSE(ignore_rules::parse("sha256:ABCDEF12\n", "ign", error));  // upper case
}

TEST(IgnoreRules, FingerprintText) {
  EXPECT_TRUE(is_fingerprint_text("sha256:0123abcd"));
  EXPECT_TRUE(is_fingerprint_text("hmac-sha256:0123abcd"));
  EXPECT_FALSE(is_fingerprint_text("sha256:0123abc"));
  EXPECT_FALSE(is_fingerprint_text("sha1:0123abcd"));
  EXPECT_FALSE(is_fingerprint_text("sha256:0123abcg"));
}

bool apply_all(leak_options& o, const std::vector<std::pair<std::string, std::string>>& args,
               std::string& error) {
  for (const auto& [name, value] : args)
    if (!apply_leak_option(o, name, value, error)) return false;
  return true;
}

TEST(LeakOptions, Values) {
  leak_options o;
  std::string error;
  ASSERT_TRUE(apply_all(o,
                        {{"--git", ""},
                         {"--baseline", "b.json"},
                         {"--include", "src/**"},
                         {"--exclude", "*.md"},
                         {"--exit-code", "7"}},
                        error))
      << error;
  EXPECT_TRUE(o.git);
  EXPECT_EQ(*o.baseline, "b.json");
  EXPECT_EQ(o.exit_code, 7);
  EXPECT_TRUE(o.paths.selected("src/a.cpp"));
  EXPECT_FALSE(o.paths.selected("src/a.md"));
  EXPECT_FALSE(apply_leak_option(o, "--exit-code", "256", error));
  EXPECT_FALSE(apply_leak_option(o, "--exit-code", "-1", error));
  EXPECT_FALSE(apply_leak_option(o, "--exit-code", "x", error));
  EXPECT_FALSE(apply_leak_option(o, "--include", "!x", error));
  EXPECT_FALSE(apply_leak_option(o, "--credential-key-env", "A=B", error));
}

TEST(LeakOptions, FinishingChecksTheCombination) {
  {
    leak_options o;
    o.git = true;
    o.any_given = true;
    std::vector<std::string> files = {"main..feature", "v1.0"};
    EXPECT_EQ(finish_leak_options(o, files, true), "");
    EXPECT_EQ(o.revisions, (std::vector<std::string>{"main..feature", "v1.0"}));
    EXPECT_TRUE(files.empty());
  }
  {
    leak_options o;
    o.git = true;
    o.any_given = true;
    std::vector<std::string> files;
    EXPECT_NE(finish_leak_options(o, files, false), "");  // needs --check
  }
  {
    leak_options o;
    o.git = o.staged = o.any_given = true;
    std::vector<std::string> files;
    EXPECT_NE(finish_leak_options(o, files, true), "");
  }
  {
    leak_options o;
    o.staged = o.any_given = true;
    std::vector<std::string> files = {"a.txt"};
    EXPECT_NE(finish_leak_options(o, files, true), "");
  }
  {
    leak_options o;
    o.repo = "x";
    o.any_given = true;
    std::vector<std::string> files;
    EXPECT_NE(finish_leak_options(o, files, true), "");  // --repo without --git/--staged
  }
}

}  // namespace
}  // namespace redact::cli
