// cli/rsyslog.hpp — `redact rsyslog`: an external message-modification
// program for rsyslog's mmexternal action.
//
// rsyslog starts the program once per action worker and writes one request
// per message to its stdin, each ended by LF: the MSG property as it is
// (interface.input="msg") or the whole message object as one line of JSON
// (interface.input="fulljson"). The program answers each request, in order,
// with one line of JSON naming the properties to change (`{}` changes
// nothing). This mode answers with the redacted properties and a marker,
// `"$!":{"redact":"ok"}`, that the rsyslog configuration checks: rsyslog
// treats a program that died or answered garbage as "change nothing", so a
// message without the marker is one redact did not see, and the shipped
// configuration masks it instead of forwarding it raw
// (integrations/rsyslog/, docs/integrations.md).
//
//   redact::cli::rsyslog_settings s;
//   s.input = redact::cli::rsyslog_input::fulljson;
//   return redact::cli::run_rsyslog(policy_options, s, STDIN_FILENO, STDOUT_FILENO);
//
// Or one request at a time (what the tests use):
//
//   redact::cli::rsyslog_session session(pol, s);
//   std::string answer;
//   session.answer(R"({"msg":"key=qbt_AbCdEf0123456789xyz", ...})", answer);
//   // answer == R"({"msg":"key=qbt_***","$!":{"redact":"ok"}})" "\n"
//
// stdout and stderr are the same pipe under mmexternal, so this mode writes
// nothing but answers once it runs; a configuration error is reported as one
// line on stderr before the first answer (rsyslog logs it as an invalid
// reply) and the program exits 2. rsyslog starts the program with an empty
// environment, so `--secret-env` needs a wrapper (docs/integrations.md).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "redact/redact.hpp"

namespace redact::cli {

/// Which mmexternal interface.input the program is fed; must match the
/// rsyslog configuration.
enum class rsyslog_input {
  msg,       ///< the MSG property, raw (messages must not contain LF)
  fulljson,  ///< the message object as JSON (multi-line messages are safe)
};

/// The settings of `redact rsyslog` besides the rules.
struct rsyslog_settings {
  rsyslog_input input = rsyslog_input::msg;
  /// The `$!` member every answer sets to "ok" (empty: no marker). The
  /// configuration's fail-closed check tests `$!<marker> == "ok"`.
  std::string marker = "redact";
};

/// Parses "msg" or "fulljson"; false for anything else.
bool parse_rsyslog_input(std::string_view name, rsyslog_input& out) noexcept;

/// Checks a marker name: empty, or letters, digits and `_` (a name rsyslog's
/// `$!name` syntax accepts). Returns an error message, empty when valid.
std::string check_rsyslog_marker(std::string_view marker);

/// Answers requests one at a time. Holds one redactor and reusable buffers;
/// after the largest request it allocates nothing more.
class rsyslog_session {
 public:
  /// `pol` must be ok().
  rsyslog_session(const policy& pol, const rsyslog_settings& settings);

  /// Appends the answer to one request (`line`, without its LF) to `out`,
  /// ended by LF. Never throws except std::bad_alloc from growing `out` or
  /// the session's buffers. A fulljson request that is not a JSON object
  /// gets an answer that masks msg and rawmsg and carries no marker.
  void answer(std::string_view line, std::string& out);

  /// Requests answered so far, and how many of them changed the message.
  std::size_t requests() const noexcept { return requests_; }
  std::size_t changed() const noexcept { return changed_; }

 private:
  bool redact_text(std::string_view text, std::string& out);
  void answer_msg(std::string_view line, std::string& out);
  void answer_fulljson(std::string_view line, std::string& out);

  const policy& pol_;
  redactor redactor_;
  rsyslog_settings settings_;
  std::string decoded_;   // a JSON string's bytes
  std::string redacted_;  // redacted bytes
  std::string tree_;      // the `$!` tree as answered
  std::string others_;    // answered members other than msg and rawmsg
  std::size_t requests_ = 0;
  std::size_t changed_ = 0;
};

/// Runs the mmexternal protocol on `in_fd`/`out_fd` until end of input.
/// Returns the exit status: 0 at end of input, 2 when the policy is invalid
/// (one line on `err_fd`) or on an I/O error.
int run_rsyslog(const policy_options& options, const rsyslog_settings& settings, int in_fd,
                int out_fd, int err_fd);

}  // namespace redact::cli
