// Fuzz target 2 — no leak, no lost byte. The input chooses a sequence of
// filler lines (fuzz bytes with every ASCII letter replaced by a digit, so
// they can hold no field name, scheme, prefix, URL, JWT, key block or secret;
// base64 runs of digits cannot decode to three ASCII bytes in a row, so no
// encoded key either) and shape lines, each carrying one synthetic secret in
// one of SPEC's shapes: Rule T keys (qbt_ and every key-table entry at its
// bounds) in several contexts, Rule H fields in LINE, WORD and QUOTED mode
// (escape depths 0, 1, 3) with or without a scheme under every default field
// name, with colour codes around the name, separator and scheme (raw ESC and
// `\u001b` texts) and inside the credential, bare Bearer and Basic tokens,
// URL passwords, JWTs, keys in base64 at decoded offsets 0, 1, 2, name/value
// pairs (HAR, OpenTelemetry, YAML), private-key blocks, exact secrets and
// their base64 (offsets 0, 1, 2), percent and JSON forms. Every secret starts
// with a marker `ZQ<n>X` unique in the text. Properties, one-shot and in
// random chunks, under SPEC version 2's defaults (or `extended`):
//   * the output is exactly the text with each planted credential replaced
//     by `***` (escape sequences inside a credential written after it), and
//     no planted secret survives;
//   * exactly one finding per shape, of the expected kind, in input order.
#include <algorithm>
#include <array>
#include <tuple>

#include "codec.hpp"
#include "differential.hpp"
#include "fuzz_common.hpp"
#include "spec_words.hpp"

