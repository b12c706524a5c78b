// cli/options.cpp — command-line parsing for `redact`.
//
// Two tables drive the parser: k_subcommands (`redact NAME ...`, the first
// argument) and k_options (every option: name, short letter, value, the
// modes it is valid in, and what it does). Rule options are rows whose
// handler is `rule`: their name without `--` is a keyword of the rule
// vocabulary (cli/vocabulary.hpp), shared with rules files. A new mode adds
// a subcommand row (or a flag that switches the mode, as --check does) and
// rows for its own options with its bit in `modes`; see options.hpp.
#include "cli/options.hpp"

#include <sys/stat.h>

#include <charconv>
#include <optional>
#include <string>
#include <utility>

#include "cli/io.hpp"
#include "cli/rules_file.hpp"
#include "cli/text.hpp"
#include "redact/redact.hpp"

namespace redact::cli {
namespace {

constexpr unsigned bit(run_mode m) noexcept { return 1u << static_cast<unsigned>(m); }
constexpr unsigned k_every_mode =
    bit(run_mode::filter) | bit(run_mode::check) | bit(run_mode::exec);
// Rule options, --help and --version also apply to `redact rsyslog`, whose
// stdout and stderr belong to rsyslog's protocol (so no --stats there).
constexpr unsigned k_rule_modes = k_every_mode | bit(run_mode::rsyslog);
constexpr unsigned k_file_modes = bit(run_mode::filter) | bit(run_mode::check);

class parser;

// What an option does with its value (empty for a flag). Returns false after
// calling parser::usage_error or parser::error.
using handler = bool (*)(parser&, std::string_view name, std::string_view value);

struct option_spec {
  std::string_view name;        // "--prefix"
  char short_name;              // 'r', or 0
  std::string_view value_name;  // "P"; empty: a flag
  unsigned modes;               // where it is valid
  handler apply;
};

struct subcommand_spec {
  std::string_view name;
  run_mode mode;
};

constexpr subcommand_spec k_subcommands[] = {
    {"exec", run_mode::exec},
    {"rsyslog", run_mode::rsyslog},
};

#define REDACT_STR2(x) #x
#define REDACT_STR(x) REDACT_STR2(x)
constexpr std::string_view version_string =
    "redact " REDACT_VERSION_STRING " (contract version " REDACT_STR(REDACT_CONTRACT_VERSION) ")\n";

// Parses a decimal size with an optional K or M suffix (binary units).
std::optional<std::size_t> parse_size(std::string_view text) {
  std::size_t multiplier = 1;
  if (!text.empty()) {
    const char last = text.back();
    if (last == 'K' || last == 'k') {
      multiplier = std::size_t{1} << 10;
      text.remove_suffix(1);
    } else if (last == 'M' || last == 'm') {
      multiplier = std::size_t{1} << 20;
      text.remove_suffix(1);
    }
  }
  if (text.empty()) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  std::size_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  if (value > static_cast<std::size_t>(-1) / multiplier) return std::nullopt;
  return value * multiplier;
}

bool executable_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111) != 0;
}

// True when `name` names a command rather than a log: an executable file,
// or a bare name that is no file here but an executable in $PATH. Used to
// recognise the old wrap form `redact [OPTIONS] -- COMMAND`.
bool looks_like_command(const std::string& name, const env_lookup& env) {
  struct stat st {};
  if (name.find('/') != std::string::npos || ::stat(name.c_str(), &st) == 0) {
    return executable_file(name);
  }
  const std::optional<std::string> path = env("PATH");
  if (!path) return false;
  std::string_view dirs = *path;
  while (true) {
    const std::size_t colon = dirs.find(':');
    const std::string_view dir = dirs.substr(0, colon);
    if (!dir.empty() && executable_file(cat(dir, "/", name))) return true;
    if (colon == std::string_view::npos) return false;
    dirs.remove_prefix(colon + 1);
  }
}

class parser {
 public:
  parser(const std::vector<std::string_view>& args, const env_lookup& env, options& out,
         std::string& error)
      : args_(args), env_(env), out_(out), error_(error) {}

  parse_status run();

