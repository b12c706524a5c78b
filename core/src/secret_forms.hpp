// Internal: SPEC Rule S's expansion of configured secrets — a value with line
// breaks is split into lines (each of 6+ bytes is a secret), and each secret
// also appears in the forms programs encode it in (base64 at the three byte
// offsets, in both alphabets; percent-encoding; JSON string escaping).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace redact::detail {

/// The lines of `value` (split at CR, LF and CRLF) of at least `min_len`
/// bytes, in order.
std::vector<std::string_view> secret_lines(std::string_view value, std::size_t min_len);

/// The encoded forms of `secret` that differ from it, in SPEC's order:
/// base64 at offsets 0, 1, 2 (standard alphabet, then URL-safe where it
/// differs), percent-encoding, JSON escaping. Forms shorter than `min_len`
/// are left out.
std::vector<std::string> secret_forms(std::string_view secret, std::size_t min_len);

}  // namespace redact::detail
