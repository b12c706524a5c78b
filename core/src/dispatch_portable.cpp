// The kernel table (kernels.hpp) on CPUs other than x86-64: the scalar
// kernel alone.
#include "kernels.hpp"

namespace redact::detail {

namespace {

bool always() noexcept { return true; }

constexpr kernel_impl k_kernels[] = {
    {"scalar", always, find_scalar, span_scalar},
};

}  // namespace

std::span<const kernel_impl> kernel_table() noexcept { return k_kernels; }

}  // namespace redact::detail
