// cli/wrap.cpp — `redact exec [OPTIONS] [--] COMMAND [ARGS...]`.
//
// COMMAND's stdout and stderr are two channels — pipes, or pseudo-terminals
// (--pty, or automatically for each of the two whose counterpart of ours is
// a terminal) — each read into its own redactor and written to our stdout
// and stderr respectively (never merged), with one poll(2) loop over both.
// Output is flushed after every read so a CI log stays live. A pty is raw
// (no LF -> CRLF), carries our terminal's window size and follows it on
// SIGWINCH; COMMAND's stdin stays ours and COMMAND keeps our controlling
// terminal and process group, so job control and Ctrl-C work as before.
//
// SIGINT, SIGTERM, SIGHUP and SIGQUIT sent to us by a process are forwarded
// to COMMAND; the same signals coming from the terminal already reach
// COMMAND (same process group) and are not sent twice. If we die, even by
// SIGKILL, the kernel kills COMMAND (PR_SET_PDEATHSIG), so it is never left
// running with nobody redacting its output. We exit with COMMAND's status,
// 128+N if it died of signal N, 127 if it was not found and 126 if it could
// not be executed.
//
// Three steps: spawn() starts COMMAND on its two channels and reports an
// exec failure, pump() redacts both streams until COMMAND (and whatever it
// left holding the channels) has closed them, reap() waits for COMMAND and
// turns its status into ours.
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/prctl.h>
#endif

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/app.hpp"
#include "cli/io.hpp"
#include "cli/report.hpp"
#include "redact/redact.hpp"

