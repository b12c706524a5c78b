// cli/leak_scan.cpp — the --check run.
#include "cli/leak_scan.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/app.hpp"
#include "cli/baseline.hpp"
#include "cli/credential_key.hpp"
#include "cli/git_history.hpp"
#include "cli/git_text.hpp"
#include "cli/ignore_rules.hpp"
#include "cli/io.hpp"
#include "cli/leak_report.hpp"
#include "cli/line_scanner.hpp"
#include "cli/report.hpp"
#include "redact/redact.hpp"

namespace redact::cli {
namespace {

constexpr std::size_t output_buffer_size = std::size_t{64} << 10;
constexpr std::size_t git_read_size = std::size_t{1} << 20;
constexpr std::size_t max_small_file = std::size_t{16} << 20;

// Reads a small file whole (ignore files, baselines). errno-style result.
int read_whole(const std::string& path, std::string& text) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return errno;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return EISDIR;
  }
  char buffer[16384];
  for (;;) {
    const long n = read_some(fd, buffer, sizeof buffer);
    if (n < 0) {
      ::close(fd);
      return static_cast<int>(-n);
    }
    if (n == 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.size() > max_small_file) {
      ::close(fd);
      return EFBIG;
    }
  }
  ::close(fd);
  return 0;
}

// Writes `text` to `path` through a temporary file and rename(2).
int write_whole(const std::string& path, std::string_view text) {
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return errno;
  int e = write_all(fd, text.data(), text.size());
  if (::close(fd) != 0 && e == 0) e = errno;
  if (e == 0 && ::rename(tmp.c_str(), path.c_str()) != 0) e = errno;
  if (e != 0) ::unlink(tmp.c_str());
  return e;
}

// Where a stream's findings are.
struct location {
  std::string raw_path;      // for globs
  std::string display_path;  // redacted, as reports show it
  finding_area area = finding_area::content;
  line_change change = line_change::none;
};

class check_run final : private git_text_handler {
 public:
  check_run(const options& opts, const policy& pol, const check_context& ctx)
      : opts_(opts),
        leak_(opts.leak),
        ctx_(ctx),
        stdout_(STDOUT_FILENO, output_buffer_size),
        names_(pol),
        content_(pol,
                 [this](const raw_finding& f, bool allowed) { offer(f, allowed, content_at_); }),
        added_(pol, [this](const raw_finding& f, bool allowed) { offer(f, allowed, added_at_); }),
        removed_(pol,
                 [this](const raw_finding& f, bool allowed) { offer(f, allowed, removed_at_); }),
        message_(pol,
                 [this](const raw_finding& f, bool allowed) { offer(f, allowed, message_at_); }),
        other_(pol, [this](const raw_finding& f, bool allowed) { offer(f, allowed, other_at_); }),
        started_(std::chrono::steady_clock::now()) {
    const bool all_keyed = pol.options().fingerprint_key.has_value();
    const bool credential_keyed = pol.options().credential_fingerprint_key.has_value();
    for (std::size_t k = 0; k < finding_kind_count; ++k) {
      const auto kind = static_cast<finding_kind>(k);
      const bool chosen =
          kind == finding_kind::field || kind == finding_kind::basic || kind == finding_kind::url;
      keyed_[k] = all_keyed || (credential_keyed && chosen);
    }
    names_.set_finding_handler([this](const finding& f) {
      raw_finding r;
      r.kind = f.kind;
      r.label.assign(f.label);
      r.line = f.line;
      r.column = f.column;
      r.fingerprint = f.fingerprint;
      name_findings_.push_back(std::move(r));
    });
    message_at_.area = finding_area::commit_message;
    other_at_.area = finding_area::other;
    added_at_.change = line_change::added;
    removed_at_.change = line_change::removed;
  }

