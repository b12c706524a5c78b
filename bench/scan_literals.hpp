// scan_literals.hpp — the literal sets of the scan-only Vectorscan peers, and
// their compilation (peers_bench.cpp, callgrind_driver.cpp).
//
// version1_literals(): what a finding of contract version 1's default rules
// starts at (`qbt_`, and in either case `authorization`, `bearer`, `basic`).
// default_policy_literals(): the same for contract version 2's default
// policy, as the core's prefilter looks for them (policy.cpp,
// build_literals): the field names and `bearer`/`basic` (either case), Rule
// K's `BEGIN `, Rule U's `://` and `:\/`, Rule J's `eyJ`, the Rule T prefixes
// with the key table, and Rule E's base64 anchors. A literal scanner given
// the same rules has to find at least these.
#pragma once

#include <string>
#include <vector>

#include "compiled_policy.hpp"
#include "redact/policy.hpp"

#if REDACT_BENCH_HAVE_VECTORSCAN
#include <hs/hs.h>
#endif

namespace redact::bench {

struct scan_literal {
  std::string text;
  bool caseless = false;
};

inline std::vector<scan_literal> version1_literals() {
  return {{"qbt_", false}, {"authorization", true}, {"bearer", true}, {"basic", true}};
}

inline std::vector<scan_literal> default_policy_literals() {
  const redact::policy pol;
  const redact::detail::compiled_policy& cp = pol.compiled();
  std::vector<scan_literal> out;
  for (const auto& f : cp.fields) out.push_back({f, true});
  for (const char* marker : {"BEGIN ", "://", ":\\/", "eyJ"}) out.push_back({marker, false});
  for (const char* word : {"bearer", "basic"}) out.push_back({word, true});
  for (const auto& p : cp.prefixes) out.push_back({p, false});
  for (const auto& a : cp.encoded_anchors) out.push_back({a.text, false});
  return out;
}

#if REDACT_BENCH_HAVE_VECTORSCAN
/// A block-mode database matching every literal (ids in order), or null
/// with `error` set.
inline hs_database_t* compile_literals(const std::vector<scan_literal>& lits, std::string& error) {
  std::vector<const char*> texts;
  std::vector<std::size_t> lens;
  std::vector<unsigned> flags, ids;
  for (const auto& l : lits) {
    texts.push_back(l.text.data());
    lens.push_back(l.text.size());
    flags.push_back(l.caseless ? HS_FLAG_CASELESS : 0u);
    ids.push_back(static_cast<unsigned>(ids.size()));
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* e = nullptr;
  if (hs_compile_lit_multi(texts.data(), flags.data(), ids.data(), lens.data(),
                           static_cast<unsigned>(texts.size()), HS_MODE_BLOCK, nullptr, &db,
                           &e) != HS_SUCCESS) {
    error = e != nullptr ? e->message : "hs_compile_lit_multi failed";
    hs_free_compile_error(e);
    return nullptr;
  }
  return db;
}
#endif

}  // namespace redact::bench
