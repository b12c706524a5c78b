// Internal: Rule R stage (see regex_stage.cpp).
#pragma once

#include <memory>

#include "compiled_policy.hpp"
#include "fingerprint.hpp"
#include "reporter.hpp"

namespace redact::detail {

/// `label`, or `regex#N` for the N-th (1-based) rule without one.
std::string regex_label(const regex_rule& rule, std::size_t index);

/// Compiles the Rule R patterns of `o` into `cp` (the patterns, their set,
/// the batch set and the literal filter below); returns RE2's message for
/// the first pattern that fails, or an empty string.
std::string build_rule_r(compiled_policy& cp, const policy_options& o);

/// Sits between the scanner and the user's output; buffers one line (up to
/// the window) and masks RE2 matches in it.
///
/// Batches: matching each line on its own costs an RE2::Set call per line.
/// When every pattern can be (compiled_policy::regex_batch_set: the patterns
/// in multi-line mode, never matching LF), runs of complete lines are first
/// tested together; a run the set does not match has no match in any of its
/// lines (`^`/`$` match at its line boundaries, no match crosses a LF; runs
/// with a CR, which also ends a line, are matched line by line). When every
/// pattern's matches start with a known literal, only the lines of a batch
/// that hold one of those literals (one SIMD prefilter pass) are matched.
class regex_stage final : public output {
 public:
  regex_stage(const compiled_policy& cp, reporter& rep);
  void set_output(output* out) noexcept { out_ = out; }
  void write(std::string_view piece) override;
  /// Writes out the partial last line.
  void finish();
  void reset() noexcept;
  std::size_t held() const noexcept { return len_; }

 private:
  void process();
  void write_lines(std::string_view piece);
  void write_batch(std::string_view lines);
  void write_through(std::string_view lines);

  static constexpr std::size_t k_min_batch = 512;

  const compiled_policy& cp_;
  reporter& rep_;
  fingerprinter fp_;
  output* out_ = nullptr;
  std::size_t cap_;
  std::unique_ptr<char[]> buf_;
  std::size_t len_ = 0;
  std::uint64_t line_no_ = 1;
  std::uint64_t col_base_ = 0;
};

}  // namespace redact::detail
