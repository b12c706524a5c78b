// Runs every documented example command — the README, docs/*.md,
// `redact --help` and the man page's EXAMPLES — as written, and checks its
// documented output, so the docs and the command cannot drift apart.
//
// What counts as an example (docs/redact.md says the same to readers):
//   * a fenced block tagged `console`: each line starting with `$ ` is a
//     command; the lines after it, up to the next command, are its output
//     (stdout and stderr as a terminal shows them); a line `...` stands for
//     any number of lines. A command followed by no output line must print
//     nothing. The commands of one block run in one shell, in order (so
//     `$ export X=...` and `$ echo $?` work).
//   * a fenced block tagged `<lang> file=NAME` is a file the examples use
//     (docs/rules-file.md's rules.txt, docs/redact.md's deploy.sh): it is
//     written into the sandbox.
//   * the lines after "Examples:" in `redact --help` and `redact exec
//     --help`: their output is not shown, so they must exit 0 or 1.
//   Where an example's output is not shown (only `...`, or --help), it must
//   exit 0 or 1: a usage error (2) fails the test.
//   A command line in any other fenced block (a line that starts with
//   `redact ` or pipes into `| redact`, not a synopsis with `[OPTIONS]`) fails
//   the test: every example is run.
//
// The sandbox every example runs in: a fresh directory holding app.log (a
// copy of examples/sample.log), old.log, extra.log, logs/a.log and
// logs/b.log, the docs' file blocks, and a git repository whose history
// leaked a key (for blocks that run git, `--git` or `--staged`); a clean environment (env -i) with
// PATH, HOME, LC_ALL=C, DEPLOY_TOKEN and QUBITTRON_API_KEY (fake values); on PATH first, `redact`
// (the built binary) and two stand-ins: `kubectl` (prints app.log) and
// `tail` (drops -f, which would never end).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "process.hpp"

namespace redact::test {
namespace {

namespace fs = std::filesystem;

const std::string source_dir = REDACT_SOURCE_DIR;

struct command {
  std::string text;
  std::vector<std::string> output;  // documented lines; "..." matches any lines
  int line = 0;                     // in the document
};

struct block {
  std::string info;  // the fence's info string
  std::vector<std::string> lines;
  int line = 0;  // of the first content line
};

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Fenced blocks (``` or indented ```), with the fence's indentation removed.
std::vector<block> fenced_blocks(const std::string& markdown) {
  std::vector<block> blocks;
  const std::vector<std::string> lines = split_lines(markdown);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::size_t indent = lines[i].find_first_not_of(' ');
    if (indent == std::string::npos || lines[i].compare(indent, 3, "```") != 0) continue;
    block b;
    b.info = lines[i].substr(indent + 3);
    b.line = static_cast<int>(i) + 2;
    for (++i; i < lines.size(); ++i) {
      const std::size_t at = lines[i].find_first_not_of(' ');
      if (at != std::string::npos && lines[i].compare(at, 3, "```") == 0) break;
      b.lines.push_back(lines[i].size() >= indent ? lines[i].substr(indent) : std::string());
    }
    blocks.push_back(std::move(b));
  }
  return blocks;
}

std::vector<command> console_commands(const block& b) {
  std::vector<command> commands;
  for (std::size_t i = 0; i < b.lines.size(); ++i) {
    if (b.lines[i].rfind("$ ", 0) == 0) {
      commands.push_back({b.lines[i].substr(2), {}, b.line + static_cast<int>(i)});
    } else if (!commands.empty()) {
      commands.back().output.push_back(b.lines[i]);
    }
  }
  return commands;
}

// `actual` against documented lines where "..." matches any lines.
bool matches(const std::vector<std::string>& actual, std::size_t a,
             const std::vector<std::string>& want, std::size_t w) {
  if (w == want.size()) return a == actual.size();
  if (want[w] == "...") {
    for (std::size_t k = a; k <= actual.size(); ++k) {
      if (matches(actual, k, want, w + 1)) return true;
    }
    return false;
  }
  return a < actual.size() && actual[a] == want[w] && matches(actual, a + 1, want, w + 1);
}

bool only_ellipsis(const std::vector<std::string>& output) {
  for (const std::string& line : output) {
    if (line != "...") return false;
  }
  return !output.empty();
}

std::string join(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& l : lines) text += l + "\n";
  return text;
}

// README.md and docs/*.md.
std::vector<std::string> documents() {
  std::vector<std::string> docs = {source_dir + "/README.md"};
  for (const auto& entry : fs::directory_iterator(source_dir + "/docs")) {
    if (entry.path().extension() == ".md") docs.push_back(entry.path().string());
  }
  std::sort(docs.begin(), docs.end());
  return docs;
}

