// Internal: the detectors of Rules H, B and T (SPEC), one file per rule
// (rule_h.cpp, rule_b.cpp, rule_t.cpp). Each is a pure function of the
// compiled policy and a window (window.hpp): it returns a verdict and, when
// it accepts, fills a plan; it never writes anything else.
//
// The detectors the scanner runs at a candidate, in SPEC's precedence order
// at one position, are listed in k_candidate_detectors (scanner.cpp), keyed
// by the kind of literal the prefilter confirmed there.
#pragma once

#include <cstddef>
#include <string_view>

#include "compiled_policy.hpp"
#include "window.hpp"

namespace redact::detail {

// ---------------------------------------------------------------- Rule H

/// A field name (cp.fields[field]) at i, its key close, spaces and
/// separator, and its value. Accepts a mask, value_blanks or cred_blanks
/// plan; a field that yields no finding (empty, null, nested, already
/// redacted, a tuple without a quoted value) is rejected, so that Rules B
/// and T still get their turn at i (SPEC precedence).
verdict detect_field(const compiled_policy& cp, const window& w, std::size_t i, std::size_t field,
                     plan& out) noexcept;

/// The value of a field whose first byte after the separator's blanks is at
/// i: opener, value mode, scheme, credential. Accepts mask, cred_blanks or
/// resume (no finding) plans.
verdict decide_value(const compiled_policy& cp, const window& w, std::size_t i,
                     const field_shape& field, plan& out) noexcept;

/// A field credential starting at cs in a value of shape `v`: left alone
/// (resume at cs) or masked.
verdict decide_credential(const compiled_policy& cp, const window& w, std::size_t cs,
                          const value_shape& v, plan& out) noexcept;

/// Is the byte at j a terminator of a credential of shape `v`? (accept: yes)
verdict credential_ends_at(const window& w, std::size_t j, const value_shape& v) noexcept;

/// What follows an `=` inside a LINE or WORD credential (SPEC Rule H
/// refinements, quoted parameters).
enum class parameter : std::uint8_t {
  none,      ///< no quoted parameter: the quote, if any, is an ordinary terminator
  closes,    ///< a quoted parameter that closes; the credential goes on at `end`
  unclosed,  ///< 512 bytes without its closing quote: the credential runs to the line end
  need_more,
};
parameter quoted_parameter(const compiled_policy& cp, const window& w, std::size_t j,
                           std::size_t& end) noexcept;

/// Is a Rule H credential (its bytes, in a value of mode `mode`) left alone?
bool is_left_alone(const compiled_policy& cp, std::string_view cred, value_mode mode) noexcept;
/// Allowlisted or already redacted: scanning resumes after it.
bool is_skipped_past(const compiled_policy& cp, std::string_view cred) noexcept;

/// SPEC Rule H, QUOTED mode: a quote of the opener's kind with r backslashes
/// before it closes the value when r < k or when (r - k) is a multiple of 2k+2.
inline bool closes(std::uint64_t r, std::uint64_t k) noexcept {
  return r < k || (r - k) % (2 * k + 2) == 0;
}

// ---------------------------------------------------------------- Rule B

/// `Bearer`/`Basic` at i (not after a letter), blanks, and a token.
verdict detect_bare(const compiled_policy& cp, const window& w, std::size_t i, plan& out) noexcept;

/// Is there a Bearer token (16+ token68 characters, not allowlisted) at t?
verdict bearer_token_at(const compiled_policy& cp, const window& w, std::size_t t) noexcept;

/// Is there a Basic credential (a base64 run decoding to user:password, not
/// allowlisted) at t? Runs longer than 1,024 characters fail closed.
verdict basic_token_at(const compiled_policy& cp, const window& w, std::size_t t) noexcept;

// ---------------------------------------------------------------- Rule J

/// A JSON Web Token starting at i (`eyJ`).
verdict detect_jwt(const compiled_policy& cp, const window& w, std::size_t i, plan& out) noexcept;

// ---------------------------------------------------------------- Rule U

/// A URL at i (`://` or `:\/\/`) whose authority holds a password.
verdict detect_url(const compiled_policy& cp, const window& w, std::size_t i, plan& out) noexcept;

/// Is [ps, pe) a password Rule U masks (not empty, not redacted before, not
/// allowlisted)? `kept` gets the length of a Rule T prefix at its start.
verdict url_password(const compiled_policy& cp, const window& w, std::size_t ps, std::size_t pe,
                     std::size_t& kept) noexcept;

// ---------------------------------------------------------------- Rule E

/// Rule E's anchors for the policy's prefixes.
std::vector<encoded_anchor> build_encoded_anchors(const std::vector<std::string>& prefixes);

/// A key hidden in base64 whose anchor cp.encoded_anchors[anchor] is at c;
/// the finding starts 0, 2 or 3 characters before it.
verdict detect_encoded(const compiled_policy& cp, const window& w, std::size_t c,
                       std::size_t anchor, plan& out) noexcept;
// ---------------------------------------------------------------- Rule K

/// A BEGIN marker whose `BEGIN ` is at i (`-----BEGIN `, a label, `-----`).
/// Accepts an arm_key plan: scanning resumes at i + 1 (other rules may start
/// inside the marker) and the block starts at the marker's end.
verdict detect_private_key(const compiled_policy& cp, const window& w, std::size_t i,
                           plan& out) noexcept;

/// Does an END marker (`-----END `, a label, `-----`) start at j?
verdict end_marker_at(const window& w, std::size_t j) noexcept;
/// Does a BEGIN marker (`-----BEGIN `, a label, `-----`) start at j? Its
/// label is at j + 11, `label_len` bytes.
verdict begin_marker_at(const window& w, std::size_t j, std::size_t& label_len) noexcept;

/// `-----BEGIN` (a BEGIN marker's first bytes, before its space).
inline constexpr std::size_t k_begin_intro = 10;
/// Do the plain-text bytes right before w.d[e] (the window, then its
/// history) end with `-----BEGIN`?
bool begin_intro_before(const window& w, std::size_t e) noexcept;

/// Is [p, p + n) a marker label: at most 40 bytes of `A-Z 0-9` and spaces
/// ending in `PRIVATE KEY` or `PRIVATE KEY BLOCK`?
bool is_key_label(const char* p, std::size_t n) noexcept;

/// What follows a BEGIN marker on its own line (from its end f).
enum class begin_rest : std::uint8_t {
  line_end,              ///< nothing: the line ends at f
  end_marker,            ///< an END marker at f: the block is over
  kept_then_line_end,    ///< already redacted (`***`) to the line end
  kept_then_end_marker,  ///< already redacted up to an END marker
  mask,                  ///< masked up to an END marker or the line end
};
verdict decide_begin_rest(const window& w, std::size_t f, begin_rest& out) noexcept;

/// A line of a block after the BEGIN line, from its first byte after the
/// leading blanks (j).
enum class key_line : std::uint8_t {
  empty,       ///< kept
  end_marker,  ///< ends the block (the marker is kept)
  key,         ///< a key line: its content becomes `***`
  kept,        ///< a key line already redacted (`***`): kept
  header,      ///< a PEM header line: kept, other rules apply inside it
  other,       ///< ends the block, not masked
};
verdict classify_key_line(const window& w, std::size_t j, key_line& out) noexcept;

/// A marker that ends with the `-` at w.d[pos] (its last dash), read back
/// on the plain text (the window and its history).
struct marker_hit {
  bool begin = false;         // BEGIN (else END)
  std::size_t length = 0;     // of the whole marker
  std::size_t label_len = 0;  // label[0, label_len)
  char label[k_key_max_label] = {};
};
bool marker_ending_at(const window& w, std::size_t pos, marker_hit& out) noexcept;

// ---------------------------------------------------------------- Rule P

/// The output as produced so far, for Rule P's look-behind (SPEC "Looking
/// back"): the last bytes the scanner wrote (`tail`, masks as `***`), then
/// the window's bytes from `from` on, which are text not yet written.
struct output_view {
  const window* w = nullptr;
  const char* tail = nullptr;
  std::size_t tail_len = 0;
  std::size_t from = 0;

