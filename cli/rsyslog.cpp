// cli/rsyslog.cpp — the mmexternal protocol (see rsyslog.hpp).
//
// The JSON here is read and written by hand, byte for byte: rsyslog (json-c)
// passes bytes >= 0x80 through without checking UTF-8, and a message in
// Latin-1 must reach the redactor and come back unchanged, which general
// JSON libraries refuse (they validate UTF-8). Only what the protocol needs
// is supported: one object per line, strings decoded to bytes (\uXXXX to
// UTF-8), every other value skipped or copied as it is.
#include "cli/rsyslog.hpp"

#include <unistd.h>

#include <cctype>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "cli/io.hpp"

namespace redact::cli {
namespace {

// The properties of a fulljson request that carry text and that mmexternal
// lets a program replace, besides msg and rawmsg (handled together).
// (app-name and programname are derived from syslogtag; fromhost and the
// timestamps come from rsyslog itself.)
constexpr std::string_view k_text_properties[] = {
    "structured-data", "syslogtag", "hostname", "procid", "msgid",
};

bool is_text_property(std::string_view key) noexcept {
  for (std::string_view p : k_text_properties)
    if (key == p) return true;
  return false;
}

// Nesting deeper than this in the `$!` tree is refused (answered as
// unreadable): it bounds the recursion below.
constexpr int k_max_depth = 64;

void append_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Appends `bytes` as the body of a JSON string (no quotes): `"` and `\`
// escaped, bytes below 0x20 as \b \f \n \r \t or \u00XX, everything else
// as it is.
void append_escaped(std::string& out, std::string_view bytes) {
  static constexpr char k_hex[] = "0123456789abcdef";
  std::size_t run = 0;  // start of the pending run of plain bytes
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(bytes.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
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
        out += k_hex[c >> 4];
        out += k_hex[c & 0xF];
    }
  }
  out.append(bytes.data() + run, bytes.size() - run);
}

// A cursor over one request line.
class json_reader {
 public:
  explicit json_reader(std::string_view text) noexcept : text_(text) {}

  void skip_ws() noexcept {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
  }
  bool peek(char c) noexcept {
    skip_ws();
    return pos_ < text_.size() && text_[pos_] == c;
  }
  bool consume(char c) noexcept {
    if (!peek(c)) return false;
    ++pos_;
    return true;
  }
  bool at_end() noexcept {
    skip_ws();
    return pos_ == text_.size();
  }
  std::size_t pos() const noexcept { return pos_; }
  std::string_view slice(std::size_t from) const noexcept {
    return text_.substr(from, pos_ - from);
  }

  // Reads a string token; `decoded` receives its bytes, `raw` the token as
  // written (quotes included).
  bool read_string(std::string& decoded, std::string_view& raw) {
    decoded.clear();
    if (!peek('"')) return false;
    const std::size_t start = pos_++;
    for (;;) {
      // Copy the run up to the next quote or backslash at once.
      std::size_t end = pos_;
      while (end < text_.size() && text_[end] != '"' && text_[end] != '\\') ++end;
      decoded.append(text_.data() + pos_, end - pos_);
      pos_ = end;
      if (pos_ >= text_.size()) return false;
      if (text_[pos_] == '"') {
        ++pos_;
        raw = text_.substr(start, pos_ - start);
        return true;
      }
      if (++pos_ >= text_.size()) return false;  // the backslash
      const char e = text_[pos_++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          decoded += e;
          break;
        case 'b':
          decoded += '\b';
          break;
        case 'f':
          decoded += '\f';
          break;
        case 'n':
          decoded += '\n';
          break;
        case 'r':
          decoded += '\r';
          break;
        case 't':
          decoded += '\t';
          break;
        case 'u': {
          unsigned cp = 0;
          if (!read_hex4(cp)) return false;
          if (cp >= 0xD800 && cp < 0xDC00 && pos_ + 6 <= text_.size() && text_[pos_] == '\\' &&
              text_[pos_ + 1] == 'u') {
            const std::size_t save = pos_;
            pos_ += 2;
            unsigned low = 0;
            if (read_hex4(low) && low >= 0xDC00 && low < 0xE000) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            } else {
              pos_ = save;  // a lone high surrogate; the next escape stands alone
            }
          }
          append_utf8(decoded, cp);  // lone surrogates as their 3-byte form
          break;
        }
        default:
          return false;
      }
    }
  }

  // Skips any value.
  bool skip_value(int depth) {
    if (depth > k_max_depth) return false;
    skip_ws();
    if (pos_ >= text_.size()) return false;
    const char c = text_[pos_];
    if (c == '"') {
      std::string_view raw;
      return read_string(scratch_, raw);
    }
    if (c == '{' || c == '[') {
      const char close = c == '{' ? '}' : ']';
      ++pos_;
      if (consume(close)) return true;
      for (;;) {
        if (c == '{') {
          std::string_view raw;
          if (!read_string(scratch_, raw) || !consume(':')) return false;
        }
        if (!skip_value(depth + 1)) return false;
        if (consume(close)) return true;
        if (!consume(',')) return false;
      }
    }
    // A number, true, false or null: the run of characters that may form one.
    const std::size_t start = pos_;
    while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) ||
                                   text_[pos_] == '-' || text_[pos_] == '+' || text_[pos_] == '.'))
      ++pos_;
    return pos_ > start;
  }

  // Copies a value to `out` in compact form; each string *value* (not a
  // member name) goes through on_string(decoded, raw, out). Counts the
  // members of the outermost object in *members.
  template <typename OnString>
  bool copy_value(std::string& out, int depth, OnString& on_string, std::size_t* members) {
    if (depth > k_max_depth) return false;
    skip_ws();
    if (pos_ >= text_.size()) return false;
    const char c = text_[pos_];
    if (c == '"') {
      std::string_view raw;
      if (!read_string(scratch_, raw)) return false;
      on_string(std::string_view(scratch_), raw, out);
      return true;
    }
    if (c == '{' || c == '[') {
      const char close = c == '{' ? '}' : ']';
      out += c;
      ++pos_;
      if (consume(close)) {
        out += close;
        return true;
      }
      for (;;) {
        if (c == '{') {
          std::string_view raw;
          if (!read_string(scratch_, raw) || !consume(':')) return false;
          out += raw;
          out += ':';
        }
        if (!copy_value(out, depth + 1, on_string, nullptr)) return false;
        if (members != nullptr) ++*members;
        if (consume(close)) {
          out += close;
          return true;
        }
        if (!consume(',')) return false;
        out += ',';
      }
    }
    const std::size_t start = pos_;
    if (!skip_value(depth)) return false;
    out += text_.substr(start, pos_ - start);
    return true;
  }

 private:
  bool read_hex4(unsigned& cp) noexcept {
    if (pos_ + 4 > text_.size()) return false;
    cp = 0;
    for (int i = 0; i < 4; ++i) {
      const int h = hex_value(text_[pos_++]);
      if (h < 0) return false;
      cp = cp * 16 + static_cast<unsigned>(h);
    }
    return true;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::string scratch_;
};

}  // namespace

bool parse_rsyslog_input(std::string_view name, rsyslog_input& out) noexcept {
  if (name == "msg") {
    out = rsyslog_input::msg;
    return true;
  }
  if (name == "fulljson") {
    out = rsyslog_input::fulljson;
    return true;
  }
  return false;
}

std::string check_rsyslog_marker(std::string_view marker) {
  for (char c : marker) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return "invalid --marker (expected letters, digits and '_')";
  }
  if (marker.size() > 64) return "invalid --marker (longer than 64 bytes)";
  return {};
}

rsyslog_session::rsyslog_session(const policy& pol, const rsyslog_settings& settings)
    : pol_(pol), redactor_(pol), settings_(settings) {}

// Redacts `text` as one message into redacted_; true when it changed.
bool rsyslog_session::redact_text(std::string_view text, std::string& out) {
  if (!pol_.might_redact(text)) return false;
  // Fails closed: if the redactor cannot run, `out` is the mask of each line.
  (void)redact_or_mask(redactor_, text, out);
  return out != text;
}

void rsyslog_session::answer(std::string_view line, std::string& out) {
  ++requests_;
  if (settings_.input == rsyslog_input::msg) {
    answer_msg(line, out);
  } else {
    answer_fulljson(line, out);
  }
  out += '\n';
}

namespace {
void append_marker_member(std::string& out, const std::string& marker) {
  out += '"';
  out += marker;  // checked: letters, digits and '_' only
  out += "\":\"ok\"";
}
}  // namespace

void rsyslog_session::answer_msg(std::string_view line, std::string& out) {
  const bool changed = redact_text(line, redacted_);
  if (changed) ++changed_;
  out += '{';
  if (changed) {
    out += "\"msg\":\"";
    append_escaped(out, redacted_);
    out += '"';
  }
  if (!settings_.marker.empty()) {
    if (changed) out += ',';
    out += "\"$!\":{";
    append_marker_member(out, settings_.marker);
    out += '}';
  }
  out += '}';
}

// rsyslog keeps MSG inside rawmsg, as its tail from a fixed offset: setting
// msg rewrites that tail, while setting rawmsg copies bytes without moving
// the offset (runtime/msg.c). So the answer never changes the length of the
// part of rawmsg before MSG (the header, where structured data sits), and
// names rawmsg before msg: rawmsg = redacted header + redacted MSG, then
// msg = redacted MSG, which leaves both consistent.
void rsyslog_session::answer_fulljson(std::string_view line, std::string& out) {
  const std::size_t start = out.size();
  json_reader in(line);
  bool changed = false;
  bool tree_answered = false;
  std::optional<std::string> msg, rawmsg;  // decoded, when present
  others_.clear();                         // the answer's other members

  auto unreadable = [&]() {
    // Not the JSON object mmexternal sends: the text cannot be found, so
    // mask the two properties every output uses, and give no marker (the
    // configuration's fail-closed branch takes the message).
    out.resize(start);
    out += R"({"msg":"***","rawmsg":"***"})";
    ++changed_;
  };
  auto member = [&](std::string_view name) {
    others_ += others_.empty() ? "\"" : ",\"";
    others_ += name;
    others_ += "\":";
  };

  if (!in.consume('{')) return unreadable();
  if (!in.consume('}')) {
    for (;;) {
      std::string_view raw_key;
      if (!in.read_string(decoded_, raw_key) || !in.consume(':')) return unreadable();
      const std::string key = decoded_;  // small; decoded_ is reused below
      if (key == "$!" && in.peek('{')) {
        // Copy the tree, redacting every string value in it.
        tree_.clear();
        bool tree_changed = false;
        std::size_t members = 0;
        auto on_string = [&](std::string_view decoded, std::string_view raw, std::string& o) {
          if (redact_text(decoded, redacted_)) {
            o += '"';
            append_escaped(o, redacted_);
            o += '"';
            tree_changed = true;
          } else {
            o += raw;
          }
        };
        if (!in.copy_value(tree_, 0, on_string, &members)) return unreadable();
        if (tree_changed) {
          member("$!");
          if (settings_.marker.empty()) {
            others_ += tree_;
          } else {
            // The marker goes last so that it wins over a member of the same name.
            tree_.pop_back();  // the closing brace
            others_ += tree_;
            if (members > 0) others_ += ',';
            append_marker_member(others_, settings_.marker);
            others_ += '}';
          }
          tree_answered = true;
          changed = true;
        }
      } else if ((key == "msg" || key == "rawmsg") && in.peek('"')) {
        std::string_view raw;
        if (!in.read_string(decoded_, raw)) return unreadable();
        (key == "msg" ? msg : rawmsg) = decoded_;
      } else if (is_text_property(key) && in.peek('"')) {
        std::string_view raw;
        if (!in.read_string(decoded_, raw)) return unreadable();
        if (redact_text(decoded_, redacted_)) {
          member(key);
          others_ += '"';
          append_escaped(others_, redacted_);
          others_ += '"';
          changed = true;
        }
      } else if (!in.skip_value(0)) {
        return unreadable();
      }
      if (in.consume('}')) break;
      if (!in.consume(',')) return unreadable();
    }
  }
  if (!in.at_end()) return unreadable();

  // msg, and rawmsg's header (see above).
  std::string msg_out;
  bool msg_changed = false;
  if (msg) {
    msg_changed = redact_text(*msg, redacted_);
    msg_out = msg_changed ? redacted_ : *msg;
  }
  std::optional<std::string> raw_out;
  if (rawmsg) {
    if (msg && rawmsg->size() >= msg->size() &&
        std::string_view(*rawmsg).substr(rawmsg->size() - msg->size()) == *msg) {
      const std::string_view header =
          std::string_view(*rawmsg).substr(0, rawmsg->size() - msg->size());
      if (redact_text(header, redacted_)) {
        // Same length as before: padded with spaces, or cut (a mask longer
        // than what it hides).
        redacted_.resize(header.size(), ' ');
        raw_out = redacted_ + msg_out;
      }
    } else if (redact_text(*rawmsg, redacted_)) {
      // MSG is not where it should be: mask all of rawmsg (same length); the
      // msg answer below then rewrites its tail.
      raw_out = std::string(rawmsg->size(), '*');
      if (!msg) msg_out.clear();
    }
  }

  out += '{';
  bool first = true;
  if (raw_out) {
    out += "\"rawmsg\":\"";
    append_escaped(out, *raw_out);
    out += '"';
    first = false;
  }
  if (raw_out || msg_changed) {
    if (!first) out += ',';
    out += "\"msg\":\"";
    append_escaped(out, msg_out);
    out += '"';
    first = false;
    changed = true;
  }
  if (!others_.empty()) {
    if (!first) out += ',';
    out += others_;
    first = false;
  }
  if (!tree_answered && !settings_.marker.empty()) {
    if (!first) out += ',';
    out += "\"$!\":{";
    append_marker_member(out, settings_.marker);
    out += '}';
  }
  out += '}';
  if (changed) ++changed_;
}

int run_rsyslog(const policy_options& options, const rsyslog_settings& settings, int in_fd,
                int out_fd, int err_fd) {
  auto fail = [&](std::string_view message) {
    // One line: rsyslog reads it as the first answer and logs it as an
    // invalid reply, which is how the error reaches the operator.
    std::string text = "redact: ";
    text += message;
    text += '\n';
    (void)write_all(err_fd, text.data(), text.size());
    return 2;
  };
  if (const std::string e = check_rsyslog_marker(settings.marker); !e.empty()) return fail(e);
  const policy pol(options);
  if (!pol.ok()) return fail(pol.error());
  rsyslog_session session(pol, settings);

  // mmexternal writes one request and waits for its answer, so each read
  // usually returns one whole line. Requests that arrive together are
  // answered with one write.
  constexpr std::size_t k_read_size = std::size_t{64} << 10;
  std::vector<char> buffer(k_read_size);
  std::string pending;  // the start of a request whose LF has not arrived
  std::string answers;
  for (;;) {
    const long n = read_some(in_fd, buffer.data(), buffer.size());
    if (n == 0) return 0;  // rsyslog closed the pipe: the action stops
    if (n < 0) return 2;
    std::string_view data(buffer.data(), static_cast<std::size_t>(n));
    answers.clear();
    while (!data.empty()) {
      const std::size_t lf = data.find('\n');
      if (lf == std::string_view::npos) {
        pending.append(data);
        break;
      }
      if (pending.empty()) {
        session.answer(data.substr(0, lf), answers);
      } else {
        pending.append(data.substr(0, lf));
        session.answer(pending, answers);
        pending.clear();
      }
      data.remove_prefix(lf + 1);
    }
    if (!answers.empty() && write_all(out_fd, answers.data(), answers.size()) != 0) return 2;
  }
}

}  // namespace redact::cli
