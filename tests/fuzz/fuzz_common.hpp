// fuzz_common.hpp — helpers shared by the libFuzzer targets.
//
// Each target reads its choices from the front of the fuzz input with
// `byte_reader` (FuzzedDataProvider-like, but tiny and portable) and treats
// the rest as text. A property violation calls `fail()`, which prints a short
// description (never the input: libFuzzer writes the reproducer file) and
// aborts so libFuzzer records a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "configs.hpp"
#include "redact/redact.hpp"

namespace redact::fuzz {

class byte_reader {
 public:
  byte_reader(const std::uint8_t* data, std::size_t size)
      : data_(reinterpret_cast<const char*>(data)), size_(size) {}

  /// One byte (0 when exhausted).
  std::uint8_t byte() {
    if (pos_ >= size_) return 0;
    return static_cast<std::uint8_t>(data_[pos_++]);
  }
  /// A value in [0, n).
  std::size_t below(std::size_t n) { return n == 0 ? 0 : byte() % n; }
  bool flag() { return (byte() & 1) != 0; }
  /// Up to `max` bytes, length chosen by the next byte.
  std::string_view bytes(std::size_t max) {
    const std::size_t n = std::min<std::size_t>(below(max + 1), size_ - pos_);
    std::string_view out(data_ + pos_, n);
    pos_ += n;
    return out;
  }
  /// Everything not consumed yet.
  std::string_view rest() {
    std::string_view out(data_ + pos_, size_ - pos_);
    pos_ = size_;
    return out;
  }
  bool empty() const { return pos_ >= size_; }

 private:
  const char* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

/// True when REDACT_FUZZ_ORACLE_ONLY is set: the targets that compare the core
/// with the oracle (fuzz_oracle, fuzz_no_leak) then check the oracle alone —
/// for fuzzing the oracle while the core does not implement a contract
/// version yet. Unset (the default, and in CI), the core is checked.
inline bool oracle_only() {
  static const bool only = std::getenv("REDACT_FUZZ_ORACLE_ONLY") != nullptr;
  return only;
}

[[noreturn]] inline void fail(const char* property, const std::string& detail = {}) {
  std::fprintf(stderr, "PROPERTY VIOLATED: %s %s\n", property, detail.c_str());
  std::abort();
}

/// Output of a redactor fed `input` in chunks of the given sizes (cycled).
inline std::string run_chunked(redact::redactor& r, std::string_view input,
                               const std::vector<std::size_t>& chunks) {
  std::string out;
  redact::string_output sink(out);
  std::size_t pos = 0;
  for (std::size_t i = 0; pos < input.size(); ++i) {
    const std::size_t n =
        chunks.empty() ? input.size() : std::max<std::size_t>(1, chunks[i % chunks.size()]);
    const std::size_t take = std::min(n, input.size() - pos);
    r.write(input.substr(pos, take), sink);
    pos += take;
  }
  r.finish(sink);
  return out;
}

/// The options of the fixed policies the text targets choose from (the first
/// input byte picks one): SPEC version 2's defaults; version 1's rules
/// (`minimal`, the version-2 families off); version 2 with `extended`,
/// several prefixes, a short min_body, an allowlist, exact secrets (their
/// encoded forms masked) and a credential fingerprint key; version 2 with
/// prefix rules of every alphabet and bound; version 2 with J, E and K off;
/// version 2 with U, P and the key table off.
inline const std::vector<redact::policy_options>& policy_options_list() {
  static const std::vector<redact::policy_options> all = [] {
    std::vector<redact::policy_options> v;
    v.push_back(redact::spec::spec_defaults());
    v.push_back(redact::spec::v1_options());
    redact::policy_options many = redact::spec::spec_defaults();
    many.preset = redact::field_preset::extended;
    many.prefixes = {"qbt_", "sk_live_", "sk_", "ghp_"};
    many.min_body = 4;
    many.credential_fingerprint_key = "fuzz-team-key";
    many.allowlist = {"qbt_DocsExample0000", "docsexampletoken0000", "AKIAIOSFODNN7EXAMPLE"};
    many.secrets = {{"QUBITTRON_API_KEY", "s3cr3t-value"},
                    {"", "abcdef123456"},
                    {"", "qbt_SecretKey0123456789"},
                    {"PEM", "line-one-of-a-pem\nline-two-of-a-pem"},
                    {"QUOTE", "pa\"ss\\wd"}};
    v.push_back(many);
    v.push_back(redact::spec::make_options(redact::spec::config_id::prefix_rules));
    redact::policy_options off = redact::spec::spec_defaults();
    off.jwt = false;
    off.encoded = false;
    off.private_keys = false;
    v.push_back(off);
    off = redact::spec::spec_defaults();
    off.url = false;
    off.pairs = false;
    off.key_table = false;
    v.push_back(off);
    return v;
  }();
  return all;
}

/// The compiled policies, in the order of policy_options_list().
inline const std::vector<redact::policy>& policies() {
  static const std::vector<redact::policy> all = [] {
    std::vector<redact::policy> v;
    for (const auto& o : policy_options_list()) v.emplace_back(o);
    return v;
  }();
  return all;
}

}  // namespace redact::fuzz
