// The Rule S stage's line tracking (secret_stage.hpp; the run loop is a
// template there).
#include "secret_stage.hpp"

namespace redact::detail {

void secret_stage::reset() noexcept {
  delta_ = 0;
  line_escapes_ = 0;
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
    line_escapes_ = 0;
  }
}

void secret_stage::stamp_text(std::uint64_t to) noexcept {
  while (escapes_.stamped() < escapes_.size()) {
    auto& e = escapes_.at(escapes_.stamped());
    if (e.pos > to) break;
    if (e.pos >= line_start_) line_escapes_ += e.len;
    e.pos -= delta_;
    escapes_.mark_stamped();
  }
}

void secret_stage::stamp_mask(std::uint64_t from, std::uint64_t len) noexcept {
  const std::uint64_t after = from - delta_ + 3;  // right after the `***`
  while (escapes_.stamped() < escapes_.size()) {
    auto& e = escapes_.at(escapes_.stamped());
    if (e.pos > from + len) break;
    line_escapes_ += e.len;
    e.pos = after;
    escapes_.mark_stamped();
  }
  delta_ += len - 3;
}

}  // namespace redact::detail
