// SPEC Rule K — private-key blocks. Every expected output and finding below
// was derived by hand from SPEC's Rule K section, "Precedence", "Findings
// report" and its examples table (and docs/rules.md for the interpretations
// it records); each row is also checked for chunking invariance at every
// split, idempotence and the hold-back bound (case_check.hpp).
#include <gtest/gtest.h>

#include <string>

#include "case_check.hpp"

namespace redact::test {
namespace {

using fk = finding_kind;

// Rule K on, and every other family of contract version 2 named explicitly
// (so that a change of defaults does not change these tables).
policy_options key_options() {
  policy_options o;
  o.preset = field_preset::standard;
  o.private_keys = true;
  o.pairs = o.jwt = o.url = o.encoded = o.key_table = o.secret_forms = false;
  return o;
}
policy key_policy() { return policy(key_options()); }

const std::string k_begin = "-----BEGIN PRIVATE KEY-----";
const std::string k_end = "-----END PRIVATE KEY-----";

TEST(RuleK, SpecExample) {
  check_case({"-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo\n"
              "-----END RSA PRIVATE KEY-----",
              "-----BEGIN RSA PRIVATE KEY-----\n***\n-----END RSA PRIVATE KEY-----",
              std::vector<seen_finding>{{fk::private_key, "RSA PRIVATE KEY", 2, 1,
                                         sha8("MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo")}}},
             key_policy());
}

// A BEGIN marker inside a key line, with no END marker after it on that
// line, opens the following lines (docs/rules.md K2): the key line ends the
// first block, the next lines are a second block of the new label.
TEST(RuleK, BeginMarkerInsideAKeyLine) {
  const std::string a70(70, 'A');
  const std::string rsa_begin = "-----BEGIN RSA PRIVATE KEY-----";
  check_cases(
      {
          {k_begin + "\n" + a70 + rsa_begin + "\nMIIEnext\n" + k_end,
           k_begin + "\n***\n***\n" + k_end,
           std::vector<seen_finding>{{fk::private_key, "PRIVATE KEY", 2, 1, sha8(a70 + rsa_begin)},
                                     {fk::private_key, "RSA PRIVATE KEY", 3, 1, sha8("MIIEnext")}}},
          // An END marker after it on the line: the block goes on.
          {k_begin + "\n" + a70 + rsa_begin + "x" + k_end + "\nMIIEnext\n" + k_end,
           k_begin + "\n***\n***\n" + k_end,
           std::vector<seen_finding>{{fk::private_key, "PRIVATE KEY", 2, 1,
                                      sha8(a70 + rsa_begin + "x" + k_end + "MIIEnext")}}},
      },
      key_policy());
}

TEST(RuleK, SwitchedOff) {
  policy_options o = key_options();
  o.private_keys = false;
  const std::string in = k_begin + "\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n" + k_end;
  EXPECT_EQ(redact::redact(in, policy(o)), in);
}

TEST(RuleK, OneLineKeyWithEscapedLineBreaks) {
  // SPEC: `"-----BEGIN PRIVATE KEY-----\nMIIE…\n-----END PRIVATE KEY-----\n"`
  // in JSON becomes `"-----BEGIN PRIVATE KEY-----***-----END PRIVATE KEY-----\n"`.
  const std::string body = R"(\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n)";
  check_cases(
      {
          {"\"" + k_begin + body + k_end + R"(\n")", "\"" + k_begin + "***" + k_end + R"(\n")",
           std::vector<seen_finding>{{fk::private_key, "PRIVATE KEY", 1, 29, sha8(body)}}},
          // The END marker ends the block: the next line is not a key line.
          {k_begin + "MIIEvQ" + k_end + " tail\nMIIEnext\n",
           k_begin + "***" + k_end + " tail\nMIIEnext\n",
           std::vector<seen_finding>{{fk::private_key, "PRIVATE KEY", 1, 28, sha8("MIIEvQ")}}},
          // The BEGIN line's rest is masked whatever it holds, as one span.
          {k_begin + " (key follows)\nMIIEvQ\n" + k_end, k_begin + "***\n***\n" + k_end,
           std::vector<seen_finding>{
               {fk::private_key, "PRIVATE KEY", 1, 28, sha8(" (key follows)MIIEvQ")}}},
      },
      key_policy());
}

