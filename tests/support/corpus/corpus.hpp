// corpus.hpp — deterministic, seeded generator of synthetic log corpora.
//
// Used by the benchmarks (bench/), the differential tests against the oracle
// and the core's own tests. The same (kind, bytes, seed) always yields the same
// bytes, on every platform (own PRNG, no std distributions).
//
//   auto g = redact::corpus::generate_with_secrets(redact::corpus::kind::realistic,
//                                                  1 << 20, /*seed=*/42);
//   redact::policy pol(redact::spec::spec_defaults());    // SPEC version 2's defaults
//   std::string out = redact::redact(g.text, pol);
//   assert(out == redact::corpus::expected_output(g));  // every planted secret masked
//   for (const auto& s : g.secrets) assert(out.find(s.value) == std::string::npos);
//
// Kinds:
//  * clean       — realistic mixed formats (nginx/Apache access and error logs,
//                  JSON logs, logfmt, curl -v, Python reprs, Go maps, stack
//                  traces, syslog, and contract version 2's shapes without
//                  credentials: coloured console lines with raw ESC, docker
//                  JSON with `\u001b` texts, URLs without user information,
//                  name/value records of non-credential headers (HAR,
//                  OpenTelemetry, Kubernetes env), large base64 payloads).
//                  Contains no credential: redacting it with SPEC version 2's
//                  default policy, or with the `extended` preset, changes
//                  nothing.
//  * realistic   — clean lines, and about 1% of records carry a credential in
//                  one of SPEC's shapes (Rule T keys and key-table keys, Rule H
//                  fields, Rule B tokens, and half of the time version 2's
//                  shapes: colour codes around fields, URL passwords, JWTs,
//                  keys in base64, name/value pairs, private-key blocks).
//  * dense       — about 80% of records carry a credential.
//  * adversarial — about half of the lines are near misses (`qbt`, `qbt_x`,
//                  `authorizatio`, `Authorization:` with empty or null values,
//                  `Bearer` + short words, `Basic` + non-credentials, long runs
//                  of `=`, `\` and quotes; and version 2's: key-table prefixes
//                  with a body one too short or too long, `eyJ` runs that are
//                  no JWT, URLs without a password, base64 of non-keys,
//                  certificate and public-key blocks, null or non-credential
//                  name/value records, placeholder words, already redacted
//                  text). Contains no credential: redacting it with SPEC
//                  version 2's default policy, or `extended`, changes nothing.
//
// Every credential is synthetic (random bodies from a seeded PRNG).
// The expected output (`expected_output`) is derived from how each line was
// built, following SPEC.md, for SPEC VERSION 2'S DEFAULT POLICY (the default
// field names, the key table, Rules J, U, E, P, K on, min_body 8, no exact
// secrets, no regexes: `redact::spec::spec_defaults()` in tests/support/spec).
// Until version 1's defaults of `policy_options` change, pass those options
// explicitly. Allocates; not for hot paths.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace redact::corpus {

/// The four corpus flavours (see the file comment).
enum class kind : std::uint8_t { clean, realistic, dense, adversarial };

/// All kinds, in declaration order.
inline constexpr kind all_kinds[] = {kind::clean, kind::realistic, kind::dense, kind::adversarial};

/// "clean", "realistic", "dense" or "adversarial".
std::string_view to_string(kind k) noexcept;
/// Inverse of to_string(); nullopt for an unknown name.
std::optional<kind> parse_kind(std::string_view name) noexcept;

/// One credential planted in a corpus.
struct planted_secret {
  /// Byte offset in `text` of the span the default policy must replace with `***`.
  std::size_t mask_offset = 0;
  /// Length of that span (the credential without its scheme and without a
  /// kept Rule T prefix; for Rule T the key body).
  std::size_t mask_length = 0;
  /// Random, unique bytes inside the span that must never appear in redacted
  /// output (usually the whole span; for Digest the response parameter).
  std::string value;
  /// The shape that carried it, e.g. "T/url", "H/curl", "B/nginx" (static string).
  std::string_view shape;
  /// True when this span belongs to the same finding as the span before it
  /// (the lines of one private-key block); false when it starts a finding.
  bool continues_finding = false;
};

/// A corpus and the credentials planted in it, sorted by mask_offset.
struct generated {
  std::string text;
  std::vector<planted_secret> secrets;
};

/// Generates exactly `bytes` bytes of `k` from `seed` (the last line may be a
/// filler line of dots). Lines end with LF; a few clean lines end with CRLF.
generated generate_with_secrets(kind k, std::size_t bytes, std::uint64_t seed);

/// Same text as generate_with_secrets(k, bytes, seed).text.
std::string generate(kind k, std::size_t bytes, std::uint64_t seed);

/// The text with every planted span replaced by `***`: what SPEC version 2's
/// default policy must output for `g.text` (SPEC.md, derived from construction).
std::string expected_output(const generated& g);

/// The planted secrets whose `value` still occurs in `redacted` (empty when
/// every credential was removed).
std::vector<const planted_secret*> surviving_secrets(std::string_view redacted, const generated& g);

}  // namespace redact::corpus
