// core_bench.cpp — the redactor core: throughput per corpus and chunk size,
// cost per 120-byte message, and scaling with the size of the policy.
//
// Names (parsed by bench/compare):
//   core/<kind>/chunk:<bytes>                 streaming, whole corpus per iteration
//   core_hot/<kind>/chunk:<bytes>             the same over a 256 KiB slice that stays in
//                                             cache (per-call cost without memory stalls)
//   core_message/<kind>                       reset + write + finish of one 120-byte message
//   scaling/prefixes:<P>/fields:<F>           realistic corpus, 64 KiB chunks
//   regex_rules:<N>                           realistic corpus, 64 KiB chunks, N Rule R patterns
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "bench_common.hpp"
#include "bench_register.hpp"
#include "policies.hpp"

namespace redact::bench {
namespace {

using corpus::kind;

void stream_corpus(benchmark::State& state, const redact::policy& pol, const std::string& text,
                   std::size_t chunk) {
  if (!pol.ok()) {
    state.SkipWithError(("policy not ok: " + pol.error()).c_str());
    return;
  }
  redact::redactor r(pol);
  ring_output out;
  const std::string_view all(text);
  for (auto _ : state) {
    for (std::size_t i = 0; i < all.size(); i += chunk) r.write(all.substr(i, chunk), out);
    r.finish(out);
    r.reset();
  }
  benchmark::DoNotOptimize(out.data());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * all.size()));
  state.counters["out_ratio"] =
      static_cast<double>(out.bytes()) / static_cast<double>(state.iterations() * all.size());
}

void bm_core(benchmark::State& state, kind k, std::size_t chunk) {
  const redact::policy pol;
  stream_corpus(state, pol, corpus(k), chunk);
}

void bm_core_v1_rules(benchmark::State& state, kind k, std::size_t chunk) {
  const redact::policy pol(version1_options());
  stream_corpus(state, pol, corpus(k), chunk);
}

void bm_core_hot(benchmark::State& state, kind k, std::size_t chunk) {
  const redact::policy pol;
  stream_corpus(state, pol, std::string(corpus_slice(k, std::size_t{256} << 10)), chunk);
}

void bm_message(benchmark::State& state, kind k) {
  message_cycle messages(k);
  const redact::policy pol;
  redact::redactor r(pol);
  ring_output out;
  const std::uint64_t allocs_before = allocations();
  for (auto _ : state) {
    r.reset();
    r.write(messages.next(), out);
    r.finish(out);
  }
  const std::uint64_t allocs = allocations() - allocs_before;
  benchmark::DoNotOptimize(out.data());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * message_bytes));
  state.counters["allocs_per_msg"] =
      static_cast<double>(allocs) / static_cast<double>(state.iterations());
}

void bm_scaling(benchmark::State& state, std::size_t prefixes, std::size_t fields) {
  const redact::policy pol(scaled_options(prefixes, fields));
  stream_corpus(state, pol, corpus(kind::realistic), 64 * 1024);
}

void bm_regex_rules(benchmark::State& state, std::size_t n) {
  redact::policy_options o;
  static const char* const patterns[] = {
      R"(AKIA[0-9A-Z]{16})",
      R"(ghp_[A-Za-z0-9]{36})",
      R"(xox[baprs]-[A-Za-z0-9-]{10,})",
      R"(glpat-[0-9A-Za-z_-]{20})",
      R"(sk_live_[0-9A-Za-z]{24})",
      R"(AIza[0-9A-Za-z_-]{35})",
      R"(npm_[A-Za-z0-9]{36})",
      R"(SG\.[\w-]{22}\.[\w-]{43})",
      R"(-----BEGIN [A-Z ]*PRIVATE KEY-----)",
      R"(https://hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]+)"};
  for (std::size_t i = 0; i < n; ++i) {
    o.regexes.push_back({"rule" + std::to_string(i), patterns[i % std::size(patterns)]});
  }
  const redact::policy pol(o);
  stream_corpus(state, pol, corpus(kind::realistic), 64 * 1024);
}

}  // namespace

void register_core_benchmarks() {
  for (kind k : corpus::all_kinds) {
    const std::string name(corpus::to_string(k));
    for (std::size_t chunk : {std::size_t{64}, std::size_t{4096}, std::size_t{65536}}) {
      benchmark::RegisterBenchmark(("core/" + name + "/chunk:" + std::to_string(chunk)).c_str(),
                                   bm_core, k, chunk)
          ->Unit(benchmark::kMillisecond);
    }
  }
  // The same corpora under version 1's rules: what the new rule families cost.
  for (kind k : {kind::clean, kind::realistic}) {
    benchmark::RegisterBenchmark(
        ("core_v1_rules/" + std::string(corpus::to_string(k)) + "/chunk:65536").c_str(),
        bm_core_v1_rules, k, std::size_t{65536})
        ->Unit(benchmark::kMillisecond);
  }
  for (kind k : corpus::all_kinds) {
    for (std::size_t chunk : {std::size_t{4096}, std::size_t{65536}}) {
      benchmark::RegisterBenchmark(
          ("core_hot/" + std::string(corpus::to_string(k)) + "/chunk:" + std::to_string(chunk))
              .c_str(),
          bm_core_hot, k, chunk)
          ->Unit(benchmark::kMicrosecond);
    }
  }
  for (kind k : corpus::all_kinds) {
    benchmark::RegisterBenchmark(("core_message/" + std::string(corpus::to_string(k))).c_str(),
                                 bm_message, k)
        ->Unit(benchmark::kNanosecond);
  }
  for (std::size_t p : {1, 10, 100}) {
    for (std::size_t f : {1, 10, 50}) {
      benchmark::RegisterBenchmark(
          ("scaling/prefixes:" + std::to_string(p) + "/fields:" + std::to_string(f)).c_str(),
          bm_scaling, p, f)
          ->Unit(benchmark::kMillisecond);
    }
  }
  for (std::size_t n : {0, 10}) {
    benchmark::RegisterBenchmark(("regex_rules:" + std::to_string(n)).c_str(), bm_regex_rules, n)
        ->Unit(benchmark::kMillisecond);
  }
}

}  // namespace redact::bench
