// Tests of redact::spdlog: real spdlog loggers write real files in a temporary
// directory; the files are read back and compared line by line with what
// SPEC.md says the redacted text is.
#include <gtest/gtest.h>
#include <spdlog/async.h>
#include <spdlog/async_logger.h>
#include <spdlog/details/thread_pool.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/ansicolor_sink.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/dist_sink.h>
#include <spdlog/sinks/dup_filter_sink.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "redact/spdlog/redacting_sink.hpp"
#include "test_util.hpp"

#if defined(__SANITIZE_THREAD__)
// libspdlog.so is not built with -fsanitize=thread. An async_logger holds its
// thread pool through a weak_ptr: when the pool's last owner lets go while
// threads log, the thread dropping the last reference runs ~thread_pool(),
// ordered after every other thread's post_log() by the shared_ptr reference
// count, whose atomic updates happen inside that library where TSan cannot
// see them. It then reports pthread_cond_destroy in ~thread_pool() racing
// with pthread_cond_signal in post_log() (AsyncPoolShutdown... below). Only
// that destructor is exempt; every access made by our code is still checked.
extern "C" const char* __tsan_default_suppressions() {
  return "race:spdlog::details::thread_pool::~thread_pool\n";
}
#endif

namespace {

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

std::shared_ptr<spdlog::logger> file_logger(const std::string& name, const std::string& path) {
  auto file = std::make_shared<spdlog::sinks::basic_file_sink_mt>(path, true);
  return std::make_shared<spdlog::logger>(name, file);
}

// A custom flag that prints a per-request value the application keeps in
// context: here, deliberately, a key.
class tenant_flag final : public spdlog::custom_flag_formatter {
 public:
  explicit tenant_flag(std::string value) : value_(std::move(value)) {}
  void format(const spdlog::details::log_msg&, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    dest.append(value_.data(), value_.data() + value_.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<tenant_flag>(value_);
  }

 private:
  std::string value_;
};

// A custom flag that fails: its message names a key.
class throwing_flag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg&, const std::tm&, spdlog::memory_buf_t&) override {
    throw std::runtime_error("lookup failed for " + str(key));
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<throwing_flag>();
  }
};

std::unique_ptr<spdlog::formatter> with_flag(char flag, std::string value,
                                             const std::string& pattern) {
  auto f = std::make_unique<spdlog::pattern_formatter>();
  f->add_flag<tenant_flag>(flag, std::move(value)).set_pattern(pattern);
  return f;
}

// A sink that records what it is given, without formatting (like syslog or
// callback sinks): proves the forwarded log_msg itself is clean.
class recording_sink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  std::vector<std::string> payloads, names;

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    payloads.emplace_back(msg.payload.data(), msg.payload.size());
    names.emplace_back(msg.logger_name.data(), msg.logger_name.size());
  }
  void flush_() override {}
};

TEST(SpdlogAdapter, PayloadSecretsAreMaskedAndOtherLinesIntact) {
  temp_dir dir;
  const auto path = dir.file("svc.log");
  {
    auto log = file_logger("svc", path);
    redact::spdlog::install(*log, test_policy());
    log->set_pattern("%v");
    log->info("starting worker pool size=4");
    log->info("GET /v1/models key={}", key);
    log->info("> Authorization: Bearer {}", jwt);
    log->info("{}", R"({"authorization":"Bearer abc.def.ghi","host":"api"})");
    log->info("password in env is {} here", exact);
    log->info("Authorization failed for user bob");
    log->info("done");
  }
  const std::string text = read_file(path);
  expect_no_planted_secret(text);
  const std::vector<std::string> expected{
      "starting worker pool size=4",
      "GET /v1/models key=qbt_***",
      "> Authorization: Bearer ***",
      R"({"authorization":"Bearer ***","host":"api"})",
      "password in env is *** here",
      "Authorization failed for user bob",
      "done",
  };
  EXPECT_EQ(split_lines(text), expected);
}

