// callgrind_driver.cpp — runs one method once over one generated corpus, so
// that `valgrind --tool=callgrind --toggle-collect=redact_measured` counts the
// instructions of that method alone (corpus generation is not counted).
// Instruction counts are stable on a noisy VM, unlike timings.
//
//   valgrind --tool=callgrind --toggle-collect=redact_measured redact_callgrind_driver core
//   realistic 16 → instructions per byte = Ir total / bytes printed by the driver
//
// Methods: core (default policy, 64 KiB chunks, output counted, not copied),
// core:P:F (the same with the scaling benchmark's policy of P prefixes and F
// field names, see policies.hpp), core@N (default policy, N-byte chunks), message (120-byte
// messages, each reset + write + finish; `result` = number of messages), vectorscan (block-mode
// scan for contract version 1's default literals, no output; when built with Vectorscan),
// vectorscan_v2 (the same for the default policy's literals, scan_literals.hpp).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "corpus.hpp"
#include "policies.hpp"
#include "redact/redact.hpp"
#include "scan_literals.hpp"

namespace {

std::size_t chunk = 64 * 1024;  // core:P:F and core@N (N-byte chunks) change it
constexpr std::size_t message_size = 120;
constexpr std::uint64_t seed = 42;  // same as the benchmark suite

// Counts the output without copying it: under valgrind, glibc's memcpy runs
// `rep movsb`, which callgrind counts once per byte, so a copying output
// would add ~1 instruction per byte that native code does not pay.
class counting_output final : public redact::output {
 public:
  void write(std::string_view piece) override { bytes_ += piece.size(); }
  std::uint64_t bytes() const noexcept { return bytes_; }

 private:
  std::uint64_t bytes_ = 0;
};

struct job {
  std::string_view method;
  std::string_view text;
  redact::redactor* redactor = nullptr;
  counting_output* out = nullptr;
#if REDACT_BENCH_HAVE_VECTORSCAN
  hs_database_t* db = nullptr;
  hs_scratch_t* scratch = nullptr;
#endif
  std::uint64_t result = 0;
};

#if REDACT_BENCH_HAVE_VECTORSCAN
int on_match(unsigned, unsigned long long, unsigned long long, unsigned, void* ctx) {
  ++*static_cast<std::uint64_t*>(ctx);
  return 0;
}
#endif

}  // namespace

// The only function whose instructions callgrind counts (--toggle-collect).
extern "C" __attribute__((noinline)) void redact_measured(job* j) {
  const std::string_view text = j->text;
  if (j->method == "core") {
    for (std::size_t i = 0; i < text.size(); i += chunk) {
      j->redactor->write(text.substr(i, chunk), *j->out);
    }
    j->redactor->finish(*j->out);
    j->result = j->out->bytes();
#if REDACT_BENCH_HAVE_VECTORSCAN
  } else if (j->method == "message") {  // 120-byte messages: reset + write + finish
    for (std::size_t i = 0; i + message_size <= text.size(); i += message_size) {
      j->redactor->reset();
      j->redactor->write(text.substr(i, message_size), *j->out);
      j->redactor->finish(*j->out);
    }
    j->result = text.size() / message_size;
  } else if (j->method == "vectorscan" || j->method == "vectorscan_v2") {
    for (std::size_t i = 0; i < text.size(); i += chunk) {
      const std::string_view b = text.substr(i, chunk);
      hs_scan(j->db, b.data(), static_cast<unsigned>(b.size()), 0, j->scratch, on_match,
              &j->result);
    }
#endif
  }
}

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr,
                 "usage: %s core|core:P:F|core@N|message|vectorscan|vectorscan_v2 KIND [MiB]\n",
                 argv[0]);
    return 2;
  }
  const auto k = redact::corpus::parse_kind(argv[2]);
  if (!k) {
    std::fprintf(stderr, "unknown corpus kind\n");
    return 2;
  }
  const std::size_t mib = argc > 3 ? std::strtoul(argv[3], nullptr, 10) : 16;
  const std::string text = redact::corpus::generate(*k, mib << 20, seed);
  std::string_view method = argv[1];
  redact::policy_options options;
  if (method.starts_with("core@")) {  // core@N: default policy, N-byte chunks
    chunk = std::strtoul(std::string(method.substr(5)).c_str(), nullptr, 10);
    if (chunk == 0) {
      std::fprintf(stderr, "core@N expected\n");
      return 2;
    }
    method = "core";
  } else if (method.starts_with("core:")) {  // core:P:F
    const std::string spec(method.substr(5));
    const std::size_t colon = spec.find(':');
    if (colon == std::string::npos) {
      std::fprintf(stderr, "core:P:F expected\n");
      return 2;
    }
    options = redact::bench::scaled_options(std::strtoul(spec.c_str(), nullptr, 10),
                                            std::strtoul(spec.c_str() + colon + 1, nullptr, 10));
    method = "core";
  }
  // REDACT_CG_OFF: a comma-separated list of rule families to switch off
  // (jwt, url, encoded, pairs, private_keys, key_table, secret_forms), or
  // `v1` for version 1's rules (preset minimal, every family off).
  if (const char* off = std::getenv("REDACT_CG_OFF")) {
    const std::string list = std::string(",") + off + ",";
    const auto has = [&](const char* w) {
      return list.find(std::string(",") + w + ",") != std::string::npos ||
             list.find(",v1,") != std::string::npos;
    };
    if (has("jwt")) options.jwt = false;
    if (has("url")) options.url = false;
    if (has("encoded")) options.encoded = false;
    if (has("pairs")) options.pairs = false;
    if (has("private_keys")) options.private_keys = false;
    if (has("key_table")) options.key_table = false;
    if (has("secret_forms")) options.secret_forms = false;
    if (list.find(",v1,") != std::string::npos) options.preset = redact::field_preset::minimal;
  }
  const redact::policy pol(options);
  if (!pol.ok()) {
    std::fprintf(stderr, "policy: %s\n", pol.error().c_str());
    return 2;
  }
  redact::redactor r(pol);
  counting_output out;
  job j;
  j.method = method;
  j.text = text;
  j.redactor = &r;
  j.out = &out;
  if (j.method != "core" && j.method != "message") {
#if REDACT_BENCH_HAVE_VECTORSCAN
    if (j.method != "vectorscan" && j.method != "vectorscan_v2") {
      std::fprintf(stderr, "unknown method\n");
      return 2;
    }
    std::string error;
    j.db = redact::bench::compile_literals(j.method == "vectorscan"
                                               ? redact::bench::version1_literals()
                                               : redact::bench::default_policy_literals(),
                                           error);
    if (j.db == nullptr || hs_alloc_scratch(j.db, &j.scratch) != HS_SUCCESS) {
      std::fprintf(stderr, "vectorscan setup failed: %s\n", error.c_str());
      return 1;
    }
#else
    std::fprintf(stderr, "unknown method (built without Vectorscan)\n");
    return 2;
#endif
  }
  redact_measured(&j);
  std::printf("bytes=%zu result=%llu\n", text.size(), static_cast<unsigned long long>(j.result));
  return 0;
}
