// policy: validates policy_options and builds the flat tables of
// compiled_policy (see compiled_policy.hpp).
#include "redact/policy.hpp"

#include <algorithm>
#include <cctype>
#include <limits>
#include <memory>
#include <set>
#include <string>
#include <utility>

#include "candidate_cursor.hpp"
#include "compiled_policy.hpp"
#include "escapes.hpp"
#include "key_table.hpp"
#include "left_alone.hpp"
#include "regex_stage.hpp"
#include "rules.hpp"
#include "secret_forms.hpp"

namespace redact {

namespace {

// SPEC Rule H's field presets.
constexpr std::string_view k_minimal_names[] = {"authorization"};
constexpr std::string_view k_standard_names[] = {
    "authorization", "x-api-key",     "api-key",      "api_key",       "apikey",
    "x-auth-token",  "cookie",        "set-cookie",   "password",      "passwd",
    "passphrase",    "client_secret", "access_token", "refresh_token", "secret_access_key",
    "private_key"};
constexpr std::string_view k_extended_only_names[] = {"token", "secret", "signature", "credential"};

char lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c;
}

bool printable(char c) noexcept { return c > 0x20 && c < 0x7f; }

// Returns an error message, or empty when `rule` is acceptable.
std::string check_prefix(const prefix_rule& rule, std::size_t min_body) {
  const std::string& p = rule.prefix;
  if (p.empty()) return "empty prefix";
  if (p.size() > detail::k_max_literal) return "prefix longer than 256 bytes";
  for (char c : p) {
    if (!printable(c) || c == '"' || c == '\'' || c == '\\' || c == '*')
      return "prefix '" + p + "' contains a space, quote, backslash, '*' or non-printable byte";
  }
  if (rule.min_body && (*rule.min_body < 1 || *rule.min_body > detail::k_max_literal))
    return "prefix '" + p + "': min length must be between 1 and 256";
  if (rule.max_body && *rule.max_body < rule.min_body.value_or(min_body))
    return "prefix '" + p + "': max length is below min length";
  if (rule.max_body && (*rule.max_body < 1 || *rule.max_body > detail::k_max_literal))
    return "prefix '" + p + "': max length must be between 1 and 256";
  return {};
}

std::string check_field(const std::string& f) {
  if (f.empty()) return "empty field name";
  if (f.size() > detail::k_max_literal) return "field name longer than 256 bytes";
  for (char c : f) {
    if (!printable(c) || c == '"' || c == '\'' || c == '\\' || c == ':' || c == '=' || c == ',')
      return "field name '" + f +
             "' contains a space, quote, backslash, ':', '=', ',' or non-printable byte";
  }
  return {};
}

std::string secret_name(const exact_secret& s, std::size_t i) {
  return s.label.empty() ? "secret#" + std::to_string(i + 1) : s.label;
}

// Everything validate() checks except the regex rules (compile() builds
// those and reports RE2's errors as it goes).
std::string check_options(const policy_options& o) {
  for (const auto& p : o.prefixes)
    if (auto e = check_prefix(p, o.min_body); !e.empty()) return e;
  for (const auto& f : o.fields)
    if (auto e = check_field(f); !e.empty()) return e;
  if (o.min_body < 1 || o.min_body > detail::k_max_literal)
    return "min length must be between 1 and 256";
  for (const auto& a : o.allowlist) {
    if (a.empty()) return "empty allowlist entry";
    if (a.size() > detail::k_max_literal) return "allowlist entry longer than 256 bytes";
  }
  for (std::size_t i = 0; i < o.secrets.size(); ++i) {
    const auto& s = o.secrets[i];
    const auto lines = detail::secret_lines(s.value, detail::k_min_secret);
    if (lines.empty()) {
      return "secret " + secret_name(s, i) +
             (s.value.find_first_of("\r\n") == std::string::npos
                  ? " is shorter than 6 bytes"
                  : " has no line of 6 bytes or more");
    }

    for (auto line : lines)
      if (line.size() > detail::k_max_secret)
        return "secret " + secret_name(s, i) + " has a line longer than 4096 bytes";
    if (detail::contains_escape(s.value))
      return "secret " + secret_name(s, i) + " contains a terminal escape sequence";
  }
  if (o.regex_line_window < 64) return "regex line window must be at least 64 bytes";
  return {};
}

// ---------------------------------------------------------------- build steps
// Each step fills the tables of one rule from validated options
// (check_options has run; Rule R reports its own errors).

using detail::compiled_policy;

void build_fingerprint_keys(compiled_policy& cp, const policy_options& o) {
  if (o.fingerprint_key) cp.fp_key = detail::fingerprint_key::from(*o.fingerprint_key);
  if (o.credential_fingerprint_key)
    cp.credential_fp_key = detail::fingerprint_key::from(*o.credential_fingerprint_key);
  for (std::size_t k = 0; k < finding_kind_count; ++k)
    cp.fp_keys[k] = cp.key_for(static_cast<finding_kind>(k));
}

// Rule T: the configured prefix rules, `qbt_` (always), and the key table;
// the distinct prefixes sorted shortest first (SPEC: the shortest prefix that
// yields a key wins), each with the shapes of its rules.
void build_rule_t(compiled_policy& cp, const policy_options& o) {
  std::vector<std::pair<std::string, detail::key_shape>> rules;
  for (const auto& p : o.prefixes) {
    detail::key_shape s;
    s.alphabet = p.alphabet;
    s.min_body = static_cast<std::uint32_t>(p.min_body.value_or(o.min_body));
    s.max_body = static_cast<std::uint32_t>(p.max_body.value_or(0));
    rules.emplace_back(p.prefix, s);
  }
  if (std::none_of(rules.begin(), rules.end(), [](const auto& r) { return r.first == "qbt_"; }))
    rules.emplace_back(
        "qbt_", detail::key_shape{key_alphabet::token, static_cast<std::uint32_t>(o.min_body), 0});
  if (o.key_table)
    for (const auto& e : detail::k_key_table)
      rules.emplace_back(std::string(e.prefix),
                         detail::key_shape{e.alphabet, e.min_body, e.max_body});
  std::stable_sort(rules.begin(), rules.end(), [](const auto& a, const auto& b) {
    return a.first.size() != b.first.size() ? a.first.size() < b.first.size() : a.first < b.first;
  });
  for (const auto& [prefix, shape] : rules) {
    if (cp.prefixes.empty() || cp.prefixes.back() != prefix) {
      cp.prefixes.push_back(prefix);
      cp.prefix_shapes.emplace_back();
    }
    auto& shapes = cp.prefix_shapes.back();
    if (std::find(shapes.begin(), shapes.end(), shape) == shapes.end()) shapes.push_back(shape);
  }
  for (std::size_t k = 0; k < cp.prefixes.size(); ++k) {
    const auto& p = cp.prefixes[k];
    cp.max_prefix_len = std::max(cp.max_prefix_len, p.size());
    cp.anchor[static_cast<unsigned char>(p[0])] |= detail::anchor_prefix;
    for (const auto& s : cp.prefix_shapes[k])
      cp.max_key_look =
          std::max<std::size_t>(cp.max_key_look, s.max_body != 0 ? s.max_body + 1 + 3 : s.min_body);
  }
}

// Rule H: the preset's names, then the configured ones, lower-cased, longest
// first (the longest name is tried first at a position).
void build_rule_h(compiled_policy& cp, const policy_options& o) {
  std::vector<std::string> names;
  for (auto name : preset_field_names(o.preset)) names.emplace_back(name);
  names.insert(names.end(), o.fields.begin(), o.fields.end());
  for (const auto& f : names) {
    std::string l;
    for (char c : f) l.push_back(lower(c));
    if (std::find(cp.fields.begin(), cp.fields.end(), l) == cp.fields.end())
      cp.fields.push_back(std::move(l));
  }
  std::stable_sort(cp.fields.begin(), cp.fields.end(),
                   [](const auto& a, const auto& b) { return a.size() > b.size(); });
  for (const auto& f : cp.fields) {
    std::string folded(f);
    for (char& c : folded) c = static_cast<char>(c | 0x20);
    cp.fields_folded.push_back(std::move(folded));
    cp.field_all_letters.push_back(
        std::all_of(f.begin(), f.end(), [](char c) { return c >= 'a' && c <= 'z'; }) ? 1 : 0);
    cp.max_field_len = std::max(cp.max_field_len, f.size());
    const auto c = static_cast<unsigned char>(f[0]);
    cp.anchor[c] |= detail::anchor_field;
    cp.anchor[static_cast<unsigned char>(std::toupper(c))] |= detail::anchor_field;
  }
}

// How many characters an encoded key at least has after its anchor: the
// anchor's `follow` (literal_ref), which keeps the prefilter off anchors
// that are not inside a long enough base64 run. From j (`back` characters
// before the anchor), `offset` bytes, the prefix and the shortest body of
// its shapes are decoded from at least this many characters: four per
// whole group of three bytes, and one more than the bytes of a final
// partial group.
std::uint8_t encoded_follow(const compiled_policy& cp, const detail::encoded_anchor& a) {
  std::size_t body = std::numeric_limits<std::size_t>::max();
  for (const auto& s : cp.prefix_shapes[a.prefix]) body = std::min<std::size_t>(body, s.min_body);
  const std::size_t bytes = a.offset + cp.prefixes[a.prefix].size() + body;
  const std::size_t chars = 4 * (bytes / 3) + (bytes % 3 != 0 ? bytes % 3 + 1 : 0);
  const std::size_t escaped = static_cast<std::size_t>(
      std::count(a.text.begin(), a.text.end(), '\\'));  // each `\/` is one character
  const std::size_t anchor_chars = a.back + a.text.size() - escaped;
  return static_cast<std::uint8_t>(
      chars > anchor_chars ? std::min<std::size_t>(chars - anchor_chars, 8) : 0);
}

// The prefilter over every literal a finding of Rules H, U, B, J, T and E
// starts at (U: its `://`; E: the base64 characters a prefix determines); its
// literal index is also the scanner's, so its entries carry kinds and
// indices, in SPEC precedence order. Field names and the schemes ignore
// case; every other literal is exact. The kernel comes from the table
// (kernels.hpp).
void build_literals(compiled_policy& cp) {
  std::vector<detail::literal_ref> refs;
  for (std::size_t k = 0; k < cp.fields.size(); ++k)
    refs.push_back({cp.fields[k], detail::lit_field, static_cast<std::uint32_t>(k), true});
  // Rule P has no literal of its own: it starts at field names
  // (scanner_kp.cpp). Rule K's BEGIN marker is found at its `BEGIN `, whose
  // pair `be` Bearer's literal already has (`--` would be a new pair, met
  // in separator lines and command lines).
  if (cp.on.private_keys) {
    refs.push_back({"BEGIN ", detail::lit_pem, 0, false});
  }
  if (cp.on.url) {
    refs.push_back({"://", detail::lit_url, 0, false});
    refs.push_back({":\\/", detail::lit_url, 1, false});
  }
  refs.push_back({"bearer", detail::lit_bare, 0, true});
  refs.push_back({"basic", detail::lit_bare, 1, true});
  if (cp.on.jwt) {
    refs.push_back({"eyJ", detail::lit_jwt, 0, false});
  }
  for (std::size_t k = 0; k < cp.prefixes.size(); ++k)
    refs.push_back({cp.prefixes[k], detail::lit_prefix, static_cast<std::uint32_t>(k), false});
  if (cp.on.encoded) {
    cp.encoded_anchors = detail::build_encoded_anchors(cp.prefixes);
    for (std::size_t k = 0; k < cp.encoded_anchors.size(); ++k) {
      const auto& a = cp.encoded_anchors[k];
      refs.push_back({a.text, detail::lit_encoded, static_cast<std::uint32_t>(k), false,
                      encoded_follow(cp, a)});
    }
  }
  detail::build_prefilter(cp.pf, refs);
  const detail::kernel_impl& kernel = detail::select_kernel();
  cp.find = kernel.find;
  cp.span = kernel.span;
  cp.kernel = kernel.name;
  cp.find_escape = detail::select_escape_kernel(cp.kernel);
}

// The credentials Rule H leaves alone: empty, `***`, a prefix and `***`, an
// allowlisted key, and (unquoted) the words of left_alone.hpp.
void build_left_alone(compiled_policy& cp, const policy_options& o) {
  cp.allowlist = o.allowlist;
  for (const auto& a : cp.allowlist) cp.max_allow_len = std::max(cp.max_allow_len, a.size());
  cp.max_left_alone_len = std::max({cp.max_allow_len, cp.max_prefix_len + detail::k_max_masked_run,
                                    detail::longest_unquoted_left_alone()});
  cp.left_alone_first[static_cast<unsigned char>('*')] = true;
  for (auto w : detail::k_unquoted_left_alone) {
    const auto c = static_cast<unsigned char>(w[0]);
    cp.left_alone_first[c] = true;
    cp.left_alone_first[static_cast<unsigned char>(std::toupper(c))] = true;
    cp.placeholder_first[c] = true;
    cp.placeholder_first[static_cast<unsigned char>(std::toupper(c))] = true;
  }
  for (const auto& p : cp.prefixes) cp.left_alone_first[static_cast<unsigned char>(p[0])] = true;
  for (const auto& a : cp.allowlist) {
    cp.left_alone_first[static_cast<unsigned char>(a[0])] = true;
    cp.allow_first[static_cast<unsigned char>(a[0])] = true;
  }
}

// Rule S: each line of each value, and (secret_forms) its encoded forms, is
// a secret with the value's label and the line's fingerprint; where two are
// the same bytes the first configured names it. Longest first, so the first
// full match at a position is the longest.
void build_rule_s(compiled_policy& cp, const policy_options& o) {
  std::set<std::string, std::less<>> seen;
  auto add = [&](std::string value, const std::string& label,
                 const std::array<char, 8>& fingerprint) {
    if (!seen.insert(value).second) return;
    cp.max_secret_len = std::max(cp.max_secret_len, value.size());
    cp.secret_first[static_cast<unsigned char>(value[0])] = true;
    cp.secrets.push_back(detail::compiled_secret{std::move(value), label, fingerprint});
  };
  for (std::size_t i = 0; i < o.secrets.size(); ++i) {
    const std::string label = secret_name(o.secrets[i], i);
    for (auto line : detail::secret_lines(o.secrets[i].value, detail::k_min_secret)) {
      const auto fingerprint = detail::fingerprint_of(line, cp.key_for(finding_kind::secret));
      add(std::string(line), label, fingerprint);
      if (o.secret_forms)
        for (auto& form : detail::secret_forms(line, detail::k_min_secret))
          add(std::move(form), label, fingerprint);
    }
  }
  std::stable_sort(cp.secrets.begin(), cp.secrets.end(),
                   [](const auto& a, const auto& b) { return a.value.size() > b.value.size(); });
  std::vector<std::string> values;
  for (const auto& s : cp.secrets) values.push_back(s.value);
  cp.secret_literals.build(std::move(values));
  cp.secret_lookahead = cp.max_secret_len;
}

}  // namespace

