// Escape sequences: the grammar (SPEC "Terminal escape sequences are
// transparent"), the queue and the escape stage (escapes.hpp).
#include "escapes.hpp"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

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

escape_match read_escape(const char* d, std::size_t lo, std::size_t i, std::size_t end) noexcept {
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
  // The last backslash of a run: the run's last (at most 8) belong to an
  // introducer when one of k_texts and a CSI body follow; any before are text.
  const std::size_t r = i + 1;
  if (r >= end) return more;
  for (auto t : k_texts) {
    const std::size_t avail = std::min(t.size(), end - r);
    if (std::memcmp(d + r, t.data(), avail) != 0) continue;
    if (avail < t.size()) return more;
    escape_match m = csi_body(d, r + t.size(), end);
    if (m.result == escape_match::kind::need_more) return m;
    if (m.result == escape_match::kind::none) break;
    std::size_t s = i;
    while (s > lo && d[s - 1] == '\\' && r - s < k_max_intro_backslashes) --s;
    m.start = s;
    return m;
  }
  return none;
}

namespace {
bool may_start(const char* d, std::size_t i, std::size_t n) {
  const auto c = static_cast<unsigned char>(d[i]);
  if (c == k_esc) return true;
  if (c != '\\') return false;
  if (i + 1 >= n) return true;
  const char x = d[i + 1];
  return x == 'u' || x == 'x' || x == '0';
}
}  // namespace

std::size_t find_escape_scalar(const char* d, std::size_t i, std::size_t n) {
  while (i < n && !may_start(d, i, n)) ++i;
  return i;
}

#if defined(__x86_64__)
namespace {

// The candidate bits of the 32 positions at p (33 bytes readable).
__attribute__((target("avx2"), always_inline)) inline unsigned escape_block(const char* p) {
  const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  const __m256i next = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 1));
  const __m256i intro =
      _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(next, _mm256_set1_epi8('u')),
                                      _mm256_cmpeq_epi8(next, _mm256_set1_epi8('x'))),
                      _mm256_cmpeq_epi8(next, _mm256_set1_epi8('0')));
  const __m256i hit =
      _mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(0x1b)),
                      _mm256_and_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('\\')), intro));
  return static_cast<unsigned>(_mm256_movemask_epi8(hit));
}

}  // namespace

// Per 32 positions: ESC bytes, and backslashes whose next byte is `u`, `x`
// or `0` (the next bytes loaded one position on). The positions left after
// the last whole block are covered by one block overlapping the previous
// one (checked positions masked off), so a short message costs no scalar
// loop; the last position, whose next byte is outside, by the scalar test.
__attribute__((target("avx2"))) std::size_t find_escape_avx2(const char* d, std::size_t i,
                                                             std::size_t n) {
  // Most text holds neither byte: 64 positions are ruled out with two
  // compares per 32 bytes before the exact test.
  const __m256i esc = _mm256_set1_epi8(0x1b), bs = _mm256_set1_epi8('\\');
  for (; i + 65 <= n; i += 64) {
    const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(d + i));
    const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(d + i + 32));
    const __m256i any =
        _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(a, esc), _mm256_cmpeq_epi8(a, bs)),
                        _mm256_or_si256(_mm256_cmpeq_epi8(b, esc), _mm256_cmpeq_epi8(b, bs)));
    if (_mm256_testz_si256(any, any)) continue;
    if (const unsigned mask = escape_block(d + i); mask != 0)
      return i + static_cast<unsigned>(__builtin_ctz(mask));
    if (const unsigned mask = escape_block(d + i + 32); mask != 0)
      return i + 32 + static_cast<unsigned>(__builtin_ctz(mask));
  }
  for (; i + 33 <= n; i += 32)
    if (const unsigned mask = escape_block(d + i); mask != 0)
      return i + static_cast<unsigned>(__builtin_ctz(mask));
  if (n >= 33 && i + 1 < n) {
    const std::size_t b = n - 33;  // b < i: positions b .. n - 2
    const unsigned mask = escape_block(d + b) & (~0u << (i - b));
    if (mask != 0) return b + static_cast<unsigned>(__builtin_ctz(mask));
    i = n - 1;
  }
  return find_escape_scalar(d, i, n);
}
#endif

find_escape_fn select_escape_kernel(std::string_view kernel) noexcept {
#if defined(__x86_64__)
  return kernel == "scalar" || kernel == "sse2" ? find_escape_scalar : find_escape_avx2;
#else
  (void)kernel;
  return find_escape_scalar;  // the only kernel off x86-64
#endif
}

bool contains_escape(std::string_view text) noexcept {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c != k_esc && c != '\\') continue;
    if (read_escape(text.data(), 0, i, text.size()).result == escape_match::kind::sequence)
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
