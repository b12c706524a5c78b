// oracle.cpp — the reference redactor for contract version 2. Read SPEC.md
// beside it: each function below is one paragraph of the contract, in the
// contract's order. Nothing here is clever on purpose; where the text leaves
// a choice open, the comment names the interpretation (numbered as in
// docs/rules.md) that decides it.
//
// The pipeline, as SPEC states it:
//   input ──remove escape sequences──▶ plain text P (with a map back to the input)
//         ──Rule S pass──▶ Q (exact secrets and their forms replaced by `***`)
//         ──left-to-right scan, H P K U B J T E──▶ masked spans
//         ──render──▶ output (escape sequences restored: in place, or right
//                     after the `***` of the span they lie in)
// During the scan, conditions on bytes before a finding's start are judged on
// the output produced so far (`out_`, plain text with masks applied);
// conditions from its start onwards on Q.
#include "oracle.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <limits>
#include <map>
#include <optional>
#include <tuple>
#include <utility>

#include "codec.hpp"
#include "plain_text.hpp"
#include "spec_words.hpp"

namespace redact::oracle {
namespace {

// ---------------------------------------------------------------------------
// Bounds SPEC names ("Bounds that keep look-ahead finite" and the rules).

constexpr std::size_t max_run = 64;               // Rule H runs before the value, after a scheme
constexpr std::size_t param_window = 512;         // quoted parameters
constexpr std::size_t basic_decode_limit = 1024;  // Rule B Basic runs
constexpr std::size_t encoded_touch_body = 256;   // Rule E, touching a mask
constexpr std::size_t url_scheme_max = 64;        // Rule U, scheme characters looked back at
constexpr std::size_t url_label_max = 32;         // Rule U, label length
constexpr std::size_t url_window = 4096;          // Rule U password
constexpr std::size_t jwt_window = 8192;          // Rule J second dot
constexpr std::size_t jwt_max_dots = 64;          // Rule J dot runs
constexpr std::size_t jwt_header_probe = 64;      // Rule J header characters decoded
constexpr std::size_t name_window = 128;          // Rule P name member strings
constexpr std::size_t otel_gap = 64;              // Rule P `{` to `stringValue`
constexpr std::size_t key_line_probe = 80;        // Rule K continuation lines
constexpr std::size_t pem_label_max = 40;         // Rule K marker labels
constexpr std::size_t pair_max_breaks = 2;        // Rule P gap
constexpr std::size_t no_max = std::numeric_limits<std::size_t>::max();
constexpr std::string_view mask = "***";

// ---------------------------------------------------------------------------
// Byte classes and small helpers

bool is_eol(char c) { return c == '\r' || c == '\n'; }
bool is_blank(char c) { return c == ' ' || c == '\t'; }  // SPEC "spaces/tabs"
bool is_quote(char c) { return c == '"' || c == '\''; }
bool is_letter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool in_set(char c, std::string_view set) { return set.find(c) != std::string_view::npos; }

/// Rule B: the token68 alphabet.
bool is_token68(char c) { return is_letter(c) || is_digit(c) || in_set(c, "._~+/-"); }

/// Rule P: bytes that may not precede a member key.
bool is_member_char(char c) {
  return is_letter(c) || is_digit(c) || c == '_' || c == '.' || c == '-';
}

bool iequals_at(std::string_view s, std::size_t pos, std::string_view word) {
  if (pos > s.size() || s.size() - pos < word.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (lower(s[pos + i]) != lower(word[i])) return false;
  }
  return true;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && iequals_at(a, 0, b);
}

bool starts_at(std::string_view s, std::size_t pos, std::string_view word) {
  return pos <= s.size() && s.size() - pos >= word.size() && s.compare(pos, word.size(), word) == 0;
}

template <typename Pred>
std::size_t run_of(std::string_view s, std::size_t pos, Pred pred) {
  std::size_t n = 0;
  while (pos + n < s.size() && pred(s[pos + n])) ++n;
  return n;
}
std::size_t blanks_at(std::string_view s, std::size_t pos) { return run_of(s, pos, is_blank); }
std::size_t backslashes_at(std::string_view s, std::size_t pos) {
  return run_of(s, pos, [](char c) { return c == '\\'; });
}

/// Backslashes directly before `pos` (the maximal run).
std::size_t backslashes_before(std::string_view s, std::size_t pos) {
  std::size_t n = 0;
  while (n < pos && s[pos - 1 - n] == '\\') ++n;
  return n;
}

/// The end of the line `pos` is on (the first CR or LF at or after it).
std::size_t eol_from(std::string_view s, std::size_t pos) {
  while (pos < s.size() && !is_eol(s[pos])) ++pos;
  return pos;
}

/// SPEC "Already redacted": three or more `*` only.
bool only_stars(std::string_view s) {
  return s.size() >= 3 && std::all_of(s.begin(), s.end(), [](char c) { return c == '*'; });
}

/// Line breaks in `s`, a CRLF counted once.
std::size_t count_breaks(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n' || s[i] == '\r') {
      ++n;
      if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
    }
  }
  return n;
}

bool printable_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x21 && c <= 0x7e; });
}

// ---------------------------------------------------------------------------
// Rule B Basic: "decodes to valid UTF-8 without control characters and
// containing `:`" (interpretation B1 for the control characters).

bool decodes_to_user_password(const std::vector<int>& digits) {
  const auto cps = utf8_decode(base64_decode_lenient(digits));
  if (!cps) return false;
  bool colon = false;
  for (char32_t cp : *cps) {
    if (cp <= 0x1F || (cp >= 0x7F && cp <= 0x9F)) return false;
    if (cp == U':') colon = true;
  }
  return colon;
}

// ---------------------------------------------------------------------------
// Rule K markers

struct pem_marker {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string label;
};

/// `-----BEGIN ` or `-----END ` (per `word`) + a label of at most 40 bytes of
/// `A-Z 0-9` and spaces ending in `PRIVATE KEY` or `PRIVATE KEY BLOCK` + `-----`.
std::optional<pem_marker> marker_at(std::string_view s, std::size_t pos, std::string_view word) {
  const std::string head = "-----" + std::string(word) + " ";
  if (!starts_at(s, pos, head)) return std::nullopt;
  const std::size_t label_at = pos + head.size();
  const std::size_t len =
      run_of(s, label_at, [](char c) { return (c >= 'A' && c <= 'Z') || is_digit(c) || c == ' '; });
  const std::string_view label = s.substr(label_at, len);
  if (len > pem_label_max) return std::nullopt;
  if (!label.ends_with("PRIVATE KEY") && !label.ends_with("PRIVATE KEY BLOCK")) return std::nullopt;
  if (!starts_at(s, label_at + len, "-----")) return std::nullopt;
  return pem_marker{pos, label_at + len + 5, std::string(label)};
}

// ---------------------------------------------------------------------------
// Configuration, compiled plainly

struct t_rule {
  std::string prefix;
  std::string_view alphabet;
  std::size_t min = 0;
  std::size_t max = no_max;
};

/// One Rule S pattern: an exact secret or one of its forms.
struct exact_pattern {
  std::string bytes;
  std::string label;
  std::string fingerprint_of;  // the secret (its line) whose fingerprint is reported
};

/// A Rule T key found at some position of some text.
struct key_match {
  std::size_t prefix_len = 0;
  std::size_t len = 0;   // prefix + body
  bool bounded = false;  // the rule has a maximum body length
};

