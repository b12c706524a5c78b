// table_conventions.cpp — SPEC "Context, bounds and masks next to masks":
// looking back on the output (a mask counts as `*`), touching a mask,
// already redacted credentials, the allowlist for every rule — the
// conventions that keep redaction idempotent.
#include "tables.hpp"

namespace redact::spec {

namespace {
constexpr config_id secrets = config_id::secrets;
constexpr config_id allow = config_id::allowlist;
}  // namespace

const std::vector<spec_case>& table_conventions() {
  static const std::vector<spec_case> rows = {
      // ---- Looking back: judged on the output so far
      // Rule B's letter: a masked exact secret before `Bearer` is `***`.
      {"s3cr3t-valueBearer abcdefghijklmnop", "***Bearer ***", secrets},
      {"s3cr3t-valuexBearer abcdefghijklmnop", "***xBearer abcdefghijklmnop", secrets},
      // Rule P's member key after a mask.
      {"s3cr3t-valuename: Authorization\nvalue: abc", "***name: Authorization\nvalue: ***",
       secrets},
      // Rule U's user after a masked key (and its scheme before).
      {"https://ghp_0123456789abcdefghijABCDEFGHIJ012345:x-oauth-basic@github.com",
       "https://ghp_***:***@github.com"},
      // Rule H's tuple form looks back from the name: here the key starts
      // first and swallows the name, so there is no field.
      {"[\"qbt_AbCdEf12345Authorization\", \"abc\"]", "[\"qbt_***\", \"abc\"]"},

      // ---- Touching a mask: a run whose decision depends on where it ends
      // and that is directly followed by `***` is no credential.
      // An exactly-16 key-table body touching an exact secret's mask.
      {"AKIAIOSFODNN7EXAMPLEs3cr3t-value", "AKIAIOSFODNN7EXAMPLE***", secrets},
      {"AKIAIOSFODNN7EXAMPLE s3cr3t-value", "AKIA*** ***", secrets},
      {"AKIAIOSFODNN7EXAMPLE***", "AKIAIOSFODNN7EXAMPLE***"},
      // A key table rule with a minimum only is not affected.
      {"glpat-abcdefghij0123456789***", "glpat-******"},
      // Nor is a prefix rule without a maximum.
      {"qbt_AbCdEf12s3cr3t-value", "qbt_******", secrets},
      {"qbt_AbCdEf12***", "qbt_******"},
      // A Basic run (see also table B) and a Rule E run (see table E).
      {"Basic dXNlcjpwYXNzs3cr3t-value", "Basic dXNlcjpwYXNz***", secrets},
      {"Bearer abcdefghijklmnops3cr3t-value", "Bearer ******", secrets},
      // Why: after one pass `AKIA` + 12 + `AKIA` + 16 becomes `AKIA` + 12 +
      // `AKIA***`, where the first body is 16 characters long before `***`.
      {"AKIAIOSFODNN7EXAAKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAAKIA***"},
      {"AKIAIOSFODNN7EXAAKIA***", "AKIAIOSFODNN7EXAAKIA***"},

      // ---- Already redacted: three or more `*` only, or a Rule T prefix and
      // three or more `*` only; nothing masked or reported.
      {"Authorization: ***", "Authorization: ***", config_id::v1},
      {"Authorization: ******", "Authorization: ******", config_id::v1},
      {"Authorization: qbt_******", "Authorization: qbt_******", config_id::v1},
      {"Authorization: **", "Authorization: ***", config_id::v1},  // two are not a mask
      {"Authorization: AKIA***", "Authorization: AKIA***"},
      {"Authorization: AKIA***", "Authorization: ***", config_id::v1},  // no such prefix in v1
      {"password=****", "password=****"},
      {"Authorization: Bearer ***", "Authorization: Bearer ***"},
      {R"({"password": "***"})", R"({"password": "***"})"},
      {"qbt_***", "qbt_***"},
      {"AKIA***", "AKIA***"},
      // ...and scanning resumes after it, as after an allowlisted one.
      {"Authorization: example:qbt_DocsKey12345678", "Authorization: example:qbt_DocsKey12345678",
       allow},
      {"Authorization: example:qbt_DocsKey12345678", "Authorization: ***"},

      // ---- The allowlist, for every rule
      {"password=hunter2", "password=hunter2", allow},  // H
      {R"({"name":"Authorization","value":"hunter2"})",
       R"({"name":"Authorization","value":"hunter2"})", allow},               // P
      {"https://user:hunter2@host", "https://user:hunter2@host", allow},      // U
      {"Bearer docsexampletoken0000", "Bearer docsexampletoken0000", allow},  // B
      {"eyJhbGciOiJub25lIn0.eyJkb2MiOiJ4In0.ZG9jcw", "eyJhbGciOiJub25lIn0.eyJkb2MiOiJ4In0.ZG9jcw",
       allow},                                                                  // J
      {"AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE", allow},                  // T
      {"cWJ0X0RvY3NFeGFtcGxlMDAwMA==", "cWJ0X0RvY3NFeGFtcGxlMDAwMA==", allow},  // E
      {"password=hunter22", "password=***", allow},                             // exact values only
  };
  return rows;
}

}  // namespace redact::spec
