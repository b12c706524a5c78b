// redactor: wires the stages into one stream (core/DESIGN.md, "Pipeline").
#include "redact/redactor.hpp"

#include <cassert>
#include <utility>

#include "compiled_policy.hpp"
#include "escapes.hpp"
#include "regex_stage.hpp"
#include "restorer.hpp"
#include "scanner.hpp"
#include "secret_marks.hpp"
#include "secret_stage.hpp"
#include "stitcher.hpp"

namespace redact {

std::string_view to_string(finding_kind kind) noexcept {
  switch (kind) {
    case finding_kind::token:
      return "token";
    case finding_kind::field:
      return "field";
    case finding_kind::bearer:
      return "bearer";
    case finding_kind::basic:
      return "basic";
    case finding_kind::secret:
      return "secret";
    case finding_kind::regex:
      return "regex";
    case finding_kind::jwt:
      return "jwt";
    case finding_kind::url:
      return "url";
    case finding_kind::encoded:
      return "encoded";
    case finding_kind::private_key:
      return "private_key";
  }
  return "unknown";
}

std::uint64_t finding_counts::total() const noexcept {
  std::uint64_t t = 0;
  for (auto v : by_kind) t += v;
  return t;
}

namespace detail {

// The stages of one stream (core/DESIGN.md, "Pipeline"):
//
//   write(chunk) ─▶ stitcher ▸ escape_stage ─▶ stitcher ▸ secret_stage ─▶ stitcher ▸ scanner
//                   escape sequences out        Rule S (exact secrets)     Rules H, U, B, J, T
//                         │ escape_queue                                        │
//                         └─────────────────────────────────────────▶ restorer ─▶ [regex_stage] ─▶
//                         output
//                                                                     sequences back  Rule R (RE2)
//
// Without exact secrets the Rule S stage is bypassed; without regex rules
// the restorer writes to the caller's output directly.
class pipeline {
 public:
  explicit pipeline(policy pol)
      : pol_(std::move(pol)),
        cp_(pol_.compiled()),
        queue_(k_escape_queue_entries, k_escape_queue_bytes),
        restore_(&queue_),
        escapes_(cp_, queue_, restore_, cp_.secrets.empty()),
        escape_in_(escapes_, k_escape_lookahead),
        marks_(cp_.secrets.empty() ? nullptr
                                   : std::make_unique<secret_marks>(
                                         cp_, stitcher<scanner>::capacity_for(cp_.scan_lookahead))),
        scan_(cp_, rep_, marks_.get()),
        scan_in_(scan_, cp_.scan_lookahead),
        secrets_(cp_.secrets.empty() ? nullptr
                                     : std::make_unique<secret_stage>(cp_, rep_, *marks_, queue_)),
        secrets_in_(secrets_
                        ? std::make_unique<stitcher<secret_stage>>(*secrets_, cp_.secret_lookahead)
                        : nullptr),
        regex_(cp_.regexes.empty() ? nullptr : std::make_unique<regex_stage>(cp_, rep_)) {}

  // With Rule R patterns, the restorer writes into the regex stage, which
  // writes to the user's output.
  void route(output& out) {
    if (regex_) {
      regex_->set_output(&out);
      restore_.set_output(regex_.get());
    } else {
      restore_.set_output(&out);
    }
  }

  // Each stage's downstream.
  struct to_scanner {
    stitcher<scanner>& in;
    restorer& out;
    void write(std::string_view piece) { in.write(piece.data(), piece.size(), out); }
  };
  struct to_secrets {
    stitcher<secret_stage>& in;
    to_scanner& next;
    void write(std::string_view piece) { in.write(piece.data(), piece.size(), next); }
  };

  void write(std::string_view chunk, output& out) {
    bytes_in_ += chunk.size();
    if (!cp_.ok) return fail_closed(chunk, out);
    route(out);
    to_scanner scan{scan_in_, restore_};
    if (secrets_in_) {
      to_secrets secrets{*secrets_in_, scan};
      escape_in_.write(chunk.data(), chunk.size(), secrets);
    } else {
      escape_in_.write(chunk.data(), chunk.size(), scan);
    }
  }

  void finish(output& out) {
    if (!cp_.ok) {
      if (line_open_) out.write("***");
      line_open_ = false;
      return;
    }
    route(out);
    to_scanner scan{scan_in_, restore_};
    if (secrets_in_) {
      to_secrets secrets{*secrets_in_, scan};
      escape_in_.finish(secrets);
      secrets_in_->finish(scan);
    } else {
      escape_in_.finish(scan);
    }
    scan_in_.finish(restore_);
    restore_.finish();
    if (regex_) regex_->finish();
    restart_stream();
  }

