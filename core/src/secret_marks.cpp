// The Rule S marks (secret_marks.hpp).
#include "secret_marks.hpp"

#include <algorithm>
#include <cassert>

namespace redact::detail {

void secret_marks::note_mask(std::uint32_t secret) noexcept {
  // The ring holds the marks inside the scanner's buffer at most (three
  // bytes each): it cannot be full here.
  assert(size_ < cap_);
  ring_[(head_ + size_) % cap_] = mark{fed_, secret};
  ++size_;
  fed_ += 3;
}

void secret_marks::pass(std::uint64_t end, std::uint64_t line_start,
                        std::int64_t& line_delta) noexcept {
  while (size_ > 0 && at(0).pos + 3 <= end) {
    const mark& m = at(0);
    if (m.pos >= line_start)
      line_delta += static_cast<std::int64_t>(cp_.secrets[m.secret].value.size()) - 3;
    head_ = (head_ + 1) % cap_;
    --size_;
  }
}

void secret_marks::hash_original(fingerprinter& fp, const char* d, std::uint64_t base,
                                 std::uint64_t from, std::uint64_t to) const noexcept {
  std::uint64_t cur = from;
  for (std::size_t k = 0; k < size_; ++k) {
    const mark& m = at(k);
    if (m.pos >= to) break;
    const std::uint64_t ms = m.pos, me = m.pos + 3;
    if (me <= cur) continue;
    if (ms >= cur) {
      fp.update(d + (cur - base), static_cast<std::size_t>(ms - cur));
      fp.update(cp_.secrets[m.secret].value);
    }
    cur = std::min(me, to);
  }
  if (cur < to) fp.update(d + (cur - base), static_cast<std::size_t>(to - cur));
}

}  // namespace redact::detail
