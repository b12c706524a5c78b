// The man page, the shell completions and docs/redact.md against the
// command's own option table (cli/options.hpp): a test fails when an option
// is missing from any of them.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/options.hpp"
#include "redact/redact.hpp"

namespace redact::cli {
namespace {

const std::string source_dir = REDACT_SOURCE_DIR;

std::string read(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  EXPECT_TRUE(f) << path;
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
    text.replace(at, from.size(), to);
    at += to.size();
  }
}

// The man page as words: `\-` is `-`, font changes are dropped.
std::string man_text() {
  std::string text = read(source_dir + "/cli/redact.1");
  replace_all(text, "\\-", "-");
  for (std::string_view font : {"\\fB", "\\fI", "\\fR", "\\fP", "\\%"}) replace_all(text, font, "");
  return text;
}

// Runs a shell command; its stdout, or nullopt when it could not run or
// exited non-zero.
std::optional<std::string> shell(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
  if (!pipe) return std::nullopt;
  std::string out;
  std::array<char, 4096> buf{};
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), pipe.get()))
    out.append(buf.data(), n);
  const int status = ::pclose(pipe.release());
  if (status != 0) return std::nullopt;
  return out;
}

bool have(const std::string& program) {
  return shell("command -v " + program + " >/dev/null 2>&1").has_value();
}

// The option names of `modes` (bits of run_mode), long and short.
std::set<std::string> names_for(unsigned modes) {
  std::set<std::string> names;
  for (const option_info& o : all_options()) {
    if ((o.modes & modes) == 0) continue;
    names.emplace(o.name);
    if (o.short_name != 0) names.insert(std::string("-") + o.short_name);
  }
  return names;
}

constexpr unsigned k_file_modes = (1u << static_cast<unsigned>(run_mode::filter)) |
                                  (1u << static_cast<unsigned>(run_mode::check));
constexpr unsigned k_exec_mode = 1u << static_cast<unsigned>(run_mode::exec);
constexpr unsigned k_rsyslog_mode = 1u << static_cast<unsigned>(run_mode::rsyslog);

TEST(ManPage, NamesEveryOptionAndSubcommand) {
  const std::string text = man_text();
  for (const std::string& name : names_for(~0u)) {
    EXPECT_NE(text.find(name), std::string::npos) << name << " is missing from cli/redact.1";
  }
  for (std::string_view sub : subcommand_names()) {
    EXPECT_NE(text.find("redact " + std::string(sub)), std::string::npos) << sub;
  }
  // The version in the title is the command's.
  const std::string version = "redact " REDACT_VERSION_STRING;
  EXPECT_NE(text.find(".TH REDACT 1 \"\" \"" + version + "\""), std::string::npos) << version;
}

TEST(ManPage, RendersWithoutGroffWarnings) {
  if (!have("groff")) GTEST_SKIP() << "groff is not installed";
  const auto warnings =
      shell("groff -man -Tutf8 -ww -z '" + source_dir + "/cli/redact.1' 2>&1 >/dev/null");
  ASSERT_TRUE(warnings.has_value());
  EXPECT_EQ(*warnings, "");
}

TEST(DocsManual, DocumentsEveryOption) {
  const std::string text = read(source_dir + "/docs/redact.md");
  for (const std::string& name : names_for(~0u)) {
    EXPECT_NE(text.find("`" + name), std::string::npos)
        << name << " is missing from docs/redact.md";
  }
}

// What the bash completion offers after `redact ... -`.
std::set<std::string> bash_offers(const std::string& words) {
  const std::string script = source_dir + "/cli/completion/redact.bash";
  // In an empty directory, so that no file name is offered.
  const auto out = shell("bash -c 'd=$(mktemp -d) && cd \"$d\" && source \"" + script +
                         "\" && COMP_WORDS=(" + words +
                         ") && COMP_CWORD=$((${#COMP_WORDS[@]} - 1)) && _redact; "
                         "printf \"%s\\n\" \"${COMPREPLY[@]}\"; rmdir \"$d\"'");
  EXPECT_TRUE(out.has_value()) << words;
  std::set<std::string> offered;
  std::istringstream in(out.value_or(""));
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) offered.insert(line);
  }
  return offered;
}

TEST(Completion, BashOffersExactlyTheOptionsOfEachMode) {
  if (!have("bash")) GTEST_SKIP() << "bash is not installed";
  std::set<std::string> expected = names_for(k_file_modes);
  expected.insert("--");
  EXPECT_EQ(bash_offers("redact -"), expected);
  expected = names_for(k_exec_mode);
  expected.insert("--");
  EXPECT_EQ(bash_offers("redact exec --stats -"), expected);
  EXPECT_EQ(bash_offers("redact rsyslog -"), names_for(k_rsyslog_mode));
  EXPECT_EQ(bash_offers("redact rsyslog --input \"\""), (std::set<std::string>{"msg", "fulljson"}));
  // Values, and COMMAND's own arguments after `exec ... COMMAND`.
  EXPECT_EQ(bash_offers("redact --preset \"\""),
            (std::set<std::string>{"minimal", "default", "extended"}));
  EXPECT_EQ(bash_offers("redact --check --format j"), std::set<std::string>{"json"});
  EXPECT_EQ(bash_offers("redact ex"), (std::set<std::string>{"exec"}));
  EXPECT_EQ(bash_offers("redact rs"), (std::set<std::string>{"rsyslog"}));
  EXPECT_EQ(bash_offers("redact exec --prefix x_ -- sh --pt").count("--pty"), 0u);
}

TEST(Completion, ZshNamesEveryOptionAndParses) {
  const std::string path = source_dir + "/cli/completion/_redact";
  const std::string text = read(path);
  for (const std::string& name : names_for(~0u)) {
    // `--name=[...]`, `--name[...]`, or `{-q,--quiet}` style.
    const bool found = text.find("'" + name + "=[") != std::string::npos ||
                       text.find("'" + name + "[") != std::string::npos ||
                       text.find("*" + name + "=[") != std::string::npos ||
                       text.find(")" + name + "[") != std::string::npos ||
                       text.find("{" + name + ",") != std::string::npos ||
                       text.find("," + name + "}") != std::string::npos;
    EXPECT_TRUE(found) << name << " is missing from cli/completion/_redact";
  }
  if (!have("zsh")) GTEST_SKIP() << "zsh is not installed: syntax not checked";
  EXPECT_TRUE(shell("zsh -n '" + path + "'").has_value()) << "zsh -n " << path;
}

}  // namespace
}  // namespace redact::cli
