// adapters_bench.cpp — a logger with and without the redacting sink/backend,
// over a null sink and over a file, with heap allocations per message.
//
// Names (parsed by bench/compare):
//   spdlog/<null|file>/ab
//   boost_log/<null|file>/ab
// Each iteration logs a block of records (~120 bytes of payload; one record in
// 100 carries a credential) through the plain logger, then a block through the
// same logger with the redacting sink/backend (see alternate()). Allocations
// are calls to operator new per record, in steady state.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

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
#include <boost/log/attributes/value_extraction.hpp>
#include <boost/log/core.hpp>
#include <boost/log/expressions.hpp>
#include <boost/log/sinks/sync_frontend.hpp>
#include <boost/log/sinks/text_file_backend.hpp>
#include <boost/log/sinks/text_ostream_backend.hpp>
#include <boost/log/sources/channel_logger.hpp>
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

// A/B in one benchmark: alternates blocks of records between the plain and the
// redacting logger and times each block with the thread's CPU clock, so both
// see the same machine state; drift between minutes cancels out of the ratio.
// Counters: plain_ns, redacting_ns (medians per record), ratio (median of the
// per-block-pair ratios), allocs_plain / allocs_redacting (per record).
[[maybe_unused]] std::uint64_t thread_ns() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000u +
         static_cast<std::uint64_t>(ts.tv_nsec);
}

[[maybe_unused]] double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

template <typename Plain, typename Redacting>
[[maybe_unused]] void alternate(benchmark::State& state, Plain&& log_plain,
                                Redacting&& log_redacting) {
  constexpr int block = 64;
  constexpr std::size_t max_samples = 1 << 16;
  std::vector<double> plain, redacting, ratio;
  plain.reserve(max_samples);
  redacting.reserve(max_samples);
  ratio.reserve(max_samples);
  for (int warm = 0; warm < 1000; ++warm) {  // steady state: buffers grown
    log_plain();
    log_redacting();
  }
  std::uint64_t allocs_plain = 0, allocs_redacting = 0, records = 0;
  for (auto _ : state) {
    const std::uint64_t t0 = thread_ns(), n0 = allocations();
    for (int k = 0; k < block; ++k) log_plain();
    const std::uint64_t t1 = thread_ns(), n1 = allocations();
    for (int k = 0; k < block; ++k) log_redacting();
    const std::uint64_t t2 = thread_ns(), n2 = allocations();
    allocs_plain += n1 - n0;
    allocs_redacting += n2 - n1;
    records += block;
    if (plain.size() < max_samples && t1 > t0) {
      plain.push_back(static_cast<double>(t1 - t0) / block);
      redacting.push_back(static_cast<double>(t2 - t1) / block);
      ratio.push_back(static_cast<double>(t2 - t1) / static_cast<double>(t1 - t0));
    }
  }
  state.counters["plain_ns"] = median(plain);
  state.counters["redacting_ns"] = median(redacting);
  state.counters["ratio"] = median(ratio);
  state.counters["allocs_plain"] =
      static_cast<double>(allocs_plain) / static_cast<double>(records == 0 ? 1 : records);
  state.counters["allocs_redacting"] =
      static_cast<double>(allocs_redacting) / static_cast<double>(records == 0 ? 1 : records);
}

#if REDACT_BENCH_HAVE_SPDLOG
std::shared_ptr<::spdlog::logger> make_spdlog(bool file, bool redacting,
                                              const std::filesystem::path& path) {
  std::shared_ptr<::spdlog::sinks::sink> target;
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
  auto log = std::make_shared<::spdlog::logger>("bench", top);
  log->set_level(::spdlog::level::info);
  return log;
}

void bm_spdlog_ab(benchmark::State& state, bool file) {
  const auto path_plain = temp_log("spdlog-ab-plain");
  const auto path_redacting = temp_log("spdlog-ab-redacting");
  {
    auto plain = make_spdlog(file, false, path_plain);
    auto redacting = make_spdlog(file, true, path_redacting);
    std::size_t i = 0, j = 0;
    alternate(
        state,
        [&] {
          const record_args& a = args_for(i++);
          plain->info("GET {} status={} duration_ms={} user={} request_id=5f2b9c0e7a1d4e3f", a.path,
                      a.status, a.ms, a.user);
        },
        [&] {
          const record_args& a = args_for(j++);
          redacting->info("GET {} status={} duration_ms={} user={} request_id=5f2b9c0e7a1d4e3f",
                          a.path, a.status, a.ms, a.user);
        });
  }
  std::error_code ec;
  std::filesystem::remove(path_plain, ec);
  std::filesystem::remove(path_redacting, ec);
}

