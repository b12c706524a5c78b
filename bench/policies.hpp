// policies.hpp — the policies of the scaling benchmarks, shared by the suite
// and the callgrind driver.
//
//   redact::policy pol(redact::bench::scaled_options(100, 50));  // 100 prefixes, 50 names
#pragma once

#include <cstddef>
#include <iterator>
#include <string>

#include "redact/policy.hpp"

namespace redact::bench {

/// Version 1's rules in this build: preset `minimal` and every family that
/// contract version 2 added switched off (the baseline of issue 14's speed
/// targets; the callgrind driver's REDACT_CG_OFF=v1 is the same policy).
inline redact::policy_options version1_options() {
  redact::policy_options o;
  o.preset = redact::field_preset::minimal;
  o.jwt = o.url = o.encoded = o.pairs = o.private_keys = o.key_table = o.secret_forms = false;
  return o;
}

/// `qbt_` plus `prefixes - 1` others (real-world ones first, then synthetic
/// `p<i>key_`); `authorization` plus `fields - 1` others (the extended preset's
/// names first, then synthetic `x-custom-credential-<i>`).
inline redact::policy_options scaled_options(std::size_t prefixes, std::size_t fields) {
  redact::policy_options o;
  static const char* const known_prefixes[] = {"sk_live_", "ghp_",     "xoxb-",    "glpat-", "npm_",
                                               "AKIA",     "pk_live_", "rk_live_", "gho_"};
  for (std::size_t i = 1; i < prefixes; ++i) {
    if (i - 1 < std::size(known_prefixes)) {
      o.prefixes.emplace_back(known_prefixes[i - 1]);
    } else {
      std::string prefix = "p";  // (operator+ trips GCC 12's -Wrestrict false positive)
      prefix += std::to_string(i);
      prefix += "key_";
      o.prefixes.push_back(std::move(prefix));
    }
  }
  const auto& extended = redact::preset_field_names(redact::field_preset::standard);
  for (std::size_t i = 1; i < fields; ++i) {
    if (i < extended.size()) {
      o.fields.emplace_back(extended[i]);
    } else {
      std::string field = "x-custom-credential-";
      field += std::to_string(i);
      o.fields.push_back(std::move(field));
    }
  }
  return o;
}

}  // namespace redact::bench
