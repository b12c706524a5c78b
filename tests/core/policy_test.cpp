// The policy's configuration contract: redact::validate() gives exactly the
// errors construction gives, and the look-ahead bound the design derives
// (core/DESIGN.md, "Hold-back bound") is the one the redactor uses.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "redact/redact.hpp"

namespace redact::test {
namespace {

std::vector<policy_options> invalid_options() {
  std::vector<policy_options> v;
  auto add = [&](auto change) {
    policy_options o;
    change(o);
    v.push_back(std::move(o));
  };
  add([](policy_options& o) { o.prefixes.emplace_back(""); });
  add([](policy_options& o) { o.prefixes.emplace_back("has space"); });
  add([](policy_options& o) { o.prefixes.emplace_back("star*"); });
  add([](policy_options& o) { o.prefixes.emplace_back(std::string(257, 'a')); });
  add([](policy_options& o) {
    o.prefixes.push_back(prefix_rule("ghp_", key_alphabet::alnum, 40, 36));
  });
  add([](policy_options& o) { o.fields.emplace_back("x:y"); });
  add([](policy_options& o) { o.fields.emplace_back(""); });
  add([](policy_options& o) { o.min_body = 0; });
  add([](policy_options& o) { o.allowlist.emplace_back(""); });
  add([](policy_options& o) { o.secrets.push_back({"SHORT", "abc"}); });
  add([](policy_options& o) { o.regexes.push_back({"bad", "(unclosed"}); });
  add([](policy_options& o) { o.regex_line_window = 10; });
  return v;
}

TEST(Validate, GivesTheErrorsConstructionGives) {
  for (const auto& o : invalid_options()) {
    const std::string message = validate(o);
    EXPECT_FALSE(message.empty());
    const policy pol(o);
    EXPECT_FALSE(pol.ok());
    EXPECT_EQ(message, pol.error());
  }
}

TEST(Validate, AcceptsWhatConstructionAccepts) {
  policy_options o;
  o.prefixes.push_back(prefix_rule("AKIA", key_alphabet::upper, 16, 16));
  o.fields.emplace_back("x-session");
  o.preset = field_preset::extended;
  o.secrets.push_back({"DEPLOY", "s3cr3t-value"});
  o.regexes.push_back({"ssn", R"(\b\d{3}-\d{2}-\d{4}\b)"});
  EXPECT_EQ(validate(o), "");
  EXPECT_TRUE(policy(o).ok());
}

TEST(Validate, NeverShowsASecretValue) {
  policy_options o;
  o.secrets.push_back({"", "hunt3"});
  const std::string message = validate(o);
  EXPECT_EQ(message.find("hunt3"), std::string::npos);
  EXPECT_NE(message.find("secret#1"), std::string::npos);
}

// core/DESIGN.md's hold-back table. The scanner: the Basic row decides for
// contract version 1's rules — `basic` (6) + 64 blanks + 1,024 digits that
// may each be `\/` (2 × 1,024) + 8 — plus 64 bytes of slack: 6 + 64 + 2048 +
// 8 + 64 = 2190. The escape stage before it: an introducer's 8 backslashes,
// `u001b` (5), `[`, 32 body bytes, the final byte and 16 of slack: 63.
constexpr std::size_t k_scanner_v1 = 2190, k_escapes = 63;

// Version 1's rules: preset `minimal`, every version-2 family off.
policy_options v1_options() {
  policy_options o;
  o.preset = field_preset::minimal;
  o.jwt = o.url = o.encoded = o.pairs = o.private_keys = o.key_table = o.secret_forms = false;
  return o;
}

// The default policy: Rule J's row decides (see JwtRowDecidesWithTheNewRules).
TEST(HoldBack, DefaultBoundIsTheJwtRow) {
  EXPECT_EQ(redactor(policy{}).max_hold_back(), 8192u + 64 + 2 + 64 + k_escapes);
}

TEST(HoldBack, VersionOneBoundIsTheBasicRow) {
  policy_options v1 = v1_options();
  EXPECT_EQ(redactor(policy(v1)).max_hold_back(), k_scanner_v1 + k_escapes);
  v1.preset = field_preset::extended;
  EXPECT_EQ(redactor(policy(v1)).max_hold_back(), k_scanner_v1 + k_escapes);
}

// Rule J's row: the second dot within 8,192 bytes, a run of up to 65 dots
// and the byte after it (8,258); Rule U's: `:\/\/`, a user part and a
// password of 4,097 bytes each, and 3 (8,202); plus 64 of slack.
TEST(HoldBack, JwtRowDecidesWithTheNewRules) {
  policy_options o = v1_options();
  o.jwt = true;
  EXPECT_EQ(redactor(policy(o)).max_hold_back(), 8192u + 64 + 2 + 64 + k_escapes);
  o.jwt = false;
  o.url = true;
  EXPECT_EQ(redactor(policy(o)).max_hold_back(), 5u + 2 * 4097 + 3 + 64 + k_escapes);
}

// Rule S adds its own stage, which holds back at most the longest secret.
TEST(HoldBack, ExactSecretsAddTheLongestSecret) {
  policy_options o = v1_options();
  o.secrets.push_back({"A", std::string(100, 'x')});
  o.secrets.push_back({"B", std::string(300, 'y')});
  EXPECT_EQ(redactor(policy(o)).max_hold_back(), k_scanner_v1 + k_escapes + 300u);
}

// A 256-byte field name makes the field-and-value row the longest:
// name 256 + structure (3 × 64 + 8) + opener (2 × 64 + 8) + scheme 17 +
// blanks 64 + left-alone credential 9 (`undefined`) + terminator (64 + 8)
// = 754, still below the Basic row; a long allowlist entry likewise.
TEST(HoldBack, LongLiteralsStayBelowTheBasicRow) {
  policy_options o = v1_options();
  o.fields.push_back(std::string(256, 'f'));
  o.allowlist.push_back(std::string(256, 'a'));
  EXPECT_EQ(redactor(policy(o)).max_hold_back(), k_scanner_v1 + k_escapes);
}

}  // namespace
}  // namespace redact::test
