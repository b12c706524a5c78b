// Tests of redact::boost_log: real Boost.Log sinks (text_file_backend,
// text_ostream_backend, syslog_backend over UDP) under synchronous and
// asynchronous frontends; what they wrote is read back and compared with
// SPEC.md's redacted text.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <boost/log/attributes/constant.hpp>
#include <boost/log/core.hpp>
#include <boost/log/expressions.hpp>
#include <boost/log/sinks/async_frontend.hpp>
#include <boost/log/sinks/block_on_overflow.hpp>
#include <boost/log/sinks/bounded_fifo_queue.hpp>
#include <boost/log/sinks/sync_frontend.hpp>
#include <boost/log/sinks/syslog_backend.hpp>
#include <boost/log/sinks/text_file_backend.hpp>
#include <boost/log/sinks/text_ostream_backend.hpp>
#include <boost/log/sources/logger.hpp>
#include <boost/log/sources/record_ostream.hpp>
#include <boost/log/utility/exception_handler.hpp>
#include <boost/make_shared.hpp>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "redact/boost_log/redacting_backend.hpp"
#include "test_util.hpp"

#if defined(__SANITIZE_THREAD__)
// libboost_log.so is not built with -fsanitize=thread: it frees records and
// attribute values after dropping reference counts TSan cannot see, so every
// asynchronous_sink reports races on free() even without redact (checked with
// a plain asynchronous_sink<text_file_backend>). Ignore the allocator calls
// made by that library only; every access made by our code is still checked.
extern "C" const char* __tsan_default_suppressions() { return "called_from_lib:libboost_log.so\n"; }
#endif

namespace {

namespace logging = boost::log;
namespace sinks = boost::log::sinks;
namespace expr = boost::log::expressions;
namespace attrs = boost::log::attributes;

using redact::test::exact;
using redact::test::expect_no_planted_secret;
using redact::test::jwt;
using redact::test::key;
using redact::test::key2;
using redact::test::read_file;
using redact::test::split_lines;
using redact::test::temp_dir;

using redact::test::str;
using redact::test::test_policy;

using file_backend = redact::boost_log::redacting_backend<sinks::text_file_backend>;
using ostream_backend = redact::boost_log::redacting_backend<sinks::text_ostream_backend>;
// Asynchronous sinks use the mutex-based bounded queue: the default
// unbounded_fifo_queue is a lock-free queue compiled into libboost_log, which
// is not instrumented, so ThreadSanitizer reports false races on every record
// handed over through it. The adapter does not depend on the queue type.
using async_file_sink =
    sinks::asynchronous_sink<file_backend,
                             sinks::bounded_fifo_queue<1024, sinks::block_on_overflow>>;

// The Boost.Log core is process-wide: every test adds its sink and removes it
// again, and tags its records with a Test attribute its sink filters on.
template <typename Sink>
class scoped_sink {
 public:
  explicit scoped_sink(boost::shared_ptr<Sink> sink, const std::string& test)
      : sink_(std::move(sink)) {
    sink_->set_filter(expr::attr<std::string>("Test") == test);
    logging::core::get()->add_sink(sink_);
  }
  ~scoped_sink() {
    logging::core::get()->remove_sink(sink_);
    sink_->flush();
  }
  Sink& operator*() const { return *sink_; }
  Sink* operator->() const { return sink_.get(); }

