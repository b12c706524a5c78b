// Fragments in the shapes of Rules K and P (private-key blocks, markers
// inside fields, truncated keys, name/value pairs, gaps, OpenTelemetry
// forms), whole and in pieces; synthetic keys only. Used by the property and
// allocation tests.
#pragma once

#include <string>
#include <vector>

namespace redact::test {

// Rule K and Rule P shapes, whole and in pieces.
inline const std::vector<std::string>& kp_fragments() {
  static const std::vector<std::string> f = [] {
    std::vector<std::string> v = {
        "-----BEGIN PRIVATE KEY-----",
        "-----END PRIVATE KEY-----",
        "-----BEGIN RSA PRIVATE KEY-----\n",
        "-----BEGIN PGP PRIVATE KEY BLOCK-----",
        "-----BEGIN PUBLIC KEY-----",
        "-----BEGIN ",
        "PRIVATE KEY",
        "-----",
        "-----END RSA PRIVATE KEY-----\n",
        "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n",
        "BKcwggSjAgEAAoIBAQC7\n",
        "  MIIE\n",
        "Proc-Type: 4,ENCRYPTED\n",
        "DEK-Info: AES-128-CBC,0123\n",
        "2024-05-01 INFO done\n",
        "\\nMIIE\\n",
        "password: -----BEGIN PRIVATE KEY-----\n",
        "{\"password\": \"-----BEGIN PRIVATE KEY-----\\nMIIE\\n-----END PRIVATE KEY-----\\n\"}",
        "***\n",
        "\n",
        "\r\n",
        "{\"name\": \"Authorization\", ",
        "\"value\": \"Token abc\"}",
        "{ \"name\": \"Authorization\", \"value\": \"Token 9f8e7d6c5b4a\" }",
        "{\"key\": \"http.request.header.authorization\", \"value\": {\"stringValue\": \"Basic "
        "x\"}}",
        "key=Authorization value=Bearer abc123",
        "- name: X_API_KEY\n",
        "  value: abc\n",
        "value: {\n",
        "\"value\": {\n",
        "  \"stringValue\": \"abc\"\n",
        "stringValue: x}",
        "name=",
        "key: ",
        "value=",
        "\"name\": \"",
        "\"Accept\"",
        "Cookie",
        "X-Api-Key",
        "name",
        "value",
        "\"key\": \"x\", ",
        "{\"name\": \"Accept\", \"value\": \"*/*\"}",
        "name=cookie&value=a%3Db",
        "{",
        "}",
        "[",
        "]",
        "***name=Authorization value=x",
        "Bearer abcdefghijklmnop-----BEGIN",
        "qbt_AbCdEf12-----BEGIN",
        " PRIVATE KEY-----\n",
        "password=-----BEGIN",
        "name=\"authorization\":\"x\" ",
        "\"value\": \"",
    };
    return v;
  }();
  return f;
}

}  // namespace redact::test
