// redact/spdlog/redacting_sink.hpp — an spdlog sink that strips credentials
// before any other sink sees a record.
//
// Adoption on an existing logger (wraps every sink it has, in one call):
//
//   #include <redact/spdlog/redacting_sink.hpp>
//   auto log = spdlog::basic_logger_mt("svc", "svc.log");
//   redact::spdlog::install(*log, redact::policy{});   // before the first record
//   log->set_pattern("[%H:%M:%S] [%n] %v");              // still redacted
//
// Or built by hand, in spdlog's own idiom (like dist_sink):
//
//   spdlog::sink_ptr file = std::make_shared<spdlog::sinks::basic_file_sink_mt>("svc.log");
//   auto sink = std::make_shared<redact::spdlog::redacting_sink_mt>(redact::policy{},
//                                                                   std::vector{file});
//   auto log = std::make_shared<spdlog::logger>("svc", sink);
//   log->set_error_handler(redact::spdlog::make_error_handler(redact::policy{}, "svc"));
//
// What is redacted: the payload (%v) and the logger name (%n) of every record
// are redacted into buffers the sink owns and a modified log_msg is forwarded
// to the child sinks, so sinks that never format (syslog, systemd, callback
// sinks) receive clean text. In addition each child formats through a
// `redacting_formatter`, which redacts the whole formatted line: secrets that
// arrive through custom flags or the pattern itself are caught too, and the
// colour range of colour console sinks is recomputed for the new line length.
//
// Placement rules (docs/adapters.md has the long form):
//  * Below the redactor (children): every sink that writes anywhere, and
//    dup_filter_sink / ringbuffer_sink (so their stored copies are redacted).
//  * Above the redactor there is only the logger. Its backtrace buffer
//    (enable_backtrace) keeps raw copies in memory; they are redacted when
//    dumped, but stay in the process until then.
//  * Configure patterns and formatters through the logger or this sink, never
//    on a child directly: a child's own set_pattern() drops the line wrapper.
//  * The logger's default error handler prints the logger name raw to
//    stderr; install() replaces it by `make_error_handler`.
//
// Failure: the sink never throws into the logger. If a record cannot be
// redacted (policy not ok(), an exception), it is replaced by `***` and the
// failure (text redacted, no secret bytes) goes to the sink's error handler,
// which install() connects to the logger's error handler.
//
// Allocation: construction allocates every buffer; in steady state a record
// adds no heap allocation beyond what the same logger does without the sink
// (buffers only grow when a longer record than ever before arrives).
// Thread safety: `redacting_sink_mt` is safe to share between threads and
// works under spdlog::async_logger (redaction then runs on the worker thread).
#pragma once

#include <spdlog/common.h>
#include <spdlog/details/log_msg.h>
#include <spdlog/details/null_mutex.h>
#include <spdlog/details/os.h>
#include <spdlog/formatter.h>
#include <spdlog/logger.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/base_sink.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "redact/redact.hpp"

namespace redact::spdlog {

namespace detail {

/// Appends redacted pieces to an spdlog memory buffer (fmt buffer or string).
class buffer_output final : public redact::output {
 public:
  explicit buffer_output(::spdlog::memory_buf_t& dest) noexcept : dest_(dest) {}
  void write(std::string_view piece) override {
    dest_.append(piece.data(), piece.data() + piece.size());
  }

 private:
  ::spdlog::memory_buf_t& dest_;
};

inline std::string_view to_std(::spdlog::string_view_t s) noexcept { return {s.data(), s.size()}; }

/// Where failures go: a user handler (already wired to the logger by
/// install()) or, by default, a line on stderr in the shape of spdlog's own
/// default error handler, rate-limited to one per second like spdlog's. Every
/// text is redacted before it leaves.
class error_channel {
 public:
  error_channel(redact::policy pol, std::string logger_name)
      : policy_(std::move(pol)), name_(safe_redact(logger_name, policy_)) {}

  void set_handler(::spdlog::err_handler handler) {
    std::lock_guard<std::mutex> lock(mutex_);
    handler_ = std::move(handler);
  }

  /// Reports `what` (redacted first). Never throws.
  void report(std::string_view what) noexcept {
    try {
      const std::string text = safe_redact(what, policy_);
      ::spdlog::err_handler handler;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        handler = handler_;
      }
      if (handler) {
        handler(text);
      } else {
        print(text);
      }
    } catch (...) {
      print("redact: a failure could not be reported");
    }
  }

 private:
  // Redaction that never lets the input through: any failure masks it all.
  static std::string safe_redact(std::string_view text, const redact::policy& pol) {
    if (!pol.ok()) return "***";
    try {
      return redact::redact(text, pol);
    } catch (...) {
      return "***";
    }
  }