 private:
  boost::shared_ptr<Sink> sink_;
};

logging::sources::logger test_logger(const std::string& test) {
  logging::sources::logger lg;
  lg.add_attribute("Test", attrs::constant<std::string>(test));
  return lg;
}

boost::shared_ptr<sinks::text_file_backend> file_at(const std::string& path) {
  // Boost 1.74's text_file_backend ignores a lone keyword argument in its
  // constructor (the file would be named 00000.log), so set the name after.
  auto file = boost::make_shared<sinks::text_file_backend>();
  file->set_file_name_pattern(path);
  file->auto_flush(true);
  return file;
}

TEST(BoostLogAdapter, FileBackendMasksMessageAndAttributes) {
  temp_dir dir;
  const auto path = dir.file("svc.log");
  {
    auto backend = boost::make_shared<file_backend>(test_policy(), file_at(path));
    scoped_sink sink(boost::make_shared<sinks::synchronous_sink<file_backend>>(backend), "file");
    sink->set_formatter(expr::stream << "[" << expr::attr<std::string>("Tenant") << "] "
                                     << expr::smessage);
    auto lg = test_logger("file");
    lg.add_attribute("Tenant", attrs::constant<std::string>("t-" + str(key2)));
    BOOST_LOG(lg) << "starting worker pool size=4";
    BOOST_LOG(lg) << "GET /v1/models key=" << key;
    BOOST_LOG(lg) << "> Authorization: Bearer " << jwt;
    BOOST_LOG(lg) << R"({"authorization":"Bearer abc.def.ghi","host":"api"})";
    BOOST_LOG(lg) << "password in env is " << exact << " here";
    BOOST_LOG(lg) << "done";
  }
  const std::string text = read_file(path);
  expect_no_planted_secret(text);
  const std::vector<std::string> expected{
      "[t-qbt_***] starting worker pool size=4",
      "[t-qbt_***] GET /v1/models key=qbt_***",
      "[t-qbt_***] > Authorization: Bearer ***",
      R"([t-qbt_***] {"authorization":"Bearer ***","host":"api"})",
      "[t-qbt_***] password in env is *** here",
      "[t-qbt_***] done",
  };
  EXPECT_EQ(split_lines(text), expected);
}

TEST(BoostLogAdapter, OstreamBackendFlushesThroughTheWrapper) {
  temp_dir dir;
  const auto path = dir.file("ostream.log");
  auto inner = boost::make_shared<sinks::text_ostream_backend>();
  inner->add_stream(boost::make_shared<std::ofstream>(path));
  auto backend = boost::make_shared<ostream_backend>(test_policy(), inner);
  scoped_sink sink(boost::make_shared<sinks::synchronous_sink<ostream_backend>>(backend), "os");
  sink->set_formatter(expr::stream << expr::smessage);
  auto lg = test_logger("os");
  BOOST_LOG(lg) << "key=" << key;
  BOOST_LOG(lg) << "plain line";
  sink->flush();  // redacting_backend::flush -> text_ostream_backend::flush
  EXPECT_EQ(read_file(path), "key=qbt_***\nplain line\n");
}

TEST(BoostLogAdapter, AsynchronousSinkLosesNothingAfterStopAndFlush) {
  temp_dir dir;
  const auto path = dir.file("async.log");
  constexpr int count = 5000;
  {
    auto backend = boost::make_shared<file_backend>(test_policy(), file_at(path));
    auto async = boost::make_shared<async_file_sink>(backend);
    async->set_filter(expr::attr<std::string>("Test") == "async");
    async->set_formatter(expr::stream << expr::smessage);
    logging::core::get()->add_sink(async);
    auto lg = test_logger("async");
    for (int i = 0; i < count; ++i) {
      BOOST_LOG(lg) << "n=" << i << " key=" << key << " jwt Bearer " << jwt;
    }
    logging::core::get()->remove_sink(async);
    async->stop();
    async->flush();
  }
  const std::string text = read_file(path);
  expect_no_planted_secret(text);
  const auto lines = split_lines(text);
  ASSERT_EQ(lines.size(), static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    ASSERT_EQ(lines[i], "n=" + std::to_string(i) + " key=qbt_*** jwt Bearer ***");
  }
}

// 8 threads x 100,000 records through one sink: every line whole, redacted,
// in each thread's order, none lost or repeated.
constexpr int stress_threads = 8;
constexpr int stress_records = 100000;

// A synchronous or asynchronous sink writing `path`, accepting records
// tagged `tag`, not yet added to the core.
struct stress_sink {
  boost::shared_ptr<sinks::basic_formatting_sink_frontend<char>> frontend;
  boost::shared_ptr<async_file_sink> async;

