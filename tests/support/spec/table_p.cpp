// table_p.cpp — SPEC Rule P: name/value pair layouts (HAR, Postman,
// OpenTelemetry, AWS tags, Kubernetes env, logfmt). Member keys and what may
// precede them, name strings (quoted within 128 bytes, words of at most 128),
// "ends with a field name", the nearest name member, the gap (two line
// breaks, no bracket outside masked spans), the OpenTelemetry form.
#include "tables.hpp"

namespace redact::spec {

namespace {
std::string xs(std::size_t n) { return std::string(n, 'x'); }
std::string sp(std::size_t n) { return std::string(n, ' '); }
}  // namespace

const std::vector<spec_case>& table_p() {
  static const std::vector<spec_case> rows = {
      {R"({ "name": "Authorization", "value": "Token 9f8e7d6c5b4a" })",
       R"({ "name": "Authorization", "value": "Token ***" })"},
      {R"({'name': 'Authorization', 'value': 'Bearer abc'})",
       R"({'name': 'Authorization', 'value': 'Bearer ***'})"},
      {R"({"Name": "X-Api-Key", "VALUE": "abc"})", R"({"Name": "X-Api-Key", "VALUE": "***"})"},
      {R"({"Key": "Authorization", "Value": "abc"})",
       R"({"Key": "Authorization", "Value": "***"})"},
      {R"({"name":"cookie","value":"sid=1; theme=dark"})", R"({"name":"cookie","value":"***"})"},
      {R"({\"name\":\"Authorization\",\"value\":\"Bearer abc\"})",
       R"({\"name\":\"Authorization\",\"value\":\"Bearer ***\"})"},
      {"key=Authorization value=Bearer abc123", "key=Authorization value=Bearer ***"},
      {"name=x-api-key value=abc&next=1", "name=x-api-key value=***&next=1"},
      // Kubernetes env lists (YAML): the LINE mode of an unquoted `value:`.
      {"- name: X_API_KEY\n  value: abc", "- name: X_API_KEY\n  value: ***"},
      {"- name: DB_PASSWORD\n  value: \"hunter2\"\n", "- name: DB_PASSWORD\n  value: \"***\"\n"},
      {"- name: LOG_LEVEL\n  value: debug", "- name: LOG_LEVEL\n  value: debug"},
      // Not credentials.
      {R"({"name": "Accept", "value": "*/*"})", R"({"name": "Accept", "value": "*/*"})"},
      {R"({"name": "Authorization", "value": null})",
       R"({"name": "Authorization", "value": null})"},
      {R"({"name": "Authorization", "value": "***"})",
       R"({"name": "Authorization", "value": "***"})"},
      {R"({"name": "Authorization", "value": ""})", R"({"name": "Authorization", "value": ""})"},
      {R"({"name": "Authorization-Policy", "value": "x"})",
       R"({"name": "Authorization-Policy", "value": "x"})"},  // must END with a field name
      // The value member before its name member is not covered.
      {R"({"value": "abc", "name": "Authorization"})",
       R"({"value": "abc", "name": "Authorization"})"},

      // ---- Member keys: not after `A-Z a-z 0-9 _ . -` (judged on the output)
      {R"({"hostname": "Authorization", "value": "abc"})",
       R"({"hostname": "Authorization", "value": "abc"})"},
      {R"({"name": "Authorization", "xvalue": "abc"})",
       R"({"name": "Authorization", "xvalue": "abc"})"},
      {R"({"name": "Authorization", "value_": "abc"})",
       R"({"name": "Authorization", "value_": "abc"})"},
      {"s3cr3t-valuename: Authorization\nvalue: abc", "***name: Authorization\nvalue: ***",
       config_id::secrets},
      {"hostname: Authorization\nvalue: abc", "hostname: Authorization\nvalue: abc"},
      // `apikey` is a field of its own; its `key` is no member key.
      {R"({"apikey": "x", "value": "abc"})", R"({"apikey": "***", "value": "abc"})"},
      // The comma is no member separator.
      {R"(["name", "Authorization", "value", "abc"])",
       R"(["name", "Authorization", "value", "abc"])"},

      // ---- The name string: quoted, closing within 128 bytes of its opening
      // quote (127 bytes of string); a word of at most 128 bytes.
      {"{\"name\": \"" + xs(114) + "Authorization\", \"value\": \"abc\"}",
       "{\"name\": \"" + xs(114) + "Authorization\", \"value\": \"***\"}"},
      {"{\"name\": \"" + xs(115) + "Authorization\", \"value\": \"abc\"}",
       "{\"name\": \"" + xs(115) + "Authorization\", \"value\": \"abc\"}"},
      {"name=" + xs(115) + "Authorization value=abc",
       "name=" + xs(115) + "Authorization value=***"},
      {"name=" + xs(116) + "Authorization value=abc",
       "name=" + xs(116) + "Authorization value=abc"},

      // ---- The gap: at most two line breaks (a CRLF counts once) and no
      // bracket, apart from bytes inside masked spans.
      {"name: Authorization\n\nvalue: abc", "name: Authorization\n\nvalue: ***"},
      {"name: Authorization\n\n\nvalue: abc", "name: Authorization\n\n\nvalue: abc"},
      {"name: Authorization\r\n\r\nvalue: abc\r\n", "name: Authorization\r\n\r\nvalue: ***\r\n"},
      {"name: Authorization\r\n\r\n\r\nvalue: abc", "name: Authorization\r\n\r\n\r\nvalue: abc"},
      {"name: Authorization\r\r\nvalue: abc", "name: Authorization\r\r\nvalue: ***"},
      {R"({"name": "Authorization"}, {"value": "abc"})",
       R"({"name": "Authorization"}, {"value": "abc"})"},
      {R"({"name": "Authorization", "tags": [], "value": "abc"})",
       R"({"name": "Authorization", "tags": [], "value": "abc"})"},
      // A bracket inside a masked span (the password's credential) does not
      // count: on the output it is `***`.
      {R"({"name": "Authorization", "password": "x{y", "value": "abc"})",
       R"({"name": "Authorization", "password": "***", "value": "***"})"},
      {R"({"name": "Authorization", "note": "x{y", "value": "abc"})",
       R"({"name": "Authorization", "note": "x{y", "value": "abc"})"},

      // ---- The nearest name member (the one whose string ends last)
      {R"({"name": "Authorization", "key": "Accept", "value": "abc"})",
       R"({"name": "Authorization", "key": "Accept", "value": "abc"})"},
      {R"({"name": "Accept", "key": "X-Api-Key", "value": "abc"})",
       R"({"name": "Accept", "key": "X-Api-Key", "value": "***"})"},
      {"name=Accept name=Cookie value=abc", "name=Accept name=Cookie value=***"},
      {"name=Cookie name=Accept value=abc", "name=Cookie name=Accept value=abc"},
      {"name: Authorization\nvalue: abc\nvalue: def\n",
       "name: Authorization\nvalue: ***\nvalue: ***\n"},  // both pair with the same name

      // ---- OpenTelemetry: `{`, up to 64 bytes of blanks and line breaks, an
      // optional quote, `stringValue`/`string_value`, steps 1–4.
      {R"({"key": "http.request.header.authorization", "value": {"stringValue": "Basic dXNlcjpw"}})",
       R"({"key": "http.request.header.authorization", "value": {"stringValue": "Basic ***"}})"},
      {"{\"key\": \"http.request.header.authorization\", \"value\": {\n  \"stringValue\": \"Bearer "
       "abc\"\n}}",
       "{\"key\": \"http.request.header.authorization\", \"value\": {\n  \"stringValue\": \"Bearer "
       "***\"\n}}"},
      {"{\"key\": \"http.request.header.authorization\", \"value\": {" + sp(64) +
           "\"stringValue\": \"abc\"}}",
       "{\"key\": \"http.request.header.authorization\", \"value\": {" + sp(64) +
           "\"stringValue\": \"***\"}}"},
      {"{\"key\": \"http.request.header.authorization\", \"value\": {" + sp(65) +
           "\"stringValue\": \"abc\"}}",
       "{\"key\": \"http.request.header.authorization\", \"value\": {" + sp(65) +
           "\"stringValue\": \"abc\"}}"},  // a nested WORD value: nothing
      {"{'key': 'http.request.header.x_api_key', 'value': {'string_value': 'abc'}}",
       "{'key': 'http.request.header.x_api_key', 'value': {'string_value': '***'}}"},
      // Unquoted: `}` also ends the credential.
      {"key=http.request.header.authorization value={stringValue: Bearer abc} next",
       "key=http.request.header.authorization value={stringValue: Bearer ***} next"},
      {"key=http.request.header.authorization value={stringValue=abc}",
       "key=http.request.header.authorization value={stringValue=***}"},
      {R"({"key": "http.request.header.authorization", "value": {"intValue": 5}})",
       R"({"key": "http.request.header.authorization", "value": {"intValue": 5}})"},

      // ---- Switched off, or version 1.
      {R"({ "name": "Authorization", "value": "Token 9f8e7d6c5b4a" })",
       R"({ "name": "Authorization", "value": "Token 9f8e7d6c5b4a" })", config_id::no_pairs},
      {"key=Authorization value=Bearer abc123", "key=Authorization value=Bearer abc123",
       config_id::v1},
      // `minimal`: only `authorization` names a credential.
      {"name=x-api-key value=abc", "name=x-api-key value=abc", config_id::minimal},
      {"name=Authorization value=abc", "name=Authorization value=***", config_id::minimal},
      {"name=GITHUB_TOKEN value=abc", "name=GITHUB_TOKEN value=abc"},
      {"name=GITHUB_TOKEN value=abc", "name=GITHUB_TOKEN value=***", config_id::extended},
      {R"({"name": "Authorization", "value": "hunter2"})",
       R"({"name": "Authorization", "value": "hunter2"})", config_id::allowlist},
  };
  return rows;
}

}  // namespace redact::spec
