// fragments.hpp — fragments of log text in every shape the rules care about
// (synthetic secrets only), and a seeded generator that glues them into
// documents. Used by the property tests of the core and of the oracle:
// chunking invariance, idempotence, preservation. Gluing puts masks (`***`,
// exact secrets) directly next to runs of every rule — the situations SPEC's
// "Context, bounds and masks next to masks" conventions are about.
#pragma once

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "tables.hpp"

namespace redact::spec {

inline const std::vector<std::string>& fragments() {
  static const std::vector<std::string> f = [] {
    std::vector<std::string> v = {
        // Version 1 shapes.
        "qbt_AbCdEf0123456789xyz",
        "qbt_short",
        "qbt_",
        "my_qbt_AbCdEf12345",
        "%22qbt_AbCdEf12345",
        R"(\\\"authorization\\\":\\\"secret\\\")",
        R"(\"authorization\":\"ab\\\"cd\")",
        "HTTP_AUTHORIZATION=Bearer abc123 X=1",
        R"({"authorization": null})",
        "Authorization failed",
        "\"authorizationUrl\": \"x\"",
        "Bearer abcdefghijklmnop1234",
        "Basic usage",
        "Basic dXNlcjpwYXNz",
        "bearer",
        "Bearer",
        "Authorization:",
        "authorization=",
        "Authorization: ***",
        "Bearer ***",
        "qbt_***",
        "***",
        "\\",
        "\\\\",
        "\\\"",
        "\"",
        "'",
        "=",
        "[",
        "]",
        "{",
        "}",
        "(",
        ")",
        ",",
        ":",
        ";",
        "&",
        " ",
        "  ",
        "\t",
        "\r\n",
        "\n",
        "\r",
        "=\"",
        "=\\\"",
        "a=\"b c\", ",
        "\\/",
        "authorization=OAuth k=\"v\", s=\"w\"",
        "x",
        "abc",
        "0123",
        std::string("\0\xff\xfe", 3),
        "\xc3\xa9",
        "Authorization: Bearer   ",
        "authorization:=v",
        "authorization => 'v'",
        "authorization=r\"v\"",
        "u'authorization': u'v'",
        "authorization={\"a\":qbt_AbCdEf12345}",
        "Basic ",
        "Bearer \t ",
        "qbt_AbCd",
        "Ef012345",
        "authoriz",
        "ation: Bearer x",
        "password=hunter22",
        "Cookie: a=b",
        "sk_live_AbCdEf12345",
        // Version 2 shapes: escape sequences and their texts.
        "\x1b[1m",
        "\x1b[0m",
        "\x1b[36mAuthorization\x1b[0m: ",
        "\x1b",
        "\x1b[",
        "\x1b(B",
        "\\u001b[31m",
        "\\x1b[0m",
        "\\\\u001b[1m",
        "\\033[2K",
        // Key table and its near misses (runs touching a mask when glued).
        "AKIAIOSFODNN7EXAMPLE",
        "AKIAIOSFODNN7EXAMPL",
        "AKIA",
        "ghp_0123456789abcdefghijABCDEFGHIJ012345",
        "glpat-abcdefghij0123456789",
        "xoxb-1234567890",
        "hf_0123456789abcdefghijABCDEFGHIJ01",
        // URLs.
        "postgres://admin:s3cr3t@db:5432/app",
        "https://",
        "https://u:",
        "@host/x",
        "ssh://git@github.com/o",
        "https:\\/\\/u:p@h\\/",
        "smtp://me@example.com:p@ss@mail",
        // JWTs and near misses.
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
        "eyJhbGciOiJIUzI1NiJ9.",
        "eyJhbGciO",
        ".c2ln",
        "..",
        // base64 of keys and their pieces.
        "cWJ0X1Q1OWtadXNRSXA1NHZDTnBKQ1Zm",
        "cWJ0X1Q1OWtadX",
        "NRSXA1NHZDTnBKQ1Zm",
        "QUtJQUlPU0ZPRE5ON0VYQU1QTEU=",
        "dXNlcjAxOnBhc3MwM",
        // Name/value pairs.
        R"({"name": "Authorization", "value": "Token abc"})",
        R"("name": "X-Api-Key", )",
        R"("value": )",
        "name: Authorization\n",
        "value: abc",
        R"({"stringValue": "Basic dXNlcjpw"})",
        "key=Authorization value=Bearer abc",
        // Private-key blocks.
        "-----BEGIN PRIVATE KEY-----",
        "-----END PRIVATE KEY-----",
        "\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n",
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n",
        "Proc-Type: 4,ENCRYPTED\n",
        // Placeholder words and credential-only names.
        "password: YES",
        "password=no,",
        "x-api-key: 9f8e7d6c5b4a",
        "access_token=",
        " Bearer ",
        // Exact secrets (rich policies configure them) and their forms.
        "s3cr3t-value",
        "czNjcjN0LXZhbHVl",
        "hunter22",
    };
    for (const auto& row : spec_examples()) v.emplace_back(row.input);
    return v;
  }();
  return f;
}

/// A document of `count` random fragments.
inline std::string random_document(std::mt19937_64& rng, std::size_t count) {
  const auto& f = fragments();
  std::string doc;
  for (std::size_t i = 0; i < count; ++i) doc += f[rng() % f.size()];
  return doc;
}

/// Inputs for property tests: every fragment alone, then random documents.
inline std::vector<std::string> property_inputs(std::size_t documents, std::size_t fragments_each,
                                                std::uint64_t seed) {
  std::vector<std::string> v(fragments().begin(), fragments().end());
  std::mt19937_64 rng(seed);
  for (std::size_t i = 0; i < documents; ++i) v.push_back(random_document(rng, fragments_each));
  return v;
}

}  // namespace redact::spec