  // --- used by the handlers ---
  options& out() { return out_; }
  const env_lookup& env() const { return env_; }
  bool usage_error(std::string message) {
    error_ = std::move(message);
    status_ = parse_status::usage;
    return false;
  }
  bool error(std::string message) {
    error_ = std::move(message);
    status_ = parse_status::error;
    return false;
  }
  bool stop(parse_status status) {
    status_ = status;
    return false;
  }
  // The NAME of a `--label NAME` right after the current argument, which is
  // then consumed: nullopt when no --label follows, an empty view when it
  // has no value.
  std::optional<std::string_view> take_label();

 private:
  bool long_option(std::string_view arg);
  bool short_options(std::string_view arg);
  bool apply(const option_spec& spec, std::string_view spelled, std::string_view value);
  bool operand(std::string_view arg, bool after_double_dash);
  bool finish();

  const std::vector<std::string_view>& args_;
  const env_lookup& env_;
  options& out_;
  std::string& error_;
  parse_status status_ = parse_status::ok;
  std::size_t i_ = 0;  // index of the argument being parsed
  // Options given, as spelled, for the mode check at the end.
  std::vector<std::pair<const option_spec*, std::string>> given_;
  std::size_t files_before_double_dash_ = 0;
  bool saw_double_dash_ = false;
};

// --- handlers ---

bool rule(parser& p, std::string_view name, std::string_view value) {
  const std::string_view keyword = name.substr(2);
  const std::string e = apply_rule(p.out().policy, keyword, value, p.env(), &p.out().notices);
  if (e.empty()) return true;
  return p.error(cat(name, ": ", e));
}

bool regex(parser& p, std::string_view name, std::string_view value) {
  const std::optional<std::string_view> label = p.take_label();
  if (label && label->empty()) return p.usage_error("option '--label' needs a value");
  const std::string e = add_regex(p.out().policy, label.value_or(std::string_view()), value);
  if (e.empty()) return true;
  return p.error(cat(name, ": ", e));
}

bool label(parser& p, std::string_view, std::string_view) {
  return p.usage_error("option '--label' must directly follow --regex PATTERN");
}

bool rules(parser& p, std::string_view, std::string_view value) {
  const std::string path(value);
  std::string text;
  std::string e;
  if (!read_small_file(path, text, e)) return p.error(std::move(e));
  if (!parse_rules(text, path, p.out().policy, e, p.env(), &p.out().notices)) {
    return p.error(std::move(e));
  }
  return true;
}

bool fingerprint_key_env(parser& p, std::string_view name, std::string_view value) {
  if (value.empty() || value.find('=') != std::string_view::npos) {
    return p.error(cat(name, ": expected an environment variable name"));
  }
  std::optional<std::string> key = p.env()(std::string(value));
  if (!key || key->empty()) {
    return p.error(cat(name, ": environment variable ", value, " is not set or empty"));
  }
  p.out().policy.fingerprint_key = std::move(*key);
  return true;
}

bool check(parser& p, std::string_view, std::string_view) {
  if (p.out().mode == run_mode::filter) p.out().mode = run_mode::check;
  return true;
}

bool quiet(parser& p, std::string_view name, std::string_view value) {
  p.out().quiet = true;
  return check(p, name, value);
}

bool format(parser& p, std::string_view, std::string_view value) {
  if (value == "text") {
    p.out().format = report_format::text;
  } else if (value == "json") {
    p.out().format = report_format::json;
  } else if (value == "sarif") {
    p.out().format = report_format::sarif;
  } else {
    return p.error(cat("invalid --format '", value, "' (expected text, json or sarif)"));
  }
  return true;
}

// The leak-scanning options of --check (cli/leak_options.hpp).
bool leak(parser& p, std::string_view name, std::string_view value) {
  std::string e;
  if (apply_leak_option(p.out().leak, name, value, e)) return true;
  return p.error(std::move(e));
}

bool buffer_size(parser& p, std::string_view, std::string_view value) {
  const auto n = parse_size(value);
  if (!n || *n < min_buffer_size || *n > max_buffer_size) {
    return p.error(
        cat("invalid --buffer-size '", value, "' (expected 1 to 16M bytes, e.g. 4096, 64K, 1M)"));
  }
  p.out().buffer_size = *n;
  return true;
}

bool pipe_size(parser& p, std::string_view, std::string_view value) {
  const auto n = parse_size(value);
  if (!n || *n > max_pipe_size) {
    return p.error(
        cat("invalid --pipe-size '", value, "' (expected 0 to 16M bytes, e.g. 0, 256K, 1M)"));
  }
  p.out().pipe_size = *n;
  return true;
}

