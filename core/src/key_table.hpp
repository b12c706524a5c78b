// Internal: SPEC Rule T's key table — vendor key formats whose prefix and
// length make a false match unlikely. A default rule; policy_options::key_table
// switches it off as a whole. The label of a finding is the prefix.
#pragma once

#include <cstdint>
#include <string_view>

#include "redact/policy.hpp"

namespace redact::detail {

struct key_table_entry {
  std::string_view prefix;
  key_alphabet alphabet;
  std::uint32_t min_body;
  std::uint32_t max_body;  // 0: no maximum
};

// "exactly N" is min = max = N; "at least N" is min N, no maximum.
inline constexpr key_table_entry k_key_table[] = {
    {"AKIA", key_alphabet::upper, 16, 16},         // AWS access key id
    {"ASIA", key_alphabet::upper, 16, 16},         // AWS temporary access key id
    {"ghp_", key_alphabet::alnum, 36, 36},         // GitHub
    {"gho_", key_alphabet::alnum, 36, 36},         //
    {"ghu_", key_alphabet::alnum, 36, 36},         //
    {"ghs_", key_alphabet::alnum, 36, 36},         //
    {"ghr_", key_alphabet::alnum, 36, 36},         //
    {"github_pat_", key_alphabet::token, 82, 82},  // GitHub fine-grained
    {"glpat-", key_alphabet::token, 20, 0},        // GitLab
    {"xoxb-", key_alphabet::token, 10, 0},         // Slack
    {"xoxp-", key_alphabet::token, 10, 0},         //
    {"xoxa-", key_alphabet::token, 10, 0},         //
    {"xoxr-", key_alphabet::token, 10, 0},         //
    {"xoxs-", key_alphabet::token, 10, 0},         //
    {"xoxe-", key_alphabet::token, 10, 0},         //
    {"sk_live_", key_alphabet::alnum, 16, 0},      // Stripe
    {"rk_live_", key_alphabet::alnum, 16, 0},      //
    {"AIza", key_alphabet::token, 35, 35},         // Google API key
    {"npm_", key_alphabet::alnum, 36, 36},         // npm
    {"pypi-", key_alphabet::token, 50, 0},         // PyPI
    {"hf_", key_alphabet::alnum, 34, 34},          // Hugging Face
    {"sk-ant-", key_alphabet::token, 32, 0},       // Anthropic
    {"sk-proj-", key_alphabet::token, 32, 0},      // OpenAI
    {"dop_v1_", key_alphabet::alnum, 64, 64},      // DigitalOcean
    {"shpat_", key_alphabet::alnum, 32, 32},       // Shopify
    {"shpss_", key_alphabet::alnum, 32, 32},       //
    {"shpca_", key_alphabet::alnum, 32, 32},       //
    {"shppa_", key_alphabet::alnum, 32, 32},       //
};

}  // namespace redact::detail
