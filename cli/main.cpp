// cli/main.cpp — entry point of the `redact` command: parse, build the
// policy, dispatch to the mode (cli/app.hpp). A new mode (subcommand or
// mode flag, see cli/options.hpp) adds its case to the switch below.
#include <unistd.h>

#include <csignal>
#include <string>
#include <string_view>
#include <vector>

#include "cli/app.hpp"
#include "cli/io.hpp"
#include "cli/leak_scan.hpp"
#include "cli/options.hpp"
#include "cli/rsyslog.hpp"
#include "redact/redact.hpp"

int main(int argc, char** argv) {
  using namespace redact::cli;
  // A reader that goes away (`redact big.log | head -1`) must end us quietly:
  // with SIGPIPE ignored, write(2) reports EPIPE and the command stops.
  std::signal(SIGPIPE, SIG_IGN);

  std::vector<std::string_view> args(argv + 1, argv + argc);
  options opts;
  std::string error;
  const env_lookup env;  // the process environment
  const parse_status status = parse_args(args, env, opts, error);
  for (const std::string& notice : opts.notices) print_error(notice);
  switch (status) {
    case parse_status::help: {
      const std::string& text = usage(opts.mode);
      return write_all(STDOUT_FILENO, text.data(), text.size()) == 0 ? exit_ok : exit_error;
    }
    case parse_status::version: {
      const std::string_view text = version_text();
      return write_all(STDOUT_FILENO, text.data(), text.size()) == 0 ? exit_ok : exit_error;
    }
    case parse_status::usage: {
      print_error(error);
      const std::string hint = std::string(try_help(opts.mode)) + "\n";
      (void)write_all(STDERR_FILENO, hint.data(), hint.size());
      return exit_error;
    }
    case parse_status::error:
      print_error(error);
      return exit_error;
    case parse_status::ok:
      break;
  }
  if (!opts.line_buffered && ::isatty(STDOUT_FILENO) == 1) opts.line_buffered = true;

  // --check keys the fingerprints of weak credentials (docs/redact.md).
  check_context check;
  if (opts.mode == run_mode::check && !prepare_check(opts, env, check, error)) {
    print_error(error);
    return exit_error;
  }
  const redact::policy pol(opts.policy);
  if (!pol.ok()) {
    print_error(pol.error());
    return exit_error;
  }
  switch (opts.mode) {
    case run_mode::filter:
      return run_files(opts, pol);
    case run_mode::check:
      return run_check(opts, pol, check);
    case run_mode::exec:
      return run_exec(opts, pol);
    case run_mode::rsyslog:
      return run_rsyslog(opts.policy, opts.rsyslog, STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO);
  }
  return exit_error;
}
