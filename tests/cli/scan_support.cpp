// tests/cli/scan_support.cpp — the process tests' environment for --check.
#include "scan_support.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <regex>

#include "process.hpp"

namespace redact::test {
namespace {

class check_environment : public ::testing::Environment {
 public:
  void SetUp() override {
    ::setenv("XDG_CONFIG_HOME", test_config_home().c_str(), 1);
    ::setenv("REDACT_CREDENTIAL_KEY", std::string(test_credential_key).c_str(), 1);
  }
};

::testing::Environment* const registered =
    ::testing::AddGlobalTestEnvironment(new check_environment);

}  // namespace

const std::string& test_config_home() {
  static const temp_dir dir;  // removed at exit
  return dir.path();
}

std::string summary_line(const std::string& err) {
  if (err.empty() || err.back() != '\n') return {};
  const std::size_t start = err.rfind('\n', err.size() - 2);
  return err.substr(start == std::string::npos ? 0 : start + 1,
                    err.size() - (start == std::string::npos ? 0 : start + 1) - 1);
}

std::string strip_summary(const std::string& err) {
  static const std::regex summary(
      R"(redact: \d+ findings?( \([a-z_ 0-9,]+\))?(, \d+ suppressed \([a-z.:_ 0-9,]+\))?; )"
      R"((\d+ commits?, )?\d+ files?, \d+ bytes? in \d+\.\d\d s( \(with errors\))?)");
  const std::string line = summary_line(err);
  EXPECT_TRUE(std::regex_match(line, summary)) << "no summary line at the end of: " << err;
  return err.substr(0, err.size() - line.size() - 1);
}

std::string expected_fingerprint(std::string_view kind, const std::string& secret) {
  if (kind == "field" || kind == "basic" || kind == "url")
    return "hmac-sha256:" + hmac_sha256_8(test_credential_key, secret);
  return "sha256:" + sha256_8(secret);
}

}  // namespace redact::test