// The sandbox: a directory with the fixtures, the stand-ins on PATH.
class sandbox {
 public:
  explicit sandbox(bool with_git) {
    const std::string sample = read_file(source_dir + "/examples/sample.log");
    dir_.write("app.log", sample);
    dir_.write("old.log", "old run key=qbt_fakeOldLogKey00000000000000001\n");
    dir_.write("extra.log", "extra Authorization: Bearer qbt_fakeExtraKey000000000000001\n");
    dir_.write("logs/a.log", "a line key=qbt_fakeLogsDirKey0000000000000001\n");
    dir_.write("logs/b.log", "nothing to see\n");
    // The docs' file blocks (rules.txt, deploy.sh).
    for (const std::string& doc : documents()) {
      for (const block& b : fenced_blocks(read_file(doc))) {
        const std::size_t at = b.info.find("file=");
        if (at == std::string::npos) continue;
        const std::string name = b.info.substr(at + 5);
        const std::string path = dir_.write(name, join(b.lines));
        if (b.lines.size() > 0 && b.lines[0].rfind("#!", 0) == 0) ::chmod(path.c_str(), 0755);
      }
    }
    const std::string bin = dir_.path() + "/.bin";
    fs::create_directories(bin);
    fs::create_symlink(redact_binary(), bin + "/redact");
    write_script(".bin/kubectl",
                 "#!/bin/sh\n# stands in for `kubectl logs`\ncat \"$PWD/app.log\"\n");
    const run_result tail = run({"sh", "-c", "command -v tail"});
    write_script(".bin/tail",
                 "#!/bin/sh\n# `tail -f` never ends: the stand-in drops -f\n"
                 "[ \"$1\" = -f ] && shift\nexec " +
                     split_lines(tail.out).at(0) + " \"$@\"\n");
    path_ = bin + ":/usr/local/bin:/usr/bin:/bin";
    // A history that leaked a key and removed it (for `git log -p | redact --check`).
    if (with_git) {
      dir_.write(".env", "QUBITTRON_API_KEY=qbt_fakeExamplesGitKey0000000001\n");
      const std::string git =
          "git -c user.name=Test -c user.email=test@example.invalid -c commit.gpgsign=false ";
      const run_result r =
          shell("git init -q . && " + git + "add .env && " + git + "commit -q -m env && " + git +
                "rm -q .env && " + git + "commit -q -m 'remove env'");
      EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    }
  }

  // Runs `script` with sh in the sandbox, in the examples' environment,
  // stderr merged into stdout.
  run_result shell(const std::string& script) const {
    spawn_options opts;
    opts.cwd = dir_.path();
    return run(
        {"env", "-i", "PATH=" + path_, "HOME=" + dir_.path(), "LC_ALL=C",
         "DEPLOY_TOKEN=fake-deploy-token-31337",
         "QUBITTRON_API_KEY=qbt_fakeExamplesEnvKey0000000001", "sh", "-c", "exec 2>&1\n" + script},
        "", opts);
  }

 private:
  void write_script(const std::string& name, const std::string& text) {
    ::chmod(dir_.write(name, text).c_str(), 0755);
  }

  temp_dir dir_;
  std::string path_;
};

bool git_installed() { return run({"sh", "-c", "command -v git"}).exit_code == 0; }

bool needs_git(const std::vector<command>& commands) {
  for (const command& c : commands) {
    if (c.text.find("git ") != std::string::npos || c.text.find("--git") != std::string::npos ||
        c.text.find("--staged") != std::string::npos) {
      return true;
    }
  }
  return false;
}

struct outcome {
  std::string output;
  int status = -1;
};

// Runs the commands of one block in one shell; the output and status of each.
std::vector<outcome> run_block(const std::vector<command>& commands) {
  const sandbox box(needs_git(commands));
  std::string script;
  for (const command& c : commands) {
    // \037 cannot appear in the docs' output; the status is saved and
    // restored so that `echo $?` sees the example's own.
    script += c.text + "\n__s=$?; printf '\\037%d\\037\\n' $__s; (exit $__s)\n";
  }
  const run_result r = box.shell(script);
  std::vector<outcome> outcomes;
  std::string_view rest = r.out;
  for (std::size_t i = 0; i < commands.size(); ++i) {
    outcome o;
    const std::size_t open = rest.find('\037');
    const std::size_t close = open == std::string_view::npos ? open : rest.find('\037', open + 1);
    if (close == std::string_view::npos) {
      o.output = std::string(rest);
      outcomes.push_back(o);
      break;
    }
    o.output = std::string(rest.substr(0, open));
    o.status = std::stoi(std::string(rest.substr(open + 1, close - open - 1)));
    rest.remove_prefix(std::min(rest.size(), close + 2));
    outcomes.push_back(o);
  }
  outcomes.resize(commands.size());
  return outcomes;
}

struct verdicts {
  std::vector<std::string> failures;
  int run = 0;
};

// Checks each command's outcome against its documentation.
void check_block(const std::string& where, const std::vector<command>& commands, verdicts& v) {
  const std::vector<outcome> outcomes = run_block(commands);
  for (std::size_t i = 0; i < commands.size(); ++i) {
    const command& c = commands[i];
    const outcome& o = outcomes[i];
    const std::string at = where + ":" + std::to_string(c.line) + ": $ " + c.text;
    ++v.run;
    bool ok = true;
    std::string why;
    if (c.output.empty() || only_ellipsis(c.output)) {
      ok = (o.status == 0 || o.status == 1) && (!c.output.empty() || o.output.empty());
      why = "exit status " + std::to_string(o.status) + ", output:\n" + o.output;
    } else {
      ok = matches(split_lines(o.output), 0, c.output, 0);
      why = "documented:\n" + join(c.output) + "actual (status " + std::to_string(o.status) +
            "):\n" + o.output;
    }
    if (!ok) v.failures.push_back(at + "\n" + why);
  }
}

