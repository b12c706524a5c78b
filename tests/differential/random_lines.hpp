// random_lines.hpp — random log-ish text built from SPEC's grammar pieces.
//
// Each line is a random sequence of fragments: field names (random case,
// decorated), key closes, blank runs (including the 64/65 edges), separators,
// value openers, schemes, credentials made of terminator-rich alphabets,
// bare Bearer/Basic tokens, Rule T keys, exact secrets, already-redacted
// text, NUL/CR/invalid UTF-8; and contract version 2's pieces: escape
// sequences and their texts, key-table keys at and around their bounds, URL
// authorities, JWT runs and their near misses, base64 of keys at each
// offset, name/value members, private-key markers and lines, placeholder
// words in any case. The result is not expected to be "valid": it is
// meant to put every rule's edge next to every other, for the differential
// tests (oracle vs core) and the fuzz targets. Header-only, deterministic for
// a given source of random numbers.
//
//   redact::random_lines::splitmix64 rng{42};
//   std::string text = redact::random_lines::text(rng, 50);   // ~50 lines
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "spec_words.hpp"

namespace redact::random_lines {

/// A tiny, portable PRNG (Steele, Lea, Flood 2014).
struct splitmix64 {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  /// Uniform-ish in [0, n).
  std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }
  bool chance(unsigned percent) { return below(100) < percent; }
};

template <typename Rng, typename T, std::size_t N>
const T& pick(Rng& rng, const std::array<T, N>& items) {
  return items[rng.below(N)];
}

/// Randomly changes the ASCII case of `s`.
template <typename Rng>
std::string random_case(Rng& rng, std::string_view s) {
  std::string out(s);
  const std::size_t how = rng.below(4);  // lower, upper, as written, mixed
  for (char& c : out) {
    const bool upper = how == 1 || (how == 3 && rng.chance(50));
    const bool lower = how == 0 || (how == 3 && !upper);
    if (c >= 'a' && c <= 'z' && upper) c = static_cast<char>(c - 'a' + 'A');
    if (c >= 'A' && c <= 'Z' && lower) c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

/// `n` bytes drawn from `alphabet`.
template <typename Rng>
std::string run(Rng& rng, std::string_view alphabet, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(alphabet[rng.below(alphabet.size())]);
  return out;
}

inline constexpr std::string_view body_chars =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
inline constexpr std::string_view b64_chars =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
inline constexpr std::string_view token68_chars =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~+/-";

inline constexpr char noisy_chars_array[] =
    "abcdefXYZ0123456789 \t\"'\\[]{}()<>&,;=/:.*-_+~\r\0\xff";
inline constexpr std::string_view noisy_chars(noisy_chars_array, sizeof(noisy_chars_array) - 1);

/// Standard base64 with padding.
inline std::string base64(std::string_view bytes) {
  std::string out;
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out.push_back(b64_chars[(v >> s) & 63]);
  }
  if (bytes.size() - i == 1) {
    const unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    out.push_back(b64_chars[(v >> 18) & 63]);
    out.push_back(b64_chars[(v >> 12) & 63]);
    out += "==";
  } else if (bytes.size() - i == 2) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8);
    out.push_back(b64_chars[(v >> 18) & 63]);
    out.push_back(b64_chars[(v >> 12) & 63]);
    out.push_back(b64_chars[(v >> 6) & 63]);
    out += "=";
  }
  return out;
}

/// Exact secrets the generator may plant (configure them for Rule S).
inline constexpr std::array<std::string_view, 3> planted_secrets = {"s3cr3t-value", "abcdef123456",
                                                                    "qbt_SecretKey0123456789"};

template <typename Rng>
std::string field_name(Rng& rng) {
  static constexpr std::array<std::string_view, 14> names = {
      "authorization",      "Proxy-Authorization",
      "HTTP_AUTHORIZATION", "X-Authorization",
      "authorizationUrl",   "authorizatio",
      "x-api-key",          "api_key",
      "password",           "cookie",
      "set-cookie",         "access_token",
      "client_secret",      "apikey"};
  return random_case(rng, pick(rng, names));
}