namespace {

using redact::finding_kind;
using redact::fuzz::byte_reader;

constexpr std::string_view body_alpha =
    "ABCDEFGHIJKLMNOPQRSTUVWXYabcdefghijklmnopqrstuvwxyz0123456789_-";
constexpr std::string_view token68_alpha =
    "ABCDEFGHIJKLMNOPQRSTUVWXYabcdefghijklmnopqrstuvwxyz0123456789._~+/-";
// No LINE terminator (`" ' \ [`, CR, LF).
constexpr std::string_view line_alpha =
    "ABCDEFGHIJKLMNOPQRSTUVWXYabcdefghijklmnopqrstuvwxyz0123456789 \t._~+/-=:;,&()]{}<>!@#$%^*";
// No WORD terminator (space, tab, CR, LF, `" ' \ & , ; ) ] }`).
constexpr std::string_view word_alpha =
    "ABCDEFGHIJKLMNOPQRSTUVWXYabcdefghijklmnopqrstuvwxyz0123456789._~+/-=:([{<>!@#$%^*|";
// No quote, backslash, CR or LF.
constexpr std::string_view quoted_alpha =
    "ABCDEFGHIJKLMNOPQRSTUVWXYabcdefghijklmnopqrstuvwxyz0123456789 \t._~+/-=:;,&()[]{}<>!@#$%^*";
constexpr std::string_view printable =
    "ABCDEFGHIJKLMNOPQRSTUVWXYabcdefghijklmnopqrstuvwxyz0123456789 !#$%&()*+,-./;<=>?@[]^_{|}~";

using redact::spec::schemes;

template <std::size_t N>
std::string_view pick(byte_reader& in, const std::array<std::string_view, N>& items) {
  return items[in.below(N)];
}

std::string draw(byte_reader& in, std::string_view alphabet, std::size_t min, std::size_t max) {
  std::string out;
  const std::size_t n = min + in.below(max - min + 1);
  for (std::size_t i = 0; i < n; ++i) out.push_back(alphabet[in.below(alphabet.size())]);
  return out;
}

std::string marker(std::size_t n) { return "ZQ" + std::to_string(n) + "X"; }

std::string base64(std::string_view bytes) {
  return redact::oracle::base64_encode(bytes, false, true);
}

std::string random_case(byte_reader& in, std::string_view s) {
  std::string out(s);
  const std::size_t how = in.below(3);
  for (char& c : out) {
    if (how == 1 && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (how == 2 && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

struct planted {
  std::string text;      // the shape line as written
  std::string expected;  // the same line redacted
  finding_kind kind;
  std::string secret;  // bytes that must not survive
};

/// A field name of the default preset (every name but `authorization` is
/// also exercised through Rule P below).
std::string field_name(byte_reader& in) {
  if (in.flag()) return random_case(in, "authorization");
  return random_case(in, pick(in, redact::spec::credential_only_names));
}

planted make_shape_v2(byte_reader& in, std::size_t n, std::vector<redact::exact_secret>& secrets);

planted make_shape(byte_reader& in, std::size_t n, std::vector<redact::exact_secret>& secrets) {
  const std::string mark = marker(n);
  const std::string scheme =
      in.flag() ? random_case(in, pick(in, schemes)) + std::string(in.below(3) + 1, ' ') : "";
  if (in.flag()) return make_shape_v2(in, n, secrets);
  switch (in.below(8)) {
    case 0: {  // Rule T
      static constexpr std::array<std::string_view, 9> before = {"",  "key=", "%22", "\\n", "my_",
                                                                 "=", " ",    "\"",  "("};
      static constexpr std::array<std::string_view, 8> after = {"",  " ", ".",  "\"",
                                                                ",", ")", "\\", "&x=1"};
      const std::string b(pick(in, before));
      const std::string a(pick(in, after));
      const std::string key = mark + draw(in, body_alpha, 5, 40);
      return {b + "qbt_" + key + a, b + "qbt_***" + a, finding_kind::token, key};
    }
    case 1: {  // Rule H, LINE
      static constexpr std::array<std::string_view, 4> names = {
          "Authorization", "Proxy-Authorization", "X-Authorization", "HTTP_AUTHORIZATION"};
      const std::string head =
          random_case(in, pick(in, names)) + ":" + std::string(in.below(3), ' ');
      std::string cred = mark + draw(in, line_alpha, 0, 40);
      if (in.flag()) cred += "\\/" + draw(in, body_alpha, 0, 4);
      const std::string end = in.flag() ? "\r" : "";
      return {head + scheme + cred + end, head + scheme + "***" + end, finding_kind::field, cred};
    }
    case 2: {  // Rule H, WORD
      static constexpr std::array<std::string_view, 4> seps = {"=", ":=", "=>", " = "};
      static constexpr std::array<std::string_view, 10> ends = {"",  " x", "&a=1", ",",  ";",
                                                                ")", "]",  "}",    "\"", "'"};
      const std::string head = field_name(in) + std::string(pick(in, seps));
      // A WORD scheme needs a credential after it: keep it.
      const std::string cred = mark + draw(in, word_alpha, 0, 40);
      const std::string end(pick(in, ends));
      return {head + scheme + cred + end, head + scheme + "***" + end, finding_kind::field, cred};
    }
    case 3: {  // Rule H, QUOTED, escape depth 0, 1 or 3
      static constexpr std::array<std::size_t, 3> depths = {0, 1, 3};
      const std::size_t k = depths[in.below(3)];
      const std::string q = std::string(k, '\\') + (in.flag() ? "\"" : "'");
      const std::string head =
          "{" + q + field_name(in) + q + ":" + std::string(in.below(2), ' ') + q;
      const std::string cred = mark + draw(in, quoted_alpha, 0, 40);
      const std::string tail = q + "}";
      return {head + scheme + cred + tail, head + scheme + "***" + tail, finding_kind::field, cred};
    }
    case 4: {  // Rule B, Bearer
      static constexpr std::array<std::string_view, 6> before = {"", " ", "\"", "(", "1", "="};
      static constexpr std::array<std::string_view, 5> after = {"", " ", "\"", ",", ")"};
      const std::string b(pick(in, before));
      const std::string a(pick(in, after));
      const std::string word = random_case(in, "Bearer") + std::string(in.below(2) + 1, ' ');
      const std::string token =
          mark + draw(in, token68_alpha, 16, 48) + std::string(in.below(3), '=');
      return {b + word + token + a, b + word + "***" + a, finding_kind::bearer, token};
    }
    case 5: {  // Rule B, Basic
      static constexpr std::array<std::string_view, 4> after = {"", " ", "\"", ","};
      const std::string a(pick(in, after));
      const std::string word = random_case(in, "Basic") + " ";
      const std::string token =
          base64(mark + draw(in, printable, 1, 12) + ":" + draw(in, printable, 2, 24));
      return {word + token + a, word + "***" + a, finding_kind::basic, token};
    }
    default: {  // Rule S, any bytes but CR, LF, ESC and `\` (no escape sequence) after the marker
      std::string value = mark;
      for (char c : in.bytes(40)) {
        value.push_back(c == '\r' || c == '\n' || c == 'Z' || c == '\x1b' || c == '\\' ? '.' : c);
      }
      while (value.size() < 6) value.push_back('.');
      secrets.push_back({"", value});
      const std::string b = draw(in, "0123456789 =:\"'", 0, 3);
      const std::string a = draw(in, "0123456789 =:\"'", 0, 3);
      return {b + value + a, b + "***" + a, finding_kind::secret, value};
    }
  }
}

/// Characters of `alphabet` for a key body holding the marker (`Z Q X` and
/// digits are in every body alphabet).
std::string key_body(byte_reader& in, const std::string& mark, std::size_t len,
                     std::string_view alphabet) {
  std::string body = mark;
  while (body.size() < len) body.push_back(alphabet[in.below(alphabet.size())]);
  return body.substr(0, std::max(len, mark.size()));
}

planted make_shape_v2(byte_reader& in, std::size_t n, std::vector<redact::exact_secret>& secrets) {
  const std::string mark = marker(n);
  static constexpr std::array<std::string_view, 4> colours = {"\x1b[1m", "\x1b[0m", "\x1b[33m",
                                                              "\\u001b[36m"};
  switch (in.below(9)) {
    case 0: {  // Rule T, a key-table entry with a body of exactly the minimum (or maximum)
      const auto& k = redact::spec::key_table[in.below(redact::spec::key_table.size())];
      const std::string_view alphabet = redact::spec::alphabet_chars(k.alphabet);
      const std::size_t len = k.max_body != 0 && in.flag() ? k.max_body : k.min_body;
      if (len < mark.size() + 1) break;  // too short to hold the marker (not in the table)
      // A body alphabet without `Z`/`Q`/`X` would not hold the marker: all do.
      const std::string body = key_body(in, mark, len, alphabet.substr(0, 26));
      static constexpr std::array<std::string_view, 4> before = {"", "id=", " ", "\""};
      static constexpr std::array<std::string_view, 4> after = {" ", ".", "\"", ""};
      const std::string b(pick(in, before));
      const std::string a(pick(in, after));
      const std::string p(k.prefix);
      return {b + p + body + a, b + p + "***" + a, finding_kind::token, body};
    }
    case 1: {  // Rule H with colour codes around the name, separator and scheme, and one
               // inside the credential (written after its `***`).
      const std::string c1(pick(in, colours));
      const std::string c2(pick(in, colours));
      const std::string c3(pick(in, colours));
      const std::string head = c1 + "Authorization" + c2 + ":" + c3 + " Bearer ";
      const std::string a = mark + draw(in, line_alpha.substr(0, 62), 1, 20);
      const std::string b = draw(in, line_alpha.substr(0, 62), 1, 20);
      return {head + a + c1 + b, head + "***" + c1, finding_kind::field, a};
    }
    case 2: {  // Rule U: the password, with `@` in the user name and the password
      static constexpr std::array<std::string_view, 4> schemes_u = {"https", "postgres",
                                                                    "mongodb+srv", "s3"};
      const std::string user = draw(in, "abcdefghijklmnopqrstuvwxy@.-", 1, 12);
      const std::string pw =
          mark + draw(in, "abcdefghijklmnopqrstuvwxy0123456789@!$%&()*+,;=._~-", 1, 30);
      const std::string head = std::string(pick(in, schemes_u)) + "://" + user + ":";
      const std::string tail = "@db.example:5432/app";
      return {head + pw + tail, head + "***" + tail, finding_kind::url, pw};
    }
    case 3: {  // Rule J, the marker in the payload; a trailing full stop is kept
      const std::string jwt = "eyJhbGciOiJIUzI1NiJ9.eyJ" + mark +
                              draw(in, "abcdefghijklmnopqrstuvwxy0123456789_-", 4, 40) + "." +
                              draw(in, "ABCDEFGHIJKLMNOPQRSTUVWXY0123456789_-", 1, 43);
      // (`id_token=` would be a field under `extended`.)
      static constexpr std::array<std::string_view, 4> before = {"", "t=", " ", "\""};
      static constexpr std::array<std::string_view, 4> after = {"", ". ", "&x=1", "\""};
      const std::string b(pick(in, before));
      const std::string a(pick(in, after));
      return {b + jwt + a, b + "***" + a, finding_kind::jwt, jwt};
    }
    case 4: {  // Rule E: qbt_ key at decoded offset 0, 1 or 2 (after bytes that are no prefix)
      const std::size_t offset = in.below(3);
      const std::string key = "qbt_" + mark + draw(in, body_alpha, 8, 30);
      const std::string b64 = base64(std::string(offset, '\xfb') + key);
      const std::size_t chars = (8 * (offset + key.size() - 1) + 7) / 6 + 1;
      const std::string masked = b64.substr(0, chars);
      const std::string rest = b64.substr(chars);
      return {"data: " + masked + rest, "data: ***" + rest, finding_kind::encoded, masked};
    }
    case 5: {  // Rule P: HAR, OpenTelemetry (across lines) or a YAML env list
      const std::string name(pick(in, redact::spec::credential_only_names));
      const std::string cred = mark + draw(in, token68_alpha, 0, 30);
      switch (in.below(3)) {
        case 0: {
          const std::string head = "{\"name\":\"" + name + "\",\"value\":\"";
          return {head + cred + "\"}", head + "***\"}", finding_kind::field, cred};
        }
        case 1: {
          const std::string head =
              "{\"key\":\"http.request.header." + name + "\",\"value\":{\n  \"stringValue\":\"";
          return {head + cred + "\"}}", head + "***\"}}", finding_kind::field, cred};
        }
        default: {
          const std::string head = "- name: APP_" + name + "\n  value: ";
          return {head + cred, head + "***", finding_kind::field, cred};
        }
      }
    }
    case 6: {  // Rule K: a block of one to three key lines, one finding
      std::string text = "-----BEGIN PRIVATE KEY-----\n";
      std::string expected = text;
      const std::string first = mark + draw(in, "ABCDEFGHIJKLMNOPQRSTUVWXY0123456789+/=", 1, 100);
      text += first + "\n";
      expected += "***\n";
      for (std::size_t i = in.below(3); i > 0; --i) {
        text += "  " + draw(in, "abcdefghijklmnopqrstuvwxy+/", 4, 64) + "\n";
        expected += "  ***\n";
      }
      text += "-----END PRIVATE KEY-----";
      expected += "-----END PRIVATE KEY-----";
      return {text, expected, finding_kind::private_key, first};
    }
    case 7: {  // Rule S: an exact secret's percent or JSON form
      std::string value = mark + draw(in, printable, 1, 20);
      value += in.flag() ? "!\"" : " \\";
      secrets.push_back({"", value});
      const std::string form =
          in.flag() ? redact::oracle::percent_form(value) : redact::oracle::json_form(value);
      return {"v=" + form + ";", "v=***;", finding_kind::secret, form};
    }
    default: {  // Rule S: an exact secret's base64 form at offset 0, 1 or 2, either alphabet
      const std::string value = mark + draw(in, printable, 6, 24);
      secrets.push_back({"", value});
      const unsigned offset = static_cast<unsigned>(in.below(3));
      const bool url = in.flag();
      const std::string form = redact::oracle::base64_form(value, offset, url);
      const std::string real =
          redact::oracle::base64_encode(std::string(offset, '\x01') + value + "\x01", url, true);
      const std::size_t at = real.find(form);
      return {"b=" + real, "b=" + real.substr(0, at) + "***" + real.substr(at + form.size()),
              finding_kind::secret, form};
    }
  }
  return make_shape(in, n, secrets);  // unreachable in practice; keeps every path planted
}

std::string filler(byte_reader& in) {
  std::string out;
  for (char c : in.bytes(60)) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) c = static_cast<char>('0' + (c % 10));
    out.push_back(c);
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  byte_reader in(data, size);
  const bool extended = in.flag();
  std::vector<std::size_t> chunks;
  for (std::size_t i = 0, n = in.below(6) + 1; i < n; ++i) chunks.push_back(in.below(48) + 1);

  std::string text;
  std::string expected;
  std::vector<planted> shapes;
  std::vector<redact::exact_secret> secrets;
  for (std::size_t n = 0; !in.empty() && n < 64; ++n) {
    if (in.flag()) {
      const std::string f = filler(in) + "\n";
      text += f;
      expected += f;
    } else {
      planted p = make_shape(in, n, secrets);
      text += p.text + "\n";
      expected += p.expected + "\n";
      shapes.push_back(std::move(p));
    }
  }

  redact::policy_options opts = redact::spec::spec_defaults();
  if (extended) opts.preset = redact::field_preset::extended;
  opts.secrets = secrets;
  const redact::policy pol(opts);
  if (!pol.ok()) redact::fuzz::fail("policy refused", pol.error());

  // The oracle first: the expectations above are derived from SPEC by
  // construction, the oracle independently; they must agree.
  const auto oracle = redact::oracle::oracle_run(text, opts);
  if (oracle.output != expected) {
    redact::fuzz::fail("oracle: output is not the text with the planted credentials masked",
                       "\n  text:     " + redact::differential::escape(text, 4096) +
                           "\n  expected: " + redact::differential::escape(expected, 4096) +
                           "\n  oracle:   " + redact::differential::escape(oracle.output, 4096));
  }
  if (oracle.findings.size() != shapes.size()) {
    redact::fuzz::fail("oracle: not one finding per planted credential");
  }
  for (std::size_t i = 0; i < shapes.size(); ++i) {
    if (oracle.findings[i].kind != shapes[i].kind) redact::fuzz::fail("oracle: wrong kind");
  }
  if (redact::fuzz::oracle_only()) return 0;

  for (const auto& ch : {std::vector<std::size_t>{}, chunks}) {
    redact::redactor r(pol);
    std::vector<std::tuple<std::uint64_t, std::uint64_t, finding_kind>> found;
    r.set_finding_handler(
        [&found](const redact::finding& f) { found.emplace_back(f.line, f.column, f.kind); });
    const std::string out = redact::fuzz::run_chunked(r, text, ch);
    if (out.find("ZQ") != std::string::npos) {
      for (const auto& s : shapes) {
        if (out.find(s.secret) != std::string::npos) redact::fuzz::fail("planted secret survived");
      }
    }
    if (out != expected) {
      redact::fuzz::fail("output is not the text with the planted credentials masked",
                         "\n  text:     " + redact::differential::escape(text, 4096) +
                             "\n  expected: " + redact::differential::escape(expected, 4096) +
                             "\n  output:   " + redact::differential::escape(out, 4096));
    }
    if (found.size() != shapes.size()) redact::fuzz::fail("not one finding per planted credential");
    // Findings come in input order within each pass (docs/rules.md F1); in
    // (line, column) order they are the shapes' order.
    std::stable_sort(found.begin(), found.end());
    for (std::size_t i = 0; i < found.size(); ++i) {
      if (std::get<2>(found[i]) != shapes[i].kind) redact::fuzz::fail("finding of the wrong kind");
    }
  }
  return 0;
}
