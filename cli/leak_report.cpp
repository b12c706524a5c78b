// cli/leak_report.cpp — text and JSON-lines reports, the summary line.
#include "cli/leak_report.hpp"

#include <charconv>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <utility>

#include "cli/sarif.hpp"

namespace redact::cli {
namespace {

void append_number(std::string& out, std::uint64_t n) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, n);
  (void)ec;
  out.append(digits, end);
}

std::string_view change_word(line_change c) noexcept {
  switch (c) {
    case line_change::added:
      return "added";
    case line_change::removed:
      return "removed";
    case line_change::none:
      break;
  }
  return "";
}

std::string_view area_word(finding_area a) noexcept {
  switch (a) {
    case finding_area::content:
      return "content";
    case finding_area::file_name:
      return "file_name";
    case finding_area::commit_message:
      return "commit_message";
    case finding_area::other:
      return "other";
  }
  return "content";
}

// One JSON value per line; invalid UTF-8 becomes U+FFFD.
std::string dump_line(const nlohmann::ordered_json& j) {
  std::string s = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  s += '\n';
  return s;
}

class text_reporter final : public finding_reporter {
 public:
  explicit text_reporter(output& out) : out_(out) {}

  void report(const located_finding& f) override {
    line_.clear();
    // LOCATION: KIND LABEL FINGERPRINT [DETAILS]
    if (f.commit != nullptr) {
      line_.append(f.commit->id.substr(0, 12));
      line_ += ':';
    }
    switch (f.area) {
      case finding_area::content:
      case finding_area::other:
        line_ += f.path;
        line_ += ':';
        append_number(line_, f.line);
        line_ += ':';
        append_number(line_, f.column);
        break;
      case finding_area::file_name:
        line_ += f.path;
        break;
      case finding_area::commit_message:
        if (!line_.empty()) line_.pop_back();  // "abcdef123456:" -> "abcdef123456"
        break;
    }
    line_ += ": ";
    line_ += to_string(f.kind);
    line_ += ' ';
    line_ += f.label;
    line_ += ' ';
    line_ += f.fingerprint;
    if (f.area == finding_area::file_name) {
      line_ += " (file name, column ";
      append_number(line_, f.column);
      line_ += ')';
    } else if (f.area == finding_area::commit_message) {
      line_ += " (commit message, line ";
      append_number(line_, f.line);
      line_ += ", column ";
      append_number(line_, f.column);
      line_ += ')';
    }
    if (f.staged) {
      line_ += " (staged)";
    } else if (f.change != line_change::none) {
      line_ += ' ';
      line_ += change_word(f.change);
    }
    if (f.commit != nullptr) {
      line_ += " by ";
      line_ += f.commit->author;
      if (!f.commit->date.empty()) {
        line_ += " on ";
        line_ += f.commit->date;
      }
    }
    line_ += '\n';
    out_.write(line_);
  }

  void finish(const scan_summary&) override {}

 private:
  output& out_;
  std::string line_;
};

class json_reporter final : public finding_reporter {
 public:
  explicit json_reporter(output& out) : out_(out) {}

  void report(const located_finding& f) override {
    nlohmann::ordered_json j;
    if (f.area != finding_area::commit_message) j["file"] = f.path;
    if (f.area != finding_area::file_name) j["line"] = f.line;
    j["column"] = f.column;
    j["kind"] = to_string(f.kind);
    j["label"] = f.label;
    j["fingerprint"] = f.fingerprint;
    if (f.area != finding_area::content) j["where"] = area_word(f.area);
    if (f.change != line_change::none) j["change"] = change_word(f.change);
    if (f.staged) j["staged"] = true;
    if (f.commit != nullptr) {
      j["commit"] = f.commit->id;
      j["author"] = f.commit->author;
      j["date"] = f.commit->date;
    }
    out_.write(dump_line(j));
  }

  void finish(const scan_summary&) override {}

 private:
  output& out_;
};

}  // namespace

std::string fingerprint_text(bool keyed, std::string_view hex) {
  std::string s = keyed ? "hmac-sha256:" : "sha256:";
  s += hex;
  return s;
}

std::string finding_key(const located_finding& f) {
  std::string key(to_string(f.kind));
  key += ':';
  key += f.fingerprint;
  key += ':';
  if (f.area == finding_area::commit_message) {
    key += "(commit message)";
  } else {
    key += f.path;
  }
  return key;
}

std::uint64_t scan_summary::total() const noexcept {
  std::uint64_t n = 0;
  for (std::uint64_t k : reported) n += k;
  return n;
}

std::string render_summary(const scan_summary& s) {
  std::string line = "redact: ";
  const std::uint64_t total = s.total();
  append_number(line, total);
  line += total == 1 ? " finding" : " findings";
  if (total > 0) {
    line += " (";
    bool first = true;
    for (std::size_t k = 0; k < finding_kind_count; ++k) {
      if (s.reported[k] == 0) continue;
      if (!first) line += ", ";
      first = false;
      line += to_string(static_cast<finding_kind>(k));
      line += ' ';
      append_number(line, s.reported[k]);
    }
    line += ')';
  }
  const std::uint64_t suppressed = s.suppressed_baseline + s.suppressed_ignore + s.suppressed_allow;
  if (suppressed > 0) {
    line += ", ";
    append_number(line, suppressed);
    line += " suppressed (";
    bool first = true;
    const auto part = [&](std::string_view name, std::uint64_t n) {
      if (n == 0) return;
      if (!first) line += ", ";
      first = false;
      line += name;
      line += ' ';
      append_number(line, n);
    };
    part("baseline", s.suppressed_baseline);
    part(".redactignore", s.suppressed_ignore);
    part("redact:allow", s.suppressed_allow);
    line += ')';
  }
  line += "; ";
  if (s.history) {
    append_number(line, s.commits);
    line += s.commits == 1 ? " commit, " : " commits, ";
  }
  append_number(line, s.files);
  line += s.files == 1 ? " file, " : " files, ";
  append_number(line, s.bytes);
  line += s.bytes == 1 ? " byte" : " bytes";
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, " in %.2f s", s.seconds);
  line += seconds;
  if (s.errors) line += " (with errors)";
  return line;
}

std::unique_ptr<finding_reporter> make_reporter(report_format format, output& out,
                                                report_context context) {
  switch (format) {
    case report_format::json:
      return std::make_unique<json_reporter>(out);
    case report_format::sarif:
      return make_sarif_reporter(out, std::move(context));
    case report_format::text:
      break;
  }
  return std::make_unique<text_reporter>(out);
}

}  // namespace redact::cli
