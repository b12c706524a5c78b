// Rule S's lines and encoded forms (secret_forms.hpp).
#include "secret_forms.hpp"

#include <algorithm>

namespace redact::detail {

std::vector<std::string_view> secret_lines(std::string_view value, std::size_t min_len) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= value.size(); ++i) {
    if (i < value.size() && value[i] != '\r' && value[i] != '\n') continue;
    if (i - start >= min_len) lines.push_back(value.substr(start, i - start));
    if (i + 1 < value.size() && value[i] == '\r' && value[i + 1] == '\n') ++i;  // CRLF
    start = i + 1;
  }
  return lines;
}

namespace {

constexpr char k_standard[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// The base64 characters (standard alphabet) whose six bits all come from
// `secret` when it starts at byte `offset` of a 3-byte group.
std::string base64_at(std::string_view secret, std::size_t offset) {
  std::string bits_of;  // the bytes as encoded: `offset` unknown bytes, then the secret
  bits_of.assign(offset, '\0');
  bits_of.append(secret);
  const std::size_t first_bit = 8 * offset, last_bit = 8 * bits_of.size();
  std::string out;
  for (std::size_t k = 0; 6 * k + 6 <= last_bit; ++k) {
    if (6 * k < first_bit) continue;
    unsigned v = 0;
    for (std::size_t b = 6 * k; b < 6 * k + 6; ++b)
      v = (v << 1) | ((static_cast<unsigned char>(bits_of[b / 8]) >> (7 - b % 8)) & 1u);
    out.push_back(k_standard[v]);
  }
  return out;
}

bool unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

std::string percent_encoded(std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (unreserved(c)) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

std::string json_escaped(std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
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
        if (c < 0x20) {
          out += "\\u00";
          out.push_back(hex[c >> 4]);
          out.push_back(hex[c & 15]);
        } else {
          out.push_back(ch);
        }
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> secret_forms(std::string_view secret, std::size_t min_len) {
  std::vector<std::string> forms;
  auto add = [&](std::string f) {
    if (f.size() >= min_len && f != secret) forms.push_back(std::move(f));
  };
  for (std::size_t offset = 0; offset < 3; ++offset) {
    std::string standard = base64_at(secret, offset);
    std::string url_safe = standard;
    std::replace(url_safe.begin(), url_safe.end(), '+', '-');
    std::replace(url_safe.begin(), url_safe.end(), '/', '_');
    const bool differs = url_safe != standard;
    add(std::move(standard));
    if (differs) add(std::move(url_safe));
  }
  add(percent_encoded(secret));
  add(json_escaped(secret));
  return forms;
}

}  // namespace redact::detail
