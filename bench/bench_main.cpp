// bench_main.cpp — the redact_bench binary: every suite, Google Benchmark's CLI.
//
//   redact_bench --benchmark_filter='core/|memcpy/' --benchmark_format=json
//   REDACT_BENCH_MIB=256 redact_bench --benchmark_filter=core/clean
#include <benchmark/benchmark.h>

#include "bench_register.hpp"

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  redact::bench::register_core_benchmarks();
  redact::bench::register_prefilter_benchmarks();
  redact::bench::register_peer_benchmarks();
  redact::bench::register_adapter_benchmarks();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