namespace redact::cli {
namespace {

constexpr int forwarded_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

volatile sig_atomic_t child_pid = 0;
volatile sig_atomic_t pending_signal = 0;
volatile sig_atomic_t window_changed = 0;

void forward_signal(int sig, siginfo_t* info, void*) {
  // si_code > 0 means the kernel sent it (a terminal's ^C goes to the whole
  // foreground process group, so COMMAND already has it).
  if (info != nullptr && info->si_code > 0) return;
  const int saved = errno;
  if (child_pid > 0) {
    ::kill(static_cast<pid_t>(child_pid), sig);
  } else {
    pending_signal = sig;
  }
  errno = saved;
}

void note_window_change(int) { window_changed = 1; }

void install_handlers() {
  struct sigaction sa {};
  sa.sa_sigaction = forward_signal;
  sa.sa_flags = SA_SIGINFO | SA_RESTART;
  sigemptyset(&sa.sa_mask);
  for (int sig : forwarded_signals) ::sigaction(sig, &sa, nullptr);
  struct sigaction winch {};
  winch.sa_handler = note_window_change;
  winch.sa_flags = SA_RESTART;
  sigemptyset(&winch.sa_mask);
  ::sigaction(SIGWINCH, &winch, nullptr);
}

/// One of COMMAND's outputs: our end, COMMAND's end, and whether it is a pty.
struct channel {
  int ours = -1;
  int theirs = -1;
  bool pty = false;
};

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

/// The window size of the first of our stdout, stderr, stdin that is a terminal.
std::optional<winsize> our_window_size() {
  for (int fd : {STDOUT_FILENO, STDERR_FILENO, STDIN_FILENO}) {
    winsize ws{};
    if (::isatty(fd) == 1 && ::ioctl(fd, TIOCGWINSZ, &ws) == 0) return ws;
  }
  return std::nullopt;
}

/// A pipe, or a raw pseudo-terminal with our window size. On failure sets
/// `error` (nothing stays open).
bool open_channel(bool pty, channel& c, std::string& error) {
  if (!pty) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
      error = std::string("cannot create a pipe: ") + std::strerror(errno);
      return false;
    }
    c = {fds[0], fds[1], false};
    return true;
  }
  c.pty = true;
  c.ours = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  char name[128];
  if (c.ours < 0 || ::grantpt(c.ours) != 0 || ::unlockpt(c.ours) != 0 ||
      ::ptsname_r(c.ours, name, sizeof name) != 0 ||
      (c.theirs = ::open(name, O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0) {
    error = std::string("cannot open a pseudo-terminal: ") + std::strerror(errno);
    close_fd(c.ours);
    return false;
  }
  // Bytes pass unchanged (no LF -> CRLF, no echo of what COMMAND writes).
  termios raw{};
  if (::tcgetattr(c.theirs, &raw) == 0) {
    ::cfmakeraw(&raw);
    ::tcsetattr(c.theirs, TCSANOW, &raw);
  }
  if (const auto ws = our_window_size()) ::ioctl(c.ours, TIOCSWINSZ, &*ws);
  return true;
}

bool use_pty(pty_mode mode, int our_fd) {
  if (mode == pty_mode::on) return true;
  if (mode == pty_mode::off) return false;
  return ::isatty(our_fd) == 1;
}

/// COMMAND, started: its pid and our ends of its stdout and stderr.
struct spawned {
  pid_t pid = -1;
  channel out;
  channel err;
};

/// Starts COMMAND with its stdout and stderr on channels. On failure prints
/// the reason and returns the exit status to end with (2, or 126/127 when
/// exec failed), with nothing left open.
std::optional<spawned> spawn(const options& opts, int& status) {
  const std::vector<std::string>& command = opts.command;
  spawned child;
  std::string error;
  int exec_pipe[2] = {-1, -1};  // reports an exec failure (errno) from the child
  if (!open_channel(use_pty(opts.pty, STDOUT_FILENO), child.out, error) ||
      !open_channel(use_pty(opts.pty, STDERR_FILENO), child.err, error) ||
      ::pipe2(exec_pipe, O_CLOEXEC) != 0) {
    if (error.empty()) error = std::string("cannot create a pipe: ") + std::strerror(errno);
    for (channel* c : {&child.out, &child.err}) {
      close_fd(c->ours);
      close_fd(c->theirs);
    }
    print_error(error);
    status = exit_error;
    return std::nullopt;
  }
  std::vector<char*> argv;
  argv.reserve(command.size() + 1);
  for (const std::string& arg : command) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);

  install_handlers();
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    print_error(std::string("cannot start a process: ") + std::strerror(errno));
    status = exit_error;
    return std::nullopt;
  }
  if (pid == 0) {
#if defined(__linux__)
    // Die with us: a SIGKILLed redact must not leave COMMAND running. If we
    // died before this line, our parent is already someone else.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
#else
    (void)parent;
#endif
    // Caught signals reset to default at exec, ignored and blocked ones do not.
    std::signal(SIGPIPE, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::dup2(child.out.theirs, STDOUT_FILENO);
    ::dup2(child.err.theirs, STDERR_FILENO);
    ::execvp(argv[0], argv.data());
    const int e = errno;
    (void)!::write(exec_pipe[1], &e, sizeof e);
    ::_exit(127);
  }
  child_pid = pid;
  child.pid = pid;
  if (pending_signal != 0) ::kill(pid, pending_signal);
  close_fd(child.out.theirs);
  close_fd(child.err.theirs);
  ::close(exec_pipe[1]);

  // The exec pipe closes (close-on-exec) when COMMAND starts, or carries
  // errno when it could not.
  int exec_errno = 0;
  ssize_t got;
  do {
    got = ::read(exec_pipe[0], &exec_errno, sizeof exec_errno);
  } while (got < 0 && errno == EINTR);
  ::close(exec_pipe[0]);
  if (got == static_cast<ssize_t>(sizeof exec_errno)) {
    int child_status = 0;
    while (::waitpid(pid, &child_status, 0) < 0 && errno == EINTR) {
    }
    child_pid = 0;
    close_fd(child.out.ours);
    close_fd(child.err.ours);
    print_error("cannot run '" + command.front() + "': " + std::strerror(exec_errno));
    status = exec_errno == ENOENT ? 127 : 126;
    return std::nullopt;
  }
  return child;
}

/// One of COMMAND's output streams: where it is read, its redactor, where
/// the redacted bytes go.
struct stream {
  int fd;
  bool pty;
  redactor red;
  fd_output out;
  bool open = true;
};

/// Gives each pty the window size of our terminal, and tells COMMAND (which
/// may have asked its pty for the size before we changed it).
void pass_window_size(stream (&streams)[2], pid_t pid) {
  window_changed = 0;
  const auto ws = our_window_size();
  if (!ws) return;
  bool any = false;
  for (stream& s : streams) {
    if (s.pty && s.open) any = ::ioctl(s.fd, TIOCSWINSZ, &*ws) == 0 || any;
  }
  if (any) ::kill(pid, SIGWINCH);
}

/// Redacts both streams until they are closed. Returns false when writing
/// failed for another reason than a reader that went away, or poll failed.
bool pump(stream (&streams)[2], pid_t pid, const options& opts, stats_collector& stats) {
  std::unique_ptr<char[]> input(new char[opts.buffer_size]);
  // SIGWINCH is blocked except while waiting in ppoll, so a resize is never
  // missed between the check and the wait.
  sigset_t winch;
  sigemptyset(&winch);
  sigaddset(&winch, SIGWINCH);
  sigset_t waiting;
  ::sigprocmask(SIG_BLOCK, &winch, &waiting);
  sigdelset(&waiting, SIGWINCH);
  bool ok = true;
  while (streams[0].open || streams[1].open) {
    if (window_changed != 0) pass_window_size(streams, pid);
    pollfd fds[2];
    nfds_t n = 0;
    stream* polled[2];
    for (stream& s : streams) {
      if (!s.open) continue;
      fds[n] = pollfd{s.fd, POLLIN, 0};
      polled[n++] = &s;
    }
    if (::ppoll(fds, n, nullptr, &waiting) < 0) {
      if (errno == EINTR) continue;
      print_error(std::string("poll failed: ") + std::strerror(errno));
      ok = false;
      break;
    }
    for (nfds_t i = 0; i < n; ++i) {
      if (fds[i].revents == 0) continue;
      stream& s = *polled[i];
      const long got = read_some(s.fd, input.get(), opts.buffer_size);
      if (got > 0) {
        const std::string_view chunk(input.get(), static_cast<std::size_t>(got));
        stats.add_bytes(chunk.size());
        s.red.write(chunk, s.out);
        s.out.flush();
      } else {
        // End of the stream: 0 on a pipe, EIO on a pty whose other side is
        // closed. Any other read error fails closed: held bytes are dropped.
        if (got == 0 || (s.pty && got == -EIO)) {
          s.red.finish(s.out);
        } else {
          s.red.reset();
        }
        s.out.flush();
        ::close(s.fd);
        s.open = false;
        continue;
      }
      if (s.out.failed()) {
        // Our reader went away: close the channel so COMMAND sees the same
        // broken output it would have seen writing there itself.
        if (!s.out.broken_pipe()) ok = false;
        ::close(s.fd);
        s.open = false;
      }
    }
  }
  for (stream& s : streams) {
    if (s.open) ::close(s.fd);
    s.open = false;
  }
  ::sigprocmask(SIG_UNBLOCK, &winch, nullptr);
  return ok;
}

/// Waits for COMMAND; its exit status, or 128+N when signal N killed it.
int reap(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  child_pid = 0;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return exit_error;
}

}  // namespace

int run_exec(const options& opts, const policy& pol) {
  constexpr std::size_t output_buffer_size = std::size_t{64} << 10;
  int status = exit_error;
  const std::optional<spawned> child = spawn(opts, status);
  if (!child) return status;

  stream streams[2] = {
      {child->out.ours, child->out.pty, redactor(pol),
       fd_output(STDOUT_FILENO, output_buffer_size)},
      {child->err.ours, child->err.pty, redactor(pol),
       fd_output(STDERR_FILENO, output_buffer_size)},
  };
  stats_collector stats;
  if (opts.stats) {
    for (stream& s : streams) {
      s.red.set_finding_handler([&stats](const finding& f) { stats.add(f); });
      stats.add_stream();
    }
  }
  const bool pumped = pump(streams, child->pid, opts, stats);
  status = reap(child->pid);
  if (opts.stats) {
    const std::string summary = stats.render();
    (void)write_all(STDERR_FILENO, summary.data(), summary.size());
  }
  if (!pumped && streams[0].out.failed() && !streams[0].out.broken_pipe()) {
    print_error(std::string("write error: ") + std::strerror(streams[0].out.error()));
  }
  return status;
}

}  // namespace redact::cli