// ---------------------------------------------------------------------------
// What a rule decides at a scan position.

struct decision {
  enum class act { none, skip, redact };
  act what = act::none;
  std::size_t end = 0;                                     // scanning resumes here (Q offset)
  std::vector<std::pair<std::size_t, std::size_t>> masks;  // Q ranges becoming `***`
  finding_kind kind = finding_kind::token;
  std::string label;
  std::size_t secret_begin = 0;  // Q range whose plain bytes are hashed
  std::size_t secret_end = 0;
  std::optional<std::string> fingerprint_bytes;  // Rule E: the decoded key
  std::optional<std::size_t> block;              // Rule K: the block the span belongs to
};

decision skip_to(std::size_t end) {
  decision d;
  d.what = decision::act::skip;
  d.end = end;
  return d;
}

// Rule H value modes.
enum class mode { quoted, line, word };

struct key_tail {
  bool quoted = false;    // step 1 found a key close
  std::string_view sep;   // step 3
  std::size_t after = 0;  // after step 4
};

struct opener {
  bool fail_closed = false;  // more than 64 spaces after `[` or backslashes in the opener
  std::size_t fail_from = 0;
  bool bracket = false;
  char quote = 0;
  std::size_t k = 0;  // backslashes before the opener's quote
  std::size_t value = 0;
};

struct name_member {
  std::string_view text;  // the string or word, in the output so far
  std::size_t end = 0;    // after its closing quote or last byte
};

// ---------------------------------------------------------------------------

class engine {
 public:
  engine(std::string_view input, const oracle_config& config) : input_(input), config_(config) {
    build_names();
    build_prefixes();
    build_secrets();
  }

  oracle_result run() {
    for (std::size_t i = 0; i < input_.size(); ++i) {
      if (input_[i] == '\n') line_feeds_.push_back(i);
    }
    plain_ = remove_escapes(input_);
    secret_pass();
    find_markers();
    scan();
    finish_blocks();
    oracle_result r;
    r.output = render();
    r.findings = std::move(findings_);
    std::stable_sort(
        r.findings.begin(), r.findings.end(), [](const oracle_finding& a, const oracle_finding& b) {
          return std::tie(a.line, a.column, a.kind) < std::tie(b.line, b.column, b.kind);
        });
    return r;
  }

 private:
  // -------------------------------------------------------------------------
  // Configuration

  void build_names() {
    names_.emplace_back(spec::minimal_name);
    if (config_.preset != field_preset::minimal)
      names_.insert(names_.end(), spec::credential_only_names.begin(),
                    spec::credential_only_names.end());
    if (config_.preset == field_preset::extended)
      names_.insert(names_.end(), spec::broad_names.begin(), spec::broad_names.end());
    names_.insert(names_.end(), config_.fields.begin(), config_.fields.end());
    // Interpretation H5: the longest name is tried first.
    std::stable_sort(names_.begin(), names_.end(),
                     [](const auto& a, const auto& b) { return a.size() > b.size(); });
  }

  void build_prefixes() {
    // SPEC Rule T: `qbt_` is always a prefix rule (token, min_body, no
    // maximum) unless listed with other bounds; configured prefixes default
    // to the same alphabet and minimum; the key table is a default rule.
    bool qbt_listed = false;
    for (const auto& p : config_.prefixes) {
      t_rule r;
      r.prefix = p.prefix;
      r.alphabet = spec::alphabet_chars(p.alphabet);
      r.min = p.min_body.value_or(config_.min_body);
      r.max = p.max_body.value_or(no_max);
      rules_.push_back(std::move(r));
      if (p.prefix == "qbt_") qbt_listed = true;
    }
    if (!qbt_listed) {
      rules_.push_back(
          {"qbt_", spec::alphabet_chars(key_alphabet::token), config_.min_body, no_max});
    }
    if (config_.key_table) {
      for (const auto& row : spec::key_table) {
        rules_.push_back({std::string(row.prefix), spec::alphabet_chars(row.alphabet), row.min_body,
                          row.max_body == 0 ? no_max : row.max_body});
      }
    }
  }

  void build_secrets() {
    // SPEC Rule S: split at CR, LF, CRLF; lines of at least 6 bytes are
    // secrets; each also in its base64 (offsets 0, 1, 2, both alphabets),
    // percent and JSON forms of at least 6 bytes. Where two are the same
    // bytes, the first configured secret names the finding (interpretation S2
    // for the order within one secret).
    for (std::size_t i = 0; i < config_.secrets.size(); ++i) {
      const auto& secret = config_.secrets[i];
      const std::string label =
          secret.label.empty() ? "secret#" + std::to_string(i + 1) : secret.label;
      for (const std::string& line : split_lines(secret.value)) {
        if (line.size() < 6) continue;
        add_pattern(line, label, line);
        if (!config_.secret_forms) continue;
        for (unsigned offset = 0; offset < 3; ++offset) {
          const std::string standard = base64_form(line, offset, false);
          add_pattern(standard, label, line);
          const std::string url_safe = base64_form(line, offset, true);
          if (url_safe != standard) add_pattern(url_safe, label, line);
        }
        add_pattern(percent_form(line), label, line);
        add_pattern(json_form(line), label, line);
      }
    }
  }

  void add_pattern(const std::string& bytes, const std::string& label, const std::string& line) {
    if (bytes.size() < 6) return;
    for (const auto& p : patterns_) {
      if (p.bytes == bytes) return;  // the first one names it
    }
    patterns_.push_back({bytes, label, line});
  }

  bool allowlisted(std::string_view s) const {
    return std::find(config_.allowlist.begin(), config_.allowlist.end(), s) !=
           config_.allowlist.end();
  }

  // -------------------------------------------------------------------------
  // Rule S: a separate first pass over the plain text. Leftmost first; at
  // one position the longest.

  void secret_pass() {
    const std::string_view p = plain_.text;
    std::size_t i = 0;
    while (i < p.size()) {
      const exact_pattern* best = nullptr;
      for (const auto& pat : patterns_) {
        if (!starts_at(p, i, pat.bytes)) continue;
        if (best == nullptr || pat.bytes.size() > best->bytes.size()) best = &pat;
      }
      if (best == nullptr) {
        q_.push_back(p[i]);
        q_begin_.push_back(i);
        q_end_.push_back(i + 1);
        ++i;
        continue;
      }
      const std::size_t end = i + best->bytes.size();
      report(finding_kind::secret, best->label, i, best->fingerprint_of);
      spans_.emplace_back(i, end);
      for (char c : mask) {
        q_.push_back(c);
        q_begin_.push_back(i);
        q_end_.push_back(end);
      }
      i = end;
    }
  }

  /// Records a finding whose secret starts at plain offset `plain_begin`.
  void report(finding_kind kind, std::string label, std::size_t plain_begin,
              std::string_view fingerprint_bytes) {
    const std::size_t at = plain_.input_at[plain_begin];
    oracle_finding f;
    f.kind = kind;
    f.label = std::move(label);
    // Lines: only LF starts one. Columns: bytes of the input.
    const auto lf = std::lower_bound(line_feeds_.begin(), line_feeds_.end(), at);
    f.line = static_cast<std::uint64_t>(lf - line_feeds_.begin()) + 1;
    const std::size_t line_start = lf == line_feeds_.begin() ? 0 : *(lf - 1) + 1;
    f.column = at - line_start + 1;
    f.fingerprint = oracle_fingerprint(fingerprint_bytes, config_, kind);
    findings_.push_back(std::move(f));
  }

