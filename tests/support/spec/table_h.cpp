// table_h.cpp — SPEC Rule H: names and presets, key close, separators,
// openers, the three value modes and their terminators, escaping depths,
// schemes, quoted parameters (and their 512-byte bound failing closed), the
// exemptions (placeholder words, nested values, already redacted), the
// 64-byte bounds before the value and after a scheme.
#include "table_util.hpp"
#include "tables.hpp"

namespace redact::spec {

namespace {
std::string sp(std::size_t n) { return std::string(n, ' '); }
std::string bs(std::size_t n) { return std::string(n, '\\'); }
std::string as(std::size_t n) { return std::string(n, 'a'); }
constexpr config_id v1 = config_id::v1;
}  // namespace

const std::vector<spec_case>& table_h() {
  static const std::vector<spec_case> rows = {
      // ---- LINE mode (unquoted key, separator `:`) — version 1 rows
      {"Authorization: Bearer abc", "Authorization: Bearer ***", v1},
      {"Authorization: abc def", "Authorization: ***", v1},
      {"Authorization: Custom abc", "Authorization: ***", v1},
      {"Authorization:abc", "Authorization:***", v1},
      {"Authorization:\tBearer\tabc", "Authorization:\tBearer\t***", v1},
      {"AUTHORIZATION : abc", "AUTHORIZATION : ***", v1},
      {"aUtHoRiZaTiOn: x", "aUtHoRiZaTiOn: ***", v1},
      {"X-Authorization: abc", "X-Authorization: ***", v1},
      {"Proxy-Authorization: Basic abc", "Proxy-Authorization: Basic ***", v1},
      {"Authorization: Bearer abc\"rest", "Authorization: Bearer ***\"rest", v1},
      {"Authorization: Bearer abc'rest", "Authorization: Bearer ***'rest", v1},
      {R"(Authorization: Bearer abc\rest)", R"(Authorization: Bearer ***\rest)", v1},
      {"Authorization: Bearer abc[rest", "Authorization: Bearer ***[rest", v1},
      {R"(Authorization: Bearer abc\/def)", "Authorization: Bearer ***", v1},
      {"Authorization: Bearer abc\r\nHost: x", "Authorization: Bearer ***\r\nHost: x", v1},
      {"Authorization: Bearer abc\rHost: x", "Authorization: Bearer ***\rHost: x", v1},
      {"Authorization: Bearer abc\nAuthorization: xyz\n",
       "Authorization: Bearer ***\nAuthorization: ***\n", v1},
      {"-H \"Authorization: xyz\" -H", "-H \"Authorization: ***\" -H", v1},
      {"-H 'Authorization: xyz' -H", "-H 'Authorization: ***' -H", v1},
      {R"(Authorization: abc[\r][\n])", R"(Authorization: ***[\r][\n])", v1},
      {"Authorization: Bearer", "Authorization: ***", v1},
      {"Authorization: Bearer   ", "Authorization: ***", v1},  // the word and its blanks
      {"Authorization: Bearer \"x\"", "Authorization: ***\"x\"", v1},
      {"Authorization: Bearerx abc", "Authorization: ***", v1},
      {"Authorization: Bearers abc", "Authorization: ***", v1},
      {"Authorization: bEaReR abc", "Authorization: bEaReR ***", v1},
      {"Authorization: Basic   abc", "Authorization: Basic   ***", v1},
      {"Authorization: ***", "Authorization: ***", v1},
      {"Authorization: ", "Authorization: ", v1},
      {"Authorization:\r\n", "Authorization:\r\n", v1},
      {"Authorization:   \n", "Authorization:   \n", v1},
      {"Authorization: {abc}", "Authorization: ***", v1},  // LINE: `{` is no exemption
      {"Authorization: qbt_abc", "Authorization: qbt_***", v1},
      {"Authorization: Bearer qbt_", "Authorization: Bearer qbt_***", v1},
      {"Authorization: Bearer qbt_***", "Authorization: Bearer qbt_***", v1},
      {"Authorization:[Bearer abc] Host:[api]", "Authorization:[Bearer ***] Host:[api]", v1},
      {R"(map[Authorization:[Bearer a"b'c\d[e]])", "map[Authorization:[Bearer ***]]", v1},
      {R"(map[Authorization:[abc "x" \y] Host:[h]])", R"(map[Authorization:[***] Host:[h]])", v1},
      {"Authorization:[  Bearer abc]", "Authorization:[  Bearer ***]", v1},
      {R"(Authorization: abc\ndef)", R"(Authorization: ***\ndef)", v1},  // `\` ends LINE
      {"Authorization:\tx y", "Authorization:\t***", v1},
      {"Authorization:", "Authorization:", v1},
      {"Authorization failed for user bob", "Authorization failed for user bob", v1},
      {"authorizationUrl: x", "authorizationUrl: x", v1},
      {"authorizatio: x", "authorizatio: x", v1},
      {"no authorization here", "no authorization here", v1},

      // ---- WORD mode and its terminators
      {"authorization=abc def", "authorization=*** def", v1},
      {"authorization=Bearer abc def", "authorization=Bearer *** def", v1},
      {"authorization=abc\tdef", "authorization=***\tdef", v1},
      {"authorization=abc&x=1", "authorization=***&x=1", v1},
      {"authorization=abc,x", "authorization=***,x", v1},
      {"authorization=abc;x", "authorization=***;x", v1},
      {"authorization=abc)x", "authorization=***)x", v1},
      {"authorization=abc]x", "authorization=***]x", v1},
      {"authorization=abc}x", "authorization=***}x", v1},
      {"authorization=abc\"x", "authorization=***\"x", v1},
      {"authorization=abc'x", "authorization=***'x", v1},
      {R"(authorization=abc\x)", R"(authorization=***\x)", v1},
      {"authorization=abc\r\n", "authorization=***\r\n", v1},
      {R"(authorization=a\/b c)", "authorization=*** c", v1},
      {"authorization := abc", "authorization := ***", v1},
      {"authorization => abc", "authorization => ***", v1},
      {"authorization:=abc", "authorization:=***", v1},
      {"authorization==abc", "authorization=***", v1},               // credential `=abc`
      {R"("authorization": abc,)", R"("authorization": ***,)", v1},  // quoted key, bare value
      {R"('authorization':abc)", R"('authorization':***)", v1},
      {R"({\"authorization\": abc})", R"({\"authorization\": ***})", v1},
      {"(authorization=abc)", "(authorization=***)", v1},
      {"[authorization=abc]", "[authorization=***]", v1},
      {"{authorization=abc}", "{authorization=***}", v1},
      {"authorization => abc def", "authorization => *** def", v1},
      {"authorization = Bearer abc def", "authorization = Bearer *** def", v1},
      {"authorization={\"a\":1}", "authorization={\"a\":1}", v1},  // nested: nothing here
      {"authorization=(a b)", "authorization=(a b)", v1},
      {"authorization=<abc>", "authorization=<abc>", v1},
      {"authorization={Bearer abcdefghijklmnop1234}", "authorization={Bearer ***}", v1},
      {"authorization={Bearer qbt_AbCdEf12345}", "authorization={Bearer qbt_***}", v1},
      {"authorization=Bearer", "authorization=***", v1},
      {"authorization=Bearer ,x", "authorization=*** ,x", v1},
      {"authorization=Bearer&x", "authorization=***&x", v1},
      {"authorization=[abc]", "authorization=[***]", v1},
      {"authorization= ", "authorization= ", v1},
      {"authorization=&x=1", "authorization=&x=1", v1},
      {"authorization=qbt_x", "authorization=qbt_***", v1},
      {"authorization=qbt_***", "authorization=qbt_***", v1},

      // ---- QUOTED mode and escaping depths
      {R"({"authorization":"abc \"x\" def"})", R"({"authorization":"***"})", v1},
      {R"({"authorization":"ab\"cd","x":1})", R"({"authorization":"***","x":1})", v1},
      {R"({"authorization":"abc\\"})", R"({"authorization":"***"})", v1},  // `\\"`: r = 2
      {R"({\"authorization\":\"abc\"})", R"({\"authorization\":\"***\"})", v1},
      {R"("{\"authorization\":\"a\\\"b\"}")", R"("{\"authorization\":\"***\"}")", v1},
      {R"("{\"authorization\":\"abc")", R"("{\"authorization\":\"***")", v1},  // r < k
      {R"(\\\"authorization\\\":\\\"abc\\\")", R"(\\\"authorization\\\":\\\"***\\\")", v1},
      {R"(\\\\\\\"authorization\\\\\\\":\\\\\\\"abc\\\\\\\" x)",
       R"(\\\\\\\"authorization\\\\\\\":\\\\\\\"***\\\\\\\" x)", v1},
      {R"(authorization = "abc")", R"(authorization = "***")", v1},
      {"authorization=b'abc'", "authorization=b'***'", v1},
      {"authorization=u\"abc\"", "authorization=u\"***\"", v1},
      {"authorization=r\"abc\"", "authorization=r\"***\"", v1},
      {R"(authorization=b\"abc\")", R"(authorization=b\"***\")", v1},
      {"b'authorization': b'xyz'", "b'authorization': b'***'", v1},
      {"u'Authorization': u'Bearer abc'", "u'Authorization': u'Bearer ***'", v1},
      {"authorization=\"abc", "authorization=\"***", v1},
      {"authorization=\"abc\nnext\"", "authorization=\"***\nnext\"", v1},
      {"\"authorization\":\"abc\r\n", "\"authorization\":\"***\r\n", v1},
      {"authorization=\"null\"", "authorization=\"***\"", v1},  // quoted: no placeholder
      {R"("authorization": "")", R"("authorization": "")", v1},
      {R"("authorization":"***")", R"("authorization":"***")", v1},
      {R"("authorization":"qbt_***")", R"("authorization":"qbt_***")", v1},
      {R"("authorization":"Bearer qbt_***")", R"("authorization":"Bearer qbt_***")", v1},
      {R"("authorization":"a b c" x)", R"("authorization":"***" x)", v1},
      {R"(\"authorization\":\"ab\\\"cd\")", R"(\"authorization\":\"***\")", v1},
      {"authorization='a b c' x", "authorization='***' x", v1},
      {"authorization: \"a b\" c", "authorization: \"***\" c", v1},
      {"\"authorization\": \"Bearer\"", "\"authorization\": \"***\"", v1},
      {R"(authorization: "abc")", R"(authorization: "***")", v1},
      {R"(authorization:["abc"])", R"(authorization:["***"])", v1},
      {R"("authorization": ["Bearer abc"])", R"("authorization": ["Bearer ***"])", v1},
      {R"(authorization=[ 'abc'])", R"(authorization=[ '***'])", v1},
      {"authorization=[\tabc]", "authorization=[\t***]", v1},
      {R"('authorization': 'it\'s')", R"('authorization': '***')", v1},
      {R"({"authorization":"Bearer "})", R"({"authorization":"***"})", v1},
      {"'authorization' => 'Bearer abc def'", "'authorization' => 'Bearer ***'", v1},
      {R"({"authorization":"qbt_AbCdEf0123456789xyz"})", R"({"authorization":"qbt_***"})", v1},

      // ---- Tuple and array form (the comma)
      {R"(("authorization", "abc"))", R"(("authorization", "***"))", v1},
      {R"(("authorization", 'abc'))", R"(("authorization", '***'))", v1},
      {R"(( b'authorization', b'Bearer abc'))", R"(( b'authorization', b'Bearer ***'))", v1},
      {"['Authorization', 'Bearer abc']", "['Authorization', 'Bearer ***']", v1},
      {"[b'authorization', b'Bearer abc']", "[b'authorization', b'Bearer ***']", v1},
      {R"(["X-Authorization", "abc"])", R"(["X-Authorization", "***"])", v1},
      {R"(["Authorization', "abc"])", R"(["Authorization', "***"])", v1},  // any opening quote
      {"[\"" + std::string(64, '-') + "Authorization\", \"abc\"]",
       "[\"" + std::string(64, '-') + "Authorization\", \"***\"]", v1},
      {"[\"" + std::string(65, '-') + "Authorization\", \"abc\"]",
       "[\"" + std::string(65, '-') + "Authorization\", \"abc\"]", v1},
      {"(        'authorization', 'abc')", "(        'authorization', '***')", v1},    // 8 blanks
      {"(         'authorization', 'abc')", "(         'authorization', 'abc')", v1},  // 9
      {R"("name": "Authorization", "value": "abc")", R"("name": "Authorization", "value": "abc")",
       v1},
      {R"(["Authorization", 42])", R"(["Authorization", 42])",
       v1},  // the value opener has no quote
      {R"(x, "Authorization", "abc")", R"(x, "Authorization", "abc")", v1},
      {R"(("authorization", abc))", R"(("authorization", abc))", v1},
      {"(authorization, 'abc')", "(authorization, 'abc')", v1},  // unquoted key

      // ---- Quoted parameters
      {R"(Authorization: Digest username="bob", realm="x", response="6e7e")",
       "Authorization: Digest ***", v1},
      {R"(Authorization: Digest username="bob"x)", R"(Authorization: Digest ***"bob"x)", v1},
      {R"(Authorization: Digest username="a b"; qop=auth)", "Authorization: Digest ***", v1},
      {R"(Authorization: Digest username="a\"b", nc=1)", "Authorization: Digest ***", v1},
      {R"(Authorization: Digest u=\"a b\" x)", "Authorization: Digest ***", v1},
      {R"(Authorization: Digest u=\"a b\"x)", R"(Authorization: Digest ***\"a b\"x)", v1},
      {R"(authorization=x="a b", y)", R"(authorization=***, y)", v1},
      {R"(authorization=OAuth oauth_consumer_key="k", oauth_signature="s")",
       R"(authorization=OAuth ***, oauth_signature="s")", v1},
      {R"({"x":"Authorization: Digest username=\"bob\", nonce=\"n\""})",
       R"({"x":"Authorization: Digest ***"})", v1},
      {R"(-H "Authorization: Basic YQ=" -H "Accept: */*")",
       R"(-H "Authorization: Basic ***" -H "Accept: */*")", v1},
      {"Authorization: Digest a=\"unterminated", "Authorization: Digest ***\"unterminated", v1},
      {R"(Cookie: a="b c"; d=e)", R"(Cookie: a="b c"; d=e)", v1},  // not a field in `minimal`
      {R"(Cookie: a="b c"; d=e)", "Cookie: ***"},
      // The 512-byte window: a closing quote at most 512 bytes after the
      // opening one closes the parameter (511 bytes between them).
      {"authorization=x=\"" + as(511) + "\" y", "authorization=*** y", v1},
      // 512 bytes follow the opening quote on the line without a closing
      // quote: the decision is made there, failing closed — the credential
      // runs to the end of the line (version 2).
      {"authorization=x=\"" + as(512) + "\" y", "authorization=***", v1},
      {"authorization=x=\"" + as(600) + "\" y\nnext", "authorization=***\nnext", v1},
      {"Authorization: Token token=\"" + as(2000) + "\" x", "Authorization: Token ***", v1},
      {"authorization=x=\\\"" + as(510) + "\\\" y", "authorization=*** y", v1},  // `=\"` … `\"`
      {"authorization=x=\\\"" + as(511) + "\\\" y", "authorization=***", v1},
      // A line end or the end of input before the window is full: an
      // ordinary terminator.
      {"authorization=x=\"" + as(100) + "\nnext\" y",
       "authorization=***\"" + as(100) + "\nnext\" y", v1},
      {"authorization=x=\"" + as(600), "authorization=***", v1},
      {"authorization=x=\"" + as(300), "authorization=***\"" + as(300), v1},
      // A parameter quote escaped by more than 64 backslashes opens nothing
      // (interpretation H9): the backslash ends the WORD credential.
      {"authorization=x=" + bs(65) + "\"a b" + bs(65) + "\" y",
       "authorization=***" + bs(65) + "\"a b" + bs(65) + "\" y", v1},

