// cli/scan.cpp — filter mode over files, directories and stdin (--check is
// cli/leak_scan.cpp).
//
// Each input is its own stream: the redactor is reset between inputs, so a
// key cut off at the end of one file never joins the start of the next, and
// line numbers restart. Memory is one read buffer (--buffer-size), one output
// buffer and the redactor's fixed state, whatever the input.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cli/app.hpp"
#include "cli/io.hpp"
#include "cli/report.hpp"
#include "redact/redact.hpp"

namespace redact::cli {

namespace {

constexpr std::size_t output_buffer_size = std::size_t{128} << 10;

class file_scanner {
 public:
  file_scanner(const options& opts, const policy& pol)
      : opts_(opts),
        redactor_(pol),
        stdout_(STDOUT_FILENO, output_buffer_size),
        input_(new char[opts.buffer_size]) {
    if (opts.stats) redactor_.set_finding_handler([this](const finding& f) { stats_.add(f); });
  }

  int run() {
    if (opts_.pipe_size > 0) {
      grow_pipe(STDOUT_FILENO, opts_.pipe_size);
      if (opts_.files.empty() ||
          std::find(opts_.files.begin(), opts_.files.end(), "-") != opts_.files.end())
        grow_pipe(STDIN_FILENO, opts_.pipe_size);
    }
    if (opts_.files.empty()) {
      scan_fd(STDIN_FILENO, "standard input");
    } else {
      for (const std::string& name : opts_.files) {
        if (stopped_) break;
        if (name == "-") {
          scan_fd(STDIN_FILENO, "standard input");
        } else {
          scan_path(name);
        }
      }
    }
    stdout_.flush();
    if (stdout_.failed() && !stdout_.broken_pipe()) {
      print_error(std::string("write error: ") + std::strerror(stdout_.error()));
      had_error_ = true;
    }
    if (opts_.stats) {
      const std::string summary = stats_.render();
      (void)write_all(STDERR_FILENO, summary.data(), summary.size());
    }
    return had_error_ ? exit_error : exit_ok;
  }

 private:
  // Reports an error about one input after flushing the output already
  // redacted, so stdout and stderr stay in order.
  void input_error(std::string_view message) {
    stdout_.flush();
    print_error(message);
    had_error_ = true;
  }

  void scan_path(const std::string& path) {
    std::string error;
    const opened_input in = open_input(path, path, error);
    if (!error.empty()) {
      input_error(error);
      return;
    }
    if (in.directory) {
      if (!opts_.recursive) {
        input_error("'" + path + "' is a directory (use -r to scan directories)");
        return;
      }
      scan_directory(path);
      return;
    }
    scan_fd(in.fd, "'" + path + "'");
    ::close(in.fd);
  }

  // Scans a directory's entries in byte order of their names, depth first.
  // Symbolic links and special files (fifos, sockets, devices) found while
  // walking are skipped, as `grep -r` does: a fifo would block, a link could
  // loop.
  void scan_directory(const std::string& path) {
    DIR* dir = ::opendir(path.c_str());
    if (dir == nullptr) {
      input_error("cannot open directory '" + path + "': " + std::strerror(errno));
      return;
    }
    std::vector<std::string> names;
    errno = 0;
    while (const dirent* entry = ::readdir(dir)) {
      const std::string_view name = entry->d_name;
      if (name != "." && name != "..") names.emplace_back(name);
    }
    ::closedir(dir);
    std::sort(names.begin(), names.end());
    const std::string base = path.ends_with('/') ? path : path + '/';
    for (const std::string& name : names) {
      if (stopped_) return;
      const std::string child = base + name;
      struct stat st {};
      if (::lstat(child.c_str(), &st) != 0) {
        input_error("cannot stat '" + child + "': " + std::strerror(errno));
        continue;
      }
      if (S_ISDIR(st.st_mode)) {
        scan_directory(child);
      } else if (S_ISREG(st.st_mode)) {
        scan_path(child);
      }
    }
  }

  // One stream: reset, read until EOF, finish.
  void scan_fd(int fd, const std::string& message_name) {
    redactor_.reset();
    stats_.add_stream();
    output& text = stdout_;
    for (;;) {
      const long n = read_some(fd, input_.get(), opts_.buffer_size);
      if (n < 0) {
        // Fail closed: bytes the redactor still holds back are undecided (a
        // key may continue past them), so they are dropped, not flushed.
        redactor_.reset();
        input_error("cannot read " + message_name + ": " + std::strerror(static_cast<int>(-n)));
        return;
      }
      if (n == 0) break;
      const std::string_view chunk(input_.get(), static_cast<std::size_t>(n));
      stats_.add_bytes(chunk.size());
      redactor_.write(chunk, text);
      if (stopped_ || stdout_.failed()) return stop();
      // Line-buffered: everything decided goes out now, so a line (or a
      // prompt) appears without waiting for more input.
      if (opts_.line_buffered) stdout_.flush();
      if (stdout_.failed()) return stop();
    }
    redactor_.finish(text);
    if (opts_.line_buffered) stdout_.flush();
    if (stdout_.failed()) stop();
  }

  // Our stdout went away or failed: nothing more can be delivered.
  void stop() { stopped_ = true; }

  const options& opts_;
  redactor redactor_;
  fd_output stdout_;
  stats_collector stats_;
  std::unique_ptr<char[]> input_;
  bool had_error_ = false;
  bool stopped_ = false;
};

}  // namespace

int run_files(const options& opts, const policy& pol) { return file_scanner(opts, pol).run(); }

}  // namespace redact::cli