TEST(RuleK, Labels) {
  const std::string a28(28, 'A'), a29(29, 'A');
  check_cases(
      {
          {"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEA\n"
           "-----END OPENSSH PRIVATE KEY-----",
           "-----BEGIN OPENSSH PRIVATE KEY-----\n***\n-----END OPENSSH PRIVATE KEY-----",
           std::vector<seen_finding>{
               {fk::private_key, "OPENSSH PRIVATE KEY", 2, 1, sha8("b3BlbnNzaC1rZXktdjEA")}}},
          {"-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBF0000\n-----END PGP PRIVATE KEY "
           "BLOCK-----",
           "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n***\n-----END PGP PRIVATE KEY BLOCK-----",
           std::vector<seen_finding>{
               {fk::private_key, "PGP PRIVATE KEY BLOCK", 3, 1, sha8("lQOYBF0000")}}},
          {"-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBO\n-----END ENCRYPTED PRIVATE KEY-----",
           "-----BEGIN ENCRYPTED PRIVATE KEY-----\n***\n-----END ENCRYPTED PRIVATE KEY-----"},
          // A label of 40 bytes, and of 41 (no marker).
          {"-----BEGIN " + a28 + " PRIVATE KEY-----\nMIIE\n",
           "-----BEGIN " + a28 + " PRIVATE KEY-----\n***\n",
           std::vector<seen_finding>{{fk::private_key, a28 + " PRIVATE KEY", 2, 1, sha8("MIIE")}}},
          {"-----BEGIN " + a29 + " PRIVATE KEY-----\nMIIE\n",
           "-----BEGIN " + a29 + " PRIVATE KEY-----\nMIIE\n", std::vector<seen_finding>{}},
          // Near misses: not a private key, lower case, four dashes, another
          // ending, a label byte outside A-Z 0-9 and space.
          {"-----BEGIN PUBLIC KEY-----\nMIIBIjAN\n-----END PUBLIC KEY-----",
           "-----BEGIN PUBLIC KEY-----\nMIIBIjAN\n-----END PUBLIC KEY-----",
           std::vector<seen_finding>{}},
          {"-----BEGIN CERTIFICATE-----\nMIIDdzCC\n-----END CERTIFICATE-----",
           "-----BEGIN CERTIFICATE-----\nMIIDdzCC\n-----END CERTIFICATE-----"},
          {"-----begin private key-----\nMIIE\n", "-----begin private key-----\nMIIE\n"},
          {"-----BEGIN PRIVATE KEY----\nMIIE\n", "-----BEGIN PRIVATE KEY----\nMIIE\n"},
          {"----BEGIN PRIVATE KEY-----\nMIIE\n", "----BEGIN PRIVATE KEY-----\nMIIE\n"},
          {"-----BEGIN PRIVATE KEYS-----\nMIIE\n", "-----BEGIN PRIVATE KEYS-----\nMIIE\n"},
          {"-----BEGIN Rsa PRIVATE KEY-----\nMIIE\n", "-----BEGIN Rsa PRIVATE KEY-----\nMIIE\n"},
          {"-----BEGIN RSA_PRIVATE KEY-----\nMIIE\n", "-----BEGIN RSA_PRIVATE KEY-----\nMIIE\n"},
          // More dashes before: the marker starts at the last five.
          {"------BEGIN PRIVATE KEY-----\nMIIE\n", "------BEGIN PRIVATE KEY-----\n***\n"},
      },
      key_policy());
}

TEST(RuleK, KeyLinesAtTheEightyByteBound) {
  const std::string k80(80, 'Q'), k79(79, 'Q');
  check_cases(
      {
          // The first 80 bytes are key-line characters: the whole line is masked.
          {k_begin + "\n" + k80 + " trailing words\nMIIE\n" + k_end,
           k_begin + "\n***\n***\n" + k_end,
           std::vector<seen_finding>{
               {fk::private_key, "PRIVATE KEY", 2, 1, sha8(k80 + " trailing wordsMIIE")}}},
          // A space at byte 80: not a key line, the block ends there unmasked.
          {k_begin + "\n" + k79 + " trailing words\nMIIE\n" + k_end,
           k_begin + "\n" + k79 + " trailing words\nMIIE\n" + k_end, std::vector<seen_finding>{}},
          // Shorter than 80: all of it must be key-line characters.
          {k_begin + "\nMIIE+/=-_.abc\nMII E\nMIIE\n", k_begin + "\n***\nMII E\nMIIE\n"},
          // Every key-line character.
          {k_begin + "\nAZaz09+/=-_.*\n" + k_end, k_begin + "\n***\n" + k_end},
          // A long unwrapped key line.
          {k_begin + "\n" + std::string(5000, 'k') + "\n" + k_end, k_begin + "\n***\n" + k_end,
           std::vector<seen_finding>{
               {fk::private_key, "PRIVATE KEY", 2, 1, sha8(std::string(5000, 'k'))}}},
      },
      key_policy());
}