// Checks the console blocks of a document.
verdicts check_document(const std::string& path) {
  verdicts v;
  const std::string name = path.substr(source_dir.size() + 1);
  for (const block& b : fenced_blocks(read_file(path))) {
    if (b.info != "console") continue;
    const std::vector<command> commands = console_commands(b);
    if (needs_git(commands) && !git_installed()) {
      std::cout << name << ":" << b.line << ": skipped (git is not installed)\n";
      continue;
    }
    check_block(name, commands, v);
  }
  return v;
}

void report(const verdicts& v, const std::string& what) {
  EXPECT_GT(v.run, 0) << what << " has no example command";
  for (const std::string& f : v.failures) ADD_FAILURE() << f;
}

TEST(Examples, Readme) {
  const verdicts v = check_document(source_dir + "/README.md");
  report(v, "README.md");
}

TEST(Examples, RedactManual) {
  const verdicts v = check_document(source_dir + "/docs/redact.md");
  report(v, "docs/redact.md");
}

TEST(Examples, RulesFile) {
  const verdicts v = check_document(source_dir + "/docs/rules-file.md");
  report(v, "docs/rules-file.md");
}

TEST(Examples, OtherDocs) {
  for (const std::string& doc : documents()) {
    if (doc.ends_with("/README.md") || doc.ends_with("/redact.md") ||
        doc.ends_with("/rules-file.md")) {
      continue;
    }
    const verdicts v = check_document(doc);
    for (const std::string& f : v.failures) ADD_FAILURE() << f;
  }
}

// The lines after "Examples:" in a help text.
std::vector<command> help_examples(const std::string& help) {
  std::vector<command> commands;
  bool in_examples = false;
  int n = 0;
  for (const std::string& line : split_lines(help)) {
    ++n;
    if (line == "Examples:") {
      in_examples = true;
      continue;
    }
    if (in_examples && line.rfind("  ", 0) == 0) commands.push_back({line.substr(2), {"..."}, n});
  }
  return commands;
}

TEST(Examples, Help) {
  verdicts v;
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{redact_binary(), "--help"},
                                             {redact_binary(), "exec", "--help"},
                                             {redact_binary(), "rsyslog", "--help"}}) {
    const run_result help = run(args);
    ASSERT_EQ(help.exit_code, 0);
    const std::vector<command> commands = help_examples(help.out);
    EXPECT_GE(commands.size(), args[1] == "rsyslog" ? 2u : 3u) << args[1];
    check_block("'" + args.back() + "'", commands, v);
  }
  report(v, "--help");
}

// The man page's EXAMPLES (.EX ... .EE), unescaped from roff.
TEST(Examples, ManPage) {
  std::vector<command> commands;
  bool in_example = false;
  int n = 0;
  for (std::string line : split_lines(read_file(source_dir + "/cli/redact.1"))) {
    ++n;
    if (line == ".EX" || line == ".EE") {
      in_example = line == ".EX";
      continue;
    }
    if (!in_example) continue;
    for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
             {"\\-", "-"}, {"\\(aq", "'"}, {"\\(rs", "\\"}}) {
      for (std::size_t at = line.find(from); at != std::string::npos; at = line.find(from, at)) {
        line.replace(at, from.size(), to);
        at += to.size();
      }
    }
    commands.push_back({line, {"..."}, n});
  }
  EXPECT_GE(commands.size(), 3u);
  verdicts v;
  check_block("cli/redact.1", commands, v);
  report(v, "cli/redact.1");
}

// A command shown outside a console block would never be run.
TEST(Examples, EveryCommandExampleIsInAConsoleBlock) {
  for (const std::string& doc : documents()) {
    for (const block& b : fenced_blocks(read_file(doc))) {
      if (b.info == "console" || b.info.find("file=") != std::string::npos) continue;
      for (std::size_t i = 0; i < b.lines.size(); ++i) {
        const std::string line =
            b.lines[i].substr(std::min(b.lines[i].size(), b.lines[i].find_first_not_of(' ')));
        const bool command = line.rfind("redact ", 0) == 0 || line.rfind("$ ", 0) == 0 ||
                             line.find("| redact") != std::string::npos;
        const bool synopsis =
            line.find("[OPTIONS]") != std::string::npos || line.find("[FILE") != std::string::npos;
        EXPECT_FALSE(command && !synopsis)
            << doc.substr(source_dir.size() + 1) << ":" << b.line + static_cast<int>(i)
            << ": an example command outside a ```console block is never run: " << line;
      }
    }
  }
}

}  // namespace
}  // namespace redact::test
