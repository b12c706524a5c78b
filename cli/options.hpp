// cli/options.hpp — the `redact` command line, parsed into a testable value.
//
// Parsing is separate from running so that every usage error can be unit
// tested without starting a process:
//
//   redact::cli::options opts;
//   std::string error;
//   auto status = redact::cli::parse_args({"--prefix", "sk_live_", "app.log"},
//                                         redact::cli::env_lookup(), opts, error);
//   if (status == redact::cli::parse_status::usage) {
//     // print "redact: " + error, then "Try 'redact --help' ...", exit 2
//   }
//
// The command line:
//
//   redact [OPTIONS] [--] [FILE...]                  filter (run_mode::filter)
//   redact --check [OPTIONS] [--] [FILE...]          scan   (run_mode::check)
//   redact exec [OPTIONS] [--] COMMAND [ARGS...]     wrap   (run_mode::exec)
//   redact rsyslog [OPTIONS]                         rsyslog mmexternal program (run_mode::rsyslog)
//
// A subcommand is the first argument. Options follow GNU conventions:
// `--name VALUE` or `--name=VALUE`, short flags bundle (`-rq`), options and
// FILEs mix freely, `--` ends the options. Rule options (`--prefix`, ...)
// are the rule vocabulary of cli/vocabulary.hpp and are valid in every mode.
//
// Where a new mode plugs in (see options.cpp for the tables):
//   1. a run_mode value below, and its fields in `options`;
//   2. a row in options.cpp's k_subcommands (for `redact NAME ...`), or a
//      flag row that switches the mode (as `--check` does);
//   3. rows for its own options in options.cpp's k_options, with the mode's
//      bit in `modes`, and their text in help.cpp;
//   4. a case in main.cpp's dispatch, and an entry point in cli/app.hpp.
//
// Parsing allocates, may read rules files (`--rules FILE`) and the
// environment (through `env`), and stats the first operand after `--` (to
// recognise the old wrap form); it never throws on bad input (only
// std::bad_alloc) and never puts a secret into `error` or `notices`.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "cli/leak_options.hpp"
#include "cli/rsyslog.hpp"
#include "cli/vocabulary.hpp"
#include "redact/policy.hpp"

namespace redact::cli {

/// What the command does.
enum class run_mode {
  filter,   ///< redact FILEs (or stdin) to stdout
  check,    ///< --check (or -q): report findings, write no redacted text
  exec,     ///< exec COMMAND: run COMMAND with its stdout/stderr redacted
  rsyslog,  ///< rsyslog: answer rsyslog's mmexternal action on stdin/stdout
};

/// --format of the --check report.
enum class report_format { text, json, sarif };

/// Whether `redact exec` gives COMMAND pseudo-terminals.
enum class pty_mode {
  automatic,  ///< each of COMMAND's stdout/stderr is a pty when ours is a terminal
  on,         ///< --pty: both are ptys
  off,        ///< --no-pty: both are pipes
};

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
  /// The redaction policy: the core's defaults plus the rule options.
  policy_options policy;
  run_mode mode = run_mode::filter;
  report_format format = report_format::text;
  /// -q/--quiet: --check without report lines; stop at the first finding.
  bool quiet = false;
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
  /// --pty / --no-pty (exec).
  pty_mode pty = pty_mode::automatic;
  /// Inputs; empty means stdin. "-" is stdin.
  std::vector<std::string> files;
  /// COMMAND and ARGS (exec).
  std::vector<std::string> command;
  /// --input and --marker (rsyslog).
  rsyslog_settings rsyslog;
  /// Things the user should know that are not errors (a variable a
  /// --secret-env glob matched but that is too short to mask); main prints
  /// each as "redact: " + notice.
  std::vector<std::string> notices;
  /// --check's leak-scanning options (--git, --baseline, ...).
  leak_options leak;
};

enum class parse_status {
  ok,       ///< run with the options
  help,     ///< -h/--help: print usage(opts.mode), exit 0
  version,  ///< --version: print version_text(), exit 0
  usage,    ///< command-line error: print "redact: " + error and try_help(opts.mode), exit 2
  error,    ///< configuration error (rules file, environment, invalid rule): print
            ///< "redact: " + error, exit 2
};

/// Parses the arguments that follow argv[0] into `out` (which should be
/// default-constructed). Reads `--rules` files, and the environment
/// variables named by `--secret-env` and `--fingerprint-key-env` through
/// `env`.
parse_status parse_args(const std::vector<std::string_view>& args, const env_lookup& env,
                        options& out, std::string& error);

/// One row per option, for the help, the man page and the completion tests.
struct option_info {
  std::string_view name;        ///< "--prefix"
  char short_name;              ///< 'r', or 0
  std::string_view value_name;  ///< "P"; empty for a flag
  unsigned modes;               ///< bit (1 << run_mode) for each mode it is valid in
};

/// Every option the command accepts.
std::vector<option_info> all_options();

/// Every subcommand name (`exec`, ...).
std::vector<std::string_view> subcommand_names();

/// The --help text of `mode` (filter and check share one).
const std::string& usage(run_mode mode = run_mode::filter);
/// The line printed after a usage error in `mode`.
std::string_view try_help(run_mode mode = run_mode::filter) noexcept;
/// The --version text ("redact 0.1.0\n").
std::string_view version_text() noexcept;

}  // namespace redact::cli
