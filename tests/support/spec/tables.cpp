// tables.cpp — the table index and helpers (see tables.hpp).
#include "tables.hpp"

#include <cstdio>

namespace redact::spec {

std::string_view to_string(config_id id) {
  switch (id) {
    case config_id::defaults:
      return "defaults";
    case config_id::v1:
      return "v1";
    case config_id::extended:
      return "extended";
    case config_id::minimal:
      return "minimal";
    case config_id::multi_prefix:
      return "multi_prefix";
    case config_id::min_body_4:
      return "min_body_4";
    case config_id::allowlist:
      return "allowlist";
    case config_id::secrets:
      return "secrets";
    case config_id::secrets_v1:
      return "secrets_v1";
    case config_id::example_secret:
      return "example_secret";
    case config_id::prefix_rules:
      return "prefix_rules";
    case config_id::no_jwt:
      return "no_jwt";
    case config_id::no_url:
      return "no_url";
    case config_id::no_encoded:
      return "no_encoded";
    case config_id::no_pairs:
      return "no_pairs";
    case config_id::no_private_keys:
      return "no_private_keys";
    case config_id::no_key_table:
      return "no_key_table";
    case config_id::no_secret_forms:
      return "no_secret_forms";
    case config_id::twin_secrets:
      return "twin_secrets";
    case config_id::credential_key:
      return "credential_key";
  }
  return "?";
}

std::vector<spec_case> rule_table() {
  std::vector<spec_case> rows;
  for (const auto& t : rule_tables) {
    const auto& r = t.rows();
    rows.insert(rows.end(), r.begin(), r.end());
  }
  return rows;
}

std::vector<spec_case> all_rows() {
  std::vector<spec_case> rows = spec_examples();
  const auto own = rule_table();
  rows.insert(rows.end(), own.begin(), own.end());
  return rows;
}

std::string escaped(std::string_view s, std::size_t limit) {
  std::string out;
  for (std::size_t i = 0; i < s.size() && i < limit; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  if (s.size() > limit) out += "...(" + std::to_string(s.size()) + " bytes)";
  return out;
}

}  // namespace redact::spec
