// Tests of the corpus generator itself, then of the core against it under
// SPEC version 2's default policy: every credential the generator planted (in
// SPEC's shapes) is masked exactly where SPEC says, and the clean and
// adversarial corpora pass through unchanged.
#include "corpus.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

#include "configs.hpp"
#include "redact/redact.hpp"

namespace {

using redact::corpus::generate;
using redact::corpus::generate_with_secrets;
using redact::corpus::kind;

constexpr std::size_t one_mib = std::size_t{1} << 20;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::size_t count_lines(std::string_view s) {
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

class each_kind : public ::testing::TestWithParam<kind> {};

std::string kind_name(const ::testing::TestParamInfo<kind>& info) {
  return std::string(redact::corpus::to_string(info.param));
}

INSTANTIATE_TEST_SUITE_P(corpus, each_kind, ::testing::ValuesIn(redact::corpus::all_kinds),
                         kind_name);

TEST(corpus_kind, names_round_trip) {
  for (kind k : redact::corpus::all_kinds) {
    EXPECT_EQ(redact::corpus::parse_kind(redact::corpus::to_string(k)), k);
  }
  EXPECT_FALSE(redact::corpus::parse_kind("dirty").has_value());
}

TEST_P(each_kind, same_seed_same_bytes_other_seed_other_bytes) {
  const std::string a = generate(GetParam(), 256 * 1024, 7);
  EXPECT_EQ(a, generate(GetParam(), 256 * 1024, 7));
  EXPECT_NE(a, generate(GetParam(), 256 * 1024, 8));
}

TEST_P(each_kind, exact_size_ending_with_lf) {
  for (std::size_t n : {std::size_t{1}, std::size_t{2}, std::size_t{100}, std::size_t{4096},
                        std::size_t{100'003}}) {
    const std::string s = generate(GetParam(), n, 1);
    ASSERT_EQ(s.size(), n);
    EXPECT_EQ(s.back(), '\n');
  }
  EXPECT_TRUE(generate(GetParam(), 0, 1).empty());
}

TEST(corpus, kinds_differ) {
  EXPECT_NE(generate(kind::clean, 4096, 1), generate(kind::realistic, 4096, 1));
  EXPECT_NE(generate(kind::dense, 4096, 1), generate(kind::adversarial, 4096, 1));
}

TEST_P(each_kind, planted_spans_are_consistent) {
  const auto g = generate_with_secrets(GetParam(), one_mib, 3);
  std::size_t end_of_previous = 0;
  for (const auto& s : g.secrets) {
    ASSERT_GE(s.mask_offset, end_of_previous) << s.shape;
    ASSERT_LE(s.mask_offset + s.mask_length, g.text.size()) << s.shape;
    const std::string_view span = std::string_view(g.text).substr(s.mask_offset, s.mask_length);
    EXPECT_NE(span.find(s.value), std::string_view::npos) << s.shape;
    EXPECT_GE(s.value.size(), 16u) << s.shape;
    EXPECT_EQ(span.find_first_of("\r\n"), std::string_view::npos) << s.shape;
    EXPECT_FALSE(s.shape.empty());
    end_of_previous = s.mask_offset + s.mask_length;
  }
}

TEST_P(each_kind, density_matches_the_kind) {
  const auto g = generate_with_secrets(GetParam(), 4 * one_mib, 5);
  const double lines = static_cast<double>(count_lines(g.text));
  const double secrets = static_cast<double>(g.secrets.size());
  switch (GetParam()) {
    case kind::clean:
    case kind::adversarial:
      EXPECT_EQ(g.secrets.size(), 0u);
      break;
    case kind::realistic:  // ~1% of generated records, some of which span several lines
      EXPECT_GT(secrets / lines, 0.004);
      EXPECT_LT(secrets / lines, 0.02);
      break;
    case kind::dense:
      EXPECT_GT(secrets / lines, 0.6);
      break;
  }
}

TEST(corpus, dense_plants_every_shape) {
  const auto g = generate_with_secrets(kind::dense, one_mib, 11);
  for (std::string_view shape :
       {"T/url",      "T/export",   "T/json",         "T/percent",     "T/escaped",
        "H/curl",     "H/json",     "H/json-escaped", "H/python",      "H/go-map",
        "H/py-bytes", "H/logfmt",   "H/cgi",          "H/digest",      "H/tuple",
        "H/array",    "H/noscheme", "H/curl-H",       "H/apache-wire", "B/nginx",
        "B/basic",    "B/jwt",      "C/ansi",         "C/json-ansi",   "U/postgres",
        "U/git",      "U/smtp",     "J/callback",     "J/sentence",    "E/k8s",
        "E/docker",   "P/har",      "P/otel",         "P/k8s-env",     "K/pem",
        "K/yaml",     "K/json",     "T/aws",          "H/aws-secret",  "T/github",
        "T/slack",    "H/stripe",   "H/x-api-key"}) {
    EXPECT_TRUE(std::any_of(g.secrets.begin(), g.secrets.end(), [&](const auto& s) {
      return s.shape == shape;
    })) << shape;
  }
}

/// The clean corpus without its base64 payloads (random bytes, where any
/// short word can turn up by chance without forming a field).
std::string without_payloads(std::string text) {
  static constexpr std::string_view body = "\"body\":\"";
  for (std::size_t p = text.find(body); p != std::string::npos; p = text.find(body, p)) {
    p += body.size();
    text.erase(p, text.find('"', p) - p);
  }
  return text;
}

TEST(corpus, clean_has_no_trigger_words) {
  const std::string full = generate(kind::clean, 4 * one_mib, 9);
  const std::string text = without_payloads(full);
  for (std::string_view word :
       {"qbt_", "eyJ", "PRIVATE KEY", "AKIA", "ASIA", "AIza", "ghp_", "github_pat_", "glpat-",
        "xox", "sk_live_", "npm_", "pypi-", "hf_", "sk-ant-", "dop_v1_", "shpat_", ":@"}) {
    EXPECT_EQ(text.find(word), std::string::npos) << word;
  }
  const std::string low = lower(text);
  for (std::string_view word :
       {"authorization", "bearer", "basic", "x-api-key", "api-key", "api_key", "apikey",
        "x-auth-token", "password", "passwd", "passphrase", "client_secret", "access_token",
        "refresh_token", "private_key", "token", "secret", "signature", "credential"}) {
    EXPECT_EQ(low.find(word), std::string::npos) << word;
  }
  // Version 2's clean content is there.
  for (std::string_view shape : {"\x1b[32m", "\\u001b[32m", "ssh://git@github.com/",
                                 "\"name\":\"Accept\"", "- name: LOG_LEVEL", "\"body\":\""}) {
    EXPECT_NE(full.find(shape), std::string::npos) << shape;
  }
}

TEST(corpus, adversarial_contains_near_misses) {
  const std::string text = generate(kind::adversarial, one_mib, 9);
  for (std::string_view near_miss : {"qbt_x ",
                                     "authorizatio:",
                                     "Authorization failed",
                                     "> Authorization:\n",
                                     "{\"authorization\": null",
                                     "Bearer token expired",
                                     "Basic usage examples",
                                     "\"authorizationUrl\"",
                                     "==========",
                                     "\\\\\\\\\\\\\\\\",
                                     "\\\"\\\"\\\"",
                                     "''''''''",
                                     "eyJhbGciO.",
                                     "https://user@host.example:8080/x",
                                     "cWJ0X3Nob3J0",
                                     "-----BEGIN PUBLIC KEY-----",
                                     "(using password: YES)",
                                     "\"value\": null",
                                     "AKIA*** ghp_***",
                                     "id="}) {
    EXPECT_NE(text.find(near_miss), std::string::npos) << near_miss;
  }
}

TEST(corpus, expected_output_masks_every_planted_secret) {
  const auto g = generate_with_secrets(kind::dense, one_mib, 13);
  ASSERT_FALSE(g.secrets.empty());
  EXPECT_EQ(redact::corpus::surviving_secrets(g.text, g).size(), g.secrets.size());
  const std::string expected = redact::corpus::expected_output(g);
  EXPECT_TRUE(redact::corpus::surviving_secrets(expected, g).empty());
  EXPECT_EQ(
      expected.size() +
          [&] {
            std::size_t removed = 0;
            for (const auto& s : g.secrets) removed += s.mask_length - 3;
            return removed;
          }(),
      g.text.size());
}

// ---------------------------------------------------------------------------
// The core against the corpus (SPEC version 2's default policy).

const redact::policy& v2_policy() {
  static const redact::policy pol(redact::spec::spec_defaults());
  return pol;
}

// Describes the first difference without printing any planted secret.
std::string first_difference(const std::string& actual, const std::string& expected,
                             const redact::corpus::generated& g) {
  const auto mismatch =
      std::mismatch(actual.begin(), actual.end(), expected.begin(), expected.end());
  const auto at = static_cast<std::size_t>(mismatch.first - actual.begin());
  const std::size_t line_start = expected.rfind('\n', at == 0 ? 0 : at - 1);
  const std::size_t from = line_start == std::string::npos || at == 0 ? 0 : line_start + 1;
  std::string got = actual.substr(from, actual.find('\n', from) - from);
  for (const auto& s : g.secrets) {
    for (auto p = got.find(s.value); p != std::string::npos; p = got.find(s.value)) {
      got.replace(p, s.value.size(), "<planted " + std::string(s.shape) + ">");
    }
  }
  return "first difference at output byte " + std::to_string(at) +
         "\n  expected line: " + expected.substr(from, expected.find('\n', from) - from) +
         "\n  actual line:   " + got;
}

struct counting_output final : redact::output {
  std::string text;
  void write(std::string_view piece) override { text.append(piece); }
};

TEST_P(each_kind, core_output_is_the_expected_output) {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const auto g = generate_with_secrets(GetParam(), one_mib, seed);
    const std::string expected = redact::corpus::expected_output(g);
    const std::string actual = redact::redact(g.text, v2_policy());
    EXPECT_TRUE(redact::corpus::surviving_secrets(actual, g).empty()) << "seed " << seed;
    ASSERT_TRUE(actual == expected)
        << "seed " << seed << ": " << first_difference(actual, expected, g);
  }
}

TEST_P(each_kind, core_output_does_not_depend_on_chunking) {
  const auto g = generate_with_secrets(GetParam(), 256 * 1024, 4);
  const std::string expected = redact::corpus::expected_output(g);
  redact::redactor r(v2_policy());
  for (std::size_t chunk : {std::size_t{1}, std::size_t{7}, std::size_t{64}, std::size_t{4096}}) {
    counting_output out;
    r.reset();
    for (std::size_t i = 0; i < g.text.size(); i += chunk) {
      r.write(std::string_view(g.text).substr(i, chunk), out);
    }
    r.finish(out);
    ASSERT_TRUE(out.text == expected)
        << "chunk " << chunk << ": " << first_difference(out.text, expected, g);
  }
}

TEST(corpus_core, default_and_extended_presets_leave_clean_and_adversarial_unchanged) {
  redact::policy_options opts = redact::spec::spec_defaults();
  opts.preset = redact::field_preset::extended;
  const redact::policy pol(opts);
  ASSERT_TRUE(pol.ok()) << pol.error();
  for (kind k : {kind::clean, kind::adversarial}) {
    const auto g = generate_with_secrets(k, one_mib, 21);
    const std::string actual = redact::redact(g.text, pol);
    ASSERT_TRUE(actual == g.text) << redact::corpus::to_string(k) << ": "
                                  << first_difference(actual, g.text, g);
  }
}

TEST(corpus_core, realistic_findings_count_equals_planted_count) {
  const auto g = generate_with_secrets(kind::realistic, 2 * one_mib, 17);
  redact::redactor r(v2_policy());
  counting_output out;
  r.write(g.text, out);
  r.finish(out);
  // One finding per planted span, except the further lines of a key block.
  const auto findings = static_cast<std::uint64_t>(std::count_if(
      g.secrets.begin(), g.secrets.end(), [](const auto& s) { return !s.continues_finding; }));
  EXPECT_EQ(r.counts().total(), findings);
}

}  // namespace
