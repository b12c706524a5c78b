// The SHA256_* calls are deprecated in OpenSSL 3 in favour of EVP, whose
// contexts are heap-allocated; the low-level API hashes without allocating.
#define OPENSSL_SUPPRESS_DEPRECATED
#include "fingerprint.hpp"

#include <cstdint>
#include <cstring>

namespace redact::detail {

fingerprint_key fingerprint_key::from(std::string_view key) noexcept {
  fingerprint_key k;
  k.enabled = true;
  std::array<unsigned char, 64> block{};
  if (key.size() > block.size()) {
    SHA256(reinterpret_cast<const unsigned char*>(key.data()), key.size(), block.data());
  } else {
    std::memcpy(block.data(), key.data(), key.size());
  }
  for (std::size_t i = 0; i < block.size(); ++i) {
    k.ipad[i] = static_cast<unsigned char>(block[i] ^ 0x36);
    k.opad[i] = static_cast<unsigned char>(block[i] ^ 0x5c);
  }
  return k;
}

void fingerprinter::begin_enabled() noexcept {
  SHA256_Init(&ctx_);
  if (key_ != nullptr && key_->enabled) SHA256_Update(&ctx_, key_->ipad.data(), key_->ipad.size());
}

void fingerprinter::update_enabled(const char* data, std::size_t n) noexcept {
  SHA256_Update(&ctx_, data, n);
}

void fingerprinter::update_repeat(char c, std::uint64_t count) noexcept {
  if (!enabled_ || count == 0) return;
  char block[256];
  std::memset(block, c, sizeof block);
  while (count > 0) {
    const std::size_t n = count < sizeof block ? static_cast<std::size_t>(count) : sizeof block;
    SHA256_Update(&ctx_, block, n);
    count -= n;
  }
}

std::array<char, 8> fingerprinter::finish() noexcept {
  if (!enabled_) return {'0', '0', '0', '0', '0', '0', '0', '0'};
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256_Final(digest, &ctx_);
  if (key_ != nullptr && key_->enabled) {
    SHA256_Init(&ctx_);
    SHA256_Update(&ctx_, key_->opad.data(), key_->opad.size());
    SHA256_Update(&ctx_, digest, sizeof digest);
    SHA256_Final(digest, &ctx_);
  }
  static constexpr char hex[] = "0123456789abcdef";
  std::array<char, 8> out{};
  for (std::size_t i = 0; i < 4; ++i) {
    out[2 * i] = hex[digest[i] >> 4];
    out[2 * i + 1] = hex[digest[i] & 0xf];
  }
  return out;
}

std::array<char, 8> fingerprint_of(std::string_view bytes, const fingerprint_key* key) noexcept {
  fingerprinter f;
  f.begin(true, key);
  f.update(bytes);
  return f.finish();
}

}  // namespace redact::detail
