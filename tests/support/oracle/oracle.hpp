// oracle.hpp — a slow, obviously-correct reference redactor for tests.
//
// The oracle implements contract version 2 (SPEC.md) — transparent escape
// sequences, the Rule S pass with encoded forms, Rules H, P, K, U, B, J, T, E
// with their precedence, bounds and switches, and the findings report — but
// not Rule R. It follows the options it is given (`policy_options`'s
// defaults are still version 1's; `redact::spec::spec_defaults()` in
// tests/support/spec gives SPEC's). Where SPEC leaves a choice open it follows
// docs/rules.md's interpretations. It is deliberately simple: the whole input
// in memory, every rule tried at every position, nothing streamed, nothing
// optimised beyond keeping corpora tractable. It was written from SPEC's text
// without looking at the core's implementation, so that the differential
// tests (tests/differential/) and the fuzz targets compare two independent
// readings of the same contract.
//
//   redact::policy_options opts = redact::spec::spec_defaults();
//   auto r = redact::oracle::oracle_run("Authorization: Bearer abc", opts);
//   // r.output == "Authorization: Bearer ***"
//   // r.findings[0].kind == redact::finding_kind::field, .label == "Authorization",
//   // .line == 1, .column == 23, .fingerprint == first 8 hex of sha256("abc")
//
// Everything here allocates freely and may throw std::bad_alloc; speed is
// quadratic in the worst case. Never use it outside tests.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "redact/policy.hpp"
#include "redact/redactor.hpp"

namespace redact::oracle {

/// The oracle reads the same options as the core (Rule R's `regexes` and
/// `regex_line_window` are ignored: the oracle does not implement Rule R).
using oracle_config = redact::policy_options;

/// One finding, with owned strings (comparable with ==).
struct oracle_finding {
  finding_kind kind = finding_kind::token;
  std::string label;
  std::uint64_t line = 0;
  std::uint64_t column = 0;
  std::string fingerprint;  ///< 8 lowercase hex digits

  friend bool operator==(const oracle_finding&, const oracle_finding&) = default;
};

/// Redacted text plus findings, sorted by (line, column, kind).
struct oracle_result {
  std::string output;
  std::vector<oracle_finding> findings;
};

/// Redacts `input` under `config` (which must be valid: see oracle_validate).
oracle_result oracle_run(std::string_view input, const oracle_config& config);

/// The redacted text only.
std::string oracle_redact(std::string_view input, const oracle_config& config);

/// The configuration errors SPEC and docs/rules.md require a policy to refuse
/// (empty or malformed prefixes and field names, length bounds out of range,
/// exact secrets without a line of 6 bytes, with a line over 4096 bytes or an
/// escape sequence, regexes RE2 cannot compile). Returns an empty string when
/// `config` is valid, otherwise a reason (never a secret's value).
std::string oracle_validate(const oracle_config& config);

/// First 8 lowercase hex digits of SHA-256 (or HMAC-SHA256 keyed by
/// config.fingerprint_key) of `bytes`.
std::string oracle_fingerprint(std::string_view bytes, const oracle_config& config);

/// The same for a finding of `kind`: config.fingerprint_key keys every kind;
/// config.credential_fingerprint_key (when fingerprint_key is unset) keys
/// kinds `field`, `basic` and `url` only.
std::string oracle_fingerprint(std::string_view bytes, const oracle_config& config,
                               finding_kind kind);

/// SPEC's name of a finding kind ("token", …, "private_key").
std::string_view kind_name(finding_kind kind);

/// A short printable rendering of a finding for test failure messages
/// (kind, label, line, column, fingerprint — never the secret itself).
std::string describe(const oracle_finding& f);

}  // namespace redact::oracle
