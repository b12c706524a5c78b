// cli/git_history.hpp — running git for `--check --git` and `--staged`.
//
//   std::string error;
//   redact::cli::git_process git;
//   if (!git.start(redact::cli::history_command(leak, history_part::non_merges), error)) { ... }
//   while ((n = redact::cli::read_some(git.fd(), buf, size)) > 0) parser.feed({buf, n});
//   int status = git.wait(error);            // git's exit status
//
// History is read from `git log -p` rather than through libgit2: on the
// generated 10,000-commit repository git printed every patch in 2.0 s and
// libgit2 1.5 (bench/libgit2-log: tree-to-tree diffs printed as patches) in
// 3.9 s, so libgit2 alone would already cost more than the 1.25x budget
// (bench/RESULTS.md; README, Dependencies). git runs as child processes
// writing into pipes while we parse and scan, so they use both cores.
//
// start() allocates and forks (posix_spawn); wait() blocks until git exits.
// Messages name the command and the reason, never repository content.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "cli/leak_options.hpp"

namespace redact::cli {

/// Which commits of the history one `git log` prints.
enum class history_part {
  non_merges,  ///< --no-merges: each commit's patch against its parent
  merges,      ///< --merges --remerge-diff: each merge against git's own merge
};

/// argv of `git log -p` for --git: every ref (`--all`) or the given
/// revisions, patches without context (-U0), renames followed (-M), in a
/// fixed format the git text parser reads whatever the user's configuration
/// (colour, prefixes, external diffs, textconv, quoting, abbreviation,
/// signatures are all overridden). History is read as two parts that two
/// git processes produce at once: the merges' own changes (--remerge-diff,
/// git 2.36 or later) cost git as much as all other patches together on a
/// history with long-lived branches, so one process alone would not stay
/// within 1.25x of `git log -p --all` (bench/RESULTS.md).
std::vector<std::string> history_command(const leak_options& o, history_part part);

/// argv of `git diff --cached -p` for --staged (the same fixed format).
std::vector<std::string> staged_command(const leak_options& o);

/// argv of `git rev-parse --show-toplevel`.
std::vector<std::string> toplevel_command(const leak_options& o);

/// The top of the work tree of --repo (or the current directory): the
/// nearest folder upwards that holds a `.git` entry (a folder, or the file of
/// a linked worktree or submodule). When GIT_DIR or GIT_WORK_TREE is set it
/// asks `git rev-parse --show-toplevel` instead. std::nullopt for a bare
/// repository or outside any. Allocates; may run git.
std::optional<std::string> work_tree_top(const leak_options& o);

/// git as a child process whose standard output we read.
class git_process {
 public:
  git_process() = default;
  ~git_process();
  git_process(const git_process&) = delete;
  git_process& operator=(const git_process&) = delete;

  /// Starts argv[0] (found through PATH) with stdin from /dev/null, stdout
  /// a pipe (grown to 1 MiB) and stderr ours (/dev/null when `quiet`).
  /// False with a message if it cannot be started.
  bool start(const std::vector<std::string>& argv, std::string& error, bool quiet = false);
  /// The read end of the pipe (-1 before start()).
  int fd() const noexcept { return fd_; }
  /// Stops git early (SIGTERM), e.g. when our output went away.
  void stop() noexcept;
  /// Closes the pipe and waits. Returns the exit status, 128+N for signal N,
  /// or -1 with a message.
  int wait(std::string& error);

 private:
  pid_t pid_ = -1;
  int fd_ = -1;
};

/// Runs argv and returns its standard output (at most 1 MiB) when it exits
/// with status 0; std::nullopt otherwise (its stderr goes to /dev/null).
std::optional<std::string> git_output(const std::vector<std::string>& argv);

}  // namespace redact::cli
