// Internal: the x86-64 kernels (compiled on x86-64 only; see kernels.hpp for
// the table that lists them). Each is compiled for its instruction set with
// function-level target attributes, so no -m flag is needed and the rest of
// the library runs on any x86-64.
#pragma once

#include <cstddef>

#include "kernels.hpp"

namespace redact::detail {

std::size_t find_sse2(const prefilter_tables&, const char*, std::size_t, std::size_t, find_hint*);
std::size_t find_avx2(const prefilter_tables&, const char*, std::size_t, std::size_t, find_hint*);
std::size_t find_avx512(const prefilter_tables&, const char*, std::size_t, std::size_t, find_hint*);
std::size_t find_avx512vbmi(const prefilter_tables&, const char*, std::size_t, std::size_t,
                            find_hint*);
std::size_t span_avx2(const byte_class&, const char*, std::size_t, std::size_t, bool);

}  // namespace redact::detail