  void print(const std::string& text) noexcept {
    using clock = std::chrono::system_clock;
    std::lock_guard<std::mutex> lock(mutex_);
    ++counter_;
    const auto now = clock::now();
    if (now - last_report_ < std::chrono::seconds(1)) return;
    last_report_ = now;
    const std::tm tm = ::spdlog::details::os::localtime(clock::to_time_t(now));
    char date[64];
    std::strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S", &tm);
    std::fprintf(stderr, "[*** LOG ERROR #%04zu ***] [%s] [%s] {%s}\n", counter_, date,
                 name_.c_str(), text.c_str());
  }

  redact::policy policy_;
  std::string name_;  // already redacted
  std::mutex mutex_;
  ::spdlog::err_handler handler_;
  std::size_t counter_ = 0;
  std::chrono::system_clock::time_point last_report_{};
};

}  // namespace detail

/// An spdlog error handler that never prints a secret: `logger_name` and each
/// error text are redacted with `pol` before they are printed to stderr (in
/// the shape of spdlog's default handler, at most once per second) or passed
/// to `forward` when given. Use it for loggers whose sinks are redacted:
/// spdlog's default handler prints the logger name raw.
/// Allocates when called; never throws.
inline ::spdlog::err_handler make_error_handler(redact::policy pol,
                                                std::string_view logger_name = {},
                                                ::spdlog::err_handler forward = nullptr) {
  auto channel = std::make_shared<detail::error_channel>(std::move(pol), std::string(logger_name));
  if (forward) channel->set_handler(std::move(forward));
  return [channel](const std::string& msg) { channel->report(msg); };
}