template <typename Rng>
std::string blanks(Rng& rng) {
  switch (rng.below(8)) {
    case 0:
    case 1:
    case 2:
      return "";
    case 3:
      return " ";
    case 4:
      return "\t";
    case 5:
      return std::string(rng.chance(50) ? 64 : 65, ' ');
    case 6:
      return run(rng, " \t", rng.below(4) + 1);
    default:
      return std::string(rng.below(3) + 62, rng.chance(50) ? ' ' : '\t');
  }
}

/// A backslash run: usually 0-3 or 7 (escape depths), sometimes at the
/// 64-byte bound of docs/rules.md interpretation H1, or one past it when
/// `past_bound` (key closes and bracket-less openers only: see the
/// KnownDisagreement tests for the other places).
template <typename Rng>
std::string backslashes(Rng& rng, bool past_bound = false) {
  static constexpr std::array<std::size_t, 9> counts = {0, 0, 0, 1, 1, 2, 3, 7, 64};
  std::size_t n = pick(rng, counts);
  if (past_bound && rng.chance(3)) n = 65;
  return std::string(n, '\\');
}

template <typename Rng>
std::string quote(Rng& rng) {
  return rng.chance(70) ? "\"" : "'";
}

template <typename Rng>
std::string separator(Rng& rng) {
  static constexpr std::array<std::string_view, 8> seps = {":",  ":",  "=", "=",
                                                           ":=", "=>", ",", " "};
  return std::string(pick(rng, seps));
}

template <typename Rng>
std::string opener(Rng& rng) {
  std::string o;
  const bool bracket = rng.chance(20);
  if (bracket) {
    o += "[";
    o +=
        rng.chance(70) ? run(rng, " \t", rng.below(3)) : std::string(rng.chance(50) ? 64 : 65, ' ');
  }
  if (rng.chance(50)) {
    if (rng.chance(15)) o += pick(rng, std::array<std::string_view, 3>{"b", "u", "r"});
    o += backslashes(rng, !bracket) + quote(rng);
  }
  return o;
}

template <typename Rng>
std::string scheme(Rng& rng) {
  // SPEC's schemes, and now and then an unknown first word.
  if (rng.below(24) == 0) return random_case(rng, "Custom");
  return random_case(rng, pick(rng, redact::spec::schemes));
}

/// A credential-ish value: terminator-rich, sometimes special words.
template <typename Rng>
std::string credential(Rng& rng) {
  switch (rng.below(16)) {
    case 0:
      return std::string(
          pick(rng, std::array<std::string_view, 8>{"null", "nil", "None", "undefined", "true",
                                                    "false", "-", "NULL"}));
    case 1:
      return "***";
    case 2:
      return "qbt_***";
    case 3:
      return "qbt_" + run(rng, body_chars, rng.below(14));
    case 4:
      return std::string(pick(rng, planted_secrets));
    case 5:
      return base64("user:" + run(rng, body_chars, rng.below(10)));
    case 6:
      return run(rng, token68_chars, rng.below(24) + 8) + std::string(rng.below(3), '=');
    case 7: {  // a quoted parameter
      std::string bs = backslashes(rng);
      std::string q = quote(rng);
      return run(rng, body_chars, 3) + "=" + bs + q + run(rng, "ab ,;]\\\"'/", rng.below(12)) + bs +
             q +
             std::string(pick(rng, std::array<std::string_view, 6>{",", ";", " ", "x", "", "\\"}));
    }
    case 8:
      return std::string(pick(rng, std::array<std::string_view, 4>{"{", "(", "<", "["})) + "abc";
    case 9:
      return run(rng, "ab\\/", rng.below(8) + 1);
    case 10:
      return run(rng, "abcXYZ019", rng.below(20)) + "\\/" + run(rng, "abc", 3);
    default:
      return run(rng, noisy_chars, rng.below(20));
  }
}