  /// The plain bytes a Q range stands for (Rule S masks stand for their secret).
  std::string_view plain_of(std::size_t q_begin, std::size_t q_end) const {
    const std::size_t b = q_begin_[q_begin];
    const std::size_t e = q_end_[q_end - 1];
    return std::string_view(plain_.text).substr(b, e - b);
  }

  // -------------------------------------------------------------------------
  // SPEC "Precedence": after the Rule S pass, scanning goes left to right;
  // the finding that starts first wins and scanning resumes after its end;
  // at one place H, P, K, U, B, J, T, E.

  void scan() {
    const std::string_view s = q_;
    std::size_t p = 0;
    std::size_t line_done = no_max;
    while (p < s.size()) {
      if (is_line_start(p) && line_done != p) {
        on_line_start(p);
        line_done = p;
      }
      decision d = try_rules(p);
      if (d.what == decision::act::none) {
        out_.push_back(s[p]);
        ++p;
        continue;
      }
      commit(p, d);
      if (d.what == decision::act::redact) last_redaction_ = {p, d.end};
      for (std::size_t ls = p + 1; ls < d.end; ++ls) {  // Rule P's OpenTelemetry form spans lines
        if (is_line_start(ls)) on_line_start(ls, false);
      }
      p = d.end;
    }
  }

  decision try_rules(std::size_t p) {
    decision d = rule_h(p);
    if (d.what == decision::act::none) d = rule_p(p);
    if (d.what == decision::act::none) d = rule_k(p);
    if (d.what == decision::act::none) d = rule_u(p);
    if (d.what == decision::act::none) d = rule_b(p);
    if (d.what == decision::act::none) d = rule_j(p);
    if (d.what == decision::act::none) d = rule_t(p);
    if (d.what == decision::act::none) d = rule_e(p);
    return d;
  }

  void commit(std::size_t p, const decision& d) {
    const std::string_view s = q_;
    std::size_t at = p;
    for (const auto& [b, e] : d.masks) {
      out_.append(s.substr(at, b - at));
      out_.append(mask);
      if (b < e) {
        spans_.emplace_back(q_begin_[b], q_end_[e - 1]);
      } else {  // a credential that is only a kept prefix: `qbt_` → `qbt_***`
        empty_spans_.push_back(q_end_[b - 1]);
      }
      at = e;
    }
    out_.append(s.substr(at, d.end - at));
    if (d.what != decision::act::redact) return;
    if (d.block) {
      blocks_[*d.block].spans.push_back(d.masks.front());
      return;
    }
    const std::string_view secret = plain_of(d.secret_begin, d.secret_end);
    report(d.kind, d.label, q_begin_[d.secret_begin],
           d.fingerprint_bytes ? std::string_view(*d.fingerprint_bytes) : secret);
  }

  /// A masked finding over Q's [secret_begin, secret_end) keeping `kept` bytes.
  static decision masked(finding_kind kind, std::string label, std::size_t secret_begin,
                         std::size_t secret_end, std::size_t kept, std::size_t end) {
    decision d;
    d.what = decision::act::redact;
    d.kind = kind;
    d.label = std::move(label);
    d.secret_begin = secret_begin;
    d.secret_end = secret_end;
    d.masks.emplace_back(secret_begin + kept, secret_end);
    d.end = end;
    return d;
  }

  // -------------------------------------------------------------------------
  // Rule T — prefixed API keys

  /// The key at `pos` of `s`: the shortest prefix that yields a key, and
  /// among rules with that prefix the longest key. With `touching`, a rule
  /// with a maximum whose body is directly followed by `***` yields none
  /// (SPEC "Touching a mask").
  std::optional<key_match> key_at(std::string_view s, std::size_t pos, bool touching) const {
    std::optional<key_match> best;
    if (pos >= s.size()) return best;
    for (const auto& r : rules_) {
      if (r.prefix[0] != s[pos] || !starts_at(s, pos, r.prefix)) continue;
      const std::size_t body_at = pos + r.prefix.size();
      const std::size_t body = run_of(s, body_at, [&r](char c) { return in_set(c, r.alphabet); });
      if (body < r.min || body > r.max) continue;
      if (touching && r.max != no_max && starts_at(s, body_at + body, mask)) continue;
      const key_match m{r.prefix.size(), r.prefix.size() + body, r.max != no_max};
      if (!best || m.prefix_len < best->prefix_len ||
          (m.prefix_len == best->prefix_len && m.len > best->len)) {
        best = m;
      }
    }
    return best;
  }

  decision rule_t(std::size_t p) const {
    const auto key = key_at(q_, p, true);
    if (!key) return {};
    if (allowlisted(std::string_view(q_).substr(p, key->len))) return skip_to(p + key->len);
    return masked(finding_kind::token, q_.substr(p, key->prefix_len), p, p + key->len,
                  key->prefix_len, p + key->len);
  }

  /// Interpretation H8: the shortest Rule T prefix a credential starts with
  /// is kept, whatever follows it.
  std::size_t kept_prefix(std::string_view cred) const {
    std::size_t best = 0;
    for (const auto& r : rules_) {
      if (cred.starts_with(r.prefix) && (best == 0 || r.prefix.size() < best)) {
        best = r.prefix.size();
      }
    }
    return best;
  }

  /// SPEC "Already redacted": `***`… or a Rule T prefix and `***`… only
  /// (interpretation H14: the prefix that would be kept).
  bool already_redacted(std::string_view cred) const {
    if (only_stars(cred)) return true;
    const std::size_t kept = kept_prefix(cred);
    return kept > 0 && only_stars(cred.substr(kept));
  }

  // -------------------------------------------------------------------------
  // Rule H — credential fields

  decision rule_h(std::size_t p) const {
    const std::string_view s = q_;
    for (const auto& name : names_) {
      if (!iequals_at(s, p, name)) continue;
      const auto tail = parse_key_tail(s, p + name.size(), true);
      if (!tail) continue;
      const opener op = parse_opener(tail->after);
      // The comma only in tuple or array form (interpretation H7; an opener
      // that fails closed counts as containing a quote, interpretation H15).
      if (tail->sep == "," &&
          !(tail->quoted && (op.quote != 0 || op.fail_closed) && tuple_form_before())) {
        continue;
      }
      // Interpretation H5: the first (longest) name that forms a field wins.
      decision d = read_value(op, tail->quoted, tail->sep, false);
      d.kind = finding_kind::field;
      d.label = std::string(s.substr(p, name.size()));
      return d;
    }
    return {};
  }

  /// Rule H steps 1–4 at `q` (right after a name or member key).
  static std::optional<key_tail> parse_key_tail(std::string_view s, std::size_t q,
                                                bool allow_comma) {
    key_tail t;
    // 1. Key close: any number of `\` then a quote (at most 64 backslashes).
    const std::size_t bs = backslashes_at(s, q);
    if (q + bs < s.size() && is_quote(s[q + bs])) {
      if (bs > max_run) return std::nullopt;
      t.quoted = true;
      q += bs + 1;
    } else if (bs > 0) {
      return std::nullopt;  // a backslash is neither a blank nor a separator
    }
    // 2. Spaces/tabs (at most 64).
    const std::size_t pre = blanks_at(s, q);
    if (pre > max_run) return std::nullopt;
    q += pre;
    // 3. Separator.
    for (std::string_view cand : {":=", ":", "=>", "=", ","}) {
      if (cand == "," && !allow_comma) continue;
      if (starts_at(s, q, cand)) {
        t.sep = cand;
        break;
      }
    }
    if (t.sep.empty()) return std::nullopt;
    q += t.sep.size();
    // 4. Spaces/tabs (unbounded).
    t.after = q + blanks_at(s, q);
    return t;
  }