  void restart_stream() noexcept {
    escape_in_.reset();
    escapes_.reset();
    queue_.clear();
    restore_.reset();
    if (secrets_in_) secrets_in_->reset();
    if (secrets_) secrets_->reset();
    if (marks_) marks_->clear();
    scan_in_.reset();
    scan_.reset();
    if (regex_) regex_->reset();
    line_open_ = false;
  }

  void reset() noexcept {
    restart_stream();
    rep_.counts = {};
    bytes_in_ = 0;
  }

  // Policy not ok: never emit raw bytes; each line becomes `***`.
  void fail_closed(std::string_view chunk, output& out) {
    for (char c : chunk) {
      if (c == '\n') {
        out.write(line_open_ ? "***\n" : "\n");
        line_open_ = false;
      } else {
        line_open_ = true;
      }
    }
  }

  std::size_t held_back() const noexcept {
    return escape_in_.held() + (secrets_in_ ? secrets_in_->held() : 0) + scan_in_.held() +
           (regex_ ? regex_->held() : 0);
  }

  std::size_t max_hold_back() const noexcept {
    return k_escape_lookahead + cp_.scan_lookahead + (secrets_ ? cp_.secret_lookahead : 0) +
           (regex_ ? cp_.regex_window : 0);
  }

  policy pol_;
  const compiled_policy& cp_;
  reporter rep_;
  escape_queue queue_;
  restorer restore_;
  escape_stage escapes_;
  stitcher<escape_stage> escape_in_;
  std::unique_ptr<secret_marks> marks_;
  scanner scan_;
  stitcher<scanner> scan_in_;
  std::unique_ptr<secret_stage> secrets_;
  std::unique_ptr<stitcher<secret_stage>> secrets_in_;
  std::unique_ptr<regex_stage> regex_;
  std::uint64_t bytes_in_ = 0;
  bool line_open_ = false;
};

}  // namespace detail

redactor::redactor(policy pol) : impl_(std::make_unique<detail::pipeline>(std::move(pol))) {}
redactor::~redactor() = default;
redactor::redactor(redactor&&) noexcept = default;
redactor& redactor::operator=(redactor&&) noexcept = default;

void redactor::set_finding_handler(finding_handler handler) {
  impl_->rep_.handler = std::move(handler);
}
void redactor::write(std::string_view chunk, output& out) { impl_->write(chunk, out); }
void redactor::finish(output& out) { impl_->finish(out); }
void redactor::reset() noexcept { impl_->reset(); }
const finding_counts& redactor::counts() const noexcept { return impl_->rep_.counts; }
std::uint64_t redactor::bytes_in() const noexcept { return impl_->bytes_in_; }
std::size_t redactor::held_back() const noexcept { return impl_->held_back(); }
std::size_t redactor::max_hold_back() const noexcept { return impl_->max_hold_back(); }
const policy& redactor::get_policy() const noexcept { return impl_->pol_; }

void redactor::redact_message(std::string_view message, std::string& out) {
  out.clear();
  impl_->restart_stream();
  string_output sink(out);
  try {
    impl_->write(message, sink);
    impl_->finish(sink);
  } catch (...) {
    impl_->restart_stream();
    throw;
  }
}

bool redact_or_mask(redactor& r, std::string_view message, std::string& out) noexcept {
  try {
    r.redact_message(message, out);
    // A policy that is not ok() has masked every line: say so.
    return r.get_policy().ok();
  } catch (...) {
    // redact_message() has restarted the stream; the counters stay.
  }
  try {
    out.clear();
    bool open = false;
    for (char c : message) {
      if (c == '\n') {
        if (open) out += "***";
        out += '\n';
        open = false;
      } else {
        open = true;
      }
    }
    if (open) out += "***";
  } catch (...) {
    out.clear();  // no memory even for the mask: emit nothing rather than raw bytes
  }
  return false;
}

std::string redact(std::string_view text, const policy& pol) {
  redactor r(pol);
  std::string out;
  out.reserve(text.size());
  string_output sink(out);
  r.write(text, sink);
  r.finish(sink);
  return out;
}

std::string redact(std::string_view text) {
  static const policy default_policy;
  return redact(text, default_policy);
}

}  // namespace redact
