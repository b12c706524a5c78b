// redact/spdlog/redacting_formatter.hpp — an spdlog formatter that redacts
// each whole line another formatter produces.
//
//   #include <redact/spdlog/redacting_formatter.hpp>
//   auto file = std::make_shared<spdlog::sinks::basic_file_sink_mt>("svc.log");
//   file->set_formatter(std::make_unique<redact::spdlog::redacting_formatter>(
//       redact::policy{}, std::make_unique<spdlog::pattern_formatter>("[%n] %v")));
//
// redacting_sink gives each of its children one of these, so secrets that
// arrive through custom flags or the pattern's own text are caught as well as
// those in the payload. It keeps `log_msg::color_range_start/end` consistent
// with the redacted line, so colour console sinks colour the right bytes and
// never read past the line when a mask changes its length.
//
// Failure: format() never throws. If the wrapped formatter throws or the line
// cannot be redacted (policy not ok()), the line becomes `***` and the
// failure (redacted) goes to the error channel.
// Allocation: construction allocates; format() adds none in steady state
// (its buffer grows only for a line longer than any before).
// Thread safety: one formatter per sink, called under that sink's lock, as
// spdlog does (clone() makes the copies).
#pragma once

#include <spdlog/common.h>
#include <spdlog/details/log_msg.h>
#include <spdlog/details/os.h>
#include <spdlog/formatter.h>
#include <spdlog/pattern_formatter.h>

#include <algorithm>
#include <cstddef>
#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "redact/redact.hpp"
#include "redact/spdlog/detail/error_channel.hpp"

namespace redact::spdlog {

/// Wraps a formatter and redacts each whole formatted line it produces.
class redacting_formatter final : public ::spdlog::formatter {
 public:
  /// `inner` may be null (spdlog's default pattern is used then); `errors`
  /// null: failures go to stderr. Allocates; throws std::bad_alloc only.
  redacting_formatter(redact::policy pol, std::unique_ptr<::spdlog::formatter> inner,
                      std::shared_ptr<detail::error_channel> errors = nullptr)
      : inner_(inner ? std::move(inner) : std::make_unique<::spdlog::pattern_formatter>()),
        redactor_(pol),
        errors_(errors ? std::move(errors) : std::make_shared<detail::error_channel>(pol, "")),
        policy_(std::move(pol)) {
    line_.reserve(line_reserve);
  }

  void format(const ::spdlog::details::log_msg& msg, ::spdlog::memory_buf_t& dest) override {
    const std::size_t base = dest.size();
    try {
      inner_->format(msg, dest);
    } catch (const std::exception& e) {
      return fail(msg, base, dest, e.what());
    } catch (...) {
      return fail(msg, base, dest, "unknown exception");
    }
    const std::string_view raw(dest.data() + base, dest.size() - base);
    // The usual clean line (policy::might_redact: no rule can start in it)
    // stays as it was formatted, colour range included.
    if (!policy_.might_redact(raw)) return;
    if (!redact::redact_or_mask(redactor_, raw, line_)) {
      msg.color_range_start = msg.color_range_end = 0;
      put(dest, base, line_);
      return errors_->report(policy_.ok() ? "redact: redaction failed; line masked"
                                          : "redact: policy is not valid; line masked");
    }
    remap_colour_range(msg, base, raw, line_);
    put(dest, base, line_);
  }

  std::unique_ptr<::spdlog::formatter> clone() const override {
    return std::make_unique<redacting_formatter>(policy_, inner_->clone(), errors_);
  }

  /// The wrapped formatter.
  const ::spdlog::formatter& inner() const noexcept { return *inner_; }

 private:
  static constexpr std::size_t line_reserve = 512;

  // Replaces dest[base..] by `line`. Growing dest may fail; then the line is
  // masked (which fits: dest already held the longer raw line's room).
  static void put(::spdlog::memory_buf_t& dest, std::size_t base, std::string_view line) noexcept {
    dest.resize(base);
    try {
      dest.append(line.data(), line.data() + line.size());
    } catch (...) {
      dest.resize(base);
      mask(dest);
    }
  }

  static void mask(::spdlog::memory_buf_t& dest) noexcept {
    try {
      static constexpr std::string_view stars = "***";
      const std::string_view eol = ::spdlog::details::os::default_eol;
      dest.append(stars.data(), stars.data() + stars.size());
      dest.append(eol.data(), eol.data() + eol.size());
    } catch (...) {
      // Only an allocator failure can get here; nothing raw is in dest.
    }
  }

  void fail(const ::spdlog::details::log_msg& msg, std::size_t base, ::spdlog::memory_buf_t& dest,
            const char* what) noexcept {
    msg.color_range_start = msg.color_range_end = 0;
    dest.resize(base);
    mask(dest);
    errors_->report("redact: line masked, formatting failed: ", what);
  }

  // The inner formatter set the colour range in coordinates of the raw line.
  // Map it onto the redacted line: outside the span where the two lines
  // differ, positions shift by the length change; inside it the range widens
  // to cover the whole changed span. The result lies within the redacted
  // line and start <= end, so ansicolor_sink can never read out of bounds.
  static void remap_colour_range(const ::spdlog::details::log_msg& msg, std::size_t base,
                                 std::string_view raw, std::string_view redacted) noexcept {
    const std::size_t n = raw.size();
    const std::size_t m = redacted.size();
    const std::size_t from = msg.color_range_start >= base ? msg.color_range_start - base : 0;
    const std::size_t to = msg.color_range_end >= base ? msg.color_range_end - base : 0;
    std::size_t start = std::min(from, n);
    std::size_t end = std::min(to, n);
    if (raw != redacted) {
      const std::size_t limit = std::min(n, m);
      std::size_t prefix = 0;
      while (prefix < limit && raw[prefix] == redacted[prefix]) ++prefix;
      std::size_t suffix = 0;
      while (suffix < limit - prefix && raw[n - 1 - suffix] == redacted[m - 1 - suffix]) ++suffix;
      auto map = [&](std::size_t pos, std::size_t inside) {
        if (pos <= prefix) return pos;
        if (pos >= n - suffix) return pos - n + m;
        return inside;
      };
      start = map(start, prefix);
      end = map(end, m - suffix);
    }
    msg.color_range_start = base + start;
    msg.color_range_end = base + std::max(start, end);
  }

  std::unique_ptr<::spdlog::formatter> inner_;
  redact::redactor redactor_;
  std::shared_ptr<detail::error_channel> errors_;
  redact::policy policy_;
  std::string line_;  // the redacted line
};

}  // namespace redact::spdlog