TEST(RuleK, HeaderEmptyAndOtherLines) {
  check_cases(
      {
          // PEM header lines and an empty line are kept; the key lines after
          // them are masked; one finding over the masked bytes in order.
          {"-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
           "DEK-Info: AES-128-CBC,0123456789ABCDEF\n\nMIIEpAIB\nAAKCAQEA\n"
           "-----END RSA PRIVATE KEY-----\n",
           "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
           "DEK-Info: AES-128-CBC,0123456789ABCDEF\n\n***\n***\n"
           "-----END RSA PRIVATE KEY-----\n",
           std::vector<seen_finding>{
               {fk::private_key, "RSA PRIVATE KEY", 5, 1, sha8("MIIEpAIBAAKCAQEA")}}},
          // Other rules apply inside a header line; the block goes on.
          {k_begin + "\nX-Note: password=hunter22\nMIIE\n" + k_end,
           k_begin + "\nX-Note: password=***\n***\n" + k_end,
           std::vector<seen_finding>{{fk::field, "password", 2, 18, sha8("hunter22")},
                                     {fk::private_key, "PRIVATE KEY", 3, 1, sha8("MIIE")}}},
          // The header word's `:` within the first 80 bytes; one byte later
          // the first 80 bytes are all key-line characters: a key line.
          {k_begin + "\n" + std::string(79, 'H') + ": v\nMIIE\n",
           k_begin + "\n" + std::string(79, 'H') + ": v\n***\n"},
          {k_begin + "\n" + std::string(80, 'H') + ": v\nMIIE\n", k_begin + "\n***\n***\n"},
          // A blank-only line is empty after its blanks: kept.
          {k_begin + "\nMIIE\n  \t\nMIIF\n" + k_end, k_begin + "\n***\n  \t\n***\n" + k_end},
          // A header word must start the line and be followed by `:`.
          {k_begin + "\n4Proc: x\nMIIE\n", k_begin + "\n4Proc: x\nMIIE\n"},
          {k_begin + "\nProc Type: x\nMIIE\n", k_begin + "\nProc Type: x\nMIIE\n"},
      },
      key_policy());
}

TEST(RuleK, TruncatedKeyFollowedByLogLines) {
  check_cases(
      {
          {k_begin + "\nMIIEvQIBADAN\nBgkqhkiG9w0B\n2024-05-01T10:00:00Z INFO request done\n"
                     "MIIEnotakey\n",
           k_begin + "\n***\n***\n2024-05-01T10:00:00Z INFO request done\nMIIEnotakey\n",
           std::vector<seen_finding>{
               {fk::private_key, "PRIVATE KEY", 2, 1, sha8("MIIEvQIBADANBgkqhkiG9w0B")}}},
          // A new BEGIN marker ends the first block (its line is no key line)
          // and starts another.
          {k_begin + "\nMIIE\n-----BEGIN RSA PRIVATE KEY-----\nABCD\n-----END RSA PRIVATE KEY-----",
           k_begin + "\n***\n-----BEGIN RSA PRIVATE KEY-----\n***\n-----END RSA PRIVATE KEY-----",
           std::vector<seen_finding>{{fk::private_key, "PRIVATE KEY", 2, 1, sha8("MIIE")},
                                     {fk::private_key, "RSA PRIVATE KEY", 4, 1, sha8("ABCD")}}},
          // The stream ends inside the block.
          {k_begin + "\nMIIE", k_begin + "\n***",
           std::vector<seen_finding>{{fk::private_key, "PRIVATE KEY", 2, 1, sha8("MIIE")}}},
          {k_begin + "\nMIIE\n", k_begin + "\n***\n"},
          {k_begin, k_begin, std::vector<seen_finding>{}},
      },
      key_policy());
}

TEST(RuleK, IndentedKeyAndLineBreaks) {
  check_cases(
      {
          // A YAML block scalar: leading blanks are kept.
          {"tls.key: |\n  " + k_begin + "\n  MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n\tBKcwggSjAgEA\n  " +
               k_end + "\ntls.crt: x\n",
           "tls.key: |\n  " + k_begin + "\n  ***\n\t***\n  " + k_end + "\ntls.crt: x\n",
           std::vector<seen_finding>{{fk::private_key, "PRIVATE KEY", 3, 3,
                                      sha8("MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEA")}}},
          // CRLF is one line break; a lone CR ends a line too.
          {k_begin + "\r\nMIIE\r\n\r\nMIIF\r\n" + k_end + "\r\n",
           k_begin + "\r\n***\r\n\r\n***\r\n" + k_end + "\r\n",
           std::vector<seen_finding>{{fk::private_key, "PRIVATE KEY", 2, 1, sha8("MIIEMIIF")}}},
          {k_begin + "\rMIIE\r" + k_end, k_begin + "\r***\r" + k_end},
      },
      key_policy());
}

