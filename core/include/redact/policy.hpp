// redact/policy.hpp — the compiled, immutable redaction policy.
//
// A policy is built once from `policy_options` (prefix rules, field names and
// their preset, the rule families, allowlist, exact secrets, regex rules), validated, and
// then shared read-only by any number of redactors on any number of threads.
//
//   redact::policy_options opts;                 // defaults: qbt_ keys, Authorization
//   opts.prefixes.push_back("sk_live_");
//   opts.preset = redact::field_preset::extended;  // also token, secret, ...
//   opts.secrets.push_back({"QUBITTRON_API_KEY", std::getenv("QUBITTRON_API_KEY")});
//   redact::policy pol(std::move(opts));
//   if (!pol.ok()) { std::cerr << pol.error() << '\n'; return 2; }
//
// Construction allocates and may throw std::bad_alloc; configuration errors
// never throw: they are reported by ok()/error() (re2's convention). Error
// messages never contain a secret's value. Copying a policy is cheap (it
// shares the compiled tables).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace redact {

namespace detail {
struct compiled_policy;
}

/// An exact secret (SPEC Rule S). `label` is what reports show (for example
/// the environment variable's name); an empty label is reported as `secret#N`.
/// A value with line breaks is split into lines (each line of 6+ bytes is a
/// secret of its own with the same label).
struct exact_secret {
  std::string label;
  std::string value;
};

/// A custom RE2 rule (SPEC Rule R). `label` is what reports show.
struct regex_rule {
  std::string label;
  std::string pattern;
};

/// The body alphabet of a prefix rule (SPEC Rule T).
enum class key_alphabet : std::uint8_t {
  token,  ///< `A-Z a-z 0-9 _ -`
  alnum,  ///< `A-Z a-z 0-9`
  upper,  ///< `A-Z 0-9`
};

/// A Rule T prefix rule: a key is `prefix` followed by the maximal run of
/// `alphabet` characters when that run's length lies within the bounds.
/// Converts from a plain prefix string (alphabet `token`, policy min_body).
struct prefix_rule {
  std::string prefix;
  key_alphabet alphabet = key_alphabet::token;
  /// Shortest body; unset: the policy's `min_body`.
  std::optional<std::size_t> min_body;
  /// Longest body; unset: no maximum.
  std::optional<std::size_t> max_body;

  prefix_rule() = default;
  prefix_rule(std::string p) : prefix(std::move(p)) {}  // NOLINT: implicit on purpose
  prefix_rule(const char* p) : prefix(p) {}             // NOLINT: implicit on purpose
  prefix_rule(std::string_view p) : prefix(p) {}        // NOLINT: implicit on purpose
  prefix_rule(std::string p, key_alphabet a, std::optional<std::size_t> min,
              std::optional<std::size_t> max)
      : prefix(std::move(p)), alphabet(a), min_body(min), max_body(max) {}

  // Written out: the public headers compile as C++17.
  friend bool operator==(const prefix_rule& a, const prefix_rule& b) noexcept {
    return a.prefix == b.prefix && a.alphabet == b.alphabet && a.min_body == b.min_body &&
           a.max_body == b.max_body;
  }
  friend bool operator!=(const prefix_rule& a, const prefix_rule& b) noexcept { return !(a == b); }
};

/// The field-name presets of SPEC Rule H.
enum class field_preset : std::uint8_t {
  minimal,   ///< `authorization` alone (contract version 1's default)
  standard,  ///< `authorization` and the fifteen credential-only names (the default)
  extended,  ///< the standard names and `token`, `secret`, `signature`, `credential`
};

