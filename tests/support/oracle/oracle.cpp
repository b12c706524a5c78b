// oracle.cpp — the reference redactor. Read SPEC.md beside it: each function
// below is one paragraph of the contract, in the contract's order. Nothing
// here is clever on purpose; where the text leaves a choice open, the comment
// names the interpretation (numbered as in docs/rules.md) that decides it.
#include "oracle.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <tuple>

#include "spec_words.hpp"

namespace redact::oracle {
namespace {

// ---------------------------------------------------------------------------
// Byte classes and small helpers

bool is_eol(char c) { return c == '\r' || c == '\n'; }
bool is_blank(char c) { return c == ' ' || c == '\t'; }  // SPEC "spaces/tabs"
bool is_backslash(char c) { return c == '\\'; }
bool is_quote(char c) { return c == '"' || c == '\''; }
bool is_ascii_letter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Interpretation 6: what may sit between a tuple's opening quote and the
// field name (`X-` in `"X-Authorization"`).
bool is_tuple_name_char(char c) {
  return is_ascii_letter(c) || is_digit(c) || c == '_' || c == '.' || c == '-';
}

/// `word` occurs at `pos` of `s`, ASCII case folded (interpretation 5).
bool iequals_at(std::string_view s, std::size_t pos, std::string_view word) {
  if (pos > s.size() || s.size() - pos < word.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (ascii_lower(s[pos + i]) != ascii_lower(word[i])) return false;
  }
  return true;
}

bool at(std::string_view s, std::size_t pos, char c) { return pos < s.size() && s[pos] == c; }

/// Length of the run of bytes satisfying `pred` starting at `pos`.
std::size_t run_of(std::string_view s, std::size_t pos, bool (*pred)(char)) {
  std::size_t n = 0;
  while (pos + n < s.size() && pred(s[pos + n])) ++n;
  return n;
}

/// Backslashes directly before `pos` (the maximal run).
std::size_t backslashes_before(std::string_view s, std::size_t pos) {
  std::size_t n = 0;
  while (n < pos && s[pos - 1 - n] == '\\') ++n;
  return n;
}

// Interpretation 1: bound on the runs before the value.
constexpr std::size_t max_run = 64;
// SPEC "Quoted parameters": the closing quote lies within 512 bytes.
constexpr std::size_t param_window = 512;
// Interpretation 3: longer Basic runs are masked without decoding.
constexpr std::size_t basic_decode_limit = 1024;
// SPEC: the mask.
constexpr std::string_view mask = "***";

// SPEC Rule H, "Scheme".
using redact::spec::schemes;

// SPEC Rule H: unquoted credentials left alone (keeps JSON valid).
constexpr std::array<std::string_view, 7> null_words = {"null", "nil",   "None", "undefined",
                                                        "true", "false", "-"};

// SPEC Rule H, the presets: `minimal` is `authorization` alone, the default
// adds the credential-only names, `extended` the four broad ones.
constexpr std::array<std::string_view, 15> credential_only_names = {
    "x-api-key",     "api-key",           "api_key",
    "apikey",        "x-auth-token",      "cookie",
    "set-cookie",    "password",          "passwd",
    "passphrase",    "client_secret",     "access_token",
    "refresh_token", "secret_access_key", "private_key"};
constexpr std::array<std::string_view, 4> broad_names = {"token", "secret", "signature",
                                                         "credential"};

// Token shapes, where a regular expression is the clearest statement. Latin-1
// so that every byte is one character and nothing is decoded as UTF-8.
RE2::Options latin1() {
  RE2::Options o;
  o.set_encoding(RE2::Options::EncodingLatin1);
  o.set_log_errors(false);
  return o;
}
const RE2& t_body_re() {  // Rule T body: `A-Z a-z 0-9 _ -`
  static const RE2 r("[A-Za-z0-9_-]*", latin1());
  return r;
}
const RE2& bearer_re() {  // Rule B: token68 (and `\/`), then `=` padding
  static const RE2 r(R"(((?:[A-Za-z0-9._~+/-]|\\/)*)(=*))", latin1());
  return r;
}
const RE2& basic_re() {  // Rule B: base64 (and `\/`), then `=` padding
  static const RE2 r(R"(((?:[A-Za-z0-9+/]|\\/)*)(=*))", latin1());
  return r;
}

/// Anchored match of `r` at `pos` of `s`; returns group 0..N-1 as offsets
/// [begin, end) into `s`. The patterns above always match (possibly empty).
template <std::size_t N>
std::array<std::pair<std::size_t, std::size_t>, N> match_at(const RE2& r, std::string_view s,
                                                            std::size_t pos) {
  std::array<re2::StringPiece, N> groups;
  const re2::StringPiece text(s.data(), s.size());
  const bool matched = r.Match(text, pos, s.size(), RE2::ANCHOR_START, groups.data(), N);
  std::array<std::pair<std::size_t, std::size_t>, N> out{};
  for (std::size_t i = 0; i < N; ++i) {
    if (!matched || groups[i].data() == nullptr) {
      out[i] = {pos, pos};
    } else {
      const auto b = static_cast<std::size_t>(groups[i].data() - s.data());
      out[i] = {b, b + groups[i].size()};
    }
  }
  return out;
}

/// Number of characters in a run where the two bytes `\/` count as one.
std::size_t count_chars(std::string_view run) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < run.size(); ++i, ++n) {
    if (run[i] == '\\') ++i;  // the regexes only admit `\` as part of `\/`
  }
  return n;
}