template <typename Rng>
std::string field(Rng& rng) {
  std::string s;
  if (rng.chance(25)) {  // tuple / array form
    s += pick(rng, std::array<std::string_view, 4>{"(", "[", "( ", "[\t"});
    if (rng.chance(30)) s += rng.chance(50) ? "b" : "u";
  }
  const bool quoted_key = rng.chance(45);
  std::string bs;
  std::string q;
  if (quoted_key) {
    bs = backslashes(rng, true);
    q = quote(rng);
    s += bs + q;
  }
  if (rng.chance(10)) s += "X-";
  s += field_name(rng);
  if (quoted_key && rng.chance(90)) s += bs + q;
  s += blanks(rng) + separator(rng) +
       (rng.chance(70) ? std::string(rng.below(2), ' ') : blanks(rng));
  const std::string o = opener(rng);
  s += o;
  if (rng.chance(50)) s += scheme(rng) + blanks(rng);
  s += credential(rng);
  if (rng.chance(60)) {  // close the value like the opener did
    for (char c : o) {
      if (c == '"' || c == '\'' || c == '\\') s.push_back(c);
    }
  }
  return s;
}

/// An escape sequence (or an introducer that is none).
template <typename Rng>
std::string escape_sequence(Rng& rng) {
  static constexpr std::array<std::string_view, 14> seqs = {
      "\x1b[0m", "\x1b[1;31m",  "\x1b[2K",  "\x1b[m",   "\x1b(B",        "\x1b=",    "\x1b",
      "\x1b[",   "\\u001b[33m", "\\x1b[0m", "\\033[1m", "\\\\u001B[36m", "\x1b[1*m", "\x1b[Kx"};
  return std::string(pick(rng, seqs));
}

/// Contract version 2's pieces.
template <typename Rng>
std::string fragment_v2(Rng& rng) {
  static constexpr std::string_view upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  static constexpr std::string_view alnum =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  switch (rng.below(14)) {
    case 0:
    case 1:
      return escape_sequence(rng);
    case 2: {  // key-table keys at, one under and one over their bounds
      static constexpr std::array<std::pair<std::string_view, std::size_t>, 8> keys = {
          {{"AKIA", 16},
           {"ghp_", 36},
           {"hf_", 34},
           {"AIza", 35},
           {"xoxb-", 10},
           {"sk_live_", 16},
           {"glpat-", 20},
           {"npm_", 36}}};
      const auto& [p, n] = pick(rng, keys);
      const std::size_t len = n - 1 + rng.below(3);
      return std::string(p) + run(rng, p == "AKIA" ? upper : alnum, len);
    }
    case 3: {  // URL authorities
      static constexpr std::array<std::string_view, 8> parts = {
          "https://", "postgres://", "s3://", ":\\/\\/", "user:", ":pw@", "@host", "a@b:c@d@h/"};
      return std::string(pick(rng, parts));
    }
    case 4: {  // JWT runs and near misses
      static constexpr std::array<std::string_view, 8> parts = {
          "eyJhbGciOiJIUzI1NiJ9",
          "eyJhbGciO",
          ".eyJzdWIiOiIxIn0",
          ".c2lnbmF0dXJl",
          ".",
          "..",
          "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
          "eyJAAAAAAAAAAA"};
      return std::string(pick(rng, parts));
    }
    case 5: {  // base64 of keys at offsets 0, 1, 2, whole or cut
      static constexpr std::array<std::string_view, 7> parts = {
          "cWJ0X1Q1OWtadXNRSXA1NHZDTnBKQ1Zm",
          "+3FidF9UNTlrWnVzUUlwNTR2Q05wSkNWZg==",
          "+/txYnRfVDU5a1p1c1FJcDU0dkNOcEpDVmY=",
          "QUtJQUlPU0ZPRE5ON0VYQU1QTEU=",
          "cWJ0X1Q1OW",
          "tadXNRSXA1NHZDTnBKQ1Zm",
          "\\/3FidF9UNTlrWnVzUUlwNTR2Q05wSkNWZg"};
      return std::string(pick(rng, parts));
    }
    case 6: {  // name/value members
      static constexpr std::array<std::string_view, 10> parts = {
          "{\"name\": \"Authorization\", ",
          "\"value\": ",
          "\"X-Api-Key\"",
          "name=Cookie ",
          "value=",
          "key=http.request.header.authorization ",
          "{\"stringValue\": ",
          "- name: API_KEY",
          "  value: ",
          "\"Value\":"};
      return std::string(pick(rng, parts));
    }
    case 7: {  // private-key markers and lines
      static constexpr std::array<std::string_view, 8> parts = {"-----BEGIN PRIVATE KEY-----",
                                                                "-----END PRIVATE KEY-----",
                                                                "-----BEGIN RSA PRIVATE KEY-----\n",
                                                                "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC",
                                                                "Proc-Type: 4,ENCRYPTED",
                                                                "-----BEGIN PUBLIC KEY-----",
                                                                "  ",
                                                                "***"};
      return std::string(pick(rng, parts));
    }
    case 8:  // placeholder words in any case, with trailing punctuation
      return random_case(rng, pick(rng, std::array<std::string_view, 9>{"null", "yes", "no", "none",
                                                                        "undefined", "true",
                                                                        "false", "nil", "-"})) +
             std::string(pick(rng, std::array<std::string_view, 5>{"", ")", ".", ",;", "]}"}));
    case 9:  // masks next to runs
      return std::string(
          pick(rng, std::array<std::string_view, 4>{"***", "******", "**", "qbt_***"}));
    case 10:  // default field names
      return random_case(
          rng, pick(rng, std::array<std::string_view, 6>{"password", "x-api-key", "cookie",
                                                         "access_token", "private_key", "passwd"}));
    default:
      return run(rng, alnum, rng.below(40));
  }
}

