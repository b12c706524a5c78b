// cli/credential_key.hpp — the key that makes the fingerprints of weak
// credentials irreversible in `--check` reports.
//
// Fingerprints of kinds field, basic and url may cover a password a person
// chose (`admin:summer2024`); 8 hex digits of its plain SHA-256 give it back
// to a dictionary attack within seconds. So `--check` keys those kinds with
// HMAC-SHA256 (redact::policy_options::credential_fingerprint_key), while
// keys, tokens, JWTs, exact secrets, encoded and private keys keep plain
// SHA-256, which `sha256sum` reproduces. The key comes from, first found:
//
//   1. --credential-key-env NAME     the value of $NAME (must be set)
//   2. --credential-key-file FILE    the file's first line (created if missing)
//   3. $REDACT_CREDENTIAL_KEY        when set and not empty
//   4. the user's key file           $XDG_CONFIG_HOME/redact/credential-key,
//                                    else ~/.config/redact/credential-key,
//                                    created with 32 random bytes (hex) on first use
//   5. a one-off random key          with a warning: keyed fingerprints will
//                                    not match a baseline made by another run
//
// A team shares one key (a CI secret in REDACT_CREDENTIAL_KEY, the same value
// on developers' machines) so that baselines stay stable across runs and
// machines, while a published report or baseline cannot be brute-forced by
// anyone without it.
//
//   std::string error, warning;
//   auto key = redact::cli::resolve_credential_key(request, env, error, warning);
//   if (!key) { /* "redact: " + error, exit 2 */ }
//   opts.policy.credential_fingerprint_key = key->value;
//
// Allocates; may create a directory and a file; never throws on I/O errors
// (they become `error` or `warning`); messages never contain the key.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "cli/options.hpp"

namespace redact::cli {

/// Environment variable read when no --credential-key-* option is given.
inline constexpr std::string_view credential_key_variable = "REDACT_CREDENTIAL_KEY";

struct credential_key_request {
  std::optional<std::string> env_name;  ///< --credential-key-env
  std::optional<std::string> file;      ///< --credential-key-file
};

struct credential_key {
  std::string value;
  /// 8 hex digits identifying the key (HMAC-SHA256 of a fixed text under
  /// the key), recorded in baselines and SARIF; reveals nothing of the key
  /// when the key is random.
  std::string id;
  /// Where it came from, for messages: "$NAME", "FILE", "a one-off key".
  std::string source;
};

/// The identifier of `key` (see credential_key::id).
std::string key_id(std::string_view key);

/// $XDG_CONFIG_HOME/redact/credential-key, else $HOME/.config/redact/credential-key;
/// empty when neither variable is set.
std::string default_credential_key_path(const env_lookup& env);

/// Resolves the key as above. std::nullopt with `error` when a source the
/// user named fails (variable unset, file unreadable). `warning` is set when
/// a one-off key had to be used or a key file is readable by others.
std::optional<credential_key> resolve_credential_key(const credential_key_request& request,
                                                     const env_lookup& env, std::string& error,
                                                     std::string& warning);

}  // namespace redact::cli
