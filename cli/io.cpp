// cli/io.cpp — write(2)/read(2) loops and the buffered fd output.
#include "cli/io.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace redact::cli {
namespace {

// Waits until `fd` is ready for `events` (after EAGAIN on a descriptor that
// someone else made non-blocking).
void wait_ready(int fd, short events) noexcept {
  pollfd p{fd, events, 0};
  while (::poll(&p, 1, -1) < 0 && errno == EINTR) {
  }
}

}  // namespace

void print_error(std::string_view message) noexcept {
  std::string line;
  try {
    line.reserve(message.size() + 9);
    line += "redact: ";
    line += message;
    line += '\n';
  } catch (...) {
    return;
  }
  (void)write_all(STDERR_FILENO, line.data(), line.size());
}

opened_input open_input(const std::string& path, std::string_view shown, std::string& error) {
  opened_input in;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    error = "cannot open '" + std::string(shown) + "': " + std::strerror(errno);
    return in;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    error = "cannot stat '" + std::string(shown) + "': " + std::strerror(errno);
    ::close(fd);
    return in;
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    in.directory = true;
    return in;
  }
  in.fd = fd;
  return in;
}

bool read_small_file(const std::string& path, std::string& text, std::string& error) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = "cannot open '" + path + "': " + std::strerror(errno);
    return false;
  }
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    error = "cannot read '" + path + "': Is a directory";
    return false;
  }
  char buffer[8192];
  for (;;) {
    const long n = read_some(fd, buffer, sizeof buffer);
    if (n < 0) {
      error = "cannot read '" + path + "': " + std::strerror(static_cast<int>(-n));
      ::close(fd);
      return false;
    }
    if (n == 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.size() > max_small_file) {
      error = "'" + path + "' is larger than 16 MiB";
      ::close(fd);
      return false;
    }
  }
  ::close(fd);
  return true;
}

int write_all(int fd, const char* data, std::size_t size) noexcept {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        wait_ready(fd, POLLOUT);
        continue;
      }
      return errno;
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return 0;
}

void grow_pipe(int fd, std::size_t bytes) noexcept {
#if defined(F_GETPIPE_SZ) && defined(F_SETPIPE_SZ)
  const int now = ::fcntl(fd, F_GETPIPE_SZ);
  if (now >= 0 && static_cast<std::size_t>(now) < bytes)
    (void)::fcntl(fd, F_SETPIPE_SZ, static_cast<int>(bytes));
#else
  (void)fd;
  (void)bytes;
#endif
}

long read_some(int fd, char* data, std::size_t size) noexcept {
  for (;;) {
    const ssize_t n = ::read(fd, data, size);
    if (n >= 0) return static_cast<long>(n);
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      wait_ready(fd, POLLIN);
      continue;
    }
    return -static_cast<long>(errno);
  }
}

fd_output::fd_output(int fd, std::size_t capacity)
    : fd_(fd),
      buffer_(new char[capacity == 0 ? 1 : capacity]),
      capacity_(capacity == 0 ? 1 : capacity) {}

void fd_output::write(std::string_view piece) {
  total_ += piece.size();
  if (error_ != 0) return;
  if (piece.size() <= capacity_ - size_) {
    std::memcpy(buffer_.get() + size_, piece.data(), piece.size());
    size_ += piece.size();
    return;
  }
  if (!flush()) return;
  if (piece.size() >= capacity_) {
    error_ = write_all(fd_, piece.data(), piece.size());
    return;
  }
  std::memcpy(buffer_.get(), piece.data(), piece.size());
  size_ = piece.size();
}

bool fd_output::flush() noexcept {
  if (error_ == 0 && size_ > 0) error_ = write_all(fd_, buffer_.get(), size_);
  size_ = 0;
  return error_ == 0;
}

bool fd_output::broken_pipe() const noexcept { return error_ == EPIPE; }

}  // namespace redact::cli
