// table_b.cpp — SPEC Rule B: bare Bearer (16 token68 characters) and Basic
// (8 base64 characters decoding leniently to user:password), the letter
// before the scheme word, padding, `\/`, the 1,024-character bound.
#include "tables.hpp"

namespace redact::spec {

namespace {
constexpr config_id v1 = config_id::v1;
std::string as(std::size_t n) { return std::string(n, 'A'); }
}  // namespace

const std::vector<spec_case>& table_b() {
  static const std::vector<spec_case> rows = {
      // ---- Bearer
      {"Bearer abcdefghijklmnop", "Bearer ***", v1},
      {"Bearer abcdefghijklmno", "Bearer abcdefghijklmno", v1},    // 15 < 16
      {R"(Bearer abcdefghijklmno\/)", "Bearer ***", v1},           // `\/` counts as one
      {"Bearer abcdefghijklmnop==", "Bearer ***", v1},             // padding masked
      {"Bearer abcdefghijklmno=", "Bearer abcdefghijklmno=", v1},  // padding not counted
      {"Bearer a.b_c~d+e/f-ghijklmnop=x", "Bearer ***x", v1},
      {"xBearer abcdefghijklmnop", "xBearer abcdefghijklmnop", v1},  // after a letter
      {"1Bearer abcdefghijklmnop", "1Bearer ***", v1},
      {"_Bearer abcdefghijklmnop", "_Bearer ***", v1},
      {"\xe9"
       "Bearer abcdefghijklmnop",
       "\xe9"
       "Bearer ***",
       v1},                                                 // a high byte is no ASCII letter
      {"***Bearer abcdefghijklmnop", "***Bearer ***", v1},  // a mask is not a letter
      {"BEARER abcdefghijklmnop", "BEARER ***", v1},
      {"Bearer\tabcdefghijklmnop", "Bearer\t***", v1},
      {"Bearer  \t abcdefghijklmnop", "Bearer  \t ***", v1},
      {"Bearerabcdefghijklmnop", "Bearerabcdefghijklmnop", v1},
      {"Bearer abcdefghijklmnop\"rest", "Bearer ***\"rest", v1},
      {"bearer abcdefghijklmnop==,x", "bearer ***,x", v1},
      {"BEARER\tabc.def~ghi+jkl/mno-p", "BEARER\t***", v1},
      {"Bearer abc\\/defghijklmnopq x", "Bearer *** x", v1},
      {"Bearer qbt_AbCdEf0123456789", "Bearer qbt_***", v1},  // the prefix is kept
      {"Bearer qbt_AbCd", "Bearer qbt_AbCd", v1},
      {"Bearer abcdefghijklmnop\nBearer x", "Bearer ***\nBearer x", v1},
      {"Bearer", "Bearer", v1},
      {"Bearer ***", "Bearer ***", v1},
      {R"(10.0.0.1 - - "GET / HTTP/1.1" 200 "Bearer abcdefghijklmnop1234")",
       R"(10.0.0.1 - - "GET / HTTP/1.1" 200 "Bearer ***")", v1},
      // No "touching a mask" rule for Bearer (its length has no maximum).
      {"Bearer abcdefghijklmnop***", "Bearer ******", v1},

      // ---- Basic
      {"Basic dXNlcjpwYXNzd29yZA==", "Basic ***", v1},
      {"basic dXNlcjpw", "basic ***", v1},  // user:p, 8 characters
      {"err: Basic dXNlcjpwYXNz end", "err: Basic *** end", v1},
      {"Basic dXNlcjp", "Basic dXNlcjp", v1},                    // 7 characters
      {"Basic dXNlcnBhc3N3b3Jk", "Basic dXNlcnBhc3N3b3Jk", v1},  // no `:`
      {"Basic dXNlcnBhc3M=", "Basic dXNlcnBhc3M=", v1},
      {"Basic dXNlcjoBcHc=", "Basic dXNlcjoBcHc=", v1},  // a control character
      {"Basic YToBYg==", "Basic YToBYg==", v1},
      {"Basic dXNlcjrChXg=", "Basic dXNlcjrChXg=", v1},  // U+0085 (C1 control)
      {"Basic dXNlcjr/eHg=", "Basic dXNlcjr/eHg=", v1},  // invalid UTF-8
      {"Basic /zphYg==", "Basic /zphYg==", v1},
      {"Basic dXNlcjrtoIB4", "Basic dXNlcjrtoIB4", v1},  // a surrogate
      {"Basic dXNlcjrAung=", "Basic dXNlcjrAung=", v1},  // overlong
      {"Basic dTr0kICA", "Basic dTr0kICA", v1},          // above U+10FFFF
      {"Basic dXPDqXI6cHc=", "Basic ***", v1},           // usér:pw is valid UTF-8
      {"Basic dXNlcjpwYQ", "Basic ***", v1},             // a final group of two
      {"Basic dXNlcjpw.rest", "Basic ***.rest", v1},
      {"Basic Overview", "Basic Overview", v1},
      {"see Basic usage examples", "see Basic usage examples", v1},
      {"xBasic dXNlcjpwYXNzd29yZA==", "xBasic dXNlcjpwYXNzd29yZA==", v1},
      {R"({"authorization":"Basic dXNlcjpw\/YXNz"})", R"({"authorization":"Basic ***"})", v1},
      {R"(x Basic dXNyOnA\/YQ== y)", "x Basic *** y", v1},  // usr:p?a, `/` escaped
      // `dXNlcjpw\/YXNz` decodes to `user:p` + 0xFD 0x85 0x8D: not UTF-8.
      {R"(x Basic dXNlcjpw\/YXNz y)", R"(x Basic dXNlcjpw\/YXNz y)", v1},
      // Lenient decoding (version 2): a final single character is ignored,
      // so a credential cut one character into a group is caught.
      {"Basic dXNlcjpwY", "Basic ***", v1},  // `dXNlcjpw` = user:p, `Y` ignored
      {"see Basic dXNlcjAxOnBhc3MwM", "see Basic ***", v1},
      {"Basic dXNlcjpwYR", "Basic ***", v1},  // `YR`: one byte, its spare bits ignored
      {"Basic dXNlcnBhc3N3b3JkY", "Basic dXNlcnBhc3N3b3JkY", v1},  // still no `:`
      // The 1,024-character bound: longer runs are masked without decoding.
      {"Basic " + as(1024), "Basic " + as(1024), v1},  // decided: NUL bytes
      {"Basic " + as(1025), "Basic ***", v1},
      {"Basic " + as(1020) + "\\/AAA", "Basic " + as(1020) + "\\/AAA", v1},  // 1024 characters
      {"Basic " + as(1020) + "\\/AAAA", "Basic ***", v1},                    // 1025
      {"Basic " + as(1024) + "\\/", "Basic ***", v1},
      {"Basic " + as(1025) + "==", "Basic ***", v1},
      // Touching a mask (version 2): a Basic run directly followed by `***`
      // is not a credential; after padding it is.
      {"Basic dXNlcjpwYXNz***", "Basic dXNlcjpwYXNz***", v1},
      {"Basic dXNlcjpw==***", "Basic ******", v1},
      // Over 1,024 characters the run is masked without decoding, wherever
      // it ends: touching a mask does not apply (docs/rules.md B).
      {"Basic " + as(1025) + "***", "Basic ******", v1},
      // Version 2's defaults change nothing here.
      {"Bearer abcdefghijklmnop", "Bearer ***"},
      {"see Basic dXNlcjAxOnBhc3MwM", "see Basic ***"},
  };
  return rows;
}

}  // namespace redact::spec
