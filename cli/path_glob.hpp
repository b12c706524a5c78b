// cli/path_glob.hpp — path globs for --include, --exclude and .redactignore.
//
//   std::string error;
//   auto glob = redact::cli::path_glob::parse("tests/**/*.log", error);
//   if (!glob) { /* "redact: " + error */ }
//   glob->matches("tests/cli/golden/a.log");    // true
//
//   redact::cli::path_filter filter;
//   filter.include.push_back(*redact::cli::path_glob::parse("src/**", error));
//   filter.selected("src/app.py");              // true: included and not excluded
//
// The syntax is gitignore's, without negation: `*` matches within one path
// component, `**` across components (`**/x`, `x/**`, `a/**/b`), `?` one byte
// other than `/`, `[abc]`, `[a-z]` and `[!a-z]` one byte of a set, `\x` the
// byte x. A pattern with no `/` except a trailing one matches a component at
// any depth (`*.pem`, `fixtures`); one with a `/` is anchored at the top (a
// leading `/` is dropped). A pattern that matches a directory matches
// everything below it; a trailing `/` matches directories only. Paths are
// relative, with `/` separators (a leading `./` is ignored).
//
// parse() allocates; matches() and selected() do not allocate or throw.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace redact::cli {

class path_glob {
 public:
  /// Compiles `pattern`; std::nullopt with a message naming the pattern when
  /// it is empty, starts with `!` (negation is not supported), or has an
  /// unclosed `[`.
  static std::optional<path_glob> parse(std::string_view pattern, std::string& error);

  /// True when `path` or one of the directories above it matches.
  bool matches(std::string_view path) const noexcept;

  /// The pattern as written.
  const std::string& text() const noexcept { return text_; }

 private:
  std::string text_;
  std::string body_;  // without leading '/' and trailing '/'
  bool anchored_ = false;
  bool directory_only_ = false;
};

/// Removes a leading "./" (repeated) from a relative path.
std::string_view normalize_path(std::string_view path) noexcept;

/// --include and --exclude: a path is selected when it matches an include
/// glob (or there are none) and no exclude glob.
struct path_filter {
  std::vector<path_glob> include;
  std::vector<path_glob> exclude;

  bool selected(std::string_view path) const noexcept;
  bool empty() const noexcept { return include.empty() && exclude.empty(); }
};

}  // namespace redact::cli
