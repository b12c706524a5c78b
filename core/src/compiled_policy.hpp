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
/// Longest accepted exact secret.
inline constexpr std::size_t k_max_secret = 4096;
/// Longest auth scheme name (`aws4-hmac-sha256`, SPEC Rule H).
inline constexpr std::size_t k_longest_scheme = 16;
/// Most spaces between the `(`/`[` and the quoted name of the tuple form.
inline constexpr std::size_t k_tuple_max_spaces = 8;
/// Shortest bare Bearer token and Basic run (SPEC Rule B).
inline constexpr std::size_t k_bearer_min_token = 16;
inline constexpr std::size_t k_basic_min_run = 8;

/// The scanner's look-ahead, decision by decision (core/DESIGN.md, "Hold-back
/// bound"): the longest stretch of bytes each one may need to see before it
/// decides. compute_lookahead() (policy.cpp) takes their maximum.
struct lookahead_parts {
  std::size_t field_and_value;  // name, key close, spaces, separator, opener, scheme, credential
  std::size_t quoted_parameter;
  std::size_t basic_run;
  std::size_t key_body;
};

/// compiled_policy::anchor bits: a field name, `Bearer`/`Basic`, or a prefix
/// starts with the byte (the literal kinds of the prefilter's index).
inline constexpr std::uint8_t anchor_field = lit_field;
inline constexpr std::uint8_t anchor_bare = lit_bare;
inline constexpr std::uint8_t anchor_prefix = lit_prefix;

struct compiled_secret {
  std::string value;
  std::string label;
  std::array<char, 8> fingerprint;
};

struct compiled_policy {
  policy_options options;
  std::string error;
  bool ok = false;

  // Rule T: prefixes sorted by length, shortest first.
  std::vector<std::string> prefixes;
  std::size_t min_body = 8;
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

  // Rule S: secrets sorted longest first.
  std::vector<compiled_secret> secrets;
  std::size_t max_secret_len = 0;
  std::array<bool, 256> secret_first{};
  // The secrets' values with prefilter tables (same kernels as stage 2).
  literal_set secret_literals;

  // The scanner's anchors: bytes at which a Rule H, B or T finding may start
  // (anchor_* bits), for policies whose literal index is not usable.
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
