// Fuzz target 4 — the core agrees with the oracle (tests/support/oracle):
// output bytes and findings, one-shot and in random chunks. Inputs are capped
// at 8 KiB (the oracle is quadratic by design). The oracle itself must be
// idempotent (SPEC property 2, with its one known exception, see
// fuzz_idempotence.cpp), so a failure here can be attributed.
#include "differential.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 8192) return -1;  // keep out of the corpus
  redact::fuzz::byte_reader in(data, size);
  const std::size_t which = in.below(redact::fuzz::policies().size());
  const auto& pol = redact::fuzz::policies()[which];
  const auto& opts = redact::fuzz::policy_options_list()[which];
  std::vector<std::size_t> chunks;
  const std::size_t n_chunks = in.below(4) + 1;
  for (std::size_t i = 0; i < n_chunks; ++i) chunks.push_back(in.below(32) + 1);
  const std::string_view text = in.rest();

  const auto want = redact::oracle::oracle_run(text, opts);
  const auto again = redact::oracle::oracle_run(want.output, opts);
  bool url_only = true;
  for (const auto& f : again.findings) url_only = url_only && f.kind == redact::finding_kind::url;
  const bool url_exception = !again.findings.empty() && url_only &&
                             (want.output.find("://") != std::string::npos ||
                              want.output.find(":\\/\\/") != std::string::npos);
  if (!url_exception && (again.output != want.output || !again.findings.empty())) {
    redact::fuzz::fail("the oracle is not idempotent");
  }
  if (redact::fuzz::oracle_only()) return 0;
  const std::string diff =
      redact::differential::compare(want, redact::differential::run_core(text, pol));
  if (!diff.empty()) redact::fuzz::fail("core != oracle", diff);
  const std::string diff2 =
      redact::differential::compare(want, redact::differential::run_core(text, pol, chunks));
  if (!diff2.empty()) redact::fuzz::fail("core (chunked) != oracle", diff2);
  return 0;
}