  /// Rule H step 5 at `q`: `[`, spaces, `b`/`u`/`r` before a quote,
  /// backslashes, quote. More than 64 spaces after `[` or backslashes in the
  /// opener fail closed (SPEC "Bounds"; interpretation H1 for where).
  opener parse_opener(std::size_t q) const {
    const std::string_view s = q_;
    opener op;
    std::size_t o = q;
    if (o < s.size() && s[o] == '[') {
      op.bracket = true;
      ++o;
      const std::size_t sp = blanks_at(s, o);
      if (sp > max_run) {
        op.fail_closed = true;
        op.fail_from = q + 1;
        return op;
      }
      o += sp;
    }
    const std::size_t fail_from = op.bracket ? q + 1 : q;
    // Interpretation H11: the string prefix letter counts when a (possibly
    // escaped) quote follows it.
    if (o < s.size() && (s[o] == 'b' || s[o] == 'u' || s[o] == 'r')) {
      const std::size_t bs = backslashes_at(s, o + 1);
      if (bs > max_run) {
        op.fail_closed = true;
        op.fail_from = fail_from;
        return op;
      }
      if (o + 1 + bs < s.size() && is_quote(s[o + 1 + bs])) ++o;
    }
    const std::size_t bs = backslashes_at(s, o);
    if (bs > max_run) {
      op.fail_closed = true;
      op.fail_from = fail_from;
      return op;
    }
    if (o + bs < s.size() && is_quote(s[o + bs])) {
      op.quote = s[o + bs];
      op.k = bs;
      o += bs + 1;
    }
    op.value = o;
    return op;
  }

  /// Interpretation H7, judged on the output so far: looking back from the
  /// name, `[A-Za-z0-9_.-]*` (at most 64), the key's opening quote, optional
  /// `b`/`u`, up to 8 spaces/tabs, `(` or `[`.
  bool tuple_form_before() const {
    const std::string_view s = out_;
    std::size_t t = s.size();
    while (t > 0 && is_member_char(s[t - 1])) --t;
    if (s.size() - t > max_run) return false;
    if (t == 0 || !is_quote(s[t - 1])) return false;
    --t;
    if (t > 0 && (s[t - 1] == 'b' || s[t - 1] == 'u')) --t;
    std::size_t blanks = 0;
    while (t > 0 && is_blank(s[t - 1])) --t, ++blanks;
    return blanks <= 8 && t > 0 && (s[t - 1] == '(' || s[t - 1] == '[');
  }

  /// Rule H step 6 and the value modes, shared by Rule P. `brace_ends`: Rule
  /// P's OpenTelemetry form, where `}` also ends an unquoted credential.
  decision read_value(const opener& op, bool key_quoted, std::string_view sep,
                      bool brace_ends) const {
    const std::string_view s = q_;
    if (op.fail_closed) {
      // SPEC "Bounds": the credential runs to the end of the line.
      const std::size_t e = eol_from(s, op.fail_from);
      return finish_value(op.fail_from, e, mode::quoted, e);
    }
    const mode m = op.quote != 0                 ? mode::quoted
                   : (!key_quoted && sep == ":") ? mode::line
                                                 : mode::word;
    const std::size_t v = op.value;
    // A WORD value opening a nested structure: nothing here.
    if (m == mode::word && v < s.size() && in_set(s[v], "{(<")) return {};
    auto end_of = [&](std::size_t c) { return credential_end(c, m, op, brace_ends); };

    // SPEC v2: spaces and tabs at the start of a QUOTED value are kept, and
    // the value then has no scheme.
    if (m == mode::quoted && blanks_at(s, v) > 0) {
      const std::size_t c = v + blanks_at(s, v);
      const std::size_t e = end_of(c);
      return finish_value(c, e, m, e);
    }
    std::size_t cred = v;
    std::size_t cred_end = end_of(v);
    for (std::string_view scheme : spec::schemes) {
      if (!iequals_at(s, v, scheme)) continue;
      const std::size_t blanks = blanks_at(s, v + scheme.size());
      if (blanks == 0) continue;
      const std::size_t c = v + scheme.size() + blanks;
      const std::size_t e = end_of(c);
      if (e > c) {
        cred = c, cred_end = e;  // the scheme is kept
      } else if (blanks > max_run) {
        return {};  // SPEC "Bounds": scheme kept, nothing to mask
      }
      // else: a known scheme followed by spaces and then a terminator is not
      // a scheme: the word itself is the credential.
      break;
    }
    return finish_value(cred, cred_end, m, cred_end);
  }

  /// The exemptions shared by H, P and (in part) U, then the mask.
  decision finish_value(std::size_t cred, std::size_t cred_end, mode m, std::size_t end) const {
    const std::string_view credential = std::string_view(q_).substr(cred, cred_end - cred);
    if (credential.empty()) return {};
    if (already_redacted(credential)) return skip_to(end);
    if (m != mode::quoted && is_placeholder(credential)) return {};
    if (allowlisted(credential)) return skip_to(end);
    return masked(finding_kind::field, {}, cred, cred_end, kept_prefix(credential), end);
  }

  /// SPEC v2: an unquoted credential, with trailing `) ] } , ; .` removed,
  /// that is `-` or case-insensitively a placeholder word.
  static bool is_placeholder(std::string_view cred) {
    while (!cred.empty() && in_set(cred.back(), spec::placeholder_trailing)) cred.remove_suffix(1);
    return std::any_of(spec::placeholder_words.begin(), spec::placeholder_words.end(),
                       [cred](std::string_view w) { return iequals(cred, w); });
  }

  /// Where the credential starting at `c` ends (the terminator excluded).
  std::size_t credential_end(std::size_t c, mode m, const opener& op, bool brace_ends) const {
    const std::string_view s = q_;
    if (m == mode::quoted) {
      for (std::size_t j = c; j < s.size(); ++j) {
        if (is_eol(s[j])) return j;
        if (s[j] != op.quote) continue;
        const std::size_t r = backslashes_before(s, j);
        if (r < op.k || (r - op.k) % (2 * op.k + 2) == 0) {
          return j - std::min(r, op.k);  // interpretation H10
        }
      }
      return s.size();
    }
    std::size_t j = c;
    while (j < s.size()) {
      if (is_eol(s[j])) break;
      if (j > c && s[j - 1] == '=') {
        const auto param = quoted_parameter(j);
        if (param.fail_closed) return eol_from(s, j);
        if (param.close) {
          j = *param.close + 1;
          continue;
        }
      }
      if (s[j] == '\\' && j + 1 < s.size() && s[j + 1] == '/') {  // escaped slash
        j += 2;
        continue;
      }
      if (is_terminator(s[j], m, op.bracket, brace_ends)) break;
      ++j;
    }
    return j;
  }

  static bool is_terminator(char c, mode m, bool bracket, bool brace_ends) {
    if (brace_ends && c == '}') return true;
    if (m == mode::line) return bracket ? c == ']' : in_set(c, "\"'\\[");
    return in_set(c, " \t\"'\\&,;)]}");
  }

  struct parameter {
    std::optional<std::size_t> close;  // the closing quote
    bool fail_closed = false;          // 512 bytes without a closing quote
  };

