// configs.hpp — the named option sets the shared tables run under.
//
// spec_defaults() is SPEC version 2's defaults (the default field names, J,
// U, E, P, K, the key table and the encoded forms of exact secrets on), and
// equals `policy_options{}`; v1_options() is version 1's rules (preset
// `minimal`, every version-2 family off). Every table row names its
// configuration, so a row means the same thing whatever the library's
// defaults are.
//
//   auto opts = redact::spec::make_options(redact::spec::config_id::no_jwt);
#pragma once

#include <string_view>
#include <vector>

#include "redact/policy.hpp"

namespace redact::spec {

/// SPEC version 2's default options.
inline redact::policy_options spec_defaults() {
  redact::policy_options o;
  o.preset = redact::field_preset::standard;
  o.jwt = o.url = o.encoded = o.pairs = o.private_keys = o.key_table = o.secret_forms = true;
  return o;
}

/// Version 1's rules: preset `minimal`, every version-2 family off (what
/// version 2 still changes there: escape sequences, the conventions, the
/// bounds and the three clarifications).
inline redact::policy_options v1_options() {
  redact::policy_options o;
  o.preset = redact::field_preset::minimal;
  o.jwt = o.url = o.encoded = o.pairs = o.private_keys = o.key_table = o.secret_forms = false;
  return o;
}

enum class config_id {
  defaults,         ///< spec_defaults()
  v1,               ///< v1_options()
  extended,         ///< defaults, preset `extended`
  minimal,          ///< defaults, preset `minimal`
  multi_prefix,     ///< v1, prefixes qbt_, sk_live_, sk_, ghp_
  min_body_4,       ///< v1, min_body 4
  allowlist,        ///< defaults, allowlist (see make_options)
  secrets,          ///< defaults, exact secrets (see make_options)
  secrets_v1,       ///< v1, the same exact secrets (no encoded forms)
  example_secret,   ///< defaults, secret K = `hunter2!x` (SPEC's last example)
  prefix_rules,     ///< defaults, prefix rules with alphabets and bounds (see make_options)
  no_jwt,           ///< defaults without Rule J
  no_url,           ///< defaults without Rule U
  no_encoded,       ///< defaults without Rule E
  no_pairs,         ///< defaults without Rule P
  no_private_keys,  ///< defaults without Rule K
  no_key_table,     ///< defaults without the key table
  no_secret_forms,  ///< defaults, exact secrets, without their encoded forms
  twin_secrets,     ///< defaults, FIRST = `hunter2!x`, SECOND = its percent form
  credential_key,   ///< defaults, secrets, fingerprints of chosen secrets keyed (HMAC)
};

inline constexpr config_id all_configs[] = {config_id::defaults,     config_id::v1,
                                            config_id::extended,     config_id::minimal,
                                            config_id::multi_prefix, config_id::min_body_4,
                                            config_id::allowlist,    config_id::secrets,
                                            config_id::secrets_v1,   config_id::example_secret,
                                            config_id::prefix_rules, config_id::no_jwt,
                                            config_id::no_url,       config_id::no_encoded,
                                            config_id::no_pairs,     config_id::no_private_keys,
                                            config_id::no_key_table, config_id::no_secret_forms,
                                            config_id::twin_secrets, config_id::credential_key};

std::string_view to_string(config_id id);

/// The exact secrets of `secrets`, `secrets_v1` and `no_secret_forms`.
/// Synthetic values; the table rows spell their forms out by hand.
inline std::vector<redact::exact_secret> table_secrets() {
  return {{"QUBITTRON_API_KEY", "s3cr3t-value"},
          {"", "abcdef123"},
          {"LONGER", "abcdef123456"},
          {"KEYLIKE", "qbt_SecretKey0123456789"},
          {"", "def123ghi"},
          {"PEM", "line-one-of-a-pem\nshort\r\nline-three-xyz"},
          {"QUOTE", "pa\"ss\\wd"},
          {"CTRL", std::string("ctl\x01tab\tz")},
          {"TILDE", "~~~~~~~~"}};
}

inline redact::policy_options make_options(config_id id) {
  redact::policy_options o = spec_defaults();
  switch (id) {
    case config_id::defaults:
      break;
    case config_id::v1:
      o = v1_options();
      break;
    case config_id::extended:
      o.preset = redact::field_preset::extended;
      break;
    case config_id::minimal:
      o.preset = redact::field_preset::minimal;
      break;
    case config_id::multi_prefix:
      o = v1_options();
      o.prefixes = {"qbt_", "sk_live_", "sk_", "ghp_"};
      break;
    case config_id::min_body_4:
      o = v1_options();
      o.min_body = 4;
      break;
    case config_id::allowlist:
      o.allowlist = {"qbt_DocsExample0000",         "docsexampletoken0000",
                     "AKIAIOSFODNN7EXAMPLE",        "hunter2",
                     "example:qbt_DocsKey12345678", "eyJhbGciOiJub25lIn0.eyJkb2MiOiJ4In0.ZG9jcw"};
      break;
    case config_id::secrets:
      o.secrets = table_secrets();
      break;
    case config_id::secrets_v1:
      o = v1_options();
      o.secrets = table_secrets();
      break;
    case config_id::example_secret:
      o.secrets = {{"K", "hunter2!x"}};
      break;
    case config_id::prefix_rules:
      o.prefixes = {"qbt_",
                    {"tk_", redact::key_alphabet::upper, 4, 6},
                    {"ak_", redact::key_alphabet::alnum, 10, std::nullopt},
                    {"ak_", redact::key_alphabet::token, 12, std::nullopt},
                    {"ak_live_", redact::key_alphabet::alnum, 4, std::nullopt}};
      break;
    case config_id::no_jwt:
      o.jwt = false;
      break;
    case config_id::no_url:
      o.url = false;
      break;
    case config_id::no_encoded:
      o.encoded = false;
      break;
    case config_id::no_pairs:
      o.pairs = false;
      break;
    case config_id::no_private_keys:
      o.private_keys = false;
      break;
    case config_id::no_key_table:
      o.key_table = false;
      break;
    case config_id::no_secret_forms:
      o.secrets = table_secrets();
      o.secret_forms = false;
      break;
    case config_id::twin_secrets:
      o.secrets = {{"FIRST", "hunter2!x"}, {"SECOND", "hunter2%21x"}};
      break;
    case config_id::credential_key:
      o.secrets = table_secrets();
      o.credential_fingerprint_key = "team-key";
      break;
  }
  return o;
}

}  // namespace redact::spec
