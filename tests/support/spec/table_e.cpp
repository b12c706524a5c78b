// table_e.cpp — SPEC Rule E: keys hidden in base64. Offsets 0, 1, 2 within
// the decoded bytes, both alphabets, `\/`, keys at any group, padding, the
// characters covered (up to the last one holding bits of the key's last
// byte), key-table keys and their bounds, touching a mask, the allowlist.
// The encodings were computed with a base64 tool; which characters are
// masked was worked out by hand from SPEC: a key whose last byte is decoded
// byte b (counted from the finding's start) ends at character ⌊(8b+7)/6⌋.
#include "tables.hpp"

namespace redact::spec {

const std::vector<spec_case>& table_e() {
  static const std::vector<spec_case> rows = {
      // base64("qbt_T59kZusQIp54vCNpJCVf"): 24 bytes, 32 characters.
      {"data:  bastion: cWJ0X1Q1OWtadXNRSXA1NHZDTnBKQ1Zm", "data:  bastion: ***"},
      {"cWJ0X1Q1OWtadXNRSXA1NHZDTnBKQ1Zm", "***"},
      // Offset 1 (a byte 0xFB or 0xFF before the key): both alphabets; the
      // finding starts at character 0, the key ends in character 33 of 34;
      // the padding is not covered.
      {"+3FidF9UNTlrWnVzUUlwNTR2Q05wSkNWZg==", "***=="},
      {"-3FidF9UNTlrWnVzUUlwNTR2Q05wSkNWZg==", "***=="},
      {"/3FidF9UNTlrWnVzUUlwNTR2Q05wSkNWZg==", "***=="},
      {"_3FidF9UNTlrWnVzUUlwNTR2Q05wSkNWZg==", "***=="},
      {"\\/3FidF9UNTlrWnVzUUlwNTR2Q05wSkNWZg==", "***=="},  // JSON's `\/` is one `/`
      // Offset 2 (0xFB 0xFB): the key ends in character 34 of 35.
      {"+/txYnRfVDU5a1p1c1FJcDU0dkNOcEpDVmY=", "***="},
      {"-_txYnRfVDU5a1p1c1FJcDU0dkNOcEpDVmY=", "***="},
      // A key in a later group: "abc" + key — from character 4 the decoded
      // bytes begin with the key (offset 0); "abcd" + key — offset 1.
      {"YWJjcWJ0X1Q1OWtadXNRSXA1NHZDTnBKQ1Zm", "YWJj***"},
      {"YWJjZHFidF9UNTlrWnVzUUlwNTR2Q05wSkNWZg==", "YWJj***=="},
      // A Docker `auths` blob: {"auths":{"r.io":{"auth":"<key>"}}}; the key
      // is decoded byte 26, found from character 32 (byte 24) at offset 2;
      // its last byte is byte 25 from there, in character 32 + 34 = 66.
      {"eyJhdXRocyI6eyJyLmlvIjp7ImF1dGgiOiJxYnRfVDU5a1p1c1FJcDU0dkNOcEpDVmYifX19",
       "eyJhdXRocyI6eyJyLmlvIjp7ImF1dGgi***ifX19"},
      // The key ends before the decoded bytes do: key + " trailing"; its
      // last byte (23) is in character 31.
      {"cWJ0X1Q1OWtadXNRSXA1NHZDTnBKQ1ZmIHRyYWlsaW5n", "***IHRyYWlsaW5n"},
      // Key-table keys: AWS (20 bytes, 27 characters + `=`), GitHub (40
      // bytes, 54 + `==`), Slack; and their near misses.
      {"QUtJQUlPU0ZPRE5ON0VYQU1QTEU=", "***="},
      {"QUtJQUlPU0ZPRE5ON0VYQU1QTA==", "QUtJQUlPU0ZPRE5ON0VYQU1QTA=="},  // AKIA + 15
      {"Z2hwXzAxMjM0NTY3ODlhYmNkZWZnaGlqQUJDREVGR0hJSjAxMjM0NQ==", "***=="},
      {"Z2hwXzAxMjM0NTY3ODlhYmNkZWZnaGlqQUJDREVGR0hJSjAxMjM0NTY=",
       "Z2hwXzAxMjM0NTY3ODlhYmNkZWZnaGlqQUJDREVGR0hJSjAxMjM0NTY="},  // ghp_ + 37
      {"eG94Yi0xMjM0NTY3ODkwLWFiY2RlZmdoaWo=", "***="},              // xoxb-1234567890-abcdefghij
      {"QUtJQUlPU0ZPRE5ON0VYQU1QTEU=", "QUtJQUlPU0ZPRE5ON0VYQU1QTEU=", config_id::no_key_table},
      // qbt_short (body 5): no key.
      {"cWJ0X3Nob3J0", "cWJ0X3Nob3J0"},
      // Touching a mask: a run directly followed by `***` whose decoded key
      // reaches the end of the decoded bytes is no credential; a key that
      // ends earlier (here at `:`) still is.
      {"cWJ0X1Q1OWtadXNRSXA1NHZDTnBKQ1Zms3cr3t-value", "cWJ0X1Q1OWtadXNRSXA1NHZDTnBKQ1Zm***",
       config_id::secrets},
      {"cWJ0X1Q1OWtadXNRSXA1NHZDTnBKQ1ZmOngs3cr3t-value", "***Ong***", config_id::secrets},
      {"cWJ0X1Q1OWtadXNRSXA1NHZDTnBKQ1Zm***", "cWJ0X1Q1OWtadXNRSXA1NHZDTnBKQ1Zm***"},
      // The allowlist: base64("qbt_DocsExample0000").
      {"cWJ0X0RvY3NFeGFtcGxlMDAwMA==", "cWJ0X0RvY3NFeGFtcGxlMDAwMA==", config_id::allowlist},
      {"cWJ0X0RvY3NFeGFtcGxlMDAwMA==", "***=="},
      // Switched off, or version 1.
      {"bastion: cWJ0X1Q1OWtadXNRSXA1NHZDTnBKQ1Zm", "bastion: cWJ0X1Q1OWtadXNRSXA1NHZDTnBKQ1Zm",
       config_id::no_encoded},
      {"bastion: cWJ0X1Q1OWtadXNRSXA1NHZDTnBKQ1Zm", "bastion: cWJ0X1Q1OWtadXNRSXA1NHZDTnBKQ1Zm",
       config_id::v1},
  };
  return rows;
}

}  // namespace redact::spec
