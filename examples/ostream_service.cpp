// example_ostream OUTFILE — a service whose threads log through std::clog,
// with every credential stripped before it reaches the file.
//
// The adoption is the lines marked (1) and (2): a redacting filter in front
// of std::clog's stream buffer, installed before the threads start and
// removed after they stopped. Here std::clog writes to OUTFILE; in a real
// service the filter's target is std::clog.rdbuf() (stderr). Try:
//   export QUBITTRON_API_KEY=qbt_$(openssl rand -hex 16)
//   ./example_ostream out.log && cat out.log
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>

#include "redact/ostream/redacting_streambuf.hpp"

namespace {

void log_info(const std::string& text) { std::clog << "[billing] info: " << text << '\n'; }

}  // namespace

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
    redact::policy_options options;  // SPEC defaults: qbt_ keys, Authorization
    options.secrets.push_back({"QUBITTRON_API_KEY", api_key});  // also masked verbatim
    redact::policy policy(std::move(options));
    if (!policy.ok()) {
      std::fprintf(stderr, "redact: %s\n", policy.error().c_str());
      return 2;
    }
    std::filebuf file;
    if (file.open(argv[1], std::ios::out | std::ios::trunc | std::ios::binary) == nullptr) {
      std::fprintf(stderr, "example_ostream: cannot open %s\n", argv[1]);
      return 1;
    }

    redact::ostream::redacting_streambuf filter(&file, policy);  // (1) the filter...
    std::streambuf* const original = std::clog.rdbuf(&filter);   // (2) ...in front of std::clog

    log_info("service starting, version 1.4.2");
    std::thread workers[] = {
        std::thread([&api_key] {
          std::clog << "[billing] info: POST https://api.qubittron.example/v1/jobs HTTP/1.1\r\n"
                    << "Authorization: Bearer " << api_key
                    << "\r\nContent-Type: application/json\n";
          log_info(R"(upstream request headers: {"authorization": "Bearer )" + api_key +
                   R"(", "accept": "*/*"})");
        }),
        std::thread([&api_key] {
          std::clog << "[billing] warning: retrying with key " << api_key << " after HTTP 429\n";
          log_info("config loaded: QUBITTRON_API_KEY=" + api_key + " region=eu-west-1");
        })};
    for (auto& w : workers) w.join();
    log_info("job 7f3a completed in 182 ms");

    std::clog.rdbuf(original);  // before `filter` goes away
  } catch (const std::exception& e) {
    std::fprintf(stderr, "example_ostream: %s\n", e.what());
    return 1;
  }
  return 0;
}
