// redact/spdlog/detail/formatter_access.hpp — reads the formatter a sink
// has (internal; redacting_sink uses it to keep a child's pattern).
#pragma once

#include <spdlog/details/console_globals.h>
#include <spdlog/details/null_mutex.h>
#include <spdlog/formatter.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/sink.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <memory>
#include <mutex>

#include "redact/spdlog/redacting_formatter.hpp"

namespace redact::spdlog::detail {

// spdlog has no getter for a sink's formatter: base_sink and stdout_sink_base
// keep it in a protected member. A class derived from them may form a
// pointer to that member, and the pointer applies to any object of the base
// (standard C++, no cast, no private access).
template <typename Mutex>
struct base_sink_access : ::spdlog::sinks::base_sink<Mutex> {
  static std::unique_ptr<::spdlog::formatter> clone_formatter(
      ::spdlog::sinks::base_sink<Mutex>& sink) {
    Mutex& mutex = sink.*(&base_sink_access::mutex_);
    std::lock_guard<Mutex> lock(mutex);
    const auto& formatter = sink.*(&base_sink_access::formatter_);
    return formatter ? formatter->clone() : nullptr;
  }
};

template <typename ConsoleMutex>
struct stdout_sink_access : ::spdlog::sinks::stdout_sink_base<ConsoleMutex> {
  static std::unique_ptr<::spdlog::formatter> clone_formatter(
      ::spdlog::sinks::stdout_sink_base<ConsoleMutex>& sink) {
    std::lock_guard<typename ConsoleMutex::mutex_t> lock(ConsoleMutex::mutex());
    const auto& formatter = sink.*(&stdout_sink_access::formatter_);
    return formatter ? formatter->clone() : nullptr;
  }
};

template <typename Access, typename Sink>
bool try_clone(::spdlog::sinks::sink& sink, std::unique_ptr<::spdlog::formatter>& out) {
  auto* s = dynamic_cast<Sink*>(&sink);
  if (s == nullptr) return false;
  out = Access::clone_formatter(*s);
  return true;
}

/// A copy of `sink`'s current formatter, unwrapped if it is a
/// redacting_formatter; null when spdlog keeps it private (colour console
/// sinks, sinks implementing spdlog::sinks::sink directly).
inline std::unique_ptr<::spdlog::formatter> current_formatter(::spdlog::sinks::sink& sink) {
  using ::spdlog::details::console_mutex;
  using ::spdlog::details::console_nullmutex;
  using ::spdlog::details::null_mutex;
  using ::spdlog::sinks::base_sink;
  using ::spdlog::sinks::stdout_sink_base;
  std::unique_ptr<::spdlog::formatter> f;
  (void)(try_clone<base_sink_access<std::mutex>, base_sink<std::mutex>>(sink, f) ||
         try_clone<base_sink_access<null_mutex>, base_sink<null_mutex>>(sink, f) ||
         try_clone<stdout_sink_access<console_mutex>, stdout_sink_base<console_mutex>>(sink, f) ||
         try_clone<stdout_sink_access<console_nullmutex>, stdout_sink_base<console_nullmutex>>(sink,
                                                                                               f));
  if (auto* wrapped = dynamic_cast<redacting_formatter*>(f.get())) return wrapped->inner().clone();
  return f;
}

}  // namespace redact::spdlog::detail
