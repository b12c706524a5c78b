// Fuzz target 1 — chunking invariance and bounded hold-back (SPEC properties
// 1 and 4): for random input and random chunk boundaries, the concatenated
// output equals the one-shot output; held_back() never exceeds
// max_hold_back(); once a LF has been written, nothing before it is held.
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  redact::fuzz::byte_reader in(data, size);
  const auto& pol = redact::fuzz::policies()[in.below(redact::fuzz::policies().size())];
  std::vector<std::size_t> chunks;
  const std::size_t n_chunks = in.below(8) + 1;
  for (std::size_t i = 0; i < n_chunks; ++i) chunks.push_back(in.below(64) + 1);
  const std::string_view text = in.rest();

  redact::redactor one(pol);
  const std::string expected = redact::fuzz::run_chunked(one, text, {});

  redact::redactor r(pol);
  std::string out;
  redact::string_output sink(out);
  std::size_t pos = 0;
  for (std::size_t i = 0; pos < text.size(); ++i) {
    const std::size_t take = std::min(chunks[i % chunks.size()], text.size() - pos);
    const std::string_view chunk = text.substr(pos, take);
    r.write(chunk, sink);
    pos += take;
    if (r.held_back() > r.max_hold_back()) redact::fuzz::fail("hold-back above max_hold_back()");
    const std::size_t lf = text.substr(0, pos).rfind('\n');
    if (lf != std::string_view::npos && r.held_back() > pos - lf - 1) {
      redact::fuzz::fail("bytes before a written LF still held back");
    }
  }
  r.finish(sink);
  if (r.held_back() != 0) redact::fuzz::fail("bytes held after finish()");
  if (out != expected) redact::fuzz::fail("chunked output differs from one-shot output");
  if (redact::redact(text, pol) != expected) redact::fuzz::fail("redact() differs from redactor");
  return 0;
}