  int run() {
    if (!load_rules()) return exit_error;
    report_context rc;
    rc.keying = ctx_.keying;
    rc.key_id = ctx_.key_id;
    rc.source = leak_.git ? "history" : leak_.staged ? "staged" : "files";
    // -q: no report, the first finding decides (the reporter writes nowhere).
    reporter_ =
        make_reporter(opts_.format, opts_.quiet ? static_cast<output&>(discard_) : stdout_, rc);
    if (opts_.pipe_size > 0) grow_pipe(STDOUT_FILENO, opts_.pipe_size);

    if (leak_.git) {
      summary_.history = true;
      run_history();
    } else if (leak_.staged) {
      staged_ = true;
      run_git(staged_command(leak_), "git diff --cached");
    } else if (opts_.files.empty()) {
      scan_stdin();
    } else {
      for (const std::string& name : opts_.files) {
        if (stopped_) break;
        if (name == "-") {
          scan_stdin();
        } else {
          scan_argument(name);
        }
      }
    }

    summary_.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    summary_.errors = had_error_;
    reporter_->finish(summary_);
    stdout_.flush();
    if (stdout_.failed() && !stdout_.broken_pipe()) {
      print_error(std::string("write error: ") + std::strerror(stdout_.error()));
      had_error_ = true;
    }
    if (writer_) {
      const int e = write_whole(*leak_.write_baseline, writer_->render(ctx_.key_id));
      if (e != 0) {
        print_error("cannot write baseline '" + *leak_.write_baseline + "': " + std::strerror(e));
        had_error_ = true;
      }
    }
    if (opts_.stats) {
      const std::string text = stats_.render();
      (void)write_all(STDERR_FILENO, text.data(), text.size());
    }
    if (leak_.summary && !opts_.quiet) {
      const std::string line = render_summary(summary_) + "\n";
      (void)write_all(STDERR_FILENO, line.data(), line.size());
    }
    if (had_error_) return exit_error;
    if (summary_.total() > 0 && !writer_) return leak_.exit_code;
    return exit_ok;
  }

 private:
  // ---- set-up -------------------------------------------------------------

  bool load_rules() {
    std::string ignore_path;
    bool explicit_ignore = false;
    if (leak_.ignore_file) {
      ignore_path = *leak_.ignore_file;
      explicit_ignore = true;
    } else if (leak_.git || leak_.staged) {
      if (std::optional<std::string> top = work_tree_top(leak_))
        ignore_path = (*top == "/" ? std::string() : *top) + "/" + std::string(default_ignore_file);
    } else {
      ignore_path = std::string(default_ignore_file);
    }
    if (!ignore_path.empty()) {
      std::string text;
      const int e = read_whole(ignore_path, text);
      if (e == 0) {
        std::string error;
        ignore_ = ignore_rules::parse(text, ignore_path, error);
        if (!ignore_) {
          print_error(error);
          return false;
        }
      } else if (explicit_ignore || e != ENOENT) {
        print_error("cannot read ignore file '" + ignore_path + "': " + std::strerror(e));
        return false;
      }
    }
    if (leak_.baseline) {
      std::string text;
      const int e = read_whole(*leak_.baseline, text);
      if (e != 0) {
        print_error("cannot read baseline '" + *leak_.baseline + "': " + std::strerror(e));
        return false;
      }
      std::string error;
      baseline_ = baseline::parse(text, *leak_.baseline, error);
      if (!baseline_) {
        print_error(error);
        return false;
      }
      if (baseline_->keyed_entries() > 0 && baseline_->key_id() != ctx_.key_id) {
        print_error("warning: baseline '" + *leak_.baseline + "' was written with key " +
                    (baseline_->key_id().empty() ? std::string("(none)") : baseline_->key_id()) +
                    ", this run uses key " + ctx_.key_id + " (" + ctx_.key_source + "): its " +
                    std::to_string(baseline_->keyed_entries()) +
                    " hmac-sha256 entries cannot match (share the key through " +
                    std::string(credential_key_variable) + ")");
      }
    }
    if (leak_.write_baseline) writer_.emplace();
    return true;
  }

