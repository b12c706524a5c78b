// Internal: the compiled form of a policy — flat tables the run-time loops read
// without branching on configuration. Built once by policy's constructor.
#pragma once

#include <re2/re2.h>
#include <re2/set.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fingerprint.hpp"
#include "kernels.hpp"
#include "prefilter.hpp"
#include "redact/policy.hpp"
#include "redact/redactor.hpp"

namespace redact::detail {

/// Longest run (spaces/tabs or backslashes) inside a Rule H field structure
/// before the value; longer runs end the structure (docs/rules.md).
inline constexpr std::size_t k_max_run = 64;
/// A Basic run longer than this is masked without the decoding check.
inline constexpr std::size_t k_max_basic_run = 1024;
/// The quoted-parameter look-ahead window (SPEC Rule H).
inline constexpr std::size_t k_param_window = 512;
/// Longest accepted prefix, field name, allowlisted key and min_body.
inline constexpr std::size_t k_max_literal = 256;
/// Shortest exact secret (each line of a split value) and longest line.
inline constexpr std::size_t k_min_secret = 6;
inline constexpr std::size_t k_max_secret = 4096;
/// Longest auth scheme name (`aws4-hmac-sha256`, SPEC Rule H).
inline constexpr std::size_t k_longest_scheme = 16;
/// Most spaces between the `(`/`[` and the quoted name of the tuple form.
inline constexpr std::size_t k_tuple_max_spaces = 8;
/// Shortest bare Bearer token and Basic run (SPEC Rule B).
inline constexpr std::size_t k_bearer_min_token = 16;
inline constexpr std::size_t k_basic_min_run = 8;

/// Rule J's bounds: the header check reads 64 characters of a first segment
/// of at least 10; the second dot lies within 8,192 bytes; a run of more
/// than 64 dots ends a token.
inline constexpr std::size_t k_jwt_header_check = 64;
inline constexpr std::size_t k_jwt_min_header = 10;
inline constexpr std::size_t k_jwt_second_dot = 8192;
inline constexpr std::size_t k_jwt_max_dots = 64;
/// Rule U's bound: a password is decided within 4,096 bytes (and, in this
/// implementation, its first `:` is looked for within as many bytes of the
/// `://`, docs/rules.md).
inline constexpr std::size_t k_url_window = 4096;
/// Most bytes Rule E decodes before it decides: 2 bytes before the key, a
/// prefix and a body of 256 each, and one more.
inline constexpr std::size_t k_max_encoded_bytes = 2 + 256 + 256 + 2;
/// The bytes of Rule E's three characters before an anchor (each may be `\/`).
inline constexpr std::size_t k_encoded_back_bytes = 6;
/// Rule E, touching a mask: for a prefix rule without a maximum, a decoded
/// key body shorter than this is followed to its end (docs/rules.md E5);
/// a longer one is masked wherever its run ends.
inline constexpr std::size_t k_encoded_touch_body = 256;
/// Longest URL scheme looked back for.
inline constexpr std::size_t k_max_url_scheme = 64;

/// Rule K's bounds: a marker's label is at most 40 bytes; a following line
/// is classified on its first 80 bytes (after its leading blanks). A BEGIN
/// marker is `-----BEGIN ` + label + `-----` (56 bytes at most), an END
/// marker `-----END ` + label + `-----` (54).
inline constexpr std::size_t k_key_max_label = 40;
inline constexpr std::size_t k_key_line_look = 80;
inline constexpr std::size_t k_key_begin_max = 11 + k_key_max_label + 5;
inline constexpr std::size_t k_key_end_max = 9 + k_key_max_label + 5;
/// Rule P's bounds: a name member's string closes within 128 bytes of its
/// opening quote (an unquoted one is at most 128 bytes); a pair's gap holds
/// at most two line breaks; the OpenTelemetry form allows 64 bytes of
/// blanks and line breaks after `{`.
inline constexpr std::size_t k_pair_max_name = 128;
inline constexpr std::size_t k_pair_max_breaks = 2;
inline constexpr std::size_t k_pair_otel_blanks = 64;

/// The scanner's look-ahead, decision by decision (core/DESIGN.md, "Hold-back
/// bound"): the longest stretch of bytes each one may need to see before it
/// decides. compute_lookahead() (policy.cpp) takes their maximum.
struct lookahead_parts {
  std::size_t field_and_value;  // name, key close, spaces, separator, opener, scheme, credential
  std::size_t quoted_parameter;
  std::size_t basic_run;
  std::size_t key_body;
  std::size_t jwt;
  std::size_t url;
  std::size_t encoded;
  std::size_t private_key;  // Rule K: a marker, a following line's classification
  std::size_t pairs;        // Rule P: a name member, a value member and its value
};

/// compiled_policy::anchor bits: a field name or a prefix starts with the
/// byte (Rule P's name members and Rule T's look-behind test them; which
/// detectors run at a candidate comes from the literal index).
inline constexpr std::uint8_t anchor_field = 1;
inline constexpr std::uint8_t anchor_prefix = 4;

/// One Rule T body shape: alphabet and bounds (max_body 0: no maximum).
struct key_shape {
  key_alphabet alphabet = key_alphabet::token;
  std::uint32_t min_body = 8;
  std::uint32_t max_body = 0;
  friend bool operator==(const key_shape&, const key_shape&) = default;
};

/// A Rule E anchor: the base64 characters prefix `prefix` alone determines
/// when it starts at byte `offset` of a group; they start `back` characters
/// after the finding's first character (rule_e.cpp).
struct encoded_anchor {
  std::string text;
  std::uint32_t prefix = 0;
  std::uint8_t offset = 0;
  std::uint8_t back = 0;
};

struct compiled_secret {
  std::string value;
  std::string label;
  std::array<char, 8> fingerprint;
};

struct compiled_policy {
  policy_options options;
  std::string error;
  bool ok = false;