  /// SPEC "Quoted parameters" at `j` (right after `=`): optional backslashes
  /// and a quote; the first later same quote with exactly as many backslashes
  /// (interpretation H9), within 512 bytes, on the same line, followed by an
  /// allowed byte. 512 bytes without such a quote or a line end fail closed.
  parameter quoted_parameter(std::size_t j) const {
    const std::string_view s = q_;
    const std::size_t m = backslashes_at(s, j);
    if (m > max_run) return {};  // interpretation H9
    const std::size_t open = j + m;
    if (open >= s.size() || !is_quote(s[open])) return {};
    std::size_t t = open + 1;
    for (; t < s.size() && t - open <= param_window; ++t) {
      if (is_eol(s[t])) return {};
      if (s[t] != s[open] || backslashes_before(s, t) != m) continue;
      if (t + 1 == s.size() || in_set(s[t + 1], ",; \t\r\n\\\"'")) return {t, false};
      return {};  // an ordinary terminator; no further search
    }
    if (t - open > param_window) return {std::nullopt, true};
    return {};  // the input ends first: an ordinary terminator
  }

  // -------------------------------------------------------------------------
  // Rule P — credentials in name/value pair layouts

  decision rule_p(std::size_t p) const {
    const std::string_view s = q_;
    if (!config_.pairs || !iequals_at(s, p, "value")) return {};
    if (!out_.empty() && is_member_char(out_.back())) return {};  // judged on the output
    const auto tail = parse_key_tail(s, p + 5, false);
    if (!tail) return {};
    const auto name = nearest_name_member();
    if (!name) return {};
    // At most two line breaks and no bracket between (judged on the output,
    // where masked spans are `***`).
    const std::string_view gap = std::string_view(out_).substr(name->end);
    if (count_breaks(gap) > pair_max_breaks) return {};
    if (gap.find_first_of("{}[]") != std::string_view::npos) return {};
    const auto label = credential_name(name->text);
    if (!label) return {};

    decision d;
    bool otel = false;
    if (tail->after < s.size() && s[tail->after] == '{') {
      // OpenTelemetry: `{`, up to 64 bytes of blanks and line breaks, an
      // optional opening quote, `stringValue`/`string_value`, steps 1–4.
      std::size_t i = tail->after + 1;
      const std::size_t ws = run_of(s, i, [](char c) { return is_blank(c) || is_eol(c); });
      if (ws <= otel_gap) {
        i += ws;
        const std::size_t bs = backslashes_at(s, i);
        if (bs <= max_run && i + bs < s.size() && is_quote(s[i + bs])) i += bs + 1;
        for (std::string_view key : {"stringValue", "string_value"}) {
          if (!iequals_at(s, i, key)) continue;
          const auto inner = parse_key_tail(s, i + key.size(), false);
          if (!inner) continue;
          d = read_value(parse_opener(inner->after), inner->quoted, inner->sep, true);
          otel = true;
          break;
        }
      }
    }
    if (!otel) d = read_value(parse_opener(tail->after), tail->quoted, tail->sep, false);
    d.kind = finding_kind::field;
    d.label = *label;
    return d;
  }

  /// The name member whose string ends last in the output so far. Only the
  /// last three lines can hold one that passes the gap test, so only they
  /// are searched (interpretation P3).
  std::optional<name_member> nearest_name_member() const {
    const std::string_view s = out_;
    std::size_t from = s.size();
    std::size_t breaks = 0;
    while (from > 0) {
      const char c = s[from - 1];
      if (is_eol(c)) {
        if (++breaks > pair_max_breaks) break;
        if (c == '\n' && from >= 2 && s[from - 2] == '\r') --from;
      }
      --from;
    }
    std::optional<name_member> best;
    for (std::size_t n = from; n < s.size(); ++n) {
      std::size_t len = 0;
      if (iequals_at(s, n, "name")) len = 4;
      if (iequals_at(s, n, "key")) len = 3;
      if (len == 0) continue;
      if (n > 0 && is_member_char(s[n - 1])) continue;
      const auto tail = parse_key_tail(s, n + len, false);
      if (!tail) continue;
      const auto m = member_string(s, tail->after);
      if (m && (!best || m->end >= best->end)) best = m;
    }
    return best;
  }

  /// A name member's value at `q` of `s`: a quoted string closing within 128
  /// bytes on its line, or an unquoted word of at most 128 bytes.
  static std::optional<name_member> member_string(std::string_view s, std::size_t q) {
    const std::size_t k = backslashes_at(s, q);
    if (q + k < s.size() && is_quote(s[q + k])) {
      const std::size_t open = q + k;
      for (std::size_t t = open + 1; t < s.size() && t - open <= name_window; ++t) {
        if (is_eol(s[t])) return std::nullopt;
        if (s[t] == s[open] && backslashes_before(s, t) == k) {
          return name_member{s.substr(open + 1, t - k - open - 1), t + 1};
        }
      }
      return std::nullopt;  // does not close in time
    }
    const std::size_t w =
        run_of(s, q, [](char c) { return !is_eol(c) && !in_set(c, " \t\"'\\&,;)]}"); });
    // An empty word is no name member (rules.md P2). `s` is the output up to
    // a `value` member key, which no WORD terminator precedes: a word
    // reaching the end of `s` goes on through that key, so its string does
    // not end before it (`name=value=…`, `name=ÿvalue=…`).
    if (w == 0 || q + w == s.size() || w > name_window) return std::nullopt;
    return name_member{s.substr(q, w), q + w};
  }

  /// The longest configured field name `text` ends with, as it appears.
  std::optional<std::string> credential_name(std::string_view text) const {
    for (const auto& name : names_) {  // longest first
      if (text.size() >= name.size() && iequals_at(text, text.size() - name.size(), name)) {
        return std::string(text.substr(text.size() - name.size()));
      }
    }
    return std::nullopt;
  }

  // -------------------------------------------------------------------------
  // Rule K — private-key blocks
  //
  // BEGIN markers are found in Q, wherever they lie (a marker inside another
  // finding still starts a block for the following lines). A block is
  // identified by its BEGIN marker; its finding collects the masked span of
  // the BEGIN line and of each key line.

  struct block {
    std::string label;
    std::vector<std::pair<std::size_t, std::size_t>> spans;  // Q ranges
  };

  void find_markers() {
    if (!config_.private_keys) return;
    for (std::size_t i = 0; i < q_.size(); ++i) {
      if (auto m = marker_at(q_, i, "BEGIN")) begin_markers_.emplace(m->end, std::move(*m));
    }
  }

  std::size_t block_of(const pem_marker& m) {
    const auto [it, inserted] = block_ids_.try_emplace(m.end, blocks_.size());
    if (inserted) blocks_.push_back({m.label, {}});
    return it->second;
  }

  bool is_line_start(std::size_t p) const {
    if (p == 0) return true;
    const char prev = q_[p - 1];
    if (prev == '\n') return true;
    return prev == '\r' && (p >= q_.size() || q_[p] != '\n');
  }

