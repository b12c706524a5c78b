// cli/text.hpp — building messages by appending.
//
//   std::string m = redact::cli::cat("unknown option '", name, "'");
//
// GCC 12 at -O3 warns (-Wrestrict, a known false positive, GCC bug 105329)
// on `"'" + std::string(...)`; appending to one string avoids it and
// allocates once per growth. Allocates; throws only std::bad_alloc.
#pragma once

#include <string>
#include <string_view>

namespace redact::cli {

/// The concatenation of `parts` (anything convertible to std::string_view).
template <class... Parts>
std::string cat(const Parts&... parts) {
  std::string text;
  text.reserve((std::string_view(parts).size() + ... + 0));
  (text.append(std::string_view(parts)), ...);
  return text;
}

}  // namespace redact::cli
