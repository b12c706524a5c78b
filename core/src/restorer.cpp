// The restorer (restorer.hpp).
#include "restorer.hpp"

namespace redact::detail {

void restorer::write_front() {
  const auto& e = queue_->front();
  queue_->bytes_of(e, [&](std::string_view part) { out_->write(part); });
  line_escapes_ += e.len;
  queue_->pop();
}

void restorer::flush() {
  if (queue_ == nullptr) return;
  while (!queue_->empty() && queue_->front().stamped && queue_->front().pos <= pos_) write_front();
}

void restorer::text_with_escapes(std::string_view piece) {
  flush();
  std::size_t done = 0;
  auto write_text = [&](std::size_t to) {
    if (to <= done) return;
    const std::string_view part = piece.substr(done, to - done);
    out_->write(part);
    if (std::memchr(part.data(), '\n', part.size()) != nullptr) line_escapes_ = 0;
    done = to;
  };
  while (!queue_->empty() && queue_->front().stamped && queue_->front().pos < pos_ + piece.size()) {
    write_text(static_cast<std::size_t>(queue_->front().pos - pos_));
    write_front();
  }
  write_text(piece.size());
  pos_ += piece.size();
}

void restorer::write_all() {
  while (!queue_->empty()) write_front();
}

void restorer::write_oldest() { write_front(); }

}  // namespace redact::detail
