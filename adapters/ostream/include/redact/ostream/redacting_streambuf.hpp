// redact/ostream/redacting_streambuf.hpp — std::streambuf filters that
// redact everything written through them into another streambuf.
//
//   #include <redact/ostream/redacting_streambuf.hpp>
//   redact::ostream::redacting_streambuf filter(std::clog.rdbuf(), redact::policy{});
//   std::streambuf* raw = std::clog.rdbuf(&filter);  // before threads start logging
//   std::clog << "Authorization: Bearer " << token << '\n';  // from any thread
//   std::clog.rdbuf(raw);                             // after they stopped, before `filter` goes
//
// Two filters, named like spdlog's sinks:
//
//  * `redacting_streambuf_mt` (alias `redacting_streambuf`) may be shared by
//    threads, as `std::clog` usually is. A lock alone would not be enough:
//    `std::clog << "key=" << key << '\n'` is several calls, and another
//    thread's bytes between them would split the key into pieces that no
//    rule recognises. So the filter keeps each thread's bytes apart until
//    that thread ends its line, then redacts the whole lines under its lock:
//    lines never tear, and a key written in pieces is still one key. The
//    threads' lines form one redaction stream in the order they end, which
//    is the text the `redact` command would see in the log.
//  * `redacting_streambuf_st` is for one thread at a time. It collects bytes
//    in a buffer of its own and streams them through the redactor, so memory
//    stays bounded on lines of any length.
//
// Lines: a line is passed on when its LF is written (by a buffered `_st`
// filter: at the latest on flush). A flush (std::flush, std::endl, pubsync,
// and every `<<` on a unit-buffered stream such as std::cerr) passes on what
// is decided and flushes the target. It does not end the redaction stream: a
// credential written after its field name, in a separate `<<`, is still
// recognised. Bytes that could still turn out to be part of a credential
// (the `_mt` filter: the whole unfinished line) wait for the rest of their
// line; destruction writes out every unfinished line.
//
// Failure: never throws and never writes raw bytes. If the policy is not
// ok(), every line becomes `***`. If bytes cannot be kept (out of memory) or
// the target throws while a line is written, the rest of that line is
// dropped up to its LF and the line ends as `***`; the ostream sees the
// failure (badbit), as it does when the target refuses bytes.
// Allocation: construction allocates the redactor (and the `_st` buffer).
// The `_st` filter never allocates afterwards; the `_mt` filter allocates a
// line buffer the first time a thread leaves a line unfinished, and reuses it.
// Blocking: the `_mt` filter holds its lock while it writes to the target.
#pragma once

#include <cstddef>
#include <mutex>
#include <streambuf>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "redact/redact.hpp"

namespace redact::ostream {

namespace detail {

// Sends redacted pieces to a streambuf; remembers a short write.
class target_output final : public redact::output {
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

// One redaction stream into `target`, failing closed. When the target throws,
// the redactor is reset (its held-back bytes are dropped, never written) and
// the cut line ends as `***` LF; if the line was still open, the rest of it
// is dropped up to its LF first, since on its own it may be the tail of a
// credential that no rule recognises any more.
class stream {
 public:
  stream(std::streambuf* target, redact::policy pol) : target_(target), redactor_(std::move(pol)) {}

  // Redacts `bytes` into the target. False if the target refused or threw.
  bool write(std::string_view bytes) noexcept {
    if (cut_) return drop_to_line_end(bytes);
    target_output out(target_);
    try {
      redactor_.write(bytes, out);
    } catch (...) {  // write() itself never throws; the target may
      redactor_.reset();
      if (!bytes.empty() && bytes.back() == '\n') {
        put("***\n");
      } else {
        cut_ = true;
      }
      return false;
    }
    return !out.failed();
  }

  // Ends the stream for good: writes out everything held back (a cut line
  // ends as `***`).
  bool close() noexcept {
    if (cut_) {
      cut_ = false;
      return put("***");
    }
    target_output out(target_);
    try {
      redactor_.finish(out);
    } catch (...) {
      redactor_.reset();
      return false;
    }
    return !out.failed();
  }

  std::streambuf* target() const noexcept { return target_; }
  const redact::finding_counts& counts() const noexcept { return redactor_.counts(); }