TEST(SpdlogAdapter, LoggerNameIsRedactedInLinesAndInForwardedMessage) {
  temp_dir dir;
  const auto path = dir.file("name.log");
  auto recorder = std::make_shared<recording_sink>();
  {
    auto file = std::make_shared<spdlog::sinks::basic_file_sink_mt>(path, true);
    auto sink = std::make_shared<redact::spdlog::redacting_sink_mt>(
        test_policy(), std::vector<spdlog::sink_ptr>{file, recorder});
    spdlog::logger log("svc-" + str(key), sink);
    log.set_pattern("[%n] %v");
    log.info("hello");
    log.info("token {}", key2);
  }
  const std::string text = read_file(path);
  expect_no_planted_secret(text);
  EXPECT_EQ(split_lines(text),
            (std::vector<std::string>{"[svc-qbt_***] hello", "[svc-qbt_***] token qbt_***"}));
  EXPECT_EQ(recorder->payloads, (std::vector<std::string>{"hello", "token qbt_***"}));
  EXPECT_EQ(recorder->names, (std::vector<std::string>{"svc-qbt_***", "svc-qbt_***"}));
}

// The sink redacts each distinct logger name once and reuses the result; two
// loggers sharing it, logging in turn, must each get their own name.
TEST(SpdlogAdapter, LoggersSharingTheSinkKeepTheirOwnRedactedNames) {
  auto recorder = std::make_shared<recording_sink>();
  auto sink = std::make_shared<redact::spdlog::redacting_sink_mt>(
      test_policy(), std::vector<spdlog::sink_ptr>{recorder});
  spdlog::logger secret_name("svc-" + str(key), sink);
  spdlog::logger plain_name("plain", sink);
  spdlog::logger other_secret("job-" + str(key2), sink);
  for (int round = 0; round < 2; ++round) {
    secret_name.info("a");
    plain_name.info("b");
    other_secret.info("c");
    secret_name.info("d");
  }
  const std::vector<std::string> one{"svc-qbt_***", "plain", "job-qbt_***", "svc-qbt_***"};
  std::vector<std::string> expected;
  for (int round = 0; round < 2; ++round) expected.insert(expected.end(), one.begin(), one.end());
  EXPECT_EQ(recorder->names, expected);
  for (const auto& name : recorder->names) expect_no_planted_secret(name);
}

TEST(SpdlogAdapter, CustomFlagSecretIsMasked) {
  temp_dir dir;
  const auto path = dir.file("flag.log");
  {
    auto log = file_logger("svc", path);
    redact::spdlog::install(*log, test_policy());
    log->set_formatter(with_flag('*', "tenant=" + str(key), "%* | %v"));
    log->info("request served");
  }
  const std::string text = read_file(path);
  expect_no_planted_secret(text);
  EXPECT_EQ(text, "tenant=qbt_*** | request served\n");
}

TEST(SpdlogAdapter, SetPatternAfterInstallationKeepsWholeLineRedaction) {
  temp_dir dir;
  const auto path = dir.file("pattern.log");
  {
    auto log = file_logger("svc", path);
    auto sink = redact::spdlog::install(*log, test_policy());
    // A pattern with a key in its literal text: only whole-line redaction
    // can catch it, and only if set_pattern's new formatter is re-wrapped.
    log->set_pattern("%v static=" + str(key));
    log->info("one");
    log->set_formatter(with_flag('*', str(key2), "%* %v"));
    log->info("two");
    sink->set_pattern("%v|" + str(key2));  // through the sink directly
    log->info("three");
  }
  const std::string text = read_file(path);
  expect_no_planted_secret(text);
  EXPECT_EQ(split_lines(text),
            (std::vector<std::string>{"one static=qbt_***", "qbt_*** two", "three|qbt_***"}));
}