/// Everything a policy is built from. Defaults are SPEC's defaults.
struct policy_options {
  /// Rule T prefix rules (case-sensitive). `qbt_` always applies (alphabet
  /// `token`, `min_body`, no maximum); list it to give it other bounds.
  std::vector<prefix_rule> prefixes{"qbt_"};
  /// Rule H field names added to the preset's (matched case-insensitively
  /// as substrings).
  std::vector<std::string> fields;
  /// Which built-in field names apply.
  field_preset preset = field_preset::standard;
  /// Minimum Rule T body length of prefixes that name none.
  std::size_t min_body = 8;
  /// Exact keys and credentials that are never masked (documentation examples).
  std::vector<std::string> allowlist;
  /// Rule S exact secrets: each line of a value (split at CR, LF, CRLF) of
  /// at least 6 bytes is one (at most 4096 bytes a line); no terminal escape
  /// sequence inside.
  std::vector<exact_secret> secrets;
  /// Rule R patterns, applied line by line after the other rules.
  std::vector<regex_rule> regexes;
  /// Longest line window Rule R matches at once (bytes).
  std::size_t regex_line_window = std::size_t{1} << 20;
  /// When set, every fingerprint is HMAC-SHA256 keyed by this value instead
  /// of plain SHA-256 (so low-entropy credentials cannot be brute-forced).
  std::optional<std::string> fingerprint_key;
  /// When set (and `fingerprint_key` is not), the fingerprints of findings
  /// that may hold a low-entropy secret a person chose — kinds `field`,
  /// `basic` and `url` (passwords, user:password pairs) — are HMAC-SHA256
  /// keyed by this value, while keys, tokens, JWTs and exact secrets keep
  /// plain SHA-256, which `sha256sum` reproduces.
  std::optional<std::string> credential_fingerprint_key;

  /// Rule families of contract version 2 that can be switched off one by one
  /// (SPEC "Precedence"). With all of them off and the `minimal` preset the
  /// output is contract version 1's.
  bool jwt = true;           ///< Rule J: JSON Web Tokens
  bool url = true;           ///< Rule U: passwords in URLs
  bool encoded = true;       ///< Rule E: keys hidden in base64
  bool pairs = true;         ///< Rule P: name/value pair layouts
  bool private_keys = true;  ///< Rule K: private-key blocks
  bool key_table = true;     ///< Rule T: the vendor key table
  bool secret_forms = true;  ///< Rule S: base64, percent and JSON forms of exact secrets
};

/// The built-in field names of `preset` (SPEC Rule H), lower case.
const std::vector<std::string_view>& preset_field_names(field_preset preset) noexcept;

/// "minimal", "default" or "extended".
std::string_view to_string(field_preset preset) noexcept;

/// Parses a preset name ("minimal", "default" or "extended"); nullopt for
/// any other name. Does not allocate or throw.
std::optional<field_preset> parse_preset(std::string_view name) noexcept;

/// Applies a named preset to `options`; returns false for an unknown name.
bool apply_preset(policy_options& options, std::string_view name) noexcept;

/// Checks `options` the way the policy constructor does, without building
/// anything: returns an empty string when they are valid, otherwise the
/// same one-line message policy::error() would give. Never contains a
/// secret's value. Allocates only for the message; compiles regex rules.
std::string validate(const policy_options& options);

/// An immutable, validated, compiled policy. Thread-safe to share.
class policy {
 public:
  /// Builds the default policy (SPEC defaults).
  policy();
  /// Validates and compiles `options`. Check ok() before use: a redactor
  /// built from a policy that is not ok() masks every line (fails closed).
  explicit policy(policy_options options);

  /// True when the options were valid.
  bool ok() const noexcept;
  /// A one-line, human-readable reason when !ok(); empty otherwise.
  const std::string& error() const noexcept;
  /// The options this policy was built from (normalised: preset applied).
  const policy_options& options() const noexcept;

  /// The prefilter kernel chosen at run time for this CPU: the name of an
  /// entry of the kernel table ("avx512vbmi", "avx512", "avx2", "sse2" or
  /// "scalar" on x86-64; "scalar" elsewhere). REDACT_KERNEL in the
  /// environment forces one the CPU has.
  std::string_view kernel() const noexcept;

  /// A fast pre-check for whole messages: false only when redacting `text` as
  /// one complete stream would change nothing and report nothing, so the
  /// caller may use `text` as it is. It runs the SIMD prefilter (no rule may
  /// start anywhere in `text`, no exact secret occurs in it, and — when every
  /// regex rule's matches start with a known literal — none of those
  /// literals occurs); it answers true when unsure: a policy that is not
  /// ok(), regex rules without literal starts, or any position where a rule
  /// might start. Logging adapters use it to skip the redactor for the
  /// (usual) clean record.
  ///
  ///   if (!pol.might_redact(line)) sink(line); else sink(redact::redact(line, pol));
  bool might_redact(std::string_view text) const noexcept;

  /// Internal: the compiled tables.
  const detail::compiled_policy& compiled() const noexcept { return *impl_; }

 private:
  std::shared_ptr<const detail::compiled_policy> impl_;
};

}  // namespace redact