  // ---- the one path every finding takes ------------------------------------

  void offer(const raw_finding& f, bool allowed, const location& at) {
    if (opts_.stats) {
      finding core{f.kind, f.label, f.line, f.column, f.fingerprint};
      stats_.add(core);
    }
    if (allowed) {
      ++summary_.suppressed_allow;
      return;
    }
    const std::string fingerprint =
        fingerprint_text(keyed_[static_cast<std::size_t>(f.kind)], {f.fingerprint.data(), 8});
    located_finding lf;
    lf.kind = f.kind;
    lf.label = f.label;
    lf.fingerprint = fingerprint;
    lf.path = at.display_path;
    lf.area = at.area;
    lf.change = at.change;
    lf.staged = staged_ && at.area != finding_area::commit_message;
    lf.line = at.area == finding_area::file_name ? 0 : f.line;
    lf.column = f.column;
    lf.commit = in_commit_ ? &commit_ : nullptr;
    if (ignore_ && ignore_->ignores_fingerprint(fingerprint, at.raw_path)) {
      ++summary_.suppressed_ignore;
      return;
    }
    if (writer_) writer_->add(lf);
    if (baseline_ && baseline_->contains(lf)) {
      ++summary_.suppressed_baseline;
      return;
    }
    ++summary_.reported[static_cast<std::size_t>(f.kind)];
    reporter_->report(lf);
    // On a terminal (or with --line-buffered) each finding shows at once, so
    // a long history scan reports as it goes.
    if (opts_.line_buffered) stdout_.flush();
    if (stdout_.failed()) stop();
    // -q: the first finding decides the exit status; stop reading (and stop
    // git) unless a baseline is being written, which needs every finding.
    if (opts_.quiet && !writer_) stop();
  }

  // Redacts `raw` for display; its findings go to name_findings_.
  std::string display(std::string_view raw) {
    std::string shown;
    name_findings_.clear();
    names_.redact_message(raw, shown);
    return shown;
  }

  // Reports the findings of the last display() call as file-name findings.
  void report_name_findings(const location& at) {
    location here = at;
    here.area = finding_area::file_name;
    for (const raw_finding& f : name_findings_) offer(f, false, here);
    name_findings_.clear();
  }

  bool path_selected(std::string_view raw) const {
    if (!leak_.paths.selected(raw)) return false;
    return !(ignore_ && ignore_->ignores_path(raw));
  }

  void input_error(std::string_view message) {
    stdout_.flush();
    print_error(message);
    had_error_ = true;
  }

  void stop() {
    stopped_ = true;
    if (git_) git_->stop();
    if (merges_git_) merges_git_->stop();
  }

  // ---- files, directories and stdin -----------------------------------------

  void scan_argument(const std::string& path) {
    const std::string shown = display(path);
    // Columns of findings in the name count in the path without a leading "./".
    const std::uint64_t stripped = path.size() - normalize_path(path).size();
    for (raw_finding& f : name_findings_) f.column -= std::min(stripped, f.column - 1);
    std::string error;
    const opened_input in = open_input(path, shown, error);
    const int fd = in.fd;
    if (!error.empty()) {
      input_error(error);
      return;
    }
    if (in.directory) {
      if (!opts_.recursive) {
        input_error("'" + shown + "' is a directory (use -r to scan directories)");
        return;
      }
      content_at_.raw_path = std::string(normalize_path(path));
      content_at_.display_path = shown;
      report_name_findings(content_at_);
      scan_directory(path, shown);
      return;
    }
    const std::string raw(normalize_path(path));
    if (!path_selected(raw)) {
      ::close(fd);
      return;
    }
    content_at_.raw_path = raw;
    content_at_.display_path = std::string(normalize_path(shown));
    report_name_findings(content_at_);
    scan_plain_fd(fd, "'" + shown + "'", {});
    ::close(fd);
  }

