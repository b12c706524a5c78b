// Internal: the restorer — the last step before the caller's output: it
// writes the escape sequences the escape stage removed back into the
// redacted text (escapes.hpp). The scanner tells it what each piece of its
// output is: text (bytes of its input), the `***` that starts a masked span,
// and how many input bytes a span masks; positions are the scanner's input
// coordinates. A sequence is written when the output reaches its position:
// in place in text, before a `***` when it lies at the span's first byte,
// after it when it lies inside the span.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "escapes.hpp"
#include "redact/redactor.hpp"

namespace redact::detail {

class restorer {
 public:
  explicit restorer(escape_queue* queue) noexcept : queue_(queue) {}

  void set_output(output* out) noexcept { out_ = out; }

  /// Bytes of the scanner's input, written unchanged.
  void text(std::string_view piece) {
    if (queue_ == nullptr || queue_->empty()) {
      out_->write(piece);
      if (line_escapes_ != 0 && std::memchr(piece.data(), '\n', piece.size()) != nullptr)
        line_escapes_ = 0;
      pos_ += piece.size();
      return;
    }
    text_with_escapes(piece);
  }
  /// The `***` of a span starting at the current position.
  void mask() {
    flush();
    out_->write("***");
  }
  /// n more input bytes inside the current masked span.
  void masked(std::size_t n) {
    pos_ += n;
    if (queue_ != nullptr && !queue_->empty()) flush();
  }
  /// Writes the queued sequences at or before the current position.
  void flush();
  /// Escape-sequence bytes written since the last line feed (a finding's
  /// column counts them; call flush() first).
  std::uint64_t line_escape_bytes() const noexcept { return line_escapes_; }
  /// The end of the stream: everything still queued.
  void finish() {
    if (queue_ != nullptr && !queue_->empty()) write_all();
  }
  /// The queue is full: the oldest sequence is written now.
  void write_oldest();
  void reset() noexcept {
    pos_ = 0;
    line_escapes_ = 0;
  }

 private:
  void text_with_escapes(std::string_view piece);
  void write_all();
  void write_front();

  escape_queue* queue_;
  output* out_ = nullptr;
  std::uint64_t pos_ = 0;           // scanner-input bytes passed
  std::uint64_t line_escapes_ = 0;  // escape bytes written since the last LF
};

}  // namespace redact::detail
