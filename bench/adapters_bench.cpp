// adapters_bench.cpp — a logger with and without the redacting sink/backend,
// over a null sink and over a file, with heap allocations per message.
//
// Names (parsed by bench/compare):
//   spdlog/<null|file>/<plain|redacting>
//   boost_log/<null|file>/<plain|redacting>
// Each iteration logs one record (~120 bytes of payload; one record in 100
// carries a credential). Counter `allocs_per_msg`: calls to operator new per
// record, measured over the timed loop (steady state).
#include <benchmark/benchmark.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

#include "bench_common.hpp"
#include "bench_register.hpp"

#if REDACT_BENCH_HAVE_SPDLOG
#include <spdlog/logger.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/null_sink.h>

#include "redact/spdlog/redacting_sink.hpp"
#endif

#if REDACT_BENCH_HAVE_BOOST_LOG
#include <boost/core/null_deleter.hpp>
#include <boost/log/core.hpp>
#include <boost/log/expressions.hpp>
#include <boost/log/sinks/sync_frontend.hpp>
#include <boost/log/sinks/text_file_backend.hpp>
#include <boost/log/sinks/text_ostream_backend.hpp>
#include <boost/log/sources/logger.hpp>
#include <boost/log/sources/record_ostream.hpp>
#include <boost/make_shared.hpp>
#include <ostream>

#include "redact/boost_log/redacting_backend.hpp"
#endif

namespace redact::bench {
namespace {

[[maybe_unused]] std::filesystem::path temp_log(const char* name) {
  return std::filesystem::temp_directory_path() / (std::string("redact-bench-") + name + ".log");
}

// Arguments of the logged records: mostly clean, one in 100 with a key.
struct record_args {
  const char* path;
  int status;
  double ms;
  const char* user;
};
[[maybe_unused]] const record_args& args_for(std::size_t i) {
  static const std::array<record_args, 4> clean = {{{"/v1/models", 200, 12.5, "alice"},
                                                    {"/v1/items?page=2", 304, 3.25, "bob"},
                                                    {"/v1/orders/42", 500, 912.0, "carol"},
                                                    {"/healthz", 200, 0.5, "probe"}}};
  static const record_args secret = {"/v1/models?api_key=qbt_FAKEbenchKEY0123456789", 200, 10.0,
                                     "dave"};
  return i % 100 == 99 ? secret : clean[i % clean.size()];
}

#if REDACT_BENCH_HAVE_SPDLOG
void bm_spdlog(benchmark::State& state, bool file, bool redacting) {
  std::shared_ptr<::spdlog::sinks::sink> target;
  const auto path = temp_log(redacting ? "spdlog-redacting" : "spdlog-plain");
  if (file) {
    target = std::make_shared<::spdlog::sinks::basic_file_sink_mt>(path.string(), true);
  } else {
    target = std::make_shared<::spdlog::sinks::null_sink_mt>();
  }
  std::shared_ptr<::spdlog::sinks::sink> top = target;
  if (redacting) {
    top = std::make_shared<redact::spdlog::redacting_sink_mt>(
        redact::policy{}, std::vector<std::shared_ptr<::spdlog::sinks::sink>>{target});
  }
  ::spdlog::logger log("bench", top);
  log.set_level(::spdlog::level::info);
  std::size_t i = 0;
  for (int warm = 0; warm < 1000; ++warm) {  // reach steady state (buffers grown)
    const record_args& a = args_for(i++);
    log.info("GET {} status={} duration_ms={} user={} request_id=5f2b9c0e7a1d4e3f", a.path,
             a.status, a.ms, a.user);
  }
  const std::uint64_t allocs_before = allocations();
  for (auto _ : state) {
    const record_args& a = args_for(i++);
    log.info("GET {} status={} duration_ms={} user={} request_id=5f2b9c0e7a1d4e3f", a.path,
             a.status, a.ms, a.user);
  }
  const std::uint64_t allocs = allocations() - allocs_before;
  log.flush();
  state.counters["allocs_per_msg"] =
      static_cast<double>(allocs) / static_cast<double>(state.iterations());
  std::error_code ec;
  std::filesystem::remove(path, ec);
}
#endif

#if REDACT_BENCH_HAVE_BOOST_LOG
// A streambuf that drops everything (the Boost.Log "null sink").
class null_buffer final : public std::streambuf {
 protected:
  int_type overflow(int_type c) override { return traits_type::not_eof(c); }
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

template <typename Backend>
void run_boost_log(benchmark::State& state, boost::shared_ptr<Backend> backend) {
  namespace logging = boost::log;
  namespace expr = boost::log::expressions;
  auto sink = boost::make_shared<logging::sinks::synchronous_sink<Backend>>(backend);
  sink->set_formatter(expr::stream << expr::smessage);
  logging::core::get()->add_sink(sink);
  logging::sources::logger lg;
  std::size_t i = 0;
  auto log_one = [&] {
    const record_args& a = args_for(i++);
    BOOST_LOG(lg) << "GET " << a.path << " status=" << a.status << " duration_ms=" << a.ms
                  << " user=" << a.user << " request_id=5f2b9c0e7a1d4e3f";
  };
  for (int warm = 0; warm < 1000; ++warm) log_one();
  const std::uint64_t allocs_before = allocations();
  for (auto _ : state) log_one();
  const std::uint64_t allocs = allocations() - allocs_before;
  sink->flush();
  logging::core::get()->remove_sink(sink);
  state.counters["allocs_per_msg"] =
      static_cast<double>(allocs) / static_cast<double>(state.iterations());
}

void bm_boost_log(benchmark::State& state, bool file, bool redacting) {
  namespace sinks = boost::log::sinks;
  const auto path = temp_log(redacting ? "boost-redacting" : "boost-plain");
  if (file) {
    auto inner = boost::make_shared<sinks::text_file_backend>();
    inner->set_file_name_pattern(path.string());
    if (redacting) {
      run_boost_log(
          state, boost::make_shared<redact::boost_log::redacting_backend<sinks::text_file_backend>>(
                     redact::policy{}, inner));
    } else {
      run_boost_log(state, inner);
    }
  } else {
    static null_buffer null_buf;
    static std::ostream null_stream(&null_buf);
    auto inner = boost::make_shared<sinks::text_ostream_backend>();
    inner->add_stream(boost::shared_ptr<std::ostream>(&null_stream, boost::null_deleter()));
    if (redacting) {
      run_boost_log(
          state,
          boost::make_shared<redact::boost_log::redacting_backend<sinks::text_ostream_backend>>(
              redact::policy{}, inner));
    } else {
      run_boost_log(state, inner);
    }
  }
  std::error_code ec;
  std::filesystem::remove(path, ec);
}
#endif

}  // namespace

void register_adapter_benchmarks() {
  for (bool file : {false, true}) {
    for (bool redacting : {false, true}) {
      const std::string suffix =
          std::string(file ? "file/" : "null/") + (redacting ? "redacting" : "plain");
#if REDACT_BENCH_HAVE_SPDLOG
      benchmark::RegisterBenchmark(("spdlog/" + suffix).c_str(), bm_spdlog, file, redacting)
          ->Unit(benchmark::kNanosecond);
#endif
#if REDACT_BENCH_HAVE_BOOST_LOG
      benchmark::RegisterBenchmark(("boost_log/" + suffix).c_str(), bm_boost_log, file, redacting)
          ->Unit(benchmark::kNanosecond);
#endif
      static_cast<void>(suffix);
    }
  }
}

}  // namespace redact::bench
