// redact/spdlog/redacting_sink.hpp — an spdlog sink that strips credentials
// before any other sink sees a record. Including it also brings install()
// and make_error_handler() (install.hpp) and redacting_formatter.
//
// On an existing logger, one call wraps every sink it has (install.hpp):
//
//   #include <redact/spdlog/redacting_sink.hpp>
//   auto log = spdlog::basic_logger_mt("svc", "svc.log");
//   redact::spdlog::install(*log, redact::policy{});  // before the first record
//
// Or by hand, in spdlog's own idiom — it is a dist_sink:
//
//   spdlog::sink_ptr file = std::make_shared<spdlog::sinks::basic_file_sink_mt>("svc.log");
//   auto sink = std::make_shared<redact::spdlog::redacting_sink_mt>(redact::policy{},
//                                                                   std::vector{file});
//   auto log = std::make_shared<spdlog::logger>("svc", sink);
//   log->set_error_handler(redact::spdlog::make_error_handler(redact::policy{}, "svc"));
//
// What is redacted: the payload (%v) and the logger name (%n) of every record
// are redacted into buffers the sink owns, and a copy of the log_msg pointing
// at them goes to the children, so sinks that never format (syslog, systemd,
// callback sinks) receive clean text. Each child also formats through a
// redacting_formatter, which redacts the whole formatted line.
//
// Children and their formatters, like dist_sink: add_sink(), remove_sink(),
// set_sinks() and sinks() are dist_sink's own. A child keeps its own pattern,
// wrapped in a redacting_formatter the first time the sink sees the child
// (at construction, or at the next record after it was added). spdlog lets
// the sink read the formatter of its base_sink and stdout sinks; colour
// console sinks keep theirs private, so they get the sink's formatter
// instead, and if that is spdlog's default, one note goes to the error
// channel at the next record, unless a pattern or formatter is set through
// the sink (or its logger) first. set_pattern()/set_formatter() on the sink
// or its logger reach every child, wrapped. A pattern set on a child directly
// replaces its wrapper: configure through the logger or this sink.
//
// Failure: the sink never throws into the logger. A record that cannot be
// redacted (policy not ok(), an exception) is replaced by `***`; exceptions
// of a child are caught so the other children still get the record; each
// failure (redacted, no secret bytes) goes to the sink's error handler.
// Allocation: construction allocates every buffer; in steady state a record
// adds no heap allocation (buffers grow only for a record longer than any
// before, and the child list is re-read only after it changed).
// Thread safety: `redacting_sink_mt` may be shared by threads and works under
// spdlog::async_logger (redaction runs on the worker thread);
// `redacting_sink_st` is for one thread.
#pragma once

#include <spdlog/common.h>
#include <spdlog/details/log_msg.h>
#include <spdlog/details/null_mutex.h>
#include <spdlog/formatter.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/dist_sink.h>
#include <spdlog/sinks/sink.h>

#include <cstddef>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "redact/redact.hpp"
#include "redact/spdlog/detail/error_channel.hpp"
#include "redact/spdlog/detail/formatter_access.hpp"
#include "redact/spdlog/redacting_formatter.hpp"

namespace redact::spdlog {

/// A dist_sink that redacts every record before its children see it.
/// `Mutex` is std::mutex (`redacting_sink_mt`) or spdlog's null_mutex
/// (`redacting_sink_st`).
template <typename Mutex>
class redacting_sink final : public ::spdlog::sinks::dist_sink<Mutex> {
  using base = ::spdlog::sinks::dist_sink<Mutex>;

 public:
  /// With `formatter`, every child formats with it (wrapped); without, each
  /// child keeps its own. Allocates the redactor and buffers; throws
  /// std::bad_alloc only.
  explicit redacting_sink(redact::policy pol,
                          std::vector<std::shared_ptr<::spdlog::sinks::sink>> sinks = {},
                          std::unique_ptr<::spdlog::formatter> formatter = nullptr)
      : base(std::move(sinks)),
        policy_(std::move(pol)),
        redactor_(policy_),
        errors_(std::make_shared<detail::error_channel>(policy_, "")) {
    payload_.reserve(payload_reserve);
    name_.reserve(name_reserve);
    raw_name_.reserve(name_reserve);
    if (formatter) {
      set_formatter_(std::move(formatter));
    } else {
      adopt_children();
    }
  }

  /// Where failures and notes are reported (texts redacted). By default a
  /// line on stderr; install() connects it to the logger's error handler.
  /// May allocate; does not block logging (the channel has its own lock).
  void set_error_handler(::spdlog::err_handler handler) {
    errors_->set_handler(std::move(handler));
  }

  const redact::policy& get_policy() const noexcept { return policy_; }

