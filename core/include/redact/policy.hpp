// redact/policy.hpp — the compiled, immutable redaction policy.
//
// A policy is built once from `policy_options` (prefixes, field names, the
// `extended` preset, allowlist, exact secrets, regex rules), validated, and
// then shared read-only by any number of redactors on any number of threads.
//
//   redact::policy_options opts;                 // defaults: qbt_ keys, Authorization
//   opts.prefixes.push_back("sk_live_");
//   opts.extended = true;                        // x-api-key, cookie, password, ...
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
struct exact_secret {
  std::string label;
  std::string value;
};

/// A custom RE2 rule (SPEC Rule R). `label` is what reports show.
struct regex_rule {
  std::string label;
  std::string pattern;
};

/// Everything a policy is built from. Defaults are SPEC's defaults.
struct policy_options {
  /// Rule T prefixes (case-sensitive). Default: `qbt_`.
  std::vector<std::string> prefixes{"qbt_"};
  /// Rule H field names (matched case-insensitively as substrings).
  std::vector<std::string> fields{"authorization"};
  /// Adds SPEC's `extended` preset of eleven field names.
  bool extended = false;
  /// Minimum Rule T body length.
  std::size_t min_body = 8;
  /// Exact keys that are never masked (documentation example keys).
  std::vector<std::string> allowlist;
  /// Rule S exact secrets (at least 6 bytes, no CR/LF).
  std::vector<exact_secret> secrets;
  /// Rule R patterns, applied line by line after the other rules.
  std::vector<regex_rule> regexes;
  /// Longest line window Rule R matches at once (bytes).
  std::size_t regex_line_window = std::size_t{1} << 20;
  /// When set, fingerprints are HMAC-SHA256 keyed by this value instead of
  /// plain SHA-256 (so low-entropy credentials cannot be brute-forced).
  std::optional<std::string> fingerprint_key;
};

/// The field names the `extended` preset adds (SPEC Rule H).
const std::vector<std::string_view>& extended_field_names() noexcept;

/// Applies a named preset to `options`; returns false for an unknown name.
/// The only preset today is "extended".
bool apply_preset(policy_options& options, std::string_view name);

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

  /// The prefilter kernel chosen at run time for this CPU: "avx512vbmi",
  /// "avx512", "avx2", "sse2" or "scalar" (REDACT_KERNEL in the environment
  /// forces one the CPU has).
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
