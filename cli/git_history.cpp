// cli/git_history.cpp — git command lines and the child process.
#include "cli/git_history.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "cli/io.hpp"

extern char** environ;

namespace redact::cli {
namespace {

std::vector<std::string> git_prefix(const leak_options& o) {
  std::vector<std::string> argv = {"git"};
  if (o.repo) {
    argv.emplace_back("-C");
    argv.push_back(*o.repo);
  }
  // Configuration that would change the text we parse.
  for (const char* c : {"core.quotePath=false", "log.showSignature=false", "diff.noprefix=false",
                        "diff.mnemonicPrefix=false", "color.ui=false"}) {
    argv.emplace_back("-c");
    argv.emplace_back(c);
  }
  return argv;
}

// Diff options shared by log and diff: no context, renames, our prefixes,
// no colour, no external diff or textconv, paths from the top.
void diff_options(std::vector<std::string>& argv) {
  for (const char* a : {"-p", "-U0", "-M", "--no-color", "--no-ext-diff", "--no-textconv",
                        "--no-relative", "--submodule=short", "--src-prefix=a/", "--dst-prefix=b/"})
    argv.emplace_back(a);
}

}  // namespace

std::vector<std::string> history_command(const leak_options& o, history_part part) {
  std::vector<std::string> argv = git_prefix(o);
  argv.emplace_back("log");
  diff_options(argv);
  // A merge's own changes are what differs from git's automatic merge of
  // its parents (--remerge-diff): lines that came in with a merged branch
  // are not shown again, lines the merge itself added (an "evil merge", a
  // conflict resolved with new text) are shown as added.
  argv.emplace_back(part == history_part::merges ? "--merges" : "--no-merges");
  if (part == history_part::merges) argv.emplace_back("--remerge-diff");
  for (const char* a : {"--root", "--pretty=medium", "--date=iso-strict", "--no-abbrev-commit",
                        "--no-decorate", "--no-notes"})
    argv.emplace_back(a);
  if (o.revisions.empty()) {
    argv.emplace_back("--all");
  } else {
    argv.emplace_back("--end-of-options");
    for (const std::string& r : o.revisions) argv.push_back(r);
  }
  argv.emplace_back("--");
  return argv;
}

std::vector<std::string> staged_command(const leak_options& o) {
  std::vector<std::string> argv = git_prefix(o);
  argv.emplace_back("diff");
  argv.emplace_back("--cached");
  diff_options(argv);
  argv.emplace_back("--");
  return argv;
}

std::vector<std::string> toplevel_command(const leak_options& o) {
  std::vector<std::string> argv = git_prefix(o);
  argv.emplace_back("rev-parse");
  argv.emplace_back("--show-toplevel");
  return argv;
}

std::optional<std::string> work_tree_top(const leak_options& o) {
  // Walking up costs a few stat(2) calls where `git rev-parse` costs a
  // process (8 ms of CPU, more under load); the environment variables that
  // move the repository are left to git.
  if (std::getenv("GIT_DIR") != nullptr || std::getenv("GIT_WORK_TREE") != nullptr) {
    std::optional<std::string> top = git_output(toplevel_command(o));
    if (!top) return std::nullopt;
    while (!top->empty() && (top->back() == '\n' || top->back() == '\r')) top->pop_back();
    if (top->empty()) return std::nullopt;
    return top;
  }
  char* real = ::realpath(o.repo ? o.repo->c_str() : ".", nullptr);
  if (real == nullptr) return std::nullopt;
  std::string dir(real);
  std::free(real);
  for (;;) {
    struct stat st {};
    const std::string probe = (dir == "/" ? std::string() : dir) + "/.git";
    if (::lstat(probe.c_str(), &st) == 0) return dir;
    if (dir == "/") return std::nullopt;
    const std::size_t slash = dir.find_last_of('/');
    dir = slash == 0 ? std::string("/") : dir.substr(0, slash);
  }
}

git_process::~git_process() {
  if (pid_ > 0) {
    stop();
    std::string ignored;
    (void)wait(ignored);
  } else if (fd_ >= 0) {
    ::close(fd_);
  }
}

namespace {

// Our environment with GIT_FLUSH=0: git flushes stdout after every commit
// when it is a pipe unless told not to, which costs a write(2) and a wake-up
// of the reader per commit (measured: 0.1 s of system time per 10,000
// commits).
std::vector<std::string> child_environment() {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string_view entry = *e;
    if (!entry.starts_with("GIT_FLUSH=")) env.emplace_back(entry);
  }
  env.emplace_back("GIT_FLUSH=0");
  return env;
}

}  // namespace

bool git_process::start(const std::vector<std::string>& argv, std::string& error, bool quiet) {
  int pipefd[2];
  if (::pipe2(pipefd, O_CLOEXEC) != 0) {
    error = std::string("cannot create a pipe: ") + std::strerror(errno);
    return false;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, pipefd[1], STDOUT_FILENO);
  if (quiet) posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<std::string> env = child_environment();
  std::vector<char*> envp;
  envp.reserve(env.size() + 1);
  for (std::string& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  // git gets the default SIGPIPE (we ignore it, and ignored signals are
  // inherited), so that it ends quietly when we stop reading.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
  pid_t pid = -1;
  const int rc = ::posix_spawnp(&pid, args[0], &actions, &attr, args.data(), envp.data());
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipefd[1]);
  if (rc != 0) {
    ::close(pipefd[0]);
    error = "cannot run " + argv[0] + ": " + std::strerror(rc);
    return false;
  }
  pid_ = pid;
  fd_ = pipefd[0];
  grow_pipe(fd_, std::size_t{1} << 20);
  return true;
}

void git_process::stop() noexcept {
  if (pid_ > 0) ::kill(pid_, SIGTERM);
}

int git_process::wait(std::string& error) {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  if (pid_ <= 0) {
    error = "git was not started";
    return -1;
  }
  int status = 0;
  pid_t r;
  do {
    r = ::waitpid(pid_, &status, 0);
  } while (r < 0 && errno == EINTR);
  pid_ = -1;
  if (r < 0) {
    error = std::string("cannot wait for git: ") + std::strerror(errno);
    return -1;
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

std::optional<std::string> git_output(const std::vector<std::string>& argv) {
  int pipefd[2];
  if (::pipe2(pipefd, O_CLOEXEC) != 0) return std::nullopt;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, pipefd[1], STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  const int rc = ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipefd[1]);
  if (rc != 0) {
    ::close(pipefd[0]);
    return std::nullopt;
  }
  std::string out;
  char buffer[4096];
  for (;;) {
    const long n = read_some(pipefd[0], buffer, sizeof buffer);
    if (n <= 0) break;
    if (out.size() < (std::size_t{1} << 20)) out.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(pipefd[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
  return out;
}

}  // namespace redact::cli
