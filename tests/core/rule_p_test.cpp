// SPEC Rule P — credentials in name/value pair layouts. Every expected output
// and finding below was derived by hand from SPEC's Rule P section, "Context,
// bounds and masks next to masks", "Precedence", "Findings report" and its
// examples table (and docs/rules.md for the interpretations it records); each
// row is also checked for chunking invariance at every split, idempotence and
// the hold-back bound (case_check.hpp).
#include <gtest/gtest.h>

#include <string>

#include "case_check.hpp"

namespace redact::test {
namespace {

using fk = finding_kind;

// Rule P on, and every other family of contract version 2 named explicitly.
policy_options pair_options() {
  policy_options o;
  o.preset = field_preset::standard;
  o.pairs = true;
  o.private_keys = o.jwt = o.url = o.encoded = o.key_table = o.secret_forms = false;
  return o;
}
policy pair_policy() { return policy(pair_options()); }

// A field finding of Rule P: label `label`, the credential `cred` (its first
// occurrence in `in`, on line `line`) fingerprinted.
seen_finding field_at(std::string_view in, std::string_view label, std::string_view cred,
                      std::uint64_t line = 1) {
  const std::size_t at = in.find(cred);
  const std::size_t line_start = in.rfind('\n', at);
  const std::size_t column = line_start == std::string_view::npos ? at + 1 : at - line_start;
  return {fk::field, std::string(label), line, column, sha8(cred)};
}

TEST(RuleP, SpecExamples) {
  const std::string har = R"({ "name": "Authorization", "value": "Token 9f8e7d6c5b4a" })";
  const std::string otel =
      R"({"key": "http.request.header.authorization", "value": {"stringValue": "Basic dXNlcjpw"}})";
  const std::string kv = "key=Authorization value=Bearer abc123";
  check_cases(
      {
          {har, R"({ "name": "Authorization", "value": "Token ***" })",
           std::vector<seen_finding>{field_at(har, "Authorization", "9f8e7d6c5b4a")}},
          {otel,
           R"({"key": "http.request.header.authorization", "value": {"stringValue": "Basic ***"}})",
           std::vector<seen_finding>{field_at(otel, "authorization", "dXNlcjpw")}},
          {kv, "key=Authorization value=Bearer ***",
           std::vector<seen_finding>{field_at(kv, "Authorization", "abc123")}},
          {R"({"name": "Accept", "value": "*/*"})", R"({"name": "Accept", "value": "*/*"})",
           std::vector<seen_finding>{}},
      },
      pair_policy());
}

TEST(RuleP, SwitchedOff) {
  policy_options o = pair_options();
  o.pairs = false;
  const std::string in = R"({"name": "X-Api-Key", "value": "9f8e7d6c5b4a3f2e"})";
  EXPECT_EQ(redact::redact(in, policy(o)), in);
}

TEST(RuleP, Layouts) {
  const std::string har = R"({"name": "X-Api-Key", "value": "9f8e7d6c5b4a3f2e"})";
  const std::string env = "env:\n  - name: X_API_KEY\n    value: abc123\n";
  const std::string tags = R"({"Key": "password", "Value": "hunter22"})";
  const std::string form = "name=cookie&value=session%3Dabc123";
  check_cases(
      {
          // HAR: the longest field name the string ends with is the label.
          {har, R"({"name": "X-Api-Key", "value": "***"})",
           std::vector<seen_finding>{field_at(har, "X-Api-Key", "9f8e7d6c5b4a3f2e")}},
          // Postman.
          {R"({"key": "Authorization", "value": "Bearer abc123", "type": "text"})",
           R"({"key": "Authorization", "value": "Bearer ***", "type": "text"})"},
          // A Kubernetes env list (LINE value).
          {env, "env:\n  - name: X_API_KEY\n    value: ***\n",
           std::vector<seen_finding>{field_at(env, "API_KEY", "abc123", 3)}},
          // AWS tags: member keys are case-insensitive.
          {tags, R"({"Key": "password", "Value": "***"})",
           std::vector<seen_finding>{field_at(tags, "password", "hunter22")}},
          // A form (WORD value).
          {form, "name=cookie&value=***",
           std::vector<seen_finding>{field_at(form, "cookie", "session%3Dabc123")}},
          // Escaped JSON inside JSON, a Python repr, Perl's `=>`.
          {R"({\"name\": \"Authorization\", \"value\": \"Token abc\"})",
           R"({\"name\": \"Authorization\", \"value\": \"Token ***\"})"},
          {"{'name': 'Authorization', 'value': 'Bearer abc'}",
           "{'name': 'Authorization', 'value': 'Bearer ***'}"},
          {"name => 'Authorization', value => 'Bearer abc'",
           "name => 'Authorization', value => 'Bearer ***'"},
          // Every value member after the name member is paired with it.
          {"name=Authorization value=abc value=def", "name=Authorization value=*** value=***"},
          // Not covered: the value member before its name member.
          {R"({"value": "abc", "name": "Authorization"})",
           R"({"value": "abc", "name": "Authorization"})", std::vector<seen_finding>{}},
      },
      pair_policy());
}

TEST(RuleP, GapOfTwoLineBreaksAtMost) {
  check_cases(
      {
          {"- name: X_API_KEY\n\n  value: abc", "- name: X_API_KEY\n\n  value: ***"},
          {"- name: X_API_KEY\n\n\n  value: abc", "- name: X_API_KEY\n\n\n  value: abc",
           std::vector<seen_finding>{}},
          // CRLF counts once; a lone CR is a line break.
          {"- name: X_API_KEY\r\n\r\n  value: abc", "- name: X_API_KEY\r\n\r\n  value: ***"},
          {"- name: X_API_KEY\r\n\r\n\r\n  value: abc",
           "- name: X_API_KEY\r\n\r\n\r\n  value: abc"},
          {"- name: X_API_KEY\r\r  value: abc", "- name: X_API_KEY\r\r  value: ***"},
          {"- name: X_API_KEY\r\r\r  value: abc", "- name: X_API_KEY\r\r\r  value: abc"},
      },
      pair_policy());
}

TEST(RuleP, BracketsInTheGap) {
  const std::string masked =
      R"({"name": "Authorization", "password": "a{b}c", "value": "Token abc"})";
  check_cases(
      {
          {R"({"name": "Authorization"}, {"value": "abc"})",
           R"({"name": "Authorization"}, {"value": "abc"})", std::vector<seen_finding>{}},
          {R"({"name": "Authorization", "x": [1], "value": "abc"})",
           R"({"name": "Authorization", "x": [1], "value": "abc"})"},
          {R"({"name": "Authorization", "x": {}, "value": "abc"})",
           R"({"name": "Authorization", "x": {}, "value": "abc"})"},
          // Brackets inside a masked span in the gap do not count.
          {masked, R"({"name": "Authorization", "password": "***", "value": "Token ***"})",
           std::vector<seen_finding>{field_at(masked, "password", "a{b}c"),
                                     field_at(masked, "Authorization", "abc")}},
      },
      pair_policy());
}

TEST(RuleP, NearestNameMemberWins) {
  const std::string x127(127, 'x'), x128(128, 'x');
  check_cases(
      {
          {R"({"name": "Authorization", "name": "Accept", "value": "abc"})",
           R"({"name": "Authorization", "name": "Accept", "value": "abc"})",
           std::vector<seen_finding>{}},
          {R"({"name": "Accept", "name": "Authorization", "value": "abc"})",
           R"({"name": "Accept", "name": "Authorization", "value": "***"})"},
          {"name=Authorization key=Accept value=abc", "name=Authorization key=Accept value=abc"},
          {"key=Accept name=Authorization value=abc", "key=Accept name=Authorization value=***"},
          // An empty word is no name member: Authorization is still the nearest.
          {R"(name:Authorization"key:)value:abc)", R"(name:Authorization"key:)value:***)"},
          // A quoted name member holding another one ends last: it is the
          // nearest, although it began first.
          {R"(name:"key:apikey,"value:abc)", R"(name:"key:apikey,"value:abc)"},
          {R"(name:"key:apikey,Cookie"value:abc)", R"(name:"key:apikey,Cookie"value:***)"},
          // A `key` member whose string does not close within 128 bytes is no
          // name member: the nearest name member is still Authorization.
          {R"({"name": "Authorization", "key": ")" + x128 + R"(", "value": "abc"})",
           R"({"name": "Authorization", "key": ")" + x128 + R"(", "value": "***"})"},
          {R"({"name": "Authorization", "key": ")" + x127 + R"(", "value": "abc"})",
           R"({"name": "Authorization", "key": ")" + x127 + R"(", "value": "abc"})"},
      },
      pair_policy());
}

TEST(RuleP, NameMembersAreJudgedWhereTheirStringsEnd) {
  const std::string both = R"(name="authorization":"Bearer abc" value=def)";
  check_cases(
      {
          // A field name that Rule H takes as a field still ends the name
          // member's string (H masks only what follows it).
          {both, R"(name="authorization":"Bearer ***" value=***)",
           std::vector<seen_finding>{field_at(both, "authorization", "abc"),
                                     field_at(both, "authorization", "def")}},
          // A name member replaces the armed one once its string has ended:
          // a value member inside that string is still paired.
          {R"(name=Authorization "name": "value=abc" value=def)",
           R"(name=Authorization "name": "value=***" value=def)"},
      },
      pair_policy());
}

// Judged on the output: a finding that masks the byte ending a name
// member's word makes the word go on through `***` (SPEC "Looking back").
// Here a Rule E finding starts at `\/` (base64 of 0xFC then a `qbt_` key).
TEST(RuleP, WordsGoOnThroughAMaskedTerminator) {
  policy_options o = pair_options();
  o.encoded = o.url = true;
  const std::string hidden = "\\/HFidF9BYkNkRWYxMjM0NTY3OA==";  // 0xFC qbt_AbCdEf12345678
  check_cases(
      {
          // `A***==value=abc` is one word: the nearest name member whose
          // string ended before `value` is Authorization.
          {"name=Authorization name=A" + hidden + "value=abc",
           "name=Authorization name=A***==value=***"},
          // `A***==` ends at the space: it is the nearest, and names nothing.
          {"name=Authorization name=A" + hidden + " value=abc",
           "name=Authorization name=A***== value=abc"},
          // The same with Rule U's password starting at the terminator `&`.
          {"name=Authorization name=s://:&@value:abc",
           "name=Authorization name=s://:***@value:***"},
          {"name=Authorization name=s://:&@ value:abc",
           "name=Authorization name=s://:***@ value:abc"},
          // A URL password masking a later member's terminator: `s://u:***@h`
          // is the nearest and names nothing.
          {"name=Cookie name=s://u:p&x@h value=secret",
           "name=Cookie name=s://u:***@h value=secret"},
          // The armed word itself goes on through the mask (`Cookie***==`):
          // it names nothing any more, unless it ends with a name again.
          {"name=Cookie" + hidden + " value=secret", "name=Cookie***== value=secret"},
          {"name=Authorization name=Cookie" + hidden + " value=secret",
           "name=Authorization name=Cookie***== value=secret"},
          {"name=Cookie" + hidden + "Cookie value=secret", "name=Cookie***==Cookie value=***"},
          // A `value` key right after `name=` is inside that member's word.
          {"name=Authorization name=value=abc", "name=Authorization name=value=***"},
      },
      policy(o));
}

TEST(RuleP, NameStringBoundOf128Bytes) {
  const std::string q127 = std::string(127 - 13, 'x') + "authorization";
  const std::string q128 = std::string(128 - 13, 'x') + "authorization";
  const std::string long_key = "qbt_" + std::string(200, 'A');
  const std::string masked_inside =
      R"({"name": ")" + long_key + R"( authorization", "value": "abc"})";
  check_cases(
      {
          // The closing quote within the 128 bytes after the opening one.
          {R"({"name": ")" + q127 + R"(", "value": "abc"})",
           R"({"name": ")" + q127 + R"(", "value": "***"})"},
          {R"({"name": ")" + q128 + R"(", "value": "abc"})",
           R"({"name": ")" + q128 + R"(", "value": "abc"})", std::vector<seen_finding>{}},
          // An unquoted word of at most 128 bytes.
          {"name=" + q128 + " value=abc", "name=" + q128 + " value=***"},
          {"name=y" + q128 + " value=abc", "name=y" + q128 + " value=abc"},
          // A later name member longer than 128 bytes on the plain text but not
          // on the output (`qbt_***`) replaces the armed one, quoted or not.
          {"name=Authorization name=" + long_key + " value=abc",
           "name=Authorization name=qbt_*** value=abc"},
          {R"(name=Authorization name=")" + long_key + R"(" value=abc)",
           R"(name=Authorization name="qbt_***" value=abc)"},
          // Judged on the output: a 204-byte key inside the string is `qbt_***`.
          {masked_inside, R"({"name": "qbt_*** authorization", "value": "***"})",
           std::vector<seen_finding>{
               {fk::token, "qbt_", 1, 11, sha8(long_key)},
               {fk::field, "authorization", 1, masked_inside.rfind("abc") + 1, sha8("abc")}}},
      },
      pair_policy());
}

TEST(RuleP, MemberKeys) {
  policy_options with_secret = pair_options();
  with_secret.secrets = {{"", "s3cr3t-value"}};
  check_cases(
      {
          // A member key is not preceded by `A-Z a-z 0-9 _ . -` ...
          {R"({"name": "Authorization", "xvalue": "abc"})",
           R"({"name": "Authorization", "xvalue": "abc"})"},
          {R"({"hostname": "Authorization", "value": "abc"})",
           R"({"hostname": "Authorization", "value": "abc"})"},
          {"my.name=Authorization value=abc", "my.name=Authorization value=abc"},
          // ... and its separator is not `,`.
          {R"(["name", "Authorization", "value", "abc"])",
           R"(["name", "Authorization", "value", "abc"])"},
      },
      pair_policy());
  // Judged on the output: `***name` (an exact secret masked first) is a
  // member key.
  check_cases(
      {
          {"s3cr3t-valuename=Authorization value=abc", "***name=Authorization value=***"},
          {"s3cr3t-valuXname=Authorization value=abc", "s3cr3t-valuXname=Authorization value=abc"},
      },
      policy(with_secret));
}

TEST(RuleP, ValueReadAsRuleH) {
  const std::string kept = R"({"name": "Authorization", "value": "qbt_AbCdEf0123456789"})";
  check_cases(
      {
          {R"({"name": "Authorization", "value": null})",
           R"({"name": "Authorization", "value": null})", std::vector<seen_finding>{}},
          {R"({"name": "Authorization", "value": ""})",
           R"({"name": "Authorization", "value": ""})"},
          {"name=Authorization value=YES", "name=Authorization value=YES"},
          {R"({"name": "Authorization", "value": "Bearer ***"})",
           R"({"name": "Authorization", "value": "Bearer ***"})"},
          // A Rule T prefix is kept.
          {kept, R"({"name": "Authorization", "value": "qbt_***"})",
           std::vector<seen_finding>{field_at(kept, "Authorization", "qbt_AbCdEf0123456789")}},
          // Quoted: leading blanks kept; LINE: to the line end.
          {R"({"name": "Authorization", "value": " Bearer abc"})",
           R"({"name": "Authorization", "value": " ***"})"},
          {"- name: Cookie\n  value: a=b; c=d\nnext", "- name: Cookie\n  value: ***\nnext"},
          // More than 64 blanks after the separator are streamed.
          {R"({"name": "Authorization", "value":)" + std::string(70, ' ') + R"("Token abc"})",
           R"({"name": "Authorization", "value":)" + std::string(70, ' ') + R"("Token ***"})"},
          // A nested value is no finding; the rules apply inside it.
          {R"({"name": "Authorization", "value": {"a": "qbt_AbCdEf0123456789"}})",
           R"({"name": "Authorization", "value": {"a": "qbt_***"}})"},
      },
      pair_policy());
}

TEST(RuleP, OpenTelemetryForm) {
  const std::string lines =
      "{\"key\": \"http.request.header.authorization\",\n \"value\": {\n"
      "   \"stringValue\": \"Bearer abc123\"\n }}";
  const std::string line_value = "key: authorization\nvalue: {\n  stringValue: abc123\n}";
  check_cases(
      {
          // Across lines (the inner member two lines after the name member).
          {lines,
           "{\"key\": \"http.request.header.authorization\",\n \"value\": {\n"
           "   \"stringValue\": \"Bearer ***\"\n }}",
           std::vector<seen_finding>{field_at(lines, "authorization", "abc123", 3)}},
          {R"({"key":"http.request.header.x-api-key","value":{"string_value":"abc123"}})",
           R"({"key":"http.request.header.x-api-key","value":{"string_value":"***"}})"},
          // `}` also ends an unquoted credential (YAML flow, LINE mode).
          {"key: authorization\nvalue: {stringValue: abc123}",
           "key: authorization\nvalue: {stringValue: ***}"},
          // At most 64 bytes of blanks and line breaks after `{`.
          {R"({"key": "authorization", "value": {)" + std::string(64, ' ') +
               R"("stringValue": "abc"}})",
           R"({"key": "authorization", "value": {)" + std::string(64, ' ') +
               R"("stringValue": "***"}})"},
          {R"({"key": "authorization", "value": {)" + std::string(65, ' ') +
               R"("stringValue": "abc"}})",
           R"({"key": "authorization", "value": {)" + std::string(65, ' ') +
               R"("stringValue": "abc"}})"},
          {R"({"key": "authorization", "value": {)" + std::string(30, '\n') +
               R"("stringValue": "abc"}})",
           R"({"key": "authorization", "value": {)" + std::string(30, '\n') +
               R"("stringValue": "***"}})"},
          // Another inner member: a nested value, no finding.
          {R"({"key": "authorization", "value": {"intValue": 5}})",
           R"({"key": "authorization", "value": {"intValue": 5}})", std::vector<seen_finding>{}},
          // A LINE value `{` followed by its line break is Rule H's credential
          // (deciding otherwise would hold the line break back); the inner
          // member's value on a later line is masked too (docs/rules.md).
          {line_value, "key: authorization\nvalue: ***\n  stringValue: ***\n}",
           std::vector<seen_finding>{field_at(line_value, "authorization", "{", 2),
                                     field_at(line_value, "authorization", "abc123", 3)}},
      },
      pair_policy());
}

TEST(RuleP, PrecedenceAndAllowlist) {
  policy_options jwt = pair_options();
  jwt.jwt = true;
  const std::string token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl";
  const std::string in = R"({"name": "Authorization", "value": ")" + token + R"("})";
  // The pair's finding starts at `value`, before the JWT: one field finding.
  check_case({in, R"({"name": "Authorization", "value": "***"})",
              std::vector<seen_finding>{field_at(in, "Authorization", token)}},
             policy(jwt));
  policy_options allow = pair_options();
  allow.allowlist = {"qbt_EXAMPLEKEY00000000"};
  check_case({R"({"name": "Authorization", "value": "qbt_EXAMPLEKEY00000000"})",
              R"({"name": "Authorization", "value": "qbt_EXAMPLEKEY00000000"})",
              std::vector<seen_finding>{}},
             policy(allow));
}

TEST(RuleP, EscapeSequencesAreTransparent) {
  check_case({"{\"name\": \"\x1b[33mAuthorization\x1b[0m\", \"value\": \"Token abc\"}",
              "{\"name\": \"\x1b[33mAuthorization\x1b[0m\", \"value\": \"Token ***\"}"},
             pair_policy());
}

TEST(RuleP, ValueHoldingAPrivateKey) {
  policy_options o = pair_options();
  o.private_keys = true;
  const std::string in =
      "- name: PRIVATE_KEY\n  value: -----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE "
      "KEY-----";
  check_case(
      {in, "- name: PRIVATE_KEY\n  value: ***\n***\n-----END PRIVATE KEY-----",
       std::vector<seen_finding>{field_at(in, "PRIVATE_KEY", "-----BEGIN PRIVATE KEY-----", 2),
                                 {fk::private_key, "PRIVATE KEY", 3, 1, sha8("MIIEvQ")}}},
      policy(o));
}

}  // namespace
}  // namespace redact::test