bool recursive(parser& p, std::string_view, std::string_view) {
  p.out().recursive = true;
  return true;
}
bool stats(parser& p, std::string_view, std::string_view) {
  p.out().stats = true;
  return true;
}
bool line_buffered(parser& p, std::string_view, std::string_view) {
  p.out().line_buffered = true;
  return true;
}
bool pty(parser& p, std::string_view, std::string_view) {
  p.out().pty = pty_mode::on;
  return true;
}
bool no_pty(parser& p, std::string_view, std::string_view) {
  p.out().pty = pty_mode::off;
  return true;
}
bool rsyslog_input(parser& p, std::string_view, std::string_view value) {
  if (!parse_rsyslog_input(value, p.out().rsyslog.input)) {
    return p.error(cat("invalid --input '", value, "' (expected msg or fulljson)"));
  }
  return true;
}
bool rsyslog_marker(parser& p, std::string_view, std::string_view value) {
  if (std::string e = check_rsyslog_marker(value); !e.empty()) return p.error(std::move(e));
  p.out().rsyslog.marker = std::string(value);
  return true;
}
bool help(parser& p, std::string_view, std::string_view) { return p.stop(parse_status::help); }
bool version(parser& p, std::string_view, std::string_view) {
  return p.stop(parse_status::version);
}

// Every option, in the order of the help. Rule options first: their names
// are "--" + a rule keyword (checked by a unit test against the vocabulary).
constexpr option_spec k_options[] = {
    // Rules (every mode; the same words in rules files).
    {"--prefix", 0, "P", k_rule_modes, rule},
    {"--field", 0, "NAME", k_rule_modes, rule},
    {"--preset", 0, "NAME", k_rule_modes, rule},
    {"--min-length", 0, "N", k_rule_modes, rule},
    {"--allow", 0, "TOKEN", k_rule_modes, rule},
    {"--secret-env", 0, "NAME", k_rule_modes, rule},
    {"--secret-env-defaults", 0, {}, k_rule_modes, rule},
    {"--regex", 0, "PATTERN", k_rule_modes, regex},
    {"--label", 0, "NAME", k_rule_modes, label},
    {"--no-jwt", 0, {}, k_rule_modes, rule},
    {"--no-url", 0, {}, k_rule_modes, rule},
    {"--no-encoded", 0, {}, k_rule_modes, rule},
    {"--no-pairs", 0, {}, k_rule_modes, rule},
    {"--no-private-keys", 0, {}, k_rule_modes, rule},
    {"--no-key-table", 0, {}, k_rule_modes, rule},
    {"--no-secret-forms", 0, {}, k_rule_modes, rule},
    {"--rules", 0, "FILE", k_rule_modes, rules},
    // Scanning.
    {"--check", 0, {}, k_file_modes, check},
    {"--quiet", 'q', {}, k_file_modes, quiet},
    {"--format", 0, "FORMAT", bit(run_mode::check), format},
    {"--fingerprint-key-env", 0, "NAME", k_rule_modes, fingerprint_key_env},
    {"--recursive", 'r', {}, k_file_modes, recursive},
    // Leak scanning (--check; docs/scanning.md).
    {"--git", 0, {}, bit(run_mode::check), leak},
    {"--staged", 0, {}, bit(run_mode::check), leak},
    {"--removed", 0, {}, bit(run_mode::check), leak},
    {"--repo", 0, "DIR", bit(run_mode::check), leak},
    {"--baseline", 0, "FILE", bit(run_mode::check), leak},
    {"--write-baseline", 0, "FILE", bit(run_mode::check), leak},
    {"--ignore-file", 0, "FILE", bit(run_mode::check), leak},
    {"--include", 0, "GLOB", bit(run_mode::check), leak},
    {"--exclude", 0, "GLOB", bit(run_mode::check), leak},
    {"--exit-code", 0, "N", bit(run_mode::check), leak},
    {"--no-summary", 0, {}, bit(run_mode::check), leak},
    {"--credential-key-env", 0, "NAME", bit(run_mode::check), leak},
    {"--credential-key-file", 0, "FILE", bit(run_mode::check), leak},
    // Wrapping.
    {"--pty", 0, {}, bit(run_mode::exec), pty},
    {"--no-pty", 0, {}, bit(run_mode::exec), no_pty},
    // rsyslog.
    {"--input", 0, "FORMAT", bit(run_mode::rsyslog), rsyslog_input},
    {"--marker", 0, "NAME", bit(run_mode::rsyslog), rsyslog_marker},
    // Output.
    {"--line-buffered", 0, {}, k_every_mode, line_buffered},
    {"--buffer-size", 0, "N", k_every_mode, buffer_size},
    {"--pipe-size", 0, "N", k_file_modes, pipe_size},
    {"--stats", 0, {}, k_every_mode, stats},
    {"--help", 'h', {}, k_rule_modes, help},
    {"--version", 0, {}, k_rule_modes, version},
};