  // Entries in byte order of their names, depth first; links and special
  // files are skipped (as grep -r does). Each entry's name is scanned.
  void scan_directory(const std::string& path, const std::string& shown) {
    DIR* dir = ::opendir(path.c_str());
    if (dir == nullptr) {
      input_error("cannot open directory '" + shown + "': " + std::strerror(errno));
      return;
    }
    std::vector<std::string> names;
    while (const dirent* entry = ::readdir(dir)) {
      const std::string_view name = entry->d_name;
      if (name != "." && name != "..") names.emplace_back(name);
    }
    ::closedir(dir);
    std::sort(names.begin(), names.end());
    const std::string base = path.ends_with('/') ? path : path + '/';
    const std::string shown_base = shown.ends_with('/') ? shown : shown + '/';
    for (const std::string& name : names) {
      if (stopped_) return;
      const std::string child = base + name;
      const std::string raw(normalize_path(child));
      const std::string child_shown = shown_base + display(name);
      std::vector<raw_finding> in_name = std::move(name_findings_);
      name_findings_.clear();
      struct stat st {};
      if (::lstat(child.c_str(), &st) != 0) {
        input_error("cannot stat '" + child_shown + "': " + std::strerror(errno));
        continue;
      }
      const bool is_dir = S_ISDIR(st.st_mode);
      if (!is_dir && !S_ISREG(st.st_mode)) continue;
      if (!is_dir && !path_selected(raw)) continue;
      if (is_dir && ignore_ && ignore_->ignores_path(raw)) continue;
      location at;
      at.raw_path = raw;
      at.display_path = std::string(normalize_path(child_shown));
      at.area = finding_area::file_name;
      // A finding's column counts in the whole path, as walked.
      for (raw_finding& f : in_name) {
        f.column += raw.size() - name.size();
        offer(f, false, at);
      }
      if (is_dir) {
        scan_directory(child, child_shown);
      } else {
        const int fd = ::open(child.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0) {
          input_error("cannot open '" + child_shown + "': " + std::strerror(errno));
          continue;
        }
        content_at_.raw_path = raw;
        content_at_.display_path = at.display_path;
        scan_plain_fd(fd, "'" + child_shown + "'", {});
        ::close(fd);
      }
    }
  }

  // One plain stream; `prefix` holds bytes already read from it.
  void scan_plain_fd(int fd, const std::string& message_name, std::string_view prefix) {
    ++summary_.files;
    stats_.add_stream();
    content_.begin();
    if (!prefix.empty()) {
      summary_.bytes += prefix.size();
      stats_.add_bytes(prefix.size());
      content_.write(prefix);
    }
    std::unique_ptr<char[]> buffer(new char[opts_.buffer_size]);
    for (;;) {
      if (stopped_) break;
      const long n = read_some(fd, buffer.get(), opts_.buffer_size);
      if (n < 0) {
        content_.end();
        input_error("cannot read " + message_name + ": " + std::strerror(static_cast<int>(-n)));
        return;
      }
      if (n == 0) break;
      summary_.bytes += static_cast<std::uint64_t>(n);
      stats_.add_bytes(static_cast<std::uint64_t>(n));
      content_.write({buffer.get(), static_cast<std::size_t>(n)});
    }
    content_.end();
  }

  // Standard input: git text (attributed) when its first line says so.
  void scan_stdin() {
    if (opts_.pipe_size > 0) grow_pipe(STDIN_FILENO, opts_.pipe_size);
    std::string head;
    std::unique_ptr<char[]> buffer(new char[opts_.buffer_size]);
    while (head.find('\n') == std::string::npos && head.size() < 4096) {
      const long n = read_some(STDIN_FILENO, buffer.get(), opts_.buffer_size);
      if (n < 0) {
        input_error(std::string("cannot read standard input: ") +
                    std::strerror(static_cast<int>(-n)));
        return;
      }
      if (n == 0) break;
      head.append(buffer.get(), static_cast<std::size_t>(n));
    }
    if (looks_like_git_text(head.substr(0, head.find('\n')))) {
      summary_.history = true;
      other_at_.raw_path = "-";
      other_at_.display_path = "-";
      scan_git_text(STDIN_FILENO, head, "standard input");
      return;
    }
    content_at_.raw_path = "-";
    content_at_.display_path = "-";
    scan_plain_fd(STDIN_FILENO, "standard input", head);
  }