TEST(RuleK, KeyLineHoldingAJwtOrAnExactSecret) {
  policy_options o = key_options();
  o.jwt = true;
  o.secrets = {{"PEM_LINE", "c2VjcmV0bGluZQ"}};
  const policy pol(o);
  const std::string jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl";
  check_cases(
      {
          // No other rule applies to the masked lines: one K finding.
          {k_begin + "\n" + jwt + "\n" + k_end, k_begin + "\n***\n" + k_end,
           std::vector<seen_finding>{{fk::private_key, "PRIVATE KEY", 2, 1, sha8(jwt)}}},
          // An exact secret inside a key line: Rule S masks it first, the key
          // line is masked whole, its fingerprint covers the original bytes.
          {k_begin + "\nMIIEc2VjcmV0bGluZQxyz\n" + k_end, k_begin + "\n***\n" + k_end,
           std::vector<seen_finding>{
               {fk::secret, "PEM_LINE", 2, 5, sha8("c2VjcmV0bGluZQ")},
               {fk::private_key, "PRIVATE KEY", 2, 1, sha8("MIIEc2VjcmV0bGluZQxyz")}}},
          // A key line that is the exact secret is already `***`: kept, and a
          // block with nothing else to mask is no finding.
          {k_begin + "\nc2VjcmV0bGluZQ\n" + k_end, k_begin + "\n***\n" + k_end,
           std::vector<seen_finding>{{fk::secret, "PEM_LINE", 2, 1, sha8("c2VjcmV0bGluZQ")}}},
      },
      pol);
}

TEST(RuleK, AlreadyRedacted) {
  check_cases(
      {
          {"-----BEGIN RSA PRIVATE KEY-----\n***\n-----END RSA PRIVATE KEY-----",
           "-----BEGIN RSA PRIVATE KEY-----\n***\n-----END RSA PRIVATE KEY-----",
           std::vector<seen_finding>{}},
          {"\"" + k_begin + "***" + k_end + R"(\n")", "\"" + k_begin + "***" + k_end + R"(\n")",
           std::vector<seen_finding>{}},
          {k_begin + "******\n  ***\n" + k_end, k_begin + "******\n  ***\n" + k_end,
           std::vector<seen_finding>{}},
          // Fewer than three `*` are masked.
          {k_begin + "\n**\n" + k_end, k_begin + "\n***\n" + k_end,
           std::vector<seen_finding>{{fk::private_key, "PRIVATE KEY", 2, 1, sha8("**")}}},
          // A line holding a part redacted before (`***` and more) is no key
          // line (docs/rules.md): it ends the block, kept.
          {k_begin + "\n***MIIE\nMIIF\n" + k_end, k_begin + "\n***MIIE\nMIIF\n" + k_end,
           std::vector<seen_finding>{}},
          // A line where Rule H starts at the first byte is Rule H's (SPEC
          // precedence H before K, docs/rules.md K7): kept, and the block goes
          // on over it, as over a header line, so the block's finding comes
          // after the field's; the next line (`"` is no key-line character)
          // ends the block before its key is found.
          {k_begin + "\nMIIE\npassword=hunter22%\nkey=\"qbt_AbCdEf0123456789\"\n",
           k_begin + "\n***\npassword=***\nkey=\"qbt_***\"\n",
           std::vector<seen_finding>{{fk::field, "password", 3, 10, sha8("hunter22%")},
                                     {fk::private_key, "PRIVATE KEY", 2, 1, sha8("MIIE")},
                                     {fk::token, "qbt_", 4, 6, sha8("qbt_AbCdEf0123456789")}}},
          // Only the parts not yet redacted are masked (and fingerprinted).
          {k_begin + "\n***\nMIIE\n" + k_end, k_begin + "\n***\n***\n" + k_end,
           std::vector<seen_finding>{{fk::private_key, "PRIVATE KEY", 3, 1, sha8("MIIE")}}},
          // A line of at most 64 `*` is kept and the block goes on; a longer
          // one holds a redacted part that is not the whole line (the bound
          // of every "already redacted" check): it ends the block, kept.
          {k_begin + "\n" + std::string(64, '*') + "\nMIIE\n" + k_end,
           k_begin + "\n" + std::string(64, '*') + "\n***\n" + k_end},
          {k_begin + "\n" + std::string(65, '*') + "\nMIIE\n" + k_end,
           k_begin + "\n" + std::string(65, '*') + "\nMIIE\n" + k_end},
      },
      key_policy());
}