const option_spec* find_long(std::string_view name) {
  for (const option_spec& o : k_options) {
    if (o.name == name) return &o;
  }
  return nullptr;
}

const option_spec* find_short(char c) {
  for (const option_spec& o : k_options) {
    if (o.short_name == c) return &o;
  }
  return nullptr;
}

// How a mode is named in "not valid with ..." messages.
std::string_view mode_phrase(run_mode mode) {
  switch (mode) {
    case run_mode::filter:
      return "filter mode";
    case run_mode::check:
      return "--check";
    case run_mode::exec:
      return "'redact exec'";
    case run_mode::rsyslog:
      return "'redact rsyslog'";
  }
  return "this mode";
}

// --- the parser ---

std::optional<std::string_view> parser::take_label() {
  if (i_ + 1 >= args_.size()) return std::nullopt;
  const std::string_view next = args_[i_ + 1];
  if (next == "--label") {
    if (i_ + 2 >= args_.size()) return std::string_view();
    i_ += 2;
    return args_[i_];
  }
  if (next.starts_with("--label=")) {
    ++i_;
    return next.substr(8);
  }
  return std::nullopt;
}

bool parser::apply(const option_spec& spec, std::string_view spelled, std::string_view value) {
  given_.emplace_back(&spec, std::string(spelled));
  return spec.apply(*this, spec.name, value);
}

bool parser::long_option(std::string_view arg) {
  std::string_view name = arg;
  std::optional<std::string_view> inline_value;
  if (const auto eq = arg.find('='); eq != std::string_view::npos) {
    name = arg.substr(0, eq);
    inline_value = arg.substr(eq + 1);
  }
  const option_spec* spec = find_long(name);
  if (spec == nullptr) return usage_error(cat("unknown option '", name, "'"));
  if (spec->value_name.empty()) {
    if (inline_value) return usage_error(cat("option '", name, "' takes no value"));
    return apply(*spec, name, {});
  }
  if (inline_value) return apply(*spec, name, *inline_value);
  if (i_ + 1 >= args_.size()) {
    return usage_error(cat("option '", name, "' needs a value"));
  }
  return apply(*spec, name, args_[++i_]);
}

// `-rq`: each letter a flag; a letter that takes a value takes the rest of
// the argument, or the next argument.
bool parser::short_options(std::string_view arg) {
  for (std::size_t j = 1; j < arg.size(); ++j) {
    const char c = arg[j];
    const std::string spelled = std::string("-") + c;
    const option_spec* spec = find_short(c);
    if (spec == nullptr) return usage_error(cat("unknown option '", spelled, "'"));
    if (spec->value_name.empty()) {
      if (!apply(*spec, spelled, {})) return false;
      continue;
    }
    if (j + 1 < arg.size()) return apply(*spec, spelled, arg.substr(j + 1));
    if (i_ + 1 >= args_.size()) return usage_error(cat("option '", spelled, "' needs a value"));
    return apply(*spec, spelled, args_[++i_]);
  }
  return true;
}

bool parser::operand(std::string_view arg, bool after_double_dash) {
  if (out_.mode == run_mode::exec) {
    // COMMAND starts here; everything after it is COMMAND's.
    for (std::size_t k = i_; k < args_.size(); ++k) out_.command.emplace_back(args_[k]);
    i_ = args_.size();
    return true;
  }
  if (!after_double_dash) {
    for (const subcommand_spec& s : k_subcommands) {
      if (arg == s.name) {
        return usage_error(cat("'", arg, "' must be the first argument: redact ", arg,
                               " [OPTIONS] ... (to read a file named '", arg, "', write ./", arg,
                               ")"));
      }
    }
  }
  out_.files.emplace_back(arg);
  return true;
}

