// findings.cpp — hand-checked findings (see tables.hpp): kind, label as
// SPEC's "Findings report" defines it, 1-based line (only LF starts one) and
// byte column of the input where the secret starts (escape sequences
// counted), and the plain-text bytes the fingerprint covers. Columns were
// counted by hand; the comment gives the count where it is not obvious.
#include "tables.hpp"

namespace redact::spec {

namespace {
using fk = finding_kind;
const std::string jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl";
}  // namespace

const std::vector<finding_case>& finding_table() {
  static const std::vector<finding_case> rows = {
      // `Authorization: Bearer ` is 22 bytes.
      {"x\nAuthorization: Bearer abc", config_id::v1, {{fk::field, "Authorization", 2, 23, "abc"}}},
      {"k=qbt_AbCdEf0123456789xyz",
       config_id::v1,
       {{fk::token, "qbt_", 1, 3, "qbt_AbCdEf0123456789xyz"}}},
      // The label is the matched name as written; `HTTP_AUTHORIZATION=Bearer ` is 26.
      {"HTTP_AUTHORIZATION=Bearer abc ",
       config_id::v1,
       {{fk::field, "AUTHORIZATION", 1, 27, "abc"}}},
      {"BEARER abcdefghijklmnop==",
       config_id::v1,
       {{fk::bearer, "BEARER", 1, 8, "abcdefghijklmnop=="}}},  // padding hashed
      {"x basic dXNlcjpw y", config_id::defaults, {{fk::basic, "basic", 1, 9, "dXNlcjpw"}}},
      // Rule S inside a Rule H credential: both; the field hashed over the
      // original bytes.
      {"Authorization: Bearer zzs3cr3t-value",
       config_id::secrets_v1,
       {{fk::field, "Authorization", 1, 23, "zzs3cr3t-value"},
        {fk::secret, "QUBITTRON_API_KEY", 1, 25, "s3cr3t-value"}}},
      {"abcdef123 abcdef123456",
       config_id::secrets_v1,
       {{fk::secret, "secret#2", 1, 1, "abcdef123"},
        {fk::secret, "LONGER", 1, 11, "abcdef123456"}}},
      // Columns count escape sequences (4 bytes of `ESC[1m` + 22).
      {"\x1b[1mAuthorization: Bearer ab\x1b[1mcd",
       config_id::defaults,
       {{fk::field, "Authorization", 1, 27, "abcd"}}},
      // `https://user:` is 13 bytes, `ESC[31m` 5.
      {"https://user:\x1b[31mpa55\x1b[0m@host",
       config_id::defaults,
       {{fk::url, "https", 1, 19, "pa55"}}},
      {"token is " + jwt + ". Next", config_id::defaults, {{fk::jwt, "JWT", 1, 10, jwt}}},
      {"postgres://admin:s3cr3t@db.local:5432/app",
       config_id::defaults,
       {{fk::url, "postgres", 1, 18, "s3cr3t"}}},
      // The password keeps its prefix, and the prefix is hashed.
      {"https://user:qbt_AbCdEf123456@host",
       config_id::defaults,
       {{fk::url, "https", 1, 14, "qbt_AbCdEf123456"}}},
      // Rule E: the label is the decoded key's prefix, the fingerprint that
      // of the decoded key; `data:  bastion: ` is 16 bytes.
      {"data:  bastion: cWJ0X1Q1OWtadXNRSXA1NHZDTnBKQ1Zm",
       config_id::defaults,
       {{fk::encoded, "qbt_", 1, 17, "qbt_T59kZusQIp54vCNpJCVf"}}},
      {"access key AKIAIOSFODNN7EXAMPLE in use",
       config_id::defaults,
       {{fk::token, "AKIA", 1, 12, "AKIAIOSFODNN7EXAMPLE"}}},
      // Rule K: label the BEGIN label, at the first masked byte, the
      // fingerprint over every masked byte in order.
      {"-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo\n"
       "-----END RSA PRIVATE KEY-----",
       config_id::defaults,
       {{fk::private_key, "RSA PRIVATE KEY", 2, 1, "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo"}}},
      {"-----BEGIN PRIVATE KEY-----abc\ndef\n-----END PRIVATE KEY-----",
       config_id::defaults,
       {{fk::private_key, "PRIVATE KEY", 1, 28, "abcdef"}}},
      {"tls.key: |\n  -----BEGIN EC PRIVATE KEY-----\n  MHcC\n  AwEH\n  -----END EC PRIVATE "
       "KEY-----",
       config_id::defaults,
       {{fk::private_key, "EC PRIVATE KEY", 3, 3, "MHcCAwEH"}}},
      {"-----BEGIN PRIVATE KEY-----\nMIIEabcs3cr3t-valueXYZ\n-----END PRIVATE KEY-----",
       config_id::secrets,
       {{fk::private_key, "PRIVATE KEY", 2, 1, "MIIEabcs3cr3t-valueXYZ"},
        {fk::secret, "QUBITTRON_API_KEY", 2, 8, "s3cr3t-value"}}},
      // Rule P: kind field, the label the longest field name the name
      // string ends with, as written; 43 bytes before `9f8e…`.
      {R"({ "name": "Authorization", "value": "Token 9f8e7d6c5b4a" })",
       config_id::defaults,
       {{fk::field, "Authorization", 1, 44, "9f8e7d6c5b4a"}}},
      {R"({"key": "http.request.header.x-api-key", "value": "abc"})",
       config_id::defaults,
       {{fk::field, "x-api-key", 1, 52, "abc"}}},
      {R"({"key": "http.request.header.authorization", "value": {"stringValue": "Basic dXNlcjpw"}})",
       config_id::defaults,
       {{fk::field, "authorization", 1, 78, "dXNlcjpw"}}},
      // Rule S forms: the secret's label, its own fingerprint.
      {"pw=hunter2%21x", config_id::example_secret, {{fk::secret, "K", 1, 4, "hunter2!x"}}},
      {"eHMzY3IzdC12YWx1ZQ==",
       config_id::secrets,
       {{fk::secret, "QUBITTRON_API_KEY", 1, 3, "s3cr3t-value"}}},
      {"k=line-three-xyz", config_id::secrets, {{fk::secret, "PEM", 1, 3, "line-three-xyz"}}},
      // The same bytes as a form of FIRST and the value of SECOND: the
      // first configured secret names the finding.
      {"pw=hunter2%21x", config_id::twin_secrets, {{fk::secret, "FIRST", 1, 4, "hunter2!x"}}},
      // Lines: only LF starts one (the LFs are at offsets 2 and 6).
      {"a\r\nb\rc\nqbt_AbCdEf123456",
       config_id::v1,
       {{fk::token, "qbt_", 3, 1, "qbt_AbCdEf123456"}}},
      // Already redacted text: no findings.
      {"Authorization: Bearer qbt_***\nBearer ***\nqbt_***\nauthorization=***\n",
       config_id::v1,
       {}},
      {"AKIA***\npassword=******\n-----BEGIN PRIVATE KEY-----\n***\n-----END PRIVATE KEY-----\n"
       "https://u:***@h\n{\"name\":\"Cookie\",\"value\":\"***\"}\n",
       config_id::defaults,
       {}},
  };
  return rows;
}

}  // namespace redact::spec
