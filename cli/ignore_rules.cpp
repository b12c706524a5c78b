// cli/ignore_rules.cpp — parsing and matching `.redactignore`.
#include "cli/ignore_rules.hpp"

#include <cstddef>

namespace redact::cli {
namespace {

constexpr bool is_blank(char c) noexcept { return c == ' ' || c == '\t' || c == '\r'; }

constexpr bool is_lower_hex(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

bool is_fingerprint_text(std::string_view text) noexcept {
  std::string_view hex;
  if (text.starts_with("sha256:")) {
    hex = text.substr(7);
  } else if (text.starts_with("hmac-sha256:")) {
    hex = text.substr(12);
  } else {
    return false;
  }
  if (hex.size() != 8) return false;
  for (char c : hex) {
    if (!is_lower_hex(c)) return false;
  }
  return true;
}

std::optional<ignore_rules> ignore_rules::parse(std::string_view text, std::string_view source,
                                                std::string& error) {
  ignore_rules rules;
  std::size_t number = 0;
  while (!text.empty()) {
    const std::size_t lf = text.find('\n');
    std::string_view line = text.substr(0, lf);
    text.remove_prefix(lf == std::string_view::npos ? text.size() : lf + 1);
    ++number;
    line = trim(line);
    if (line.empty() || line.front() == '#') continue;
    const auto fail = [&](const std::string& message) {
      error = std::string(source) + ":" + std::to_string(number) + ": " + message;
      return std::nullopt;
    };
    const std::size_t blank = line.find_first_of(" \t");
    const std::string_view first = line.substr(0, blank);
    if (first.starts_with("sha256:") || first.starts_with("hmac-sha256:")) {
      if (!is_fingerprint_text(first)) {
        // Built by appending: GCC 12 at -O3 warns (-Wrestrict, a false
        // positive) on "'" + std::string(...).
        std::string message(1, '\'');
        message.append(first);
        message += "' is not a fingerprint (sha256: or hmac-sha256: and 8 hex digits)";
        return fail(message);
      }
      fingerprint_rule rule{std::string(first), std::nullopt};
      if (blank != std::string_view::npos) {
        const std::string_view scope = trim(line.substr(blank));
        std::string glob_error;
        rule.scope = path_glob::parse(scope, glob_error);
        if (!rule.scope) return fail(glob_error);
      }
      rules.fingerprints_.push_back(std::move(rule));
      continue;
    }
    std::string glob_error;
    std::optional<path_glob> glob = path_glob::parse(line, glob_error);
    if (!glob) return fail(glob_error);
    rules.paths_.push_back(std::move(*glob));
  }
  return rules;
}

bool ignore_rules::ignores_path(std::string_view path) const noexcept {
  for (const path_glob& g : paths_) {
    if (g.matches(path)) return true;
  }
  return false;
}

bool ignore_rules::ignores_fingerprint(std::string_view fingerprint,
                                       std::string_view path) const noexcept {
  for (const fingerprint_rule& r : fingerprints_) {
    if (r.fingerprint == fingerprint && (!r.scope || r.scope->matches(path))) return true;
  }
  return false;
}

}  // namespace redact::cli
