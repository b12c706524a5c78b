// tables.hpp — the shared test tables: SPEC's examples (every row, expected
// outputs copied from SPEC) and per-rule tables of positives and near misses
// at every bound SPEC names (expected outputs derived by hand from SPEC and
// docs/rules.md; a row comment gives the reasoning where it is not obvious).
// Used by the core tests, the oracle's own tests, the differential tests, the
// hostile-input tests and the fuzz seed writer.
//
//   for (const auto& row : redact::spec::all_rows())
//     EXPECT_EQ(redact::redact(row.input, redact::policy(make_options(row.config))),
//               row.expected);
//
// Keys and credentials are synthetic. Allocates on first use.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "configs.hpp"
#include "redact/redactor.hpp"

namespace redact::spec {

struct spec_case {
  std::string input;
  std::string expected;
  config_id config = config_id::defaults;
};

/// SPEC.md "Examples", every row, in SPEC's order.
const std::vector<spec_case>& spec_examples();

// Per-rule tables, one per SPEC section.
const std::vector<spec_case>& table_escapes();      ///< escape sequences
const std::vector<spec_case>& table_conventions();  ///< context, bounds, masks next to masks
const std::vector<spec_case>& table_t();            ///< Rule T and the key table
const std::vector<spec_case>& table_h();            ///< Rule H
const std::vector<spec_case>& table_b();            ///< Rule B
const std::vector<spec_case>& table_p();            ///< Rule P
const std::vector<spec_case>& table_k();            ///< Rule K
const std::vector<spec_case>& table_u();            ///< Rule U
const std::vector<spec_case>& table_j();            ///< Rule J
const std::vector<spec_case>& table_e();            ///< Rule E
const std::vector<spec_case>& table_s();            ///< Rule S
const std::vector<spec_case>& table_precedence();   ///< precedence and switches

struct named_table {
  std::string_view name;
  const std::vector<spec_case>& (*rows)();
};
inline constexpr named_table rule_tables[] = {{"escapes", table_escapes},
                                              {"conventions", table_conventions},
                                              {"T", table_t},
                                              {"H", table_h},
                                              {"B", table_b},
                                              {"P", table_p},
                                              {"K", table_k},
                                              {"U", table_u},
                                              {"J", table_j},
                                              {"E", table_e},
                                              {"S", table_s},
                                              {"precedence", table_precedence}};

/// Every per-rule row.
std::vector<spec_case> rule_table();
/// SPEC's examples, then every per-rule row.
std::vector<spec_case> all_rows();

/// A finding derived by hand: `secret` is the bytes whose SHA-256 prefix is
/// the fingerprint (tests hash them with their own SHA-256).
struct expected_finding {
  finding_kind kind;
  std::string label;
  std::uint64_t line;
  std::uint64_t column;
  std::string secret;
};

struct finding_case {
  std::string input;
  config_id config;
  std::vector<expected_finding> findings;  ///< sorted by (line, column, kind)
};

/// Hand-checked findings: kinds, labels, lines, columns in input
/// coordinates, the bytes each fingerprint covers.
const std::vector<finding_case>& finding_table();

/// Printable rendering of arbitrary bytes for failure messages.
std::string escaped(std::string_view s, std::size_t limit = 400);

}  // namespace redact::spec
