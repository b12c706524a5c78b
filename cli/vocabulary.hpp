// cli/vocabulary.hpp — the rule vocabulary of the `redact` command: one
// keyword table and one apply_rule() shared by the command-line options
// (`--prefix P` is the rule `prefix` with value P) and the rules-file lines
// (`prefix P`), so the two can never drift apart.
//
//   redact::policy_options opts;              // the core's defaults
//   std::vector<std::string> notices;
//   const redact::cli::env_lookup env;        // the process environment
//   std::string error = redact::cli::apply_rule(opts, "prefix", "ghp_ alnum 36..36", env);
//   error = redact::cli::apply_rule(opts, "secret-env", "*_TOKEN", env, &notices);
//   if (!error.empty()) { /* "option '--prefix': " + error, or "rules.txt:3: " + error */ }
//
// Every rule is validated as it is applied, through redact::validate() on
// the rule alone (so an error belongs to the option or line that caused
// it); the caller validates the whole policy once at the end. Messages are
// one line, never contain a secret's value and never echo a rule's value
// except a prefix, a field name, a variable name or a regex label (the
// things the core names in its own messages).
// Allocates; throws only std::bad_alloc.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "redact/policy.hpp"

namespace redact::cli {

/// The environment as the command reads it: one variable by name, and the
/// list of names (for `--secret-env` globs). Default-constructed: the
/// process environment. Tests and fuzzers supply their own.
class env_lookup {
 public:
  using getter = std::function<std::optional<std::string>(const std::string& name)>;
  using lister = std::function<std::vector<std::string>()>;

  /// The process environment (getenv and environ).
  env_lookup();
  /// Variables from `get`; `names` lists them for globs (no names: a glob
  /// matches nothing).
  template <class Get, class = std::enable_if_t<std::is_invocable_r_v<std::optional<std::string>,
                                                                      Get&, const std::string&>>>
  env_lookup(Get get, lister names = {})  // NOLINT: implicit from a lookup function on purpose
      : get_(std::move(get)), names_(std::move(names)) {}

  /// The value of `name`; std::nullopt when it is not set.
  std::optional<std::string> operator()(const std::string& name) const;
  /// Every variable name, sorted, without duplicates.
  std::vector<std::string> names() const;

 private:
  getter get_;
  lister names_;
};

/// The process environment's value of `name` (std::getenv).
std::optional<std::string> system_env(const std::string& name);

/// What a rule keyword takes.
enum class rule_value {
  none,  ///< a switch: `no-jwt`, `secret-env-defaults`
  word,  ///< one word without blanks: `field x-session`
  text,  ///< the rest of the line, blanks included: `prefix ghp_ alnum 36..36`
};

/// A rule keyword: the rules-file word, and `--` + it on the command line.
struct rule_keyword {
  std::string_view keyword;
  rule_value value;
};

/// Every rule keyword except `regex` (whose rules-file form also takes a
/// label; see add_regex), in the order the help lists them.
std::span<const rule_keyword> rule_keywords() noexcept;

/// The row of `keyword` in rule_keywords(), or nullptr.
const rule_keyword* find_rule_keyword(std::string_view keyword) noexcept;

/// Applies one rule to `opts`. `keyword` is a row of rule_keywords() or
/// `regex` (value: the pattern, label `regex#N`). Returns "" or the reason
/// the rule is refused. `secret-env` reads through `env`; variables a glob
/// matched but that cannot be used (empty, shorter than 6 bytes, refused by
/// the core) are skipped with a line in `notices` naming the variable,
/// never its value.
std::string apply_rule(policy_options& opts, std::string_view keyword, std::string_view value,
                       const env_lookup& env, std::vector<std::string>* notices = nullptr);

/// Adds a Rule R pattern with `label` (empty: `regex#N`, N counting the
/// regex rules). Returns "" or the reason (RE2's message for a bad pattern).
std::string add_regex(policy_options& opts, std::string_view label, std::string_view pattern);

/// True when `label` can name a regex rule: non-empty printable ASCII
/// without blanks.
bool valid_regex_label(std::string_view label) noexcept;

/// Parses a prefix rule `P [ALPHABET] [MIN..[MAX]]` (words separated by
/// blanks, which no prefix may contain): ALPHABET is `token`, `alnum` or
/// `upper`; the bounds are `MIN..`, `MIN..MAX` or `..MAX` (an unset MIN
/// is the policy's min_body). Returns "" or the reason.
std::string parse_prefix_rule(std::string_view spec, prefix_rule& rule);

/// The name patterns `--secret-env-defaults` adds (docs/redact.md lists
/// them with the reason for each).
std::span<const std::string_view> default_secret_env_globs() noexcept;

/// True when `name` is a glob (contains `*`, `?` or `[`).
bool is_env_glob(std::string_view name) noexcept;

}  // namespace redact::cli