  stress_sink(const std::string& path, const std::string& tag, bool asynchronous) {
    auto backend = boost::make_shared<file_backend>(test_policy(), file_at(path));
    backend->inner().auto_flush(false);
    if (asynchronous) {
      async = boost::make_shared<async_file_sink>(backend);
      frontend = async;
    } else {
      frontend = boost::make_shared<sinks::synchronous_sink<file_backend>>(backend);
    }
    frontend->set_filter(expr::attr<std::string>("Test") == tag);
    frontend->set_formatter(expr::stream << expr::smessage);
  }

  // Takes the sink out of the core and writes out what it still holds.
  void shut_down() const {
    logging::core::get()->remove_sink(frontend);
    if (async) async->stop();
    frontend->flush();
  }
};

void log_from_threads(const std::string& tag, int records, std::atomic<int>* logged = nullptr) {
  std::vector<std::thread> workers;
  for (int t = 0; t < stress_threads; ++t) {
    workers.emplace_back([t, &tag, records, logged] {
      auto lg = test_logger(tag);
      for (int i = 0; i < records; ++i) {
        BOOST_LOG(lg) << "t=" << t << " i=" << i << " key=" << key << " Authorization: Bearer "
                      << jwt;
        if (logged != nullptr) ++*logged;
      }
    });
  }
  for (auto& w : workers) w.join();
}

// Checks the lines of a stress run; returns how many of each thread's records
// are in the file (a prefix of its records: none lost in between).
std::vector<int> check_stress_lines(const std::string& text) {
  expect_no_planted_secret(text);
  std::vector<int> written(stress_threads, 0);
  for (const auto& line : split_lines(text)) {
    int t = -1, i = -1;
    EXPECT_EQ(std::sscanf(line.c_str(), "t=%d i=%d", &t, &i), 2) << line;
    if (t < 0 || t >= stress_threads || i != written[t]) {
      ADD_FAILURE() << "torn, lost, repeated or reordered line: " << line;
      break;
    }
    ++written[t];
    if (line != "t=" + std::to_string(t) + " i=" + std::to_string(i) +
                    " key=qbt_*** Authorization: Bearer ***") {
      ADD_FAILURE() << "torn line: " << line;
      break;
    }
  }
  return written;
}

void eight_threads(bool asynchronous) {
  temp_dir dir;
  const auto path = dir.file("threads.log");
  const std::string tag = asynchronous ? "mt-async" : "mt-sync";
  {
    stress_sink sink(path, tag, asynchronous);
    logging::core::get()->add_sink(sink.frontend);
    log_from_threads(tag, stress_records);
    sink.shut_down();
  }
  for (int n : check_stress_lines(read_file(path))) EXPECT_EQ(n, stress_records);
}

TEST(BoostLogAdapter, EightThreadsShareASynchronousSinkAndLoseNothing) { eight_threads(false); }
TEST(BoostLogAdapter, EightThreadsShareAnAsynchronousSinkAndLoseNothing) { eight_threads(true); }

// The sink is removed, stopped and flushed while 8 threads log: each thread's
// records that reached the sink are all written (whole, redacted, in order);
// the rest never reached it. A record opened before the removal can still
// arrive after it, so the sink is flushed once more after the threads ended.
void shut_down_while_logging(bool asynchronous) {
  temp_dir dir;
  const auto path = dir.file("shutdown.log");
  const std::string tag = asynchronous ? "stop-async" : "stop-sync";
  constexpr int records = stress_records / 10;
  {
    stress_sink sink(path, tag, asynchronous);
    logging::core::get()->add_sink(sink.frontend);
    std::atomic<int> logged{0};
    std::thread stopper([&sink, &logged] {
      while (logged.load() < stress_threads * records / 4) std::this_thread::yield();
      sink.shut_down();
    });
    log_from_threads(tag, records, &logged);
    stopper.join();
    sink.frontend->flush();
  }
  const auto written = check_stress_lines(read_file(path));
  int total = 0;
  for (int n : written) total += n;
  EXPECT_GE(total, stress_threads * records / 4);
  EXPECT_LT(total, stress_threads * records) << "the sink went away only after the last record";
}

TEST(BoostLogAdapter, SynchronousSinkShutDownWhileThreadsLog) { shut_down_while_logging(false); }
TEST(BoostLogAdapter, AsynchronousSinkShutDownWhileThreadsLog) { shut_down_while_logging(true); }

TEST(BoostLogAdapter, FormatterWrapperRedactsWholeRecord) {
  temp_dir dir;
  const auto path = dir.file("formatter.log");
  auto inner = boost::make_shared<sinks::text_ostream_backend>();
  inner->add_stream(boost::make_shared<std::ofstream>(path));
  {
    scoped_sink sink(
        boost::make_shared<sinks::synchronous_sink<sinks::text_ostream_backend>>(inner),
        "formatter");
    sink->set_formatter(redact::boost_log::redacting_formatter(
        test_policy(),
        expr::stream << "[" << expr::attr<std::string>("Tenant") << "] " << expr::smessage));
    auto lg = test_logger("formatter");
    lg.add_attribute("Tenant", attrs::constant<std::string>(str(key2)));
    BOOST_LOG(lg) << "Authorization: Bearer " << jwt;
    BOOST_LOG(lg) << "ok";
    // Threads get their own copy of the formatter (their own redactor).
    std::thread other([] {
      auto lg2 = test_logger("formatter");
      BOOST_LOG(lg2) << "from another thread key=" << key;
    });
    other.join();
  }
  inner->flush();
  const std::string text = read_file(path);
  expect_no_planted_secret(text);
  EXPECT_EQ(split_lines(text),
            (std::vector<std::string>{"[qbt_***] Authorization: Bearer ***", "[qbt_***] ok",
                                      "[] from another thread key=qbt_***"}));
}

// Placement rules (docs/adapters.md), one test each.

// The backend wrapper redacts whatever the frontend formats, so a formatter
// set (or replaced) after the sink was added needs no wrapping of its own.
TEST(BoostLogAdapter, BackendWrapperRedactsFormattersSetLater) {
  temp_dir dir;
  const auto path = dir.file("later.log");
  {
    auto backend = boost::make_shared<file_backend>(test_policy(), file_at(path));
    scoped_sink sink(boost::make_shared<sinks::synchronous_sink<file_backend>>(backend), "later");
    auto lg = test_logger("later");
    lg.add_attribute("Tenant", attrs::constant<std::string>(str(key2)));
    BOOST_LOG(lg) << "one " << key;
    sink->set_formatter(expr::stream << expr::attr<std::string>("Tenant") << " " << expr::smessage);
    BOOST_LOG(lg) << "two " << key;
  }
  const std::string text = read_file(path);
  expect_no_planted_secret(text);
  EXPECT_EQ(split_lines(text), (std::vector<std::string>{"one qbt_***", "qbt_*** two qbt_***"}));
}

// With the formatter wrapper, the wrapper is the formatter: each formatter
// set on the sink must be wrapped again.
TEST(BoostLogAdapter, FormatterWrapperIsSetAgainWithEachNewFormatter) {
  temp_dir dir;
  const auto path = dir.file("rewrap.log");
  auto inner = boost::make_shared<sinks::text_ostream_backend>();
  inner->add_stream(boost::make_shared<std::ofstream>(path));
  {
    scoped_sink sink(
        boost::make_shared<sinks::synchronous_sink<sinks::text_ostream_backend>>(inner), "rewrap");
    sink->set_formatter(
        redact::boost_log::redacting_formatter(test_policy(), expr::stream << expr::smessage));
    auto lg = test_logger("rewrap");
    BOOST_LOG(lg) << "one " << key;
    sink->set_formatter(redact::boost_log::redacting_formatter(
        test_policy(), expr::stream << "> " << expr::smessage));
    BOOST_LOG(lg) << "two " << key;
  }
  inner->flush();
  const std::string text = read_file(path);
  expect_no_planted_secret(text);
  EXPECT_EQ(split_lines(text), (std::vector<std::string>{"one qbt_***", "> two qbt_***"}));
}

// The core hands a record to every sink whose filter accepts it: each sink
// carries its own wrapper (here one of each kind).
TEST(BoostLogAdapter, EverySinkThatAcceptsARecordHasItsOwnWrapper) {
  temp_dir dir;
  const auto backend_path = dir.file("backend.log");
  const auto formatter_path = dir.file("formatter.log");
  auto inner = boost::make_shared<sinks::text_ostream_backend>();
  inner->add_stream(boost::make_shared<std::ofstream>(formatter_path));
  {
    auto backend = boost::make_shared<file_backend>(test_policy(), file_at(backend_path));
    scoped_sink a(boost::make_shared<sinks::synchronous_sink<file_backend>>(backend), "both");
    a->set_formatter(expr::stream << expr::smessage);
    scoped_sink b(boost::make_shared<sinks::synchronous_sink<sinks::text_ostream_backend>>(inner),
                  "both");
    b->set_formatter(
        redact::boost_log::redacting_formatter(test_policy(), expr::stream << expr::smessage));
    auto lg = test_logger("both");
    BOOST_LOG(lg) << "Authorization: Bearer " << jwt;
  }
  inner->flush();
  for (const auto& path : {backend_path, formatter_path}) {
    const std::string text = read_file(path);
    expect_no_planted_secret(text);
    EXPECT_EQ(text, "Authorization: Bearer ***\n") << path;
  }
}

TEST(BoostLogAdapter, InvalidPolicyMasksAndReportsThroughTheExceptionHandler) {
  temp_dir dir;
  const auto path = dir.file("bad.log");
  redact::policy_options opts;
  opts.prefixes = {""};  // invalid
  redact::policy bad(std::move(opts));
  ASSERT_FALSE(bad.ok());
  std::vector<std::string> errors;
  {
    auto backend = boost::make_shared<file_backend>(bad, file_at(path));
    backend->set_error_handler(redact::boost_log::throw_to_frontend);
    scoped_sink sink(boost::make_shared<sinks::synchronous_sink<file_backend>>(backend), "bad");
    sink->set_formatter(expr::stream << expr::smessage);
    sink->set_exception_handler(logging::make_exception_handler<redact::boost_log::redaction_error>(
        [&](const redact::boost_log::redaction_error& e) { errors.emplace_back(e.what()); }));
    auto lg = test_logger("bad");
    BOOST_LOG(lg) << "GET /v1 key=" << key;
  }
  const std::string text = read_file(path);
  expect_no_planted_secret(text);
  EXPECT_EQ(text, "***\n");
  ASSERT_EQ(errors.size(), 1u);
  expect_no_planted_secret(errors[0]);
  EXPECT_EQ(errors[0], "policy is not valid; record masked");
}

// syslog_backend over UDP to a socket the test owns: the datagram is what a
// syslog daemon would receive.
TEST(BoostLogAdapter, SyslogBackendSendsRedactedDatagrams) {
  const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  socklen_t len = sizeof(addr);
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  timeval timeout{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));

  using syslog_backend = redact::boost_log::redacting_backend<sinks::syslog_backend>;
  auto inner = boost::make_shared<sinks::syslog_backend>(
      logging::keywords::use_impl = sinks::syslog::udp_socket_based,
      logging::keywords::facility = sinks::syslog::user);
  inner->set_target_address("127.0.0.1", ntohs(addr.sin_port));
  {
    auto backend = boost::make_shared<syslog_backend>(test_policy(), inner);
    scoped_sink sink(boost::make_shared<sinks::synchronous_sink<syslog_backend>>(backend),
                     "syslog");
    sink->set_formatter(expr::stream << expr::smessage);
    auto lg = test_logger("syslog");
    BOOST_LOG(lg) << "upstream call Authorization: Bearer " << jwt;
  }
  char buf[2048];
  const ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
  ::close(fd);
  ASSERT_GT(n, 0);
  const std::string datagram(buf, static_cast<std::size_t>(n));
  expect_no_planted_secret(datagram);
  const std::string tail = "upstream call Authorization: Bearer ***";
  ASSERT_GE(datagram.size(), tail.size());
  EXPECT_EQ(datagram.substr(datagram.size() - tail.size()), tail);
}

}  // namespace