TEST(SpdlogAdapter, LevelFilteringAndFlushKeepWorking) {
  temp_dir dir;
  const auto all_path = dir.file("all.log");
  const auto warn_path = dir.file("warn.log");
  auto all = std::make_shared<spdlog::sinks::basic_file_sink_mt>(all_path, true);
  auto warn = std::make_shared<spdlog::sinks::basic_file_sink_mt>(warn_path, true);
  warn->set_level(spdlog::level::warn);
  auto log = std::make_shared<spdlog::logger>("svc", spdlog::sinks_init_list{all, warn});
  log->set_level(spdlog::level::debug);
  auto sink = redact::spdlog::install(*log, test_policy());
  log->set_pattern("%l %v");
  log->trace("dropped by the logger {}", key);
  log->debug("debug {}", key);
  log->warn("warn {}", key2);
  log->flush();  // files are read while the logger is alive: flush must reach them
  const std::string all_text = read_file(all_path);
  const std::string warn_text = read_file(warn_path);
  expect_no_planted_secret(all_text);
  expect_no_planted_secret(warn_text);
  EXPECT_EQ(all_text, "debug debug qbt_***\nwarning warn qbt_***\n");
  EXPECT_EQ(warn_text, "warning warn qbt_***\n");
  sink->set_level(spdlog::level::err);  // the redacting sink's own level
  log->warn("filtered by the redacting sink");
  log->flush();
  EXPECT_EQ(read_file(warn_path), "warning warn qbt_***\n");
}

// Placement rules (docs/adapters.md), one test each.

// install() keeps the formatter a sink had, and wraps it: a pattern and a
// custom flag set before install() both survive, and the flag's key is
// masked by whole-line redaction.
TEST(SpdlogAdapter, InstallKeepsThePatternSetBeforeIt) {
  temp_dir dir;
  const auto path = dir.file("kept.log");
  {
    auto log = file_logger("svc", path);
    log->set_formatter(with_flag('*', "tenant=" + str(key2), "<%n> %* | %v"));
    redact::spdlog::install(*log, test_policy());
    log->info("key={}", key);
  }
  const std::string text = read_file(path);
  expect_no_planted_secret(text);
  EXPECT_EQ(text, "<svc> tenant=qbt_*** | key=qbt_***\n");
}

// A colour console sink keeps its formatter private: install() cannot keep
// its pattern. It formats with spdlog's default pattern, and one note says
// so (through the error handler) instead of changing the pattern silently.
TEST(SpdlogAdapter, ColourSinkPatternSetBeforeInstallIsReplacedWithANote) {
  temp_dir dir;
  const auto path = dir.file("colour.log");
  std::vector<std::string> errors;
  std::FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  {
    auto colour = std::make_shared<spdlog::sinks::ansicolor_sink<spdlog::details::console_mutex>>(
        f, spdlog::color_mode::never);
    spdlog::logger log("svc", colour);
    log.set_pattern("%v");
    redact::spdlog::install(log, test_policy(),
                            [&](const std::string& msg) { errors.push_back(msg); });
    log.info("one key={}", key);
    log.info("two");
  }
  std::fclose(f);
  const std::string text = read_file(path);
  expect_no_planted_secret(text);
  const auto lines = split_lines(text);
  ASSERT_EQ(lines.size(), 2u);
  // spdlog's default pattern: [date time] [name] [level] message
  const std::string tail = "] [svc] [info] one key=qbt_***";
  ASSERT_GT(lines[0].size(), tail.size());
  EXPECT_EQ(lines[0].substr(0, 1), "[");
  EXPECT_EQ(lines[0].substr(lines[0].size() - tail.size()), tail);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("note"), std::string::npos);
}

