// The Rule S stage's line tracking (secret_stage.hpp; the run loop is a
// template there).
#include "secret_stage.hpp"

namespace redact::detail {

void secret_stage::reset() noexcept {
  base_ = 0;
  line_no_ = 1;
  line_start_ = 0;
}

void secret_stage::track(const char* d, std::size_t from, std::size_t to) noexcept {
  if (!rep_.wants_positions()) return;
  const char* p = d + from;
  const char* e = d + to;
  while (p < e) {
    const void* q = std::memchr(p, '\n', static_cast<std::size_t>(e - p));
    if (q == nullptr) break;
    p = static_cast<const char*>(q) + 1;
    ++line_no_;
    line_start_ = base_ + static_cast<std::uint64_t>(p - d);
  }
}

}  // namespace redact::detail