// ---------------------------------------------------------------------------
// Rule B Basic: the decoding check (interpretation 3)

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

/// Decodes base64 characters (no padding); nullopt when a final group has a
/// single character.
std::optional<std::string> base64_decode(std::string_view chars) {
  std::string out;
  std::size_t i = 0;
  for (; i + 4 <= chars.size(); i += 4) {
    unsigned v = 0;
    for (std::size_t j = 0; j < 4; ++j)
      v = (v << 6) | static_cast<unsigned>(base64_value(chars[i + j]));
    out.push_back(static_cast<char>((v >> 16) & 0xff));
    out.push_back(static_cast<char>((v >> 8) & 0xff));
    out.push_back(static_cast<char>(v & 0xff));
  }
  const std::size_t rest = chars.size() - i;
  if (rest == 1) return std::nullopt;
  if (rest >= 2) {
    unsigned v = 0;
    for (std::size_t j = 0; j < rest; ++j)
      v = (v << 6) | static_cast<unsigned>(base64_value(chars[i + j]));
    v <<= 6 * (4 - rest);
    out.push_back(static_cast<char>((v >> 16) & 0xff));
    if (rest == 3) out.push_back(static_cast<char>((v >> 8) & 0xff));
  }
  return out;
}

/// Decodes UTF-8 strictly (no overlongs, no surrogates, <= U+10FFFF) into
/// code points; nullopt when invalid.
std::optional<std::vector<char32_t>> utf8_decode(std::string_view s) {
  std::vector<char32_t> cps;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if (b0 < 0x80) {
      len = 1, cp = b0, min = 0;
    } else if ((b0 & 0xE0) == 0xC0) {
      len = 2, cp = b0 & 0x1F, min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
      len = 3, cp = b0 & 0x0F, min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
      len = 4, cp = b0 & 0x07, min = 0x10000;
    } else {
      return std::nullopt;
    }
    if (s.size() - i < len) return std::nullopt;
    for (std::size_t j = 1; j < len; ++j) {
      const auto b = static_cast<unsigned char>(s[i + j]);
      if ((b & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
    cps.push_back(cp);
    i += len;
  }
  return cps;
}

/// SPEC: "decodes to valid UTF-8 without control characters and containing `:`".
bool looks_like_user_password(std::string_view run) {
  std::string chars;  // the run with `\/` read as `/`
  for (std::size_t i = 0; i < run.size(); ++i) {
    if (run[i] == '\\') ++i;
    chars.push_back(run[i]);
  }
  const auto bytes = base64_decode(chars);
  if (!bytes) return false;
  const auto cps = utf8_decode(*bytes);
  if (!cps) return false;
  bool colon = false;
  for (char32_t cp : *cps) {
    if (cp <= 0x1F || (cp >= 0x7F && cp <= 0x9F)) return false;
    if (cp == U':') colon = true;
  }
  return colon;
}

// ---------------------------------------------------------------------------
// The text after the Rule S pass, with a map back to the original bytes.

struct staged_text {
  std::string bytes;               // the input with exact secrets replaced by `***`
  std::vector<std::size_t> begin;  // per byte: first original offset it stands for
  std::vector<std::size_t> end;    // per byte: one past the last original offset
};

/// A finding of rule H, B or T, in staged-text offsets.
struct match {
  finding_kind kind;
  std::string label;
  std::size_t cred_begin;  // first byte of the secret (kept prefix included)
  std::size_t cred_end;
  std::size_t kept;  // bytes at cred_begin that stay (a Rule T prefix)
};

class oracle {
 public:
  oracle(std::string_view input, const oracle_config& config) : input_(input), config_(config) {
    names_.assign(config.fields.begin(), config.fields.end());
    names_.emplace_back("authorization");
    if (config.preset != field_preset::minimal)
      names_.insert(names_.end(), credential_only_names.begin(), credential_only_names.end());
    if (config.preset == field_preset::extended)
      names_.insert(names_.end(), broad_names.begin(), broad_names.end());
    // Interpretation 5: the longest name is tried first.
    std::stable_sort(names_.begin(), names_.end(),
                     [](const auto& a, const auto& b) { return a.size() > b.size(); });
    // SPEC Rule T: the shortest prefix that yields a key wins.
    // SPEC Rule T: `qbt_` always applies.
    for (const auto& p : config.prefixes) prefixes_.push_back(p.prefix);
    if (std::find(prefixes_.begin(), prefixes_.end(), "qbt_") == prefixes_.end())
      prefixes_.emplace_back("qbt_");
    std::stable_sort(prefixes_.begin(), prefixes_.end(),
                     [](const auto& a, const auto& b) { return a.size() < b.size(); });
  }

  oracle_result run() {
    for (std::size_t i = 0; i < input_.size(); ++i) {
      if (input_[i] == '\n') line_feeds_.push_back(i);
    }
    secret_pass();
    scan();
    std::stable_sort(result_.findings.begin(), result_.findings.end(),
                     [](const oracle_finding& a, const oracle_finding& b) {
                       return std::tie(a.line, a.column, a.kind) <
                              std::tie(b.line, b.column, b.kind);
                     });
    return std::move(result_);
  }

 private:
  // -------------------------------------------------------------------------
  // Rule S: a separate first pass. Leftmost first; at one position the
  // longest secret.
  void secret_pass() {
    std::size_t i = 0;
    while (i < input_.size()) {
      std::optional<std::size_t> best;
      for (std::size_t s = 0; s < config_.secrets.size(); ++s) {
        const std::string& v = config_.secrets[s].value;
        if (v.empty() || !input_.substr(i).starts_with(v)) continue;
        if (!best || v.size() > config_.secrets[*best].value.size()) best = s;
      }
      if (!best) {
        push_staged(std::string_view(&input_[i], 1), i, i + 1);
        ++i;
        continue;
      }
      const auto& secret = config_.secrets[*best];
      const std::string label =
          secret.label.empty() ? "secret#" + std::to_string(*best + 1) : secret.label;
      report(finding_kind::secret, label, i, i + secret.value.size());
      push_staged(mask, i, i + secret.value.size());
      i += secret.value.size();
    }
  }

  void push_staged(std::string_view bytes, std::size_t orig_begin, std::size_t orig_end) {
    for (char c : bytes) {
      text_.bytes.push_back(c);
      text_.begin.push_back(orig_begin);
      text_.end.push_back(orig_end);
    }
  }

  void report(finding_kind kind, std::string label, std::size_t orig_begin, std::size_t orig_end) {
    oracle_finding f;
    f.kind = kind;
    f.label = std::move(label);
    // Lines: only LF starts one. Columns: bytes of the original input.
    const auto lf = std::lower_bound(line_feeds_.begin(), line_feeds_.end(), orig_begin);
    f.line = static_cast<std::uint64_t>(lf - line_feeds_.begin()) + 1;
    const std::size_t line_start = lf == line_feeds_.begin() ? 0 : *(lf - 1) + 1;
    f.column = orig_begin - line_start + 1;
    f.fingerprint = oracle_fingerprint(input_.substr(orig_begin, orig_end - orig_begin), config_);
    result_.findings.push_back(std::move(f));
  }

  // -------------------------------------------------------------------------
  // SPEC "Precedence": left to right, the finding that starts first wins,
  // scanning resumes after its end; at one position H, then B, then T.
  void scan() {
    const std::string_view s = text_.bytes;
    std::string& out = result_.output;
    std::size_t copied = 0;
    std::size_t p = 0;
    while (p < s.size()) {
      std::optional<match> m = try_field(p);
      if (!m) m = try_bare(p);
      if (!m) m = try_token(p);
      if (!m) {
        ++p;
        continue;
      }
      out.append(s.substr(copied, m->cred_begin + m->kept - copied));
      out.append(mask);
      report(m->kind, m->label, text_.begin[m->cred_begin], text_.end[m->cred_end - 1]);
      copied = p = m->cred_end;
    }
    out.append(s.substr(copied));
  }

  /// Shared by H and B: nothing is masked for an allowlisted credential.
  bool allowlisted(std::string_view cred) const {
    return std::find(config_.allowlist.begin(), config_.allowlist.end(), cred) !=
           config_.allowlist.end();
  }

  /// Interpretation 8: the shortest configured prefix `cred` starts with.
  std::size_t kept_prefix(std::string_view cred) const {
    for (const auto& prefix : prefixes_) {
      if (cred.starts_with(prefix)) return prefix.size();
    }
    return 0;
  }

  // -------------------------------------------------------------------------
  // Rule T: prefix + maximal body run of at least min_body characters.
  std::optional<match> try_token(std::size_t p) const {
    const std::string_view s = text_.bytes;
    for (const auto& prefix : prefixes_) {
      if (!s.substr(p).starts_with(prefix)) continue;
      const auto body = match_at<1>(t_body_re(), s, p + prefix.size())[0];
      if (body.second - body.first < config_.min_body) continue;
      if (allowlisted(s.substr(p, body.second - p))) continue;
      return match{finding_kind::token, prefix, p, body.second, prefix.size()};
    }
    return std::nullopt;
  }

  // -------------------------------------------------------------------------
  // Rule B: bare `Bearer`/`Basic`, not preceded by an ASCII letter.
  std::optional<match> try_bare(std::size_t p) const {
    const std::string_view s = text_.bytes;
    const bool bearer = iequals_at(s, p, "bearer");
    const bool basic = iequals_at(s, p, "basic");
    if (!bearer && !basic) return std::nullopt;
    if (p > 0 && is_ascii_letter(s[p - 1])) return std::nullopt;
    const std::size_t word = bearer ? 6 : 5;
    const std::size_t blanks = run_of(s, p + word, is_blank);
    if (blanks == 0) return std::nullopt;
    const std::size_t cred = p + word + blanks;
    const auto groups = match_at<3>(bearer ? bearer_re() : basic_re(), s, cred);
    const std::string_view run = s.substr(groups[1].first, groups[1].second - groups[1].first);
    const std::size_t n = count_chars(run);
    if (bearer && n < 16) return std::nullopt;
    if (basic) {
      if (n < 8) return std::nullopt;
      if (n <= basic_decode_limit && !looks_like_user_password(run)) return std::nullopt;
    }
    const std::size_t cred_end = groups[2].second;  // padding included
    const std::string_view credential = s.substr(cred, cred_end - cred);
    if (allowlisted(credential)) return std::nullopt;
    return match{bearer ? finding_kind::bearer : finding_kind::basic,
                 std::string(s.substr(p, word)), cred, cred_end, kept_prefix(credential)};
  }

  // -------------------------------------------------------------------------
  // Rule H: name, key close, blanks, separator, blanks, opener, value.
  enum class mode { quoted, line, word };

  struct field_shape {
    bool is_field = false;
    std::optional<match> found;  // empty when the field masks nothing
  };

  std::optional<match> try_field(std::size_t p) const {
    for (const auto& name : names_) {
      if (!iequals_at(text_.bytes, p, name)) continue;
      // Interpretation 5: the first name that yields a field wins.
      field_shape f = parse_field(p, name.size());
      if (f.is_field) return f.found;
    }
    return std::nullopt;
  }

  /// Interpretation 6: looking back from the name, `[A-Za-z0-9_.-]*`, the
  /// key's opening quote, optional `b`/`u`, up to 8 blanks, `(` or `[`.
  bool tuple_form_before(std::size_t p) const {
    const std::string_view s = text_.bytes;
    std::size_t t = p;
    while (t > 0 && is_tuple_name_char(s[t - 1])) --t;
    if (p - t > max_run) return false;  // docs/rules.md interpretation 7: at most 64
    if (t == 0 || !is_quote(s[t - 1])) return false;
    --t;
    if (t > 0 && (s[t - 1] == 'b' || s[t - 1] == 'u')) --t;
    std::size_t blanks = 0;  // docs/rules.md: up to 8 spaces/tabs
    while (t > 0 && is_blank(s[t - 1])) --t, ++blanks;
    return blanks <= 8 && t > 0 && (s[t - 1] == '(' || s[t - 1] == '[');
  }

  field_shape parse_field(std::size_t p, std::size_t name_len) const {
    const std::string_view s = text_.bytes;
    std::size_t q = p + name_len;

    // 1. Key close: any number of `\` then a quote (at most 64 backslashes).
    bool key_quoted = false;
    const std::size_t key_bs = run_of(s, q, is_backslash);
    if (q + key_bs < s.size() && is_quote(s[q + key_bs])) {
      if (key_bs > max_run) return {};
      key_quoted = true;
      q += key_bs + 1;
    } else if (key_bs > 0) {
      return {};  // a backslash is neither a blank nor a separator
    }

    // 2. Spaces/tabs (at most 64).
    const std::size_t pre = run_of(s, q, is_blank);
    if (pre > max_run) return {};
    q += pre;

    // 3. Separator.
    std::string_view sep;
    for (std::string_view cand : {":=", ":", "=>", "=", ","}) {
      if (s.substr(q).starts_with(cand)) {
        sep = cand;
        break;
      }
    }
    if (sep.empty()) return {};
    q += sep.size();

    // 4. Spaces/tabs (unbounded).
    q += run_of(s, q, is_blank);

    // 5. Value opener: `[`, spaces, `b`/`u`/`r` before a quote, backslashes, quote.
    std::size_t v = q;
    bool bracket = false;
    char quote = 0;
    std::size_t k = 0;
    {
      std::size_t o = q;
      bool ok = true;
      bool has_bracket = false;
      if (at(s, o, '[')) {
        has_bracket = true;
        ++o;
        // "optional spaces": read as spaces/tabs, like the other blank runs
        // (see docs/rules.md).
        const std::size_t sp = run_of(s, o, is_blank);
        if (sp > max_run) ok = false;
        o += sp;
      }
      const std::size_t after_bracket = o;
      if (ok) {
        // The string prefix letter is read as attached to the (possibly
        // escaped) quote that follows: `b'`, `u\\"` (see docs/rules.md).
        if (o < s.size() && (s[o] == 'b' || s[o] == 'u' || s[o] == 'r')) {
          const std::size_t after = o + 1 + run_of(s, o + 1, is_backslash);
          if (after < s.size() && is_quote(s[after])) ++o;
        }
        const std::size_t bs = run_of(s, o, is_backslash);
        if (o + bs < s.size() && is_quote(s[o + bs])) {
          if (bs > max_run) {
            // docs/rules.md interpretation 1: no quote part; a `[` before the
            // backslashes still counts and they start the credential.
            o = after_bracket;
          } else {
            quote = s[o + bs];
            k = bs;
            o += bs + 1;
          }
        }
      }
      if (ok) {
        bracket = has_bracket;
        v = o;
      } else {
        quote = 0;
        k = 0;
      }
    }

    // The comma only in tuple or array form.
    if (sep == "," && !(key_quoted && quote != 0 && tuple_form_before(p))) return {};

    // Value modes.
    const mode m = quote != 0                    ? mode::quoted
                   : (!key_quoted && sep == ":") ? mode::line
                                                 : mode::word;

    field_shape f;
    f.is_field = true;

    // A WORD value opening a nested structure: nothing here.
    if (m == mode::word && v < s.size() && (s[v] == '{' || s[v] == '(' || s[v] == '<')) return f;

    // 6. Value = optional scheme + spaces + credential.
    std::size_t cred = v;
    std::size_t cred_end = credential_end(v, m, bracket, quote, k);
    for (std::string_view scheme : schemes) {
      if (!iequals_at(s, v, scheme)) continue;
      const std::size_t blanks = run_of(s, v + scheme.size(), is_blank);
      if (blanks == 0) continue;
      const std::size_t c = v + scheme.size() + blanks;
      const std::size_t e = credential_end(c, m, bracket, quote, k);
      if (e > c) {
        cred = c, cred_end = e;  // the scheme is kept
      } else if (blanks > max_run) {
        return f;  // interpretation 2: scheme kept, nothing to mask
      }
      // else: "a known scheme followed by spaces and then a terminator is not
      // a scheme: the word itself is the credential".
      break;
    }

    const std::string_view credential = s.substr(cred, cred_end - cred);
    if (credential.empty()) return f;
    if (credential == mask) return f;
    // docs/rules.md interpretation 14: the prefix before the mask is the one
    // that would be kept (the shortest the credential starts with).
    if (const std::size_t kept = kept_prefix(credential);
        kept > 0 && credential.substr(kept) == mask) {
      return f;
    }
    if (m != mode::quoted &&
        std::find(null_words.begin(), null_words.end(), credential) != null_words.end()) {
      return f;
    }
    if (allowlisted(credential)) return f;

    f.found = match{finding_kind::field, std::string(s.substr(p, name_len)), cred, cred_end,
                    kept_prefix(credential)};
    return f;
  }

  /// Where the credential starting at `c` ends (the terminator is excluded).
  std::size_t credential_end(std::size_t c, mode m, bool bracket, char quote, std::size_t k) const {
    const std::string_view s = text_.bytes;
    if (m == mode::quoted) {
      for (std::size_t j = c; j < s.size(); ++j) {
        if (is_eol(s[j])) return j;
        if (s[j] != quote) continue;
        const std::size_t r = backslashes_before(s, j);
        if (r < k || (r - k) % (2 * k + 2) == 0) {
          return j - std::min(r, k);  // interpretation 10
        }
      }
      return s.size();
    }
    std::size_t j = c;
    while (j < s.size()) {
      if (is_eol(s[j])) break;
      if (j > c && s[j - 1] == '=') {
        if (const auto close = quoted_parameter_close(j)) {
          j = *close + 1;
          continue;
        }
      }
      if (s[j] == '\\' && at(s, j + 1, '/')) {  // escaped slash
        j += 2;
        continue;
      }
      if (is_terminator(s[j], m, bracket)) break;
      ++j;
    }
    return j;
  }

  static bool is_terminator(char c, mode m, bool bracket) {
    if (m == mode::line) {
      if (bracket) return c == ']';
      return c == '"' || c == '\'' || c == '\\' || c == '[';
    }
    switch (c) {
      case ' ':
      case '\t':
      case '"':
      case '\'':
      case '\\':
      case '&':
      case ',':
      case ';':
      case ')':
      case ']':
      case '}':
        return true;
      default:
        return false;
    }
  }

  /// SPEC "Quoted parameters" with interpretation 9: at `j` (right after
  /// `=`), optional backslashes and a quote; the first later same quote with
  /// exactly as many backslashes, within 512 bytes, no CR/LF before it, and
  /// an allowed follower. Returns the closing quote's offset.
  std::optional<std::size_t> quoted_parameter_close(std::size_t j) const {
    const std::string_view s = text_.bytes;
    const std::size_t m = run_of(s, j, is_backslash);
    if (m > max_run) return std::nullopt;  // docs/rules.md interpretation 9
    const std::size_t open = j + m;
    if (open >= s.size() || !is_quote(s[open])) return std::nullopt;
    for (std::size_t t = open + 1; t < s.size() && t - open <= param_window; ++t) {
      if (is_eol(s[t])) return std::nullopt;
      if (s[t] != s[open] || backslashes_before(s, t) != m) continue;
      if (t + 1 == s.size()) return t;
      switch (s[t + 1]) {
        case ',':
        case ';':
        case ' ':
        case '\t':
        case '\r':
        case '\n':
        case '\\':
        case '"':
        case '\'':
          return t;
        default:
          return std::nullopt;  // an ordinary terminator; no further search
      }
    }
    return std::nullopt;
  }

  std::string_view input_;
  const oracle_config& config_;
  std::vector<std::string> names_;
  std::vector<std::string> prefixes_;
  std::vector<std::size_t> line_feeds_;
  staged_text text_;
  oracle_result result_;
};

bool printable_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x21 && c <= 0x7e; });
}

}  // namespace