TEST(SpdlogAdapter, ColourSinkPatternSetAfterInstallNeedsNoNote) {
  temp_dir dir;
  const auto path = dir.file("colour.log");
  std::vector<std::string> errors;
  std::FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  {
    auto colour = std::make_shared<spdlog::sinks::ansicolor_sink<spdlog::details::console_mutex>>(
        f, spdlog::color_mode::never);
    spdlog::logger log("svc", colour);
    redact::spdlog::install(log, test_policy(),
                            [&](const std::string& msg) { errors.push_back(msg); });
    log.set_pattern("%v");
    log.info("key={}", key);
  }
  std::fclose(f);
  EXPECT_EQ(read_file(path), "key=qbt_***\n");
  EXPECT_TRUE(errors.empty());
}

// Sinks added to the logger after install() sit beside the redacting sink,
// not below it. Calling install() again moves them under it, with their
// own patterns kept and wrapped.
TEST(SpdlogAdapter, SinksAddedToTheLoggerAfterInstallAreTakenInByInstallingAgain) {
  temp_dir dir;
  const auto first_path = dir.file("first.log");
  const auto late_path = dir.file("late.log");
  {
    auto log = file_logger("svc", first_path);
    auto sink = redact::spdlog::install(*log, test_policy());
    log->set_pattern("%v");
    auto late = std::make_shared<spdlog::sinks::basic_file_sink_mt>(late_path, true);
    late->set_formatter(with_flag('*', str(key2), "late %* %v"));
    log->sinks().push_back(late);
    EXPECT_EQ(redact::spdlog::install(*log, test_policy()), sink);  // the same sink
    ASSERT_EQ(log->sinks().size(), 1u);
    EXPECT_EQ(sink->sinks().size(), 2u);
    log->info("key={}", key);
  }
  const std::string first = read_file(first_path);
  const std::string late = read_file(late_path);
  expect_no_planted_secret(first);
  expect_no_planted_secret(late);
  EXPECT_EQ(first, "key=qbt_***\n");
  EXPECT_EQ(late, "late qbt_*** key=qbt_***\n");
}

// A child added to the redacting sink by any of dist_sink's means (its
// add_sink() is not virtual, so also through a dist_sink reference) is
// wrapped before the next record reaches it.
TEST(SpdlogAdapter, ChildrenAddedToTheSinkAreWrappedBeforeTheirFirstRecord) {
  temp_dir dir;
  std::vector<std::string> paths;
  for (const char* name : {"added.log", "pushed.log", "set.log"}) paths.push_back(dir.file(name));
  {
    auto sink = std::make_shared<redact::spdlog::redacting_sink_mt>(test_policy());
    spdlog::logger log("svc", sink);
    std::vector<std::shared_ptr<spdlog::sinks::basic_file_sink_mt>> files;
    for (const auto& path : paths) {
      files.push_back(std::make_shared<spdlog::sinks::basic_file_sink_mt>(path, true));
      files.back()->set_formatter(with_flag('*', str(key2), "%* %v"));
    }
    spdlog::sinks::dist_sink_mt& as_dist = *sink;
    as_dist.add_sink(files[0]);
    sink->sinks().push_back(files[1]);
    log.info("one {}", key);
    sink->set_sinks({files[0], files[1], files[2]});
    log.info("two {}", key);
  }
  const std::vector<std::string> expected{
      "qbt_*** one qbt_***\nqbt_*** two qbt_***\n",
      "qbt_*** one qbt_***\nqbt_*** two qbt_***\n",
      "qbt_*** two qbt_***\n",
  };
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const std::string text = read_file(paths[i]);
    expect_no_planted_secret(text);
    EXPECT_EQ(text, expected[i]) << paths[i];
  }
}

// A pattern set on a child directly replaces its wrapper (configure through
// the logger or the redacting sink). Payload and logger name still reach it
// redacted: only text the child's own formatter adds is not checked.
TEST(SpdlogAdapter, ChildConfiguredDirectlyStillGetsRedactedPayloadAndName) {
  temp_dir dir;
  const auto path = dir.file("direct.log");
  {
    auto file = std::make_shared<spdlog::sinks::basic_file_sink_mt>(path, true);
    spdlog::logger log("svc-" + str(key2), file);
    redact::spdlog::install(log, test_policy());
    file->set_pattern("[%n] %v");  // on the child: no wrapper any more
    log.info("Authorization: Bearer {}", jwt);
  }
  const std::string text = read_file(path);
  expect_no_planted_secret(text);
  EXPECT_EQ(text, "[svc-qbt_***] Authorization: Bearer ***\n");
}

