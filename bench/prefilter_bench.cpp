// prefilter_bench.cpp — the prefilter alone: the candidate cursor over a
// whole corpus with a policy's literals and the kernel REDACT_KERNEL selects
// (the best one of the CPU by default), no detector and no output. It sets
// the kernels and bucket choices apart from the scanner (core/DESIGN.md,
// optimisation ledger).
//
// Names: prefilter/<kind>                        default policy
//        prefilter/prefixes:100/fields:50/<kind>  the scaling benchmark's largest policy
// Counter: candidates per MiB.
#include <benchmark/benchmark.h>

#include <string>

#include "bench_common.hpp"
#include "bench_register.hpp"
#include "candidate_cursor.hpp"
#include "compiled_policy.hpp"
#include "policies.hpp"

namespace redact::bench {
namespace {

void bm_prefilter(benchmark::State& state, const redact::policy_options& options, corpus::kind k) {
  const redact::policy pol(options);
  const auto& cp = pol.compiled();
  const std::string& text = corpus(k);
  detail::candidate_cursor cursor(cp.pf, cp.find);
  std::size_t found = 0;
  for (auto _ : state) {
    found = 0;
    cursor.reset(text.data(), text.size());
    for (detail::candidate c = cursor.next(0); c.pos < text.size(); c = cursor.next(c.pos + 1))
      ++found;
    benchmark::DoNotOptimize(found);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.SetLabel(std::string(cp.kernel));
  state.counters["candidates_per_mib"] =
      static_cast<double>(found) / (static_cast<double>(text.size()) / (1 << 20));
}

}  // namespace

void register_prefilter_benchmarks() {
  for (corpus::kind k : corpus::all_kinds) {
    const std::string kind(corpus::to_string(k));
    benchmark::RegisterBenchmark(("prefilter/" + kind).c_str(), bm_prefilter,
                                 redact::policy_options{}, k)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("prefilter/prefixes:100/fields:50/" + kind).c_str(), bm_prefilter,
                                 scaled_options(100, 50), k)
        ->Unit(benchmark::kMillisecond);
  }
}

}  // namespace redact::bench
