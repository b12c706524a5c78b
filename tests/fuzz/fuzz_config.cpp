// Fuzz target 5 — configuration. Random policy_options (prefix rules with
// alphabets and bounds, field names, the three presets, the version-2
// switches, allowlist, exact secrets with line breaks and escape sequences,
// regexes, min_body, the regex window, the fingerprint key) and, when the
// command's library is built, random rules-file text: construction never
// crashes; a policy is refused exactly when docs/rules.md's configuration
// limits (interpretation V1, as the oracle reads them) say so, with a
// message; an accepted policy redacts random text identically one-shot and
// in chunks, and (without regexes, which the oracle does not implement)
// exactly as the oracle does.
#include <optional>

#include "differential.hpp"
#include "fuzz_common.hpp"

#ifdef REDACT_FUZZ_HAVE_CLI
#include "cli/rules_file.hpp"
#endif

namespace {

using redact::fuzz::byte_reader;

std::string piece(byte_reader& in, std::size_t max) { return std::string(in.bytes(max)); }

std::optional<std::size_t> bound(byte_reader& in) {
  static constexpr std::size_t bounds[] = {0, 1, 2, 4, 8, 16, 36, 255, 256, 257};
  if (in.flag()) return std::nullopt;
  return bounds[in.below(std::size(bounds))];
}

redact::policy_options random_options(byte_reader& in) {
  redact::policy_options o;
  if (in.flag()) o.prefixes.clear();
  for (std::size_t i = 0, n = in.below(3); i < n; ++i) {
    // Contract version 2: a prefix rule has an alphabet and optional bounds.
    const auto alphabet = static_cast<redact::key_alphabet>(in.below(3));
    const auto min = bound(in);
    const auto max = bound(in);
    o.prefixes.push_back({piece(in, 10), alphabet, min, max});
  }
  if (in.flag()) o.fields.clear();
  for (std::size_t i = 0, n = in.below(3); i < n; ++i) o.fields.push_back(piece(in, 16));
  o.preset = static_cast<redact::field_preset>(in.below(3));
  o.jwt = in.flag();
  o.url = in.flag();
  o.encoded = in.flag();
  o.pairs = in.flag();
  o.private_keys = in.flag();
  o.key_table = in.flag();
  o.secret_forms = in.flag();
  static constexpr std::size_t min_bodies[] = {0, 1, 2, 4, 8, 16, 255, 256, 257};
  o.min_body = min_bodies[in.below(std::size(min_bodies))];
  for (std::size_t i = 0, n = in.below(3); i < n; ++i) o.allowlist.push_back(piece(in, 24));
  for (std::size_t i = 0, n = in.below(3); i < n; ++i) {
    // Values may hold line breaks (split into lines) and escape sequences (refused).
    o.secrets.push_back({piece(in, 6), piece(in, 40)});
  }
  for (std::size_t i = 0, n = in.below(3); i < n; ++i) {
    o.regexes.push_back({piece(in, 6), piece(in, 24)});
  }
  static constexpr std::size_t windows[] = {0, 1, 63, 64, 65, 4096, std::size_t{1} << 20};
  o.regex_line_window = windows[in.below(std::size(windows))];
  if (in.flag()) o.fingerprint_key = piece(in, 16);
  return o;
}

void exercise(const redact::policy& pol, std::string_view text, byte_reader& in) {
  std::vector<std::size_t> chunks;
  for (std::size_t i = 0, n = in.below(4) + 1; i < n; ++i) chunks.push_back(in.below(24) + 1);
  redact::redactor one(pol);
  const std::string once = redact::fuzz::run_chunked(one, text, {});
  redact::redactor many(pol);
  if (redact::fuzz::run_chunked(many, text, chunks) != once) {
    redact::fuzz::fail("chunked output differs under a random policy");
  }
  if (!pol.ok() || !pol.options().regexes.empty() || text.size() > 2048) return;
  const auto want = redact::oracle::oracle_run(text, pol.options());
  const std::string diff =
      redact::differential::compare(want, redact::differential::run_core(text, pol));
  if (!diff.empty()) redact::fuzz::fail("core != oracle under a random policy", diff);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  byte_reader in(data, size);
  const bool rules_file = in.flag();
  if (!rules_file) {
    const redact::policy_options opts = random_options(in);
    const redact::policy pol(opts);
    const bool valid = redact::oracle::oracle_validate(opts).empty();
    if (pol.ok() != valid) redact::fuzz::fail("ok() disagrees with interpretation V1", pol.error());
    if (!pol.ok() && pol.error().empty()) redact::fuzz::fail("refused without a message");
    exercise(pol, in.rest(), in);
    return 0;
  }
#ifdef REDACT_FUZZ_HAVE_CLI
  const std::string text(in.bytes(512));
  redact::policy_options opts;
  std::string error;
  const auto env = [](const std::string& name) -> std::optional<std::string> {
    if (name.empty() || name[0] == 'X') return std::nullopt;
    return "env-secret-" + name;
  };
  if (redact::cli::parse_rules(text, "fuzz.rules", opts, error, env)) {
    const redact::policy pol(opts);
    if (!pol.ok()) redact::fuzz::fail("rules file accepted but policy refused", pol.error());
    exercise(pol, in.rest(), in);
  } else if (error.empty()) {
    redact::fuzz::fail("rules file refused without a message");
  }
#endif
  return 0;
}