/// Wraps a formatter and redacts each whole formatted line it produces.
///
/// Keeps `log_msg::color_range_start/end` consistent with the redacted line,
/// so colour console sinks stay in bounds when a mask changes the length.
/// Used by redacting_sink for every child; usable alone with any sink:
///   sink->set_formatter(std::make_unique<redact::spdlog::redacting_formatter>(
///       pol, std::make_unique<spdlog::pattern_formatter>("%v")));
/// format() adds no allocation in steady state and never throws.
class redacting_formatter final : public ::spdlog::formatter {
 public:
  /// Allocates the redactor's buffers. `inner` may be null (spdlog's default
  /// pattern is used then).
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
      // Format in place; the usual clean line (policy::might_redact says no
      // rule can start in it) stays as it is, colour range included.
      inner_->format(msg, dest);
      const std::string_view formatted(dest.data() + base, dest.size() - base);
      if (!policy_.might_redact(formatted)) return;
      line_.clear();
      line_.append(formatted.data(), formatted.data() + formatted.size());
      dest.resize(base);
      msg.color_range_start = msg.color_range_start >= base ? msg.color_range_start - base : 0;
      msg.color_range_end = msg.color_range_end >= base ? msg.color_range_end - base : 0;
      redactor_.reset();
      detail::buffer_output out(dest);
      redactor_.write(std::string_view(line_.data(), line_.size()), out);
      redactor_.finish(out);
      remap_colour_range(msg, base, dest);
    } catch (const std::exception& e) {
      fail(msg, base, dest, e.what());
    } catch (...) {
      fail(msg, base, dest, "unknown exception");
    }
  }

  std::unique_ptr<::spdlog::formatter> clone() const override {
    return std::make_unique<redacting_formatter>(policy_, inner_->clone(), errors_);
  }

  /// The wrapped formatter.
  const ::spdlog::formatter& inner() const noexcept { return *inner_; }

 private:
  static constexpr std::size_t line_reserve = 512;

  void fail(const ::spdlog::details::log_msg& msg, std::size_t base, ::spdlog::memory_buf_t& dest,
            const char* what) noexcept {
    redactor_.reset();
    msg.color_range_start = 0;
    msg.color_range_end = 0;
    try {
      dest.resize(base);
      static constexpr std::string_view mask = "***";
      dest.append(mask.data(), mask.data() + mask.size());
      const std::string_view eol = ::spdlog::details::os::default_eol;
      dest.append(eol.data(), eol.data() + eol.size());
    } catch (...) {
      // dest is in an unknown state only if the allocator failed; nothing was
      // taken from the raw line, so nothing raw can be in it beyond `base`.
    }
    std::string text = "redact: line masked, formatting or redaction failed: ";
    errors_->report(text.append(what));
  }

  // The inner formatter set the colour range in coordinates of the raw line
  // (line_). Map it onto the redacted line (dest[base..]). Outside the span
  // where the two lines differ, positions shift by the length change; inside
  // it the range is widened to cover the whole changed span. The result is
  // always within the redacted line and start <= end, so ansicolor_sink can
  // never read out of bounds.
  void remap_colour_range(const ::spdlog::details::log_msg& msg, std::size_t base,
                          const ::spdlog::memory_buf_t& dest) const noexcept {
    const std::size_t n = line_.size();
    const std::size_t m = dest.size() - base;
    std::size_t start = std::min(msg.color_range_start, n);
    std::size_t end = std::min(msg.color_range_end, n);
    const char* in = line_.data();
    const char* out = dest.data() + base;
    if (n != m || std::memcmp(in, out, n) != 0) {
      const std::size_t limit = std::min(n, m);
      std::size_t prefix = 0;
      while (prefix < limit && in[prefix] == out[prefix]) ++prefix;
      std::size_t suffix = 0;
      while (suffix < limit - prefix && in[n - 1 - suffix] == out[m - 1 - suffix]) ++suffix;
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
  ::spdlog::memory_buf_t line_;
};

/// A sink that redacts every record and forwards it to child sinks.
///
/// Behaves like spdlog's dist_sink: per-child levels are honoured, flush()
/// flushes every child, set_pattern()/set_formatter() reach every child — each
/// child receives a clone wrapped in a redacting_formatter, so a later
/// set_pattern on the logger never drops whole-line redaction.
/// `Mutex` is std::mutex (`redacting_sink_mt`) or spdlog's null_mutex
/// (`redacting_sink_st`).
template <typename Mutex>
class redacting_sink final : public ::spdlog::sinks::base_sink<Mutex> {
  using base = ::spdlog::sinks::base_sink<Mutex>;

 public:
  /// Allocates the redactors and buffers. Sets every child's formatter to
  /// `formatter` (spdlog's default pattern when null) wrapped for redaction;
  /// configure the pattern afterwards through the logger or this sink.
  explicit redacting_sink(redact::policy pol,
                          std::vector<std::shared_ptr<::spdlog::sinks::sink>> sinks = {},
                          std::unique_ptr<::spdlog::formatter> formatter = nullptr)
      : base(formatter ? std::move(formatter) : std::make_unique<::spdlog::pattern_formatter>()),
        policy_(std::move(pol)),
        redactor_(policy_),
        errors_(std::make_shared<detail::error_channel>(policy_, "")),
        sinks_(std::move(sinks)) {
    payload_.reserve(buffer_reserve);
    name_.reserve(name_reserve);
    raw_name_.reserve(name_reserve);
    for (auto& child : sinks_) child->set_formatter(wrap(*base::formatter_));
  }

  redacting_sink(const redacting_sink&) = delete;
  redacting_sink& operator=(const redacting_sink&) = delete;

  /// Adds a child; it gets the current formatter, wrapped. May allocate.
  void add_sink(std::shared_ptr<::spdlog::sinks::sink> child) {
    std::lock_guard<Mutex> lock(base::mutex_);
    child->set_formatter(wrap(*base::formatter_));
    sinks_.push_back(std::move(child));
  }

  /// Removes a child (its formatter stays wrapped).
  void remove_sink(const std::shared_ptr<::spdlog::sinks::sink>& child) {
    std::lock_guard<Mutex> lock(base::mutex_);
    sinks_.erase(std::remove(sinks_.begin(), sinks_.end(), child), sinks_.end());
  }

  /// Replaces the children; each gets the current formatter, wrapped.
  void set_sinks(std::vector<std::shared_ptr<::spdlog::sinks::sink>> sinks) {
    std::lock_guard<Mutex> lock(base::mutex_);
    for (auto& child : sinks) child->set_formatter(wrap(*base::formatter_));
    sinks_ = std::move(sinks);
  }

  /// The children. Not synchronised: do not modify while logging.
  std::vector<std::shared_ptr<::spdlog::sinks::sink>>& sinks() { return sinks_; }

  /// Where failures are reported (text already redacted). By default a
  /// line on stderr; install() connects it to the logger's error handler.
  void set_error_handler(::spdlog::err_handler handler) {
    errors_->set_handler(std::move(handler));
  }

  const redact::policy& get_policy() const noexcept { return policy_; }

 protected:
  void sink_it_(const ::spdlog::details::log_msg& msg) override {
    ::spdlog::details::log_msg clean = msg;
    const bool failed = !redact_fields(msg, clean);
    for (auto& child : sinks_) {
      if (!child->should_log(msg.level)) continue;
      try {
        child->log(clean);
      } catch (const std::exception& e) {
        std::string text = "redact: child sink failed: ";
        errors_->report(text.append(e.what()));
      } catch (...) {
        errors_->report("redact: child sink failed");
      }
    }
    if (failed) report_failure();
  }

  void flush_() override {
    for (auto& child : sinks_) {
      try {
        child->flush();
      } catch (const std::exception& e) {
        std::string text = "redact: child sink flush failed: ";
        errors_->report(text.append(e.what()));
      } catch (...) {
        errors_->report("redact: child sink flush failed");
      }
    }
  }

  void set_formatter_(std::unique_ptr<::spdlog::formatter> formatter) override {
    // A redacting_formatter handed to us is unwrapped so lines are not
    // redacted twice.
    if (auto* wrapped = dynamic_cast<redacting_formatter*>(formatter.get())) {
      formatter = wrapped->inner().clone();
    }
    base::formatter_ = std::move(formatter);
    for (auto& child : sinks_) child->set_formatter(wrap(*base::formatter_));
  }

 private:
  static constexpr std::size_t buffer_reserve = 1024;
  static constexpr std::size_t name_reserve = 64;

  std::unique_ptr<::spdlog::formatter> wrap(const ::spdlog::formatter& f) const {
    return std::make_unique<redacting_formatter>(policy_, f.clone(), errors_);
  }

  // Redacts payload and logger name into payload_/name_ and points `clean`
  // at them. Returns false (and masks both) when redaction could not run.
  bool redact_fields(const ::spdlog::details::log_msg& msg,
                     ::spdlog::details::log_msg& clean) noexcept {
    try {
      // `clean` starts as a copy of msg: a payload in which no rule can start
      // is forwarded as it is (no copy, no redactor).
      if (policy_.might_redact(detail::to_std(msg.payload))) {
        redact_into(detail::to_std(msg.payload), payload_);
        clean.payload = ::spdlog::string_view_t(payload_.data(), payload_.size());
      }
      // A logger's name rarely changes: redact it once per distinct name.
      const std::string_view raw_name = detail::to_std(msg.logger_name);
      if (!name_valid_ || raw_name != raw_name_) {
        name_valid_ = false;
        redact_into(raw_name, name_);
        raw_name_.assign(raw_name);
        name_valid_ = true;
      }
      clean.logger_name = ::spdlog::string_view_t(name_.data(), name_.size());
      if (!policy_.ok()) return false;
      return true;
    } catch (...) {
      redactor_.reset();
      name_valid_ = false;
      static constexpr char mask[] = "***";
      clean.payload = ::spdlog::string_view_t(mask, 3);
      clean.logger_name = ::spdlog::string_view_t(mask, 3);
      return false;
    }
  }

  void redact_into(std::string_view text, std::string& target) {
    target.clear();
    redactor_.reset();
    redact::string_output out(target);
    redactor_.write(text, out);
    redactor_.finish(out);
  }

  void report_failure() noexcept {
    if (!policy_.ok()) {
      errors_->report("redact: policy is not valid; record masked");
    } else {
      errors_->report("redact: redaction failed; record masked");
    }
  }

  redact::policy policy_;
  redact::redactor redactor_;
  std::shared_ptr<detail::error_channel> errors_;
  std::vector<std::shared_ptr<::spdlog::sinks::sink>> sinks_;
  std::string payload_;
  std::string name_;      // the redacted logger name
  std::string raw_name_;  // the name name_ was made from
  bool name_valid_ = false;
};

using redacting_sink_mt = redacting_sink<std::mutex>;
using redacting_sink_st = redacting_sink<::spdlog::details::null_mutex>;

/// Wraps every sink of `logger` in one redacting_sink_mt and replaces the
/// logger's error handler by make_error_handler(pol, logger.name(), forward).
///
/// Call it before the logger's first record (for an async_logger, before any
/// thread logs): the sink list is not synchronised. Every sink's formatter is
/// reset to `formatter` (spdlog's default pattern when null), wrapped; set
/// patterns afterwards with logger.set_pattern(). Calling it again on the
/// same logger returns the existing sink. Allocates; throws only
/// std::bad_alloc.
inline std::shared_ptr<redacting_sink_mt> install(
    ::spdlog::logger& logger, redact::policy pol, ::spdlog::err_handler forward = nullptr,
    std::unique_ptr<::spdlog::formatter> formatter = nullptr) {
  auto& sinks = logger.sinks();
  if (sinks.size() == 1) {
    if (auto existing = std::dynamic_pointer_cast<redacting_sink_mt>(sinks.front())) {
      return existing;
    }
  }
  auto sink = std::make_shared<redacting_sink_mt>(pol, sinks, std::move(formatter));
  auto handler = make_error_handler(std::move(pol), logger.name(), std::move(forward));
  sink->set_error_handler(handler);
  logger.set_error_handler(std::move(handler));
  sinks.assign(1, sink);
  return sink;
}

}  // namespace redact::spdlog
