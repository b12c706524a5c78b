// redact/boost_log/redacting_backend.hpp — Boost.Log sink backend and
// formatter that strip credentials from every formatted record.
//
// Wrap the backend that writes (text_ostream_backend, text_file_backend,
// syslog_backend, ...) and hand the wrapper to any frontend:
//
//   #include <redact/boost_log/redacting_backend.hpp>
//   namespace sinks = boost::log::sinks;
//   auto file = boost::make_shared<sinks::text_file_backend>();
//   file->set_file_name_pattern("svc.log");   // 1.74 ignores a lone keyword argument
//   using backend = redact::boost_log::redacting_backend<sinks::text_file_backend>;
//   auto sink = boost::make_shared<sinks::synchronous_sink<backend>>(
//       boost::make_shared<backend>(redact::policy{}, file));
//   boost::log::core::get()->add_sink(sink);
//
// The backend receives the record as formatted by the frontend (the whole
// line: message, attributes, everything the formatter printed), redacts it
// into a buffer it owns and passes that to the inner backend. It works under
// synchronous_sink and asynchronous_sink (redaction then runs on the sink's
// feeding thread).
//
// Prefer to keep your own backend type? Wrap the formatter instead:
//
//   sink->set_formatter(redact::boost_log::redacting_formatter(
//       redact::policy{}, boost::log::expressions::stream << boost::log::expressions::smessage));
//
// Placement: the redacting backend (or formatter) must be the last thing
// before bytes leave; anything that keeps records before it (a custom
// backend that buffers, an unbounded_fifo_queue of an asynchronous_sink)
// holds raw copies in memory until they are fed. Every sink needs its own
// wrapper: records go to every sink whose filter accepts them.
//
// Failure: consume() never throws because of redaction. If a record cannot be
// redacted (policy not ok(), an exception), `***` is passed on instead and the
// failure (without secret bytes) goes to the error handler: by default a line
// on stderr; `throw_to_frontend` rethrows it after the masked record was
// written, which routes it to the frontend's set_exception_handler (or the
// core's). Exceptions of the inner backend propagate unchanged, as without
// the wrapper.
//
// Allocation: construction allocates; consume() adds no heap allocation in
// steady state (the buffer only grows for a record longer than any before).
// Only `char` records are supported.
#pragma once

#include <boost/log/core/record_view.hpp>
#include <boost/log/exceptions.hpp>
#include <boost/log/expressions/formatter.hpp>
#include <boost/log/sinks/basic_sink_backend.hpp>
#include <boost/log/sinks/frontend_requirements.hpp>
#include <boost/log/utility/formatting_ostream.hpp>
#include <boost/shared_ptr.hpp>
#include <chrono>
#include <cstdio>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "redact/redact.hpp"

namespace redact::boost_log {

/// Receives a failure description (redacted, never a secret).
using error_handler = std::function<void(const std::string&)>;

/// The exception `throw_to_frontend` throws.
class redaction_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// An error handler that throws redaction_error, so the failure reaches the
/// frontend's exception handler (sink->set_exception_handler) or the core's.
/// Without either, Boost.Log rethrows it from the logging statement.
inline void throw_to_frontend(const std::string& what) { throw redaction_error(what); }

namespace detail {

/// Default report: one line on stderr, at most one per second per reporter.
class stderr_reporter {
 public:
  void operator()(const std::string& what) {
    using clock = std::chrono::steady_clock;
    std::lock_guard<std::mutex> lock(state_->mutex);
    ++state_->counter;
    const auto now = clock::now();
    if (state_->reported && now - state_->last < std::chrono::seconds(1)) return;
    state_->reported = true;
    state_->last = now;
    std::fprintf(stderr, "[redact] error #%zu: %s\n", state_->counter, what.c_str());
  }