  // ---- git text ----------------------------------------------------------

  void run_git(const std::vector<std::string>& argv, std::string_view what) {
    // Lines git prints outside any commit or file (none with the format we
    // ask for) are reported as coming from its output.
    other_at_.raw_path = other_at_.display_path = "(" + std::string(what) + ")";
    git_.emplace();
    std::string error;
    if (!git_->start(argv, error)) {
      input_error(error);
      git_.reset();
      return;
    }
    scan_git_text(git_->fd(), {}, "the output of " + std::string(what));
    const int status = git_->wait(error);
    const bool stopped_early = stopped_;
    git_.reset();
    if (status != 0 && !stopped_early) {
      input_error(std::string(what) + " failed" +
                  (status < 0 ? ": " + error : " (exit status " + std::to_string(status) + ")"));
    }
  }

  // --git: the history in two parts that two git processes produce at once
  // (git_history.hpp). The merges' part is started first; its output waits
  // in its pipe (1 MiB; a merge's own changes are small) while the other
  // part is scanned, then is scanned in turn, so findings in merges come
  // after the others.
  void run_history() {
    const std::string what = "git log";
    other_at_.raw_path = other_at_.display_path = "(" + what + ")";
    std::string error;
    // Its stderr goes to /dev/null: where it fails, the other part has
    // failed alike and git has said why once already.
    merges_git_.emplace();
    if (!merges_git_->start(history_command(leak_, history_part::merges), error, true)) {
      input_error(error);
      merges_git_.reset();
      return;
    }
    const bool errors_before = had_error_;
    run_git(history_command(leak_, history_part::non_merges), what);
    // When the first part failed (not a repository, a bad range) the second
    // fails alike: one message is enough.
    const bool skip = stopped_ || had_error_ != errors_before;
    if (skip) {
      merges_git_->stop();
    } else {
      scan_git_text(merges_git_->fd(), {}, "the output of " + what, false);
    }
    const int status = merges_git_->wait(error);
    const bool stopped_early = stopped_;
    merges_git_.reset();
    if (status != 0 && !stopped_early && !skip) {
      input_error(what + " --merges --remerge-diff failed" +
                  (status < 0 ? ": " + error
                              : " (exit status " + std::to_string(status) +
                                    "; --git needs git 2.36 or later)"));
    }
  }

  void scan_git_text(int fd, std::string_view head, const std::string& message_name,
                     bool new_stream = true) {
    git_text_parser parser(*this);
    other_.begin();
    if (!head.empty()) {
      summary_.bytes += head.size();
      stats_.add_bytes(head.size());
      parser.feed(head);
    }
    const std::size_t size = std::max(opts_.buffer_size, git_read_size);
    std::unique_ptr<char[]> buffer(new char[size]);
    bool failed = false;
    for (;;) {
      if (stopped_) break;
      const long n = read_some(fd, buffer.get(), size);
      if (n < 0) {
        input_error("cannot read " + message_name + ": " + std::strerror(static_cast<int>(-n)));
        failed = true;
        break;
      }
      if (n == 0) break;
      summary_.bytes += static_cast<std::uint64_t>(n);
      stats_.add_bytes(static_cast<std::uint64_t>(n));
      parser.feed({buffer.get(), static_cast<std::size_t>(n)});
    }
    (void)failed;
    parser.finish();
    other_.end();
    summary_.commits += parser.commits();
    if (new_stream) stats_.add_stream();
  }

