// corpus.hpp — deterministic, seeded generator of synthetic log corpora.
//
// Used by the benchmarks (bench/), the differential tests against the oracle
// and the core's own tests. The same (kind, bytes, seed) always yields the same
// bytes, on every platform (own PRNG, no std distributions).
//
//   auto g = redact::corpus::generate_with_secrets(redact::corpus::kind::realistic,
//                                                  1 << 20, /*seed=*/42);
//   std::string out = redact::redact(g.text);           // default policy
//   assert(out == redact::corpus::expected_output(g));  // every planted secret masked
//   for (const auto& s : g.secrets) assert(out.find(s.value) == std::string::npos);
//
// Kinds:
//  * clean       — realistic mixed formats (nginx/Apache access and error logs,
//                  JSON logs, logfmt, curl -v, Python reprs, Go maps, stack
//                  traces, syslog). Contains no credential: redacting it with
//                  the default policy (or the `extended` preset) changes nothing.
//  * realistic   — clean lines, and about 1% of lines carry a credential in one
//                  of SPEC's shapes (Rule T keys, Rule H fields, Rule B tokens).
//  * dense       — about 80% of lines carry a credential.
//  * adversarial — about half of the lines are near misses (`qbt`, `qbt_x`,
//                  `authorizatio`, `Authorization:` with empty or null values,
//                  `Bearer` + short words, `Basic` + non-credentials, long runs
//                  of `=`, `\` and quotes). Contains no credential: redacting it
//                  with the default policy changes nothing.
//
// Every credential is synthetic (random bodies from a seeded PRNG).
// The expected output (`expected_output`) is derived from how each line was
// built, following SPEC.md, for the DEFAULT policy (prefix `qbt_`, field
// `authorization`, min_body 8, no secrets, no regexes). Allocates; not for hot
// paths.
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

/// The text with every planted span replaced by `***`: what the default policy
/// must output for `g.text` (SPEC.md, derived from construction).
std::string expected_output(const generated& g);

/// The planted secrets whose `value` still occurs in `redacted` (empty when
/// every credential was removed).
std::vector<const planted_secret*> surviving_secrets(std::string_view redacted, const generated& g);

}  // namespace redact::corpus
