// SPEC.md's examples table, verbatim (input → output). Shared by the core
// tests (and usable by other suites).
#pragma once

#include <string_view>

namespace redact::test {

struct spec_row {
  std::string_view input;
  std::string_view expected;
};

// clang-format off
inline constexpr spec_row k_spec_examples[] = {
  {R"(GET /v1/models key=qbt_AbCdEf0123456789xyz)", R"(GET /v1/models key=qbt_***)"},
  {R"(token qbt_short ok)", R"(token qbt_short ok)"},
  {R"(Authorization: Bearer qbt_AbCdEf0123456789xyz)", R"(Authorization: Bearer qbt_***)"},
  {R"(authorization: Basic dXNlcjpwYXNzd29yZA==)", R"(authorization: Basic ***)"},
  {R"(> Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo)", R"(> Authorization: Bearer ***)"},
  {R"({"authorization":"Bearer abc.def.ghi","host":"api"})", R"({"authorization":"Bearer ***","host":"api"})"},
  {R"({"msg":"{\"Authorization\":\"Basic dXNlcjpw\"}"})", R"({"msg":"{\"Authorization\":\"Basic ***\"}"})"},
  {R"(headers={'Authorization': 'Token 9f8e7d6c5b4a'})", R"(headers={'Authorization': 'Token ***'})"},
  {R"(map[Authorization:[Bearer abcdef] Host:[api]])", R"(map[Authorization:[Bearer ***] Host:[api]])"},
  {R"(b'GET / HTTP/1.1\r\nAuthorization: Bearer abc123\r\nHost: api\r\n')", R"(b'GET / HTTP/1.1\r\nAuthorization: Bearer ***\r\nHost: api\r\n')"},
  {R"(level=debug authorization="Bearer abc" path=/v1)", R"(level=debug authorization="Bearer ***" path=/v1)"},
  {R"(HTTP_AUTHORIZATION=Bearer abc123 REMOTE_ADDR=10.0.0.1)", R"(HTTP_AUTHORIZATION=Bearer *** REMOTE_ADDR=10.0.0.1)"},
  {R"(Proxy-Authorization: Digest username="bob", response="6e7e10f0")", R"(Proxy-Authorization: Digest ***)"},
  {R"(curl -H "Authorization: Basic dXNlcjpwYQ=" -H "Accept: */*")", R"(curl -H "Authorization: Basic ***" -H "Accept: */*")"},
  {R"({"authorization":"Basic dXNlcjpw\/YXNz"})", R"({"authorization":"Basic ***"})"},
  {R"(["Authorization", "Bearer abc"])", R"(["Authorization", "Bearer ***"])"},
  {R"([(b'host', b'api'), (b'authorization', b'Bearer abc')])", R"([(b'host', b'api'), (b'authorization', b'Bearer ***')])"},
  {R"({"authorization": null, "n": 1})", R"({"authorization": null, "n": 1})"},
  {R"(Authorization failed for user bob)", R"(Authorization failed for user bob)"},
  {R"("authorizationUrl": "https://id.example/auth")", R"("authorizationUrl": "https://id.example/auth")"},
  {R"(10.0.0.1 - - "GET / HTTP/1.1" 200 "Bearer abcdefghijklmnop1234")", R"(10.0.0.1 - - "GET / HTTP/1.1" 200 "Bearer ***")"},
  {R"(see Basic usage examples)", R"(see Basic usage examples)"},
  {R"(export QUBITTRON_API_KEY=qbt_AbCdEf0123456789xyz)", R"(export QUBITTRON_API_KEY=qbt_***)"},
  {R"(Authorization: Bearer qbt_***)", R"(Authorization: Bearer qbt_***)"},
};
// clang-format on

}  // namespace redact::test
