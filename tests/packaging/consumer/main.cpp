#include <redact/ostream/redacting_streambuf.hpp>
#include <redact/redact.hpp>
#ifdef HAVE_SPDLOG
#include <redact/spdlog/redacting_sink.hpp>
#endif
#include <iostream>

int main() {
  const std::string out = redact::redact("Authorization: Bearer qbt_AbCdEf0123456789xyz");
  std::cout << out << '\n';
  return out == "Authorization: Bearer qbt_***" ? 0 : 1;
}
