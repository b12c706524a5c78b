// A C++17 program using every part of redact it was given: the core, both
// std::ostream filters and, when they were built, the spdlog and Boost.Log
// adapters (templates instantiated, so their code is compiled as C++17 too).
// Exits 0 when every output is redacted.
#include <iostream>
#include <ostream>
#include <redact/ostream/redacting_streambuf.hpp>
#include <redact/redact.hpp>
#include <sstream>
#include <string>

#ifdef HAVE_SPDLOG
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <redact/spdlog/redacting_sink.hpp>
#endif

#ifdef HAVE_BOOST_LOG
#include <boost/log/core.hpp>
#include <boost/log/expressions.hpp>
#include <boost/log/sinks/sync_frontend.hpp>
#include <boost/log/sinks/text_ostream_backend.hpp>
#include <boost/log/sources/logger.hpp>
#include <boost/log/sources/record_ostream.hpp>
#include <boost/make_shared.hpp>
#include <redact/boost_log/redacting_backend.hpp>
#endif

static_assert(__cplusplus == 201703L, "the consumer is built as C++17");

namespace {

constexpr const char* key = "qbt_AbCdEf0123456789xyz";  // synthetic
int failures = 0;

void expect(const std::string& got, const std::string& want, const char* what) {
  if (got == want) {
    std::cout << "ok: " << what << '\n';
    return;
  }
  std::cout << "FAIL: " << what << ": got \"" << got << "\"\n";
  ++failures;
}

}  // namespace

int main() {
  expect(redact::redact(std::string("Authorization: Bearer ") + key),
         "Authorization: Bearer qbt_***", "core");
  {
    std::stringbuf target;
    {
      redact::ostream::redacting_streambuf filter(&target, redact::policy{});
      std::ostream os(&filter);
      os << "key=" << key << '\n';
    }
    expect(target.str(), "key=qbt_***\n", "ostream (mt)");
  }
  {
    std::stringbuf target;
    {
      redact::ostream::redacting_streambuf_st filter(&target, redact::policy{});
      std::ostream os(&filter);
      os << "key=" << key << '\n';
    }
    expect(target.str(), "key=qbt_***\n", "ostream (st)");
  }
#ifdef HAVE_SPDLOG
  {
    std::ostringstream out;
    spdlog::logger log("consumer", std::make_shared<spdlog::sinks::ostream_sink_mt>(out));
    redact::spdlog::install(log, redact::policy{});
    log.set_pattern("%v");
    log.info("key={}", key);
    log.flush();
    expect(out.str(), "key=qbt_***\n", "spdlog");
  }
#endif
#ifdef HAVE_BOOST_LOG
  {
    namespace sinks = boost::log::sinks;
    auto out = boost::make_shared<std::ostringstream>();
    auto inner = boost::make_shared<sinks::text_ostream_backend>();
    inner->add_stream(out);
    using backend = redact::boost_log::redacting_backend<sinks::text_ostream_backend>;
    auto sink = boost::make_shared<sinks::synchronous_sink<backend>>(
        boost::make_shared<backend>(redact::policy{}, inner));
    sink->set_formatter(boost::log::expressions::stream << boost::log::expressions::smessage);
    boost::log::core::get()->add_sink(sink);
    boost::log::sources::logger lg;
    BOOST_LOG(lg) << "key=" << key;
    boost::log::core::get()->remove_sink(sink);
    sink->flush();
    expect(out->str(), "key=qbt_***\n", "boost_log");
  }
#endif
  return failures == 0 ? 0 : 1;
}
