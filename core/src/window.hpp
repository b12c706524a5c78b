// Internal: what a detector sees and what it answers (core/DESIGN.md,
// "Decide, then commit").
//
// A detector is a pure function of the policy and a window of text: it reads
// bytes, decides, and returns a verdict with a plan. It writes nothing; the
// scanner's one commit() applies an accepted plan. A detector that runs out
// of window before it can decide answers need_more, and the same bytes,
// presented again with more after them, are decided the same way — that is
// what makes the output independent of chunking.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "redact/policy.hpp"
#include "redact/redactor.hpp"

namespace redact::detail {

/// Longest URL scheme kept as a finding's label.
inline constexpr std::size_t k_max_url_label = 32;

/// The bytes a stage decides over. `d[0, n)` may be emitted; `end` is n, or
/// n + 1 when the stream ends there: the stitcher then puts a LF at d[n], a
/// *virtual LF* that is read but never emitted. Every rule ends at a line
/// break, so "the end of input terminates everything" needs no branches of
/// its own. Bytes before d[0] are in the look-behind history.
struct window {
  const char* d = nullptr;
  std::size_t n = 0;
  std::size_t end = 0;
  const char* hist = nullptr;  // the last hist_len bytes before d[0]
  std::size_t hist_len = 0;
  // The last masked span, relative to d[0] (negative: before the window):
  // look-behind reads its bytes as `*`, as the output has them (SPEC
  // "Looking back").
  std::int64_t mask_lo = 0, mask_hi = 0;
  // Bytes before this index have been written out (a finding cannot start
  // there any more).
  std::size_t emitted = 0;

  unsigned char at(std::size_t j) const noexcept { return static_cast<unsigned char>(d[j]); }
  /// Is d[j] readable? When it is not, a detector that needs it answers need_more.
  bool has(std::size_t j) const noexcept { return j < end; }
  /// Readable bytes from j on.
  std::size_t room(std::size_t j) const noexcept { return j < end ? end - j : 0; }
  /// The byte `back` positions before d[i] (1 = the one right before) as the
  /// output has it (`*` inside the last masked span), or -1 when the history
  /// does not reach that far.
  int before(std::size_t i, std::size_t back) const noexcept {
    const auto j = static_cast<std::int64_t>(i) - static_cast<std::int64_t>(back);
    if (j >= mask_lo && j < mask_hi) return '*';
    if (back <= i) return static_cast<unsigned char>(d[i - back]);
    const std::size_t h = back - i;
    if (h > hist_len) return -1;
    return static_cast<unsigned char>(hist[hist_len - h]);
  }
};

enum class verdict : std::uint8_t {
  reject,     ///< nothing of this rule starts here
  accept,     ///< the plan says what to do
  need_more,  ///< the window ends before the decision
};

/// How a Rule H credential ends (SPEC Rule H, value modes; to_eol: a quoted
/// parameter that did not close within its window, failing closed).
enum class value_mode : std::uint8_t { quoted, line, line_bracket, word, to_eol };

/// A credential's value mode with, for QUOTED values, the opener's quote and
/// its number of backslashes (SPEC's k).
struct value_shape {
  value_mode mode = value_mode::word;
  char quote = '"';
  std::uint32_t depth = 0;
  bool brace = false;  // `}` also ends a LINE credential (Rule P's OpenTelemetry form)
};

/// What a field name and separator looked like (decides the value mode).
struct field_shape {
  bool key_quoted = false;
  bool colon_only = false;  // unquoted key and exactly `:`
  bool tuple = false;       // `,` in tuple form: the value must be quoted
  bool brace = false;       // the value's LINE credential also ends at `}` (value_shape)
};

/// How a masked span continues once committed: the maximal run of a key
/// alphabet (key), a Bearer or Basic token and its padding, a Rule H
/// credential up to its value mode's terminator (field), or up to a position
/// the detector already saw (fixed).
enum class span_kind : std::uint8_t {
  key,
  bearer,
  bearer_pad,
  basic,
  basic_pad,
  field,
  fixed,
  jwt,      // the rest of a JWT: segments and dot runs of at most 64
  encoded,  // a key hidden in base64, decoded as it is masked (Rule E)
};

/// A detector's decision. Exactly one of the actions:
///  * resume — nothing to mask; normal scanning resumes at `at`;
///  * mask — a finding of `kind` whose secret starts at `at`; `kept` bytes
///    there stay (a Rule T prefix), the rest up to the span's end becomes
///    `***`; the span continues as `span` (with `value` for fields, the
///    alphabet for keys, and `end` for fixed spans);
///  * value_blanks — a field whose separator is followed by more than 64
///    blanks: stream them from `at`, then decide the value (`field`);
///  * cred_blanks — a kept scheme (or a bare Bearer/Basic) followed by more
///    than 64 blanks: stream them from `at`, then decide the credential of
///    `pending` (`value` for fields);
///  * arm_url — a URL password [url_start, end) that starts later: scanning
///    resumes at `at`, and the password is masked when scanning reaches it
///    unless a finding reaches past its first byte first (rule_u.cpp).
///  * arm_key — a Rule K BEGIN marker whose label is [label_from, +label_len)
///    and whose first maskable byte is `end`: scanning resumes at `at`, and
///    the block starts when scanning reaches `end` (rule_k.cpp);
///  * pair_blanks — a Rule P value member whose separator is followed by
///    more than 64 blanks: stream them from `at`, then decide the value;
///  * pair_otel — a Rule P value `{` followed by line breaks: stream blanks
///    and line breaks from `at` (64 bytes at most), then look for the
///    OpenTelemetry `stringValue` member (rule_p.cpp).
/// A plan from a detector at a candidate carries the label's place in the
/// window (`label_len` > 0); plans made later keep the label already taken.
struct plan {
  enum class action : std::uint8_t {
    resume,
    mask,
    value_blanks,
    cred_blanks,
    arm_url,
    arm_key,
    pair_blanks,
    pair_otel
  };
  action act = action::resume;
  std::size_t at = 0;
  std::size_t kept = 0;
  finding_kind kind = finding_kind::token;
  span_kind span = span_kind::key;
  key_alphabet alphabet = key_alphabet::token;
  std::size_t end = 0;
  value_shape value{};
  field_shape field{};
  finding_kind pending = finding_kind::field;
  std::size_t label_from = 0;
  std::size_t label_len = 0;
  std::string_view label_text;  // a fixed label (`JWT`) instead of one in the window
  // arm_url: the password's first byte (its end is `end`) and the scheme,
  // copied (it may lie before the window).
  std::size_t url_start = 0;
  // encoded: the bytes decoded before the key, the prefix's length, and the
  // body's maximum (0: none); the body alphabet is `alphabet`.
  std::uint8_t encoded_offset = 0;
  std::uint32_t encoded_prefix = 0;
  std::uint32_t encoded_max = 0;
  char label_buf[k_max_url_label] = {};
  std::size_t label_buf_len = 0;
  // Rule P: after this LINE credential `{` (and its blanks) ends at its
  // line break, look for the OpenTelemetry member on the next lines.
  bool otel_next = false;
  // resume: a credential left alone because it is allowlisted or already
  // redacted: scanning resumes after it and no other rule starts inside it
  // (SPEC "Already redacted", "Allowlist").
  bool skip_past = false;

  static plan resume_at(std::size_t at) noexcept {
    plan p;
    p.at = at;
    return p;
  }
};

}  // namespace redact::detail
