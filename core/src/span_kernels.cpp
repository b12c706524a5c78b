// The portable span kernel (kernels.hpp): the first byte at or after i that
// is (or is not) in a byte class. The scanner runs a span kernel over the
// bytes that cannot end an open span (a key body, a token, base64, a mode's
// "stop" bytes); span_kernels_x86.cpp has the AVX2 one.
#include "kernels.hpp"

namespace redact::detail {

std::size_t span_scalar(const byte_class& cls, const char* d, std::size_t i, std::size_t n,
                        bool want) {
  const auto* u = reinterpret_cast<const unsigned char*>(d);
  while (i < n && cls.member[u[i]] != want) ++i;
  return i;
}

}  // namespace redact::detail
