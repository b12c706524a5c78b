// redact/redactor.hpp — the streaming redactor: bytes in, redacted bytes out.
//
// One redactor per stream (a file, a pipe, a log sink). Feed it chunks of any
// size; it calls `out.write()` with pieces (slices of your input and mask
// literals) whose concatenation is the redacted stream. The result depends
// only on the concatenated input, never on how it was chunked.
//
//   redact::policy pol;                           // SPEC defaults
//   redact::redactor r(pol);
//   std::string text;
//   redact::string_output out(text);
//   r.write("Authorization: Bearer qbt_AbCd", out);
//   r.write("Ef0123456789xyz\n", out);            // key split across writes
//   r.finish(out);                                // text == "Authorization: Bearer qbt_***\n"
//
// Or for a single string: `std::string s = redact::redact(input, pol);`
//
// Allocation: the constructor allocates every buffer the stream will ever
// need; write(), finish() and reset() never allocate and never throw (an
// exception thrown by your `output` propagates; call reset() afterwards).
// With Rule R patterns, RE2 itself may allocate while it warms its caches.
// Hold-back: at most `max_hold_back()` bytes are kept between calls, and once
// a LF has been passed to write(), every byte before it has been written out.
// Not thread-safe: one stream, one thread at a time. The policy may be shared.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "redact/policy.hpp"

namespace redact {

/// The rule that produced a finding (SPEC "Findings report").
enum class finding_kind : std::uint8_t {
  token,        ///< Rule T: a prefixed key
  field,        ///< Rules H and P: a credential field's value
  bearer,       ///< Rule B: a bare Bearer token
  basic,        ///< Rule B: a bare Basic credential
  secret,       ///< Rule S: an exact secret or one of its encoded forms
  regex,        ///< Rule R: a custom pattern
  jwt,          ///< Rule J: a JSON Web Token
  url,          ///< Rule U: a password in a URL
  encoded,      ///< Rule E: a key hidden in base64
  private_key,  ///< Rule K: a private-key block
};
inline constexpr std::size_t finding_kind_count = 10;

/// "token", "field", "bearer", "basic", "secret", "regex", "jwt", "url",
/// "encoded" or "private_key".
std::string_view to_string(finding_kind kind) noexcept;

/// One masked credential. Never contains secret bytes.
struct finding {
  finding_kind kind;
  /// The prefix, the field name as it appears in the input, `Bearer`/`Basic`
  /// as written, the secret's label or the regex rule's label. Valid only
  /// during the callback.
  std::string_view label;
  /// 1-based line (only LF starts a line) of the original input.
  std::uint64_t line;
  /// 1-based byte column where the secret starts.
  std::uint64_t column;
  /// First 8 hex digits of SHA-256 (or HMAC-SHA256) of the secret's bytes.
  std::array<char, 8> fingerprint;

  std::string_view fingerprint_hex() const noexcept { return {fingerprint.data(), 8}; }
};

/// Where redacted bytes go. `write` receives consecutive pieces of output;
/// the view is valid only during the call.
class output {
 public:
  virtual void write(std::string_view piece) = 0;

 protected:
  ~output() = default;
};

/// An output that appends to a std::string (which may allocate, of course).
class string_output final : public output {
 public:
  explicit string_output(std::string& target) noexcept : target_(target) {}
  void write(std::string_view piece) override { target_.append(piece); }

 private:
  std::string& target_;
};

/// Per-kind finding counters.
struct finding_counts {
  std::array<std::uint64_t, finding_kind_count> by_kind{};
  std::uint64_t operator[](finding_kind k) const noexcept {
    return by_kind[static_cast<std::size_t>(k)];
  }
  std::uint64_t total() const noexcept;
};

/// Called once per finding, in input order, from inside write()/finish().
using finding_handler = std::function<void(const finding&)>;

namespace detail {
class pipeline;
}

/// A streaming redactor for one stream. Movable, not copyable.
class redactor {
 public:
  /// Allocates all buffers for the stream. If `pol` is not ok(), the
  /// redactor fails closed: every line is replaced by a mask.
  explicit redactor(policy pol);
  ~redactor();
  redactor(redactor&&) noexcept;
  redactor& operator=(redactor&&) noexcept;

  /// Registers the per-finding callback (call before writing; may allocate).
  void set_finding_handler(finding_handler handler);

  /// Redacts `chunk` and writes every byte that is decided to `out`.
  void write(std::string_view chunk, output& out);
  /// Ends the stream: writes out everything held back.
  void finish(output& out);
  /// Forgets the stream (held-back bytes are dropped, counters and line
  /// numbers restart). Never allocates.
  void reset() noexcept;

  /// Counts of findings since construction or the last reset().
  const finding_counts& counts() const noexcept;
  /// Bytes passed to write() since construction or the last reset().
  std::uint64_t bytes_in() const noexcept;
  /// Bytes currently held back (written in but not yet out).
  std::size_t held_back() const noexcept;
  /// Upper bound of held_back() for this policy (with Rule R patterns it
  /// includes the line window).
  std::size_t max_hold_back() const noexcept;

  /// Redacts one whole message into `out` (cleared first; `message` must not
  /// alias it): the stream restarts (held-back bytes are dropped, lines are
  /// counted from 1; the counters keep counting), then write(message) and
  /// finish(). Once `out` has the capacity of the largest
  /// redacted message, this allocates nothing. Throws only std::bad_alloc
  /// from growing `out` (the redactor is reset again before it propagates).
  void redact_message(std::string_view message, std::string& out);

  /// The policy this redactor was built from. (Named `get_` because a member
  /// called `policy` would hide the type inside the class.)
  const policy& get_policy() const noexcept;

 private:
  std::unique_ptr<detail::pipeline> impl_;
};

/// Fail closed in one call, for code that must never throw into its host (a
/// logging sink): redacts `message` into `out` with redact_message() and
/// returns true. It returns false when the message was masked instead of
/// redacted: `***` for each line (line breaks kept) — because the policy is
/// not ok(), or because redaction threw (then the stream restarts; the
/// counters keep what they counted). Never throws; allocates only as
/// redact_message() does (and, when it fails, for the mask).
bool redact_or_mask(redactor& r, std::string_view message, std::string& out) noexcept;

/// Redacts a whole string in one go (allocates the result).
std::string redact(std::string_view text, const policy& pol);
/// Same, with SPEC's default policy.
std::string redact(std::string_view text);

}  // namespace redact
