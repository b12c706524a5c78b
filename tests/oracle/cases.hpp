// cases.hpp — input/expected tables shared by the differential tests, the
// hostile-input tests and the fuzz seed-corpus writer.
//
// Every expected output below was derived by hand from SPEC.md (and the
// interpretations in docs/rules.md), not copied from any implementation's
// output. Keys and credentials are synthetic.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "redact/policy.hpp"
#include "spec_words.hpp"

namespace redact::oracle_cases {

/// Which options a case runs under.
enum class config_id {
  defaults,      ///< SPEC defaults
  extended,      ///< `extended` preset
  multi_prefix,  ///< prefixes qbt_, sk_, sk_live_, ghp_
  min_body_4,    ///< min_body = 4
  allowlist,     ///< allowlist qbt_DocsExample0000, Bearer token docsexampletoken0000
  secrets,       ///< exact secrets (see make_options)
};

inline redact::policy_options make_options(config_id id) {
  redact::policy_options o;
  switch (id) {
    case config_id::defaults:
      break;
    case config_id::extended:
      o.preset = redact::field_preset::standard;
      break;
    case config_id::multi_prefix:
      o.prefixes = {"qbt_", "sk_live_", "sk_", "ghp_"};
      break;
    case config_id::min_body_4:
      o.min_body = 4;
      break;
    case config_id::allowlist:
      o.allowlist = {"qbt_DocsExample0000", "docsexampletoken0000"};
      break;
    case config_id::secrets:
      o.secrets = {{"QUBITTRON_API_KEY", "s3cr3t-value"},
                   {"", "abcdef123"},
                   {"LONGER", "abcdef123456"},
                   {"KEYLIKE", "qbt_SecretKey0123456789"},
                   {"", "def123ghi"}};
      break;
  }
  return o;
}

struct spec_case {
  std::string input;
  std::string expected;
  config_id config = config_id::defaults;
};

/// SPEC.md "Examples", every row.
inline const std::vector<spec_case>& spec_examples() {
  static const std::vector<spec_case> rows = {
      {"GET /v1/models key=qbt_AbCdEf0123456789xyz", "GET /v1/models key=qbt_***"},
      {"token qbt_short ok", "token qbt_short ok"},
      {"Authorization: Bearer qbt_AbCdEf0123456789xyz", "Authorization: Bearer qbt_***"},
      {"authorization: Basic dXNlcjpwYXNzd29yZA==", "authorization: Basic ***"},
      {"> Authorization: Bearer "
       "eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo",
       "> Authorization: Bearer ***"},
      {R"({"authorization":"Bearer abc.def.ghi","host":"api"})",
       R"({"authorization":"Bearer ***","host":"api"})"},
      {R"({"msg":"{\"Authorization\":\"Basic dXNlcjpw\"}"})",
       R"({"msg":"{\"Authorization\":\"Basic ***\"}"})"},
      {"headers={'Authorization': 'Token 9f8e7d6c5b4a'}", "headers={'Authorization': 'Token ***'}"},
      {"map[Authorization:[Bearer abcdef] Host:[api]]",
       "map[Authorization:[Bearer ***] Host:[api]]"},
      {R"(b'GET / HTTP/1.1\r\nAuthorization: Bearer abc123\r\nHost: api\r\n')",
       R"(b'GET / HTTP/1.1\r\nAuthorization: Bearer ***\r\nHost: api\r\n')"},
      {R"(level=debug authorization="Bearer abc" path=/v1)",
       R"(level=debug authorization="Bearer ***" path=/v1)"},
      {"HTTP_AUTHORIZATION=Bearer abc123 REMOTE_ADDR=10.0.0.1",
       "HTTP_AUTHORIZATION=Bearer *** REMOTE_ADDR=10.0.0.1"},
      {R"(Proxy-Authorization: Digest username="bob", response="6e7e10f0")",
       "Proxy-Authorization: Digest ***"},
      {R"(curl -H "Authorization: Basic dXNlcjpwYQ=" -H "Accept: */*")",
       R"(curl -H "Authorization: Basic ***" -H "Accept: */*")"},
      {R"({"authorization":"Basic dXNlcjpw\/YXNz"})", R"({"authorization":"Basic ***"})"},
      {R"(["Authorization", "Bearer abc"])", R"(["Authorization", "Bearer ***"])"},
      {"[(b'host', b'api'), (b'authorization', b'Bearer abc')]",
       "[(b'host', b'api'), (b'authorization', b'Bearer ***')]"},
      {R"({"authorization": null, "n": 1})", R"({"authorization": null, "n": 1})"},
      {"Authorization failed for user bob", "Authorization failed for user bob"},
      {R"("authorizationUrl": "https://id.example/auth")",
       R"("authorizationUrl": "https://id.example/auth")"},
      {R"(10.0.0.1 - - "GET / HTTP/1.1" 200 "Bearer abcdefghijklmnop1234")",
       R"(10.0.0.1 - - "GET / HTTP/1.1" 200 "Bearer ***")"},
      {"see Basic usage examples", "see Basic usage examples"},
      {"export QUBITTRON_API_KEY=qbt_AbCdEf0123456789xyz", "export QUBITTRON_API_KEY=qbt_***"},
      {"Authorization: Bearer qbt_***", "Authorization: Bearer qbt_***"},
  };
  return rows;
}

using namespace std::string_literals;

/// Our own table: one or more rows per rule, mode, terminator and scheme.
inline const std::vector<spec_case>& rule_table() {
  static const std::vector<spec_case> rows = {
      // ---- Rule T
      {"qbt_AbCdEf12", "qbt_***"},                   // body exactly min_body
      {"qbt_AbCdEf1", "qbt_AbCdEf1"},                // one short
      {"my_qbt_AbCdEf12345", "my_qbt_***"},          // no left boundary
      {R"(\nqbt_AbCdEf12345\t)", R"(\nqbt_***\t)"},  // after escapes
      {"%22qbt_AbCdEf12345%22", "%22qbt_***%22"},
      {"=qbt_AbCdEf12345", "=qbt_***"},
      {"qbt_AbCd-Ef_12.34", "qbt_***.34"},  // body alphabet ends at `.`
      {"qbt_qbt_AbCdEf12", "qbt_***"},      // a prefix inside the body
      {"qbt_", "qbt_"},
      {"qbt_id", "qbt_id"},
      {"qbt_...", "qbt_..."},
      {"qbt_***", "qbt_***"},
      {"QBT_AbCdEf12345", "QBT_AbCdEf12345"},       // case-sensitive
      {"qbt_abcdefgh\0ijk"s, "qbt_***\0ijk"s},      // NUL ends the body
      {"qbt_abcdefgh\xff\xfe", "qbt_***\xff\xfe"},  // invalid UTF-8 ends it
      {"qbt_password=x", "qbt_***=x"},              // precedence: the key starts first
      {"a qbt_AbCdEf12345 b qbt_ZyXwVu98765\n", "a qbt_*** b qbt_***\n"},
      {"sk_live_AbCdEf12345", "sk_***", config_id::multi_prefix},  // shortest prefix wins
      {"sk_live_AbCd", "sk_***", config_id::multi_prefix},         // `live_AbCd` is 9
      {"ghp_AbCdEf12345 sk_AbCd", "ghp_*** sk_AbCd", config_id::multi_prefix},
      {"qbt_abcd", "qbt_***", config_id::min_body_4},
      {"qbt_abc", "qbt_abc", config_id::min_body_4},
      {"qbt_DocsExample0000", "qbt_DocsExample0000", config_id::allowlist},
      {"qbt_DocsExample00001", "qbt_***", config_id::allowlist},
      {"Authorization: qbt_DocsExample0000", "Authorization: qbt_DocsExample0000",
       config_id::allowlist},
      {"Authorization: Bearer docsexampletoken0000", "Authorization: Bearer docsexampletoken0000",
       config_id::allowlist},
      {"Bearer docsexampletoken0000", "Bearer docsexampletoken0000", config_id::allowlist},

      // ---- Rule H, LINE mode
      {"Authorization: Bearer abc", "Authorization: Bearer ***"},
      {"Authorization: abc def", "Authorization: ***"},
      {"Authorization: Custom abc", "Authorization: ***"},
      {"Authorization:abc", "Authorization:***"},
      {"Authorization:\tBearer\tabc", "Authorization:\tBearer\t***"},
      {"AUTHORIZATION : abc", "AUTHORIZATION : ***"},
      {"X-Authorization: abc", "X-Authorization: ***"},
      {"Authorization: Bearer abc\"rest", "Authorization: Bearer ***\"rest"},
      {"Authorization: Bearer abc'rest", "Authorization: Bearer ***'rest"},
      {R"(Authorization: Bearer abc\rest)", R"(Authorization: Bearer ***\rest)"},
      {"Authorization: Bearer abc[rest", "Authorization: Bearer ***[rest"},
      {R"(Authorization: Bearer abc\/def)", "Authorization: Bearer ***"},
      {"Authorization: Bearer abc\r\nHost: x", "Authorization: Bearer ***\r\nHost: x"},
      {"Authorization: Bearer abc\rHost: x", "Authorization: Bearer ***\rHost: x"},
      {"Authorization: Bearer abc\nAuthorization: xyz\n",
       "Authorization: Bearer ***\nAuthorization: ***\n"},
      {"Authorization: Bearer", "Authorization: ***"},
      {"Authorization: Bearer   ", "Authorization: ***"},
      {"Authorization: Bearer \"x\"", "Authorization: ***\"x\""},
      {"Authorization: Bearerx abc", "Authorization: ***"},
      {"Authorization: null", "Authorization: null"},
      {"Authorization: None", "Authorization: None"},
      {"Authorization: -", "Authorization: -"},
      {"Authorization: NULL", "Authorization: ***"},
      {"Authorization: Bearer null", "Authorization: Bearer null"},
      {"Authorization: ***", "Authorization: ***"},
      {"Authorization: ", "Authorization: "},
      {"Authorization:\r\n", "Authorization:\r\n"},
      {"Authorization: {abc}", "Authorization: ***"},
      {"Authorization: qbt_abc", "Authorization: qbt_***"},
      {"Authorization: Bearer qbt_", "Authorization: Bearer qbt_***"},
      {"Authorization:[Bearer abc] Host:[api]", "Authorization:[Bearer ***] Host:[api]"},
      {R"(map[Authorization:[Bearer a"b'c\d[e]])", "map[Authorization:[Bearer ***]]"},
      {"Authorization:[  Bearer abc]", "Authorization:[  Bearer ***]"},
      {R"(Authorization: Digest username="bob", realm="x", response="6e7e")",
       "Authorization: Digest ***"},
      {R"(Authorization: Digest username="bob"x)", R"(Authorization: Digest ***"bob"x)"},
      {R"(Authorization: Digest username="a b"; qop=auth)", "Authorization: Digest ***"},
      {R"(Authorization: Digest username="a\"b", nc=1)", "Authorization: Digest ***"},
      {R"(Authorization: Digest u=\"a b\" x)", "Authorization: Digest ***"},
      {R"(Authorization: Digest u=\"a b\"x)", R"(Authorization: Digest ***\"a b\"x)"},

      // ---- Rule H, WORD mode and its terminators
      {"authorization=abc def", "authorization=*** def"},
      {"authorization=Bearer abc def", "authorization=Bearer *** def"},
      {"authorization=abc\tdef", "authorization=***\tdef"},
      {"authorization=abc&x=1", "authorization=***&x=1"},
      {"authorization=abc,x", "authorization=***,x"},
      {"authorization=abc;x", "authorization=***;x"},
      {"authorization=abc)x", "authorization=***)x"},
      {"authorization=abc]x", "authorization=***]x"},
      {"authorization=abc}x", "authorization=***}x"},
      {"authorization=abc\"x", "authorization=***\"x"},
      {"authorization=abc'x", "authorization=***'x"},
      {R"(authorization=abc\x)", R"(authorization=***\x)"},
      {"authorization=abc\r\n", "authorization=***\r\n"},
      {R"(authorization=a\/b c)", "authorization=*** c"},
      {"authorization := abc", "authorization := ***"},
      {"authorization => abc", "authorization => ***"},
      {"authorization:=abc", "authorization:=***"},
      {"authorization==abc", "authorization=***"},
      {R"("authorization": abc,)", R"("authorization": ***,)"},
      {R"('authorization':abc)", R"('authorization':***)"},
      {R"({\"authorization\": abc})", R"({\"authorization\": ***})"},
      {"authorization={\"a\":1}", "authorization={\"a\":1}"},
      {"authorization=(a b)", "authorization=(a b)"},
      {"authorization=<abc>", "authorization=<abc>"},
      {"authorization={Bearer abcdefghijklmnop1234}", "authorization={Bearer ***}"},
      {"authorization=null", "authorization=null"},
      {"authorization=undefined&x", "authorization=undefined&x"},
      {"authorization=true", "authorization=true"},
      {"authorization=nil", "authorization=nil"},
      {"authorization=Bearer", "authorization=***"},
      {"authorization=Bearer ,x", "authorization=*** ,x"},
      {"authorization=[abc]", "authorization=[***]"},
      {"authorization= ", "authorization= "},
      {R"(authorization=x="a b", y)", R"(authorization=***, y)"},
      {"cookie=session=\"abc def\"; path=/", "cookie=***; path=/", config_id::extended},
      {"Set-Cookie: sid=abc; Path=/; HttpOnly", "Set-Cookie: ***", config_id::extended},
      {"password=correct horse", "password=*** horse", config_id::extended},
      {"x-api-key: abc123", "x-api-key: ***", config_id::extended},
      {"X-API-KEY=abc123&q=1", "X-API-KEY=***&q=1", config_id::extended},
      {"client_secret=abc&refresh_token=def&access_token=ghi",
       "client_secret=***&refresh_token=***&access_token=***", config_id::extended},
      {"apikey: abc", "apikey: ***", config_id::extended},
      {"api_key=abc", "api_key=***", config_id::extended},
      {"x-auth-token: abc", "x-auth-token: ***", config_id::extended},
      {"password: null", "password: null", config_id::extended},
      {"password=abc", "password=abc"},  // not a field without the preset

      // ---- Rule H, QUOTED mode
      {R"({"authorization":"abc \"x\" def"})", R"({"authorization":"***"})"},
      {R"({"authorization":"abc\\"})", R"({"authorization":"***"})"},
      {R"("{\"authorization\":\"a\\\"b\"}")", R"("{\"authorization\":\"***\"}")"},
      {R"("{\"authorization\":\"abc")", R"("{\"authorization\":\"***")"},
      {R"(\\\"authorization\\\":\\\"abc\\\")", R"(\\\"authorization\\\":\\\"***\\\")"},
      {R"(\\\\\\\"authorization\\\\\\\":\\\\\\\"abc\\\\\\\" x)",
       R"(\\\\\\\"authorization\\\\\\\":\\\\\\\"***\\\\\\\" x)"},
      {R"(authorization = "abc")", R"(authorization = "***")"},
      {"authorization=b'abc'", "authorization=b'***'"},
      {"authorization=u\"abc\"", "authorization=u\"***\""},
      {"authorization=r\"abc\"", "authorization=r\"***\""},
      {"authorization=\"abc", "authorization=\"***"},
      {"authorization=\"abc\nnext\"", "authorization=\"***\nnext\""},
      {"authorization=\"null\"", "authorization=\"***\""},
      {R"("authorization": "")", R"("authorization": "")"},
      {R"("authorization":"***")", R"("authorization":"***")"},
      {R"("authorization":"qbt_***")", R"("authorization":"qbt_***")"},
      {R"("authorization":"a b c" x)", R"("authorization":"***" x)"},
      {R"(authorization: "abc")", R"(authorization: "***")"},
      {R"(authorization:["abc"])", R"(authorization:["***"])"},
      {R"(authorization=[ 'abc'])", R"(authorization=[ '***'])"},
      {R"('authorization': 'it\'s')", R"('authorization': '***')"},
      {R"({"authorization":"Bearer "})", R"({"authorization":"***"})"},
      {R"(("authorization", "abc"))", R"(("authorization", "***"))"},
      {"['Authorization', 'Bearer abc']", "['Authorization', 'Bearer ***']"},
      {"[b'authorization', b'Bearer abc']", "[b'authorization', b'Bearer ***']"},
      {R"(["X-Authorization", "abc"])", R"(["X-Authorization", "***"])"},
      {R"("name": "Authorization", "value": "abc")", R"("name": "Authorization", "value": "abc")"},
      {R"(["Authorization", 42])", R"(["Authorization", 42])"},
      {R"(x, "Authorization", "abc")", R"(x, "Authorization", "abc")"},

      // String-prefix letter before an escaped quote; blanks after `[`;
      // tuple form with up to 8 blanks before the key's quote.
      {R"(authorization=b\"abc\")", R"(authorization=b\"***\")"},
      {"authorization=[\tabc]", "authorization=[\t***]"},
      {"(        'authorization', 'abc')", "(        'authorization', '***')"},
      {"(         'authorization', 'abc')", "(         'authorization', 'abc')"},

      // ---- Scheme edge (interpretation 2)
      {"Authorization: Bearer" + std::string(64, ' '), "Authorization: ***"},
      {"Authorization: Bearer" + std::string(65, ' '),
       "Authorization: Bearer" + std::string(65, ' ')},
      {R"({"authorization":"Bearer)" + std::string(64, ' ') + "\"}", R"({"authorization":"***"})"},
      {R"({"authorization":"Bearer)" + std::string(65, ' ') + "\"}",
       R"({"authorization":"Bearer)" + std::string(65, ' ') + "\"}"},
      {"Authorization: Bearer" + std::string(200, ' ') + "abc",
       "Authorization: Bearer" + std::string(200, ' ') + "***"},

      // ---- Interpretation 1: bounded runs before the value
      {"Authorization" + std::string(64, ' ') + ": abc",
       "Authorization" + std::string(64, ' ') + ": ***"},
      {"Authorization" + std::string(65, ' ') + ": abc",
       "Authorization" + std::string(65, ' ') + ": abc"},
      {"Authorization:" + std::string(1000, ' ') + "abc",
       "Authorization:" + std::string(1000, ' ') + "***"},

      // ---- Rule B
      {"Bearer abcdefghijklmnop", "Bearer ***"},
      {"Bearer abcdefghijklmno", "Bearer abcdefghijklmno"},
      {R"(Bearer abcdefghijklmno\/)", "Bearer ***"},
      {"Bearer abcdefghijklmnop==", "Bearer ***"},
      {"Bearer abcdefghijklmno=", "Bearer abcdefghijklmno="},
      {"Bearer a.b_c~d+e/f-ghijklmnop=x", "Bearer ***x"},
      {"xBearer abcdefghijklmnop", "xBearer abcdefghijklmnop"},
      {"1Bearer abcdefghijklmnop", "1Bearer ***"},
      {"_Bearer abcdefghijklmnop", "_Bearer ***"},
      {"BEARER abcdefghijklmnop", "BEARER ***"},
      {"Bearer\tabcdefghijklmnop", "Bearer\t***"},
      {"Bearer  \t abcdefghijklmnop", "Bearer  \t ***"},
      {"Bearerabcdefghijklmnop", "Bearerabcdefghijklmnop"},
      {"Bearer abcdefghijklmnop\"rest", "Bearer ***\"rest"},
      {"Bearer qbt_AbCdEf0123456789", "Bearer qbt_***"},
      {"Bearer qbt_AbCd", "Bearer qbt_AbCd"},
      {"Bearer ***", "Bearer ***"},
      {"Basic dXNlcjpwYXNzd29yZA==", "Basic ***"},
      {"basic dXNlcjpw", "basic ***"},                       // user:p, 8 characters
      {"Basic dXNlcjp", "Basic dXNlcjp"},                    // 7 characters
      {"Basic dXNlcnBhc3N3b3Jk", "Basic dXNlcnBhc3N3b3Jk"},  // no `:`
      {"Basic dXNlcjoBcHc=", "Basic dXNlcjoBcHc="},          // control character
      {"Basic dXNlcjrChXg=", "Basic dXNlcjrChXg="},          // U+0085 (C1 control)
      {"Basic dXNlcjr/eHg=", "Basic dXNlcjr/eHg="},          // invalid UTF-8
      {"Basic dXNlcjrtoIB4", "Basic dXNlcjrtoIB4"},          // surrogate
      {"Basic dXNlcjrAung=", "Basic dXNlcjrAung="},          // overlong
      {"Basic dTr0kICA", "Basic dTr0kICA"},                  // above U+10FFFF
      {"Basic dXPDqXI6cHc=", "Basic ***"},                   // usér:pw is valid UTF-8
      {"Basic dXNlcjpwY", "Basic dXNlcjpwY"},                // final group of one
      {"Basic dXNlcjpwYQ", "Basic ***"},                     // final group of two
      {"Basic dXNlcjpw.rest", "Basic ***.rest"},
      {"Basic Overview", "Basic Overview"},
      {"see Basic usage examples", "see Basic usage examples"},
      {"Basic " + std::string(1025, 'A'), "Basic ***"},
      {"Basic " + std::string(1024, 'A'), "Basic " + std::string(1024, 'A')},
      // `\/` is one base64 digit: 1024 digits are decided, 1025 fail closed.
      {"Basic " + std::string(1020, 'A') + "\\/AAA", "Basic " + std::string(1020, 'A') + "\\/AAA"},
      {"Basic " + std::string(1020, 'A') + "\\/AAAA", "Basic ***"},
      {"Basic " + std::string(1024, 'A') + "\\/", "Basic ***"},

      // ---- Rule S
      {"x=s3cr3t-value y", "x=*** y", config_id::secrets},
      {"Authorization: Bearer s3cr3t-value", "Authorization: Bearer ***", config_id::secrets},
      {"Authorization: Bearer abcs3cr3t-value", "Authorization: Bearer ***", config_id::secrets},
      {"id=qbt_SecretKey0123456789", "id=***", config_id::secrets},
      {"abcdef123456", "***", config_id::secrets},  // longest at one position
      {"abcdef1234", "***4", config_id::secrets},
      {"xabcdef123ghi", "x***ghi", config_id::secrets},  // leftmost first
      {"qbt_abcdefgh s3cr3t-value", "qbt_*** ***", config_id::secrets},
  };
  return rows;
}

/// The 23 schemes of SPEC Rule H.
using redact::spec::schemes;

}  // namespace redact::oracle_cases