  /// Classifies the line starting at `ls` for the active block, after
  /// opening a block if the line that just ended has an opening marker.
  /// `own`: the line starts outside other findings (false for a line inside
  /// one, which owns it: Rule H cannot start there).
  void on_line_start(std::size_t ls, bool own = true) {
    key_line_at_ = no_max;
    if (!config_.private_keys) return;
    if (ls > 0) {
      std::size_t brk = ls - 1;
      if (q_[brk] == '\n' && brk > 0 && q_[brk - 1] == '\r') --brk;
      std::size_t a = brk;
      while (a > 0 && !is_eol(q_[a - 1])) --a;
      if (const pem_marker* m = opening_marker(a, brk)) active_block_ = block_of(*m);
    }
    if (!active_block_) return;
    const std::string_view s = std::string_view(q_).substr(ls, eol_from(q_, ls) - ls);
    const std::size_t c = blanks_at(s, 0);
    const std::size_t e = s.size();
    if (marker_at(s, c, "END")) {  // ends the block; the marker is kept
      active_block_.reset();
      return;
    }
    if (c == e) return;  // an empty line: kept
    // SPEC precedence: Rule H starts at the line's first byte before Rule K;
    // the line is Rule H's and kept, and the block goes on (K7).
    if (own && rule_h(ls + c).what != decision::act::none) return;
    const std::string_view rest = s.substr(c);
    if (only_stars(rest)) {  // already redacted: kept; over 64 `*` it ends the block (K6)
      if (rest.size() > 64) active_block_.reset();
      return;
    }
    const std::string_view probe = rest.substr(0, std::min(rest.size(), key_line_probe));
    if (std::all_of(probe.begin(), probe.end(),
                    [](char ch) { return in_set(ch, spec::key_line_chars); })) {
      // A run of three `*` that no exact secret left: a part redacted before,
      // so the line was no key line (K9): it ends the block, kept.
      std::size_t run = 0;
      for (std::size_t k = 0; k < probe.size(); ++k) {
        const std::size_t q = ls + c + k;
        const bool secret_mask = q_end_[q] - q_begin_[q] > 1;
        run = (probe[k] == '*' && !secret_mask) ? run + 1 : 0;
        if (run >= 3) {
          active_block_.reset();
          return;
        }
      }
      key_line_at_ = ls + c;  // a key line: masked by rule_k at its first byte
      return;
    }
    // A PEM header line: a word of `A-Z a-z -` and `:` within 80 bytes.
    const std::size_t word = run_of(s, c, [](char ch) { return is_letter(ch) || ch == '-'; });
    if (word > 0 && c + word < e && s[c + word] == ':' && word < key_line_probe) return;
    active_block_.reset();  // any other line ends the block, unmasked
  }

  /// The first BEGIN marker on line [a, b) after which no END marker
  /// follows on that line (interpretation K2).
  const pem_marker* opening_marker(std::size_t a, std::size_t b) const {
    for (auto it = begin_markers_.lower_bound(a); it != begin_markers_.end() && it->first <= b;
         ++it) {
      const pem_marker& m = it->second;
      if (m.begin < a) continue;
      bool end_follows = false;
      for (std::size_t j = m.end; j < b && !end_follows; ++j)
        end_follows = marker_at(q_, j, "END").has_value();
      if (!end_follows) return &m;
    }
    return nullptr;
  }

  decision rule_k(std::size_t p) {
    if (!config_.private_keys) return {};
    const std::string_view s = q_;
    if (active_block_ && p == key_line_at_) {
      const std::size_t e = eol_from(s, p);
      if (only_stars(s.substr(p, e - p))) return skip_to(e);  // already redacted: kept
      decision d;
      d.what = decision::act::redact;
      d.kind = finding_kind::private_key;
      d.masks.emplace_back(p, e);
      d.end = e;
      d.block = *active_block_;
      return d;
    }
    const auto it = begin_markers_.find(p);
    if (it == begin_markers_.end()) return {};
    // A marker that starts inside another finding: the rest of its own line
    // belongs to that finding (SPEC), the block starts at the next line
    // (docs/rules.md K3).
    if (it->second.begin >= last_redaction_.first && it->second.begin < last_redaction_.second)
      return {};
    // The BEGIN line: up to an END marker on the same line, or the line end.
    const std::size_t e = eol_from(s, p);
    std::size_t stop = e;
    for (std::size_t j = p; j < e; ++j) {
      if (marker_at(s, j, "END")) {
        stop = j;
        break;
      }
    }
    if (stop == p) return {};
    if (only_stars(s.substr(p, stop - p))) return skip_to(stop);
    decision d;
    d.what = decision::act::redact;
    d.kind = finding_kind::private_key;
    d.masks.emplace_back(p, stop);
    d.end = stop;
    d.block = block_of(it->second);
    return d;
  }

  /// One finding per block with masked spans: label the BEGIN label, at the
  /// first masked byte, fingerprint over every masked byte in order
  /// (interpretation K1).
  void finish_blocks() {
    for (const auto& b : blocks_) {
      if (b.spans.empty()) continue;
      std::string bytes;
      for (const auto& [qb, qe] : b.spans) bytes += plain_of(qb, qe);
      report(finding_kind::private_key, b.label, q_begin_[b.spans.front().first], bytes);
    }
  }

  // -------------------------------------------------------------------------
  // Rule U — passwords in URLs

  decision rule_u(std::size_t p) const {
    if (!config_.url) return {};
    // Looking back on the output: `scheme://user:` with p right after the
    // authority's first `:`.
    const std::string_view o = out_;
    if (o.empty() || o.back() != ':') return {};
    std::size_t u = o.size() - 1;
    while (u > 0 && !in_set(o[u - 1], spec::authority_terminators) && o[u - 1] != ':') --u;
    std::size_t colon = 0;
    if (u >= 3 && o.substr(u - 3, 3) == "://") {
      colon = u - 3;
    } else if (u >= 5 && o.substr(u - 5, 5) == ":\\/\\/") {
      colon = u - 5;
    } else {
      return {};
    }
    // Interpretation U1: at most 64 scheme characters back, from the first
    // letter among them; the label is the first 32 characters.
    std::size_t first = colon;
    while (first > 0 && colon - first < url_scheme_max &&
           (is_letter(o[first - 1]) || is_digit(o[first - 1]) || in_set(o[first - 1], "+-."))) {
      --first;
    }
    while (first < colon && !is_letter(o[first])) ++first;
    if (first == colon) return {};
    const std::string label(o.substr(first, std::min(colon - first, url_label_max)));

    // Looking ahead on Q: the authority, its last `@`, the 4,096-byte bound.
    const std::string_view s = q_;
    std::size_t a = p;
    while (a < s.size() && !in_set(s[a], spec::authority_terminators)) ++a;
    std::size_t end = 0;
    if (a - p > url_window) {
      end = p + url_window;  // failing closed
    } else {
      const std::size_t at = s.substr(p, a - p).rfind('@');
      if (at == std::string_view::npos) return {};
      end = p + at;
    }
    const std::string_view password = s.substr(p, end - p);
    if (password.empty()) return {};
    const std::size_t kept = kept_prefix(password);
    if (password.starts_with(mask) || (kept > 0 && password.substr(kept).starts_with(mask))) {
      return {};  // redacted before; the other rules still apply inside
    }
    if (allowlisted(password)) return skip_to(end);
    return masked(finding_kind::url, label, p, end, kept, end);
  }

  // -------------------------------------------------------------------------
  // Rule B — bare bearer and basic credentials