#endif

#if REDACT_BENCH_HAVE_BOOST_LOG
// A streambuf that drops everything (the Boost.Log "null sink").
class null_buffer final : public std::streambuf {
 protected:
  int_type overflow(int_type c) override { return traits_type::not_eof(c); }
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

// Two sinks on the global core, each accepting one channel.
template <typename Plain, typename Redacting>
void run_boost_log_ab(benchmark::State& state, boost::shared_ptr<Plain> plain_backend,
                      boost::shared_ptr<Redacting> redacting_backend) {
  namespace logging = boost::log;
  namespace expr = boost::log::expressions;
  auto plain_sink = boost::make_shared<logging::sinks::synchronous_sink<Plain>>(plain_backend);
  auto redacting_sink =
      boost::make_shared<logging::sinks::synchronous_sink<Redacting>>(redacting_backend);
  plain_sink->set_formatter(expr::stream << expr::smessage);
  redacting_sink->set_formatter(expr::stream << expr::smessage);
  plain_sink->set_filter(expr::attr<std::string>("Channel") == "plain");
  redacting_sink->set_filter(expr::attr<std::string>("Channel") == "redacting");
  logging::core::get()->add_sink(plain_sink);
  logging::core::get()->add_sink(redacting_sink);
  logging::sources::channel_logger<> plain_lg(logging::keywords::channel = "plain");
  logging::sources::channel_logger<> redacting_lg(logging::keywords::channel = "redacting");
  std::size_t i = 0, j = 0;
  alternate(
      state,
      [&] {
        const record_args& a = args_for(i++);
        BOOST_LOG(plain_lg) << "GET " << a.path << " status=" << a.status << " duration_ms=" << a.ms
                            << " user=" << a.user << " request_id=5f2b9c0e7a1d4e3f";
      },
      [&] {
        const record_args& a = args_for(j++);
        BOOST_LOG(redacting_lg) << "GET " << a.path << " status=" << a.status
                                << " duration_ms=" << a.ms << " user=" << a.user
                                << " request_id=5f2b9c0e7a1d4e3f";
      });
  plain_sink->flush();
  redacting_sink->flush();
  logging::core::get()->remove_sink(plain_sink);
  logging::core::get()->remove_sink(redacting_sink);
}

void bm_boost_log_ab(benchmark::State& state, bool file) {
  namespace sinks = boost::log::sinks;
  const auto path_plain = temp_log("boost-ab-plain");
  const auto path_redacting = temp_log("boost-ab-redacting");
  if (file) {
    auto plain = boost::make_shared<sinks::text_file_backend>();
    plain->set_file_name_pattern(path_plain.string());
    auto inner = boost::make_shared<sinks::text_file_backend>();
    inner->set_file_name_pattern(path_redacting.string());
    run_boost_log_ab(
        state, plain,
        boost::make_shared<redact::boost_log::redacting_backend<sinks::text_file_backend>>(
            redact::policy{}, inner));
  } else {
    static null_buffer null_buf;
    static std::ostream null_stream(&null_buf);
    auto plain = boost::make_shared<sinks::text_ostream_backend>();
    plain->add_stream(boost::shared_ptr<std::ostream>(&null_stream, boost::null_deleter()));
    auto inner = boost::make_shared<sinks::text_ostream_backend>();
    inner->add_stream(boost::shared_ptr<std::ostream>(&null_stream, boost::null_deleter()));
    run_boost_log_ab(
        state, plain,
        boost::make_shared<redact::boost_log::redacting_backend<sinks::text_ostream_backend>>(
            redact::policy{}, inner));
  }
  std::error_code ec;
  std::filesystem::remove(path_plain, ec);
  std::filesystem::remove(path_redacting, ec);
}
#endif

}  // namespace

void register_adapter_benchmarks() {
  for (bool file : {false, true}) {
    const std::string sink = file ? "file" : "null";
#if REDACT_BENCH_HAVE_SPDLOG
    benchmark::RegisterBenchmark(("spdlog/" + sink + "/ab").c_str(), bm_spdlog_ab, file)
        ->Unit(benchmark::kMicrosecond);
#endif
#if REDACT_BENCH_HAVE_BOOST_LOG
    benchmark::RegisterBenchmark(("boost_log/" + sink + "/ab").c_str(), bm_boost_log_ab, file)
        ->Unit(benchmark::kMicrosecond);
#endif
    static_cast<void>(sink);
  }
}

}  // namespace redact::bench
