// redact/spdlog/detail/error_channel.hpp — where the spdlog adapter's
// failures go (internal; use make_error_handler() from install.hpp).
//
// Every text is redacted before it leaves; the default destination is a line
// on stderr in the shape of spdlog's default error handler, at most one per
// second, like spdlog's.
#pragma once

#include <spdlog/common.h>
#include <spdlog/details/os.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "redact/redact.hpp"

namespace redact::spdlog::detail {

inline std::string_view to_std(::spdlog::string_view_t s) noexcept { return {s.data(), s.size()}; }

/// Failure reports of one logger (shared by its sink and formatters).
/// Thread-safe.
class error_channel {
 public:
  /// Allocates; throws std::bad_alloc only.
  error_channel(redact::policy pol, std::string_view logger_name) : redactor_(std::move(pol)) {
    redact::redact_or_mask(redactor_, logger_name, name_);
  }

  /// Sends reports to `handler` instead of stderr (null: back to stderr).
  void set_handler(::spdlog::err_handler handler) {
    std::lock_guard<std::mutex> lock(mutex_);
    handler_ = std::move(handler);
  }

  /// Reports `what` (the adapter's own text, passed as it is) followed by
  /// `detail` (a text from elsewhere, such as an exception's message, which
  /// is redacted first). Never throws; the handler is called outside the
  /// channel's lock.
  void report(std::string_view what, std::string_view detail = {}) noexcept {
    try {
      std::string text(what);
      ::spdlog::err_handler handler;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        redact::redact_or_mask(redactor_, detail, text_);
        text += text_;
        handler = handler_;
      }
      if (handler) {
        handler(text);
      } else {
        print(text.c_str());
      }
    } catch (...) {
      print("redact: a failure could not be reported");
    }
  }

 private:
  void print(const char* text) noexcept {
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
                 name_.c_str(), text);
  }

  std::mutex mutex_;
  redact::redactor redactor_;
  std::string name_;  // already redacted
  std::string text_;  // the last detail, redacted
  ::spdlog::err_handler handler_;
  std::size_t counter_ = 0;
  std::chrono::system_clock::time_point last_report_{};
};

}  // namespace redact::spdlog::detail
