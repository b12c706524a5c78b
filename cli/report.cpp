// cli/report.cpp — report lines and the stats summary.
#include "cli/report.hpp"

#include <charconv>
#include <cstddef>

namespace redact::cli {
namespace {

void append_number(std::string& out, std::uint64_t n) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, n);
  (void)ec;
  out.append(digits, end);
}

// Length of the valid UTF-8 sequence at s[i], or 0 if it is not valid
// (overlongs, surrogates and code points above U+10FFFF are invalid).
std::size_t utf8_sequence(std::string_view s, std::size_t i) noexcept {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  std::size_t len = 0;
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < len; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return len;
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
      ++i;
    } else if (c < 0x20 || c == 0x7f) {
      switch (c) {
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        default:
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 0xf];
      }
      ++i;
    } else if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
    } else if (const std::size_t len = utf8_sequence(s, i); len > 0) {
      out.append(s.substr(i, len));
      i += len;
    } else {
      out += "\\ufffd";
      ++i;
    }
  }
  out += '"';
}

report_writer::report_writer(output& out, report_format format, bool hmac)
    : out_(out), format_(format), algorithm_(hmac ? "hmac-sha256:" : "sha256:") {
  line_.reserve(512);
}

void report_writer::set_file(std::string_view name) {
  file_.clear();
  if (format_ == report_format::json) {
    append_json_string(file_, name);
  } else {
    file_.assign(name);
  }
}

void report_writer::write(const finding& f) {
  line_.clear();
  if (format_ == report_format::text) {
    // FILE:LINE:COL: KIND LABEL sha256:XXXXXXXX
    line_ += file_;
    line_ += ':';
    append_number(line_, f.line);
    line_ += ':';
    append_number(line_, f.column);
    line_ += ": ";
    line_ += to_string(f.kind);
    line_ += ' ';
    line_ += f.label;
    line_ += ' ';
    line_ += algorithm_;
    line_ += f.fingerprint_hex();
  } else {
    line_ += "{\"file\":";
    line_ += file_;
    line_ += ",\"line\":";
    append_number(line_, f.line);
    line_ += ",\"column\":";
    append_number(line_, f.column);
    line_ += ",\"kind\":\"";
    line_ += to_string(f.kind);
    line_ += "\",\"label\":";
    append_json_string(line_, f.label);
    line_ += ",\"fingerprint\":\"";
    line_ += algorithm_;
    line_ += f.fingerprint_hex();
    line_ += "\"}";
  }
  line_ += '\n';
  out_.write(line_);
}

void stats_collector::add(const finding& f) {
  const auto kind = static_cast<std::size_t>(f.kind);
  if (kind < finding_kind_count) ++by_kind_[kind];
  std::pair<int, std::string> key(static_cast<int>(f.kind), std::string(f.label));
  auto it = by_label_.find(key);
  if (it != by_label_.end()) {
    ++it->second;
  } else if (by_label_.size() < max_labels) {
    by_label_.emplace(std::move(key), 1);
  } else {
    ++by_label_[{static_cast<int>(f.kind), "(other)"}];
  }
}

std::uint64_t stats_collector::total() const noexcept {
  std::uint64_t sum = 0;
  for (std::uint64_t n : by_kind_) sum += n;
  return sum;
}

std::string stats_collector::render() const {
  // redact: 4711 bytes in 2 streams, 5 findings
  //   token       2     qbt_ 2
  //   field       2     Authorization 1, AUTHORIZATION 1
  // The kind column is as wide as the longest kind name (private_key) + 1.
  std::string out = "redact: ";
  append_number(out, bytes_);
  out += bytes_ == 1 ? " byte in " : " bytes in ";
  append_number(out, streams_);
  out += streams_ == 1 ? " stream, " : " streams, ";
  append_number(out, total());
  out += total() == 1 ? " finding\n" : " findings\n";
  for (std::size_t k = 0; k < finding_kind_count; ++k) {
    const std::string_view name = to_string(static_cast<finding_kind>(k));
    out += "  ";
    out += name;
    out.append(name.size() < 12 ? 12 - name.size() : 1, ' ');
    std::string count;
    append_number(count, by_kind_[k]);
    out += count;
    bool first = true;
    for (const auto& [key, n] : by_label_) {
      if (key.first != static_cast<int>(k)) continue;
      if (first) {
        out.append(count.size() < 6 ? 6 - count.size() : 1, ' ');
      } else {
        out += ", ";
      }
      first = false;
      out += key.second;
      out += ' ';
      append_number(out, n);
    }
    out += '\n';
  }
  return out;
}

}  // namespace redact::cli
