// The message API every adapter builds on: redactor::redact_message (one
// whole message, a fresh stream each time) and redact_or_mask (the same,
// failing closed and never throwing).
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "tables.hpp"
#include "test_util.hpp"

namespace redact::test {
namespace {

constexpr std::string_view k_key = "qbt_AbCdEf0123456789xyz";

policy invalid_policy() {
  policy_options opts;
  opts.prefixes = {""};  // an empty prefix is a configuration error
  policy pol(std::move(opts));
  EXPECT_FALSE(pol.ok());
  return pol;
}

TEST(RedactMessage, GivesSpecOutputForEveryExample) {
  std::string out;
  for (const auto& row : spec::spec_examples()) {
    const policy pol(spec::make_options(row.config));
    ASSERT_TRUE(pol.ok()) << pol.error();
    redactor r(pol);
    r.redact_message(row.input, out);
    EXPECT_EQ(spec::escaped(out), spec::escaped(row.expected)) << spec::escaped(row.input);
  }
}

TEST(RedactMessage, EachMessageIsAStreamOfItsOwn) {
  redactor r(policy{});
  std::string out;
  // A message that ends where a key could still continue...
  r.redact_message("token " + std::string(k_key.substr(0, 8)), out);
  EXPECT_EQ(out, "token qbt_AbCd");  // 4 characters: too short for a key
  EXPECT_EQ(r.held_back(), 0u);
  // ...is not continued by the next message.
  r.redact_message(std::string(k_key.substr(8)) + " is a build id", out);
  EXPECT_EQ(out, "Ef0123456789xyz is a build id");
}

TEST(RedactMessage, ClearsOutFirst) {
  redactor r(policy{});
  std::string out = "left over from before";
  r.redact_message("key=" + std::string(k_key), out);
  EXPECT_EQ(out, "key=qbt_***");
}

TEST(RedactMessage, LinesRestartAndCountersKeepCounting) {
  redactor r(policy{});
  std::vector<std::uint64_t> lines;
  r.set_finding_handler([&](const finding& f) { lines.push_back(f.line); });
  std::string out;
  r.redact_message("first\nkey=" + std::string(k_key), out);
  r.redact_message("key=" + std::string(k_key), out);
  EXPECT_EQ(lines, (std::vector<std::uint64_t>{2, 1}));
  EXPECT_EQ(r.counts()[finding_kind::token], 2u);
}

TEST(RedactMessage, InvalidPolicyMasksEveryLine) {
  redactor r(invalid_policy());
  std::string out;
  r.redact_message("GET /v1 key=" + std::string(k_key) + "\n\nlast line", out);
  EXPECT_EQ(out, "***\n\n***");
}

TEST(RedactOrMask, ReturnsTrueWithTheRedactedMessage) {
  redactor r(policy{});
  std::string out;
  EXPECT_TRUE(redact_or_mask(r, "key=" + std::string(k_key), out));
  EXPECT_EQ(out, "key=qbt_***");
}

// A policy that is not ok() masks the whole message; the result says so,
// which is what an adapter reports.
TEST(RedactOrMask, ReturnsFalseWhenThePolicyMasksTheMessage) {
  redactor r(invalid_policy());
  std::string out;
  EXPECT_FALSE(redact_or_mask(r, "GET /v1 key=" + std::string(k_key) + "\nnext", out));
  EXPECT_EQ(out, "***\n***");
}

// Redaction can throw only through what the caller plugs in: here a finding
// handler. The message is then masked line by line, never passed on raw.
TEST(RedactOrMask, MasksEveryLineWhenRedactionThrows) {
  redactor r(policy{});
  int calls = 0;
  r.set_finding_handler([&](const finding&) {
    if (++calls == 2) throw std::runtime_error("handler failed");
  });
  std::string out;
  const std::string message =
      "a=" + std::string(k_key) + "\nb=" + std::string(k_key) + "\r\n\nc=plain";
  EXPECT_FALSE(redact_or_mask(r, message, out));
  EXPECT_EQ(out, "***\n***\n\n***");
  EXPECT_EQ(r.held_back(), 0u);
}

// After a failure the redactor goes on with a fresh stream; its counters
// keep what they counted (redact_message's promise), failure or not.
TEST(RedactOrMask, AFailureLeavesTheRedactorUsableAndItsCountersKept) {
  redactor r(policy{});
  bool fail = false;
  r.set_finding_handler([&](const finding&) {
    if (fail) throw std::runtime_error("handler failed");
  });
  std::string out;
  ASSERT_TRUE(redact_or_mask(r, "key=" + std::string(k_key), out));
  fail = true;
  EXPECT_FALSE(redact_or_mask(r, "Authorization: Bearer abcdefghijklmnop1234", out));
  fail = false;
  EXPECT_TRUE(redact_or_mask(r, "then Bearer abcdefghijklmnop1234", out));
  EXPECT_EQ(out, "then Bearer ***");
  EXPECT_GE(r.counts().total(), 2u);
  EXPECT_EQ(r.counts()[finding_kind::token], 1u);
}

}  // namespace
}  // namespace redact::test
