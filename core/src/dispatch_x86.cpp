// The kernel table (kernels.hpp) on x86-64, in priority order, with the CPU
// check each kernel needs (__builtin_cpu_supports reads CPUID once).
// tests/core/CMakeLists.txt reads the names from the table below (one entry
// per line, name first), so keep that layout.
#include "kernels_x86.hpp"

namespace redact::detail {

namespace {

bool always() noexcept { return true; }

bool has_avx2() noexcept {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2");
}

bool has_avx512bw() noexcept {
  return has_avx2() && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
}

bool has_avx512vbmi() noexcept { return has_avx512bw() && __builtin_cpu_supports("avx512vbmi"); }

constexpr kernel_impl k_kernels[] = {
    {"avx512vbmi", has_avx512vbmi, find_avx512vbmi, span_avx2},
    {"avx512", has_avx512bw, find_avx512, span_avx2},
    {"avx2", has_avx2, find_avx2, span_avx2},
    {"sse2", always, find_sse2, span_scalar},
    {"scalar", always, find_scalar, span_scalar},
};

}  // namespace

std::span<const kernel_impl> kernel_table() noexcept { return k_kernels; }

}  // namespace redact::detail
