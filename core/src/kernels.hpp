// Internal: the prefilter kernels as one table, and the span kernels.
//
// A kernel is a find function (prefilter.hpp: the next candidate position)
// and the span function that goes with it (the next byte in or out of a
// byte class). The table lists the kernels this build has in priority order
// with the CPU check each needs; dispatch takes the first one the CPU runs,
// or the one REDACT_KERNEL names:
//
//   const kernel_impl& k = select_kernel();   // once per policy
//   std::size_t j = k.find(tables, d, i, n, nullptr);
//
// On x86-64 the table is dispatch_x86.cpp's (AVX-512 VBMI, AVX-512 BW,
// AVX2, SSE2, scalar); elsewhere dispatch_portable.cpp's (scalar only). ctest reads the
// names from the same table (tests/core/CMakeLists.txt), and
// policy::kernel() returns the chosen entry's name.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "prefilter.hpp"

namespace redact::detail {

/// A set of bytes for span scanning: `member` for every byte, and a
/// pshufb-friendly form for ASCII (row bits per low nibble, one bit per high
/// nibble 0..7; bytes >= 0x80 must not be members).
struct byte_class {
  bool member[256] = {};
  alignas(32) std::uint8_t lut[32] = {};

  template <class Pred>
  constexpr explicit byte_class(Pred pred) {
    for (int c = 0; c < 256; ++c) member[c] = pred(static_cast<unsigned char>(c));
    for (int c = 0; c < 128; ++c)
      if (member[c]) {
        lut[c & 15] = static_cast<std::uint8_t>(lut[c & 15] | (1u << (c >> 4)));
        lut[16 + (c & 15)] = lut[c & 15];
      }
  }
};

/// First position >= i whose byte is (want = true) / is not (want = false) a
/// member of `cls`, or n.
using span_fn = std::size_t (*)(const byte_class& cls, const char* d, std::size_t i, std::size_t n,
                                bool want);

struct kernel_impl {
  std::string_view name;
  bool (*available)() noexcept;  // does this CPU run it?
  find_fn find;
  span_fn span;
};

/// This build's kernels in priority order; the last one (scalar) always runs.
std::span<const kernel_impl> kernel_table() noexcept;

/// The kernel named `name` in the table, or null.
const kernel_impl* kernel_named(std::string_view name) noexcept;

/// The kernel to use on this CPU: the one REDACT_KERNEL names if the CPU
/// runs it, else the first of the table the CPU runs.
const kernel_impl& select_kernel() noexcept;

/// The portable kernels (kernel_scalar.cpp, span_kernels.cpp).
std::size_t find_scalar(const prefilter_tables&, const char*, std::size_t, std::size_t, find_hint*);
std::size_t span_scalar(const byte_class&, const char*, std::size_t, std::size_t, bool);

}  // namespace redact::detail
