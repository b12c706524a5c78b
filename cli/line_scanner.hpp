// cli/line_scanner.hpp — one redactor stream of `--check` whose findings are
// given back with the line they belong to, after the `redact:allow` marker
// of that line has been seen (or not).
//
//   redact::cli::line_scanner s(pol, [&](const redact::cli::raw_finding& f, bool allowed) {
//     // f.line is the line number given to begin_line() (or the stream's
//     // own line when begin_line() is never called)
//   });
//   s.begin();
//   s.begin_line(42);  s.write("+key=qbt_...\n" without the '+');   // diff lines
//   s.end();           // every finding is delivered by now
//
// A finding is held until the end of its line has been written, because
// the marker may follow the key on the same line or arrive in a later
// chunk. Memory: the redactor's fixed state, the findings of the current
// lines, and one entry per marked line and per run of consecutively
// numbered lines. write() allocates only when a finding is held (its label
// is copied); begin() does not allocate once warm. Throws only
// std::bad_alloc.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/io.hpp"
#include "redact/redact.hpp"

namespace redact::cli {

/// The inline marker that allows the findings of its line.
inline constexpr std::string_view allow_marker = "redact:allow";

/// Records which lines of a stream contain allow_marker. Feed the stream's
/// bytes in order, in any pieces.
class allow_tracker {
 public:
  void reset() noexcept;
  void feed(std::string_view bytes);
  /// Lines ended by a LF so far.
  std::uint64_t complete_lines() const noexcept { return complete_; }
  /// True when 1-based stream line `line` contains the marker (the current,
  /// unfinished line included).
  bool marked(std::uint64_t line) const noexcept;

 private:
  std::uint64_t complete_ = 0;
  bool current_marked_ = false;
  std::string tail_;  // last bytes of the current line, for a marker split across pieces
  std::vector<std::uint64_t> marked_lines_;
};

/// A finding copied out of the redactor's callback.
struct raw_finding {
  finding_kind kind = finding_kind::token;
  std::string label;
  std::uint64_t line = 0;  ///< mapped through begin_line() numbers
  std::uint64_t column = 0;
  std::array<char, 8> fingerprint{};
};

class line_scanner {
 public:
  using callback = std::function<void(const raw_finding& f, bool allowed)>;

  line_scanner(const policy& pol, callback on_finding);

  /// Starts a new stream (the redactor restarts, line numbers too).
  void begin();
  /// Numbers the next line written: its findings are reported with `number`.
  /// Without any begin_line() call, lines are numbered from 1.
  void begin_line(std::uint64_t number);
  /// Writes bytes of the stream.
  void write(std::string_view bytes);
  /// Ends the stream: held-back bytes are decided, every finding delivered.
  void end();

 private:
  void release(bool all);
  std::uint64_t map_line(std::uint64_t stream_line) const noexcept;

  redactor redactor_;
  null_output discard_;
  callback on_finding_;
  allow_tracker allow_;
  std::vector<raw_finding> pending_;
  // Runs of consecutive numbers: (first stream line, its number).
  std::vector<std::pair<std::uint64_t, std::uint64_t>> runs_;
  std::uint64_t lines_begun_ = 0;
  std::uint64_t last_number_ = 0;
  bool active_ = false;
};

}  // namespace redact::cli
