// table_s.cpp — SPEC Rule S: exact secrets (leftmost first, longest at one
// position, before every other rule), values split into lines, and each
// encoded form: base64 at offsets 0, 1, 2 in both alphabets, percent-encoding,
// JSON escaping. The secrets are configs.hpp's table_secrets(); each form
// below was worked out by hand from SPEC's definition (the characters whose
// six bits all come from the secret).
#include "tables.hpp"

namespace redact::spec {

namespace {
constexpr config_id secrets = config_id::secrets;
constexpr config_id plain_only = config_id::no_secret_forms;
}  // namespace

const std::vector<spec_case>& table_s() {
  static const std::vector<spec_case> rows = {
      // ---- Plain values (version 1 rows; forms off)
      {"x=s3cr3t-value y", "x=*** y", config_id::secrets_v1},
      {"Authorization: Bearer s3cr3t-value", "Authorization: Bearer ***", config_id::secrets_v1},
      {"Authorization: Bearer abcs3cr3t-value", "Authorization: Bearer ***", config_id::secrets_v1},
      {"id=qbt_SecretKey0123456789", "id=***", config_id::secrets_v1},  // no prefix kept
      {"abcdef123456", "***", config_id::secrets_v1},                   // the longest at one place
      {"abcdef1234", "***4", config_id::secrets_v1},
      {"xabcdef123ghi", "x***ghi", config_id::secrets_v1},  // leftmost first
      {"qbt_abcdefgh s3cr3t-value", "qbt_*** ***", config_id::secrets_v1},
      {"s3cr3t-values3cr3t-value", "******", config_id::secrets_v1},
      {"S3CR3T-VALUE", "S3CR3T-VALUE", config_id::secrets_v1},  // exact bytes only
      {"x=s3cr3t-value y", "x=*** y", secrets},  // under version 2's defaults with secrets
      {"x=s3cr3t-value y", "x=s3cr3t-value y", config_id::defaults},  // not configured

      // ---- A value with line breaks is split; lines under 6 bytes dropped
      {"k=line-one-of-a-pem", "k=***", secrets},
      {"k=line-three-xyz;", "k=***;", secrets},
      {"k=short", "k=short", secrets},
      {"line-one-of-a-pem\nshort\r\nline-three-xyz", "***\nshort\r\n***", secrets},

      // ---- base64, offset 0: the whole encoding but the last partial character
      {"czNjcjN0LXZhbHVl", "***", secrets},  // base64("s3cr3t-value")
      {"data: czNjcjN0LXZhbHVl\n", "data: ***\n", secrets},
      {"bGluZS1vbmUtb2YtYS1wZW0=", "***0=", secrets},  // `0` mixes in padding bits
      {"fn5+fn5+fn4=", "***4=", secrets},              // TILDE, standard alphabet
      {"fn5-fn5-fn4=", "***4=", secrets},              // TILDE, URL-safe alphabet
      // ---- offset 1: base64("x" + secret); `eH` carries `x`'s bits
      {"eHMzY3IzdC12YWx1ZQ==", "eH***Q==", secrets},
      {"eH5+fn5+fn5+", "eH***", secrets},
      {"eH5-fn5-fn5-", "eH***", secrets},
      // ---- offset 2: base64("xy" + secret); `eHl` carries `xy`'s bits
      {"eHlzM2NyM3QtdmFsdWU=", "eHl***U=", secrets},
      {"eHl+fn5+fn5+fg==", "eHl***g==", secrets},
      {"eHl-fn5-fn5-fg==", "eHl***g==", secrets},
      // A base64 form of a key-shaped secret: Rule S wins over Rule E.
      {"cWJ0X1NlY3JldEtleTAxMjM0NTY3ODk=", "***k=", secrets},

      // ---- percent-encoding (upper-case hex)
      {"q=pa%22ss%5Cwd&x", "q=***&x", secrets},
      {"c=ctl%01tab%09z;", "c=***;", secrets},
      {"q=pa%22ss%5cwd&x", "q=pa%22ss%5cwd&x", secrets},  // lower-case hex is not the form
      {"pw=hunter2%21x", "pw=***", config_id::example_secret},
      // ---- JSON string escaping
      {R"({"p":"pa\"ss\\wd"})", R"({"p":"***"})", secrets},
      {R"({"c":"ctl\u0001tab\tz"})", R"({"c":"***"})", secrets},
      {R"({"c":"ctl\u0001tab\u0009z"})", R"({"c":"ctl\u0001tab\u0009z"})",
       secrets},  // not SPEC's form
      // ---- and the raw values
      {"x pa\"ss\\wd y", "x *** y", secrets},
      {std::string("x ctl\x01tab\tz y"), "x *** y", secrets},

      // ---- Forms switched off: only the plain values
      {"data: czNjcjN0LXZhbHVl\n", "data: czNjcjN0LXZhbHVl\n", plain_only},
      {"q=pa%22ss%5Cwd&x", "q=pa%22ss%5Cwd&x", plain_only},
      {R"({"p":"pa\"ss\\wd"})", R"({"p":"pa\"ss\\wd"})", plain_only},
      {"x=s3cr3t-value y", "x=*** y", plain_only},
      {"k=line-three-xyz;", "k=***;", plain_only},  // splitting is not a form
      // Rule E instead: it covers the last character holding bits of the
      // key's last byte (`k`), which the offset-0 form leaves out.
      {"cWJ0X1NlY3JldEtleTAxMjM0NTY3ODk=", "***=", plain_only},
  };
  return rows;
}

}  // namespace redact::spec
