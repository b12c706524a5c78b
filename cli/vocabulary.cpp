// cli/vocabulary.cpp — the rule keywords and apply_rule().
#include "cli/vocabulary.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <utility>

#include "cli/text.hpp"

extern char** environ;

namespace redact::cli {
namespace {

constexpr rule_keyword k_keywords[] = {
    {"prefix", rule_value::text},
    {"field", rule_value::word},
    {"preset", rule_value::word},
    {"min-length", rule_value::word},
    {"allow", rule_value::word},
    {"secret-env", rule_value::word},
    {"secret-env-defaults", rule_value::none},
    {"no-jwt", rule_value::none},
    {"no-url", rule_value::none},
    {"no-encoded", rule_value::none},
    {"no-pairs", rule_value::none},
    {"no-private-keys", rule_value::none},
    {"no-key-table", rule_value::none},
    {"no-secret-forms", rule_value::none},
};

// The rule families of contract version 2 that can be switched off, by the
// keyword that switches each off.
struct family_switch {
  std::string_view keyword;
  bool policy_options::*member;
};
constexpr family_switch k_switches[] = {
    {"no-jwt", &policy_options::jwt},
    {"no-url", &policy_options::url},
    {"no-encoded", &policy_options::encoded},
    {"no-pairs", &policy_options::pairs},
    {"no-private-keys", &policy_options::private_keys},
    {"no-key-table", &policy_options::key_table},
    {"no-secret-forms", &policy_options::secret_forms},
};

// Buildkite's default redacted variables, and four more (docs/redact.md
// gives the reason for each).
constexpr std::string_view k_default_secret_globs[] = {
    "*_PASSWORD",          "*_SECRET",  "*_TOKEN",       "*_ACCESS_KEY", "*_SECRET_KEY",
    "*_CONNECTION_STRING", "*_API_KEY", "*_PRIVATE_KEY", "*_PASSWD",     "*_PASSPHRASE",
};

constexpr bool is_blank(char c) noexcept { return c == ' ' || c == '\t'; }

// Splits off the next blank-separated word of `rest`.
std::string_view next_word(std::string_view& rest) noexcept {
  while (!rest.empty() && is_blank(rest.front())) rest.remove_prefix(1);
  std::size_t end = 0;
  while (end < rest.size() && !is_blank(rest[end])) ++end;
  const std::string_view word = rest.substr(0, end);
  rest.remove_prefix(end);
  return word;
}

// A whole number in [1, limit] written in decimal digits only.
std::optional<std::size_t> parse_count(std::string_view text, std::size_t limit) noexcept {
  if (text.empty() || text.size() > 9) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  std::size_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  if (value < 1 || value > limit) return std::nullopt;
  return value;
}

// The largest body bound and min-length the core accepts (core/src/policy.cpp).
constexpr std::size_t k_max_bound = 256;

bool is_printable_word(std::string_view s) noexcept {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

// Validates `probe` (the default options plus one rule): "" or the reason.
std::string check(const policy_options& probe) { return redact::validate(probe); }

bool has_secret(const policy_options& opts, std::string_view label, std::string_view value) {
  return std::any_of(opts.secrets.begin(), opts.secrets.end(),
                     [&](const exact_secret& s) { return s.label == label && s.value == value; });
}

// `secret-env NAME`: NAME must be set, non-empty and acceptable to the core.
std::string add_named_secret(policy_options& opts, const std::string& name, const env_lookup& env) {
  std::optional<std::string> value = env(name);
  if (!value || value->empty()) return cat("environment variable ", name, " is not set or empty");
  policy_options probe;
  probe.secrets.push_back({name, *value});
  if (std::string e = check(probe); !e.empty()) return e;
  if (!has_secret(opts, name, *value)) opts.secrets.push_back({name, std::move(*value)});
  return {};
}

// `secret-env GLOB`: every variable whose name matches; those that cannot be
// used are skipped with a notice (never showing the value).
void add_glob_secrets(policy_options& opts, const std::string& glob, const env_lookup& env,
                      std::vector<std::string>* notices, bool notice_no_match) {
  bool matched = false;
  for (const std::string& name : env.names()) {
    if (::fnmatch(glob.c_str(), name.c_str(), 0) != 0) continue;
    matched = true;
    std::optional<std::string> value = env(name);
    if (!value) continue;
    std::string reason;
    if (value->size() < 6) {
      reason = value->empty() ? "it is empty" : "it is shorter than 6 bytes";
    } else {
      policy_options probe;
      probe.secrets.push_back({name, *value});
      reason = check(probe);
    }
    if (!reason.empty()) {
      if (notices != nullptr) {
        notices->push_back(cat("environment variable ", name, " (matched by '", glob,
                               "') is not masked: ", reason));
      }
      continue;
    }
    if (!has_secret(opts, name, *value)) opts.secrets.push_back({name, std::move(*value)});
  }
  if (!matched && notice_no_match && notices != nullptr) {
    notices->push_back(cat("'", glob, "' matches no environment variable"));
  }
}

std::string apply_secret_env(policy_options& opts, std::string_view value, const env_lookup& env,
                             std::vector<std::string>* notices) {
  if (!is_printable_word(value) || value.find('=') != std::string_view::npos) {
    return "expected an environment variable name or a glob (no '=', no blanks)";
  }
  const std::string name(value);
  if (!is_env_glob(name)) return add_named_secret(opts, name, env);
  add_glob_secrets(opts, name, env, notices, true);
  return {};
}

}  // namespace

// --- environment ---

env_lookup::env_lookup()
    : get_(system_env), names_([] {
        std::vector<std::string> names;
        for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
          const std::string_view entry(*e);
          names.emplace_back(entry.substr(0, entry.find('=')));
        }
        return names;
      }) {}

std::optional<std::string> env_lookup::operator()(const std::string& name) const {
  if (!get_) return std::nullopt;
  return get_(name);
}

std::vector<std::string> env_lookup::names() const {
  std::vector<std::string> names;
  if (names_) names = names_();
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::optional<std::string> system_env(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

bool is_env_glob(std::string_view name) noexcept {
  return name.find_first_of("*?[") != std::string_view::npos;
}

std::span<const std::string_view> default_secret_env_globs() noexcept {
  return k_default_secret_globs;
}

// --- keywords ---

std::span<const rule_keyword> rule_keywords() noexcept { return k_keywords; }

const rule_keyword* find_rule_keyword(std::string_view keyword) noexcept {
  for (const rule_keyword& k : k_keywords) {
    if (k.keyword == keyword) return &k;
  }
  return nullptr;
}

bool valid_regex_label(std::string_view label) noexcept { return is_printable_word(label); }

std::string parse_prefix_rule(std::string_view spec, prefix_rule& rule) {
  std::string_view rest = spec;
  const std::string_view prefix = next_word(rest);
  if (prefix.empty()) return "empty prefix";
  rule = prefix_rule(std::string(prefix));
  bool have_alphabet = false;
  bool have_bounds = false;
  for (std::string_view word = next_word(rest); !word.empty(); word = next_word(rest)) {
    if (word == "token" || word == "alnum" || word == "upper") {
      if (have_alphabet) return "more than one alphabet after the prefix";
      have_alphabet = true;
      rule.alphabet = word == "token"   ? key_alphabet::token
                      : word == "alnum" ? key_alphabet::alnum
                                        : key_alphabet::upper;
      continue;
    }
    const std::size_t dots = word.find("..");
    if (dots == std::string_view::npos) {
      return "expected an alphabet (token, alnum or upper) or bounds (MIN.., MIN..MAX or "
             "..MAX) after the prefix";
    }
    if (have_bounds) return "more than one pair of bounds after the prefix";
    have_bounds = true;
    const std::string_view min = word.substr(0, dots);
    const std::string_view max = word.substr(dots + 2);
    if (min.empty() && max.empty()) return "bounds '..' name neither MIN nor MAX";
    if (!min.empty()) {
      rule.min_body = parse_count(min, k_max_bound);
      if (!rule.min_body) return "bounds must be whole numbers from 1 to 256";
    }
    if (!max.empty()) {
      rule.max_body = parse_count(max, k_max_bound);
      if (!rule.max_body) return "bounds must be whole numbers from 1 to 256";
    }
  }
  return {};
}

std::string add_regex(policy_options& opts, std::string_view label, std::string_view pattern) {
  if (pattern.empty()) return "needs a non-empty PATTERN";
  if (!label.empty() && !valid_regex_label(label)) {
    return "regex label must be printable ASCII without blanks";
  }
  regex_rule rule{std::string(label), std::string(pattern)};
  if (rule.label.empty()) rule.label = cat("regex#", std::to_string(opts.regexes.size() + 1));
  policy_options probe;
  probe.regexes.push_back(rule);
  if (std::string e = check(probe); !e.empty()) return e;
  opts.regexes.push_back(std::move(rule));
  return {};
}

std::string apply_rule(policy_options& opts, std::string_view keyword, std::string_view value,
                       const env_lookup& env, std::vector<std::string>* notices) {
  if (keyword == "regex") return add_regex(opts, {}, value);
  const rule_keyword* k = find_rule_keyword(keyword);
  if (k == nullptr) return "unknown rule";
  if (k->value == rule_value::none && !value.empty()) return "takes no value";
  if (k->value != rule_value::none && value.empty()) return "needs a value";

  for (const family_switch& s : k_switches) {
    if (keyword == s.keyword) {
      opts.*s.member = false;
      return {};
    }
  }
  policy_options probe;
  if (keyword == "prefix") {
    prefix_rule rule;
    if (std::string e = parse_prefix_rule(value, rule); !e.empty()) return e;
    probe.prefixes.push_back(rule);
    if (std::string e = check(probe); !e.empty()) return e;
    opts.prefixes.push_back(std::move(rule));
  } else if (keyword == "field") {
    probe.fields.emplace_back(value);
    if (std::string e = check(probe); !e.empty()) return e;
    opts.fields.emplace_back(value);
  } else if (keyword == "allow") {
    probe.allowlist.emplace_back(value);
    if (std::string e = check(probe); !e.empty()) return e;
    opts.allowlist.emplace_back(value);
  } else if (keyword == "preset") {
    if (!apply_preset(opts, value)) return "unknown preset (expected minimal, default or extended)";
  } else if (keyword == "min-length") {
    const auto n = parse_count(value, k_max_bound);
    if (!n) return "min length must be a whole number from 1 to 256";
    opts.min_body = *n;
  } else if (keyword == "secret-env") {
    return apply_secret_env(opts, value, env, notices);
  } else if (keyword == "secret-env-defaults") {
    for (std::string_view glob : k_default_secret_globs) {
      add_glob_secrets(opts, std::string(glob), env, notices, false);
    }
  }
  return {};
}

}  // namespace redact::cli
