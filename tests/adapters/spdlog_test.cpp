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
#include <spdlog/sinks/dup_filter_sink.h>
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
  EXPECT_EQ(text.find("GET /v1"), std::string::npos);  // the whole line is masked
  EXPECT_FALSE(errors.empty());
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

TEST(SpdlogAdapter, EightThreadsTenThousandMessagesNoInterleaving) {
  temp_dir dir;
  const auto path = dir.file("threads.log");
  constexpr int threads = 8;
  constexpr int per_thread = 10000;
  {
    auto log = file_logger("mt", path);
    redact::spdlog::install(*log, test_policy());
    log->set_pattern("[%n] %v");
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&log, t] {
        for (int i = 0; i < per_thread; ++i) {
          log->info("t={} i={} Authorization: Bearer {}", t, i, jwt);
        }
      });
    }
    for (auto& w : workers) w.join();
  }
  const std::string text = read_file(path);
  expect_no_planted_secret(text);
  const auto lines = split_lines(text);
  ASSERT_EQ(lines.size(), static_cast<std::size_t>(threads * per_thread));
  std::set<std::pair<int, int>> seen;
  for (const auto& line : lines) {
    int t = -1, i = -1;
    char tail[64] = {};
    ASSERT_EQ(std::sscanf(line.c_str(), "[mt] t=%d i=%d %63[^\n]", &t, &i, tail), 3) << line;
    ASSERT_EQ(std::string(tail), "Authorization: Bearer ***") << line;
    ASSERT_EQ(line, "[mt] t=" + std::to_string(t) + " i=" + std::to_string(i) +
                        " Authorization: Bearer ***");
    ASSERT_TRUE(seen.emplace(t, i).second) << "duplicate line " << line;
  }
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(threads * per_thread));
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
