// example_spdlog OUTFILE — a service that logs through spdlog with every
// credential stripped before it reaches the file.
//
// The adoption is the two lines marked (1) and (2); everything else is an
// ordinary spdlog set-up. Try:
//   export QUBITTRON_API_KEY=qbt_$(openssl rand -hex 16)
//   ./example_spdlog out.log && cat out.log
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "redact/spdlog/redacting_sink.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTFILE\n", argv[0]);
    return 2;
  }
  // The service's own key: from the environment, or a synthetic one.
  const char* env = std::getenv("QUBITTRON_API_KEY");
  const std::string api_key =
      (env != nullptr && *env != '\0') ? env : "qbt_ExampleOnly0123456789abcdef";

  try {
    auto log = spdlog::basic_logger_mt("billing", argv[1], /*truncate=*/true);

    redact::policy_options options;  // SPEC defaults: qbt_ keys, Authorization
    options.secrets.push_back({"QUBITTRON_API_KEY", api_key});  // also masked verbatim
    redact::policy policy(std::move(options));
    if (!policy.ok()) {
      std::fprintf(stderr, "redact: %s\n", policy.error().c_str());
      return 2;
    }
    redact::spdlog::install(*log, policy);                 // (1) wrap every sink
    log->set_pattern("%Y-%m-%dT%H:%M:%S.%e [%n] %l: %v");  // (2) patterns set after install

    log->info("service starting, version 1.4.2");
    log->info(
        "POST https://api.qubittron.example/v1/jobs HTTP/1.1\r\n"
        "Authorization: Bearer {}\r\nContent-Type: application/json",
        api_key);
    log->debug("not written: debug is below the logger's level");
    log->info(R"(upstream request headers: {{"authorization": "Bearer {}", "accept": "*/*"}})",
              api_key);
    log->warn("retrying with key {} after HTTP 429", api_key);
    log->info("config loaded: QUBITTRON_API_KEY={} region=eu-west-1", api_key);
    log->info("job 7f3a completed in 182 ms");
    spdlog::shutdown();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "example_spdlog: %s\n", e.what());
    return 1;
  }
  return 0;
}
