// cli/path_glob.cpp — gitignore-style glob matching.
#include "cli/path_glob.hpp"

#include <cstddef>

namespace redact::cli {
namespace {

// Matches a bracket expression starting at p[i] == '[' against byte c.
// Returns the index after ']' and sets `hit`; npos if unclosed.
std::size_t match_class(std::string_view p, std::size_t i, char c, bool& hit) noexcept {
  std::size_t j = i + 1;
  bool negate = false;
  if (j < p.size() && (p[j] == '!' || p[j] == '^')) {
    negate = true;
    ++j;
  }
  bool found = false;
  bool first = true;
  while (j < p.size() && (p[j] != ']' || first)) {
    first = false;
    char lo = p[j];
    if (lo == '\\' && j + 1 < p.size()) lo = p[++j];
    char hi = lo;
    if (j + 2 < p.size() && p[j + 1] == '-' && p[j + 2] != ']') {
      hi = p[j + 2];
      if (hi == '\\' && j + 3 < p.size()) {
        hi = p[j + 3];
        ++j;
      }
      j += 2;
    }
    const auto u = static_cast<unsigned char>(c);
    if (u >= static_cast<unsigned char>(lo) && u <= static_cast<unsigned char>(hi)) found = true;
    ++j;
  }
  if (j >= p.size()) return std::string_view::npos;
  hit = (found != negate) && c != '/';
  return j + 1;
}

// Glob match of the whole of `s` against the whole of `p`. Recursion only
// at `*` and `**`; patterns are short.
bool match(std::string_view p, std::string_view s) noexcept {
  std::size_t pi = 0;
  std::size_t si = 0;
  while (pi < p.size()) {
    const char c = p[pi];
    if (c == '*') {
      const bool double_star = pi + 1 < p.size() && p[pi + 1] == '*';
      if (double_star) {
        std::size_t next = pi + 2;
        // "**/" also matches zero directories.
        if (next < p.size() && p[next] == '/') {
          if (match(p.substr(next + 1), s.substr(si))) return true;
          for (std::size_t k = si; k < s.size(); ++k) {
            if (s[k] == '/' && match(p.substr(next + 1), s.substr(k + 1))) return true;
          }
          return false;
        }
        for (std::size_t k = si; k <= s.size(); ++k) {
          if (match(p.substr(next), s.substr(k))) return true;
        }
        return false;
      }
      for (std::size_t k = si; k <= s.size(); ++k) {
        if (match(p.substr(pi + 1), s.substr(k))) return true;
        if (k < s.size() && s[k] == '/') break;
      }
      return false;
    }
    if (si >= s.size()) return false;
    if (c == '?') {
      if (s[si] == '/') return false;
      ++pi;
      ++si;
      continue;
    }
    if (c == '[') {
      bool hit = false;
      const std::size_t after = match_class(p, pi, s[si], hit);
      if (after == std::string_view::npos || !hit) return false;
      pi = after;
      ++si;
      continue;
    }
    char literal = c;
    if (c == '\\' && pi + 1 < p.size()) literal = p[++pi];
    if (s[si] != literal) return false;
    ++pi;
    ++si;
  }
  return si == s.size();
}

}  // namespace

std::string_view normalize_path(std::string_view path) noexcept {
  while (path.starts_with("./")) {
    path.remove_prefix(2);
    while (path.starts_with('/')) path.remove_prefix(1);
  }
  return path;
}

std::optional<path_glob> path_glob::parse(std::string_view pattern, std::string& error) {
  if (pattern.empty()) {
    error = "empty path glob";
    return std::nullopt;
  }
  if (pattern.front() == '!') {
    error = "path glob '" + std::string(pattern) + "': negation ('!') is not supported";
    return std::nullopt;
  }
  path_glob g;
  g.text_.assign(pattern);
  std::string_view body = pattern;
  if (body.size() > 1 && body.back() == '/') {
    g.directory_only_ = true;
    while (body.size() > 1 && body.back() == '/') body.remove_suffix(1);
  }
  if (body.starts_with('/')) {
    g.anchored_ = true;
    while (body.starts_with('/')) body.remove_prefix(1);
  }
  body = normalize_path(body);
  if (body.empty()) {
    error = "path glob '" + std::string(pattern) + "' matches nothing";
    return std::nullopt;
  }
  if (body.find('/') != std::string_view::npos) g.anchored_ = true;
  // Check brackets are closed.
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\\') {
      ++i;
    } else if (body[i] == '[') {
      bool hit = false;
      const std::size_t after = match_class(body, i, 'a', hit);
      if (after == std::string_view::npos) {
        error = "path glob '" + std::string(pattern) + "': unclosed '['";
        return std::nullopt;
      }
      i = after - 1;
    }
  }
  g.body_.assign(body);
  return g;
}

bool path_glob::matches(std::string_view path) const noexcept {
  path = normalize_path(path);
  // Try the path itself and every directory above it; the path itself only
  // when the pattern is not for directories alone.
  std::size_t end = path.size();
  bool whole = true;
  for (;;) {
    const std::string_view prefix = path.substr(0, end);
    if (!(whole && directory_only_)) {
      if (anchored_) {
        if (match(body_, prefix)) return true;
      } else {
        const std::size_t slash = prefix.rfind('/');
        const std::string_view last =
            slash == std::string_view::npos ? prefix : prefix.substr(slash + 1);
        if (match(body_, last)) return true;
      }
    }
    const std::size_t slash = prefix.rfind('/');
    if (slash == std::string_view::npos || slash == 0) return false;
    end = slash;
    whole = false;
  }
}

bool path_filter::selected(std::string_view path) const noexcept {
  bool in = include.empty();
  for (const path_glob& g : include) {
    if (g.matches(path)) {
      in = true;
      break;
    }
  }
  if (!in) return false;
  for (const path_glob& g : exclude) {
    if (g.matches(path)) return false;
  }
  return true;
}

}  // namespace redact::cli