 private:
  struct state {
    std::mutex mutex;
    std::size_t counter = 0;
    bool reported = false;
    std::chrono::steady_clock::time_point last{};
  };
  std::shared_ptr<state> state_ = std::make_shared<state>();
};

// The inner backend's flushing capability is kept; the threading model is
// synchronized_feeding at most (a redactor is per stream, not concurrent).
template <typename Inner>
using requirements_of = std::conditional_t<
    boost::log::sinks::has_requirement<typename Inner::frontend_requirements,
                                       boost::log::sinks::flushing>::value,
    boost::log::sinks::combine_requirements<boost::log::sinks::synchronized_feeding,
                                            boost::log::sinks::flushing>::type,
    boost::log::sinks::synchronized_feeding>;

}  // namespace detail

/// A formatted-records backend that redacts each record and forwards it to
/// `Inner` (any formatted backend of `char`: text_ostream_backend,
/// text_file_backend, syslog_backend, your own).
template <typename Inner>
class redacting_backend
    : public boost::log::sinks::basic_formatted_sink_backend<char, detail::requirements_of<Inner>> {
  using base =
      boost::log::sinks::basic_formatted_sink_backend<char, detail::requirements_of<Inner>>;
  static_assert(std::is_same_v<typename Inner::char_type, char>, "only char records are supported");

 public:
  using typename base::char_type;
  using typename base::string_type;

  /// Wraps `inner` (kept alive by the wrapper). Allocates the redactor.
  redacting_backend(redact::policy pol, boost::shared_ptr<Inner> inner)
      : policy_(std::move(pol)), redactor_(policy_), inner_(std::move(inner)) {
    buffer_.reserve(buffer_reserve);
  }

  /// Redacts `formatted` and passes it on. Redaction failures mask the record
  /// and go to the error handler; inner backend exceptions propagate.
  void consume(const boost::log::record_view& rec, const string_type& formatted) {
    // The usual clean record (policy::might_redact: no rule can start in it)
    // goes on as it is, without a copy.
    if (!policy_.might_redact(formatted)) return inner_->consume(rec, formatted);
    const bool redacted = redact::redact_or_mask(redactor_, formatted, buffer_);
    inner_->consume(rec, buffer_);
    if (!redacted) {
      report(policy_.ok() ? "redaction failed; record masked"
                          : "policy is not valid; record masked");
    }
  }

  /// Flushes the inner backend (only when it supports flushing).
  template <typename I = Inner,
            typename = std::enable_if_t<boost::log::sinks::has_requirement<
                typename I::frontend_requirements, boost::log::sinks::flushing>::value>>
  void flush() {
    inner_->flush();
  }

  /// The wrapped backend (to rotate files, add streams, ...). Call it through
  /// the frontend's locked_backend() so the frontend lock is held.
  Inner& inner() noexcept { return *inner_; }
  const boost::shared_ptr<Inner>& inner_ptr() const noexcept { return inner_; }

  /// Where failures are reported (texts are redacted; may throw on purpose,
  /// see throw_to_frontend). Default: a line on stderr.
  void set_error_handler(error_handler handler) { handler_ = std::move(handler); }

  const redact::policy& get_policy() const noexcept { return policy_; }

 private:
  static constexpr std::size_t buffer_reserve = 1024;

  // Only the adapter's own texts are reported: they hold no record bytes.
  void report(const char* what) { handler_(std::string(what)); }

  redact::policy policy_;
  redact::redactor redactor_;
  boost::shared_ptr<Inner> inner_;
  string_type buffer_;
  error_handler handler_ = detail::stderr_reporter{};
};

namespace detail {

// The function object behind redacting_formatter(). Boost.Log copies the
// formatter into a per-thread formatting context, so every copy owns its own
// redactor and buffers: no locking, and no allocation once warmed up.
class redacting_formatter_fn {
 public:
  redacting_formatter_fn(redact::policy pol, boost::log::formatter inner, error_handler handler)
      : state_(std::make_unique<state>(std::move(pol), std::move(inner), std::move(handler))) {}
  redacting_formatter_fn(const redacting_formatter_fn& other)
      : state_(std::make_unique<state>(other.state_->policy, other.state_->inner,
                                       other.state_->handler)) {}
  redacting_formatter_fn(redacting_formatter_fn&&) noexcept = default;
  redacting_formatter_fn& operator=(const redacting_formatter_fn& other) {
    if (this != &other) *this = redacting_formatter_fn(other);
    return *this;
  }
  redacting_formatter_fn& operator=(redacting_formatter_fn&&) noexcept = default;
  ~redacting_formatter_fn() = default;

  using result_type = void;

  void operator()(const boost::log::record_view& rec, boost::log::formatting_ostream& strm) const {
    state& s = *state_;
    struct cleanup {
      state& s;
      ~cleanup() {
        s.line.clear();
        s.stream.rdbuf()->max_size(s.line.max_size());
        s.stream.clear();
      }
    } guard{s};
    // An exception of the inner formatter propagates as it would without the
    // wrapper; nothing of the raw line has been written to `strm` yet.
    s.inner(rec, s.stream);
    s.stream.flush();  // formatting_ostream buffers: flush before reading line
    if (!s.policy.might_redact(s.line)) {
      strm.write(s.line.data(), static_cast<std::streamsize>(s.line.size()));
      return;
    }
    const bool redacted = redact::redact_or_mask(s.redactor, s.line, s.out);
    strm.write(s.out.data(), static_cast<std::streamsize>(s.out.size()));
    if (!redacted) {
      s.handler(s.policy.ok() ? "redaction failed; record masked"
                              : "policy is not valid; record masked");
    }
  }

 private:
  struct state {
    state(redact::policy p, boost::log::formatter f, error_handler h)
        : policy(std::move(p)), redactor(policy), inner(std::move(f)), handler(std::move(h)) {
      line.reserve(1024);
      out.reserve(1024);
      stream.attach(line);
    }
    state(const state&) = delete;
    state& operator=(const state&) = delete;

    redact::policy policy;
    redact::redactor redactor;
    boost::log::formatter inner;
    error_handler handler;
    std::string line;
    std::string out;
    boost::log::formatting_ostream stream;
  };
  std::unique_ptr<state> state_;
};

}  // namespace detail

/// Wraps a Boost.Log formatter so its output is redacted. Each copy (Boost.Log
/// makes one per logging thread) owns its redactor. `handler` receives
/// failures (default: a line on stderr). Allocates; the returned formatter
/// adds no allocation per record in steady state.
inline boost::log::formatter redacting_formatter(
    redact::policy pol, boost::log::formatter inner,
    error_handler handler = detail::stderr_reporter{}) {
  return boost::log::formatter(
      detail::redacting_formatter_fn(std::move(pol), std::move(inner), std::move(handler)));
}

}  // namespace redact::boost_log