parse_status parser::run() {
  if (!args_.empty()) {
    for (const subcommand_spec& s : k_subcommands) {
      if (args_[0] == s.name) {
        out_.mode = s.mode;
        i_ = 1;
      }
    }
  }
  bool options_ended = false;
  for (; i_ < args_.size(); ++i_) {
    const std::string_view arg = args_[i_];
    bool ok = true;
    if (options_ended) {
      ok = operand(arg, true);
    } else if (arg == "--") {
      options_ended = true;
      saw_double_dash_ = true;
      files_before_double_dash_ = out_.files.size();
      if (out_.mode == run_mode::exec) {
        if (++i_ < args_.size()) ok = operand(args_[i_], true);
      }
    } else if (arg.size() > 2 && arg.starts_with("--")) {
      ok = long_option(arg);
    } else if (arg.size() > 1 && arg[0] == '-') {
      ok = short_options(arg);
    } else {
      ok = operand(arg, false);  // FILE, "-" for stdin, or COMMAND
    }
    if (!ok) return status_;
  }
  finish();
  return status_;
}

bool parser::finish() {
  for (const auto& [spec, spelled] : given_) {
    if ((spec->modes & bit(out_.mode)) != 0) continue;
    if (spec->modes == bit(run_mode::check)) {
      return usage_error(cat("option '", spelled, "' needs --check"));
    }
    if (spec->modes == bit(run_mode::exec)) {
      return usage_error(cat("option '", spelled, "' is only valid with 'redact exec'"));
    }
    if (spec->modes == bit(run_mode::rsyslog)) {
      return usage_error(cat("option '", spelled, "' is only valid with 'redact rsyslog'"));
    }
    return usage_error(cat("option '", spelled, "' is not valid with ", mode_phrase(out_.mode)));
  }
  if (out_.mode == run_mode::rsyslog && !out_.files.empty()) {
    return usage_error(
        "'redact rsyslog' reads rsyslog's requests on stdin and takes no FILE: redact rsyslog "
        "[OPTIONS]");
  }
  if (out_.mode == run_mode::exec && out_.command.empty()) {
    return usage_error(
        "'redact exec' needs a COMMAND: redact exec [OPTIONS] [--] COMMAND [ARGS...]");
  }
  // `redact [OPTIONS] -- COMMAND` used to run COMMAND; `--` now only ends
  // the options. Refuse to read a command as a log, and show the new form.
  if (saw_double_dash_ && out_.files.size() > files_before_double_dash_) {
    const std::string& first = out_.files[files_before_double_dash_];
    if (looks_like_command(first, env_)) {
      return error(cat("'", first,
                       "' after '--' is a command, but '--' only ends the options now (FILEs "
                       "follow it); to run a command, write: redact exec [OPTIONS] -- ",
                       first, " [ARGS...]"));
    }
  }
  if (std::string e = finish_leak_options(out_.leak, out_.files, out_.mode == run_mode::check);
      !e.empty()) {
    return usage_error(std::move(e));
  }
  // Each rule was valid alone; now all of them together.
  if (std::string e = redact::validate(out_.policy); !e.empty()) return error(std::move(e));
  return true;
}

}  // namespace

parse_status parse_args(const std::vector<std::string_view>& args, const env_lookup& env,
                        options& out, std::string& error) {
  error.clear();
  return parser(args, env, out, error).run();
}

std::vector<option_info> all_options() {
  std::vector<option_info> list;
  for (const option_spec& o : k_options) {
    list.push_back({o.name, o.short_name, o.value_name, o.modes});
  }
  return list;
}

std::vector<std::string_view> subcommand_names() {
  std::vector<std::string_view> names;
  for (const subcommand_spec& s : k_subcommands) names.push_back(s.name);
  return names;
}

std::string_view try_help(run_mode mode) noexcept {
  if (mode == run_mode::exec) return "Try 'redact exec --help' for more information.";
  if (mode == run_mode::rsyslog) return "Try 'redact rsyslog --help' for more information.";
  return "Try 'redact --help' for more information.";
}

std::string_view version_text() noexcept { return version_string; }

}  // namespace redact::cli