      // ---- The 64-byte bounds before the value
      {"Authorization" + sp(64) + ": abc", "Authorization" + sp(64) + ": ***", v1},
      {"Authorization" + sp(65) + ": abc", "Authorization" + sp(65) + ": abc", v1},
      {"\"authorization" + bs(64) + "\": abc", "\"authorization" + bs(64) + "\": ***", v1},
      {"\"authorization" + bs(65) + "\": abc", "\"authorization" + bs(65) + "\": abc", v1},
      {"Authorization:" + sp(1000) + "abc", "Authorization:" + sp(1000) + "***", v1},
      {"Authorization: [" + sp(64) + "abc]", "Authorization: [" + sp(64) + "***]", v1},
      // More than 64 spaces after `[`: fail closed; the `[` is kept and the
      // credential runs to the end of the line.
      {"Authorization: [" + sp(65) + "abc] x", "Authorization: [***", v1},
      {"Authorization: [" + sp(65) + "abc]\nnext", "Authorization: [***\nnext", v1},
      {"Authorization: " + bs(64) + "\"abc", "Authorization: " + bs(64) + "\"***", v1},
      // More than 64 backslashes in the opener: fail closed (SPEC's example
      // with `[`; interpretation H1: also without `[`, and whatever follows).
      {"Authorization: [" + bs(65) + "\"abc", "Authorization: [***", v1},
      {"Authorization: " + bs(65) + "\"abc", "Authorization: ***", v1},
      {"authorization=" + bs(65) + "\"abc def", "authorization=***", v1},
      {"authorization=" + bs(65) + "abc def", "authorization=***", v1},
      {"authorization=b" + bs(65) + "\"abc", "authorization=***", v1},
      {"authorization=" + bs(64) + "abc", "authorization=" + bs(64) + "abc",
       v1},  // empty credential

