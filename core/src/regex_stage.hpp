// Internal: Rule R stage (see regex_stage.cpp).
#pragma once

#include <memory>

#include "compiled_policy.hpp"
#include "stages.hpp"

namespace redact::detail {

/// Sits between the scanner and the user's output; buffers one line (up to
/// the window) and masks RE2 matches in it.
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
