// corpus_gen.cpp — writes a generated corpus to stdout (for whole-process
// comparisons in bench/compare and for looking at the data).
//
//   redact_corpus_gen realistic 128 > /tmp/realistic.log      # 128 MiB, seed 42
//   redact_corpus_gen adversarial 1 7 | less                    # 1 MiB, seed 7
#include <cstdio>
#include <cstdlib>
#include <string>

#include "corpus.hpp"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s clean|realistic|dense|adversarial MiB [SEED]\n", argv[0]);
    return 2;
  }
  const auto k = redact::corpus::parse_kind(argv[1]);
  if (!k) {
    std::fprintf(stderr, "unknown corpus kind\n");
    return 2;
  }
  const std::size_t mib = std::strtoul(argv[2], nullptr, 10);
  const std::uint64_t seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 42;
  const std::string text = redact::corpus::generate(*k, mib << 20, seed);
  return std::fwrite(text.data(), 1, text.size(), stdout) == text.size() ? 0 : 1;
}
