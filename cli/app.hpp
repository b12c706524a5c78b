// cli/app.hpp — the modes of the `redact` command (internal to the binary).
//
// Each mode is one entry point taking the parsed options and the policy;
// main.cpp picks one by options::mode. A new mode adds its entry point here
// (see cli/options.hpp for the rest of the recipe).
#pragma once

#include "cli/options.hpp"
#include "redact/policy.hpp"

namespace redact::cli {

/// Exit statuses of the command.
inline constexpr int exit_ok = 0;
inline constexpr int exit_found = 1;
inline constexpr int exit_error = 2;

/// Filter and --check modes: each FILE (or stdin) is its own stream.
int run_files(const options& opts, const policy& pol);

/// `redact exec`: runs opts.command with its stdout and stderr redacted.
int run_exec(const options& opts, const policy& pol);

// `redact rsyslog`: run_rsyslog() in cli/rsyslog.hpp.

}  // namespace redact::cli