namespace detail {

// Each row of core/DESIGN.md's hold-back table, from the constants of the
// rules (compiled_policy.hpp). With 64 = k_max_run:
lookahead_parts compute_lookahead_parts(const compiled_policy& cp) noexcept {
  // The bytes a field's structure may take before its value: backslashes of
  // the key close, spaces before the separator, and blanks after it (64
  // each), and the separator and quote bytes around them (8).
  constexpr std::size_t structure = 3 * k_max_run + 8;
  // The value's opener (`[`, 64 spaces, b/u/r, 64 backslashes, the quote),
  // its scheme word and the blank after it, 64 blanks before the
  // credential, and the terminator after the longest left-alone credential
  // (a run of 64 backslashes and the quote).
  constexpr std::size_t opener = 2 * k_max_run + 8;
  constexpr std::size_t scheme = k_longest_scheme + 1;
  constexpr std::size_t terminator = k_max_run + 8;
  // A quoted parameter: its opening quote's backslashes, the window, the
  // closing quote and the byte after it.
  constexpr std::size_t parameter = k_max_run + k_param_window + 8;
  // `basic`, 64 blanks, a run of 1,024 digits each of which may be `\/`,
  // and what ends the run.
  constexpr std::size_t basic = 6 + k_max_run + 2 * k_max_basic_run + 8;
  // A key body is decided at min_body characters, or just past max_body and
  // the `***` it may touch, or just past the longest allowlisted key; plus
  // room for a Bearer token's `\/` and blanks.
  const std::size_t body = std::max(cp.max_key_look, cp.max_allow_len) + 2 + k_bearer_min_token;
  // Rule J: the second dot within 8,192 bytes, then its run of up to 65 dots
  // and the byte after it. Rule U: `:\/\/`, a user part and a password of
  // 4,096 bytes each, and the byte after each.
  const std::size_t jwt = k_jwt_second_dot + k_jwt_max_dots + 2;
  const std::size_t url = 5 + 2 * (k_url_window + 1) + 3;
  // Rule E: three characters back, then the characters of the bytes it
  // decodes (4 per 3 bytes, each possibly `\/`), 64 `=` and a `***`.
  const std::size_t encoded_bytes =
      2 + cp.max_prefix_len +
      std::max({cp.max_key_look, cp.max_allow_len + 1, k_encoded_touch_body});
  const std::size_t encoded =
      k_encoded_back_bytes + 2 * ((encoded_bytes * 4 + 2) / 3 + 1) + k_max_run + 3;
  // Rule K: a BEGIN marker; after it, up to 64 `*` and an END marker; a
  // following line's first 80 bytes (and the byte after them).
  const std::size_t private_key =
      std::max({k_key_begin_max, k_max_masked_run + 1 + k_key_end_max, k_key_line_look + 1}) + 2;
  // Rule P: behind a field name, a name member's closing quote (64
  // backslashes); ahead of a `name`/`key` member key, its structure (key
  // close, spaces, separator, blanks: 64 each) and a string of 128 bytes
  // after 64 backslashes; ahead of a `value` member key, its structure, the
  // OpenTelemetry `{`, 64 blanks, a quote, `string_value` and its structure,
  // then a value as Rule H's.
  constexpr std::size_t member = (k_max_run + 1) + k_max_run + 2 + k_max_run;
  const std::size_t value = opener + scheme + k_max_run + cp.max_left_alone_len + terminator;
  const std::size_t pair_name = std::max(cp.max_field_len + k_max_run + 2,
                                         4 + member + (k_max_run + 1) + k_pair_max_name + 1);
  const std::size_t pair_value =
      5 + member + 1 + k_pair_otel_blanks + (k_max_run + 1) + 12 + member + value;
  return lookahead_parts{
      .field_and_value = cp.max_field_len + structure + opener + scheme + k_max_run +
                         cp.max_left_alone_len + terminator,
      .quoted_parameter = parameter,
      .basic_run = basic,
      .key_body = cp.max_prefix_len + body + k_max_run,
      .jwt = cp.on.jwt ? jwt : 0,
      .url = cp.on.url ? url : 0,
      .encoded = cp.on.encoded ? encoded : 0,
      .private_key = cp.on.private_keys ? private_key : 0,
      .pairs = cp.on.pairs ? std::max(pair_name, pair_value) : 0,
  };
}

}  // namespace detail

