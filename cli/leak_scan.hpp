// cli/leak_scan.hpp — `redact --check`: files, directories, stdin (plain or
// git text), `--git` history and `--staged` changes, with baselines,
// `.redactignore`, `redact:allow`, path globs and the report formats.
//
//   redact::cli::check_context ctx;
//   std::string error;
//   if (!redact::cli::prepare_check(opts, env, ctx, error)) { /* exit 2 */ }
//   redact::policy pol(opts.policy);          // now with the credential key
//   return redact::cli::run_check(opts, pol, ctx);
//
// Every finding goes through one path: the `redact:allow` marker of its
// line, then `.redactignore` fingerprints, then the baseline; what is left
// is reported and counted. Paths and commit authors are shown redacted
// (with the same policy), and a credential in a file's name is itself a
// finding, so no report, error message or summary carries secret bytes.
//
// prepare_check() may create the credential key file (credential_key.hpp);
// run_check() reads inputs, runs git, writes the report to stdout, the
// summary and errors to stderr, and the baseline file. Both allocate.
#pragma once

#include <string>

#include "cli/options.hpp"
#include "redact/policy.hpp"

namespace redact::cli {

struct check_context {
  /// "credential-key" (field, basic and url keyed) or "fingerprint-key"
  /// (every kind keyed by --fingerprint-key-env).
  std::string keying;
  /// Identifier of the key in use (credential_key.hpp's key_id()).
  std::string key_id;
  /// Where the key came from, for messages.
  std::string key_source;
};

/// Resolves the fingerprint key of a --check run into opts.policy and fills
/// `ctx`; prints warnings (never the key) to stderr. False with `error` when
/// a named key source fails.
bool prepare_check(options& opts, const env_lookup& env, check_context& ctx, std::string& error);

/// Runs --check. Returns the exit status: 0 nothing reported (or a baseline
/// was written), --exit-code's value (default 1) when findings were
/// reported, 2 on an error.
int run_check(const options& opts, const policy& pol, const check_context& ctx);

}  // namespace redact::cli
