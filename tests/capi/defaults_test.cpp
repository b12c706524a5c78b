// The C API takes its defaults from the C++ core's policy_options{} rather
// than restating them: a fresh redact_options reports the same preset,
// minimum body length and rule switches, and redacts like policy{}.
#include <gtest/gtest.h>
#include <redact.h>

#include <string>

#include "redact/redact.hpp"

namespace {

TEST(CapiDefaults, OptionsMatchPolicyOptions) {
  const redact::policy_options cpp;
  redact_options* c = redact_options_new();
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(redact_options_min_body(c), cpp.min_body);
  const redact_field_preset preset = redact_options_preset(c);
  switch (cpp.preset) {
    case redact::field_preset::minimal:
      EXPECT_EQ(preset, REDACT_PRESET_MINIMAL);
      break;
    case redact::field_preset::standard:
      EXPECT_EQ(preset, REDACT_PRESET_DEFAULT);
      break;
    case redact::field_preset::extended:
      EXPECT_EQ(preset, REDACT_PRESET_EXTENDED);
      break;
  }
  EXPECT_EQ(redact_options_rule(c, REDACT_RULE_JWT), cpp.jwt ? 1 : 0);
  EXPECT_EQ(redact_options_rule(c, REDACT_RULE_URL), cpp.url ? 1 : 0);
  EXPECT_EQ(redact_options_rule(c, REDACT_RULE_ENCODED), cpp.encoded ? 1 : 0);
  EXPECT_EQ(redact_options_rule(c, REDACT_RULE_PAIRS), cpp.pairs ? 1 : 0);
  EXPECT_EQ(redact_options_rule(c, REDACT_RULE_PRIVATE_KEYS), cpp.private_keys ? 1 : 0);
  EXPECT_EQ(redact_options_rule(c, REDACT_RULE_KEY_TABLE), cpp.key_table ? 1 : 0);
  EXPECT_EQ(redact_options_rule(c, REDACT_RULE_SECRET_FORMS), cpp.secret_forms ? 1 : 0);
  redact_options_free(c);
}

TEST(CapiDefaults, DefaultPolicyRedactsLikeTheCore) {
  // Inputs whose output differs between presets and rule families, so a
  // C default that drifted from the core's would show.
  const std::string text =
      "x-api-key: 9f8e7d6c5b4a3f2e\nCookie: session=abc123; theme=dark\n"
      "{\"password\": \"hunter2\", \"user\": \"bob\"}\n"
      "postgres://admin:s3cr3t@db.local:5432/app\n"
      "token is eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl. Next\n"
      "access key AKIAIOSFODNN7EXAMPLE in use\n"
      "key=qbt_AbCdEf0123456789xyz\n";
  const std::string expected = redact::redact(text, redact::policy(redact::policy_options{}));
  for (bool null_options : {true, false}) {
    redact_options* o = null_options ? nullptr : redact_options_new();
    char error[128];
    redact_policy* pol = redact_policy_new(o, error, sizeof error);
    ASSERT_NE(pol, nullptr) << error;
    std::size_t n = 0;
    char* out = redact_string(pol, text.data(), text.size(), &n);
    ASSERT_NE(out, nullptr);
    EXPECT_EQ(std::string(out, n), expected);
    redact_free(out);
    out = redact_string(nullptr, text.data(), text.size(), &n);
    ASSERT_NE(out, nullptr);
    EXPECT_EQ(std::string(out, n), redact::redact(text));
    redact_free(out);
    redact_policy_free(pol);
    redact_options_free(o);
  }
}

}  // namespace