namespace {

/// Slack on top of the longest decision, so that a window of exactly the
/// bound plus a few bytes never stalls.
constexpr std::size_t k_lookahead_slack = 64;

void compute_lookahead(compiled_policy& cp) {
  cp.scan_parts = detail::compute_lookahead_parts(cp);
  const auto& p = cp.scan_parts;
  cp.scan_lookahead = std::max({p.field_and_value, p.quoted_parameter, p.basic_run, p.key_body,
                                p.jwt, p.url, p.encoded, p.private_key, p.pairs}) +
                      k_lookahead_slack;
}

// Validate, then build in named steps.
std::shared_ptr<compiled_policy> compile(policy_options o) {
  auto cp = std::make_shared<compiled_policy>();
  std::string error = check_options(o);
  if (error.empty()) error = detail::build_rule_r(*cp, o);
  if (!error.empty()) {
    cp->ok = false;
    cp->error = std::move(error);
    cp->options = std::move(o);
    return cp;
  }
  cp->on = {o.jwt, o.url, o.encoded, o.pairs, o.private_keys, o.secret_forms};
  build_fingerprint_keys(*cp, o);
  build_rule_t(*cp, o);
  build_rule_h(*cp, o);
  build_literals(*cp);
  build_left_alone(*cp, o);
  build_rule_s(*cp, o);
  compute_lookahead(*cp);
  cp->ok = true;
  cp->options = std::move(o);
  return cp;
}

}  // namespace

