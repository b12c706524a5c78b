// Helpers shared by the adapter tests: a temporary directory, reading files
// back, and the synthetic secrets the tests plant.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "redact/redact.hpp"

namespace redact::test {

// Synthetic credentials (never real keys). Each is followed by the text the
// rules of SPEC.md turn it into.
inline constexpr std::string_view key = "qbt_AbCdEf0123456789xyz";   // Rule T
inline constexpr std::string_view key2 = "qbt_ZyXwVu9876543210abc";  // Rule T
inline constexpr std::string_view jwt =                              // Rule H / B
    "eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo";
inline constexpr std::string_view exact = "s3cr3t-Value-Only-In-Tests";  // Rule S

inline std::string str(std::string_view s) { return std::string(s); }

/// The policy the adapter tests use: SPEC's defaults plus `exact` as a Rule S
/// secret.
inline redact::policy test_policy() {
  redact::policy_options opts;
  opts.secrets.push_back({"TEST_SECRET", str(exact)});
  redact::policy pol(std::move(opts));
  EXPECT_TRUE(pol.ok()) << pol.error();
  return pol;
}

/// A fresh directory under $TMPDIR, removed with its content at scope exit.
class temp_dir {
 public:
  temp_dir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "redact-adapters-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;

  std::string file(std::string_view name) const { return (path_ / name).string(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Splits on LF; a final LF does not produce an empty last line.
inline std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

/// Fails the test (without printing it) when `secret` occurs in `text`.
inline void expect_absent(std::string_view text, std::string_view secret, std::string_view what) {
  EXPECT_EQ(text.find(secret), std::string_view::npos) << "a planted secret survived: " << what;
}

inline void expect_no_planted_secret(std::string_view text) {
  expect_absent(text, key.substr(4), "key body");
  expect_absent(text, key2.substr(4), "key2 body");
  expect_absent(text, jwt, "jwt");
  expect_absent(text, jwt.substr(0, 20), "jwt head");
  expect_absent(text, exact, "exact secret");
}

/// Redirects stderr (fd 2) into a file for the lifetime of the object.
class stderr_capture {
 public:
  explicit stderr_capture(std::string path) : path_(std::move(path)) {
    std::fflush(stderr);
    saved_ = ::dup(2);
    std::FILE* f = std::fopen(path_.c_str(), "wb");
    ::dup2(::fileno(f), 2);
    std::fclose(f);
  }
  ~stderr_capture() { restore(); }
  std::string text() {
    restore();
    return read_file(path_);
  }

 private:
  void restore() {
    if (saved_ < 0) return;
    std::fflush(stderr);
    ::dup2(saved_, 2);
    ::close(saved_);
    saved_ = -1;
  }
  std::string path_;
  int saved_ = -1;
};

}  // namespace redact::test
