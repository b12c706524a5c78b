// Process-level tests of `redact` in live pipelines and wrap mode: line
// buffering through a real pipe and a terminal, `| head -1`, and
// `redact exec COMMAND` (status, stdout/stderr separation, signals, ptys).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "process.hpp"

namespace redact::test {
namespace {

using namespace std::chrono_literals;

std::string fake_key(int n) {
  std::string digits = std::to_string(n);
  return "qbt_fakeLiveKey" + std::string(20 - digits.size(), '0') + digits;
}

// The writer waits for each redacted line before it writes the next one, so
// every line must come out without more input and without a full buffer.
TEST(LivePipe, EachLineAppearsBeforeTheNextIsWritten) {
  for (const char* size : {"1", "65536"}) {
    child_process c({redact_binary(), "--line-buffered", "--buffer-size", size});
    std::string expected;
    for (int i = 1; i <= 5; ++i) {
      c.write_stdin("t=" + std::to_string(i) + " Authorization: Bearer " + fake_key(i) + "\n");
      expected += "t=" + std::to_string(i) + " Authorization: Bearer qbt_***\n";
      ASSERT_TRUE(c.read_stdout_until([&](const std::string& out) { return out == expected; }, 60s))
          << "line " << i << " did not appear; got: " << c.out();
    }
    c.close_stdin();
    const run_result r = c.finish();
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
}

TEST(LivePipe, TerminalStdoutIsLineBufferedAutomatically) {
  const int master = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master < 0 || ::grantpt(master) != 0 || ::unlockpt(master) != 0) {
    GTEST_SKIP() << "no pseudo-terminal available";
  }
  const int slave = ::open(::ptsname(master), O_RDWR | O_NOCTTY | O_CLOEXEC);
  ASSERT_GE(slave, 0);
  termios raw{};
  ASSERT_EQ(::tcgetattr(slave, &raw), 0);
  ::cfmakeraw(&raw);  // no LF -> CRLF translation, no echo
  ASSERT_EQ(::tcsetattr(slave, TCSANOW, &raw), 0);

  spawn_options opts;
  opts.stdout_fd = slave;
  child_process c({redact_binary()}, opts);  // no --line-buffered
  ::close(slave);
  std::string seen;
  for (int i = 1; i <= 3; ++i) {
    c.write_stdin("k=" + fake_key(i) + "\n");
    const std::string want = "k=qbt_***\n";
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (seen.find(want) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
      pollfd p{master, POLLIN, 0};
      if (::poll(&p, 1, 200) > 0) {
        char buf[256];
        const ssize_t n = ::read(master, buf, sizeof buf);
        if (n > 0) seen.append(buf, static_cast<std::size_t>(n));
      }
    }
    ASSERT_EQ(seen, want) << "line " << i;
    seen.clear();
  }
  c.close_stdin();
  const run_result r = c.finish();
  ::close(master);
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

std::string big_file(const temp_dir& dir) {
  std::string text;
  for (int i = 0; i < 200000; ++i)
    text += "line " + std::to_string(i) + " key=" + fake_key(i) + "\n";
  return dir.write("big.log", text);  // about 9 MiB: far more than a pipe holds
}

// Piped stdin and stdout are grown to --pipe-size (default 1 MiB) when the
// kernel allows it, and left alone with --pipe-size 0; the bytes are the same.
TEST(PipeSize, PipedStdinAndStdoutAreGrown) {
  const std::string input = "Authorization: Bearer " + fake_key(7) + "\nplain line\n";
  const std::string expected = "Authorization: Bearer qbt_***\nplain line\n";
  for (const char* size : {"1M", "0"}) {
    int in[2], out[2];
    // Close-on-exec: the child must hold only its own ends.
    ASSERT_EQ(::pipe2(in, O_CLOEXEC), 0);
    ASSERT_EQ(::pipe2(out, O_CLOEXEC), 0);
    const int before = ::fcntl(out[0], F_GETPIPE_SZ);
    // Can this process grow a pipe to 1 MiB at all (pipe-max-size, per-user
    // limits)? If not, the command cannot either.
    int probe[2];
    ASSERT_EQ(::pipe(probe), 0);
    const bool allowed = ::fcntl(probe[0], F_SETPIPE_SZ, 1 << 20) >= (1 << 20);
    ::close(probe[0]);
    ::close(probe[1]);
    spawn_options opts;
    opts.stdin_fd = in[0];
    opts.stdout_fd = out[1];
    child_process c({redact_binary(), "--pipe-size", size}, opts);
    ::close(in[0]);
    ::close(out[1]);
    ASSERT_EQ(::write(in[1], input.data(), input.size()), static_cast<ssize_t>(input.size()));
    ::close(in[1]);
    std::string got;
    char buf[4096];
    for (ssize_t n; (n = ::read(out[0], buf, sizeof buf)) > 0;)
      got.append(buf, static_cast<std::size_t>(n));
    const run_result r = c.finish();
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(got, expected);
    const int after = ::fcntl(out[0], F_GETPIPE_SZ);
    if (std::string(size) == "0" || !allowed) {
      EXPECT_EQ(after, before) << size;
    } else {
      EXPECT_EQ(after, 1 << 20);
    }
    ::close(out[0]);
  }
}

TEST(HeadOne, ReaderThatLeavesEndsRedactQuietly) {
  temp_dir dir;
  const std::string big = big_file(dir);
  child_process c({redact_binary(), big});
  ASSERT_TRUE(c.read_stdout_until(
      [](const std::string& out) { return out.find('\n') != std::string::npos; }, 60s));
  EXPECT_EQ(c.out().substr(0, c.out().find('\n') + 1), "line 0 key=qbt_***\n");
  c.close_stdout();
  const run_result r = c.finish();
  EXPECT_EQ(r.term_signal, 0);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.err, "");
}

TEST(HeadOne, ShellPipelineWithPipefail) {
  if (run({"sh", "-c", "command -v bash && command -v head"}).exit_code != 0) {
    GTEST_SKIP() << "bash or head missing";
  }
  temp_dir dir;
  const std::string big = big_file(dir);
  const run_result r =
      run({"bash", "-c", "set -o pipefail; '" + redact_binary() + "' '" + big + "' | head -1"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "line 0 key=qbt_***\n");
  EXPECT_EQ(r.err, "");
}

TEST(Wrap, StdoutAndStderrAreRedactedSeparatelyAndStatusPropagates) {
  const run_result r = run({redact_binary(), "exec", "--", "sh", "-c",
                            "echo \"out key=" + fake_key(1) +
                                "\"; echo \"err Authorization: Basic "
                                "ZGVwbG95OmZha2UtcGFzc3dvcmQtMDAw\" >&2; echo \"out 2\"; exit 3"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out, "out key=qbt_***\nout 2\n");
  EXPECT_EQ(r.err, "err Authorization: Basic ***\n");
}

TEST(Wrap, ZeroStatusAndStdinPassesThrough) {
  const run_result r =
      run({redact_binary(), "exec", "--", "cat"}, "k=" + fake_key(2) + "\nplain\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "k=qbt_***\nplain\n");
  EXPECT_EQ(r.err, "");
}

TEST(Wrap, ChildKilledBySignalGives128PlusN) {
  const run_result term =
      run({redact_binary(), "exec", "--", "sh", "-c", "echo before; kill -TERM $$"});
  EXPECT_EQ(term.exit_code, 128 + SIGTERM);
  EXPECT_EQ(term.out, "before\n");
  const run_result kill = run({redact_binary(), "exec", "--", "sh", "-c", "kill -KILL $$"});
  EXPECT_EQ(kill.exit_code, 128 + SIGKILL);
}

TEST(Wrap, SignalsAreForwardedToTheChild) {
  for (int sig : {SIGTERM, SIGINT}) {
    child_process c({redact_binary(), "exec", "--", "sh", "-c",
                     "trap 'echo got-signal; exit 7' TERM INT; echo ready; "
                     "while :; do sleep 0.05; done"});
    ASSERT_TRUE(c.read_stdout_until([](const std::string& s) { return s == "ready\n"; }, 60s))
        << c.out();
    ASSERT_EQ(::kill(c.pid(), sig), 0);
    const run_result r = c.finish();
    EXPECT_EQ(r.exit_code, 7) << "signal " << sig << ": " << r.err;
    EXPECT_EQ(r.out, "ready\ngot-signal\n");
  }
}

TEST(Wrap, SecretEnvMasksTheCiSecretInTheJobOutput) {
  spawn_options env;
  env.env = {"REDACT_TEST_CI_TOKEN=fake-ci-token-31337"};
  const run_result r =
      run({redact_binary(), "exec", "--secret-env", "REDACT_TEST_CI_TOKEN", "--", "sh", "-c",
           "echo \"using $REDACT_TEST_CI_TOKEN\"; echo \"$REDACT_TEST_CI_TOKEN\" >&2"},
          "", env);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "using ***\n");
  EXPECT_EQ(r.err, "***\n");
}

TEST(Wrap, LargeOutputOnBothStreamsDoesNotDeadlock) {
  const run_result r = run({redact_binary(), "exec", "--buffer-size", "4K", "--", "sh", "-c",
                            "i=0; yes 'e Bearer abcdefghijklmnop1234' | head -n 50000 >&2 & "
                            "yes 'o key=" +
                                fake_key(3) + "' | head -n 50000; wait"});
  EXPECT_EQ(r.exit_code, 0) << r.err.substr(0, 200);
  std::string out, err;
  for (int i = 0; i < 50000; ++i) {
    out += "o key=qbt_***\n";
    err += "e Bearer ***\n";
  }
  EXPECT_TRUE(r.out == out) << "stdout differs (" << r.out.size() << " bytes)";
  EXPECT_TRUE(r.err == err) << "stderr differs (" << r.err.size() << " bytes)";
}

TEST(Wrap, CommandNotFoundOrNotExecutable) {
  const run_result missing = run({redact_binary(), "exec", "--", "redact-test-no-such-command"});
  EXPECT_EQ(missing.exit_code, 127);
  EXPECT_EQ(missing.err,
            "redact: cannot run 'redact-test-no-such-command': No such file or directory\n");
  temp_dir dir;
  const std::string script = dir.write("script.sh", "#!/bin/sh\necho hi\n");  // not executable
  const run_result denied = run({redact_binary(), "exec", "--", script});
  EXPECT_EQ(denied.exit_code, 126);
  EXPECT_EQ(denied.err, "redact: cannot run '" + script + "': Permission denied\n");
}

TEST(Wrap, StatsAfterTheChildsOutput) {
  const run_result r = run({redact_binary(), "exec", "--stats", "--", "sh", "-c",
                            "echo k=" + fake_key(4) + "; echo oops >&2"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "k=qbt_***\n");
  EXPECT_EQ(r.err.rfind("oops\nredact: 43 bytes in 2 streams, 1 finding\n", 0), 0u) << r.err;
}

// --- pseudo-terminals (issue 16: "wrap mode gives the child pipes") ---

bool have(const std::string& program) {
  return run({"sh", "-c", "command -v " + program}).exit_code == 0;
}

// A stdio program (sed) writes to a pipe in blocks but to a terminal line by
// line. Under --pty each redacted line must come out while sed is still
// waiting for the next input line.
TEST(WrapPty, StdioProgramIsLineBufferedUnderPty) {
  child_process c({redact_binary(), "exec", "--pty", "--", "sed", "-e", "s/$/ seen/"});
  std::string expected;
  for (int i = 1; i <= 3; ++i) {
    c.write_stdin("k=" + fake_key(i) + "\n");
    expected += "k=qbt_*** seen\n";
    ASSERT_TRUE(c.read_stdout_until([&](const std::string& out) { return out == expected; }, 60s))
        << "line " << i << " did not come out while sed was running; got: " << c.out();
  }
  c.close_stdin();
  const run_result r = c.finish();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, expected);  // bytes unchanged: no CR added by the pty
}

// The control: with pipes (--no-pty) the same program holds its output
// back until its input ends, which is what --pty fixes.
TEST(WrapPty, StdioProgramBuffersUnderPipes) {
  child_process c({redact_binary(), "exec", "--no-pty", "--", "sed", "-e", "s/$/ seen/"});
  c.write_stdin("k=" + fake_key(1) + "\n");
  EXPECT_FALSE(c.read_stdout_until([](const std::string& out) { return !out.empty(); }, 1500ms))
      << "sed wrote to a pipe line by line; the pty test above proves nothing here";
  c.close_stdin();
  const run_result r = c.finish();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "k=qbt_*** seen\n");
}

// A Python script printing a line, then waiting (as a CI step printing once
// a second does): each line arrives while the script still runs.
TEST(WrapPty, PythonPrintsLineByLineUnderPty) {
  if (!have("python3")) GTEST_SKIP() << "python3 is not installed";
  const std::string script =
      "import sys\n"
      "for i in range(3):\n"
      "    print('step %d Authorization: Bearer abcdefghijklmnop%04d' % (i, i))\n"
      "    sys.stdin.readline()\n";
  child_process c({redact_binary(), "exec", "--pty", "--", "python3", "-c", script});
  std::string expected;
  for (int i = 0; i < 3; ++i) {
    expected += "step " + std::to_string(i) + " Authorization: Bearer ***\n";
    ASSERT_TRUE(c.read_stdout_until([&](const std::string& out) { return out == expected; }, 60s))
        << "line " << i << "; got: " << c.out();
    c.write_stdin("\n");
  }
  c.close_stdin();
  const run_result r = c.finish();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, expected);
}

TEST(WrapPty, StdoutAndStderrAreSeparateTerminalsStdinStaysOurs) {
  const run_result r = run({redact_binary(), "exec", "--pty", "--", "sh", "-c",
                            "test -t 1 && echo \"out tty key=" + fake_key(5) +
                                "\"; test -t 2 && echo 'err tty Authorization: Basic "
                                "ZGVwbG95OmZha2UtcGFzc3dvcmQtMDAw' >&2; test -t 0 || echo 'stdin "
                                "is ours'; printf 'a\\r\\nb\\n'; exit 4"},
                           "");
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_EQ(r.out, "out tty key=qbt_***\nstdin is ours\na\r\nb\n");
  EXPECT_EQ(r.err, "err tty Authorization: Basic ***\n");
}

TEST(WrapPty, StatusAndForwardedSignalsAsWithPipes) {
  const run_result term =
      run({redact_binary(), "exec", "--pty", "--", "sh", "-c", "echo before; kill -TERM $$"});
  EXPECT_EQ(term.exit_code, 128 + SIGTERM);
  EXPECT_EQ(term.out, "before\n");
  child_process c({redact_binary(), "exec", "--pty", "--", "sh", "-c",
                   "trap 'echo got-signal; exit 7' TERM; echo ready; "
                   "while :; do sleep 0.05; done"});
  ASSERT_TRUE(c.read_stdout_until([](const std::string& s) { return s == "ready\n"; }, 60s))
      << c.out();
  ASSERT_EQ(::kill(c.pid(), SIGTERM), 0);
  const run_result r = c.finish();
  EXPECT_EQ(r.exit_code, 7) << r.err;
  EXPECT_EQ(r.out, "ready\ngot-signal\n");
}

// A pty whose slave side is redact's stdout, with a window size.
struct terminal {
  int master = -1;
  int slave = -1;
  terminal(unsigned short cols, unsigned short rows) {
    master = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0 || ::grantpt(master) != 0 || ::unlockpt(master) != 0) return;
    slave = ::open(::ptsname(master), O_RDWR | O_NOCTTY | O_CLOEXEC);
    termios raw{};
    ::tcgetattr(slave, &raw);
    ::cfmakeraw(&raw);
    ::tcsetattr(slave, TCSANOW, &raw);
    resize(cols, rows);
  }
  ~terminal() {
    if (slave >= 0) ::close(slave);
    if (master >= 0) ::close(master);
  }
  void resize(unsigned short cols, unsigned short rows) const {
    winsize ws{};
    ws.ws_col = cols;
    ws.ws_row = rows;
    ::ioctl(master, TIOCSWINSZ, &ws);
  }
  // Reads from the master until `seen` ends with `want` (or 60 s pass).
  bool read_until(std::string& seen, const std::string& want) const {
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (seen.find(want) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
      pollfd p{master, POLLIN, 0};
      if (::poll(&p, 1, 200) > 0) {
        char buf[256];
        const ssize_t n = ::read(master, buf, sizeof buf);
        if (n > 0) seen.append(buf, static_cast<std::size_t>(n));
      }
    }
    return seen.find(want) != std::string::npos;
  }
};

// Without --pty: COMMAND's stdout is a pty because ours is a terminal (its
// stderr stays a pipe, as ours is), with our window size, and follows a
// resize.
TEST(WrapPty, AutomaticWhenOurStdoutIsATerminalAndWindowSizeFollows) {
  const terminal tty(123, 45);
  if (tty.slave < 0) GTEST_SKIP() << "no pseudo-terminal available";
  spawn_options opts;
  opts.stdout_fd = tty.slave;
  child_process c({redact_binary(), "exec", "--", "sh", "-c",
                   "stty size <&1; test -t 2 || echo 'stderr is a pipe' >&2; read x; "
                   "stty size <&1"},
                  opts);
  std::string seen;
  ASSERT_TRUE(tty.read_until(seen, "45 123\n")) << seen;
  tty.resize(100, 30);
  ASSERT_EQ(::kill(c.pid(), SIGWINCH), 0);  // as a terminal does for its foreground
  // The size is passed on before COMMAND reads it again.
  std::this_thread::sleep_for(200ms);
  c.write_stdin("\n");
  ASSERT_TRUE(tty.read_until(seen, "30 100\n")) << seen;
  EXPECT_EQ(seen, "45 123\n30 100\n");
  c.close_stdin();
  const run_result r = c.finish();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "stderr is a pipe\n");
}