 protected:
  void sink_it_(const ::spdlog::details::log_msg& msg) override {
    try {
      adopt_children();
    } catch (...) {  // std::bad_alloc: payload and name are still redacted; retried next time
      errors_->report("redact: a new child sink could not be given a redacting formatter");
    }
    if (note_pending_) {
      note_pending_ = false;
      errors_->report(
          "redact: note: a sink that keeps its formatter private (a colour console sink) now "
          "formats with spdlog's default pattern; set the pattern through the logger after "
          "install(), or pass a formatter to install()");
    }
    ::spdlog::details::log_msg clean = msg;
    const bool redacted = redact_fields(msg, clean);
    for (auto& child : base::sinks_) {
      if (!child->should_log(msg.level)) continue;
      try {
        child->log(clean);
      } catch (const std::exception& e) {
        errors_->report("redact: child sink failed: ", e.what());
      } catch (...) {
        errors_->report("redact: child sink failed");
      }
    }
    if (!redacted) {
      errors_->report(policy_.ok() ? "redact: redaction failed; record masked"
                                   : "redact: policy is not valid; record masked");
    }
  }

  void flush_() override {
    for (auto& child : base::sinks_) {
      try {
        child->flush();
      } catch (const std::exception& e) {
        errors_->report("redact: child sink flush failed: ", e.what());
      } catch (...) {
        errors_->report("redact: child sink flush failed");
      }
    }
  }

  void set_formatter_(std::unique_ptr<::spdlog::formatter> formatter) override {
    // A redacting_formatter handed to us is unwrapped: lines are not
    // redacted twice.
    if (auto* wrapped = dynamic_cast<redacting_formatter*>(formatter.get())) {
      formatter = wrapped->inner().clone();
    }
    base::formatter_ = std::move(formatter);
    formatter_chosen_ = true;
    note_pending_ = false;
    for (auto& child : base::sinks_) child->set_formatter(wrap(*base::formatter_));
    remember_children();
  }

 private:
  static constexpr std::size_t payload_reserve = 1024;
  static constexpr std::size_t name_reserve = 64;

  std::unique_ptr<::spdlog::formatter> wrap(const ::spdlog::formatter& f) const {
    return std::make_unique<redacting_formatter>(policy_, f.clone(), errors_);
  }

  // Wraps the formatter of every child not seen before. dist_sink's
  // add_sink()/set_sinks() are not virtual, so a new child is found here, at
  // the next record (under the sink's lock, like those calls).
  void adopt_children() {
    const auto& children = base::sinks_;
    bool same = seen_.size() == children.size();
    for (std::size_t i = 0; same && i < children.size(); ++i) same = is(seen_[i], children[i]);
    if (same) return;
    for (const auto& child : children) {
      bool seen = false;
      for (const auto& s : seen_) seen = seen || is(s, child);
      if (seen) continue;
      if (auto own = detail::current_formatter(*child)) {
        child->set_formatter(wrap(*own));
      } else {
        child->set_formatter(wrap(*base::formatter_));
        if (!formatter_chosen_) note_pending_ = true;
      }
    }
    remember_children();
  }

  void remember_children() { seen_.assign(base::sinks_.begin(), base::sinks_.end()); }

  static bool is(const std::weak_ptr<::spdlog::sinks::sink>& seen,
                 const std::shared_ptr<::spdlog::sinks::sink>& child) noexcept {
    return !seen.owner_before(child) && !child.owner_before(seen);
  }

  // Redacts payload and logger name into payload_/name_ and points `clean`
  // at them. False when either was masked instead of redacted.
  bool redact_fields(const ::spdlog::details::log_msg& msg,
                     ::spdlog::details::log_msg& clean) noexcept {
    bool ok = true;
    // A payload in which no rule can start is forwarded as it is.
    const std::string_view payload = detail::to_std(msg.payload);
    if (policy_.might_redact(payload)) {
      ok = redact::redact_or_mask(redactor_, payload, payload_);
      clean.payload = ::spdlog::string_view_t(payload_.data(), payload_.size());
    }
    // A logger's name rarely changes: redact it once per distinct name.
    const std::string_view raw_name = detail::to_std(msg.logger_name);
    if (!name_valid_ || raw_name != raw_name_) {
      name_valid_ = false;
      const bool name_ok = redact::redact_or_mask(redactor_, raw_name, name_);
      ok = name_ok && ok;
      try {
        raw_name_.assign(raw_name);
        name_valid_ = name_ok;
      } catch (...) {  // std::bad_alloc: redact the name again next time
      }
    }
    clean.logger_name = ::spdlog::string_view_t(name_.data(), name_.size());
    return ok;
  }

  redact::policy policy_;
  redact::redactor redactor_;
  std::shared_ptr<detail::error_channel> errors_;
  std::vector<std::weak_ptr<::spdlog::sinks::sink>> seen_;  // children already wrapped
  std::string payload_;
  std::string name_;      // the redacted logger name
  std::string raw_name_;  // the name name_ was made from
  bool name_valid_ = false;
  bool formatter_chosen_ = false;  // a formatter was given, not spdlog's default
  bool note_pending_ = false;
};

using redacting_sink_mt = redacting_sink<std::mutex>;
using redacting_sink_st = redacting_sink<::spdlog::details::null_mutex>;

}  // namespace redact::spdlog

// The umbrella: install() and make_error_handler() come with the sink.
#include "redact/spdlog/install.hpp"  // IWYU pragma: export