  /// The byte `back` positions before w->d[i] (i >= from), or -1.
  int before(std::size_t i, std::size_t back) const noexcept {
    if (back <= i - from) return static_cast<unsigned char>(w->d[i - back]);
    const std::size_t b = back - (i - from);
    return b <= tail_len ? static_cast<unsigned char>(tail[tail_len - b]) : -1;
  }
};

/// Is the field name cp.fields[field] at i the end of a name member's
/// string (`"name": "X-Api-Key"`, `key=Authorization`), judged looking back
/// on the output? `end` gets the string's end (after its closing quote).
verdict pair_name_at(const compiled_policy& cp, const window& w, const output_view& ov,
                     std::size_t i, std::size_t field, std::size_t& end) noexcept;

/// Does a name member (member key `name` or `key`, separator, a string of
/// at most 128 bytes) start at i? Read ahead on the plain text; `end` gets
/// where its string ends (after a closing quote), `quoted` its kind.
/// An unquoted word longer than 128 bytes on the plain text is accepted with
/// `long_word` set and `end` at its first byte: on the output (with masks
/// inside) it may be short enough, so the scanner judges it where it ends.
verdict name_member_at(const window& w, std::size_t i, std::size_t& end, bool& quoted,
                       bool& long_word) noexcept;

/// Does a name member's string end right before w.d[e] (`quoted`: with a
/// closing quote), judged looking back on the output? 0: no; 1: yes; 2: yes,
/// and it ends with a configured field name (the longest), whose bytes are
/// the `label_len` bytes from back distance `label_back` on.
int name_member_ending_at(const compiled_policy& cp, const output_view& ov, std::size_t e,
                          bool quoted, std::size_t& label_back, std::size_t& label_len) noexcept;

/// A value member key at i and its value, read as in Rule H (SPEC Rule P);
/// the scanner decides whether it is paired. Rejects when there is no value
/// member or it yields no finding.
verdict detect_pair_value(const compiled_policy& cp, const window& w, std::size_t i,
                          plan& out) noexcept;

/// The value of a value member from its first byte after the separator's
/// blanks (v): the OpenTelemetry form or Rule H's steps 5-6. Accepts mask,
/// cred_blanks, value_blanks, pair_otel or resume (no finding) plans.
verdict decide_pair_value(const compiled_policy& cp, const window& w, std::size_t v,
                          const field_shape& shape, plan& out) noexcept;

/// The OpenTelemetry inner member at j (an optional quote, `stringValue` or
/// `string_value`, Rule H steps 1-4) and its value, where `}` also ends an
/// unquoted credential. Rejects when the member is not there.
verdict decide_otel_member(const compiled_policy& cp, const window& w, std::size_t j,
                           plan& out) noexcept;

// ---------------------------------------------------------------- Rule T

/// A key: cp.prefixes[prefix] at i and a body of one of its shapes (the
/// longest wins). Already redacted (`prefix***`) and allowlisted keys are
/// accepted as resume plans: nothing starts inside them.
verdict detect_key(const compiled_policy& cp, const window& w, std::size_t i, std::size_t prefix,
                   plan& out) noexcept;

/// The k_class flag of a key alphabet (ascii.hpp).
std::uint16_t alphabet_class(key_alphabet a) noexcept;

/// Does a configured prefix start at cs? `len` gets the shortest one's
/// length (0 for none).
verdict prefix_at(const compiled_policy& cp, const window& w, std::size_t cs,
                  std::size_t& len) noexcept;

}  // namespace redact::detail
