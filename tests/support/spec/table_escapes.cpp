// table_escapes.cpp — SPEC "Terminal escape sequences are transparent":
// escape sequences inside names, separators, schemes, credentials, keys,
// URLs, JWTs, key blocks and exact secrets; the introducers and their
// bounds. `\x1b` below is the byte ESC; `\\x1b` and `\\u001b` are the texts.
#include "tables.hpp"

namespace redact::spec {

namespace {
std::string bs(std::size_t n) { return std::string(n, '\\'); }
}  // namespace

const std::vector<spec_case>& table_escapes() {
  static const std::vector<spec_case> rows = {
      // ---- Raw ESC + CSI, in every part of a Rule H field
      {"Author\x1b[1mization: abc", "Author\x1b[1mization: ***"},  // inside the name
      {"Authorization\x1b[0m:\x1b[0m abc",
       "Authorization\x1b[0m:\x1b[0m ***"},  // around the separator
      {"Authorization: Bear\x1b[1mer abc",
       "Authorization: Bear\x1b[1mer ***"},  // inside the scheme
      {"Authorization: Bearer\x1b[0m abc",
       "Authorization: Bearer\x1b[0m ***"},  // scheme to credential
      // Inside the credential: after the `***`, in input order (SPEC's text).
      {"Authorization: Bearer ab\x1b[1mcd", "Authorization: Bearer ***\x1b[1m"},
      {"Authorization: Bearer a\x1b[1mb\x1b[0mc", "Authorization: Bearer ***\x1b[1m\x1b[0m"},
      // Before the first / after the last masked byte: in place.
      {"Authorization: Bearer \x1b[33mabc\x1b[0m", "Authorization: Bearer \x1b[33m***\x1b[0m"},
      {"{\"password\":\x1b[2m\"hunter2\"\x1b[0m}", "{\"password\":\x1b[2m\"***\"\x1b[0m}"},
      // A lone ESC is ordinary text (and part of a LINE credential).
      {"Authorization: \x1b abc", "Authorization: ***"},
      {"x \x1b y", "x \x1b y"},

      // ---- CSI body bounds
      // 32 parameter/intermediate bytes: an escape sequence; 33: text.
      {"Authorization: \x1b[" + std::string(32, '1') + "mabc",
       "Authorization: \x1b[" + std::string(32, '1') + "m***"},
      // 33: text, and a LINE credential ends at the `[` (a LINE terminator).
      {"Authorization: \x1b[" + std::string(33, '1') + "mabc",
       "Authorization: ***[" + std::string(33, '1') + "mabc"},
      {"Authorization: \x1b[1;31mabc", "Authorization: \x1b[1;31m***"},
      {"\x1b[2KAuthorization: abc", "\x1b[2KAuthorization: ***"},  // final byte K after a parameter
      {"Authorization: \x1b[mabc", "Authorization: \x1b[m***"},    // no parameter, final `m`
      {"Authorization: \x1b[ mabc", "Authorization: \x1b[ m***"},  // an intermediate byte only
      // No parameter byte and a final other than `m`: `ESC [Bearer` stays
      // text, so Rule B sees `[Bearer` (not after a letter).
      {"\x1b[Bearer abcdefghijklmnop", "\x1b[Bearer ***"},
      {"Author\x1b[Kization: abc", "Author\x1b[Kization: abc"},
      // `*` is not an intermediate byte (it is the mask's byte): text.
      {"Authorization: Bearer \x1b[1*mabc", "Authorization: Bearer ***[1*mabc"},
      {"authorization=Bearer \x1b[1*mabc",
       "authorization=Bearer ***"},  // WORD: `[` is no terminator
      {"Author\x1b[1*mization: abc", "Author\x1b[1*mization: abc"},
      // An introducer without a complete CSI body is text.
      {"Author\x1b[12ization: abc", "Author\x1b[12ization: abc"},

      // ---- Short sequences (raw ESC only)
      {"Author\x1b(Bization: abc", "Author\x1b(Bization: ***"},
      {"Authorization:\x1b= abc", "Authorization:\x1b= ***"},
      {"Authorization: \x1b"
       "7abc\x1b"
       "8",
       "Authorization: \x1b"
       "7***\x1b"
       "8"},
      {"Author\x1b#8ization: abc", "Author\x1b#8ization: ***"},
      {"Author\x1b(-ization: abc", "Author\x1b(-ization: abc"},        // `(` needs an alphanumeric
      {"Author\\u001b(Bization: abc", "Author\\u001b(Bization: abc"},  // text introducers need CSI

      // ---- Text introducers
      {R"({"auth\u001b[1morization": "abc"})", R"({"auth\u001b[1morization": "***"})"},
      {R"({"msg":"\u001B[31mpassword=\u001B[0mhunter22"})",
       R"({"msg":"\u001B[31mpassword=\u001B[0m***"})"},
      {R"('Authorization: \x1b[33mBearer abc\x1b[0m')",
       R"('Authorization: \x1b[33mBearer ***\x1b[0m')"},
      {R"(Authorization: \x1B[1mabc)", R"(Authorization: \x1B[1m***)"},
      {R"(Authorization: \033[1mabc)", R"(Authorization: \033[1m***)"},
      {R"(Authorization: \\u001b[33mabc)",
       R"(Authorization: \\u001b[33m***)"},  // escaped once more
      // At most 8 backslashes belong to the sequence: with 9 the first is
      // text, and a LINE credential ends at it (nothing to mask).
      {"Authorization: " + bs(8) + "u001b[0mabc", "Authorization: " + bs(8) + "u001b[0m***"},
      {"Authorization: " + bs(9) + "u001b[0mabc", "Authorization: " + bs(9) + "u001b[0mabc"},
      {"authorization=" + bs(9) + "u001b[0mabc", "authorization=" + bs(9) + "u001b[0mabc"},
      {R"(Authorization: u001b[0mabc)", "Authorization: ***[0mabc"},  // no backslash: text
      // Not an introducer text: the backslash ends the LINE credential at once.
      {R"(Authorization: \u001c[0mabc)", R"(Authorization: \u001c[0mabc)"},
      {R"(authorization=x\u001c[0mabc)", R"(authorization=***\u001c[0mabc)"},

      // ---- Other rules
      {"qbt_AbCd\x1b[1mEf123456", "qbt_***\x1b[1m"},      // inside a key body
      {"qb\x1b[1mt_AbCdEf123456", "qb\x1b[1mt_***"},      // inside the kept prefix: in place
      {"AKIAIOSF\x1b[0mODNN7EXAMPLE", "AKIA***\x1b[0m"},  // key table
      {"x Bearer \x1b[33mabcdefghijklmnop\x1b[0m y", "x Bearer \x1b[33m***\x1b[0m y"},
      {"Bea\x1b[1mrer abcdefghijklmnop", "Bea\x1b[1mrer ***"},
      {"post\x1b[1mgres://admin:s3cr3t@db", "post\x1b[1mgres://admin:***@db"},
      {"https://user:\x1b[31mpa55\x1b[0m@host", "https://user:\x1b[31m***\x1b[0m@host"},
      {"https://user:pa\x1b[31m55@host", "https://user:***\x1b[31m@host"},
      {"eyJhbGciOiJIUzI1NiJ9.\x1b[1meyJzdWIiOiIxIn0.c2lnbmF0dXJl",
       "***\x1b[1m"},  // the whole JWT is one span
      {"ey\x1b[1mJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl", "***\x1b[1m"},
      {"-----BEGIN PRIVATE KEY-----\n\x1b[2mMIIEabc\x1b[0m\n-----END PRIVATE KEY-----",
       "-----BEGIN PRIVATE KEY-----\n\x1b[2m***\x1b[0m\n-----END PRIVATE KEY-----"},
      {"-----BEGIN PRIV\x1b[1mATE KEY-----\nMIIE\x1b[1mabc\n-----END PRIVATE KEY-----",
       "-----BEGIN PRIV\x1b[1mATE KEY-----\n***\x1b[1m\n-----END PRIVATE KEY-----"},
      {"bastion: cWJ0X1Q1\x1b[1mOWtadXNRSXA1NHZDTnBKQ1Zm", "bastion: ***\x1b[1m"},
      {"{ \"name\": \"Author\x1b[1mization\", \"value\": \"Token abc\" }",
       "{ \"name\": \"Author\x1b[1mization\", \"value\": \"Token ***\" }"},
      // Rule S on the plain text: a secret split by a colour change.
      {"x=s3cr\x1b[1m3t-value y", "x=***\x1b[1m y", config_id::secrets},
      // Version 1's rules see the plain text too.
      {"Author\x1b[1mization: abc", "Author\x1b[1mization: ***", config_id::v1},
      {"\x1b[1mqbt_AbCdEf123456\x1b[0m", "\x1b[1mqbt_***\x1b[0m", config_id::v1},
  };
  return rows;
}

}  // namespace redact::spec
