// codec.cpp — see codec.hpp.
#include "codec.hpp"

namespace redact::oracle {

int base64_digit(char c, bool url_too) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  if (url_too && c == '-') return 62;
  if (url_too && c == '_') return 63;
  return -1;
}

std::string base64_decode_lenient(const std::vector<int>& digits) {
  std::string out;
  std::size_t i = 0;
  for (; i + 4 <= digits.size(); i += 4) {
    unsigned v = 0;
    for (std::size_t j = 0; j < 4; ++j) v = (v << 6) | static_cast<unsigned>(digits[i + j]);
    out.push_back(static_cast<char>((v >> 16) & 0xff));
    out.push_back(static_cast<char>((v >> 8) & 0xff));
    out.push_back(static_cast<char>(v & 0xff));
  }
  const std::size_t rest = digits.size() - i;
  if (rest >= 2) {  // a final single digit is ignored
    unsigned v = 0;
    for (std::size_t j = 0; j < rest; ++j) v = (v << 6) | static_cast<unsigned>(digits[i + j]);
    v <<= 6 * (4 - rest);
    out.push_back(static_cast<char>((v >> 16) & 0xff));
    if (rest == 3) out.push_back(static_cast<char>((v >> 8) & 0xff));
  }
  return out;
}

namespace {
constexpr std::string_view std_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view url_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Bit `i` (0 = most significant of byte 0) of `bytes`.
unsigned bit(std::string_view bytes, std::size_t i) {
  return (static_cast<unsigned char>(bytes[i / 8]) >> (7 - i % 8)) & 1u;
}
}  // namespace

std::string base64_encode(std::string_view bytes, bool url_safe, bool padding) {
  const std::string_view alphabet = url_safe ? url_alphabet : std_alphabet;
  std::string out;
  const std::size_t bits = bytes.size() * 8;
  for (std::size_t k = 0; 6 * k < bits; ++k) {
    unsigned v = 0;
    for (std::size_t b = 6 * k; b < 6 * k + 6; ++b) v = (v << 1) | (b < bits ? bit(bytes, b) : 0u);
    out.push_back(alphabet[v]);
  }
  if (padding) {
    while (out.size() % 4 != 0) out.push_back('=');
  }
  return out;
}

std::string base64_form(std::string_view secret, unsigned offset, bool url_safe) {
  const std::string_view alphabet = url_safe ? url_alphabet : std_alphabet;
  const std::string padded = std::string(offset, '\0') + std::string(secret);
  const std::size_t first_bit = 8 * offset;
  const std::size_t end_bit = 8 * padded.size();
  std::string out;
  for (std::size_t k = 0; 6 * k < end_bit; ++k) {
    // Keep only characters whose six bits all come from the secret.
    if (6 * k < first_bit || 6 * k + 6 > end_bit) continue;
    unsigned v = 0;
    for (std::size_t b = 6 * k; b < 6 * k + 6; ++b) v = (v << 1) | bit(padded, b);
    out.push_back(alphabet[v]);
  }
  return out;
}

std::optional<std::vector<char32_t>> utf8_decode(std::string_view s) {
  std::vector<char32_t> cps;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if (b0 < 0x80) {
      len = 1, cp = b0, min = 0;
    } else if ((b0 & 0xE0) == 0xC0) {
      len = 2, cp = b0 & 0x1F, min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
      len = 3, cp = b0 & 0x0F, min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
      len = 4, cp = b0 & 0x07, min = 0x10000;
    } else {
      return std::nullopt;
    }
    if (s.size() - i < len) return std::nullopt;
    for (std::size_t j = 1; j < len; ++j) {
      const auto b = static_cast<unsigned char>(s[i + j]);
      if ((b & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
    cps.push_back(cp);
    i += len;
  }
  return cps;
}

std::string percent_form(std::string_view secret) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : secret) {
    const auto u = static_cast<unsigned char>(c);
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(hex[u >> 4]);
      out.push_back(hex[u & 15]);
    }
  }
  return out;
}

std::string json_form(std::string_view secret) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (char c : secret) {
    const auto u = static_cast<unsigned char>(c);
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
        if (u < 0x20) {
          out += "\\u00";
          out.push_back(hex[u >> 4]);
          out.push_back(hex[u & 15]);
        } else {
          out.push_back(c);
        }
    }
  }
  return out;
}

std::vector<std::string> split_lines(std::string_view value) {
  std::vector<std::string> lines(1);
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\r' || value[i] == '\n') {
      if (value[i] == '\r' && i + 1 < value.size() && value[i + 1] == '\n') ++i;
      lines.emplace_back();
    } else {
      lines.back().push_back(value[i]);
    }
  }
  return lines;
}

}  // namespace redact::oracle
