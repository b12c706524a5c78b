// redact/spdlog/install.hpp — redaction for an existing spdlog logger in one
// call, and an error handler that never prints a secret.
//
//   #include <redact/spdlog/install.hpp>
//   auto log = spdlog::stdout_color_mt("svc");
//   redact::spdlog::install(*log, redact::policy{});  // before the logger is shared
//   log->set_pattern("[%H:%M:%S] [%n] %^%l%$: %v");     // patterns: after install()
//
// install() puts one redacting_sink_mt in front of every sink of the logger
// and gives the logger make_error_handler()'s handler. The sinks keep their
// patterns where spdlog lets them be read (file, rotating, daily, syslog,
// ostream, plain stdout sinks, and every other base_sink); colour console
// sinks keep their formatter private, so they format with spdlog's default
// pattern (or the `formatter` you pass) — set patterns through the logger
// after install(), which works for every sink. redacting_sink.hpp explains
// the rest.
#pragma once

#include <spdlog/common.h>
#include <spdlog/formatter.h>
#include <spdlog/logger.h>

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "redact/redact.hpp"
#include "redact/spdlog/detail/error_channel.hpp"
#include "redact/spdlog/redacting_sink.hpp"

namespace redact::spdlog {

/// An spdlog error handler that never prints a secret: `logger_name` and each
/// error text spdlog passes (which may quote a record) are redacted with
/// `pol` before they are printed to stderr (in
/// the shape of spdlog's default handler, at most once per second) or passed
/// to `forward` when given. spdlog's own default handler prints the logger
/// name raw. Allocates; the handler never throws (unless `forward` does).
inline ::spdlog::err_handler make_error_handler(redact::policy pol,
                                                std::string_view logger_name = {},
                                                ::spdlog::err_handler forward = nullptr) {
  auto channel = std::make_shared<detail::error_channel>(std::move(pol), logger_name);
  if (forward) channel->set_handler(std::move(forward));
  return [channel](const std::string& msg) { channel->report({}, msg); };
}

/// Puts one redacting_sink_mt in front of every sink of `logger` and sends
/// the logger's errors and the sink's to one channel, as
/// make_error_handler(pol, logger.name(), forward) does: stderr in spdlog's
/// format, or `forward`.
///
/// With `formatter`, every sink formats with it; without, each keeps its own
/// pattern where spdlog lets it be read (see above). Call it before the
/// logger is shared with other threads and, for an async_logger, before the
/// first record: spdlog does not synchronise a logger's sink list. Calling it
/// again keeps the logger's redacting sink (and its policy) and moves the
/// sinks added to the logger since then under it. Allocates; throws
/// std::bad_alloc only.
inline std::shared_ptr<redacting_sink_mt> install(
    ::spdlog::logger& logger, redact::policy pol, ::spdlog::err_handler forward = nullptr,
    std::unique_ptr<::spdlog::formatter> formatter = nullptr) {
  auto& sinks = logger.sinks();
  std::shared_ptr<redacting_sink_mt> sink;
  for (const auto& s : sinks) {
    if ((sink = std::dynamic_pointer_cast<redacting_sink_mt>(s))) break;
  }
  if (sink) {
    for (const auto& s : sinks) {
      if (s != sink) sink->add_sink(s);
    }
    if (formatter) sink->set_formatter(std::move(formatter));
  } else {
    sink = std::make_shared<redacting_sink_mt>(pol, sinks, std::move(formatter));
  }
  // One channel for the logger's errors and the sink's: spdlog's texts may
  // quote a record and are redacted; the sink's are redacted already.
  auto channel = std::make_shared<detail::error_channel>(std::move(pol), logger.name());
  if (forward) channel->set_handler(std::move(forward));
  sink->set_error_handler([channel](const std::string& text) { channel->report(text); });
  logger.set_error_handler([channel](const std::string& msg) { channel->report({}, msg); });
  sinks.assign(1, sink);
  return sink;
}

}  // namespace redact::spdlog