TEST(SpdlogAdapter, RingbufferBelowTheRedactorKeepsOnlyRedactedRecords) {
  auto ring = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(4);
  {
    auto sink = std::make_shared<redact::spdlog::redacting_sink_mt>(
        test_policy(), std::vector<spdlog::sink_ptr>{ring});
    spdlog::logger log("svc", sink);
    log.set_pattern("%v");
    log.info("key={}", key);
    log.info("{}", exact);
  }
  std::vector<std::string> payloads;
  for (const auto& m : ring->last_raw()) payloads.emplace_back(m.payload.data(), m.payload.size());
  EXPECT_EQ(payloads, (std::vector<std::string>{"key=qbt_***", "***"}));
  EXPECT_EQ(ring->last_formatted(), (std::vector<std::string>{"key=qbt_***\n", "***\n"}));
}

TEST(SpdlogAdapter, InstallIsIdempotent) {
  temp_dir dir;
  auto log = file_logger("svc", dir.file("x.log"));
  auto first = redact::spdlog::install(*log, test_policy());
  auto second = redact::spdlog::install(*log, test_policy());
  EXPECT_EQ(first, second);
  ASSERT_EQ(log->sinks().size(), 1u);
  EXPECT_EQ(first->sinks().size(), 1u);
}

// The colour sink prints formatted[0, start), colour, [start, end), reset,
// [end, size). With a stale range after a length change this reads beyond
// the line (ASan) or prints the wrong bytes; both are caught here.
class ColourSink : public ::testing::TestWithParam<int> {};

std::string colour_run(const std::string& path, const std::string& pattern) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  EXPECT_NE(f, nullptr);
  {
    auto colour = std::make_shared<spdlog::sinks::ansicolor_sink<spdlog::details::console_mutex>>(
        f, spdlog::color_mode::always);
    spdlog::logger log("svc", colour);
    redact::spdlog::install(log, test_policy());
    log.set_formatter(with_flag('*', "key=" + str(key), pattern));
    log.info("hello");
    log.set_formatter(with_flag('*', "x", pattern));  // no change in length
    log.info("plain");
  }
  std::fclose(f);
  return read_file(path);
}

TEST(SpdlogAdapter, ColourRangeIsRecomputedWhenTheSecretIsBeforeIt) {
  temp_dir dir;
  const std::string text = colour_run(dir.file("colour.log"), "%* [%^%l%$] %v");
  expect_no_planted_secret(text);
  EXPECT_EQ(text,
            "key=qbt_*** [\033[32minfo\033[m] hello\n"
            "x [\033[32minfo\033[m] plain\n");
}

TEST(SpdlogAdapter, ColourRangeIsRecomputedWhenTheSecretIsInsideIt) {
  temp_dir dir;
  const std::string text = colour_run(dir.file("colour.log"), "[%^%* %l%$] %v");
  expect_no_planted_secret(text);
  EXPECT_EQ(text,
            "[\033[32mkey=qbt_*** info\033[m] hello\n"
            "[\033[32mx info\033[m] plain\n");
}

TEST(SpdlogAdapter, ColourRangeIsRecomputedWhenTheSecretIsAfterIt) {
  temp_dir dir;
  const std::string text = colour_run(dir.file("colour.log"), "[%^%l%$] %v %*");
  expect_no_planted_secret(text);
  EXPECT_EQ(text,
            "[\033[32minfo\033[m] hello key=qbt_***\n"
            "[\033[32minfo\033[m] plain x\n");
}