template <typename Rng>
std::string fragment(Rng& rng) {
  if (rng.chance(35)) return fragment_v2(rng);
  switch (rng.below(12)) {
    case 0:
    case 1:
    case 2:
      return field(rng);
    case 3:
      return random_case(rng, rng.chance(50) ? "Bearer" : "Basic") + blanks(rng) + credential(rng);
    case 4:
      return std::string(pick(rng, std::array<std::string_view, 6>{"", "x", "_", "1", "\"", "*"})) +
             "qbt_" + run(rng, body_chars, rng.below(16));
    case 5:
      return std::string(pick(rng, planted_secrets));
    case 6:
      return run(rng, "abc def=:\"'\\[](){}", rng.below(12));
    case 7:
      return " ";
    case 8:
      return std::string(
          pick(rng, std::array<std::string_view, 8>{"\r\n", "\r", "\n", std::string_view("\0", 1),
                                                    "\xff\xfe", "\xc3\xa9", "\\n", "%22"}));
    case 9:
      return credential(rng);
    case 10:
      return std::string(pick(rng, std::array<std::string_view, 6>{"sk_live_", "sk_", "ghp_",
                                                                   "qbt_", "docsexampletoken0000",
                                                                   "qbt_DocsExample0000"})) +
             run(rng, body_chars, rng.below(12));
    default:
      return random_case(rng, "authorization");
  }
}

/// About `lines` lines of random text (the last one may lack its LF).
template <typename Rng>
std::string text(Rng& rng, std::size_t lines) {
  std::string out;
  for (std::size_t l = 0; l < lines; ++l) {
    const std::size_t n = rng.below(5) + 1;
    for (std::size_t i = 0; i < n; ++i) out += fragment(rng);
    if (l + 1 < lines || rng.chance(50)) out += rng.chance(85) ? "\n" : "\r\n";
  }
  return out;
}

}  // namespace redact::random_lines