 private:
  bool drop_to_line_end(std::string_view bytes) noexcept {
    const auto lf = bytes.find('\n');
    if (lf == std::string_view::npos) return true;
    cut_ = false;
    const bool masked = put("***\n");
    return write(bytes.substr(lf + 1)) && masked;
  }

  bool put(std::string_view text) noexcept {
    try {
      const auto n = static_cast<std::streamsize>(text.size());
      return target_->sputn(text.data(), n) == n;
    } catch (...) {
      return false;
    }
  }

  std::streambuf* target_;
  redact::redactor redactor_;
  bool cut_ = false;
};

}  // namespace detail

/// A write-only streambuf that redacts into `target`; one thread at a time.
class redacting_streambuf_st final : public std::streambuf {
 public:
  /// `target` must outlive this object. `buffer_size` bytes are collected
  /// before they reach the redactor (0: every write goes straight through).
  /// Allocates; throws std::bad_alloc only.
  redacting_streambuf_st(std::streambuf* target, redact::policy pol, std::size_t buffer_size = 4096)
      : stream_(target, std::move(pol)), buffer_(buffer_size) {
    reset_put_area();
  }

  redacting_streambuf_st(const redacting_streambuf_st&) = delete;
  redacting_streambuf_st& operator=(const redacting_streambuf_st&) = delete;

  /// Writes out everything held back and flushes the target.
  ~redacting_streambuf_st() override {
    drain();
    stream_.close();
    stream_.target()->pubsync();
  }

  /// The streambuf redacted bytes go to.
  std::streambuf* target() const noexcept { return stream_.target(); }

  /// Findings since construction, by kind. Never blocks.
  redact::finding_counts counts() const noexcept { return stream_.counts(); }

 protected:
  int_type overflow(int_type ch) override {
    if (!drain()) return traits_type::eof();
    if (traits_type::eq_int_type(ch, traits_type::eof())) return traits_type::not_eof(ch);
    if (pptr() != epptr()) return sputc(traits_type::to_char_type(ch));
    const char c = traits_type::to_char_type(ch);
    return stream_.write(std::string_view(&c, 1)) ? ch : traits_type::eof();
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
    if (!drain() || !stream_.write(std::string_view(s, size))) return 0;
    return n;
  }

  // Passes the collected bytes to the redactor (which writes out what it
  // has decided) and flushes the target.
  int sync() override {
    const bool ok = drain();
    return stream_.target()->pubsync() == 0 && ok ? 0 : -1;
  }

 private:
  void reset_put_area() noexcept {
    char* begin = buffer_.data();
    setp(begin, begin + buffer_.size());
  }

  bool drain() noexcept {
    const auto n = static_cast<std::size_t>(pptr() - pbase());
    reset_put_area();
    return n == 0 || stream_.write(std::string_view(buffer_.data(), n));
  }

  detail::stream stream_;
  std::vector<char> buffer_;
};

/// A write-only streambuf that redacts into `target`; safe to share between
/// threads (one lock per filter). It has no put area, so every write reaches
/// it through a virtual call and takes the lock.
class redacting_streambuf_mt final : public std::streambuf {
 public:
  /// `target` must outlive this object; it is written to only under this
  /// filter's lock. Allocates; throws std::bad_alloc only.
  redacting_streambuf_mt(std::streambuf* target, redact::policy pol)
      : stream_(target, std::move(pol)) {
    lines_.reserve(reserved_writers);
  }

  redacting_streambuf_mt(const redacting_streambuf_mt&) = delete;
  redacting_streambuf_mt& operator=(const redacting_streambuf_mt&) = delete;

  /// Writes out every thread's unfinished line, each as the end of a stream
  /// of its own, and flushes the target. No other thread may still write.
  ~redacting_streambuf_mt() override {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& l : lines_) {
      if (l.writer == std::thread::id{} || failed_) continue;
      stream_.write(l.cut ? std::string_view("***") : std::string_view(l.text));
      stream_.close();
    }
    stream_.close();
    stream_.target()->pubsync();
  }

  /// The streambuf redacted bytes go to.
  std::streambuf* target() const noexcept { return stream_.target(); }

  /// Findings since construction, by kind. Blocks on the filter's lock.
  redact::finding_counts counts() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return stream_.counts();
  }