oracle_result oracle_run(std::string_view input, const oracle_config& config) {
  return oracle(input, config).run();
}

std::string oracle_redact(std::string_view input, const oracle_config& config) {
  return oracle_run(input, config).output;
}

std::string oracle_validate(const oracle_config& config) {
  // Interpretation 11 (docs/rules.md "Configuration limits").
  constexpr std::size_t max_name = 256;
  for (const auto& rule : config.prefixes) {
    const std::string& p = rule.prefix;
    if (p.empty() || p.size() > max_name) return "prefix length";
    if (!printable_ascii(p) || p.find_first_of("\"'\\*") != std::string::npos) {
      return "malformed prefix";
    }
  }
  for (const auto& f : config.fields) {
    if (f.empty() || f.size() > max_name) return "field name length";
    if (!printable_ascii(f) || f.find_first_of("\"'\\:=,") != std::string::npos) {
      return "malformed field name";
    }
  }
  if (config.min_body < 1 || config.min_body > 256) return "min_body out of 1-256";
  for (const auto& a : config.allowlist) {
    if (a.size() > max_name) return "allowlist entry too long";
    if (a.empty()) return "empty allowlist entry";  // core refuses; not in rules.md 11
  }
  for (const auto& s : config.secrets) {
    if (s.value.size() < 6 || s.value.size() > 4096) return "exact secret length";
    if (s.value.find_first_of("\r\n") != std::string::npos) return "exact secret with CR/LF";
  }
  if (config.regex_line_window < 64) return "regex window below 64";
  for (const auto& r : config.regexes) {  // SPEC Rule R: RE2 must compile it
    RE2 compiled(r.pattern, RE2::Quiet);  // RE2's defaults (UTF-8)
    if (!compiled.ok()) return "bad regex";
  }
  return {};
}

std::string oracle_fingerprint(std::string_view bytes, const oracle_config& config) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  if (config.fingerprint_key) {
    const std::string& key = *config.fingerprint_key;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), md.data(), &len);
  } else {
    EVP_Digest(bytes.data(), bytes.size(), md.data(), &len, EVP_sha256(), nullptr);
  }
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < 4; ++i) {
    out.push_back(hex[md[i] >> 4]);
    out.push_back(hex[md[i] & 0xf]);
  }
  return out;
}

std::string describe(const oracle_finding& f) {
  static constexpr std::array<const char*, 6> kinds = {"token", "field",  "bearer",
                                                       "basic", "secret", "regex"};
  return std::string(kinds[static_cast<std::size_t>(f.kind)]) + " label=" + f.label +
         " line=" + std::to_string(f.line) + " col=" + std::to_string(f.column) +
         " fp=" + f.fingerprint;
}

}  // namespace redact::oracle
