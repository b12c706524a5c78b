// tests/cli/process.hpp — runs a program through real pipes for the command
// tests.
//
//   auto r = redact::test::run({redact::test::redact_binary(), "--check"}, "key=qbt_...\n");
//   EXPECT_EQ(r.exit_code, 1);
//   EXPECT_EQ(r.out, "-:1:5: token qbt_ sha256:...\n");
//
// Children are started with posix_spawn (vfork semantics), so a child's peak
// RSS (from wait4) is its own, not a copy of the test process's.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace redact::test {

/// Path of the built `redact` binary.
std::string redact_binary();

struct spawn_options {
  /// "NAME=value" entries added to (or replacing in) the inherited environment.
  std::vector<std::string> env;
  /// Variables removed from the environment.
  std::vector<std::string> unset;
  /// Working directory of the child (empty: inherit).
  std::string cwd;
  /// When >= 0, the child's stdout is this descriptor instead of a pipe.
  int stdout_fd = -1;
  /// When >= 0, the child's stdin is this descriptor instead of a pipe.
  int stdin_fd = -1;
};

struct run_result {
  /// Exit status, or -1 when the child was killed by a signal.
  int exit_code = -1;
  /// The signal that killed the child, 0 if it exited.
  int term_signal = 0;
  std::string out;
  std::string err;
  /// Peak resident set size of the child in KiB (wait4's ru_maxrss).
  long max_rss_kib = 0;
};

/// A running child with pipes on stdin, stdout and stderr.
class child_process {
 public:
  child_process(const std::vector<std::string>& argv, const spawn_options& options = {});
  ~child_process();
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  pid_t pid() const { return pid_; }
  /// Writes all of `data` to the child's stdin (blocking).
  void write_stdin(std::string_view data);
  void close_stdin();
  /// Closes our end of the child's stdout (the reader goes away).
  void close_stdout();
  /// Reads the child's stdout until `done(collected)` holds or `timeout`
  /// passes. Returns whether `done` held. Stderr is collected meanwhile.
  bool read_stdout_until(const std::function<bool(const std::string&)>& done,
                         std::chrono::milliseconds timeout);
  /// Everything read from stdout so far.
  const std::string& out() const { return out_; }
  /// Feeds `next` chunks to stdin (until it returns false), collects stdout
  /// and stderr until both close, and waits for the child.
  run_result finish(const std::function<bool(std::string&)>& next = {});

 private:
  bool pump(int timeout_ms, const std::function<bool(std::string&)>* next);

  pid_t pid_ = -1;
  int in_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::string out_;
  std::string err_;
  std::string pending_;  // stdin bytes not yet written
  bool input_done_ = false;
  bool waited_ = false;
};

/// Runs `argv` with `input` on stdin and waits for it.
run_result run(const std::vector<std::string>& argv, std::string_view input = {},
               const spawn_options& options = {});

/// Runs `argv` with stdin fed chunk by chunk from `next` (returns false at the
/// end), for inputs too large to hold.
run_result run_streaming(const std::vector<std::string>& argv,
                         const std::function<bool(std::string&)>& next,
                         const spawn_options& options = {});

/// A fresh temporary directory, removed (recursively) by the destructor.
class temp_dir {
 public:
  temp_dir();
  ~temp_dir();
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  const std::string& path() const { return path_; }
  /// Writes `content` to path()/name (creating parent folders) and returns the full path.
  std::string write(const std::string& name, std::string_view content) const;

 private:
  std::string path_;
};

/// Reads a whole file (test data). Fails the test when it cannot.
std::string read_file(const std::string& path);

/// First 8 hex digits of SHA-256(data), computed with OpenSSL EVP.
std::string sha256_8(std::string_view data);
/// First 8 hex digits of HMAC-SHA256(key, data), computed with OpenSSL.
std::string hmac_sha256_8(std::string_view key, std::string_view data);

}  // namespace redact::test
