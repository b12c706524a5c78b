// cli/wrap.cpp — `redact exec [OPTIONS] [--] COMMAND [ARGS...]`.
//
// COMMAND's stdout and stderr are two pipes, each read into its own
// redactor and written to our stdout and stderr respectively (never merged),
// with one poll(2) loop over both. Output is flushed after every read so a
// CI log stays live. SIGINT, SIGTERM, SIGHUP and SIGQUIT sent to us by a
// process are forwarded to COMMAND; the same signals coming from the terminal
// already reach COMMAND (same process group) and are not sent twice. We exit
// with COMMAND's status, 128+N if it died of signal N, 127 if it was not
// found and 126 if it could not be executed.
//
// Three steps: spawn() starts COMMAND with its output on pipes and reports
// an exec failure, pump() redacts both streams until COMMAND (and whatever
// it left holding the pipes) has closed them, reap() waits for COMMAND and
// turns its status into ours.
#include <fcntl.h>
#include <poll.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
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

void install_forwarding() {
  struct sigaction sa {};
  sa.sa_sigaction = forward_signal;
  sa.sa_flags = SA_SIGINFO | SA_RESTART;
  sigemptyset(&sa.sa_mask);
  for (int sig : forwarded_signals) ::sigaction(sig, &sa, nullptr);
}

/// COMMAND, started: its pid and our ends of its stdout and stderr.
struct spawned {
  pid_t pid = -1;
  int out = -1;
  int err = -1;
};

/// Starts COMMAND with its stdout and stderr on pipes. On failure prints the
/// reason and returns the exit status to end with (2, or 126/127 when exec
/// failed), with nothing left open.
std::optional<spawned> spawn(const std::vector<std::string>& command, int& status) {
  int out_pipe[2];
  int err_pipe[2];
  int exec_pipe[2];  // reports an exec failure (errno) from the child
  if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0 ||
      ::pipe2(exec_pipe, O_CLOEXEC) != 0) {
    print_error(std::string("cannot create a pipe: ") + std::strerror(errno));
    status = exit_error;
    return std::nullopt;
  }
  std::vector<char*> argv;
  argv.reserve(command.size() + 1);
  for (const std::string& arg : command) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);

  install_forwarding();
  const pid_t pid = ::fork();
  if (pid < 0) {
    print_error(std::string("cannot start a process: ") + std::strerror(errno));
    status = exit_error;
    return std::nullopt;
  }
  if (pid == 0) {
    // Child: caught signals reset to default at exec, ignored ones do not.
    std::signal(SIGPIPE, SIG_DFL);
    ::dup2(out_pipe[1], STDOUT_FILENO);
    ::dup2(err_pipe[1], STDERR_FILENO);
    ::execvp(argv[0], argv.data());
    const int e = errno;
    (void)!::write(exec_pipe[1], &e, sizeof e);
    ::_exit(127);
  }
  child_pid = pid;
  if (pending_signal != 0) ::kill(pid, pending_signal);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
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
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    print_error("cannot run '" + command.front() + "': " + std::strerror(exec_errno));
    status = exec_errno == ENOENT ? 127 : 126;
    return std::nullopt;
  }
  return spawned{pid, out_pipe[0], err_pipe[0]};
}

/// One of COMMAND's output streams: where it is read, its redactor, where
/// the redacted bytes go.
struct stream {
  int fd;
  redactor red;
  fd_output out;
  bool open = true;
};

/// Redacts both streams until they are closed. Returns false when writing
/// failed for another reason than a reader that went away, or poll failed.
bool pump(stream (&streams)[2], const options& opts, stats_collector& stats) {
  std::unique_ptr<char[]> input(new char[opts.buffer_size]);
  bool ok = true;
  while (streams[0].open || streams[1].open) {
    pollfd fds[2];
    nfds_t n = 0;
    stream* polled[2];
    for (stream& s : streams) {
      if (!s.open) continue;
      fds[n] = pollfd{s.fd, POLLIN, 0};
      polled[n++] = &s;
    }
    if (::poll(fds, n, -1) < 0) {
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
        // End of the stream (or a read error: fail closed, drop held bytes).
        if (got == 0) {
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
        // Our reader went away: close the pipe so COMMAND sees the same
        // broken pipe it would have seen writing there itself.
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
  const std::optional<spawned> child = spawn(opts.command, status);
  if (!child) return status;

  stream streams[2] = {
      {child->out, redactor(pol), fd_output(STDOUT_FILENO, output_buffer_size)},
      {child->err, redactor(pol), fd_output(STDERR_FILENO, output_buffer_size)},
  };
  stats_collector stats;
  if (opts.stats) {
    for (stream& s : streams) {
      s.red.set_finding_handler([&stats](const finding& f) { stats.add(f); });
      stats.add_stream();
    }
  }
  const bool pumped = pump(streams, opts, stats);
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
