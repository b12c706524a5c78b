// table_precedence.cpp — SPEC "Precedence": the finding that starts first
// wins; at one place H, P, K, U, B, J, T, E; kept prefixes in B and U; and
// the switches (every version-2 family off one by one, and all of them off
// with `minimal` giving version 1's output).
#include "tables.hpp"

namespace redact::spec {

namespace {
const std::string jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl";
const std::string begin = "-----BEGIN PRIVATE KEY-----";
const std::string end = "-----END PRIVATE KEY-----";
}  // namespace

const std::vector<spec_case>& table_precedence() {
  static const std::vector<spec_case> rows = {
      // The finding that starts first wins.
      {"qbt_password=x", "qbt_***=x"},                                // T at 0, H at 4
      {"Authorization: Bearer " + jwt, "Authorization: Bearer ***"},  // H before J
      {"Bearer " + jwt, "Bearer ***"},                        // B (the scheme word) before J
      {"x Bearer qbt_AbCdEf0123456789", "x Bearer qbt_***"},  // B keeps the prefix
      {"password=" + jwt, "password=***"},
      // At one place: U before T (the password keeps the prefix).
      {"https://u:qbt_AbCdEf123456@h", "https://u:qbt_***@h"},
      // J before E (a JWT's header is base64 too), T before E.
      {"x " + jwt + " y", "x *** y"},
      {"qbt_T59kZusQIp54vCNpJCVf", "qbt_***"},
      // H before K at a key line's first byte: the field masks its value,
      // and the line still continues the block.
      {begin + "\npassword=abc\nMIIE\n" + end, begin + "\npassword=***\n***\n" + end},
      // K before J and T at a key line's first byte.
      {begin + "\nqbt_AbCdEf0123456789\n" + end, begin + "\n***\n" + end},
      // A Rule S finding may lie inside another.
      {"Authorization: Bearer xx" + std::string("s3cr3t-value") + "yy", "Authorization: Bearer ***",
       config_id::secrets},

      // ---- Each family off on its own
      {"token is " + jwt + " ok", "token is " + jwt + " ok", config_id::no_jwt},
      {"postgres://admin:s3cr3t@db", "postgres://admin:s3cr3t@db", config_id::no_url},
      {"bastion: cWJ0X1Q1OWtadXNRSXA1NHZDTnBKQ1Zm", "bastion: cWJ0X1Q1OWtadXNRSXA1NHZDTnBKQ1Zm",
       config_id::no_encoded},
      {"key=Authorization value=abc", "key=Authorization value=abc", config_id::no_pairs},
      {begin + "\nMIIE\n" + end, begin + "\nMIIE\n" + end, config_id::no_private_keys},
      {"AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE", config_id::no_key_table},
      {"eHMzY3IzdC12YWx1ZQ==", "eHMzY3IzdC12YWx1ZQ==", config_id::no_secret_forms},
      // The other families keep working meanwhile.
      {"x-api-key: abc " + jwt, "x-api-key: ***", config_id::no_jwt},
      {"token " + jwt + " postgres://a:b@c", "token *** postgres://a:b@c", config_id::no_url},

      // ---- All of them off with `minimal`: version 1's output
      {"x-api-key: 9f8e7d6c5b4a3f2e", "x-api-key: 9f8e7d6c5b4a3f2e", config_id::v1},
      {"token is " + jwt + ". Next", "token is " + jwt + ". Next", config_id::v1},
      {"s3://AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI@bucket/x",
       "s3://AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI@bucket/x", config_id::v1},
      {"export QUBITTRON_API_KEY=qbt_AbCdEf0123456789xyz", "export QUBITTRON_API_KEY=qbt_***",
       config_id::v1},
  };
  return rows;
}

}  // namespace redact::spec
