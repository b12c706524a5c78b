// Tests of redact::ostream: a key or a header split across many `<<` calls,
// any buffer size, flush and destruction semantics, failures that must not
// let raw bytes through, and std::clog shared by threads.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <future>
#include <iostream>
#include <memory>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "redact/ostream/redacting_streambuf.hpp"
#include "test_util.hpp"

namespace {

using redact::test::exact;
using redact::test::expect_absent;
using redact::test::expect_no_planted_secret;
using redact::test::jwt;
using redact::test::key;
using redact::test::key2;
using redact::test::read_file;
using redact::test::split_lines;
using redact::test::temp_dir;

using redact::test::test_policy;

using redact::ostream::redacting_streambuf_mt;
using redact::ostream::redacting_streambuf_st;

static_assert(std::is_same_v<redact::ostream::redacting_streambuf, redacting_streambuf_mt>,
              "the plain name is the thread-safe filter");

// Both filters behave the same for one thread; `_st` with each buffer size.
struct filter_kind {
  bool threaded;
  std::size_t buffer_size;
};

void PrintTo(const filter_kind& kind, std::ostream* os) {
  *os << (kind.threaded ? "mt" : "st, buffer " + std::to_string(kind.buffer_size));
}

std::unique_ptr<std::streambuf> make_filter(const filter_kind& kind, std::streambuf* target,
                                            redact::policy pol) {
  if (kind.threaded) return std::make_unique<redacting_streambuf_mt>(target, std::move(pol));
  return std::make_unique<redacting_streambuf_st>(target, std::move(pol), kind.buffer_size);
}

std::string kind_name(const ::testing::TestParamInfo<filter_kind>& info) {
  return info.param.threaded ? "mt" : "st_buffer" + std::to_string(info.param.buffer_size);
}

const auto all_kinds =
    ::testing::Values(filter_kind{true, 0}, filter_kind{false, 0}, filter_kind{false, 1},
                      filter_kind{false, 7}, filter_kind{false, 64}, filter_kind{false, 4096});

class OstreamFilter : public ::testing::TestWithParam<filter_kind> {};

TEST_P(OstreamFilter, SecretsSplitAcrossManyInsertionsAreMasked) {
  std::stringbuf target;
  {
    auto filter = make_filter(GetParam(), &target, test_policy());
    std::ostream os(filter.get());
    os << "user=bob ";
    for (char c : key) os << c;  // the key one byte per <<
    os << " status=" << 200 << '\n';
    os << "> Authori"
       << "zation: Bea"
       << "rer ";
    for (std::size_t i = 0; i < jwt.size(); i += 5) os << jwt.substr(i, 5);
    os << "\nenv=" << exact.substr(0, 7) << exact.substr(7) << " end\n";
    os << "no secret here\n";
  }  // destruction flushes
  const std::string text = target.str();
  expect_no_planted_secret(text);
  EXPECT_EQ(text,
            "user=bob qbt_*** status=200\n"
            "> Authorization: Bearer ***\n"
            "env=*** end\n"
            "no secret here\n");
}

// std::cerr is unit-buffered: every `<<` flushes. A flush must not end the
// redaction stream, or a credential written in a `<<` of its own after its
// field name or scheme would be decided without them, and written raw.
TEST_P(OstreamFilter, FlushDoesNotSeparateACredentialFromItsFieldName) {
  std::stringbuf target;
  {
    auto filter = make_filter(GetParam(), &target, test_policy());
    std::ostream os(filter.get());
    os << std::unitbuf;  // as std::cerr is
    os << "Authorization: Bearer "
       << "abcdefghijklmnop1234" << '\n';
    os << "key=" << key.substr(0, 9) << key.substr(9) << std::flush << " done" << std::endl;
  }
  EXPECT_EQ(target.str(), "Authorization: Bearer ***\nkey=qbt_*** done\n");
}

TEST_P(OstreamFilter, DestructionWritesOutAnUnfinishedLine) {
  std::stringbuf target;
  {
    auto filter = make_filter(GetParam(), &target, test_policy());
    std::ostream os(filter.get());
    os << "last words key=" << key;
  }
  EXPECT_EQ(target.str(), "last words key=qbt_***");
}

TEST_P(OstreamFilter, TargetFailureSetsBadbitInsteadOfThrowing) {
  // A target that refuses every byte.
  class full_buf final : public std::streambuf {
   protected:
    int_type overflow(int_type) override { return traits_type::eof(); }
    std::streamsize xsputn(const char*, std::streamsize) override { return 0; }
  } target;
  auto filter = make_filter(GetParam(), &target, test_policy());
  std::ostream os(filter.get());
  os << "hello\n";
  os.flush();
  EXPECT_TRUE(os.bad());
}

TEST_P(OstreamFilter, InvalidPolicyMasksEveryLine) {
  redact::policy_options opts;
  opts.secrets.push_back({"", "short"});  // invalid: exact secrets need >= 6 bytes
  redact::policy bad(std::move(opts));
  ASSERT_FALSE(bad.ok());
  std::stringbuf target;
  {
    auto filter = make_filter(GetParam(), &target, bad);
    std::ostream os(filter.get());
    os << "GET /v1 key=" << key << '\n' << "second line\n";
  }
  EXPECT_EQ(target.str(), "***\n***\n");
}

// A target that throws on its first write (as a streambuf over a socket or a
// custom logger might), then accepts everything.
class throw_once_buf final : public std::streambuf {
 public:
  std::string text;

