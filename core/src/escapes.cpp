// Escape sequences: the grammar (SPEC "Terminal escape sequences are
// transparent"), the queue and the escape stage (escapes.hpp).
#include "escapes.hpp"

#include <cstring>

#include "restorer.hpp"

namespace redact::detail {

namespace {

constexpr unsigned char k_esc = 0x1b;

bool alnum(unsigned char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// A CSI body at d[b] (`[` there): at most 32 parameter (0x30-0x3F) and
// intermediate (0x20-0x2F but `*`) bytes, then a final byte (0x40-0x7E),
// which must be `m` when there is no parameter byte.
escape_match csi_body(const char* d, std::size_t b, std::size_t end) noexcept {
  escape_match m;
  if (b >= end) {
    m.result = escape_match::kind::need_more;
    return m;
  }
  if (d[b] != '[') return m;
  std::size_t k = b + 1;
  bool param = false;
  for (;; ++k) {
    if (k >= end) {
      m.result = escape_match::kind::need_more;
      return m;
    }
    const auto c = static_cast<unsigned char>(d[k]);
    if (c >= 0x30 && c <= 0x3f) {
      param = true;
    } else if (!(c >= 0x20 && c <= 0x2f && c != '*')) {
      break;
    }
    if (k - b > k_max_csi_bytes) return m;
  }
  const auto f = static_cast<unsigned char>(d[k]);
  if (f < 0x40 || f > 0x7e || (!param && f != 'm')) return m;
  m.result = escape_match::kind::sequence;
  m.end = k + 1;
  return m;
}

// The texts that follow an introducer's backslashes.
constexpr std::string_view k_texts[] = {"u001b", "u001B", "x1b", "x1B", "033"};

}  // namespace

const byte_class k_escape_start([](unsigned char c) { return c == k_esc || c == '\\'; });

escape_match read_escape(const char* d, std::size_t i, std::size_t end) noexcept {
  escape_match none;
  none.end = i + 1;
  escape_match more;
  more.result = escape_match::kind::need_more;
  if (static_cast<unsigned char>(d[i]) == k_esc) {
    if (i + 1 >= end) return more;
    const char c = d[i + 1];
    if (c == '[') {
      escape_match m = csi_body(d, i + 1, end);
      if (m.result == escape_match::kind::none) return none;
      m.start = i;
      return m;
    }
    std::size_t len = 0;
    if (c == '(' || c == ')' || c == '#' || c == '%') {
      if (i + 2 >= end) return more;
      if (alnum(static_cast<unsigned char>(d[i + 2]))) len = 3;
    } else if (c == '=' || c == '>' || c == '7' || c == '8') {
      len = 2;
    }
    if (len == 0) return none;
    escape_match m;
    m.result = escape_match::kind::sequence;
    m.start = i;
    m.end = i + len;
    return m;
  }
  // A run of backslashes: its last (at most 8) belong to an introducer when
  // one of k_texts and a CSI body follow; the ones before are text.
  std::size_t r = i;
  while (r < end && d[r] == '\\' && r - i < k_max_backslash_scan) ++r;
  if (r >= end) return more;
  if (d[r] == '\\') {  // a longer run: what is 8 or more from its end is text
    none.end = r - k_max_intro_backslashes;
    return none;
  }
  for (auto t : k_texts) {
    const std::size_t avail = std::min(t.size(), end - r);
    if (std::memcmp(d + r, t.data(), avail) != 0) continue;
    if (avail < t.size()) return more;
    escape_match m = csi_body(d, r + t.size(), end);
    if (m.result == escape_match::kind::need_more) return m;
    if (m.result == escape_match::kind::none) break;
    m.start = r - std::min<std::size_t>(r - i, k_max_intro_backslashes);
    return m;
  }
  none.end = r;
  return none;
}

bool contains_escape(std::string_view text) noexcept {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c != k_esc && c != '\\') continue;
    if (read_escape(text.data(), i, text.size()).result == escape_match::kind::sequence)
      return true;
  }
  return false;
}

escape_queue::escape_queue(std::size_t entries, std::size_t bytes)
    : cap_(entries),
      ring_(std::make_unique<entry[]>(entries)),
      byte_cap_(bytes),
      bytes_(std::make_unique<char[]>(bytes)) {}

void escape_queue::push(std::string_view seq, std::uint64_t pos, bool stamped) noexcept {
  const std::size_t tail = (bhead_ + used_) % byte_cap_;
  const std::size_t first = std::min(seq.size(), byte_cap_ - tail);
  std::memcpy(bytes_.get() + tail, seq.data(), first);
  if (first < seq.size()) std::memcpy(bytes_.get(), seq.data() + first, seq.size() - first);
  ring_[(head_ + size_) % cap_] =
      entry{pos, static_cast<std::uint32_t>(tail), static_cast<std::uint16_t>(seq.size()), stamped};
  ++size_;
  if (stamped && stamped_ + 1 == size_) ++stamped_;
  used_ += seq.size();
}

void escape_queue::pop() noexcept {
  const entry& e = ring_[head_];
  if (e.stamped) --stamped_;
  bhead_ = (bhead_ + e.len) % byte_cap_;
  used_ -= e.len;
  head_ = (head_ + 1) % cap_;
  --size_;
}

void escape_stage::enqueue(std::string_view seq) noexcept {
  // Full (a pathological run of sequences inside an undecided stretch): the
  // oldest are written out now, ahead of their place (docs/rules.md).
  while (!queue_.fits(seq.size())) out_.write_oldest();
  queue_.push(seq, plain_, stamped_);
}

}  // namespace redact::detail
