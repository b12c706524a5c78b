// cli/git_text.cpp — the git text parser.
//
// Each line is classified from its start: inside a hunk by its prefix
// columns (one per parent), outside by the header it starts with. A hunk
// line is classified as soon as its prefix has arrived and then streamed to
// the handler piece by piece, so a 100 MB line in a diff costs no memory; a
// line outside hunks is assembled whole (up to 64 KiB) because its meaning
// (`diff --git a/x b/x`, `rename to x`) needs all of it.
//
//   start ──commit <id>──▶ header ──blank──▶ message ──diff --git──▶ file_header
//                                                                     │ @@
//   (any state) ◀──commit / diff──  after_hunk ◀──counts exhausted── hunk
#include "cli/git_text.hpp"

#include <charconv>
#include <cstring>

namespace redact::cli {
namespace {

constexpr std::size_t max_header_line = std::size_t{64} << 10;

constexpr bool is_hex(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

std::string_view strip_lf(std::string_view s) noexcept {
  if (!s.empty() && s.back() == '\n') s.remove_suffix(1);
  return s;
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Length of the run of hex digits at the start of s.
std::size_t hex_run(std::string_view s) noexcept {
  std::size_t n = 0;
  while (n < s.size() && is_hex(s[n])) ++n;
  return n;
}

// "commit <4..64 hex>" followed by the end or a blank; returns the id.
bool commit_line(std::string_view l, std::string_view& id) noexcept {
  if (!l.starts_with("commit ")) return false;
  const std::string_view rest = l.substr(7);
  const std::size_t n = hex_run(rest);
  if (n < 4 || n > 64 || (n < rest.size() && rest[n] != ' ')) return false;
  id = rest.substr(0, n);
  return true;
}

// "From <40 or 64 hex> " (git format-patch's mbox separator).
bool email_line(std::string_view l, std::string_view& id) noexcept {
  if (!l.starts_with("From ")) return false;
  const std::string_view rest = l.substr(5);
  const std::size_t n = hex_run(rest);
  if ((n != 40 && n != 64) || n >= rest.size() || rest[n] != ' ') return false;
  id = rest.substr(0, n);
  return true;
}

// A path from a `---`/`+++` line or a header: unquoted, cut at a TAB (git
// adds one after names with blanks; other diffs put a date there), the first
// component (a/, b/) removed when `strip` is set. /dev/null gives "".
std::string header_path(std::string_view text, bool strip) {
  std::string path;
  if (text.starts_with('"')) {
    path = unquote_git_path(text);
  } else {
    path.assign(text.substr(0, text.find('\t')));
  }
  if (path == "/dev/null") return {};
  if (strip) {
    const std::size_t slash = path.find('/');
    if (slash != std::string::npos) path.erase(0, slash + 1);
  }
  return path;
}

// Splits "a/X b/Y" of a `diff --git` line. Quoted halves are unquoted;
// unquoted names with blanks are split where both halves name the same
// path (the usual case), otherwise at the first " b/".
void diff_git_paths(std::string_view rest, std::string& old_path, std::string& new_path) {
  if (rest.starts_with('"')) {
    // Find the closing quote, honouring backslash escapes.
    std::size_t i = 1;
    while (i < rest.size() && rest[i] != '"') i += rest[i] == '\\' ? 2 : 1;
    const std::string_view first = rest.substr(0, i + 1);
    old_path = header_path(first, true);
    new_path = header_path(trim(rest.substr(std::min(i + 1, rest.size()))), true);
    return;
  }
  if (rest.size() % 2 == 1) {
    const std::size_t mid = rest.size() / 2;
    const std::string_view a = rest.substr(0, mid);
    const std::string_view b = rest.substr(mid + 1);
    if (rest[mid] == ' ' && a.size() > 2 && b.size() > 2 && a.substr(2) == b.substr(2)) {
      old_path = header_path(a, true);
      new_path = header_path(b, true);
      return;
    }
  }
  const std::size_t split = rest.find(" b/");
  if (split != std::string_view::npos) {
    old_path = header_path(rest.substr(0, split), true);
    new_path = header_path(rest.substr(split + 1), true);
  } else {
    const std::size_t blank = rest.find(' ');
    old_path = header_path(rest.substr(0, blank), true);
    new_path =
        blank == std::string_view::npos ? old_path : header_path(rest.substr(blank + 1), true);
  }
}

// Parses "A[,B]" into start and count (count defaults to 1).
bool parse_range(std::string_view s, std::uint64_t& start, std::uint64_t& count) noexcept {
  const std::size_t comma = s.find(',');
  const std::string_view a = s.substr(0, comma);
  auto r = std::from_chars(a.data(), a.data() + a.size(), start);
  if (r.ec != std::errc() || r.ptr != a.data() + a.size() || a.empty()) return false;
  count = 1;
  if (comma != std::string_view::npos) {
    const std::string_view b = s.substr(comma + 1);
    r = std::from_chars(b.data(), b.data() + b.size(), count);
    if (r.ec != std::errc() || r.ptr != b.data() + b.size() || b.empty()) return false;
  }
  return true;
}

}  // namespace

bool looks_like_git_text(std::string_view first_line) noexcept {
  first_line = strip_lf(first_line);
  std::string_view id;
  return commit_line(first_line, id) || email_line(first_line, id) ||
         first_line.starts_with("diff --git ") || first_line.starts_with("diff --cc ") ||
         first_line.starts_with("diff --combined ");
}

std::string unquote_git_path(std::string_view q) {
  if (q.size() < 2 || q.front() != '"') return std::string(q);
  std::string out;
  out.reserve(q.size());
  for (std::size_t i = 1; i < q.size(); ++i) {
    const char c = q[i];
    if (c == '"') break;
    if (c != '\\' || i + 1 >= q.size()) {
      out += c;
      continue;
    }
    const char e = q[++i];
    switch (e) {
      case 'a':
        out += '\a';
        break;
      case 'b':
        out += '\b';
        break;
      case 't':
        out += '\t';
        break;
      case 'n':
        out += '\n';
        break;
      case 'v':
        out += '\v';
        break;
      case 'f':
        out += '\f';
        break;
      case 'r':
        out += '\r';
        break;
      default:
        if (e >= '0' && e <= '3' && i + 2 < q.size() && q[i + 1] >= '0' && q[i + 1] <= '7' &&
            q[i + 2] >= '0' && q[i + 2] <= '7') {
          out += static_cast<char>(((e - '0') << 6) | ((q[i + 1] - '0') << 3) | (q[i + 2] - '0'));
          i += 2;
        } else {
          out += e;  // \" \\ and anything unknown
        }
    }
  }
  return out;
}

git_text_parser::git_text_parser(git_text_handler& handler) : handler_(handler) {
  old_line_.assign(1, 0);
  old_left_.assign(1, 0);
}

void git_text_parser::feed(std::string_view chunk) {
  while (!chunk.empty()) {
    if (stream_ != stream_kind::none) {
      const void* lf = std::memchr(chunk.data(), '\n', chunk.size());
      if (lf == nullptr) {
        if (stream_ == stream_kind::deliver)
          handler_.line(stream_line_kind_, stream_number_, chunk, false, false);
        return;
      }
      const std::size_t n =
          static_cast<std::size_t>(static_cast<const char*>(lf) - chunk.data()) + 1;
      if (stream_ == stream_kind::deliver)
        handler_.line(stream_line_kind_, stream_number_, chunk.substr(0, n), false, true);
      stream_ = stream_kind::none;
      chunk.remove_prefix(n);
      continue;
    }
    const void* lf = std::memchr(chunk.data(), '\n', chunk.size());
    const std::size_t n =
        lf == nullptr ? chunk.size()
                      : static_cast<std::size_t>(static_cast<const char*>(lf) - chunk.data()) + 1;
    if (carry_.empty()) {
      if (lf != nullptr) {
        begin_line(chunk.substr(0, n), true);
      } else if (!begin_line(chunk, false)) {
        carry_.assign(chunk);
      }
      chunk.remove_prefix(n);
      continue;
    }
    // Continue the partial line in carry_.
    carry_.append(chunk.data(), n);
    chunk.remove_prefix(n);
    std::string line = std::move(carry_);
    carry_.clear();
    if (!begin_line(line, lf != nullptr)) carry_ = std::move(line);
  }
}

void git_text_parser::finish() {
  if (stream_ != stream_kind::none) {
    if (stream_ == stream_kind::deliver)
      handler_.line(stream_line_kind_, stream_number_, {}, false, true);
    stream_ = stream_kind::none;
  }
  if (!carry_.empty()) {
    std::string line = std::move(carry_);
    carry_.clear();
    begin_line(line, true);
  }
  end_commit();
}

// Classifies a line from its start. `complete`: `bytes` is the whole line
// (with its LF, except at the end of input). Returns false when more bytes
// are needed to decide.
bool git_text_parser::begin_line(std::string_view bytes, bool complete) {
  if (state_ == state::hunk) {
    if (!complete && bytes.size() < columns_) return false;
    if (begin_hunk_line(bytes, complete)) return true;
    state_ = state::after_hunk;  // malformed or over-long hunk: read it as text
  }
  if (!complete) {
    if (bytes.size() < max_header_line) return false;
    // An over-long line outside hunks: hand it on as it is.
    ++input_line_;
    if (in_commit_ && !commit_announced_) announce_commit();
    if (state_ == state::message && bytes.starts_with("    ")) {
      start_stream(git_line_kind::message, ++message_line_, bytes.substr(4));
    } else if (state_ == state::email_body) {
      start_stream(git_line_kind::message, ++message_line_, bytes);
    } else {
      start_stream(git_line_kind::other, input_line_, bytes);
    }
    return true;
  }
  ++input_line_;
  out_of_hunk_line(bytes);
  return true;
}

bool git_text_parser::begin_hunk_line(std::string_view bytes, bool complete) {
  const std::string_view body = complete ? strip_lf(bytes) : bytes;
  git_line_kind kind;
  std::uint64_t number = 0;
  if (body.empty() && columns_ == 1) {
    // A context line whose blank was stripped (e-mail clients do this).
    if (new_left_ == 0 || old_left_[0] == 0) return false;
    kind = git_line_kind::context;
    number = new_line_++;
    --new_left_;
    ++old_line_[0];
    --old_left_[0];
  } else if (!body.empty() && body.front() == '\\') {
    // "\ No newline at end of file": not a line of either side.
    ++input_line_;
    if (!complete) stream_ = stream_kind::skip;
    return true;
  } else {
    if (body.size() < columns_) return false;
    bool any_minus = false;
    bool all_plus = true;
    for (std::size_t i = 0; i < columns_; ++i) {
      const char c = body[i];
      if (c != ' ' && c != '+' && c != '-') return false;
      any_minus = any_minus || c == '-';
      all_plus = all_plus && c == '+';
    }
    // Check the counts before consuming, so a malformed hunk ends here.
    if (any_minus) {
      for (std::size_t i = 0; i < columns_; ++i)
        if (body[i] == '-' && old_left_[i] == 0) return false;
    } else {
      if (new_left_ == 0) return false;
      for (std::size_t i = 0; i < columns_; ++i)
        if (body[i] == ' ' && old_left_[i] == 0) return false;
    }
    if (any_minus) {
      kind = git_line_kind::removed;
      bool numbered = false;
      for (std::size_t i = 0; i < columns_; ++i) {
        if (body[i] != '-') continue;
        if (!numbered) number = old_line_[i];
        numbered = true;
        ++old_line_[i];
        --old_left_[i];
      }
    } else {
      kind = all_plus ? git_line_kind::added : git_line_kind::context;
      number = new_line_++;
      --new_left_;
      for (std::size_t i = 0; i < columns_; ++i) {
        if (body[i] != ' ') continue;
        ++old_line_[i];
        --old_left_[i];
      }
    }
  }
  ++input_line_;
  const std::string_view content = bytes.substr(std::min(columns_, bytes.size()));
  if (complete) {
    deliver_whole(kind, number, content);
  } else {
    start_stream(kind, number, content);
  }
  bool done = new_left_ == 0;
  for (std::uint64_t left : old_left_) done = done && left == 0;
  if (done) state_ = state::after_hunk;
  return true;
}

void git_text_parser::deliver_whole(git_line_kind kind, std::uint64_t number,
                                    std::string_view content) {
  handler_.line(kind, number, content, true, true);
}

void git_text_parser::start_stream(git_line_kind kind, std::uint64_t number,
                                   std::string_view first_piece) {
  stream_ = stream_kind::deliver;
  stream_line_kind_ = kind;
  stream_number_ = number;
  handler_.line(kind, number, first_piece, true, false);
}

void git_text_parser::other_line(std::string_view line) {
  if (in_commit_ && !commit_announced_) announce_commit();
  deliver_whole(git_line_kind::other, input_line_, line);
}

void git_text_parser::out_of_hunk_line(std::string_view bytes) {
  const std::string_view l = strip_lf(bytes);
  std::string_view id;
  if (commit_line(l, id)) return start_commit(id, state::header);
  if (email_line(l, id)) return start_commit(id, state::email_header);
  if (l.starts_with("diff --git ")) {
    start_file();
    diff_git_paths(l.substr(11), file_.old_path, file_.new_path);
    columns_ = 1;
    state_ = state::file_header;
    return;
  }
  if (l.starts_with("diff --cc ") || l.starts_with("diff --combined ")) {
    start_file();
    file_.new_path = header_path(l.substr(l.find(' ', 5) + 1), false);
    file_.old_path = file_.new_path;
    state_ = state::file_header;
    return;
  }
  if (l.empty()) {
    // Blank lines separate the parts of git's output and hold nothing, except
    // inside a patch e-mail's body, where they are message lines.
    switch (state_) {
      case state::header:
        state_ = state::message;
        announce_commit();
        return;
      case state::email_header:
        state_ = state::email_body;
        announce_commit();
        return;
      case state::email_body:
        deliver_whole(git_line_kind::message, ++message_line_, bytes);
        return;
      case state::message:
        state_ = state::start;
        return;
      case state::binary_patch:
        state_ = state::after_hunk;
        return;
      default:
        return;
    }
  }
  switch (state_) {
    case state::header:
      if (l.starts_with("Author:")) {
        commit_.author.assign(trim(l.substr(7)));
      } else if (l.starts_with("Date:")) {
        commit_.date.assign(trim(l.substr(5)));
      } else if (l.starts_with("Merge:") || l.starts_with("AuthorDate:") ||
                 l.starts_with("Commit:") || l.starts_with("CommitDate:")) {
        // consumed: the other header fields
      } else {
        other_line(bytes);
      }
      return;
    case state::email_header:
      if (l.starts_with("From: ")) {
        commit_.author.assign(trim(l.substr(6)));
      } else if (l.starts_with("Date: ")) {
        commit_.date.assign(trim(l.substr(6)));
      } else if (l.starts_with("Subject: ")) {
        announce_commit();
        deliver_whole(git_line_kind::message, ++message_line_, bytes.substr(9));
      } else if ((l.front() == ' ' || l.front() == '\t') && message_line_ > 0) {
        deliver_whole(git_line_kind::message, ++message_line_, bytes);  // folded Subject
      } else {
        other_line(bytes);
      }
      return;
    case state::email_body:
      if (l == "---") {
        state_ = state::start;
      } else {
        deliver_whole(git_line_kind::message, ++message_line_, bytes);
      }
      return;
    case state::message:
      if (l.starts_with("    ")) {
        deliver_whole(git_line_kind::message, ++message_line_, bytes.substr(4));
        return;
      }
      state_ = state::start;
      other_line(bytes);
      return;
    case state::file_header:
    case state::after_hunk:
      if (l.starts_with("@@")) {
        if (parse_hunk_header(l)) {
          announce_file();
          state_ = state::hunk;
          return;
        }
      } else if (l.starts_with("--- ")) {
        file_.old_path = header_path(l.substr(4), true);
        if (file_.old_path.empty()) file_.name_is_new = true;
        return;
      } else if (l.starts_with("+++ ")) {
        file_.new_path = header_path(l.substr(4), true);
        return;
      } else if (l.starts_with("new file mode")) {
        file_.old_path.clear();
        file_.name_is_new = true;
        return;
      } else if (l.starts_with("deleted file mode")) {
        file_.new_path.clear();
        return;
      } else if (l.starts_with("rename from ") || l.starts_with("copy from ")) {
        file_.old_path = header_path(l.substr(l.find(" from ") + 6), false);
        return;
      } else if (l.starts_with("rename to ") || l.starts_with("copy to ")) {
        file_.new_path = header_path(l.substr(l.find(" to ") + 4), false);
        file_.name_is_new = true;
        return;
      } else if (l.starts_with("index ") || l.starts_with("old mode ") ||
                 l.starts_with("new mode ") || l.starts_with("mode ") ||
                 l.starts_with("similarity index ") || l.starts_with("dissimilarity index ") ||
                 l.starts_with("\\")) {
        return;
      } else if (l.starts_with("Binary files ")) {
        file_.binary = true;
        return;
      } else if (l == "GIT binary patch") {
        file_.binary = true;
        state_ = state::binary_patch;
        return;
      }
      other_line(bytes);
      return;
    case state::binary_patch:
      return;
    case state::start:
    case state::hunk:
      break;
  }
  other_line(bytes);
}

bool git_text_parser::parse_hunk_header(std::string_view l) {
  std::size_t ats = 0;
  while (ats < l.size() && l[ats] == '@') ++ats;
  if (ats < 2) return false;
  const std::size_t parents = ats - 1;
  std::string_view rest = l.substr(ats);
  std::vector<std::uint64_t> old_line(parents);
  std::vector<std::uint64_t> old_left(parents);
  std::uint64_t new_line = 0;
  std::uint64_t new_left = 0;
  for (std::size_t i = 0; i <= parents; ++i) {
    const char sign = i < parents ? '-' : '+';
    if (rest.size() < 2 || rest[0] != ' ' || rest[1] != sign) return false;
    rest.remove_prefix(2);
    const std::size_t end = rest.find(' ');
    if (end == std::string_view::npos) return false;
    std::uint64_t start = 0;
    std::uint64_t count = 0;
    if (!parse_range(rest.substr(0, end), start, count)) return false;
    if (i < parents) {
      old_line[i] = start;
      old_left[i] = count;
    } else {
      new_line = start;
      new_left = count;
    }
    rest.remove_prefix(end);
  }
  if (!rest.starts_with(' ') || rest.substr(1, ats) != std::string(ats, '@')) return false;
  columns_ = parents;
  old_line_ = std::move(old_line);
  old_left_ = std::move(old_left);
  new_line_ = new_line;
  new_left_ = new_left;
  // A range that starts at 0 is empty; numbering starts at 1 there.
  for (std::uint64_t& n : old_line_)
    if (n == 0) n = 1;
  if (new_line_ == 0) new_line_ = 1;
  return true;
}

void git_text_parser::start_commit(std::string_view id, state next) {
  end_commit();
  commit_ = git_commit_info{};
  commit_.id.assign(id);
  in_commit_ = true;
  commit_announced_ = false;
  message_line_ = 0;
  ++commits_;
  state_ = next;
}

void git_text_parser::announce_commit() {
  if (!in_commit_ || commit_announced_) return;
  commit_announced_ = true;
  handler_.commit_begin(commit_);
}

void git_text_parser::end_commit() {
  end_file();
  if (!in_commit_) return;
  announce_commit();
  handler_.commit_end();
  in_commit_ = false;
  state_ = state::start;
}

void git_text_parser::start_file() {
  end_file();
  if (in_commit_) announce_commit();
  file_ = git_file_info{};
  in_file_ = true;
  file_announced_ = false;
  columns_ = 1;
  ++files_;
}

void git_text_parser::announce_file() {
  if (!in_file_ || file_announced_) return;
  file_announced_ = true;
  handler_.file_begin(file_);
}

void git_text_parser::end_file() {
  if (!in_file_) return;
  announce_file();
  handler_.file_end();
  in_file_ = false;
}

}  // namespace redact::cli
