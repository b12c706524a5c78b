// cli/options.cpp — command-line parsing for `redact`.
#include "cli/options.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>

#include "cli/io.hpp"
#include "cli/rules_file.hpp"
#include "redact/redact.hpp"

namespace redact::cli {
namespace {

constexpr std::string_view usage_text =
    R"(Usage: redact [OPTIONS] [FILE...]            filter FILEs (or stdin) to stdout
       redact --check [OPTIONS] [FILE...]    report leaked credentials, no text
       redact [OPTIONS] -- COMMAND [ARGS...] run COMMAND, redact its stdout/stderr

Removes API keys (qbt_...) and authorization credentials from logs. Each FILE
is its own stream; '-' or no FILE reads stdin. Memory stays constant whatever
the line length.

Rules:
  --prefix P             also mask keys starting with P (repeatable; qbt_
                         always applies)
  --field NAME           also treat NAME as a credential field (repeatable;
                         authorization always applies)
  --preset extended      add x-api-key, api-key, api_key, apikey, x-auth-token,
                         cookie, set-cookie, password, client_secret,
                         access_token, refresh_token
  --min-length N         shortest key body that is masked (default 8)
  --allow TOKEN          never mask this exact key (repeatable)
  --secret-env NAME      mask the exact value of environment variable NAME
                         wherever it appears; reported as NAME (repeatable)
  --regex [LABEL=]PATTERN
                         mask RE2 PATTERN matches (group 1 if present), line
                         by line; LABEL names it in reports (default regex#N)
  --rules FILE           read rules from FILE (see docs/rules-file.md):
                         prefix P | field NAME | regex LABEL PATTERN |
                         allow TOKEN | secret-env NAME | preset extended | # ...

Scanning:
  --check                write no redacted text; print one line per finding
                         FILE:LINE:COL: KIND LABEL sha256:XXXXXXXX
                         exit 1 if anything was found, 0 if nothing
  --format text|json     --check report format; json: one object per line
  --fingerprint-key-env NAME
                         fingerprints are HMAC-SHA256 keyed by $NAME (shown as
                         hmac-sha256:XXXXXXXX): weak passwords cannot be
                         brute-forced from reports, but only holders of the key
                         can match a fingerprint to a key
  -r, --recursive        walk directories given as FILE (sorted order; binary
                         files are scanned as bytes); without it a directory
                         is an error

Output:
  --line-buffered        write out after every read, so each line appears at
                         once (automatic when stdout is a terminal, and in
                         wrap mode)
  --buffer-size N        bytes per read (1 to 16M, suffix K or M; default 128K)
  --pipe-size N          grow a piped stdin/stdout to N bytes (0 to 16M; default
                         1M; 0 leaves pipes as they are)
  --stats                print per-kind and per-label counts and bytes
                         processed to stderr at the end
  -h, --help             show this help
  --version              show the version

Exit status: 0 ok (filter, wrap) or nothing found (--check); 1 findings
(--check); 2 usage or I/O error; wrap mode: COMMAND's status, 128+N if it was
killed by signal N, 126/127 if it could not be run.

Examples:
  redact app.log > app.redacted.log
  kubectl logs -f deploy/api | redact --preset extended
  tail -f app.log | redact --line-buffered --regex 'ssn=\d{3}-\d{2}-(\d{4})'
  git log -p | redact --check
  redact --check -r --format json logs/ > findings.jsonl
  redact --rules rules.txt --stats /var/log/app/*.log > /dev/null
  redact --secret-env DEPLOY_TOKEN -- ./deploy.sh --prod
)";

constexpr std::string_view version_string = "redact " REDACT_VERSION_STRING "\n";

// Parses a decimal size with an optional K or M suffix (binary units).
std::optional<std::size_t> parse_size(std::string_view text, bool allow_suffix) {
  std::size_t multiplier = 1;
  if (allow_suffix && !text.empty()) {
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

constexpr bool is_label_char(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '-';
}

class arg_parser {
 public:
  arg_parser(const std::vector<std::string_view>& args, const env_lookup& env, options& out,
             std::string& error)
      : args_(args), env_(env), out_(out), error_(error) {}

  parse_status run() {
    bool format_given = false;
    bool saw_double_dash = false;
    std::size_t i = 0;
    for (; i < args_.size(); ++i) {
      const std::string_view arg = args_[i];
      if (arg == "--") {
        saw_double_dash = true;
        ++i;
        break;
      }
      if (arg.size() < 2 || arg[0] != '-') {  // FILE, or "-" for stdin
        out_.files.emplace_back(arg);
        continue;
      }
      // Split "--name=value".
      std::string_view name = arg;
      std::optional<std::string_view> inline_value;
      if (arg.starts_with("--")) {
        if (const auto eq = arg.find('='); eq != std::string_view::npos) {
          name = arg.substr(0, eq);
          inline_value = arg.substr(eq + 1);
        }
      }
      const bool is_flag = name == "-h" || name == "--help" || name == "--version" ||
                           name == "--check" || name == "-r" || name == "--recursive" ||
                           name == "--stats" || name == "--line-buffered";
      if (is_flag) {
        if (inline_value) return fail("option '" + std::string(name) + "' takes no value");
        if (name == "-h" || name == "--help") return parse_status::help;
        if (name == "--version") return parse_status::version;
        if (name == "--check") out_.mode = run_mode::check;
        if (name == "-r" || name == "--recursive") out_.recursive = true;
        if (name == "--stats") out_.stats = true;
        if (name == "--line-buffered") out_.line_buffered = true;
        continue;
      }
      if (!is_valued(name)) return fail("unknown option '" + std::string(name) + "'");
      std::string_view value;
      if (inline_value) {
        value = *inline_value;
      } else if (i + 1 < args_.size()) {
        value = args_[++i];
      } else {
        return fail("option '" + std::string(name) + "' needs a value");
      }
      if (name == "--format") format_given = true;
      if (!apply(name, value)) return parse_status::error;
    }
    for (; i < args_.size(); ++i) out_.command.emplace_back(args_[i]);
    if (saw_double_dash) {
      if (out_.command.empty()) return fail("'--' must be followed by a COMMAND");
      if (out_.mode == run_mode::check) return fail("--check cannot be combined with a COMMAND");
      if (!out_.files.empty()) return fail("FILE arguments cannot be combined with a COMMAND");
      out_.mode = run_mode::wrap;
    }
    if (format_given && out_.mode != run_mode::check) return fail("--format needs --check");
    return parse_status::ok;
  }

 private:
  static bool is_valued(std::string_view name) {
    return name == "--prefix" || name == "--field" || name == "--preset" ||
           name == "--min-length" || name == "--allow" || name == "--secret-env" ||
           name == "--regex" || name == "--rules" || name == "--format" ||
           name == "--fingerprint-key-env" || name == "--buffer-size" || name == "--pipe-size";
  }

  parse_status fail(std::string message) {
    error_ = std::move(message);
    return parse_status::error;
  }

  bool fail_apply(std::string message) {
    error_ = std::move(message);
    return false;
  }

  // Reads environment variable `name` for `option`; it must be set and
  // non-empty. The message names the variable, never its value.
  std::optional<std::string> env_value(std::string_view option, std::string_view name) {
    if (name.empty() || name.find('=') != std::string_view::npos) {
      fail_apply("option '" + std::string(option) + "' needs an environment variable name");
      return std::nullopt;
    }
    std::optional<std::string> value = env_(std::string(name));
    if (!value || value->empty()) {
      fail_apply(std::string(option) + ": environment variable " + std::string(name) +
                 " is not set or empty");
      return std::nullopt;
    }
    return value;
  }

  bool apply(std::string_view name, std::string_view value) {
    policy_options& pol = out_.policy;
    if (name == "--prefix") {
      pol.prefixes.emplace_back(value);
    } else if (name == "--field") {
      pol.fields.emplace_back(value);
    } else if (name == "--allow") {
      pol.allowlist.emplace_back(value);
    } else if (name == "--preset") {
      if (!apply_preset(pol, value)) {
        return fail_apply("unknown preset '" + std::string(value) +
                          "' (expected minimal, default or extended)");
      }
    } else if (name == "--min-length") {
      const auto n = parse_size(value, false);
      if (!n || *n == 0) {
        return fail_apply("invalid --min-length '" + std::string(value) +
                          "' (expected a whole number >= 1)");
      }
      pol.min_body = *n;
    } else if (name == "--buffer-size") {
      const auto n = parse_size(value, true);
      if (!n || *n < min_buffer_size || *n > max_buffer_size) {
        return fail_apply("invalid --buffer-size '" + std::string(value) +
                          "' (expected 1 to 16M bytes, e.g. 4096, 64K, 1M)");
      }
      out_.buffer_size = *n;
    } else if (name == "--pipe-size") {
      const auto n = parse_size(value, true);
      if (!n || *n > max_pipe_size) {
        return fail_apply("invalid --pipe-size '" + std::string(value) +
                          "' (expected 0 to 16M bytes, e.g. 0, 256K, 1M)");
      }
      out_.pipe_size = *n;
    } else if (name == "--format") {
      if (value == "text") {
        out_.format = report_format::text;
      } else if (value == "json") {
        out_.format = report_format::json;
      } else {
        return fail_apply("invalid --format '" + std::string(value) + "' (expected text or json)");
      }
    } else if (name == "--secret-env") {
      std::optional<std::string> secret = env_value(name, value);
      if (!secret) return false;
      pol.secrets.push_back({std::string(value), std::move(*secret)});
    } else if (name == "--fingerprint-key-env") {
      std::optional<std::string> key = env_value(name, value);
      if (!key) return false;
      pol.fingerprint_key = std::move(*key);
    } else if (name == "--regex") {
      regex_rule rule = split_regex_argument(value);
      if (rule.pattern.empty()) return fail_apply("--regex needs a non-empty PATTERN");
      if (rule.label.empty()) rule.label = "regex#" + std::to_string(pol.regexes.size() + 1);
      pol.regexes.push_back(std::move(rule));
    } else if (name == "--rules") {
      std::string path(value);
      std::string text;
      if (!read_small_file(path, text, error_)) return false;
      if (!parse_rules(text, path, pol, error_, env_)) return false;
    }
    return true;
  }

  const std::vector<std::string_view>& args_;
  const env_lookup& env_;
  options& out_;
  std::string& error_;
};

}  // namespace

std::optional<std::string> system_env(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

regex_rule split_regex_argument(std::string_view arg) {
  const auto eq = arg.find('=');
  if (eq != std::string_view::npos && eq > 0) {
    bool label = true;
    for (char c : arg.substr(0, eq)) label = label && is_label_char(c);
    if (label) return {std::string(arg.substr(0, eq)), std::string(arg.substr(eq + 1))};
  }
  return {std::string(), std::string(arg)};
}

parse_status parse_args(const std::vector<std::string_view>& args, const env_lookup& env,
                        options& out, std::string& error) {
  error.clear();
  return arg_parser(args, env, out, error).run();
}

std::string_view usage() noexcept { return usage_text; }

std::string_view version_text() noexcept { return version_string; }

}  // namespace redact::cli
