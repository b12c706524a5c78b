// tests/cli/scan_support.hpp — shared helpers of the `--check` process tests.
//
// The test binary's global environment (scan_support.cpp) points
// XDG_CONFIG_HOME at a temporary folder and sets REDACT_CREDENTIAL_KEY to
// test_credential_key, so every `redact --check` the tests start keys field,
// basic and url fingerprints with a known key and never touches the user's
// ~/.config. Tests of the default key sources unset or override them.
#pragma once

#include <string>
#include <string_view>

namespace redact::test {

/// The value of REDACT_CREDENTIAL_KEY in the tests' environment.
inline constexpr std::string_view test_credential_key = "redact-test-credential-key";

/// The temporary XDG_CONFIG_HOME of the tests' environment.
const std::string& test_config_home();

/// `err` without its last line when that line is --check's summary
/// ("redact: N finding(s)...; ... in S s"); fails the test when the summary
/// is missing.
std::string strip_summary(const std::string& err);

/// The summary line of `err` (its last line), or "".
std::string summary_line(const std::string& err);

/// Expected fingerprint text of a finding of `kind` for `secret` with the
/// test key: hmac-sha256 for field, basic and url, sha256 otherwise.
std::string expected_fingerprint(std::string_view kind, const std::string& secret);

}  // namespace redact::test
