// cli/rules_file.hpp — the `--rules FILE` format (docs/rules-file.md).
//
// One rule per line:
//
//   # Bastion keys and our own service tokens
//   prefix sk_live_
//   field x-session
//   regex ssn \b\d{3}-\d{2}-(\d{4})\b
//   allow qbt_EXAMPLEKEY0000000000
//   secret-env DEPLOY_TOKEN
//   preset extended
//
//   redact::policy_options opts;
//   std::string error;
//   if (!redact::cli::parse_rules(text, "rules.txt", opts, error)) {
//     // error == "rules.txt:7: invalid regex: missing ): (abc"
//   }
//
// Each rule adds to `opts` (the defaults stay). Every rule is validated as it
// is read (through redact::policy, so regex errors carry RE2's message), and
// the first error stops parsing with a message naming the file and the line.
// Finally the rules are validated together with what `opts` already held
// (an error there names only the file), so a true return means
// `redact::policy(opts).ok()`.
// Messages never contain a line's text (a misplaced secret must not be
// echoed); they may contain a rule keyword, a label or a variable name.
// Allocates; never throws except std::bad_alloc; any input is safe (fuzzed).
#pragma once

#include <string>
#include <string_view>

#include "cli/options.hpp"
#include "redact/policy.hpp"

namespace redact::cli {

/// Parses a rules file's `text` into `opts`. `filename` is used in messages.
/// `secret-env NAME` reads NAME through `env`. On error returns false and
/// sets `error` to `FILENAME:LINE: reason`; `opts` may then hold the rules
/// read before the failing line.
bool parse_rules(std::string_view text, std::string_view filename, policy_options& opts,
                 std::string& error, const env_lookup& env = system_env);

}  // namespace redact::cli
