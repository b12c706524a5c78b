// cli/main.cpp — entry point of the `redact` command.
#include <unistd.h>

#include <csignal>
#include <string>
#include <string_view>
#include <vector>

#include "cli/app.hpp"
#include "cli/io.hpp"
#include "cli/options.hpp"
#include "redact/redact.hpp"

int main(int argc, char** argv) {
  using namespace redact::cli;
  // A reader that goes away (`redact big.log | head -1`) must end us quietly:
  // with SIGPIPE ignored, write(2) reports EPIPE and the command stops.
  std::signal(SIGPIPE, SIG_IGN);

  std::vector<std::string_view> args(argv + 1, argv + argc);
  options opts;
  std::string error;
  switch (parse_args(args, system_env, opts, error)) {
    case parse_status::help: {
      const std::string_view text = usage();
      return write_all(STDOUT_FILENO, text.data(), text.size()) == 0 ? exit_ok : exit_error;
    }
    case parse_status::version: {
      const std::string_view text = version_text();
      return write_all(STDOUT_FILENO, text.data(), text.size()) == 0 ? exit_ok : exit_error;
    }
    case parse_status::error:
      print_error(error);
      return exit_error;
    case parse_status::ok:
      break;
  }
  if (!opts.line_buffered && ::isatty(STDOUT_FILENO) == 1) opts.line_buffered = true;

  const redact::policy pol(opts.policy);
  if (!pol.ok()) {
    print_error(pol.error());
    return exit_error;
  }
  return opts.mode == run_mode::wrap ? run_command(opts, pol) : run_files(opts, pol);
}
