// spec_words.hpp — word lists copied from SPEC.md (contract version 2), shared
// by the oracle, the test tables, the corpus generator and the fuzz targets.
// Written from SPEC's text, never from the core.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

#include "redact/policy.hpp"

namespace redact::spec {

/// Rule H, "Scheme": the auth schemes kept in front of a credential.
inline constexpr std::array<std::string_view, 23> schemes = {"Basic",
                                                             "Bearer",
                                                             "Digest",
                                                             "Token",
                                                             "ApiKey",
                                                             "Api-Key",
                                                             "JWT",
                                                             "Negotiate",
                                                             "NTLM",
                                                             "OAuth",
                                                             "AWS4-HMAC-SHA256",
                                                             "HOBA",
                                                             "Mutual",
                                                             "SCRAM-SHA-1",
                                                             "SCRAM-SHA-256",
                                                             "vapid",
                                                             "DPoP",
                                                             "GNAP",
                                                             "PrivateToken",
                                                             "Signature",
                                                             "SSWS",
                                                             "Splunk",
                                                             "Key"};

/// Rule H presets. `minimal` is `authorization` alone; the default preset adds
/// the fifteen credential-only names; `extended` adds the four broad ones.
inline constexpr std::string_view minimal_name = "authorization";
inline constexpr std::array<std::string_view, 15> credential_only_names = {
    "x-api-key",     "api-key",           "api_key",
    "apikey",        "x-auth-token",      "cookie",
    "set-cookie",    "password",          "passwd",
    "passphrase",    "client_secret",     "access_token",
    "refresh_token", "secret_access_key", "private_key"};
inline constexpr std::array<std::string_view, 4> broad_names = {"token", "secret", "signature",
                                                                "credential"};

/// Rule H: unquoted (LINE or WORD) credentials that are not credentials,
/// compared case-insensitively after trailing `) ] } , ; .` are removed.
inline constexpr std::array<std::string_view, 9> placeholder_words = {
    "-", "null", "nil", "none", "undefined", "true", "false", "yes", "no"};
inline constexpr std::string_view placeholder_trailing = ")]},;.";

/// One row of Rule T's key table.
struct key_table_row {
  std::string_view prefix;
  key_alphabet alphabet;
  std::size_t min_body;
  std::size_t max_body;  ///< 0: no maximum
  std::string_view issuer;
};

/// Rule T's key table, one row per prefix (SPEC groups several prefixes per row).
inline constexpr std::array<key_table_row, 28> key_table = {{
    {"AKIA", key_alphabet::upper, 16, 16, "AWS access key id"},
    {"ASIA", key_alphabet::upper, 16, 16, "AWS access key id"},
    {"ghp_", key_alphabet::alnum, 36, 36, "GitHub"},
    {"gho_", key_alphabet::alnum, 36, 36, "GitHub"},
    {"ghu_", key_alphabet::alnum, 36, 36, "GitHub"},
    {"ghs_", key_alphabet::alnum, 36, 36, "GitHub"},
    {"ghr_", key_alphabet::alnum, 36, 36, "GitHub"},
    {"github_pat_", key_alphabet::token, 82, 82, "GitHub fine-grained"},
    {"glpat-", key_alphabet::token, 20, 0, "GitLab"},
    {"xoxb-", key_alphabet::token, 10, 0, "Slack"},
    {"xoxp-", key_alphabet::token, 10, 0, "Slack"},
    {"xoxa-", key_alphabet::token, 10, 0, "Slack"},
    {"xoxr-", key_alphabet::token, 10, 0, "Slack"},
    {"xoxs-", key_alphabet::token, 10, 0, "Slack"},
    {"xoxe-", key_alphabet::token, 10, 0, "Slack"},
    {"sk_live_", key_alphabet::alnum, 16, 0, "Stripe"},
    {"rk_live_", key_alphabet::alnum, 16, 0, "Stripe"},
    {"AIza", key_alphabet::token, 35, 35, "Google API key"},
    {"npm_", key_alphabet::alnum, 36, 36, "npm"},
    {"pypi-", key_alphabet::token, 50, 0, "PyPI"},
    {"hf_", key_alphabet::alnum, 34, 34, "Hugging Face"},
    {"sk-ant-", key_alphabet::token, 32, 0, "Anthropic"},
    {"sk-proj-", key_alphabet::token, 32, 0, "OpenAI"},
    {"dop_v1_", key_alphabet::alnum, 64, 64, "DigitalOcean"},
    {"shpat_", key_alphabet::alnum, 32, 32, "Shopify"},
    {"shpss_", key_alphabet::alnum, 32, 32, "Shopify"},
    {"shpca_", key_alphabet::alnum, 32, 32, "Shopify"},
    {"shppa_", key_alphabet::alnum, 32, 32, "Shopify"},
}};

/// Rule T body alphabets.
inline constexpr std::string_view alphabet_chars(key_alphabet a) {
  switch (a) {
    case key_alphabet::token:
      return "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    case key_alphabet::alnum:
      return "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    case key_alphabet::upper:
      return "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  }
  return "";
}

/// Rule U: the bytes that end a URL's authority (besides the end of input).
inline constexpr std::string_view authority_terminators = "/?# \t\r\n\"'`<>\\{}|";

/// Rule K: the key-line characters (base64 in both alphabets, `.`, `*`).
inline constexpr std::string_view key_line_chars =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_.*";

/// The escape-sequence introducer texts that follow backslashes.
inline constexpr std::array<std::string_view, 5> escape_texts = {"u001b", "u001B", "x1b", "x1B",
                                                                 "033"};

}  // namespace redact::spec
