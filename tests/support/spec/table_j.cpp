// table_j.cpp — SPEC Rule J: JSON Web Tokens. The header of at least 10
// characters whose first 64 decode to printable bytes, three or more
// segments (empty inner ones allowed), the second dot within 8,192 bytes of
// `eyJ`, dot runs of at most 64, trailing dots (a full stop), masks inside.
#include "table_util.hpp"
#include "tables.hpp"

namespace redact::spec {

namespace {
// base64url of {"alg":"HS256"} (20 characters) and friends.
const std::string hs256 = "eyJhbGciOiJIUzI1NiJ9";
const std::string payload = "eyJzdWIiOiIxIn0";  // {"sub":"1"}
const std::string sig = "c2lnbmF0dXJl";         // "signature"
const std::string jwt = hs256 + "." + payload + "." + sig;
// 91 characters: {"alg":"HS256","typ":"JWT","kid":"0123456789abcdefghijklmnopqrstuv"}
const std::string long_header =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6IjAxMjM0NTY3ODlhYmNkZWZnaGlqa2xtbm9wcXJzdHV2In0";
std::string dots(std::size_t n) { return std::string(n, '.'); }
}  // namespace

const std::vector<spec_case>& table_j() {
  static const std::vector<spec_case> rows = {
      {jwt, "***"},
      {"token is " + jwt + ". Next", "token is ***. Next"},  // the full stop is kept
      {"callback?id_token=" + jwt + "&x=1", "callback?id_token=***&x=1"},
      {"x" + jwt, "x***"},  // no left boundary
      {"\"" + jwt + "\"", "\"***\""},
      {"EYJhbGciOiJIUzI1NiJ9." + payload + "." + sig,
       "EYJhbGciOiJIUzI1NiJ9." + payload + "." + sig},  // case-sensitive
      // The header: at least 10 characters (`eyJhbGciOi` decodes to
      // `{"alg":`, printable); 9 is not enough.
      {"eyJhbGciOi." + payload + "." + sig, "***"},
      {"eyJhbGciO." + payload + "." + sig, "eyJhbGciO." + payload + "." + sig},
      // Its first 64 characters must decode to printable ASCII, tab, CR, LF:
      // `eyJAAAAAAAAAAA` decodes to `{"@` and NUL bytes.
      {"eyJAAAAAAAAAAA." + payload + "." + sig, "eyJAAAAAAAAAAA." + payload + "." + sig},
      {"eyJhbGci***OiJ9." + payload + "." + sig, "eyJhbGci***OiJ9." + payload + "." + sig},
      // Only the first 64 are decoded: a mask after them is a segment byte.
      {long_header + "***." + payload + "." + sig, "***"},
      {long_header.substr(0, 64) + "***" + long_header.substr(64) + "." + payload + "." + sig,
       "***"},
      // Segments: three or more; empty inner ones (JWS `hdr..sig`, JWE).
      {hs256 + "." + payload, hs256 + "." + payload},  // two: no JWT
      {hs256 + ".." + sig, "***"},
      {"eyJhbGciOiJSU0EtT0FFUCJ9..aXY.Y3Q.dGFn", "***"},  // {"alg":"RSA-OAEP"}, five
      // Trailing dots: not part of it when three segments remain without
      // them; an unsigned `header.payload.` keeps its last dot.
      {jwt + "..", "***.."},
      {jwt + ".. x", "***.. x"},
      {hs256 + "." + payload + ".", "***"},
      {hs256 + "." + payload + ". next", "*** next"},
      {hs256 + "." + payload + "..", "***"},
      // A run of more than 64 dots ends the token before it.
      {hs256 + "." + payload + dots(64) + sig, "***"},
      {hs256 + "." + payload + dots(65) + sig, hs256 + "." + payload + dots(65) + sig},
      {jwt + dots(65) + "x", "***" + dots(65) + "x"},
      // The second dot within the 8,192 bytes starting at `eyJ`: 20 + 1 +
      // 8,170 puts it at offset 8,191; one more byte puts it at 8,192.
      {hs256 + "." + std::string(8170, 'A') + "." + sig, "***"},
      {hs256 + "." + std::string(8171, 'A') + "." + sig,
       hs256 + "." + std::string(8171, 'A') + "." + sig},
      // A long third segment is no bound.
      {jwt + std::string(20000, 'B') + " end", "*** end"},
      // A mask inside a segment (an exact secret in the payload) is part of it.
      {hs256 + ".eyJzs3cr3t-value." + sig, "***", config_id::secrets},
      // Switched off: nothing (no other rule finds a key in it).
      {"token is " + jwt + ". Next", "token is " + jwt + ". Next", config_id::no_jwt},
      {"token is " + jwt + ". Next", "token is " + jwt + ". Next", config_id::v1},
      // The allowlist.
      {"id_token=eyJhbGciOiJub25lIn0.eyJkb2MiOiJ4In0.ZG9jcw&x",
       "id_token=eyJhbGciOiJub25lIn0.eyJkb2MiOiJ4In0.ZG9jcw&x", config_id::allowlist},
      {"id_token=eyJhbGciOiJub25lIn0.eyJkb2MiOiJ4In0.ZG9jcw&x", "id_token=***&x"},
  };
  return rows;
}

}  // namespace redact::spec
