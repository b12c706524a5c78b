// redact/ostream/redacting_streambuf.hpp — a std::streambuf filter that
// redacts everything written through it into another streambuf.
//
//   #include <redact/ostream/redacting_streambuf.hpp>
//   redact::redacting_streambuf filter(std::clog.rdbuf(), redact::policy{});
//   std::streambuf* raw = std::clog.rdbuf(&filter);   // std::clog is now redacted
//   std::clog << "Authorization: Bearer " << token << '\n';
//   std::clog.rdbuf(raw);                             // before `filter` goes away
//
// Bytes go through the streaming redactor, so a secret split across many
// `<<` calls (or across the filter's buffer boundary) is still caught. A line
// is passed on as soon as its LF is written (buffer-wise: at the latest on
// flush). flush (pubsync, std::flush, std::endl) and destruction end the
// redaction stream: held-back bytes are decided and written out, then the
// redactor starts afresh — so do not flush in the middle of a credential.
//
// Failure: never throws. If redaction cannot run (policy not ok()), the
// redactor masks every line; a failure of the target streambuf is reported
// the standard way (overflow/sync return an error, the ostream sets badbit).
// Allocation: construction allocates the buffer and the redactor; writing and
// flushing add none. Not thread-safe: one stream, one thread at a time (or
// lock around whole `<<` chains).
#pragma once

#include <cstddef>
#include <streambuf>
#include <string_view>
#include <vector>

#include "redact/redact.hpp"

namespace redact {

/// A write-only streambuf that redacts into `target`. Movable: no.
class redacting_streambuf final : public std::streambuf {
 public:
  /// `target` must outlive this object. `buffer_size` bytes are collected
  /// before they reach the redactor (0: every write goes straight through).
  /// Allocates; throws std::bad_alloc only.
  redacting_streambuf(std::streambuf* target, policy pol, std::size_t buffer_size = 4096)
      : target_(target), redactor_(std::move(pol)), buffer_(buffer_size) {
    reset_put_area();
  }

  redacting_streambuf(const redacting_streambuf&) = delete;
  redacting_streambuf& operator=(const redacting_streambuf&) = delete;

  /// Writes out everything held back (finish) and flushes the target.
  ~redacting_streambuf() override { sync(); }

  /// The streambuf redacted bytes go to.
  std::streambuf* target() const noexcept { return target_; }

  /// Findings of the current redaction stream (since the last flush).
  const redactor& get_redactor() const noexcept { return redactor_; }

 protected:
  int_type overflow(int_type ch) override {
    if (!drain()) return traits_type::eof();
    if (traits_type::eq_int_type(ch, traits_type::eof())) return traits_type::not_eof(ch);
    if (pptr() != epptr()) return sputc(traits_type::to_char_type(ch));
    const char c = traits_type::to_char_type(ch);
    return feed(std::string_view(&c, 1)) ? ch : traits_type::eof();
  }

  std::streamsize xsputn(const char* s, std::streamsize n) override {
    if (n <= 0) return 0;
    const auto size = static_cast<std::size_t>(n);
    const auto room = static_cast<std::size_t>(epptr() - pptr());
    if (size <= room) {  // the common case: collect
      traits_type::copy(pptr(), s, size);
      pbump(static_cast<int>(size));
      return n;
    }
    // Larger than the free space: drain what is collected, pass this through.
    if (!drain() || !feed(std::string_view(s, size))) return 0;
    return n;
  }

  int sync() override {
    bool ok = drain();
    ok = end_stream() && ok;
    if (target_->pubsync() != 0) ok = false;
    return ok ? 0 : -1;
  }

 private:
  // Sends redacted pieces to the target; remembers a short write.
  class target_output final : public output {
   public:
    explicit target_output(std::streambuf* t) noexcept : target_(t) {}
    void write(std::string_view piece) override {
      const auto n = static_cast<std::streamsize>(piece.size());
      if (target_->sputn(piece.data(), n) != n) failed_ = true;
    }
    bool failed() const noexcept { return failed_; }

   private:
    std::streambuf* target_;
    bool failed_ = false;
  };

  void reset_put_area() noexcept {
    char* begin = buffer_.data();
    setp(begin, begin + buffer_.size());
  }

  bool feed(std::string_view bytes) noexcept {
    target_output out(target_);
    try {
      redactor_.write(bytes, out);
    } catch (...) {  // write() itself never throws; the target may
      redactor_.reset();
      return false;
    }
    return !out.failed();
  }

  bool drain() noexcept {
    const auto n = static_cast<std::size_t>(pptr() - pbase());
    reset_put_area();
    return n == 0 || feed(std::string_view(buffer_.data(), n));
  }

  bool end_stream() noexcept {
    target_output out(target_);
    try {
      redactor_.finish(out);
    } catch (...) {
      redactor_.reset();
      return false;
    }
    redactor_.reset();
    return !out.failed();
  }

  std::streambuf* target_;
  redactor redactor_;
  std::vector<char> buffer_;
};

}  // namespace redact