 protected:
  int_type overflow(int_type ch) override {
    const char c = traits_type::to_char_type(ch);
    return xsputn(&c, 1) == 1 ? ch : traits_type::eof();
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    if (!thrown_) {
      thrown_ = true;
      throw std::runtime_error("target unavailable");
    }
    text.append(s, static_cast<std::size_t>(n));
    return n;
  }

 private:
  bool thrown_ = false;
};

// The line being written when the target threw is cut: the redactor's state
// went with it, so the rest of the line is dropped too (on its own, the tail
// of a key is no longer recognisable as a key) and the line ends as `***`.
TEST_P(OstreamFilter, TargetThrowingInTheMiddleOfALineDropsTheRestOfThatLine) {
  throw_once_buf target;
  auto filter = make_filter(GetParam(), &target, test_policy());
  std::ostream os(filter.get());
  bool failure_seen = false;
  // Long enough that a `_st` filter must write part of it before the key.
  os << std::string(8192, 'x') << " key=" << key.substr(0, 10);
  os.flush();
  failure_seen = failure_seen || os.bad();
  os.clear();  // carry on, as a caller that ignores the error would
  os << key.substr(10) << " status=200\n";
  failure_seen = failure_seen || os.bad();
  os.clear();
  os << "next line key=" << key2 << '\n';
  os.flush();
  EXPECT_TRUE(failure_seen);
  expect_absent(target.text, key.substr(10), "the key's tail");
  EXPECT_EQ(target.text, "***\nnext line key=qbt_***\n");
}

INSTANTIATE_TEST_SUITE_P(Filters, OstreamFilter, all_kinds, kind_name);

TEST(OstreamFilterSt, LineIsPassedOnAtItsNewlineWhenUnbuffered) {
  std::stringbuf target;
  redacting_streambuf_st filter(&target, test_policy(), 0);
  std::ostream os(&filter);
  os << "key=" << key << '\n';
  EXPECT_EQ(target.str(), "key=qbt_***\n");  // no flush needed: a LF releases the line
}

TEST(OstreamFilterSt, FlushPassesOnAllButTheHoldBack) {
  std::stringbuf target;
  redacting_streambuf_st filter(&target, test_policy());
  std::ostream os(&filter);
  const std::string plain(16384, 'x');
  os << plain << std::flush;  // no LF: only the hold-back bound may stay behind
  redact::redactor probe(test_policy());
  EXPECT_GE(target.str().size(), plain.size() - probe.max_hold_back());
  EXPECT_EQ(target.str(), plain.substr(0, target.str().size()));
}

TEST(OstreamFilterMt, LineIsPassedOnAtItsNewline) {
  std::stringbuf target;
  redacting_streambuf_mt filter(&target, test_policy());
  std::ostream os(&filter);
  os << "key=" << key << std::flush;
  EXPECT_EQ(target.str(), "");  // kept for this thread until its line ends
  os << '\n';
  EXPECT_EQ(target.str(), "key=qbt_***\n");
}

TEST(OstreamFilterMt, CountsFindingsSinceConstruction) {
  std::stringbuf target;
  redacting_streambuf_mt filter(&target, test_policy());
  std::ostream os(&filter);
  os << "key=" << key << " Authorization: Bearer " << jwt << std::endl;
  os << "env " << exact << std::endl;
  EXPECT_EQ(filter.counts()[redact::finding_kind::token], 1u);
  EXPECT_EQ(filter.counts()[redact::finding_kind::secret], 1u);
  EXPECT_EQ(filter.counts().total(), 3u);
}

// Runs `steps` one after the other, each on the thread it names (0 or 1):
// makes an interleaving of two threads deterministic.
void interleave(const std::vector<std::pair<int, std::function<void()>>>& steps) {
  std::vector<std::promise<void>> go(steps.size() + 1);
  std::vector<std::promise<void>> done(steps.size());
  auto worker = [&](int me) {
    for (std::size_t i = 0; i < steps.size(); ++i) {
      if (steps[i].first != me) continue;
      go[i].get_future().wait();
      steps[i].second();
      done[i].set_value();
    }
  };
  std::thread a(worker, 0), b(worker, 1);
  for (std::size_t i = 0; i < steps.size(); ++i) {
    go[i].set_value();
    done[i].get_future().wait();
  }
  a.join();
  b.join();
}

TEST(OstreamFilterMt, AnotherThreadsLinesDoNotSplitAKeyWrittenInPieces) {
  std::stringbuf target;
  redacting_streambuf_mt filter(&target, test_policy());
  std::ostream os(&filter);
  interleave({
      {0, [&] { os << "A key=" << key.substr(0, 9); }},
      {1, [&] { os << "B line " << 1 << '\n'; }},
      {0, [&] { os << key.substr(9, 6); }},
      {1, [&] { os << "B line " << 2 << std::endl; }},  // a flush by B leaves A's line alone
      {0, [&] { os << key.substr(15) << " done\n"; }},
  });
  EXPECT_EQ(target.str(), "B line 1\nB line 2\nA key=qbt_*** done\n");
}

TEST(OstreamFilterMt, UnfinishedLinesWaitForTheirLfWhateverOtherThreadsDo) {
  std::stringbuf target;
  {
    redacting_streambuf_mt filter(&target, test_policy());
    std::ostream os(&filter);
    interleave({
        {0, [&] { os << "A partial"; }},
        {1, [&] { os << "B partial" << std::flush; }},
        {0, [&] { os << " and the rest\n"; }},
        {1, [&] { os << " B continues key=" << key; }},  // unfinished at destruction
    });
    EXPECT_EQ(target.str(), "A partial and the rest\n");
  }
  EXPECT_EQ(target.str(), "A partial and the rest\nB partial B continues key=qbt_***");
}

// The README's one-liner, as adopters use it: std::clog shared by threads.
// Each line is written in pieces and carries a key split across two `<<`
// calls, so any interleaving of threads' bytes inside a line would both
// tear the line and leave pieces of the key unrecognised.
TEST(OstreamFilterMt, StdClogSharedByEightThreadsLosesAndTearsNothing) {
  constexpr int threads = 8;
  constexpr int per_thread = 100000;
  temp_dir dir;
  const auto path = dir.file("clog.log");
  {
    std::filebuf file;
    ASSERT_NE(file.open(path, std::ios::out | std::ios::binary), nullptr);
    std::streambuf* saved = std::clog.rdbuf(&file);  // stand-in for the real stderr
    {
      redact::ostream::redacting_streambuf filter(std::clog.rdbuf(), test_policy());
      std::clog.rdbuf(&filter);
      std::vector<std::thread> workers;
      for (int t = 0; t < threads; ++t) {
        workers.emplace_back([t] {
          for (int i = 0; i < per_thread; ++i) {
            std::clog << "t=" << t << " i=" << i << " key=" << key.substr(0, 11) << key.substr(11)
                      << " Authorization: Bearer " << jwt << '\n';
          }
        });
      }
      for (auto& w : workers) w.join();
      std::clog.rdbuf(&file);
    }
    std::clog.rdbuf(saved);
  }
  const std::string text = read_file(path);
  expect_no_planted_secret(text);
  expect_absent(text, key.substr(11), "the key's second piece");
  const auto lines = split_lines(text);
  ASSERT_EQ(lines.size(), static_cast<std::size_t>(threads * per_thread));
  std::vector<int> next(threads, 0);  // each thread's lines arrive whole and in order
  for (const auto& line : lines) {
    int t = -1, i = -1;
    ASSERT_EQ(std::sscanf(line.c_str(), "t=%d i=%d", &t, &i), 2) << line;
    ASSERT_TRUE(t >= 0 && t < threads) << line;
    ASSERT_EQ(i, next[t]) << "lost or reordered line before: " << line;
    ++next[t];
    ASSERT_EQ(line, "t=" + std::to_string(t) + " i=" + std::to_string(i) +
                        " key=qbt_*** Authorization: Bearer ***");
  }
  for (int t = 0; t < threads; ++t) EXPECT_EQ(next[t], per_thread);
}

}  // namespace
