// Internal: finding fingerprints — the first 8 hex digits of SHA-256 or
// HMAC-SHA256 of a secret's bytes (SPEC "Findings report"), on top of
// OpenSSL's libcrypto. The hash context lives inside the fingerprinter (a
// member of the per-stream pipeline): hashing never allocates.
#pragma once

#include <openssl/sha.h>

#include <array>
#include <cstddef>
#include <string_view>

namespace redact::detail {

/// HMAC key material, precomputed once (empty = plain SHA-256).
struct fingerprint_key {
  bool enabled = false;
  std::array<unsigned char, 64> ipad{};
  std::array<unsigned char, 64> opad{};

  static fingerprint_key from(std::string_view key) noexcept;
};

/// Incremental fingerprint of one secret.
class fingerprinter {
 public:
  /// Starts a fingerprint, HMAC-SHA256 keyed by `key` when it is enabled,
  /// else SHA-256; when `enabled` is false (nobody reads fingerprints),
  /// update() and finish() cost nothing.
  void begin(bool enabled, const fingerprint_key* key) noexcept {
    enabled_ = enabled;
    key_ = key;
    if (enabled) begin_enabled();
  }
  void update(const char* data, std::size_t n) noexcept {
    if (enabled_ && n != 0) update_enabled(data, n);
  }
  void update(std::string_view s) noexcept { update(s.data(), s.size()); }
  /// Feeds `count` copies of byte `c`.
  void update_repeat(char c, std::uint64_t count) noexcept;
  std::array<char, 8> finish() noexcept;

 private:
  void begin_enabled() noexcept;
  void update_enabled(const char* data, std::size_t n) noexcept;

  const fingerprint_key* key_ = nullptr;
  bool enabled_ = true;
  SHA256_CTX ctx_{};
};

/// One-shot fingerprint.
std::array<char, 8> fingerprint_of(std::string_view bytes, const fingerprint_key* key) noexcept;

}  // namespace redact::detail
