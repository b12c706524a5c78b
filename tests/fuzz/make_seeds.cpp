// make_seeds — writes the fuzz targets' seed corpora (tests/fuzz/corpus/)
// from the shared tables (SPEC's examples and the per-rule tables in
// tests/support/spec), in each target's input layout (choice bytes first,
// then text).
//   fuzz_make_seeds tests/fuzz/corpus
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "tables.hpp"

namespace {

namespace fs = std::filesystem;
using redact::spec::config_id;

/// The fuzz_common.hpp policy closest to a row's configuration.
char policy_byte(config_id id) {
  switch (id) {
    case config_id::v1:
    case config_id::min_body_4:
    case config_id::secrets_v1:
      return 1;
    case config_id::extended:
    case config_id::multi_prefix:
    case config_id::allowlist:
    case config_id::secrets:
    case config_id::example_secret:
    case config_id::twin_secrets:
    case config_id::no_secret_forms:
      return 2;
    case config_id::prefix_rules:
      return 3;
    case config_id::no_jwt:
    case config_id::no_encoded:
    case config_id::no_private_keys:
      return 4;
    case config_id::no_url:
    case config_id::no_pairs:
    case config_id::no_key_table:
      return 5;
    default:
      return 0;
  }
}

void write(const fs::path& dir, std::size_t n, const std::string& bytes) {
  fs::create_directories(dir);
  char name[32];
  std::snprintf(name, sizeof name, "seed-%03zu", n);
  std::ofstream(dir / name, std::ios::binary) << bytes;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: fuzz_make_seeds OUTPUT_DIR\n";
    return 2;
  }
  const fs::path out = argv[1];
  std::size_t n = 0;
  for (const auto& c : redact::spec::all_rows()) {
    if (c.input.size() > 2048) continue;
    const char p = policy_byte(c.config);
    const std::string chunks{'\x02', '\x05', '\x01', '\x11'};  // 3 chunks: 6, 2, 18 bytes
    write(out / "fuzz_chunking", n, std::string(1, p) + chunks + c.input);
    write(out / "fuzz_oracle", n, std::string(1, p) + chunks + c.input);
    write(out / "fuzz_idempotence", n, std::string(1, p) + c.input);
    write(out / "fuzz_no_leak", n, c.input);
    write(out / "fuzz_config", n, std::string(1, '\x00') + c.input);
    ++n;
  }
  // Rules-file seeds for fuzz_config (flag byte 1, length byte, text).
  const std::string rules[] = {
      "# comment\nprefix sk_live_\nfield x-session\n",
      "regex ssn \\b\\d{3}-\\d{2}-(\\d{4})\\b\nallow qbt_EXAMPLEKEY0000000000\n",
      "secret-env DEPLOY_TOKEN\npreset extended\n",
      "prefix\nfield a:b\nregex (\n",
  };
  for (const auto& r : rules) {
    write(out / "fuzz_config", n++,
          std::string(1, '\x01') + std::string(1, static_cast<char>(r.size())) + r +
              "Authorization: Bearer abc\n");
  }
  std::cout << "wrote " << n << " seeds per target into " << out << '\n';
  return 0;
}
