// Zero heap allocations added per message in steady state: the global
// operator new is replaced by a counting one, and the same logging workload
// runs through the same logger set-up with and without redaction. The
// adapters may not add a single allocation once warmed up.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <future>
#include <new>
#include <sstream>
#include <streambuf>
#include <string>
#include <thread>
#include <vector>

#include "redact/ostream/redacting_streambuf.hpp"
#include "test_util.hpp"

#ifdef REDACT_TEST_SPDLOG
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/spdlog.h>

#include "redact/spdlog/redacting_sink.hpp"
#endif

#ifdef REDACT_TEST_BOOST_LOG
#include <boost/log/core.hpp>
#include <boost/log/expressions.hpp>
#include <boost/log/sinks/sync_frontend.hpp>
#include <boost/log/sinks/text_ostream_backend.hpp>
#include <boost/log/sources/logger.hpp>
#include <boost/log/sources/record_ostream.hpp>
#include <boost/make_shared.hpp>
#include <fstream>

#include "redact/boost_log/redacting_backend.hpp"
#endif

namespace {
std::atomic<std::size_t> allocations{0};
thread_local bool counting = false;
thread_local bool fail_next = false;  // the next allocation on this thread throws
}  // namespace

// Sanitizers bring their own operator new; counting is only meaningful (and
// only done) in builds without them.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define REDACT_COUNTING_NEW 0
#else
#define REDACT_COUNTING_NEW 1

// noinline: once inlined, GCC 12 at -O2 pairs the malloc/free inside with the
// caller's new/delete and warns (-Wmismatched-new-delete).
[[gnu::noinline]] void* operator new(std::size_t size) {
  if (fail_next) {
    fail_next = false;
    throw std::bad_alloc();
  }
  if (counting) allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
[[gnu::noinline]] void* operator new[](std::size_t size) { return operator new(size); }
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
#endif

namespace {

using redact::test::exact;
using redact::test::jwt;
using redact::test::key;
using redact::test::temp_dir;

using redact::test::test_policy;

// Counts allocations made by `work` on this thread.
template <typename Work>
std::size_t count_allocations(Work&& work) {
  allocations.store(0);
  counting = true;
  work();
  counting = false;
  return allocations.load();
}

class AllocationCounter : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!REDACT_COUNTING_NEW) GTEST_SKIP() << "allocation counting is off under sanitizers";
  }
};

constexpr int warm_up = 200;
constexpr int measured = 2000;

TEST_F(AllocationCounter, CountsAllocations) {  // the instrument works
  const std::size_t n = count_allocations([] {
    auto* v = new std::vector<int>(100);
    // Keep the optimiser from eliding the new/delete pair.
    asm volatile("" : : "r"(v) : "memory");
    delete v;
  });
  EXPECT_EQ(n, 2u);
}

#ifdef REDACT_TEST_SPDLOG
template <typename Setup>
std::size_t spdlog_allocations(const std::string& path, Setup&& setup) {
  auto file = std::make_shared<spdlog::sinks::basic_file_sink_st>(path, true);
  spdlog::logger log("alloc", file);
  setup(log);
  log.set_pattern("[%Y-%m-%d %H:%M:%S.%e] [%n] [%l] %v");
  auto burst = [&](int n) {
    for (int i = 0; i < n; ++i) {
      log.info("request {} ok", i);
      log.info("GET /v1/models key={} user=bob", key);
      log.info("> Authorization: Bearer {}", jwt);
      log.warn("env secret {} leaked into a message", exact);
    }
  };
  burst(warm_up);
  return count_allocations([&] { burst(measured); });
}

TEST_F(AllocationCounter, SpdlogSinkAddsNoAllocationPerMessage) {
  temp_dir dir;
  const std::size_t plain = spdlog_allocations(dir.file("plain.log"), [](spdlog::logger&) {});
  const std::size_t redacted = spdlog_allocations(dir.file("redacted.log"), [](spdlog::logger& l) {
    redact::spdlog::install(l, test_policy());
  });
  RecordProperty("plain", std::to_string(plain));
  RecordProperty("redacted", std::to_string(redacted));
  EXPECT_LE(redacted, plain) << "plain=" << plain << " redacted=" << redacted;
}
#endif

#ifdef REDACT_TEST_BOOST_LOG
namespace logging = boost::log;
namespace sinks = boost::log::sinks;
namespace expr = boost::log::expressions;

// Allocations of `measured` bursts through `sink` formatted by `format`
// (after a warm-up).
template <typename Sink, typename Formatter>
std::size_t boost_allocations(boost::shared_ptr<Sink> sink, Formatter format) {
  sink->set_formatter(format);
  logging::core::get()->add_sink(sink);
  logging::sources::logger lg;
  auto burst = [&](int n) {
    for (int i = 0; i < n; ++i) {
      BOOST_LOG(lg) << "request " << i << " ok";
      BOOST_LOG(lg) << "GET /v1/models key=" << key << " user=bob";
      BOOST_LOG(lg) << "> Authorization: Bearer " << jwt;
    }
  };
  burst(warm_up);
  const std::size_t n = count_allocations([&] { burst(measured); });
  logging::core::get()->remove_sink(sink);
  sink->flush();
  return n;
}

