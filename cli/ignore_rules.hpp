// cli/ignore_rules.hpp — the `.redactignore` file of a repository.
//
//   # synthetic keys of the test suite
//   tests/fixtures/**
//   *.golden
//   # a documentation example key, wherever it appears
//   sha256:1f2e3d4c
//   # a keyed credential fingerprint, only under docs/
//   hmac-sha256:9a8b7c6d docs/**
//
// One rule per line: a fingerprint as reports print it (`sha256:` or
// `hmac-sha256:` and 8 hex digits), optionally followed by blanks and a path
// glob that limits it; or a path glob alone (cli/path_glob.hpp), whose files
// are not scanned at all. `#` starts a comment line; blank lines and
// trailing blanks are ignored.
//
//   std::string error;
//   auto rules = redact::cli::ignore_rules::parse(text, ".redactignore", error);
//   if (!rules) { /* error is ".redactignore:3: ..." */ }
//   rules->ignores_path("tests/fixtures/a.log");          // true
//   rules->ignores_fingerprint("sha256:1f2e3d4c", "x.md");  // true
//
// parse() allocates; the queries do not allocate or throw.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/path_glob.hpp"

namespace redact::cli {

/// The default ignore file's name, looked up at the top of the repository
/// (git modes) or in the current directory (files).
inline constexpr std::string_view default_ignore_file = ".redactignore";

/// True when `text` is a fingerprint as reports print it: `sha256:` or
/// `hmac-sha256:` followed by exactly 8 lower-case hex digits.
bool is_fingerprint_text(std::string_view text) noexcept;

class ignore_rules {
 public:
  /// Parses the file's text; `source` names it in errors ("FILE:LINE: ...").
  static std::optional<ignore_rules> parse(std::string_view text, std::string_view source,
                                           std::string& error);

  /// True when a path-glob rule matches `path`: its files are skipped.
  bool ignores_path(std::string_view path) const noexcept;
  /// True when a fingerprint rule names `fingerprint` and its glob (if any)
  /// matches `path`.
  bool ignores_fingerprint(std::string_view fingerprint, std::string_view path) const noexcept;

  bool empty() const noexcept { return paths_.empty() && fingerprints_.empty(); }

 private:
  struct fingerprint_rule {
    std::string fingerprint;
    std::optional<path_glob> scope;
  };
  std::vector<path_glob> paths_;
  std::vector<fingerprint_rule> fingerprints_;
};

}  // namespace redact::cli
