// Internal: SHA-256 / HMAC-SHA256 fingerprints (first 8 hex digits) on top of
// OpenSSL's libcrypto. The context lives inline: hashing never allocates.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

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
  explicit fingerprinter(const fingerprint_key* key = nullptr) noexcept : key_(key) {}
  void set_key(const fingerprint_key* key) noexcept { key_ = key; }
  /// Starts a fingerprint; when `enabled` is false (nobody reads
  /// fingerprints), update() and finish() cost nothing.
  void begin(bool enabled = true) noexcept;
  void update(const char* data, std::size_t n) noexcept {
    if (enabled_ && n != 0) SHA256_Update(&ctx_, data, n);
  }
  void update(std::string_view s) noexcept { update(s.data(), s.size()); }
  /// Feeds `count` copies of byte `c`.
  void update_repeat(char c, std::uint64_t count) noexcept;
  std::array<char, 8> finish() noexcept;

 private:
  const fingerprint_key* key_;
  bool enabled_ = true;
  SHA256_CTX ctx_{};
};

/// One-shot fingerprint.
std::array<char, 8> fingerprint_of(std::string_view bytes, const fingerprint_key* key) noexcept;

}  // namespace redact::detail
