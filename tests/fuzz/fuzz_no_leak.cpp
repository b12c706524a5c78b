// Fuzz target 2 — no leak, no lost byte. The input chooses a sequence of
// filler lines (fuzz bytes with every ASCII letter replaced by a digit, so
// they can hold no field name, scheme, prefix or secret) and shape lines,
// each carrying one synthetic secret in one of SPEC's shapes: Rule T keys in
// several contexts, Rule H fields in LINE, WORD and QUOTED mode (escape
// depths 0, 1, 3) with or without a scheme, bare Bearer and Basic tokens, and
// exact secrets. Every secret starts with a marker `ZQ<n>X` unique in the
// text (no other `Z` is ever generated, except by chance inside a Basic
// token's base64). Properties, one-shot and in random chunks:
//   * the output is exactly the text with each planted credential replaced
//     by `***` (so nothing else changed), and no marker survives;
//   * exactly one finding per shape line, of the expected kind.
#include <array>

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
  static constexpr char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out.push_back(a[(v >> s) & 63]);
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out.push_back(a[(v >> 18) & 63]);
    out.push_back(a[(v >> 12) & 63]);
    out += rest == 2 ? std::string(1, a[(v >> 6) & 63]) + "=" : std::string("==");
  }
  return out;
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

planted make_shape(byte_reader& in, std::size_t n, std::vector<redact::exact_secret>& secrets) {
  const std::string mark = marker(n);
  const std::string scheme =
      in.flag() ? random_case(in, pick(in, schemes)) + std::string(in.below(3) + 1, ' ') : "";
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
      const std::string head = random_case(in, "authorization") + std::string(pick(in, seps));
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
          "{" + q + random_case(in, "authorization") + q + ":" + std::string(in.below(2), ' ') + q;
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
    default: {  // Rule S, any bytes but CR/LF after the marker
      std::string value = mark;
      for (char c : in.bytes(40)) value.push_back(c == '\r' || c == '\n' || c == 'Z' ? '.' : c);
      while (value.size() < 6) value.push_back('.');
      secrets.push_back({"", value});
      const std::string b = draw(in, "0123456789 =:\"'", 0, 3);
      const std::string a = draw(in, "0123456789 =:\"'", 0, 3);
      return {b + value + a, b + "***" + a, finding_kind::secret, value};
    }
  }
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

  redact::policy_options opts;
  opts.preset = (extended) ? redact::field_preset::standard : redact::field_preset::minimal;
  opts.secrets = secrets;
  const redact::policy pol(opts);
  if (!pol.ok()) redact::fuzz::fail("policy refused", pol.error());

  for (const auto& ch : {std::vector<std::size_t>{}, chunks}) {
    redact::redactor r(pol);
    std::vector<finding_kind> kinds;
    r.set_finding_handler([&kinds](const redact::finding& f) { kinds.push_back(f.kind); });
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
    if (kinds.size() != shapes.size()) redact::fuzz::fail("not one finding per planted credential");
    // Findings come in input order within each pass (docs/rules.md F1); with
    // one finding per line the order is the shapes' order.
    for (std::size_t i = 0; i < kinds.size(); ++i) {
      if (kinds[i] != shapes[i].kind) redact::fuzz::fail("finding of the wrong kind");
    }
  }
  return 0;
}