 protected:
  int_type overflow(int_type ch) override {
    if (traits_type::eq_int_type(ch, traits_type::eof())) return traits_type::not_eof(ch);
    const char c = traits_type::to_char_type(ch);
    std::lock_guard<std::mutex> lock(mutex_);
    return write(std::string_view(&c, 1)) ? ch : traits_type::eof();
  }

  std::streamsize xsputn(const char* s, std::streamsize n) override {
    if (n <= 0) return 0;
    std::lock_guard<std::mutex> lock(mutex_);
    return write(std::string_view(s, static_cast<std::size_t>(n))) ? n : 0;
  }

  // Whole lines are already out; unfinished lines wait for their LF.
  int sync() override {
    std::lock_guard<std::mutex> lock(mutex_);
    return stream_.target()->pubsync() == 0 ? 0 : -1;
  }

 private:
  static constexpr std::size_t reserved_writers = 16;

  // A thread's unfinished line. `writer` is the default id when the entry is
  // free; a free entry keeps its capacity for the next thread. (A thread that
  // exits in the middle of a line leaves it here; a later thread given the
  // same id continues it, or destruction writes it out: redacted either way.)
  struct line {
    std::thread::id writer;
    std::string text;
    bool cut = false;  // bytes were lost: the rest is dropped, the line ends as `***`
  };

  line* find(std::thread::id id) noexcept {
    for (auto& l : lines_) {
      if (l.writer == id) return &l;
    }
    return nullptr;
  }

  // An entry for `id`; null when a new one is needed and cannot be made.
  line* claim(std::thread::id id) noexcept {
    line* l = find(std::thread::id{});
    if (l == nullptr) {
      try {
        l = &lines_.emplace_back();
      } catch (...) {
        return nullptr;
      }
    }
    l->writer = id;
    return l;
  }

  static void release(line& l) noexcept {
    l.writer = std::thread::id{};
    l.text.clear();
    l.cut = false;
  }

  // Bytes of the thread's line could not be kept: drop what it has.
  static void cut(line& l) noexcept {
    l.text.clear();
    l.cut = true;
  }

  static bool append(line& l, std::string_view bytes) noexcept {
    try {
      l.text.append(bytes);
      return true;
    } catch (...) {  // std::bad_alloc
      return false;
    }
  }

  // Under the lock. Whole lines go to the stream; the unfinished rest waits
  // in the thread's entry.
  bool write(std::string_view bytes) noexcept {
    if (failed_) return mask_lines(bytes);
    const auto id = std::this_thread::get_id();
    line* l = find(id);
    if (l != nullptr && l->cut) {  // the rest of a cut line, up to its LF
      const auto lf = bytes.find('\n');
      if (lf == std::string_view::npos) return true;
      release(*l);
      const bool masked = stream_.write("***\n");
      return write(bytes.substr(lf + 1)) && masked;
    }
    const auto lf = bytes.rfind('\n');
    bool ok = true;
    std::string_view rest = bytes;
    if (lf != std::string_view::npos) {
      const std::string_view whole = bytes.substr(0, lf + 1);
      rest = bytes.substr(lf + 1);
      if (l == nullptr) {
        ok = stream_.write(whole);  // the common case: whole lines, no copy
      } else if (append(*l, whole)) {
        ok = stream_.write(l->text);
        l->text.clear();
      } else {  // the line is lost: drop it, then take the bytes as its rest
        cut(*l);
        write(bytes);
        return false;
      }
    }
    if (rest.empty()) {
      if (l != nullptr) release(*l);
      return ok;
    }
    if (l == nullptr) l = claim(id);
    if (l == nullptr) {  // no memory even for an entry: mask every line from now on
      failed_ = true;
      return false;
    }
    if (!append(*l, rest)) {
      cut(*l);
      return false;
    }
    return ok;
  }

  // After an entry could not be made, every line ends as `***`.
  bool mask_lines(std::string_view bytes) noexcept {
    bool ok = true;
    for (char c : bytes) {
      if (c == '\n') ok = stream_.write("***\n") && ok;
    }
    return ok;
  }

  mutable std::mutex mutex_;
  detail::stream stream_;
  std::vector<line> lines_;
  bool failed_ = false;
};

/// The filter to use unless you know only one thread writes.
using redacting_streambuf = redacting_streambuf_mt;

}  // namespace redact::ostream