  // The rule families of contract version 2 that are on.
  struct rule_families {
    bool jwt = false, url = false, encoded = false, pairs = false, private_keys = false,
         secret_forms = false;
  } on;

  // Rule T: the distinct prefixes sorted by length, shortest first, and for
  // each the body shapes of its rules (one for most; a configured prefix that
  // is also in the key table has two, and the longest key wins).
  std::vector<std::string> prefixes;
  std::vector<std::vector<key_shape>> prefix_shapes;
  // Rule E's anchors (empty when the rule is off).
  std::vector<encoded_anchor> encoded_anchors;
  // The most body characters a key decision looks at (lookahead).
  std::size_t max_key_look = 0;
  std::size_t max_prefix_len = 0;

  // Rule H: lower-cased names sorted longest first.
  std::vector<std::string> fields;
  // The same names with every byte OR-ed with 0x20, for a word-at-a-time
  // rejection test before the exact case-insensitive match.
  std::vector<std::string> fields_folded;
  // Per name: only ASCII letters, so the folded test is the exact match.
  std::vector<std::uint8_t> field_all_letters;
  std::size_t max_field_len = 0;

  // Allowlist (exact keys) and the longest credential Rule H leaves alone.
  std::vector<std::string> allowlist;
  std::size_t max_allow_len = 0;
  std::size_t max_left_alone_len = 0;
  // First bytes a left-alone credential can start with (`*`, null..., a
  // prefix, an allowlisted key): any other first byte means "mask".
  std::array<bool, 256> left_alone_first{};
  // The same, by kind: placeholder words (either case) and allowlisted keys.
  std::array<bool, 256> placeholder_first{};
  std::array<bool, 256> allow_first{};

  // Rule S: secrets sorted longest first.
  std::vector<compiled_secret> secrets;
  std::size_t max_secret_len = 0;
  std::array<bool, 256> secret_first{};
  // The secrets' values with prefilter tables (same kernels as stage 2).
  literal_set secret_literals;

  // The bytes a field name or a prefix starts with (anchor_* bits).
  std::array<std::uint8_t, 256> anchor{};

  // Rule R: compiled patterns, their labels, and a set that tells quickly
  // whether any of them matches a line.
  std::vector<std::unique_ptr<RE2>> regexes;
  std::vector<std::string> regex_labels;
  std::unique_ptr<RE2::Set> regex_set;
  // The same patterns wrapped as (?m:...), for testing many complete lines at
  // once (regex_stage.hpp); null when some pattern is not safe to batch.
  std::unique_ptr<RE2::Set> regex_batch_set;
  // When every pattern's matches start with a literal of 2+ bytes (RE2's
  // PossibleMatchRange): those literals, and prefilter tables over them, so a
  // batch in which none occurs is skipped without running the set.
  literal_set regex_literals;
  bool regex_literal_filter = false;
  std::size_t regex_window = 0;

  // Prefilter tables over the Rule H, B and T literals (pf.confirm is also
  // the scanner's literal index) and the kernel chosen for this CPU
  // (kernels.hpp): its find and span functions and its name.
  prefilter_tables pf;
  find_fn find = nullptr;
  span_fn span = nullptr;
  // The escape stage's kernel (escapes.hpp).
  std::size_t (*find_escape)(const char*, std::size_t, std::size_t) = nullptr;
  std::string_view kernel;

  // Fingerprint key (HMAC) material; empty = plain SHA-256. The credential
  // key applies to the kinds that may hold a chosen password.
  fingerprint_key fp_key;
  fingerprint_key credential_fp_key;

  // key_for() of each kind, for the scanner's per-finding lookup.
  std::array<const fingerprint_key*, finding_kind_count> fp_keys{};

  /// The key a finding of `kind` is fingerprinted with (disabled: SHA-256).
  const fingerprint_key* key_for(finding_kind kind) const noexcept {
    if (fp_key.enabled) return &fp_key;
    const bool chosen =
        kind == finding_kind::field || kind == finding_kind::basic || kind == finding_kind::url;
    return chosen ? &credential_fp_key : &fp_key;
  }

  // Look-ahead bound of the scanner (the maximum of its parts, plus slack)
  // and of the Rule S stage.
  lookahead_parts scan_parts{};
  std::size_t scan_lookahead = 0;
  std::size_t secret_lookahead = 0;
};

}  // namespace redact::detail
