// literal_set (prefilter.hpp): exact literals found through the same kernels
// and literal index as the scanner's, in exact (case-sensitive) mode.
#include "prefilter.hpp"

#include <cstring>
#include <utility>

#include "candidate_cursor.hpp"

namespace redact::detail {

void literal_set::build(std::vector<std::string> v) {
  values = std::move(v);
  std::vector<literal_ref> refs;
  for (std::size_t k = 0; k < values.size(); ++k)
    refs.push_back({values[k], lit_field, static_cast<std::uint32_t>(k), false});
  build_prefilter(pf, refs);
}

std::size_t literal_set::find(find_fn kernel, std::string_view text,
                              std::size_t from) const noexcept {
  const char* d = text.data();
  const std::size_t n = text.size();
  if (values.empty()) return n;
  candidate_cursor cursor(pf, kernel);
  cursor.reset(d, n);
  for (candidate c = cursor.next(from); c.pos < n; c = cursor.next(c.pos + 1))
    for (const literal_entry& e : c.literals) {
      const std::string& v = values[e.index];
      if (v.size() <= n - c.pos && std::memcmp(d + c.pos, v.data(), v.size()) == 0) return c.pos;
    }
  return n;
}

literal_set::match literal_set::match_at(const char* d, std::size_t i, std::size_t n,
                                         bool eof) const noexcept {
  for (const literal_entry& e : pf.confirm.at(d, i, n)) {
    const std::string& v = values[e.index];
    if (v.size() <= n - i) {
      if (std::memcmp(d + i, v.data(), v.size()) == 0) return {e.index, false};
    } else if (!eof && std::memcmp(d + i, v.data(), n - i) == 0) {
      return {std::string::npos, true};
    }
  }
  return {std::string::npos, false};
}

}  // namespace redact::detail
