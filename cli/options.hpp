// cli/options.hpp — the `redact` command line, parsed into a testable value.
//
// Parsing is separate from running so that every usage error can be unit
// tested without starting a process:
//
//   redact::cli::options opts;
//   std::string error;
//   auto status = redact::cli::parse_args({"--prefix", "sk_live_", "app.log"},
//                                         redact::cli::system_env, opts, error);
//   if (status == redact::cli::parse_status::error) {
//     // print "redact: " + error, exit 2
//   }
//
// Parsing allocates and may read a rules file (`--rules FILE`); it never
// throws on bad input (only std::bad_alloc) and never puts a secret into
// `error`.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "redact/policy.hpp"

namespace redact::cli {

/// Looks up an environment variable; std::nullopt when it is not set.
using env_lookup = std::function<std::optional<std::string>(const std::string& name)>;

/// The process environment (std::getenv).
std::optional<std::string> system_env(const std::string& name);

/// What the command does.
enum class run_mode {
  filter,  ///< redact FILEs (or stdin) to stdout
  check,   ///< --check: report findings, write no redacted text
  wrap,    ///< -- COMMAND: run COMMAND with its stdout/stderr redacted
};

/// --format of the --check report.
enum class report_format { text, json };

/// Smallest and largest accepted --buffer-size.
inline constexpr std::size_t min_buffer_size = 1;
inline constexpr std::size_t max_buffer_size = std::size_t{16} << 20;
inline constexpr std::size_t default_buffer_size = std::size_t{128} << 10;  // as coreutils

/// Largest accepted --pipe-size, and the default (the kernel's default
/// pipe-max-size for unprivileged users).
inline constexpr std::size_t max_pipe_size = std::size_t{16} << 20;
inline constexpr std::size_t default_pipe_size = std::size_t{1} << 20;

/// Everything the command line says.
struct options {
  /// The redaction policy built from --prefix, --field, --rules, ...
  policy_options policy;
  run_mode mode = run_mode::filter;
  report_format format = report_format::text;
  /// -r/--recursive: directories given as FILE are walked.
  bool recursive = false;
  /// --stats: per-kind and per-label counts on stderr at the end.
  bool stats = false;
  /// --line-buffered (the command also turns it on when stdout is a terminal).
  bool line_buffered = false;
  /// --buffer-size: bytes per read(2).
  std::size_t buffer_size = default_buffer_size;
  /// --pipe-size: grow a standard input or output that is a pipe to this
  /// many bytes (0: leave pipes alone).
  std::size_t pipe_size = default_pipe_size;
  /// Inputs; empty means stdin. "-" is stdin.
  std::vector<std::string> files;
  /// COMMAND and ARGS after `--` (wrap mode).
  std::vector<std::string> command;
};

enum class parse_status {
  ok,       ///< run with the options
  help,     ///< -h/--help was given: print usage(), exit 0
  version,  ///< --version was given: print version_text(), exit 0
  error,    ///< usage error: print "redact: " + error, exit 2
};

/// Parses the arguments that follow argv[0]. Options and files may be mixed;
/// `--` starts COMMAND (wrap mode). Long options take their value as the next
/// argument or after `=` (`--prefix=sk_live_`). Reads `--rules` files and the
/// environment variables named by `--secret-env` and `--fingerprint-key-env`
/// through `env`.
parse_status parse_args(const std::vector<std::string_view>& args, const env_lookup& env,
                        options& out, std::string& error);

/// Splits a `--regex` argument `[LABEL=]PATTERN`. The text before the first
/// `=` is a label when it is a non-empty run of `[A-Za-z0-9_.-]`; otherwise the
/// whole argument is the pattern and the label is empty.
regex_rule split_regex_argument(std::string_view arg);

/// The --help text.
std::string_view usage() noexcept;
/// The --version text ("redact 0.1.0\n").
std::string_view version_text() noexcept;

}  // namespace redact::cli
