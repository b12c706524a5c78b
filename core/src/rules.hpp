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

// ---------------------------------------------------------------- Rule E

/// Rule E's anchors for the policy's prefixes.
std::vector<encoded_anchor> build_encoded_anchors(const std::vector<std::string>& prefixes);

/// A key hidden in base64 whose anchor cp.encoded_anchors[anchor] is at c;
/// the finding starts 0, 2 or 3 characters before it.
verdict detect_encoded(const compiled_policy& cp, const window& w, std::size_t c,
                       std::size_t anchor, plan& out) noexcept;

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
