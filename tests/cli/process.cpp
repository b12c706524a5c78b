// tests/cli/process.cpp — posix_spawn + poll plumbing for the command tests.
#include "process.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <poll.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace redact::test {
namespace {

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string(what) + ": " + std::strerror(errno));
}

std::string hex8(const unsigned char* md) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < 4; ++i) {
    s += digits[md[i] >> 4];
    s += digits[md[i] & 0xf];
  }
  return s;
}

// A test process must survive writing to a child that has exited.
struct ignore_sigpipe {
  ignore_sigpipe() { std::signal(SIGPIPE, SIG_IGN); }
} const ignore_sigpipe_once;

}  // namespace

std::string redact_binary() { return REDACT_BINARY; }

child_process::child_process(const std::vector<std::string>& argv, const spawn_options& options) {
  int in[2], out[2], err[2];
  check(::pipe2(in, O_CLOEXEC) == 0, "pipe");
  check(::pipe2(out, O_CLOEXEC) == 0, "pipe");
  check(::pipe2(err, O_CLOEXEC) == 0, "pipe");

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, options.stdin_fd >= 0 ? options.stdin_fd : in[0],
                                   STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, options.stdout_fd >= 0 ? options.stdout_fd : out[1],
                                   STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
  if (!options.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, options.cwd.c_str());

  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGTERM);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

  // Environment: inherited, minus `unset`, with `env` replacing same names.
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string_view entry = *e;
    const std::string_view name = entry.substr(0, entry.find('='));
    bool drop = false;
    for (const auto& u : options.unset) drop = drop || name == u;
    for (const auto& s : options.env) drop = drop || name == s.substr(0, s.find('='));
    if (!drop) env_strings.emplace_back(entry);
  }
  for (const auto& s : options.env) env_strings.push_back(s);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  const int rc = ::posix_spawnp(&pid_, args[0], &actions, &attr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  if (rc != 0) {
    errno = rc;
    ::close(in[1]);
    ::close(out[0]);
    ::close(err[0]);
    check(false, "posix_spawnp");
  }
  in_ = in[1];
  out_fd_ = out[0];
  err_fd_ = err[0];
  if (options.stdin_fd >= 0) close_stdin();  // stdin comes from elsewhere
  if (options.stdout_fd >= 0) {              // stdout goes elsewhere: nothing to read here
    ::close(out_fd_);
    out_fd_ = -1;
  }
  ::fcntl(in_, F_SETFL, ::fcntl(in_, F_GETFL) | O_NONBLOCK);
}

child_process::~child_process() {
  for (int fd : {in_, out_fd_, err_fd_}) {
    if (fd >= 0) ::close(fd);
  }
  if (!waited_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int status;
    ::waitpid(pid_, &status, 0);
  }
}

void child_process::write_stdin(std::string_view data) {
  pending_.append(data);
  while (!pending_.empty() && in_ >= 0) pump(-1, nullptr);
}

void child_process::close_stdin() {
  if (in_ >= 0) ::close(in_);
  in_ = -1;
  input_done_ = true;
}

void child_process::close_stdout() {
  if (out_fd_ >= 0) ::close(out_fd_);
  out_fd_ = -1;
}

// One poll round: writes pending stdin bytes, reads stdout and stderr.
// Returns false when nothing happened within `timeout_ms`.
bool child_process::pump(int timeout_ms, const std::function<bool(std::string&)>* next) {
  if (pending_.empty() && next != nullptr && *next && !input_done_ && in_ >= 0) {
    if (!(*next)(pending_)) input_done_ = true;
  }
  if (pending_.empty() && input_done_ && in_ >= 0) close_stdin();
  pollfd fds[3];
  nfds_t n = 0;
  if (in_ >= 0 && !pending_.empty()) fds[n++] = pollfd{in_, POLLOUT, 0};
  if (out_fd_ >= 0) fds[n++] = pollfd{out_fd_, POLLIN, 0};
  if (err_fd_ >= 0) fds[n++] = pollfd{err_fd_, POLLIN, 0};
  if (n == 0) return false;
  const int ready = ::poll(fds, n, timeout_ms);
  if (ready < 0 && errno == EINTR) return true;
  check(ready >= 0, "poll");
  if (ready == 0) return false;
  char buffer[65536];
  for (nfds_t i = 0; i < n; ++i) {
    if (fds[i].revents == 0) continue;
    const int fd = fds[i].fd;
    if (fd == in_) {
      const ssize_t w = ::write(in_, pending_.data(), pending_.size());
      if (w > 0) {
        pending_.erase(0, static_cast<std::size_t>(w));
      } else if (w < 0 && errno != EAGAIN && errno != EINTR) {
        pending_.clear();  // the child stopped reading (EPIPE)
        close_stdin();
      }
      continue;
    }
    const ssize_t r = ::read(fd, buffer, sizeof buffer);
    if (r > 0) {
      (fd == out_fd_ ? out_ : err_).append(buffer, static_cast<std::size_t>(r));
    } else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
      ::close(fd);
      (fd == out_fd_ ? out_fd_ : err_fd_) = -1;
    }
  }
  return true;
}

bool child_process::read_stdout_until(const std::function<bool(const std::string&)>& done,
                                      std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done(out_)) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || out_fd_ < 0) return false;
    pump(static_cast<int>(left.count()), nullptr);
  }
  return true;
}

run_result child_process::finish(const std::function<bool(std::string&)>& next) {
  if (!next) input_done_ = true;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
  while (out_fd_ >= 0 || err_fd_ >= 0 || (in_ >= 0 && !pending_.empty()) ||
         (in_ >= 0 && !input_done_)) {
    if (std::chrono::steady_clock::now() > deadline) {
      ADD_FAILURE() << "child did not finish within 5 minutes; killing it";
      ::kill(pid_, SIGKILL);
      break;
    }
    pump(1000, &next);
  }
  close_stdin();
  run_result result;
  int status = 0;
  rusage usage{};
  while (::wait4(pid_, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  waited_ = true;
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.term_signal = WTERMSIG(status);
  result.out = std::move(out_);
  result.err = std::move(err_);
  result.max_rss_kib = usage.ru_maxrss;
  return result;
}

run_result run(const std::vector<std::string>& argv, std::string_view input,
               const spawn_options& options) {
  child_process child(argv, options);
  bool sent = false;
  return child.finish([&](std::string& chunk) {
    if (sent) return false;
    chunk.assign(input);
    sent = true;
    return true;
  });
}

run_result run_streaming(const std::vector<std::string>& argv,
                         const std::function<bool(std::string&)>& next,
                         const spawn_options& options) {
  child_process child(argv, options);
  return child.finish(next);
}

temp_dir::temp_dir() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "redact-cli-test-XXXXXX").string();
  check(::mkdtemp(pattern.data()) != nullptr, "mkdtemp");
  path_ = pattern;
}

temp_dir::~temp_dir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string temp_dir::write(const std::string& name, std::string_view content) const {
  const std::filesystem::path full = std::filesystem::path(path_) / name;
  std::filesystem::create_directories(full.parent_path());
  std::ofstream f(full, std::ios::binary);
  f.write(content.data(), static_cast<std::streamsize>(content.size()));
  if (!f) throw std::runtime_error("cannot write " + full.string());
  return full.string();
}

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot read " + path);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

std::string sha256_8(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  return hex8(md);
}

std::string hmac_sha256_8(std::string_view key, std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), md, &len);
  return hex8(md);
}

}  // namespace redact::test
