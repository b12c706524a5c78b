// Tests of redact::redacting_streambuf: a key or a header split across many
// `<<` calls, any buffer size, flush and destruction semantics, std::clog.
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <ostream>
#include <sstream>
#include <string>

#include "redact/ostream/redacting_streambuf.hpp"
#include "test_util.hpp"

namespace {

using redact::test::exact;
using redact::test::expect_no_planted_secret;
using redact::test::jwt;
using redact::test::key;
using redact::test::read_file;
using redact::test::temp_dir;

using redact::test::test_policy;

class OstreamFilter : public ::testing::TestWithParam<std::size_t> {};

TEST_P(OstreamFilter, SecretsSplitAcrossManyInsertionsAreMasked) {
  std::stringbuf target;
  {
    redact::redacting_streambuf filter(&target, test_policy(), GetParam());
    std::ostream os(&filter);
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

INSTANTIATE_TEST_SUITE_P(BufferSizes, OstreamFilter, ::testing::Values(0, 1, 7, 64, 4096));

TEST(OstreamFilterFlush, FlushWritesOutHeldBackBytes) {
  std::stringbuf target;
  redact::redacting_streambuf filter(&target, test_policy(), 64);
  std::ostream os(&filter);
  os << "token qbt_Ab";  // could still become a key: may be held back
  os.flush();            // ends the stream: now it cannot, so it is written
  EXPECT_EQ(target.str(), "token qbt_Ab");
  os << " next\n";
  os.flush();
  EXPECT_EQ(target.str(), "token qbt_Ab next\n");
}

TEST(OstreamFilterFlush, LineIsPassedOnAtItsNewlineWhenUnbuffered) {
  std::stringbuf target;
  redact::redacting_streambuf filter(&target, test_policy(), 0);
  std::ostream os(&filter);
  os << "key=" << key << '\n';
  EXPECT_EQ(target.str(), "key=qbt_***\n");  // no flush needed: a LF releases the line
}

TEST(OstreamFilterFlush, WrapsStdClog) {
  temp_dir dir;
  const auto path = dir.file("clog.log");
  {
    std::filebuf file;
    ASSERT_NE(file.open(path, std::ios::out | std::ios::binary), nullptr);
    std::streambuf* saved = std::clog.rdbuf(&file);  // stand-in for the real stderr
    {
      redact::redacting_streambuf filter(std::clog.rdbuf(), test_policy());
      std::clog.rdbuf(&filter);
      std::clog << "calling upstream with Authorization: Bearer " << jwt << std::endl;
      std::clog << "retry " << 1 << " key=" << key << '\n';
      std::clog.rdbuf(&file);
    }
    std::clog.rdbuf(saved);
  }
  const std::string text = read_file(path);
  expect_no_planted_secret(text);
  EXPECT_EQ(text,
            "calling upstream with Authorization: Bearer ***\n"
            "retry 1 key=qbt_***\n");
}

// A target that refuses every byte.
class full_buf final : public std::streambuf {
 protected:
  int_type overflow(int_type) override { return traits_type::eof(); }
  std::streamsize xsputn(const char*, std::streamsize) override { return 0; }
};

TEST(OstreamFilterFlush, TargetFailureSetsBadbitInsteadOfThrowing) {
  full_buf target;
  redact::redacting_streambuf filter(&target, test_policy(), 0);
  std::ostream os(&filter);
  os << "hello\n";
  os.flush();
  EXPECT_TRUE(os.bad());
}

TEST(OstreamFilterFlush, InvalidPolicyMasksEverything) {
  redact::policy_options opts;
  opts.secrets.push_back({"", "short"});  // invalid: exact secrets need >= 6 bytes
  redact::policy bad(std::move(opts));
  ASSERT_FALSE(bad.ok());
  std::stringbuf target;
  {
    redact::redacting_streambuf filter(&target, bad);
    std::ostream os(&filter);
    os << "GET /v1 key=" << key << '\n';
  }
  expect_no_planted_secret(target.str());
  EXPECT_EQ(target.str().find("GET /v1"), std::string::npos);
}

}  // namespace
