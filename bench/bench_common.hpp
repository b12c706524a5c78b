// bench_common.hpp — shared fixtures of the benchmark suite: the corpora
// (generated once per kind, cached), an output that copies into a reused
// buffer, and the allocation counter behind the `allocs_per_msg` counters.
//
//   const std::string& text = redact::bench::corpus(redact::corpus::kind::clean);
//   redact::bench::ring_output out;            // no allocation per write
//   r.write(text, out);
//
// Sizes come from the environment so bench/compare can trade time for noise:
//   REDACT_BENCH_MIB        corpus size in MiB (default 64)
//   REDACT_BENCH_SLICE_KIB  slice for the slow peers (std::regex, oracle; default 512)
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "corpus.hpp"
#include "redact/redact.hpp"

namespace redact::bench {

/// Seed of every corpus in the suite (the callgrind driver uses it too).
inline constexpr std::uint64_t corpus_seed = 42;

/// Corpus size in bytes (REDACT_BENCH_MIB, default 64 MiB).
std::size_t corpus_bytes();
/// Slice size in bytes for the slow peers (REDACT_BENCH_SLICE_KIB, default 512 KiB).
std::size_t slice_bytes();

/// The corpus of `k`, generated on first use and kept for the process.
const std::string& corpus(corpus::kind k);
/// The first `n` bytes of the corpus of `k`, cut after a LF.
std::string_view corpus_slice(corpus::kind k, std::size_t n);

/// Per-message benchmarks (core_message/, re2_message/, vectorscan_message/)
/// cut the first 8 MiB of a corpus into consecutive 120-byte messages.
inline constexpr std::size_t message_bytes = 120;
inline constexpr std::size_t message_text_bytes = std::size_t{8} << 20;

/// Those messages in turn, wrapping around.
class message_cycle {
 public:
  explicit message_cycle(corpus::kind k)
      : text_(corpus_slice(k, message_text_bytes)), count_(text_.size() / message_bytes) {}
  std::string_view next() noexcept {
    const std::string_view m = text_.substr(i_ * message_bytes, message_bytes);
    if (++i_ == count_) i_ = 0;
    return m;
  }

 private:
  std::string_view text_;
  std::size_t count_;
  std::size_t i_ = 0;
};

/// Splits `text` into blocks of at most `max` bytes that end after a LF (a
/// line longer than `max` is one block): what a line-oriented tool would see.
std::vector<std::string_view> line_blocks(std::string_view text, std::size_t max);

/// An output that copies every piece into a reused 1 MiB buffer (wrapping
/// around, like a buffer that is flushed when full). Never allocates after
/// construction; counts the bytes it received.
class ring_output final : public redact::output {
 public:
  ring_output() : buffer_(std::size_t{1} << 20) {}
  void write(std::string_view piece) override {
    if (pos_ + piece.size() > buffer_.size()) pos_ = 0;
    if (piece.size() <= buffer_.size()) {
      std::memcpy(buffer_.data() + pos_, piece.data(), piece.size());
      pos_ += piece.size();
    }
    bytes_ += piece.size();
  }
  std::uint64_t bytes() const noexcept { return bytes_; }
  const char* data() const noexcept { return buffer_.data(); }

 private:
  std::vector<char> buffer_;
  std::size_t pos_ = 0;
  std::uint64_t bytes_ = 0;
};

/// Number of calls to the global operator new since start (all threads).
std::uint64_t allocations() noexcept;

}  // namespace redact::bench
