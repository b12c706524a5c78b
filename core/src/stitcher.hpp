// Internal: the stitcher — glues a stage's undecided tail to the next chunk
// (core/DESIGN.md, "Stages and the stitcher").
//
// Every stage has the same shape:
//
//   std::size_t run(const char* d, std::size_t n, bool eof, Next& next);
//
// It decides a prefix of d[0, n), writes what it decided to `next` (an object
// with write(std::string_view)), and returns the prefix's length; the rest is
// at most the stage's look-ahead bound. With eof the stream ends at d[n],
// where the stitcher has put a LF that is read but never emitted (window.hpp:
// the virtual LF), and the stage decides everything.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>

namespace redact::detail {

template <class Stage>
class stitcher {
 public:
  /// The buffer a stage with look-ahead `lookahead` needs (one more byte for
  /// the virtual LF).
  static constexpr std::size_t capacity_for(std::size_t lookahead) noexcept {
    return 2 * lookahead + 16;
  }

  stitcher(Stage& stage, std::size_t lookahead)
      : stage_(stage), cap_(capacity_for(lookahead)), buf_(std::make_unique<char[]>(cap_ + 1)) {}

  template <class Next>
  void write(const char* p, std::size_t n, Next& next) {
    while (n > 0 && len_ > 0) {
      const std::size_t take = std::min(n, cap_ - len_);
      std::memcpy(buf_.get() + len_, p, take);
      const std::size_t old = len_;
      len_ += take;
      p += take;
      n -= take;
      const std::size_t c = stage_.run(buf_.get(), len_, false, next);
      if (c >= old) {
        // The old tail is decided; the rest of the buffer is a copy of the
        // chunk, so continue on the chunk itself (no further copying).
        const std::size_t back = len_ - c;
        p -= back;
        n += back;
        len_ = 0;
      } else {
        std::memmove(buf_.get(), buf_.get() + c, len_ - c);
        len_ -= c;
      }
    }
    if (n > 0) {
      const std::size_t c = stage_.run(p, n, false, next);
      len_ = n - c;
      if (len_ > 0) std::memcpy(buf_.get(), p + c, len_);
    }
  }

  template <class Next>
  void finish(Next& next) {
    buf_[len_] = '\n';  // the virtual LF
    stage_.run(buf_.get(), len_, true, next);
    len_ = 0;
  }

  void reset() noexcept { len_ = 0; }
  std::size_t held() const noexcept { return len_; }

 private:
  Stage& stage_;
  std::size_t cap_;
  std::unique_ptr<char[]> buf_;
  std::size_t len_ = 0;
};

}  // namespace redact::detail
