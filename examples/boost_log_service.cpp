// example_boost_log OUTFILE — a service that logs through Boost.Log with
// every credential stripped before it reaches the file.
//
// The adoption is the lines marked (1)-(3): the file backend is wrapped in
// redact::boost_log::redacting_backend. Try:
//   export QUBITTRON_API_KEY=qbt_$(openssl rand -hex 16)
//   ./example_boost_log out.log && cat out.log
#include <boost/log/attributes/constant.hpp>
#include <boost/log/core.hpp>
#include <boost/log/expressions.hpp>
#include <boost/log/sinks/sync_frontend.hpp>
#include <boost/log/sinks/text_file_backend.hpp>
#include <boost/log/sources/record_ostream.hpp>
#include <boost/log/sources/severity_logger.hpp>
#include <boost/log/trivial.hpp>
#include <boost/make_shared.hpp>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "redact/boost_log/redacting_backend.hpp"

namespace logging = boost::log;
namespace sinks = boost::log::sinks;
namespace expr = boost::log::expressions;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTFILE\n", argv[0]);
    return 2;
  }
  const char* env = std::getenv("QUBITTRON_API_KEY");
  const std::string api_key =
      (env != nullptr && *env != '\0') ? env : "qbt_ExampleOnly0123456789abcdef";

  try {
    redact::policy_options options;  // SPEC defaults: qbt_ keys, Authorization
    options.secrets.push_back({"QUBITTRON_API_KEY", api_key});
    redact::policy policy(std::move(options));
    if (!policy.ok()) {
      std::fprintf(stderr, "redact: %s\n", policy.error().c_str());
      return 2;
    }

    // Boost 1.74's text_file_backend ignores a single keyword argument, so
    // the file name is set after construction.
    auto file = boost::make_shared<sinks::text_file_backend>();
    file->set_file_name_pattern(argv[1]);
    file->set_open_mode(std::ios::out | std::ios::trunc);
    file->auto_flush(true);

    using backend = redact::boost_log::redacting_backend<sinks::text_file_backend>;  // (1)
    auto sink = boost::make_shared<sinks::synchronous_sink<backend>>(
        boost::make_shared<backend>(policy, file));  // (2)
    sink->set_formatter(expr::stream << "[" << expr::attr<std::string>("Service") << "] "
                                     << logging::trivial::severity << ": " << expr::smessage);
    logging::core::get()->add_sink(sink);  // (3)

    logging::sources::severity_logger<logging::trivial::severity_level> lg;
    lg.add_attribute("Service", logging::attributes::constant<std::string>("billing"));
    using logging::trivial::info;
    using logging::trivial::warning;

    BOOST_LOG_SEV(lg, info) << "service starting, version 1.4.2";
    BOOST_LOG_SEV(lg, info) << "POST https://api.qubittron.example/v1/jobs HTTP/1.1\r\n"
                            << "Authorization: Bearer " << api_key
                            << "\r\nContent-Type: application/json";
    BOOST_LOG_SEV(lg, info) << R"(upstream request headers: {"authorization": "Bearer )" << api_key
                            << R"(", "accept": "*/*"})";
    BOOST_LOG_SEV(lg, warning) << "retrying with key " << api_key << " after HTTP 429";
    BOOST_LOG_SEV(lg, info) << "config loaded: QUBITTRON_API_KEY=" << api_key
                            << " region=eu-west-1";
    BOOST_LOG_SEV(lg, info) << "job 7f3a completed in 182 ms";

    logging::core::get()->remove_sink(sink);
    sink->flush();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "example_boost_log: %s\n", e.what());
    return 1;
  }
  return 0;
}