TEST(SpdlogAdapter, ErrorHandlerDoesNotPrintTheLoggerNameRaw) {
  temp_dir dir;
  std::string captured;
  {
    auto log = file_logger("svc-" + str(key), dir.file("err.log"));
    redact::spdlog::install(*log, test_policy());
    redact::test::stderr_capture capture(dir.file("stderr.txt"));
    log->info(fmt::runtime("{:d}"), "not a number");  // fmt::format_error -> err_handler
    captured = capture.text();
  }
  expect_no_planted_secret(captured);
  EXPECT_NE(captured.find("LOG ERROR"), std::string::npos);
  EXPECT_NE(captured.find("[svc-qbt_***]"), std::string::npos);
}

TEST(SpdlogAdapter, ErrorHandlerForwardsRedactedText) {
  temp_dir dir;
  std::vector<std::string> errors;
  auto log = file_logger("svc", dir.file("err.log"));
  log->set_pattern("%v");
  redact::spdlog::install(*log, test_policy(),
                          [&](const std::string& msg) { errors.push_back(msg); });
  log->set_formatter([] {
    auto f = std::make_unique<spdlog::pattern_formatter>();
    f->add_flag<throwing_flag>('!').set_pattern("%! %v");
    return f;
  }());
  log->info("record {}", key2);
  log->flush();
  const std::string text = read_file(dir.file("err.log"));
  EXPECT_EQ(text, "***\n");  // fail closed: masked, not raw
  ASSERT_EQ(errors.size(), 1u);
  expect_no_planted_secret(errors[0]);
  EXPECT_NE(errors[0].find("qbt_***"), std::string::npos);
}

TEST(SpdlogAdapter, InvalidPolicyMasksEveryRecordAndReports) {
  temp_dir dir;
  const auto path = dir.file("bad.log");
  redact::policy_options opts;
  opts.prefixes = {""};  // invalid: empty prefix
  redact::policy bad(std::move(opts));
  ASSERT_FALSE(bad.ok());
  std::vector<std::string> errors;
  {
    auto log = file_logger("svc", path);
    redact::spdlog::install(*log, bad, [&](const std::string& msg) { errors.push_back(msg); });
    log->set_pattern("%v");
    log->info("GET /v1 key={}", key);
  }
  const std::string text = read_file(path);
  expect_no_planted_secret(text);
  EXPECT_EQ(text, "***\n");  // the whole line is masked
  ASSERT_FALSE(errors.empty());
  for (const auto& e : errors) expect_no_planted_secret(e);
  EXPECT_NE(errors[0].find("policy is not valid"), std::string::npos) << errors[0];
}

TEST(SpdlogAdapter, DupFilterBelowTheRedactorStoresOnlyRedactedCopies) {
  temp_dir dir;
  const auto path = dir.file("dup.log");
  {
    auto file = std::make_shared<spdlog::sinks::basic_file_sink_mt>(path, true);
    auto dup = std::make_shared<spdlog::sinks::dup_filter_sink_mt>(std::chrono::seconds(60));
    dup->add_sink(file);
    auto sink = std::make_shared<redact::spdlog::redacting_sink_mt>(
        test_policy(), std::vector<spdlog::sink_ptr>{dup});
    spdlog::logger log("svc", sink);
    log.set_pattern("%v");
    log.info("retry key={}", key);
    log.info("retry key={}", key);
    log.info("retry key={}", key);
    log.info("giving up");
  }
  const std::string text = read_file(path);
  expect_no_planted_secret(text);
  EXPECT_EQ(split_lines(text),
            (std::vector<std::string>{"retry key=qbt_***", "Skipped 2 duplicate messages..",
                                      "giving up"}));
}