TEST(RuleK, BeginMarkerInsideAnotherFinding) {
  check_cases(
      {
          // SPEC: the rest of its line belongs to that finding; the block
          // starts at the following lines.
          {"password: " + k_begin + "\nMIIEvQIBADAN\n" + k_end + "\nnext",
           "password: ***\n***\n" + k_end + "\nnext",
           std::vector<seen_finding>{{fk::field, "password", 1, 11, sha8(k_begin)},
                                     {fk::private_key, "PRIVATE KEY", 2, 1, sha8("MIIEvQIBADAN")}}},
          // A field span holding BEGIN and END markers: no block.
          {R"({"password": ")" + k_begin + R"(\nMIIE\n)" + k_end + R"(\n"})" + "\nMIIEnotakey",
           R"({"password": "***"})" + std::string("\nMIIEnotakey"),
           std::vector<seen_finding>{
               {fk::field, "password", 1, 15, sha8(k_begin + R"(\nMIIE\n)" + k_end + R"(\n)")}}},
          // A JSON key file's private_key field.
          {R"({"private_key": ")" + k_begin + R"(\nMIIE\n)" + k_end + R"(\n", "x": "y"})",
           R"({"private_key": "***", "x": "y"})"},
          // The END marker after the finding, on the same line: no block.
          {R"({"password": ")" + k_begin + R"(", "x": ")" + k_end + "\"}\nMIIEnotakey",
           R"({"password": "***", "x": ")" + k_end + "\"}\nMIIEnotakey"},
          // A marker that starts inside a WORD credential and ends after it.
          {"password=" + k_begin + "\nMIIEvQ\n" + k_end,
           "password=*** PRIVATE KEY-----\n***\n" + k_end,
           std::vector<seen_finding>{{fk::field, "password", 1, 10, sha8("-----BEGIN")},
                                     {fk::private_key, "PRIVATE KEY", 2, 1, sha8("MIIEvQ")}}},
          // Or inside a Bearer token or a key (no space in them: the marker
          // starts inside and ends after them).
          {"Bearer abcdefghijklmnop" + k_begin + "\nMIIE\n" + k_end,
           "Bearer *** PRIVATE KEY-----\n***\n" + k_end,
           std::vector<seen_finding>{
               {fk::bearer, "Bearer", 1, 8, sha8("abcdefghijklmnop-----BEGIN")},
               {fk::private_key, "PRIVATE KEY", 2, 1, sha8("MIIE")}}},
          {"k=qbt_AbCdEf12" + k_begin + "\nMIIE\n", "k=qbt_*** PRIVATE KEY-----\n***\n",
           std::vector<seen_finding>{{fk::token, "qbt_", 1, 3, sha8("qbt_AbCdEf12-----BEGIN")},
                                     {fk::private_key, "PRIVATE KEY", 2, 1, sha8("MIIE")}}},
          // Rule H starting at the marker's end comes first (SPEC precedence
          // H, P, K); the block goes on at the next line. On a second pass
          // `password=***` is skipped past, so K does not mask it either.
          {k_begin + "password=hunter22\nMIIE\n" + k_end, k_begin + "password=***\n***\n" + k_end,
           std::vector<seen_finding>{{fk::field, "password", 1, 37, sha8("hunter22")},
                                     {fk::private_key, "PRIVATE KEY", 2, 1, sha8("MIIE")}}},
          {k_begin + "password=***\nMIIE\n" + k_end, k_begin + "password=***\n***\n" + k_end,
           std::vector<seen_finding>{{fk::private_key, "PRIVATE KEY", 2, 1, sha8("MIIE")}}},
      },
      key_policy());
}

TEST(RuleK, RulesStartingInsideTheMarkerComeFirst) {
  policy_options o = key_options();
  o.key_table = true;
  // A key table key inside the label starts before K's first masked byte.
  check_case({"-----BEGIN AKIAIOSFODNN7EXAMPLE PRIVATE KEY-----\nMIIE\n" + k_end,
              "-----BEGIN AKIA*** PRIVATE KEY-----\n***\n" + k_end},
             policy(o));
}

TEST(RuleK, EscapeSequencesAreTransparent) {
  check_case({"\x1b[31m" + k_begin + "\x1b[0m\nMI\x1b[1mIE\n" + k_end,
              "\x1b[31m" + k_begin + "\x1b[0m\n***\x1b[1m\n" + k_end,
              std::vector<seen_finding>{{fk::private_key, "PRIVATE KEY", 2, 1, sha8("MIIE")}}},
             key_policy());
}

}  // namespace
}  // namespace redact::test