const std::vector<std::string_view>& preset_field_names(field_preset preset) noexcept {
  static const std::vector<std::string_view> minimal(std::begin(k_minimal_names),
                                                     std::end(k_minimal_names));
  static const std::vector<std::string_view> standard(std::begin(k_standard_names),
                                                      std::end(k_standard_names));
  static const std::vector<std::string_view> extended = [] {
    std::vector<std::string_view> v(std::begin(k_standard_names), std::end(k_standard_names));
    v.insert(v.end(), std::begin(k_extended_only_names), std::end(k_extended_only_names));
    return v;
  }();
  switch (preset) {
    case field_preset::minimal:
      return minimal;
    case field_preset::standard:
      return standard;
    case field_preset::extended:
      return extended;
  }
  return minimal;
}

std::string_view to_string(field_preset preset) noexcept {
  switch (preset) {
    case field_preset::minimal:
      return "minimal";
    case field_preset::standard:
      return "default";
    case field_preset::extended:
      return "extended";
  }
  return "default";
}

std::optional<field_preset> parse_preset(std::string_view name) noexcept {
  for (auto p : {field_preset::minimal, field_preset::standard, field_preset::extended})
    if (name == to_string(p)) return p;
  return std::nullopt;
}

bool apply_preset(policy_options& options, std::string_view name) noexcept {
  const auto p = parse_preset(name);
  if (p) options.preset = *p;
  return p.has_value();
}

