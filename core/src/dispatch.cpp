// Kernel selection (kernels.hpp): the first kernel of the table the CPU
// runs, or the one REDACT_KERNEL names (the tests run every kernel this way,
// as simdutf's SIMDUTF_FORCE_IMPLEMENTATION does). A name the table does not
// have, or a kernel the CPU cannot run, is ignored: the best kernel runs.
// Selection happens once per policy, at construction.
#include <cstdlib>

#include "kernels.hpp"

namespace redact::detail {

const kernel_impl* kernel_named(std::string_view name) noexcept {
  for (const kernel_impl& k : kernel_table())
    if (k.name == name) return &k;
  return nullptr;
}

const kernel_impl& select_kernel() noexcept {
  const std::span<const kernel_impl> table = kernel_table();
  if (const char* env = std::getenv("REDACT_KERNEL"); env != nullptr)
    if (const kernel_impl* k = kernel_named(env); k != nullptr && k->available()) return *k;
  for (const kernel_impl& k : table)
    if (k.available()) return k;
  return table.back();
}

}  // namespace redact::detail
