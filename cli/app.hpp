// cli/app.hpp — the modes of the `redact` command (internal to the binary).
#pragma once

#include <string_view>

#include "cli/options.hpp"
#include "redact/policy.hpp"

namespace redact::cli {

/// Exit statuses of the command.
inline constexpr int exit_ok = 0;
inline constexpr int exit_found = 1;
inline constexpr int exit_error = 2;

/// Filter and --check modes: each FILE (or stdin) is its own stream.
int run_files(const options& opts, const policy& pol);

/// Wrap mode: runs opts.command with its stdout and stderr redacted.
int run_command(const options& opts, const policy& pol);

}  // namespace redact::cli
