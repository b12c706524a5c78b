// table_t.cpp — SPEC Rule T: prefix rules (alphabet, minimum, maximum), the
// key table at each entry's bounds, shortest prefix / longest key, no left
// boundary, the allowlist.
#include "spec_words.hpp"
#include "table_util.hpp"
#include "tables.hpp"

namespace redact::spec {

using namespace std::string_literals;
using detail::body;

namespace {

std::string_view chars_of(key_alphabet a) {
  switch (a) {
    case key_alphabet::upper:
      return detail::upper;
    case key_alphabet::alnum:
      return detail::alnum;
    case key_alphabet::token:
      return detail::token;
  }
  return detail::token;
}

/// Each key-table entry at its bounds: a body of exactly the minimum (and
/// maximum) is a key (prefix kept, body masked); one character short of the
/// minimum or past the maximum is not. A character outside the alphabet ends
/// the body (SPEC: the maximal run of the alphabet).
void add_key_table_rows(std::vector<spec_case>& rows) {
  std::size_t seed = 0;
  for (const auto& k : key_table) {
    const std::string p(k.prefix);
    const std::string_view chars = chars_of(k.alphabet);
    const std::string at_min = p + body(k.min_body, chars, ++seed);
    rows.push_back({at_min, p + "***"});
    rows.push_back({"key " + at_min + " end", "key " + p + "*** end"});
    const std::string short_one = p + body(k.min_body - 1, chars, ++seed);
    rows.push_back({short_one, short_one});
    if (k.max_body != 0) {
      const std::string long_one = p + body(k.max_body + 1, chars, ++seed);
      rows.push_back({long_one, long_one});
    } else {
      rows.push_back({p + body(k.min_body + 40, chars, ++seed), p + "***"});
    }
    // A byte outside the alphabet ends the body; for `upper` a lower-case
    // letter does, for `alnum` `_` does, for `token` `.` does.
    const std::string stop = k.alphabet == key_alphabet::upper   ? "abc"
                             : k.alphabet == key_alphabet::alnum ? "_x"
                                                                 : ".x";
    rows.push_back({at_min + stop, p + "***" + stop});
    // Without the key table, none of these is a key.
    rows.push_back({at_min, at_min, config_id::no_key_table});
  }
}

}  // namespace

const std::vector<spec_case>& table_t() {
  static const std::vector<spec_case> rows = [] {
    std::vector<spec_case> v = {
        // ---- qbt_: token alphabet, min_body 8, no maximum (version 1 rows)
        {"qbt_AbCdEf12", "qbt_***", config_id::v1},                   // body exactly min_body
        {"qbt_AbCdEf1", "qbt_AbCdEf1", config_id::v1},                // one short
        {"my_qbt_AbCdEf12345", "my_qbt_***", config_id::v1},          // no left boundary
        {R"(\nqbt_AbCdEf12345\t)", R"(\nqbt_***\t)", config_id::v1},  // after escapes
        {R"("x\nqbt_AbCdEf12345")", R"("x\nqbt_***")", config_id::v1},
        {"%22qbt_AbCdEf12345%22", "%22qbt_***%22", config_id::v1},
        {"=qbt_AbCdEf12345", "=qbt_***", config_id::v1},
        {"x=qbt_AbCdEf12345&y=1", "x=qbt_***&y=1", config_id::v1},
        {"qbt_AbCd-Ef_12.34", "qbt_***.34", config_id::v1},  // the alphabet ends at `.`
        {"qbt_abc-def_ghi.rest", "qbt_***.rest", config_id::v1},
        {"qbt_qbt_AbCdEf12", "qbt_***", config_id::v1},  // one maximal run
        {"qbt_", "qbt_", config_id::v1},
        {"qbt_id", "qbt_id", config_id::v1},
        {"qbt_...", "qbt_...", config_id::v1},
        {"qbt_***", "qbt_***", config_id::v1},
        {"QBT_AbCdEf12345", "QBT_AbCdEf12345", config_id::v1},   // case-sensitive
        {"qbt_abcdefgh\0ijk"s, "qbt_***\0ijk"s, config_id::v1},  // NUL ends the body
        {"qbt_abcdefgh\xff\xfe", "qbt_***\xff\xfe", config_id::v1},
        {"qbt_password=x", "qbt_***=x", config_id::v1},
        {"a qbt_AbCdEf12345 b qbt_ZyXwVu98765\n", "a qbt_*** b qbt_***\n", config_id::v1},
        {"qbt_AbCdEf12345\nqbt_short", "qbt_***\nqbt_short", config_id::v1},
        {"qbt_1234567", "qbt_1234567", config_id::v1},
        {"qbt_12345678", "qbt_***", config_id::v1},
        {"qbt_AbCdEf12", "qbt_***"},  // and under version 2's defaults
        {"qbt_AbCdEf1", "qbt_AbCdEf1"},
        {"my_qbt_AbCdEf12345", "my_qbt_***"},

        // ---- Several prefixes: the shortest that yields a key wins
        {"sk_live_AbCdEf12345", "sk_***", config_id::multi_prefix},
        {"sk_live_AbCd", "sk_***", config_id::multi_prefix},    // `live_AbCd` is 9
        {"sk_live_abc", "sk_***", config_id::multi_prefix},     // `live_abc` is 8
        {"sk_live_ab", "sk_live_ab", config_id::multi_prefix},  // 7 and 2: no key
        {"ghp_AbCdEf12345 sk_AbCd", "ghp_*** sk_AbCd", config_id::multi_prefix},
        {"ghp_0123456789abcdef", "ghp_***", config_id::multi_prefix},
        {"qbt_abcd", "qbt_***", config_id::min_body_4},
        {"qbt_abc", "qbt_abc", config_id::min_body_4},

        // ---- Prefix rules with alphabets and bounds (config prefix_rules):
        // tk_ upper 4..6; ak_ alnum >= 10; ak_ token >= 12; ak_live_ alnum >= 4.
        {"tk_ABCD", "tk_***", config_id::prefix_rules},
        {"tk_ABC", "tk_ABC", config_id::prefix_rules},
        {"tk_ABCDEF", "tk_***", config_id::prefix_rules},
        {"tk_ABCDEFG", "tk_ABCDEFG", config_id::prefix_rules},  // 7 > 6
        {"tk_ABCDa", "tk_***a", config_id::prefix_rules},       // `a` is not upper
        {"tk_AB12", "tk_***", config_id::prefix_rules},
        // ak_live_abcd: ak_ alnum `live` (4 < 10), ak_ token `live_abcd` (9 <
        // 12), ak_live_ alnum `abcd` (4): only the longer prefix yields a key.
        {"ak_live_abcd", "ak_live_***", config_id::prefix_rules},
        // ak_live_abcdefgh: ak_ token `live_abcdefgh` (13) yields a key, and
        // the shortest prefix that yields one wins.
        {"ak_live_abcdefgh", "ak_***", config_id::prefix_rules},
        // Same prefix: the longest key wins (token `abcdefghij_kl` over alnum
        // `abcdefghij`).
        {"ak_abcdefghij_kl", "ak_***", config_id::prefix_rules},
        // Only the alnum rule yields one (token `abcdefghij-` is 11 < 12).
        {"ak_abcdefghij-", "ak_***-", config_id::prefix_rules},
        {"ak_abcdefghi", "ak_abcdefghi", config_id::prefix_rules},
        {"qbt_AbCdEf12", "qbt_***", config_id::prefix_rules},  // qbt_ still applies

        // ---- Key table: SPEC's own examples and near misses
        {"access key AKIAIOSFODNN7EXAMPLE in use", "access key AKIA*** in use"},
        {"AKIAIOSFODNN7EXAMPLEXXXX", "AKIAIOSFODNN7EXAMPLEXXXX"},  // 20 > 16
        {"AKIAIOSFODNN7EXAMPL", "AKIAIOSFODNN7EXAMPL"},            // 15 < 16
        {"xAKIAIOSFODNN7EXAMPLE", "xAKIA***"},                     // no left boundary
        {"akiaIOSFODNN7EXAMPLE", "akiaIOSFODNN7EXAMPLE"},          // case-sensitive
        {"AKIAiosfodnn7example", "AKIAiosfodnn7example"},          // body `` (lower case)
        {"ghp_0123456789abcdefghijABCDEFGHIJ012345", "ghp_***"},
        {"ghp_0123456789abcdefghijABCDEFGHIJ01234", "ghp_0123456789abcdefghijABCDEFGHIJ01234"},
        {"qbt_AbCdEf12345 AKIAIOSFODNN7EXAMPLE", "qbt_*** AKIA***"},
        {"AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE", config_id::v1},  // not a v1 rule

        // ---- Allowlist (config allowlist)
        {"qbt_DocsExample0000", "qbt_DocsExample0000", config_id::allowlist},
        {"qbt_DocsExample00001", "qbt_***", config_id::allowlist},  // a longer key is no example
        {"AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE", config_id::allowlist},
        {"Authorization: qbt_DocsExample0000", "Authorization: qbt_DocsExample0000",
         config_id::allowlist},
        {"Authorization: Bearer docsexampletoken0000", "Authorization: Bearer docsexampletoken0000",
         config_id::allowlist},
        {"Bearer docsexampletoken0000", "Bearer docsexampletoken0000", config_id::allowlist},
    };
    add_key_table_rows(v);
    return v;
  }();
  return rows;
}

}  // namespace redact::spec