  decision rule_b(std::size_t p) const {
    const std::string_view s = q_;
    const bool bearer = iequals_at(s, p, "bearer");
    const bool basic = iequals_at(s, p, "basic");
    if (!bearer && !basic) return {};
    if (!out_.empty() && is_letter(out_.back())) return {};  // a mask counts as a non-letter
    const std::size_t word = bearer ? 6 : 5;
    const std::size_t blanks = blanks_at(s, p + word);
    if (blanks == 0) return {};
    const std::size_t cred = p + word + blanks;
    // The run, `\/` counting as one character.
    std::vector<int> digits;
    std::size_t j = cred;
    while (j < s.size()) {
      if (s[j] == '\\' && j + 1 < s.size() && s[j + 1] == '/') {
        digits.push_back(63);
        j += 2;
      } else if (bearer ? is_token68(s[j]) : base64_digit(s[j], false) >= 0) {
        digits.push_back(bearer ? 0 : base64_digit(s[j], false));
        ++j;
      } else {
        break;
      }
    }
    const std::size_t run_end = j;
    const std::size_t cred_end = run_end + run_of(s, run_end, [](char c) { return c == '='; });
    if (bearer && digits.size() < 16) return {};
    if (basic) {
      if (digits.size() < 8) return {};
      // SPEC "Touching a mask": a run whose decision depends on where it
      // ends; a run over the decoding bound is masked wherever it ends
      // (docs/rules.md B).
      if (digits.size() <= basic_decode_limit) {
        if (starts_at(s, run_end, mask)) return {};
        if (!decodes_to_user_password(digits)) return {};
      }
    }
    const std::string_view credential = s.substr(cred, cred_end - cred);
    if (allowlisted(credential)) return skip_to(cred_end);
    return masked(bearer ? finding_kind::bearer : finding_kind::basic,
                  std::string(s.substr(p, word)), cred, cred_end, kept_prefix(credential),
                  cred_end);
  }

  // -------------------------------------------------------------------------
  // Rule J — JSON Web Tokens

  decision rule_j(std::size_t p) const {
    const std::string_view s = q_;
    if (!config_.jwt || !starts_at(s, p, "eyJ")) return {};
    auto seg_char = [](char c) {
      return is_letter(c) || is_digit(c) || c == '_' || c == '-' || c == '*';
    };
    std::vector<std::size_t> dots;
    std::size_t i = p;
    while (true) {
      i += run_of(s, i, seg_char);
      const std::size_t d = run_of(s, i, [](char c) { return c == '.'; });
      if (d == 0 || d > jwt_max_dots) break;  // ends before a run of more than 64 dots
      for (std::size_t k = 0; k < d; ++k) dots.push_back(i + k);
      i += d;
    }
    std::size_t end = i;
    // Trailing dots are not part of it when at least three segments remain.
    if (!dots.empty() && dots.back() + 1 == end) {
      std::size_t kept_dots = dots.size();
      std::size_t e = end;
      while (kept_dots > 0 && dots[kept_dots - 1] + 1 == e) --kept_dots, --e;
      if (kept_dots + 1 >= 3) {
        end = e;
        dots.resize(kept_dots);
      }
    }
    if (dots.size() + 1 < 3) return {};
    const std::string_view header = s.substr(p, dots.front() - p);
    if (header.size() < 10) return {};
    if (dots[1] - p >= jwt_window) return {};
    std::vector<int> digits;
    for (char c : header.substr(0, jwt_header_probe)) {
      const int v = base64_digit(c, true);
      if (v < 0 || c == '+' || c == '/') return {};
      digits.push_back(v);
    }
    for (char c : base64_decode_lenient(digits)) {
      const auto u = static_cast<unsigned char>(c);
      if (!((u >= 0x20 && u <= 0x7e) || c == '\t' || c == '\r' || c == '\n')) return {};
    }
    if (allowlisted(s.substr(p, end - p))) return skip_to(end);
    return masked(finding_kind::jwt, "JWT", p, end, 0, end);
  }

  // -------------------------------------------------------------------------
  // Rule E — keys hidden in base64

  /// Characters of the base64 run from a start position (`\/` is one `/`),
  /// decoded from each of the four group alignments once (decoding from
  /// character i equals decoding from i mod 4, minus 3·⌊i/4⌋ bytes).
  struct base64_run {
    std::size_t first = no_max;    // Q offset of character 0
    std::size_t end = 0;           // Q offset after the last character
    std::vector<std::size_t> at;   // Q offset of each character
    std::vector<std::size_t> len;  // its length in bytes (2 for `\/`)
    std::array<std::string, 4> decoded;
  };

  static bool is_b64(char c) { return base64_digit(c, true) >= 0; }

  bool is_char_start(std::size_t p) const {
    const std::string_view s = q_;
    if (s[p] == '\\') return p + 1 < s.size() && s[p + 1] == '/';
    if (!is_b64(s[p])) return false;
    return !(s[p] == '/' && p > 0 && s[p - 1] == '\\');
  }

  const base64_run& run_from(std::size_t p) {
    if (run_.first <= p && p < run_.end) return run_;
    const std::string_view s = q_;
    run_ = {};
    run_.first = p;
    std::vector<int> digits;
    std::size_t j = p;
    while (j < s.size()) {
      if (s[j] == '\\' && j + 1 < s.size() && s[j + 1] == '/') {
        digits.push_back(63);
        run_.at.push_back(j);
        run_.len.push_back(2);
        j += 2;
      } else if (is_b64(s[j])) {
        digits.push_back(base64_digit(s[j], true));
        run_.at.push_back(j);
        run_.len.push_back(1);
        ++j;
      } else {
        break;
      }
    }
    run_.end = j;
    for (std::size_t a = 0; a < 4 && a < digits.size(); ++a) {
      run_.decoded[a] = base64_decode_lenient(
          std::vector<int>(digits.begin() + static_cast<std::ptrdiff_t>(a), digits.end()));
    }
    return run_;
  }

  decision rule_e(std::size_t p) {
    if (!config_.encoded || !is_char_start(p)) return {};
    const base64_run* r = &run_from(p);
    auto idx =
        static_cast<std::size_t>(std::lower_bound(r->at.begin(), r->at.end(), p) - r->at.begin());
    if (idx >= r->at.size() || r->at[idx] != p) {  // not a character start of the cached run
      run_.first = no_max;
      r = &run_from(p);
      idx = 0;
    }
    const std::string_view bytes = std::string_view(r->decoded[idx % 4]).substr(3 * (idx / 4));
    const bool touching = starts_at(q_, r->end, mask);
    for (std::size_t o = 0; o < 3 && o < bytes.size(); ++o) {
      const auto key = key_at(bytes, o, false);
      if (!key) continue;
      const std::string_view k = bytes.substr(o, key->len);
      if (allowlisted(k)) continue;
      // SPEC "Touching a mask"; a body without a maximum only while it is
      // shorter than 256 bytes (docs/rules.md E5).
      if (touching && o + key->len == bytes.size() &&
          (key->bounded || key->len - key->prefix_len < encoded_touch_body))
        continue;
      const std::size_t last_byte = o + key->len - 1;
      const std::size_t last_char = idx + (8 * last_byte + 7) / 6;
      const std::size_t end = r->at[last_char] + r->len[last_char];
      decision d =
          masked(finding_kind::encoded, std::string(k.substr(0, key->prefix_len)), p, end, 0, end);
      d.fingerprint_bytes = std::string(k);
      return d;
    }
    return {};
  }

  // -------------------------------------------------------------------------
  // Output: every plain byte outside masked spans in place, each span as
  // `***`, escape sequences in place — or, when inside a span (between its
  // first and last masked byte), right after that span's `***`.

