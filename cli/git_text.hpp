// cli/git_text.hpp — a streaming parser of `git log -p`, `git show`,
// `git diff` and `git format-patch` text, for attributing findings.
//
//   struct my_handler : redact::cli::git_text_handler { ... };
//   my_handler h;
//   redact::cli::git_text_parser parser(h);
//   parser.feed(chunk);        // any chunk sizes
//   parser.finish();
//
// The handler learns each commit (id, author, date) before its message and
// files, each file (old and new path, whether its name is new) before its
// lines, and receives every line of the text exactly once, classified:
//
//   added, removed, context   a line of a hunk, numbered in the file's new
//                             side (added, context) or old side (removed);
//                             combined diffs of merges (`--cc`): added means
//                             new against every parent, removed absent from
//                             the result
//   message                   a commit message line (medium format's 4-space
//                             indent, or a patch e-mail's subject and body),
//                             numbered from 1 per commit
//   other                     anything else a reader might have pasted
//                             (diffstat, notes, unrecognised lines),
//                             numbered by its line in the input
//
// Header lines (`diff --git`, `index`, `---`, `+++`, `@@`, `rename from`, the
// commit's Author and Date) are consumed, not passed on: the paths and
// people they name reach the handler through git_file_info and
// git_commit_info. Lines reach the handler in pieces (a line may be longer
// than any buffer): the prefix columns of a hunk line are removed, the last
// piece of a line ends with its LF (none at the end of input).
//
// Lines that cannot be classified are `other`, never dropped, so a scan of
// text that is not quite git's misses nothing; a hunk whose counts run out
// early hands its remaining lines on as `other`.
//
// Memory: a header line is kept whole up to 64 KiB (longer ones are handed
// on as `other`); hunk lines are never buffered beyond their prefix.
// feed() allocates only to grow the partial-line buffer and the current
// file's and commit's strings; it throws only std::bad_alloc and what the
// handler throws.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace redact::cli {

enum class git_line_kind : std::uint8_t { added, removed, context, message, other };

struct git_commit_info {
  std::string id;      ///< hexadecimal object name as printed
  std::string author;  ///< "Name <email>" from Author:/From:
  std::string date;    ///< Date: as printed, blanks trimmed
};

struct git_file_info {
  std::string old_path;      ///< without the a/ prefix; empty for a new file
  std::string new_path;      ///< without the b/ prefix; empty for a deleted file
  bool name_is_new = false;  ///< a new file, or a rename's or copy's target
  bool binary = false;       ///< "Binary files ... differ" / "GIT binary patch"

  /// The path to show: the new one, or the old one for a deleted file.
  const std::string& path() const noexcept { return new_path.empty() ? old_path : new_path; }
};

class git_text_handler {
 public:
  /// A commit begins; `c` is complete (author and date known).
  virtual void commit_begin(const git_commit_info& c) = 0;
  virtual void commit_end() = 0;
  /// A file's diff begins (inside a commit, or alone for `git diff` text).
  virtual void file_begin(const git_file_info& f) = 0;
  virtual void file_end() = 0;
  /// A piece of a line. `first` on its first piece, `last` on its last.
  virtual void line(git_line_kind kind, std::uint64_t number, std::string_view piece, bool first,
                    bool last) = 0;

 protected:
  ~git_text_handler() = default;
};

/// True when `first_line` (without its LF) starts git text the parser
/// recognises: `commit <hex>`, `diff --git `, `diff --cc `, `From <40 hex> `.
bool looks_like_git_text(std::string_view first_line) noexcept;

/// Undoes git's C-style path quoting ("a\tb\303\251" -> bytes); an unquoted
/// path is returned as it is.
std::string unquote_git_path(std::string_view quoted);

class git_text_parser {
 public:
  explicit git_text_parser(git_text_handler& handler);

  void feed(std::string_view chunk);
  /// Ends the input: a last line without LF is completed, the open file and
  /// commit are ended.
  void finish();

  std::uint64_t commits() const noexcept { return commits_; }
  std::uint64_t files() const noexcept { return files_; }

 private:
  enum class state : std::uint8_t {
    start,         // before anything, or between recognised blocks
    header,        // after `commit <id>`: Author, Date, Merge ...
    message,       // 4-space indented message lines
    email_header,  // after `From <id> <date>`: From:, Date:, Subject:
    email_body,    // unindented message until `---`
    file_header,   // after `diff --git`: index, ---, +++, rename ...
    hunk,          // counted hunk lines
    after_hunk,    // inside a file, between hunks
    binary_patch,  // `GIT binary patch` data, until a blank line
  };
  // What the line being streamed is.
  enum class stream_kind : std::uint8_t { none, deliver, skip };

  bool begin_line(std::string_view bytes, bool complete);
  bool begin_hunk_line(std::string_view bytes, bool complete);
  void out_of_hunk_line(std::string_view line);
  void deliver_whole(git_line_kind kind, std::uint64_t number, std::string_view content);
  void start_stream(git_line_kind kind, std::uint64_t number, std::string_view first_piece);
  void other_line(std::string_view line);

  void start_commit(std::string_view id, state next);
  void announce_commit();
  void end_commit();
  void start_file();
  void announce_file();
  void end_file();
  bool parse_hunk_header(std::string_view line);

  git_text_handler& handler_;
  state state_ = state::start;

  // The line being assembled (its start has not been classified yet).
  std::string carry_;
  bool carry_complete_ = false;
  // The line being streamed.
  stream_kind stream_ = stream_kind::none;
  git_line_kind stream_line_kind_ = git_line_kind::other;
  std::uint64_t stream_number_ = 0;

  std::uint64_t input_line_ = 0;
  std::uint64_t message_line_ = 0;

  git_commit_info commit_;
  bool in_commit_ = false;
  bool commit_announced_ = false;
  git_file_info file_;
  bool in_file_ = false;
  bool file_announced_ = false;

  // Hunk counters: one old side per parent (1 for plain diffs).
  std::size_t columns_ = 1;
  std::vector<std::uint64_t> old_line_;
  std::vector<std::uint64_t> old_left_;
  std::uint64_t new_line_ = 0;
  std::uint64_t new_left_ = 0;

  std::uint64_t commits_ = 0;
  std::uint64_t files_ = 0;
};

}  // namespace redact::cli