TEST(SpdlogAdapter, BacktraceAboveTheRedactorIsRedactedWhenDumped) {
  temp_dir dir;
  const auto path = dir.file("bt.log");
  {
    auto log = file_logger("svc", path);
    redact::spdlog::install(*log, test_policy());
    log->set_pattern("%v");
    log->set_level(spdlog::level::info);
    log->enable_backtrace(8);
    log->debug("kept for backtrace key={}", key);
    log->dump_backtrace();
  }
  const std::string text = read_file(path);
  expect_no_planted_secret(text);
  const auto lines = split_lines(text);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[1], "kept for backtrace key=qbt_***");
}

TEST(SpdlogAdapter, AsyncLoggerLosesNothingAfterShutdown) {
  temp_dir dir;
  const auto path = dir.file("async.log");
  constexpr int count = 5000;
  {
    auto pool = std::make_shared<spdlog::details::thread_pool>(1024, 1);
    auto file = std::make_shared<spdlog::sinks::basic_file_sink_mt>(path, true);
    auto log = std::make_shared<spdlog::async_logger>("async", file, pool,
                                                      spdlog::async_overflow_policy::block);
    redact::spdlog::install(*log, test_policy());
    log->set_pattern("%v");
    for (int i = 0; i < count; ++i) log->info("n={} key={} jwt Bearer {}", i, key, jwt);
    log.reset();
    pool.reset();  // joins the worker after it drained the queue
  }
  const std::string text = read_file(path);
  expect_no_planted_secret(text);
  const auto lines = split_lines(text);
  ASSERT_EQ(lines.size(), static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    ASSERT_EQ(lines[i], "n=" + std::to_string(i) + " key=qbt_*** jwt Bearer ***");
  }
}

// 8 threads x 100,000 records through one logger: every line whole,
// redacted, in each thread's order, none lost or repeated.
constexpr int stress_threads = 8;
constexpr int stress_records = 100000;

void log_from_threads(spdlog::logger& log, int records, std::atomic<int>* logged = nullptr) {
  std::vector<std::thread> workers;
  for (int t = 0; t < stress_threads; ++t) {
    workers.emplace_back([&log, t, records, logged] {
      for (int i = 0; i < records; ++i) {
        log.info("t={} i={} key={} Authorization: Bearer {}", t, i, key, jwt);
        if (logged != nullptr) ++*logged;
      }
    });
  }
  for (auto& w : workers) w.join();
}

// Checks the lines of a stress run; `written[t]` is how many of thread t's
// records are in the file (a prefix of its records: none lost in between).
std::vector<int> check_stress_lines(const std::string& text) {
  expect_no_planted_secret(text);
  std::vector<int> written(stress_threads, 0);
  for (const auto& line : split_lines(text)) {
    int t = -1, i = -1;
    EXPECT_EQ(std::sscanf(line.c_str(), "[mt] t=%d i=%d", &t, &i), 2) << line;
    if (t < 0 || t >= stress_threads) {
      ADD_FAILURE() << "torn line: " << line;
      break;
    }
    if (i != written[t]) {
      ADD_FAILURE() << "lost, repeated or reordered line: " << line;
      break;
    }
    ++written[t];
    if (line != "[mt] t=" + std::to_string(t) + " i=" + std::to_string(i) +
                    " key=qbt_*** Authorization: Bearer ***") {
      ADD_FAILURE() << "torn line: " << line;
      break;
    }
  }
  return written;
}

TEST(SpdlogAdapter, EightThreadsShareASyncLoggerAndLoseNothing) {
  temp_dir dir;
  const auto path = dir.file("threads.log");
  {
    auto log = file_logger("mt", path);
    redact::spdlog::install(*log, test_policy());
    log->set_pattern("[%n] %v");
    log_from_threads(*log, stress_records);
  }
  for (int n : check_stress_lines(read_file(path))) EXPECT_EQ(n, stress_records);
}