  std::string render() {
    std::sort(spans_.begin(), spans_.end(), [](const auto& a, const auto& b) {
      return a.first < b.first || (a.first == b.first && a.second > b.second);
    });
    std::vector<std::pair<std::size_t, std::size_t>> merged;  // plain ranges
    for (const auto& sp : spans_) {
      if (!merged.empty() && sp.first < merged.back().second) {
        merged.back().second = std::max(merged.back().second, sp.second);
      } else {
        merged.push_back(sp);
      }
    }
    std::sort(empty_spans_.begin(), empty_spans_.end());
    const auto& at = plain_.input_at;
    const auto& esc = plain_.escapes;
    std::vector<bool> moved(esc.size(), false);
    std::string out;
    std::size_t e = 0;  // next escape sequence
    std::size_t m = 0;  // next span
    std::size_t j = 0;  // next plain byte
    std::size_t i = 0;  // input offset
    std::size_t z = 0;  // next mask with nothing under it
    // A mask with nothing under it (a key or password that is all kept
    // prefix) counts as starting at its position: after the escape
    // sequences there, as before a span's first byte (interpretation A3).
    auto empty_masks_at = [&](std::size_t p) {
      while (z < empty_spans_.size() && empty_spans_[z] < p) ++z;
      if (z < empty_spans_.size() && empty_spans_[z] == p) out.append(mask);
      while (z < empty_spans_.size() && empty_spans_[z] == p) ++z;
    };
    while (i < input_.size()) {
      if (e < esc.size() && esc[e].begin == i) {
        if (!moved[e]) out.append(input_.substr(i, esc[e].end - i));
        i = esc[e].end;
        ++e;
        continue;
      }
      // i is the plain byte j.
      empty_masks_at(j);
      if (m < merged.size() && merged[m].first == j) {
        out.append(mask);
        const std::size_t first = at[merged[m].first];
        const std::size_t last = at[merged[m].second - 1];
        for (std::size_t k = e; k < esc.size() && esc[k].begin < last; ++k) {
          if (esc[k].begin > first) {
            out.append(input_.substr(esc[k].begin, esc[k].end - esc[k].begin));
            moved[k] = true;
          }
        }
        j = merged[m].second;
        // Skip the span's bytes; its inner escape sequences were written.
        i = at[j - 1] + 1;
        while (e < esc.size() && esc[e].begin < i) ++e;
        ++m;
        continue;
      }
      out.push_back(input_[i]);
      ++i;
      ++j;
    }
    empty_masks_at(j);
    return out;
  }

  // -------------------------------------------------------------------------

  std::string_view input_;
  const oracle_config& config_;
  std::vector<std::string> names_;
  std::vector<t_rule> rules_;
  std::vector<exact_pattern> patterns_;

  plain_text plain_;
  std::string q_;                     // plain text after the Rule S pass
  std::vector<std::size_t> q_begin_;  // per Q byte: the plain range it stands for
  std::vector<std::size_t> q_end_;
  std::string out_;                                         // plain output so far (masks applied)
  std::vector<std::pair<std::size_t, std::size_t>> spans_;  // masked plain ranges
  std::vector<std::size_t>
      empty_spans_;  // a mask with nothing under it, after this many plain bytes
  std::vector<oracle_finding> findings_;
  std::vector<std::size_t> line_feeds_;  // input offsets of LF

  std::map<std::size_t, pem_marker> begin_markers_;  // by end offset in Q
  std::map<std::size_t, std::size_t> block_ids_;     // marker end → block
  std::vector<block> blocks_;
  std::optional<std::size_t> active_block_;
  std::size_t key_line_at_ = no_max;
  std::pair<std::size_t, std::size_t> last_redaction_{0, 0};  // [start, end) in Q
  base64_run run_;
};

}  // namespace

oracle_result oracle_run(std::string_view input, const oracle_config& config) {
  return engine(input, config).run();
}

std::string oracle_redact(std::string_view input, const oracle_config& config) {
  return oracle_run(input, config).output;
}

std::string oracle_validate(const oracle_config& config) {
  // Interpretation V1 (docs/rules.md "Configuration limits").
  constexpr std::size_t max_name = 256;
  auto bound_ok = [](std::size_t n) { return n >= 1 && n <= 256; };
  if (!bound_ok(config.min_body)) return "min_body out of 1-256";
  for (const auto& rule : config.prefixes) {
    const std::string& p = rule.prefix;
    if (p.empty() || p.size() > max_name) return "prefix length";
    if (!printable_ascii(p) || p.find_first_of("\"'\\*") != std::string::npos) {
      return "malformed prefix";
    }
    if (rule.min_body && !bound_ok(*rule.min_body)) return "prefix min out of 1-256";
    if (rule.max_body && !bound_ok(*rule.max_body)) return "prefix max out of 1-256";
    if (rule.max_body && *rule.max_body < rule.min_body.value_or(config.min_body)) {
      return "prefix max below min";
    }
  }
  for (const auto& f : config.fields) {
    if (f.empty() || f.size() > max_name) return "field name length";
    if (!printable_ascii(f) || f.find_first_of("\"'\\:=,") != std::string::npos) {
      return "malformed field name";
    }
  }
  for (const auto& a : config.allowlist) {
    if (a.empty()) return "empty allowlist entry";
    if (a.size() > max_name) return "allowlist entry too long";
  }
  for (const auto& s : config.secrets) {
    // SPEC Rule S: split into lines; lines under 6 bytes are dropped; a
    // value with no line of 6 bytes is refused; so is one containing an
    // escape sequence (interpretation A4). Interpretation S1: each kept line at most
    // 4096 bytes.
    bool any = false;
    for (const auto& line : split_lines(s.value)) {
      if (line.size() < 6) continue;
      if (line.size() > 4096) return "exact secret line longer than 4096";
      any = true;
    }
    if (!any) return "exact secret shorter than 6";
    if (contains_escape(s.value)) return "exact secret with an escape sequence";
  }
  if (config.regex_line_window < 64) return "regex window below 64";
  for (const auto& r : config.regexes) {  // SPEC Rule R: RE2 must compile it
    RE2 compiled(r.pattern, RE2::Quiet);  // RE2's defaults (UTF-8)
    if (!compiled.ok()) return "bad regex";
  }
  return {};
}

std::string oracle_fingerprint(std::string_view bytes, const oracle_config& config) {
  return oracle_fingerprint(bytes, config, finding_kind::token);
}

std::string oracle_fingerprint(std::string_view bytes, const oracle_config& config,
                               finding_kind kind) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  // `fingerprint_key` keys every fingerprint; `credential_fingerprint_key`
  // only those of findings that may hold a secret a person chose.
  const bool chosen =
      kind == finding_kind::field || kind == finding_kind::basic || kind == finding_kind::url;
  const std::optional<std::string>& hmac_key =
      config.fingerprint_key
          ? config.fingerprint_key
          : (chosen ? config.credential_fingerprint_key : config.fingerprint_key);
  if (hmac_key) {
    const std::string& key = *hmac_key;
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

std::string_view kind_name(finding_kind k) {
  static constexpr std::array<std::string_view, 10> names = {
      "token", "field", "bearer", "basic",   "secret",
      "regex", "jwt",   "url",    "encoded", "private_key"};
  const auto i = static_cast<std::size_t>(k);
  return i < names.size() ? names[i] : "?";
}

std::string describe(const oracle_finding& f) {
  return std::string(kind_name(f.kind)) + " label=" + f.label + " line=" + std::to_string(f.line) +
         " col=" + std::to_string(f.column) + " fp=" + f.fingerprint;
}

}  // namespace redact::oracle