std::string validate(const policy_options& options) {
  if (auto e = check_options(options); !e.empty()) return e;
  if (options.regexes.empty()) return {};
  RE2::Options ro;
  ro.set_log_errors(false);
  ro.set_never_nl(true);
  for (std::size_t i = 0; i < options.regexes.size(); ++i) {
    const RE2 re(options.regexes[i].pattern, ro);
    if (!re.ok())
      return "invalid regex " + detail::regex_label(options.regexes[i], i) + ": " + re.error();
  }
  return {};
}

policy::policy() : policy(policy_options{}) {}

policy::policy(policy_options options) : impl_(compile(std::move(options))) {}

bool policy::ok() const noexcept { return impl_->ok; }
const std::string& policy::error() const noexcept { return impl_->error; }
const policy_options& policy::options() const noexcept { return impl_->options; }
std::string_view policy::kernel() const noexcept { return impl_->kernel; }

bool policy::might_redact(std::string_view text) const noexcept {
  const auto& cp = *impl_;
  if (!cp.ok) return true;
  const char* d = text.data();
  const std::size_t n = text.size();
  // Rule S: does a whole secret occur? (If not, stage 2 sees `text` itself.)
  if (cp.secret_literals.find(cp.find, text, 0) < n) return true;
  // Rule R: unknown unless every pattern has a literal start; then one of
  // them must occur (Rule R sees `text` when nothing else matched).
  if (!cp.regexes.empty() &&
      (!cp.regex_literal_filter || cp.regex_literals.find(cp.find, text, 0) < n))
    return true;
  // Every Rule H, B or T finding starts at a literal, and the prefilter never
  // skips a position where one starts (prefilter.hpp); outside findings the
  // output is the input (SPEC preservation). A candidate has passed the
  // literal index's eight-byte test (a logger called "bench" is no Bearer).
  detail::candidate_cursor cursor(cp.pf, cp.find);
  cursor.reset(d, n);
  return cursor.next(0).pos < n;
}

}  // namespace redact
