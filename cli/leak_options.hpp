// cli/leak_options.hpp — the `--check` options of leak scanning: git history
// and staged changes, baselines, ignore rules, path globs, exit code and the
// credential key.
//
//   redact::cli::leak_options leak;
//   std::string error;
//   if (!redact::cli::apply_leak_option(leak, "--baseline", "known.json", error)) { ... }
//   error = redact::cli::finish_leak_options(leak, files, /*check=*/true);
//
// Kept apart from the general options: the command line's option table
// (cli/options.cpp) routes these names here. Allocates; throws only std::bad_alloc; messages
// never contain a secret (they name options, globs and file paths only).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/path_glob.hpp"

namespace redact::cli {

struct leak_options {
  /// --git: scan history; `revisions` are the positional arguments (none:
  /// every ref, `--all`).
  bool git = false;
  std::vector<std::string> revisions;
  /// --staged: scan what `git commit` would add (the index against HEAD).
  bool staged = false;
  /// --removed: also report credentials on removed lines of diffs.
  bool removed = false;
  /// --repo DIR: the repository for --git and --staged (default: the
  /// current directory's).
  std::optional<std::string> repo;
  /// --baseline FILE, --write-baseline FILE.
  std::optional<std::string> baseline;
  std::optional<std::string> write_baseline;
  /// --ignore-file FILE (default: .redactignore at the repository's top or
  /// in the current directory, when it exists).
  std::optional<std::string> ignore_file;
  /// --include GLOB, --exclude GLOB.
  path_filter paths;
  /// --exit-code N: the exit status when findings are reported.
  int exit_code = 1;
  /// --no-summary: no summary line on stderr.
  bool summary = true;
  /// --credential-key-env NAME, --credential-key-file FILE.
  std::optional<std::string> credential_key_env;
  std::optional<std::string> credential_key_file;

  /// True when an option that only --check uses was given.
  bool any_given = false;
};

/// Applies one leak option (`value` is ignored for flags). Returns false with
/// a message for a bad value.
bool apply_leak_option(leak_options& opts, std::string_view name, std::string_view value,
                       std::string& error);

/// Checks the combination once all options are read: `files` are the
/// positional arguments (moved into `revisions` for --git). Returns "" or a
/// message. `check`: --check was given.
std::string finish_leak_options(leak_options& opts, std::vector<std::string>& files, bool check);

}  // namespace redact::cli
