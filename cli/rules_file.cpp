// cli/rules_file.cpp — parser of the `--rules FILE` format.
#include "cli/rules_file.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "cli/text.hpp"

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

// Cuts a comment off `line`: a `#` at its start or right after a blank.
std::string_view strip_comment(std::string_view line) noexcept {
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '#' && (i == 0 || is_blank(line[i - 1]))) return line.substr(0, i);
  }
  return line;
}

// Splits off the first blank-separated word; `rest` gets what follows the
// blank run.
std::string_view next_word(std::string_view& rest) noexcept {
  std::size_t end = 0;
  while (end < rest.size() && !is_blank(rest[end])) ++end;
  std::string_view word = rest.substr(0, end);
  rest.remove_prefix(end);
  while (!rest.empty() && is_blank(rest.front())) rest.remove_prefix(1);
  return word;
}

std::string expected_keywords() {
  std::string list = "unknown rule (expected ";
  for (const rule_keyword& k : rule_keywords()) {
    list += k.keyword;
    list += ", ";
  }
  list += "regex or #)";
  return list;
}

class rules_parser {
 public:
  rules_parser(std::string_view filename, policy_options& opts, std::string& error,
               const env_lookup& env, std::vector<std::string>* notices)
      : filename_(filename), opts_(opts), error_(error), env_(env), notices_(notices) {}

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
      if (!parse_line(trim(strip_comment(line)), line_no)) return false;
    }
    // Each rule was valid alone; make sure they are valid together too (for
    // example RE2's memory budget for all patterns at once).
    if (line_no > 0) {
      const std::string message = redact::validate(opts_);
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
  std::string location(std::size_t line_no) const {
    std::string at(filename_);
    at += ':';
    at += std::to_string(line_no);
    at += ": ";
    return at;
  }

  bool fail(std::size_t line_no, std::string_view reason) {
    error_ = location(line_no);
    error_ += reason;
    return false;
  }

  // `keyword: reason` — for the vocabulary's and the core's reasons.
  bool fail_rule(std::size_t line_no, std::string_view keyword, std::string_view reason) {
    error_ = location(line_no);
    error_ += keyword;
    error_ += ": ";
    error_ += reason;
    return false;
  }

  bool parse_line(std::string_view line, std::size_t line_no) {
    if (line.empty()) return true;
    std::string_view rest = line;
    const std::string_view keyword = next_word(rest);
    const std::string quoted = cat("'", keyword, "'");

    if (keyword == "regex") {
      const std::string_view label = next_word(rest);
      if (label.empty() || rest.empty()) {
        return fail(line_no, "'regex' needs a label and a pattern");
      }
      if (!valid_regex_label(label)) return fail(line_no, "regex label must be printable ASCII");
      const std::string e = add_regex(opts_, label, rest);
      return e.empty() || fail_rule(line_no, keyword, e);
    }
    const rule_keyword* k = find_rule_keyword(keyword);
    // The line is not echoed: it might be a secret pasted in the wrong place.
    if (k == nullptr) return fail(line_no, expected_keywords());
    switch (k->value) {
      case rule_value::none:
        if (!rest.empty()) return fail(line_no, cat(quoted, " takes no value"));
        break;
      case rule_value::word: {
        if (rest.empty()) return fail(line_no, cat(quoted, " needs a value"));
        std::string_view after = rest;
        next_word(after);
        if (!after.empty()) return fail(line_no, cat(quoted, " takes exactly one value"));
        break;
      }
      case rule_value::text:
        if (rest.empty()) return fail(line_no, cat(quoted, " needs a value"));
        break;
    }
    std::vector<std::string> notices;
    const std::string e = apply_rule(opts_, keyword, rest, env_, &notices);
    if (notices_ != nullptr) {
      for (std::string& n : notices) notices_->push_back(location(line_no) + n);
    }
    return e.empty() || fail_rule(line_no, keyword, e);
  }

  std::string_view filename_;
  policy_options& opts_;
  std::string& error_;
  const env_lookup& env_;
  std::vector<std::string>* notices_;
};

}  // namespace

bool parse_rules(std::string_view text, std::string_view filename, policy_options& opts,
                 std::string& error, const env_lookup& env, std::vector<std::string>* notices) {
  error.clear();
  return rules_parser(filename, opts, error, env, notices).parse(text);
}

}  // namespace redact::cli
