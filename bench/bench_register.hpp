// bench_register.hpp — the suites of redact_bench register themselves from main().
#pragma once

namespace redact::bench {

/// core/, core_message/, scaling/, regex_rules: (core_bench.cpp).
void register_core_benchmarks();
/// prefilter/ (prefilter_bench.cpp).
void register_prefilter_benchmarks();
/// memcpy/, memchr/, re2_*/, std_regex/, oracle/, vectorscan/ (peers_bench.cpp).
void register_peer_benchmarks();
/// spdlog/, boost_log/ (adapters_bench.cpp; empty when the adapters are not built).
void register_adapter_benchmarks();

}  // namespace redact::bench
