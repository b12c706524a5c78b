// table_k.cpp — SPEC Rule K: private-key blocks. Markers and labels, the
// BEGIN line (up to an END marker on it, or the line end), continuation
// lines (80 key-line bytes, empty lines, PEM headers, the END line, any
// other line), indentation, CRLF, masks inside, markers inside other
// findings.
#include "tables.hpp"

namespace redact::spec {

namespace {
const std::string begin = "-----BEGIN PRIVATE KEY-----";
const std::string end = "-----END PRIVATE KEY-----";
std::string as(std::size_t n) { return std::string(n, 'A'); }
}  // namespace

const std::vector<spec_case>& table_k() {
  static const std::vector<spec_case> rows = {
      {"-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo\n"
       "-----END RSA PRIVATE KEY-----",
       "-----BEGIN RSA PRIVATE KEY-----\n***\n-----END RSA PRIVATE KEY-----"},
      {begin + "\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\nabc+/=\n" + end +
           "\nafter",
       begin + "\n***\n***\n***\n" + end + "\nafter"},
      {"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n"
       "-----END OPENSSH PRIVATE KEY-----",
       "-----BEGIN OPENSSH PRIVATE KEY-----\n***\n-----END OPENSSH PRIVATE KEY-----"},
      {"-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBGX\n=abcd\n-----END PGP PRIVATE KEY "
       "BLOCK-----",
       "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n***\n***\n-----END PGP PRIVATE KEY BLOCK-----"},
      {"-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHD\n-----END ENCRYPTED PRIVATE KEY-----",
       "-----BEGIN ENCRYPTED PRIVATE KEY-----\n***\n-----END ENCRYPTED PRIVATE KEY-----"},
      // Not private keys.
      {"-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqh\n-----END PUBLIC KEY-----",
       "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqh\n-----END PUBLIC KEY-----"},
      {"-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+g\n-----END CERTIFICATE-----",
       "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+g\n-----END CERTIFICATE-----"},
      {"-----BEGIN rsa PRIVATE KEY-----\nMIIE\n", "-----BEGIN rsa PRIVATE KEY-----\nMIIE\n"},
      {"-----BEGIN PRIVATE KEYS-----\nMIIE\n", "-----BEGIN PRIVATE KEYS-----\nMIIE\n"},
      {"----BEGIN PRIVATE KEY-----\nMIIE\n", "----BEGIN PRIVATE KEY-----\nMIIE\n"},
      // The label: at most 40 bytes (28 + ` PRIVATE KEY` is 40).
      {"-----BEGIN " + as(28) + " PRIVATE KEY-----\nMIIE\n",
       "-----BEGIN " + as(28) + " PRIVATE KEY-----\n***\n"},
      {"-----BEGIN " + as(29) + " PRIVATE KEY-----\nMIIE\n",
       "-----BEGIN " + as(29) + " PRIVATE KEY-----\nMIIE\n"},

      // ---- The BEGIN line: after the marker, up to an END marker on the
      // same line or the line end, one span.
      {R"("key": "-----BEGIN PRIVATE KEY-----\nMIIEabc\n-----END PRIVATE KEY-----\n")",
       R"("key": "-----BEGIN PRIVATE KEY-----***-----END PRIVATE KEY-----\n")"},
      {begin + "MIIEabc", begin + "***"},
      {begin + "MIIEabc\nMIIEdef\n" + end, begin + "***\n***\n" + end},
      {begin + " x " + end + " MIIE\nMIIE\n", begin + "***" + end + " MIIE\nMIIE\n"},
      {begin + "***" + end, begin + "***" + end},        // already redacted
      {begin + end + "\nMIIE", begin + end + "\nMIIE"},  // nothing between: no block after it

      // ---- Continuation lines: the first 80 bytes (or all) key-line bytes
      {begin + "\n" + as(80) + " tail\n" + end, begin + "\n***\n" + end},
      {begin + "\n" + as(79) + " tail\n" + end, begin + "\n" + as(79) + " tail\n" + end},
      // An 81-byte line whose first 80 bytes are key-line bytes is a key
      // line; an 80-byte line whose 80th byte is not, is not.
      {begin + "\n" + as(80) + " \n" + end, begin + "\n***\n" + end},
      {begin + "\n" + as(79) + " \n" + end, begin + "\n" + as(79) + " \n" + end},
      {begin + "\n" + as(200) + "\n" + end, begin + "\n***\n" + end},  // unwrapped: one line
      {begin + "\nab.cd_ef-gh+ij/kl=*\n" + end, begin + "\n***\n" + end},
      {begin + "\nMIIE\n\n   \nMIIF\n" + end, begin + "\n***\n\n   \n***\n" + end},  // empty lines
      {begin + "\n***\n" + end, begin + "\n***\n" + end},  // already redacted: kept
      {begin + "\n**\n" + end, begin + "\n***\n" + end},
      // PEM headers: kept, the other rules apply inside them.
      {"-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0A1B2C3D\n"
       "\nMIIEpAIBAAKCAQEA\nabcDEF==\n-----END RSA PRIVATE KEY-----",
       "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0A1B2C3D\n"
       "\n***\n***\n-----END RSA PRIVATE KEY-----"},
      {begin + "\nComment: key qbt_AbCdEf123456\nMIIE\n" + end,
       begin + "\nComment: key qbt_***\n***\n" + end},
      // Continuation lines are judged as the other rules leave them
      // (interpretation K9, found by fuzz_oracle): `password=a<0x01>bc`
      // becomes `password=***`, a line of key-line bytes, so the block goes
      // on — as it would when the output is redacted again.
      {begin +
           "\npassword=a\x01"
           "bc\nMIIE\n" +
           end,
       begin + "\npassword=***\n***\n" + end},
      {begin + "\npassword=***\nMIIE\n" + end, begin + "\npassword=***\n***\n" + end},
      // A truncated key followed by ordinary log lines: only the key's lines.
      {begin + "\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n2024-03-12 INFO server started\nMIIE next\n",
       begin + "\n***\n2024-03-12 INFO server started\nMIIE next\n"},
      {begin + "\nMIIEvQIBADANBgkq\n{\"level\":\"info\"}\nMIIE\n",
       begin + "\n***\n{\"level\":\"info\"}\nMIIE\n"},
      // An indented key (a YAML block scalar); the END line ends the block.
      {"tls.key: |\n  -----BEGIN EC PRIVATE KEY-----\n  MHcCAQEEIIrYSSNQFaA2Hwf1duRSxKtLYX5CB04fS\n"
       "\tAwEHoUQDQgAE\n  -----END EC PRIVATE KEY-----\ntls.crt: x\n",
       "tls.key: |\n  -----BEGIN EC PRIVATE KEY-----\n  ***\n\t***\n  -----END EC PRIVATE "
       "KEY-----\n"
       "tls.crt: x\n"},
      {begin + "\r\nMIIEabc\r\nMIIEdef\r\n" + end + "\r\n",
       begin + "\r\n***\r\n***\r\n" + end + "\r\n"},
      {begin + "\rMIIEabc\r" + end, begin + "\r***\r" + end},
      // After the END line, nothing more.
      {begin + "\nMIIE\n" + end + "\nMIIE\n", begin + "\n***\n" + end + "\nMIIE\n"},
      // A key line holding a JWT or an exact secret: the whole line is the
      // key's (Rule K starts first; nothing nests).
      {begin + "\neyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl\n" + end,
       begin + "\n***\n" + end},
      {begin + "\nMIIEabcs3cr3t-valueXYZ\n" + end, begin + "\n***\n" + end, config_id::secrets},
      {begin + "\ns3cr3t-value\n" + end, begin + "\n***\n" + end, config_id::secrets},
      // A BEGIN marker inside another finding still starts a block for the
      // following lines; the rest of its line belongs to that finding.
      {"password: " + begin + "\nMIIEabc\n" + end, "password: ***\n***\n" + end},
      // WORD mode: the field's credential is `-----BEGIN`; the marker still
      // counts (interpretation K3), its line has nothing after it.
      {"password=" + begin + "\nMIIEabc\n" + end, "password=*** PRIVATE KEY-----\n***\n" + end},
      // ...and the rest of its own line belongs to that finding (docs/rules.md K3).
      {"password=" + begin + "MIIE\nMIIEabc\n" + end,
       "password=*** PRIVATE KEY-----MIIE\n***\n" + end},
      // Switched off, or version 1.
      {begin + "\nMIIEabc\n" + end, begin + "\nMIIEabc\n" + end, config_id::no_private_keys},
      {begin + "\nMIIEabc\n" + end, begin + "\nMIIEabc\n" + end, config_id::v1},
  };
  return rows;
}

}  // namespace redact::spec
