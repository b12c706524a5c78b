// cli/leak_report.hpp — where a finding of `--check` is, and the text, JSON
// lines and SARIF reports built from it.
//
//   redact::cli::fd_output out(STDOUT_FILENO, 64 * 1024);
//   auto report = redact::cli::make_reporter(redact::cli::report_format::json, out, context);
//   redact::cli::located_finding f{...};     // kind, label, fingerprint, path, line, ...
//   report->report(f);                       // one line (text, JSON) or one result (SARIF)
//   report->finish(summary);                 // SARIF writes its whole log here
//
// Every string a report shows comes from a located_finding whose path,
// author and other free text were already redacted by the scanner (so a
// file name or a commit's author holding a key prints `qbt_***`), and from
// the finding's kind, label and fingerprint — never secret bytes. JSON and
// SARIF are written with nlohmann::json; bytes that are not valid UTF-8
// become U+FFFD.
//
// Reporters allocate; they throw only std::bad_alloc.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "cli/options.hpp"
#include "redact/redactor.hpp"

namespace redact::cli {

/// What part of the input a finding was in.
enum class finding_area : std::uint8_t {
  content,         ///< a line of a file (or of a file's diff)
  file_name,       ///< the file's path itself
  commit_message,  ///< a commit's message
  other,           ///< a line of `git log -p` text outside any file diff
};

/// For diffs: whether the line was added or removed.
enum class line_change : std::uint8_t { none, added, removed };

/// A commit as reports show it (strings already redacted).
struct commit_info {
  std::string id;      ///< full hexadecimal object name
  std::string author;  ///< "Name <email>"
  std::string date;    ///< as git printed it (strict ISO 8601 from --git)
};

/// One finding and where it is. Views are valid during report() only.
struct located_finding {
  finding_kind kind = finding_kind::token;
  std::string_view label;
  /// As printed: "sha256:1f2e3d4c" or "hmac-sha256:1f2e3d4c".
  std::string_view fingerprint;
  /// Display path (redacted), relative for repositories; "-" for stdin; empty
  /// for commit messages.
  std::string_view path;
  finding_area area = finding_area::content;
  line_change change = line_change::none;
  /// The change is staged in the index (`--staged`), not a commit.
  bool staged = false;
  /// 1-based line (in the file's new side for added and context lines, its
  /// old side for removed ones; in the message for commit messages; in the
  /// input for `other`). 0 for file names.
  std::uint64_t line = 0;
  /// 1-based byte column where the secret starts.
  std::uint64_t column = 0;
  const commit_info* commit = nullptr;
};

/// "sha256:" + hex, or "hmac-sha256:" + hex when `keyed`.
std::string fingerprint_text(bool keyed, std::string_view hex);

/// The key under which baselines and SARIF's partialFingerprints know a
/// finding: kind, fingerprint and path (or the area for commit messages),
/// never the line, so moving a line keeps it.
std::string finding_key(const located_finding& f);

/// Counts for the summary line.
struct scan_summary {
  std::array<std::uint64_t, finding_kind_count> reported{};
  std::uint64_t suppressed_baseline = 0;
  std::uint64_t suppressed_ignore = 0;  ///< .redactignore fingerprints
  std::uint64_t suppressed_allow = 0;   ///< redact:allow on the line
  std::uint64_t commits = 0;
  std::uint64_t files = 0;  ///< files (or file diffs) scanned
  std::uint64_t bytes = 0;  ///< bytes read (files, or git's output)
  double seconds = 0;
  bool history = false;  ///< commits are meaningful (--git or git text)
  bool errors = false;

  std::uint64_t total() const noexcept;
};

/// "redact: 2 findings (token 1, field 1), 1 suppressed (baseline 1); 12 commits, 40 files,
/// 51234 bytes in 0.08 s" — one line without the trailing newline.
std::string render_summary(const scan_summary& s);

/// Facts about the run that SARIF records.
struct report_context {
  /// How field, basic and url fingerprints are keyed, for SARIF's run
  /// properties: "credential-key", "fingerprint-key".
  std::string keying;
  /// Identifier of the key (not the key): 8 hex digits; empty if none.
  std::string key_id;
  /// "files", "history", "staged" or "diff".
  std::string source;
};

class finding_reporter {
 public:
  virtual ~finding_reporter() = default;
  virtual void report(const located_finding& f) = 0;
  /// Ends the report (SARIF writes the log; the others have nothing left).
  virtual void finish(const scan_summary& summary) = 0;
};

std::unique_ptr<finding_reporter> make_reporter(report_format format, output& out,
                                                report_context context);

/// Stable SARIF rule id of a kind: "redact.token", ..., "redact.private_key".
std::string sarif_rule_id(finding_kind kind);

}  // namespace redact::cli
