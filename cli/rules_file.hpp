// cli/rules_file.hpp — the `--rules FILE` format (docs/rules-file.md).
//
// One rule per line, in the rule vocabulary of the command line
// (cli/vocabulary.hpp): `--prefix P` is the line `prefix P`.
//
//   # Bastion keys and our own service tokens
//   prefix sk_live_
//   prefix ghp_ alnum 36..36     # GitHub PATs: exactly 36 letters and digits
//   field x-session
//   regex ssn \bssn=\d{3}-\d{2}-(\d{4})\b
//   allow qbt_EXAMPLEKEY0000000000
//   secret-env DEPLOY_TOKEN
//   preset extended
//   no-jwt
//
//   redact::policy_options opts;
//   std::string error;
//   if (!redact::cli::parse_rules(text, "rules.txt", opts, error)) {
//     // error == "rules.txt:7: regex: invalid regex ssn: missing ): (abc"
//   }
//
// A `#` at the start of a line or after a blank starts a comment, on every
// line (a `#` inside a value is written after a non-blank: `a#b`, `\#`,
// `[#]`). Each rule adds to `opts` (the defaults stay) and is validated as
// it is read (through redact::validate, so regex errors carry RE2's
// message); the first error stops parsing with a message naming the file
// and the line. Finally the rules are validated together with what `opts`
// already held (an error there names only the file), so a true return means
// `redact::policy(opts).ok()`.
// Messages never contain a line's text (a misplaced secret must not be
// echoed); they may contain a rule keyword, a prefix, a field name, a label
// or a variable name.
// Allocates; never throws except std::bad_alloc; any input is safe (fuzzed).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cli/vocabulary.hpp"
#include "redact/policy.hpp"

namespace redact::cli {

/// Parses a rules file's `text` into `opts`. `filename` is used in messages.
/// `secret-env NAME` reads NAME through `env`; notices about variables a
/// glob matched but that were skipped go to `notices` (when given), as
/// `FILENAME:LINE: ...`. On error returns false and sets `error` to
/// `FILENAME:LINE: reason`; `opts` may then hold the rules read before the
/// failing line.
bool parse_rules(std::string_view text, std::string_view filename, policy_options& opts,
                 std::string& error, const env_lookup& env = env_lookup(),
                 std::vector<std::string>* notices = nullptr);

}  // namespace redact::cli