  void commit_begin(const git_commit_info& c) override {
    other_.end();
    commit_.id = c.id;
    commit_.author = display(c.author);
    commit_.date = display(c.date);
    name_findings_.clear();
    in_commit_ = true;
    message_.begin();
    other_.begin();
  }

  void commit_end() override {
    message_.end();
    other_.end();
    in_commit_ = false;
    other_.begin();
  }

  void file_begin(const git_file_info& f) override {
    const std::string raw(normalize_path(f.path()));
    skip_file_ = !path_selected(raw);
    if (skip_file_) return;
    ++summary_.files;
    const std::string shown = display(raw);
    added_at_.raw_path = removed_at_.raw_path = raw;
    added_at_.display_path = shown;
    removed_at_.display_path = shown;
    if (f.name_is_new) {
      location at = added_at_;
      report_name_findings(at);
    }
    added_.begin();
    if (leak_.removed) {
      // Removed lines are numbered and shown by their old path.
      const std::string old_raw(normalize_path(f.old_path.empty() ? f.path() : f.old_path));
      removed_at_.raw_path = old_raw;
      removed_at_.display_path = old_raw == raw ? shown : display(old_raw);
      removed_.begin();
    }
  }

  void file_end() override {
    if (skip_file_) {
      skip_file_ = false;
      return;
    }
    added_.end();
    if (leak_.removed) removed_.end();
  }

  void line(git_line_kind kind, std::uint64_t number, std::string_view piece, bool first,
            bool /*last*/) override {
    line_scanner* s = nullptr;
    switch (kind) {
      case git_line_kind::added:
        if (!skip_file_) s = &added_;
        break;
      case git_line_kind::removed:
        if (!skip_file_ && leak_.removed) s = &removed_;
        break;
      case git_line_kind::context:
        break;
      case git_line_kind::message:
        s = &message_;
        break;
      case git_line_kind::other:
        s = &other_;
        break;
    }
    if (s == nullptr) return;
    if (first) s->begin_line(number);
    s->write(piece);
  }

  const options& opts_;
  const leak_options& leak_;
  const check_context& ctx_;
  fd_output stdout_;
  null_output discard_;
  std::unique_ptr<finding_reporter> reporter_;
  std::optional<ignore_rules> ignore_;
  std::optional<baseline> baseline_;
  std::optional<baseline_writer> writer_;
  stats_collector stats_;
  scan_summary summary_;
  bool keyed_[finding_kind_count] = {};

  redactor names_;
  std::vector<raw_finding> name_findings_;
  line_scanner content_;
  line_scanner added_;
  line_scanner removed_;
  line_scanner message_;
  line_scanner other_;
  location content_at_;
  location added_at_;
  location removed_at_;
  location message_at_;
  location other_at_;

  std::optional<git_process> git_;
  std::optional<git_process> merges_git_;  // --git: the merges' part
  commit_info commit_;
  bool in_commit_ = false;
  bool skip_file_ = false;
  bool staged_ = false;
  bool had_error_ = false;
  bool stopped_ = false;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace

bool prepare_check(options& opts, const env_lookup& env, check_context& ctx, std::string& error) {
  if (opts.policy.fingerprint_key) {
    ctx.keying = "fingerprint-key";
    ctx.key_id = key_id(*opts.policy.fingerprint_key);
    ctx.key_source = "--fingerprint-key-env";
    return true;
  }
  credential_key_request request;
  request.env_name = opts.leak.credential_key_env;
  request.file = opts.leak.credential_key_file;
  std::string warning;
  std::optional<credential_key> key = resolve_credential_key(request, env, error, warning);
  if (!warning.empty()) print_error("warning: " + warning);
  if (!key) return false;
  opts.policy.credential_fingerprint_key = key->value;
  ctx.keying = "credential-key";
  ctx.key_id = key->id;
  ctx.key_source = key->source;
  return true;
}

int run_check(const options& opts, const policy& pol, const check_context& ctx) {
  return check_run(opts, pol, ctx).run();
}

}  // namespace redact::cli
