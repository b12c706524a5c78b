// bench_common.cpp — see bench_common.hpp.
#include "bench_common.hpp"

#include <array>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <new>

namespace redact::bench {
namespace {

std::size_t env_size(const char* name, std::size_t fallback) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return fallback;
  char* end = nullptr;
  const unsigned long long n = std::strtoull(v, &end, 10);
  return (end != nullptr && *end == '\0' && n > 0) ? static_cast<std::size_t>(n) : fallback;
}

std::atomic<std::uint64_t> allocation_count{0};

}  // namespace

std::size_t corpus_bytes() { return env_size("REDACT_BENCH_MIB", 64) << 20; }
std::size_t slice_bytes() { return env_size("REDACT_BENCH_SLICE_KIB", 512) << 10; }

const std::string& corpus(corpus::kind k) {
  static std::mutex mutex;
  static std::array<std::unique_ptr<std::string>, 4> cache;
  std::lock_guard lock(mutex);
  auto& slot = cache[static_cast<std::size_t>(k)];
  if (!slot) {
    slot = std::make_unique<std::string>(corpus::generate(k, corpus_bytes(), corpus_seed));
  }
  return *slot;
}

std::string_view corpus_slice(corpus::kind k, std::size_t n) {
  const std::string& text = corpus(k);
  if (n >= text.size()) return text;
  const std::size_t lf = text.rfind('\n', n - 1);
  return std::string_view(text).substr(0, lf == std::string::npos ? n : lf + 1);
}

std::vector<std::string_view> line_blocks(std::string_view text, std::size_t max) {
  std::vector<std::string_view> blocks;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = std::min(text.size(), pos + max);
    if (end < text.size()) {
      const std::size_t lf = text.rfind('\n', end - 1);
      if (lf != std::string_view::npos && lf >= pos) {
        end = lf + 1;
      } else {
        const std::size_t next = text.find('\n', end);
        end = next == std::string_view::npos ? text.size() : next + 1;
      }
    }
    blocks.push_back(text.substr(pos, end - pos));
    pos = end;
  }
  return blocks;
}

std::uint64_t allocations() noexcept { return allocation_count.load(std::memory_order_relaxed); }

}  // namespace redact::bench

// Counting replacements of the global allocation functions (the aligned and
// nothrow forms of libstdc++ forward to these).
void* operator new(std::size_t n) {
  redact::bench::allocation_count.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return ::operator new(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
