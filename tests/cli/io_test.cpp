// Unit tests of the buffered descriptor output (cli/io.hpp).
#include "cli/io.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <string>

namespace redact::cli {
namespace {

struct pipe_pair {
  int fds[2];
  pipe_pair() { EXPECT_EQ(::pipe2(fds, O_CLOEXEC), 0); }
  ~pipe_pair() {
    for (int fd : fds) {
      if (fd >= 0) ::close(fd);
    }
  }
  std::string drain() {
    ::close(fds[1]);
    fds[1] = -1;
    std::string all;
    char buf[4096];
    for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) {
      all.append(buf, static_cast<std::size_t>(n));
    }
    return all;
  }
};

TEST(FdOutput, BuffersSmallPiecesAndPassesLargeOnesThrough) {
  pipe_pair p;
  {
    fd_output out(p.fds[1], 8);
    out.write("abc");
    out.write("defgh");       // fills the buffer exactly
    out.write("i");           // forces a flush first
    out.write("0123456789");  // larger than the buffer: flushed "i", then direct
    out.write("");
    out.write("xyz");
    EXPECT_TRUE(out.flush());
    EXPECT_FALSE(out.failed());
    EXPECT_EQ(out.bytes_written(), 22u);
  }
  EXPECT_EQ(p.drain(), "abcdefghi0123456789xyz");
}

TEST(FdOutput, NothingIsWrittenBeforeFlushWhileItFits) {
  pipe_pair p;
  fd_output out(p.fds[1], 64);
  out.write("held");
  ::fcntl(p.fds[0], F_SETFL, O_NONBLOCK);
  char c;
  EXPECT_EQ(::read(p.fds[0], &c, 1), -1);
  EXPECT_EQ(errno, EAGAIN);
  EXPECT_TRUE(out.flush());
  EXPECT_EQ(::read(p.fds[0], &c, 1), 1);
  EXPECT_EQ(c, 'h');
}

TEST(FdOutput, BrokenPipeIsRememberedAndLaterOutputDropped) {
  std::signal(SIGPIPE, SIG_IGN);
  pipe_pair p;
  ::close(p.fds[0]);
  p.fds[0] = -1;
  fd_output out(p.fds[1], 4);
  out.write("ab");
  EXPECT_FALSE(out.flush());
  EXPECT_TRUE(out.failed());
  EXPECT_TRUE(out.broken_pipe());
  EXPECT_EQ(out.error(), EPIPE);
  out.write("more bytes than the buffer");  // dropped, no crash
  EXPECT_FALSE(out.flush());
}

TEST(FdOutput, OtherErrorsAreNotBrokenPipe) {
  const int full = ::open("/dev/full", O_WRONLY | O_CLOEXEC);
  if (full < 0) GTEST_SKIP() << "/dev/full is not available";
  fd_output out(full, 16);
  out.write("x");
  EXPECT_FALSE(out.flush());
  EXPECT_EQ(out.error(), ENOSPC);
  EXPECT_FALSE(out.broken_pipe());
  ::close(full);
}

TEST(WriteAll, WaitsOnANonBlockingDescriptorInsteadOfFailing) {
  pipe_pair p;
  ::fcntl(p.fds[1], F_SETFL, O_NONBLOCK);
  const std::string big(1 << 20, 'z');  // far more than a pipe holds
  // A child process drains the pipe slowly enough that write(2) hits EAGAIN.
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::close(p.fds[1]);
    char buf[65536];
    std::size_t total = 0;
    for (ssize_t n; (n = ::read(p.fds[0], buf, sizeof buf)) > 0;)
      total += static_cast<std::size_t>(n);
    ::_exit(total == (1u << 20) ? 0 : 1);
  }
  EXPECT_EQ(write_all(p.fds[1], big.data(), big.size()), 0);
  ::close(p.fds[1]);
  p.fds[1] = -1;
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

TEST(ReadSome, ReturnsBytesZeroAtEndAndMinusErrno) {
  pipe_pair p;
  ASSERT_EQ(::write(p.fds[1], "hey", 3), 3);
  ::close(p.fds[1]);
  p.fds[1] = -1;
  char buf[8];
  EXPECT_EQ(read_some(p.fds[0], buf, sizeof buf), 3);
  EXPECT_EQ(read_some(p.fds[0], buf, sizeof buf), 0);
  EXPECT_EQ(read_some(-1, buf, sizeof buf), -EBADF);
}

}  // namespace
}  // namespace redact::cli
