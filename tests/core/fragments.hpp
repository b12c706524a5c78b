// Fragments of log text in every shape the rules care about (synthetic
// secrets only), and a seeded generator that glues them into documents.
// Used by the property tests: chunking invariance, idempotence, preservation.
#pragma once

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "spec_table.hpp"

namespace redact::test {

inline const std::vector<std::string>& fragments() {
  static const std::vector<std::string> f = [] {
    std::vector<std::string> v = {
        "qbt_AbCdEf0123456789xyz",
        "qbt_short",
        "qbt_",
        "my_qbt_AbCdEf12345",
        "%22qbt_AbCdEf12345",
        "Authorization: Bearer qbt_AbCdEf0123456789xyz",
        "authorization: Basic dXNlcjpwYXNzd29yZA==",
        R"({"authorization":"Bearer abc.def.ghi","host":"api"})",
        R"({"msg":"{\"Authorization\":\"Basic dXNlcjpw\"}"})",
        R"(\\\"authorization\\\":\\\"secret\\\")",
        R"(\"authorization\":\"ab\\\"cd\")",
        "headers={'Authorization': 'Token 9f8e7d6c5b4a'}",
        "map[Authorization:[Bearer abcdef] Host:[api]]",
        R"(b'GET / HTTP/1.1\r\nAuthorization: Bearer abc123\r\nHost: api\r\n')",
        "level=debug authorization=\"Bearer abc\" path=/v1",
        "HTTP_AUTHORIZATION=Bearer abc123 X=1",
        R"(Proxy-Authorization: Digest username="bob", response="6e7e10f0")",
        R"(curl -H "Authorization: Basic dXNlcjpwYQ=" -H "Accept: */*")",
        R"({"authorization":"Basic dXNlcjpw\/YXNz"})",
        R"(["Authorization", "Bearer abc"])",
        R"([(b'host', b'api'), (b'authorization', b'Bearer abc')])",
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
    };
    for (const auto& row : k_spec_examples) v.emplace_back(row.input);
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

}  // namespace redact::test