// --- SIGKILL must not orphan COMMAND (issue 16, point 8) ---

// The state letter of /proc/PID/stat, or nothing when the process is gone.
std::optional<char> process_state(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  if (!std::getline(stat, text)) return std::nullopt;
  const std::size_t paren = text.rfind(')');
  if (paren == std::string::npos || paren + 2 >= text.size()) return std::nullopt;
  return text[paren + 2];
}

TEST(Wrap, KillingRedactKillsTheCommand) {
  if (!process_state(::getpid())) GTEST_SKIP() << "/proc is not available";
  for (const char* mode : {"--no-pty", "--pty"}) {
    child_process c({redact_binary(), "exec", mode, "--", "sh", "-c", "echo $$; exec sleep 1000"});
    ASSERT_TRUE(c.read_stdout_until(
        [](const std::string& s) { return s.find('\n') != std::string::npos; }, 60s))
        << c.out();
    const pid_t command = static_cast<pid_t>(std::stol(c.out()));
    const std::optional<char> running = process_state(command);
    ASSERT_TRUE(running && *running != 'Z') << "sleep should be running";
    ASSERT_EQ(::kill(c.pid(), SIGKILL), 0);
    const run_result r = c.finish();
    EXPECT_EQ(r.term_signal, SIGKILL);
    // The kernel kills COMMAND: it is gone, or a zombie waiting for init.
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    std::optional<char> state = process_state(command);
    while (state && *state != 'Z' && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(50ms);
      state = process_state(command);
    }
    EXPECT_TRUE(!state || *state == 'Z') << mode << ": COMMAND survived redact, state " << *state;
    if (state && *state != 'Z') ::kill(command, SIGKILL);
  }
}

}  // namespace
}  // namespace redact::test
