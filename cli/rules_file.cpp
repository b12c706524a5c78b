// cli/rules_file.cpp — parser of the `--rules FILE` format.
#include "cli/rules_file.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace redact::cli {
namespace {

constexpr bool is_blank(char c) noexcept { return c == ' ' || c == '\t'; }

constexpr bool is_trailing_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_trailing_space(s.back())) s.remove_suffix(1);
  return s;
}

// Splits off the first blank-separated word; `rest` gets what follows the
// blank run (already trimmed on the right by the caller).
std::string_view next_word(std::string_view& rest) noexcept {
  std::size_t end = 0;
  while (end < rest.size() && !is_blank(rest[end])) ++end;
  std::string_view word = rest.substr(0, end);
  rest.remove_prefix(end);
  while (!rest.empty() && is_blank(rest.front())) rest.remove_prefix(1);
  return word;
}

bool is_printable_word(std::string_view s) noexcept {
  for (char c : s) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return !s.empty();
}

class rules_parser {
 public:
  rules_parser(std::string_view filename, policy_options& opts, std::string& error,
               const env_lookup& env)
      : filename_(filename), opts_(opts), error_(error), env_(env) {}

  bool parse(std::string_view text) {
    // A UTF-8 byte order mark some editors write is not part of the first rule.
    constexpr std::string_view bom = "\xEF\xBB\xBF";
    if (text.substr(0, bom.size()) == bom) text.remove_prefix(bom.size());
    std::size_t line_no = 0;
    while (!text.empty()) {
      ++line_no;
      std::size_t eol = text.find('\n');
      std::string_view line = text.substr(0, eol);
      text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
      if (!parse_line(trim(line), line_no)) return false;
    }
    // Each rule was valid alone; make sure they are valid together too (for
    // example RE2's memory budget for all patterns at once).
    if (line_no > 0) {
      const policy together(opts_);
      const std::string& message = together.error();
      if (!message.empty()) {
        error_.assign(filename_);
        error_ += ": ";
        error_ += message;
        return false;
      }
    }
    return true;
  }

 private:
  bool fail(std::size_t line_no, std::string_view reason) {
    error_.assign(filename_);
    error_ += ':';
    error_ += std::to_string(line_no);
    error_ += ": ";
    error_ += reason;
    return false;
  }

  // Reads the single value of `keyword`; fails when it is missing or when
  // more than one word follows.
  bool single_value(std::string_view keyword, std::string_view rest, std::size_t line_no,
                    std::string_view& value) {
    // Built by appending: GCC 12 at -O3 warns (-Wrestrict, a known false
    // positive) on `"'" + std::string(...)`.
    std::string message = "'";
    message += keyword;
    if (rest.empty()) return fail(line_no, message + "' needs a value");
    value = next_word(rest);
    if (!rest.empty()) return fail(line_no, message + "' takes exactly one value");
    return true;
  }

  bool check(std::size_t line_no, policy_options probe) {
    std::string message = redact::validate(probe);
    return message.empty() || fail(line_no, message);
  }

  bool parse_line(std::string_view line, std::size_t line_no) {
    if (line.empty() || line.front() == '#') return true;
    std::string_view rest = line;
    const std::string_view keyword = next_word(rest);
    std::string_view value;
    if (keyword == "prefix") {
      if (!single_value(keyword, rest, line_no, value)) return false;
      policy_options probe;
      probe.prefixes.emplace_back(value);
      if (!check(line_no, std::move(probe))) return false;
      opts_.prefixes.emplace_back(value);
    } else if (keyword == "field") {
      if (!single_value(keyword, rest, line_no, value)) return false;
      policy_options probe;
      probe.fields.emplace_back(value);
      if (!check(line_no, std::move(probe))) return false;
      opts_.fields.emplace_back(value);
    } else if (keyword == "allow") {
      if (!single_value(keyword, rest, line_no, value)) return false;
      policy_options probe;
      probe.allowlist.emplace_back(value);
      if (!check(line_no, std::move(probe))) return false;
      opts_.allowlist.emplace_back(value);
    } else if (keyword == "preset") {
      if (!single_value(keyword, rest, line_no, value)) return false;
      if (!apply_preset(opts_, value)) {
        return fail(line_no, "unknown preset (expected minimal, default or extended)");
      }
    } else if (keyword == "secret-env") {
      if (!single_value(keyword, rest, line_no, value)) return false;
      if (!is_printable_word(value) || value.find('=') != std::string_view::npos) {
        return fail(line_no, "'secret-env' needs an environment variable name");
      }
      std::string name(value);
      std::optional<std::string> secret = env_(name);
      if (!secret || secret->empty()) {
        return fail(line_no, "environment variable " + name + " is not set or empty");
      }
      policy_options probe;
      probe.secrets.push_back({name, *secret});
      if (!check(line_no, std::move(probe))) return false;
      opts_.secrets.push_back({std::move(name), std::move(*secret)});
    } else if (keyword == "regex") {
      const std::string_view label = next_word(rest);
      if (label.empty() || rest.empty()) {
        return fail(line_no, "'regex' needs a label and a pattern");
      }
      if (!is_printable_word(label)) return fail(line_no, "regex label must be printable ASCII");
      policy_options probe;
      probe.regexes.push_back({std::string(label), std::string(rest)});
      if (!check(line_no, std::move(probe))) return false;
      opts_.regexes.push_back({std::string(label), std::string(rest)});
    } else {
      // The line is not echoed: it might be a secret pasted in the wrong place.
      return fail(line_no,
                  "unknown rule (expected prefix, field, regex, allow, secret-env, preset or #)");
    }
    return true;
  }

  std::string_view filename_;
  policy_options& opts_;
  std::string& error_;
  const env_lookup& env_;
};

}  // namespace

bool parse_rules(std::string_view text, std::string_view filename, policy_options& opts,
                 std::string& error, const env_lookup& env) {
  error.clear();
  return rules_parser(filename, opts, error, env).parse(text);
}

}  // namespace redact::cli