TEST_F(AllocationCounter, BoostBackendAddsNoAllocationPerMessage) {
  temp_dir dir;
  using plain_sink = sinks::synchronous_sink<sinks::text_ostream_backend>;
  using backend = redact::boost_log::redacting_backend<sinks::text_ostream_backend>;
  using redacted_sink = sinks::synchronous_sink<backend>;

  auto plain_backend = boost::make_shared<sinks::text_ostream_backend>();
  plain_backend->add_stream(boost::make_shared<std::ofstream>(dir.file("plain.log")));
  const auto format = expr::stream << "[boost] " << expr::smessage;
  const std::size_t plain =
      boost_allocations(boost::make_shared<plain_sink>(plain_backend), format);

  auto inner = boost::make_shared<sinks::text_ostream_backend>();
  inner->add_stream(boost::make_shared<std::ofstream>(dir.file("redacted.log")));
  const std::size_t redacted = boost_allocations(
      boost::make_shared<redacted_sink>(boost::make_shared<backend>(test_policy(), inner)), format);
  EXPECT_LE(redacted, plain) << "plain=" << plain << " redacted=" << redacted;

  // The formatter wrapper, with the plain backend.
  auto inner2 = boost::make_shared<sinks::text_ostream_backend>();
  inner2->add_stream(boost::make_shared<std::ofstream>(dir.file("formatter.log")));
  const std::size_t formatted =
      boost_allocations(boost::make_shared<plain_sink>(inner2),
                        redact::boost_log::redacting_formatter(test_policy(), format));
  RecordProperty("plain", std::to_string(plain));
  RecordProperty("redacted", std::to_string(redacted));
  RecordProperty("formatter", std::to_string(formatted));
  EXPECT_LE(formatted, plain) << "plain=" << plain << " formatter=" << formatted;
}
#endif

// A target that accepts everything and allocates nothing.
class null_buf final : public std::streambuf {
 public:
  std::size_t bytes = 0;

 protected:
  int_type overflow(int_type ch) override {
    ++bytes;
    return traits_type::not_eof(ch);
  }
  std::streamsize xsputn(const char*, std::streamsize n) override {
    bytes += static_cast<std::size_t>(n);
    return n;
  }
};

TEST_F(AllocationCounter, OstreamFilterStAllocatesNothingWhileWriting) {
  null_buf target;
  redact::ostream::redacting_streambuf_st filter(&target, test_policy(), 64);
  std::ostream os(&filter);
  const std::size_t n = count_allocations([&] {
    for (int i = 0; i < measured; ++i) {
      os << "GET /v1/models key=" << key << " n=" << i << '\n';
      os << "> Authorization: Bearer " << jwt << '\n';
      if (i % 100 == 0) os.flush();
    }
    os.flush();
  });
  EXPECT_EQ(n, 0u);
  EXPECT_GT(target.bytes, 0u);
}

TEST_F(AllocationCounter, OstreamFilterMtAllocatesNothingOnceWarm) {
  null_buf target;
  redact::ostream::redacting_streambuf_mt filter(&target, test_policy());
  std::ostream os(&filter);
  auto burst = [&](int n) {
    for (int i = 0; i < n; ++i) {
      os << "GET /v1/models key=" << key << " n=" << i << '\n';
      os << "> Authorization: Bearer " << jwt << '\n';
      if (i % 100 == 0) os.flush();
    }
    os.flush();
  };
  burst(warm_up);  // this thread's line buffer reaches its size
  EXPECT_EQ(count_allocations([&] { burst(measured); }), 0u);
  EXPECT_GT(target.bytes, 0u);
}

// Failure injection: the allocations that keep a thread's unfinished line.
// A line whose bytes could not be kept is cut: its rest is dropped up to its
// LF and it ends as `***`; its tail alone (no longer recognisable as a key)
// is never written.
TEST_F(AllocationCounter, OstreamFilterMtCutsALineItCannotKeep) {
  std::stringbuf target;
  redact::ostream::redacting_streambuf_mt filter(&target, test_policy());
  std::ostream os(&filter);
  fail_next = true;
  os << "user=bob key=" << key.substr(0, 10);
  fail_next = false;
  EXPECT_TRUE(os.bad());
  os.clear();
  os << key.substr(10) << " status=200\n";
  os << "next key=" << key << '\n';
  EXPECT_EQ(target.str(), "***\nnext key=qbt_***\n");
}

// With every reserved entry taken by threads in the middle of a line, a new
// entry needs memory; when there is none, the filter masks every line from
// then on.
TEST_F(AllocationCounter, OstreamFilterMtMasksEveryLineWhenNoEntryCanBeMade) {
  std::stringbuf target;
  {
    redact::ostream::redacting_streambuf_mt filter(&target, test_policy());
    std::ostream os(&filter);
    std::promise<void> finish;
    std::shared_future<void> finished = finish.get_future().share();
    std::vector<std::thread> holders;
    for (int t = 0; t < 16; ++t) {
      std::promise<void> started;
      auto wrote = started.get_future();
      holders.emplace_back([&os, &finished, t, p = std::move(started)]() mutable {
        os << "unfinished line of thread " << t;  // keeps an entry until the end
        p.set_value();
        finished.wait();
      });
      wrote.wait();
    }
    std::thread([&os] {
      fail_next = true;
      os << "one more thread";
      fail_next = false;
    }).join();
    os.clear();
    os << "line key=" << key << "\nsecond line\n";
    finish.set_value();
    for (auto& h : holders) h.join();
  }
  EXPECT_EQ(target.str(), "***\n***\n");
}

}  // namespace
