// cli/io.hpp — raw file-descriptor I/O for the `redact` command.
//
// The command writes with write(2) through one fixed buffer per descriptor
// (no iostreams, no allocation after construction):
//
//   redact::cli::fd_output out(STDOUT_FILENO, 64 * 1024);
//   redactor.write(chunk, out);        // pieces land in out's buffer
//   if (!out.flush()) { ... out.broken_pipe() / out.error() ... }
//
// Short writes and EINTR are retried; a descriptor left non-blocking by the
// caller is waited on with poll(2). The first failure is remembered and every
// later byte is dropped, so the redactor keeps running without effect and the
// command decides how to end (quietly on EPIPE, exit 2 otherwise).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "redact/redactor.hpp"

namespace redact::cli {

/// Writes "redact: " + message + "\n" to stderr in one write(2), so lines
/// of concurrent writers do not interleave. Allocates the line; drops the
/// message when it cannot (never throws).
void print_error(std::string_view message) noexcept;

/// Largest file read_small_file() accepts.
inline constexpr std::size_t max_small_file = std::size_t{16} << 20;

/// Reads all of a small file (a rules file) into `text`. On failure returns
/// false with a one-line `error` naming the path and the reason ("cannot open
/// 'x': No such file or directory", "... is a directory", "... is larger than
/// 16 MiB"); never the contents. Allocates.
bool read_small_file(const std::string& path, std::string& text, std::string& error);

/// An input named on the command line, opened for reading.
struct opened_input {
  int fd = -1;             ///< open (the caller closes it) unless `directory` or an error
  bool directory = false;  ///< a directory (closed; -r decides what to do)
};

/// Opens `path` for reading. On failure returns fd -1 with a one-line
/// `error` naming it as `shown` ("cannot open 'x': No such file or
/// directory", "cannot stat ..."); a directory comes back closed and flagged.
opened_input open_input(const std::string& path, std::string_view shown, std::string& error);

/// Writes all of [data, data+size) to `fd`, retrying EINTR, short writes and
/// EAGAIN. Returns 0 or the errno of the failure (EPIPE when the reader left;
/// SIGPIPE must be ignored for that).
int write_all(int fd, const char* data, std::size_t size) noexcept;

/// When `fd` is a pipe smaller than `bytes`, asks the kernel to grow it
/// (Linux F_SETPIPE_SZ). Fewer, larger transfers speed up a whole pipeline;
/// refusals (the per-user pipe limits, not a pipe) are ignored.
void grow_pipe(int fd, std::size_t bytes) noexcept;

/// Reads up to `size` bytes, retrying EINTR and waiting on EAGAIN. Returns
/// the byte count, 0 at end of input, or -errno.
long read_some(int fd, char* data, std::size_t size) noexcept;

/// A buffered redact::output on a file descriptor. Does not own the fd.
class fd_output final : public output {
 public:
  /// Allocates the buffer (`capacity` bytes, at least 1).
  fd_output(int fd, std::size_t capacity);

  /// Buffers `piece`, writing the buffer out when it fills. Pieces at least
  /// as large as the buffer go straight to the descriptor.
  void write(std::string_view piece) override;
  /// Writes out everything buffered. False once any write failed.
  bool flush() noexcept;

  /// True once a write failed; later output is dropped.
  bool failed() const noexcept { return error_ != 0; }
  /// The errno of the first failed write, 0 if none.
  int error() const noexcept { return error_; }
  /// True when the reader went away (EPIPE).
  bool broken_pipe() const noexcept;
  /// Bytes accepted by write() so far.
  unsigned long long bytes_written() const noexcept { return total_; }

 private:
  int fd_;
  std::unique_ptr<char[]> buffer_;
  std::size_t capacity_;
  std::size_t size_ = 0;
  int error_ = 0;
  unsigned long long total_ = 0;
};

/// Discards everything (the text side of --check).
class null_output final : public output {
 public:
  void write(std::string_view) override {}
};

}  // namespace redact::cli