      // ---- The 64-byte bound after a scheme
      {"Authorization: Bearer" + sp(64), "Authorization: ***", v1},
      {"Authorization: Bearer" + sp(65), "Authorization: Bearer" + sp(65), v1},
      {R"({"authorization":"Bearer)" + sp(64) + "\"}", R"({"authorization":"***"})", v1},
      {R"({"authorization":"Bearer)" + sp(65) + "\"}",
       R"({"authorization":"Bearer)" + sp(65) + "\"}", v1},
      {"Authorization: Bearer" + sp(200) + "abc", "Authorization: Bearer" + sp(200) + "***", v1},
      {"authorization=Bearer" + sp(65) + "&x", "authorization=Bearer" + sp(65) + "&x", v1},

      // ---- Placeholder words (version 2: any case, trailing `) ] } , ; .`
      // ignored, yes/no included) — unquoted credentials only
      {"Authorization: null", "Authorization: null", v1},
      {"Authorization: NULL", "Authorization: NULL", v1},
      {"Authorization: None", "Authorization: None", v1},
      {"Authorization: -", "Authorization: -", v1},
      {"Authorization: Bearer null", "Authorization: Bearer null", v1},
      {"Authorization: null x", "Authorization: ***", v1},  // LINE: credential `null x`
      {"authorization=nil x", "authorization=nil x", v1},
      {"authorization=undefined&x", "authorization=undefined&x", v1},
      {"authorization=true", "authorization=true", v1},
      {"authorization=FALSE", "authorization=FALSE", v1},
      {"authorization=-", "authorization=-", v1},
      {"authorization=yes", "authorization=yes", v1},
      {"Access denied for user 'root'@'host' (using password: YES)",
       "Access denied for user 'root'@'host' (using password: YES)"},
      {"password: yes)", "password: yes)"},
      {"password: No.", "password: No."},
      {"password: none;", "password: none;"},
      {"password: true]", "password: true]"},
      {"password: Undefined),", "password: Undefined),"},
      {"password: -.", "password: -."},
      {"password=no,x", "password=no,x"},
      {"password: nope", "password: ***"},
      {"password: yes please", "password: ***"},
      {"password: (no)", "password: ***"},         // `(no` is no placeholder
      {"password=(no)", "password=(no)"},          // WORD: a nested structure
      {"password: \"yes\"", "password: \"***\""},  // quoted: masked
      {"password: .", "password: ***"},

      // ---- Leading blanks of a QUOTED value are kept (version 2); the value
      // then has no scheme
      {R"({"authorization": " Bearer abc"})", R"({"authorization": " ***"})", v1},
      {R"({"password": "  hunter2"})", R"({"password": "  ***"})"},
      {"{\"password\": \"\tBearer x\"}", "{\"password\": \"\t***\"}"},
      {R"({"password": "   "})", R"({"password": "   "})"},
      {R"({"password": " ***"})", R"({"password": " ***"})"},
      {R"({"authorization": "Bearer abc"})", R"({"authorization": "Bearer ***"})", v1},

      // ---- Presets (version 2's default: the credential-only names)
      {"password=abc", "password=abc", v1},  // not a field in `minimal`
      {"password=abc", "password=abc", config_id::minimal},
      {"x-api-key: abc123", "x-api-key: ***"},
      {"X-API-KEY=abc123&q=1", "X-API-KEY=***&q=1"},
      {"API-KEY=abc x", "API-KEY=*** x"},
      {"api_key=abc", "api_key=***"},
      {"apikey: abc", "apikey: ***"},
      {"x-auth-token: abc", "x-auth-token: ***"},
      {"Cookie: a=b; c=d", "Cookie: ***"},
      {"cookie=session=\"abc def\"; path=/", "cookie=***; path=/"},
      {"Set-Cookie: sid=abc; Path=/; HttpOnly", "Set-Cookie: ***"},
      {"password=hunter22 user=bob", "password=*** user=bob"},
      {"password=correct horse", "password=*** horse"},  // known limit: WORD ends at the space
      {"passwd=abc", "passwd=***"},
      {"passphrase: abc", "passphrase: ***"},
      {"\"client_secret\": \"abc\"", "\"client_secret\": \"***\""},
      {"client_secret=abc&refresh_token=def&access_token=ghi",
       "client_secret=***&refresh_token=***&access_token=***"},
      {"aws_secret_access_key = wJalrXUtnFEMIK7MDENG", "aws_secret_access_key = ***"},
      {"private_key: abc", "private_key: ***"},
      {"password: null", "password: null"},
      {"qbt_api_key=x", "qbt_api_key=***"},  // body `api_key` is 7: no key; the field starts later
      // The broad names only in `extended`.
      {"token=abc", "token=abc"},
      {"token=abc", "token=***", config_id::extended},
      {"?token=abc&x=1", "?token=***&x=1", config_id::extended},
      {"GITHUB_TOKEN=abc", "GITHUB_TOKEN=***", config_id::extended},
      {"X-Amz-Signature=abc&X-Amz-Credential=def", "X-Amz-Signature=***&X-Amz-Credential=***",
       config_id::extended},
      {"X-Amz-Security-Token: abc", "X-Amz-Security-Token: ***", config_id::extended},
      {"Private-Token: abc", "Private-Token: ***", config_id::extended},
      {"client_secret=abc", "client_secret=***", config_id::extended},
      {"secret=abc", "secret=abc"},
      {"secret=abc", "secret=***", config_id::extended},
  };
  return rows;
}

}  // namespace redact::spec