TEST(SpdlogAdapter, EightThreadsShareAnAsyncLoggerAndLoseNothing) {
  temp_dir dir;
  const auto path = dir.file("async-threads.log");
  {
    auto pool = std::make_shared<spdlog::details::thread_pool>(8192, 1);
    auto file = std::make_shared<spdlog::sinks::basic_file_sink_mt>(path, true);
    auto log = std::make_shared<spdlog::async_logger>("mt", file, pool,
                                                      spdlog::async_overflow_policy::block);
    redact::spdlog::install(*log, test_policy());
    log->set_pattern("[%n] %v");
    log_from_threads(*log, stress_records);
    log.reset();
    pool.reset();  // joins the worker after it drained the queue
  }
  for (int n : check_stress_lines(read_file(path))) EXPECT_EQ(n, stress_records);
}

// The thread pool of an async logger goes away while 8 threads log: every
// record is either written (whole, redacted, in order) or reported to the
// error handler (without a secret), never lost silently and never raw.
TEST(SpdlogAdapter, AsyncPoolShutdownWhileThreadsLogWritesOrReportsEveryRecord) {
  temp_dir dir;
  const auto path = dir.file("shutdown.log");
  constexpr int records = stress_records / 10;
  std::atomic<int> reported{0};
  std::atomic<bool> secret_in_report{false};
  {
    auto pool = std::make_shared<spdlog::details::thread_pool>(1024, 1);
    auto file = std::make_shared<spdlog::sinks::basic_file_sink_mt>(path, true);
    auto log = std::make_shared<spdlog::async_logger>("mt", file, pool,
                                                      spdlog::async_overflow_policy::block);
    redact::spdlog::install(*log, test_policy(), [&](const std::string& what) {
      if (what.find(key.substr(4)) != std::string::npos) secret_in_report = true;
      ++reported;
    });
    log->set_pattern("[%n] %v");
    std::atomic<int> logged{0};
    std::thread stopper([&pool, &logged] {
      while (logged.load() < stress_threads * records / 4) std::this_thread::yield();
      pool.reset();  // like spdlog::shutdown(): the last owner of the pool lets go
    });
    log_from_threads(*log, records, &logged);
    stopper.join();
  }
  const auto written = check_stress_lines(read_file(path));
  int total = 0;
  for (int n : written) total += n;
  EXPECT_GE(total, stress_threads * records / 4);
  EXPECT_GT(reported.load(), 0) << "the pool went away only after the last record";
  EXPECT_EQ(total + reported.load(), stress_threads * records);
  EXPECT_FALSE(secret_in_report.load());
}

TEST(SpdlogAdapter, StandaloneFormatterRedactsWholeLines) {
  temp_dir dir;
  const auto path = dir.file("fmt.log");
  {
    auto file = std::make_shared<spdlog::sinks::basic_file_sink_mt>(path, true);
    file->set_formatter(std::make_unique<redact::spdlog::redacting_formatter>(
        test_policy(), with_flag('*', str(key), "%* %v")));
    spdlog::logger log("svc", file);
    log.info("x");
  }
  EXPECT_EQ(read_file(path), "qbt_*** x\n");
}

}  // namespace

namespace {

TEST(SpdlogAdapter, SingleThreadedSinkWorksToo) {
  temp_dir dir;
  const auto path = dir.file("st.log");
  {
    auto file = std::make_shared<spdlog::sinks::basic_file_sink_st>(path, true);
    auto sink = std::make_shared<redact::spdlog::redacting_sink_st>(test_policy());
    sink->add_sink(file);  // added after construction: still gets the wrapped formatter
    spdlog::logger log("st", sink);
    log.set_formatter(with_flag('*', "k=" + str(key), "%* %v"));
    log.info("Authorization: Bearer {}", jwt);
    sink->remove_sink(file);
    log.info("not written {}", key);
    EXPECT_TRUE(sink->sinks().empty());
  }
  const std::string text = read_file(path);
  expect_no_planted_secret(text);
  EXPECT_EQ(text, "k=qbt_*** Authorization: Bearer ***\n");
}

}  // namespace
