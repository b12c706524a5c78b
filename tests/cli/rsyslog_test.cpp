// Unit tests of `redact rsyslog` (cli/rsyslog.hpp): the answers to
// mmexternal's requests in both input modes, the byte-exact JSON escaping,
// the fail-closed answers, argument parsing, and the protocol loop over real
// pipes. Expected redactions are SPEC examples; requests are shaped as
// rsyslog 8.2302's json-c prints them (`{ "msg": "...", ... }`, `\/`).
#include "cli/rsyslog.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <map>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "cli/options.hpp"

namespace redact::cli {
namespace {

std::string answer(std::string_view line, const rsyslog_settings& s = {},
                   const policy& pol = policy()) {
  rsyslog_session session(pol, s);
  std::string out;
  session.answer(line, out);
  return out;
}

rsyslog_settings fulljson() {
  rsyslog_settings s;
  s.input = rsyslog_input::fulljson;
  return s;
}

// An independent decoder of the JSON string that follows `"key":` in
// `answer` (enough for the answers: escapes \" \\ \n \r \t \b \f \u00XX).
std::optional<std::string> member(std::string_view answer, std::string_view key) {
  const std::string needle = "\"" + std::string(key) + "\":\"";
  const auto at = answer.find(needle);
  if (at == std::string_view::npos) return std::nullopt;
  std::string out;
  for (std::size_t i = at + needle.size(); i < answer.size(); ++i) {
    const char c = answer[i];
    if (c == '"') return out;
    if (c != '\\') {
      out += c;
      continue;
    }
    const char e = answer[++i];
    switch (e) {
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'u':
        out += static_cast<char>(std::stoi(std::string(answer.substr(i + 1, 4)), nullptr, 16));
        i += 4;
        break;
      default:
        out += e;
    }
  }
  return std::nullopt;
}

// ------------------------------------------------------------ msg requests

TEST(RsyslogMsg, RedactedMessageAndMarker) {
  EXPECT_EQ(answer("GET /v1/models key=qbt_AbCdEf0123456789xyz"),
            R"({"msg":"GET /v1/models key=qbt_***","$!":{"redact":"ok"}})"
            "\n");
  EXPECT_EQ(answer(R"({"authorization":"Bearer abc.def.ghi","host":"api"})"),
            R"({"msg":"{\"authorization\":\"Bearer ***\",\"host\":\"api\"}","$!":{"redact":"ok"}})"
            "\n");
}

TEST(RsyslogMsg, UnchangedMessageGetsTheMarkerOnly) {
  EXPECT_EQ(answer("Authorization failed for user bob"), "{\"$!\":{\"redact\":\"ok\"}}\n");
  EXPECT_EQ(answer(""), "{\"$!\":{\"redact\":\"ok\"}}\n");
  // Already redacted: idempotent, nothing to change.
  EXPECT_EQ(answer("Authorization: Bearer qbt_***"), "{\"$!\":{\"redact\":\"ok\"}}\n");
}

TEST(RsyslogMsg, MarkerNameAndNoMarker) {
  rsyslog_settings s;
  s.marker = "clean_1";
  EXPECT_EQ(answer("x", s), "{\"$!\":{\"clean_1\":\"ok\"}}\n");
  s.marker.clear();
  EXPECT_EQ(answer("x", s), "{}\n");
  EXPECT_EQ(answer("key=qbt_AbCdEf0123456789xyz", s), "{\"msg\":\"key=qbt_***\"}\n");
}

TEST(RsyslogMsg, EscapingKeepsEveryByte) {
  // Quotes, backslashes, control bytes, DEL, and bytes >= 0x80 that are not
  // UTF-8 (Latin-1) all come back as they were.
  std::string msg = "\"q\" \\b\\ \t\x01\x1f\x7f caf\xe9 \xff key=qbt_AbCdEf0123456789xyz";
  const std::string a = answer(msg);
  EXPECT_EQ(a,
            "{\"msg\":\"\\\"q\\\" \\\\b\\\\ \\t\\u0001\\u001f\x7f caf\xe9 \xff key=qbt_***\","
            "\"$!\":{\"redact\":\"ok\"}}\n");
  EXPECT_EQ(member(a, "msg"), "\"q\" \\b\\ \t\x01\x1f\x7f caf\xe9 \xff key=qbt_***");
}

TEST(RsyslogMsg, AnswerDecodesToTheCoreOutput) {
  // The framing property on many lines: decoding the answer gives exactly
  // what the core makes of the message, and each answer is one line.
  const std::vector<std::string> parts = {
      "key=qbt_AbCdEf0123456789xyz",
      "Authorization: Basic dXNlcjpwYXNzd29yZA==",
      "\"Bearer abcdefghijklmnop1234\"",
      "plain text",
      "\\\"",
      "\t",
      "\x02",
      "\xc3\xa9",
      "{\"password\": \"hunter2\"}",
      "Cookie: a=b",
  };
  std::mt19937 rng(5);
  const policy pol;
  rsyslog_session session(pol, rsyslog_settings{});
  for (int i = 0; i < 500; ++i) {
    std::string msg;
    for (int j = 0; j < 4; ++j) msg += parts[rng() % parts.size()] + (rng() % 2 ? " " : "");
    std::string out;
    session.answer(msg, out);
    ASSERT_EQ(out.find('\n'), out.size() - 1) << msg;
    const std::string expected = redact::redact(msg, pol);
    if (expected == msg) {
      EXPECT_EQ(out, "{\"$!\":{\"redact\":\"ok\"}}\n");
    } else {
      EXPECT_EQ(member(out, "msg"), expected) << msg;
    }
  }
  EXPECT_EQ(session.requests(), 500u);
}

// ------------------------------------------------------- fulljson requests

// A request as rsyslog prints it (json-c: spaces after ':' and ',', `\/`).
std::string request(std::string_view msg_json, std::string_view tree = "null",
                    std::string_view sd = "-") {
  return std::string(R"({ "msg": ")") + std::string(msg_json) +
         R"(", "rawmsg": "<13>1 2024-05-01T10:00:00Z host app 42 - )" + std::string(sd) + " " +
         std::string(msg_json) +
         R"(", "timereported": "2024-05-01T10:00:00+00:00", "hostname": "host", )"
         R"("syslogtag": "app[42]:", "inputname": "imtcp", "fromhost": "localhost", )"
         R"("fromhost-ip": "127.0.0.1", "pri": "13", "syslogfacility": "1", )"
         R"("syslogseverity": "5", "timegenerated": "2024-05-01T10:00:00.1+00:00", )"
         R"("programname": "app", "protocol-version": "1", "structured-data": ")" +
         std::string(sd) +
         R"(", "app-name": "app", "procid": "42", "msgid": "-", )"
         R"("uuid": null, "$!": )" +
         std::string(tree) + " }";
}

TEST(RsyslogFulljson, MultiLineMessage) {
  const std::string a = answer(
      request(R"(first line\nAuthorization: Bearer qbt_AbCdEf0123456789xyz\nlast)"), fulljson());
  EXPECT_EQ(member(a, "msg"), "first line\nAuthorization: Bearer qbt_***\nlast");
  // rawmsg is left to rsyslog, which rewrites its MSG part with msg.
  EXPECT_EQ(a.find("rawmsg"), std::string::npos);
  EXPECT_EQ(a.find("hostname"), std::string::npos);  // unchanged properties are left out
  EXPECT_NE(a.find(R"("$!":{"redact":"ok"})"), std::string::npos);
  EXPECT_EQ(a.back(), '\n');
  EXPECT_EQ(a.find('\n'), a.size() - 1);
}

TEST(RsyslogFulljson, RawmsgHeaderKeepsItsLengthAndComesFirst) {
  // A key in the structured data: rawmsg's header is redacted to the same
  // length (padded), named before msg, and msg is named even though it did
  // not change (rsyslog rewrites rawmsg's tail with it).
  const std::string sd = R"([req@1 key=\"qbt_AbCdEf0123456789xyz\"])";
  const std::string a = answer(request("plain text", "null", sd), fulljson());
  const std::string header = "<13>1 2024-05-01T10:00:00Z host app 42 - ";
  const std::string old_header = header + "[req@1 key=\"qbt_AbCdEf0123456789xyz\"] ";
  const std::string new_header = header + "[req@1 key=\"qbt_***\"] ";
  ASSERT_EQ(member(a, "rawmsg"),
            new_header + std::string(old_header.size() - new_header.size(), ' ') + "plain text");
  EXPECT_LT(a.find("\"rawmsg\""), a.find("\"msg\""));
  EXPECT_EQ(member(a, "msg"), "plain text");
  EXPECT_EQ(member(a, "structured-data"), "[req@1 key=\"qbt_***\"]");

  // Both parts redacted.
  const std::string b = answer(request("key=qbt_AbCdEf0123456789xyz", "null", sd), fulljson());
  EXPECT_EQ(member(b, "rawmsg"),
            new_header + std::string(old_header.size() - new_header.size(), ' ') + "key=qbt_***");
  EXPECT_EQ(member(b, "msg"), "key=qbt_***");
}

TEST(RsyslogFulljson, RawmsgWithoutMsgAsItsTailIsMasked) {
  const std::string raw = "<13>Authorization: Bearer qbt_AbCdEf0123456789xyz other";
  const std::string a = answer(R"({ "msg": "hello", "rawmsg": ")" + raw + R"(" })", fulljson());
  EXPECT_EQ(member(a, "rawmsg"), std::string(raw.size(), '*'));
  EXPECT_EQ(member(a, "msg"), "hello");
}

TEST(RsyslogFulljson, EscapesAreDecodedBeforeRedaction) {
  // `\/` inside a Basic credential, a quoted key escaped as JSON, and
  // \u escapes (a surrogate pair) around a key.
  const std::string a = answer(
      request(
          R"({\"authorization\":\"Basic dXNlcjpw\/YXNz\"} \u00e9\ud83d\ude00 qbt_AbCdEf0123456789xyz)"),
      fulljson());
  EXPECT_EQ(member(a, "msg"), "{\"authorization\":\"Basic ***\"} \xc3\xa9\xf0\x9f\x98\x80 qbt_***");
}

TEST(RsyslogFulljson, UnchangedMessageGetsTheMarkerOnly) {
  EXPECT_EQ(answer(request("nothing to see"), fulljson()), "{\"$!\":{\"redact\":\"ok\"}}\n");
  rsyslog_settings s = fulljson();
  s.marker.clear();
  EXPECT_EQ(answer(request("nothing to see"), s), "{}\n");
}

TEST(RsyslogFulljson, StructuredDataAndTree) {
  const std::string tree =
      R"({ "user": "bob", "auth": { "header": "Bearer abcdefghijklmnopqrstu" }, )"
      R"("keys": [ 1, true, "qbt_AbCdEf0123456789xyz", null, -2.5e3 ], "redact": "no" })";
  const std::string a =
      answer(request("plain", tree, R"([req@1 token=\"qbt_AbCdEf0123456789xyz\"])"), fulljson());
  EXPECT_EQ(member(a, "structured-data"), "[req@1 token=\"qbt_***\"]");
  // The whole tree comes back, compact, with the marker last (it wins over
  // the member of the same name).
  EXPECT_NE(a.find(R"("$!":{"user":"bob","auth":{"header":"Bearer ***"},)"
                   R"("keys":[1,true,"qbt_***",null,-2.5e3],"redact":"no","redact":"ok"})"),
            std::string::npos)
      << a;
  EXPECT_EQ(member(a, "msg"), "plain");  // named with rawmsg, whose header changed
}

TEST(RsyslogFulljson, EmptyTreeAndUnchangedTree) {
  EXPECT_EQ(answer(request("x", "{ }"), fulljson()), "{\"$!\":{\"redact\":\"ok\"}}\n");
  EXPECT_EQ(answer(request("x", R"({ "a": "b" })"), fulljson()), "{\"$!\":{\"redact\":\"ok\"}}\n");
}

TEST(RsyslogFulljson, UnreadableRequestsAreMaskedWithoutMarker) {
  const std::string masked = "{\"msg\":\"***\",\"rawmsg\":\"***\"}\n";
  for (std::string bad :
       {std::string("garbage key=qbt_AbCdEf0123456789xyz"), std::string(""),
        std::string(R"({ "msg": "unterminated)"), std::string(R"({ "msg": "x" } trailing)"),
        std::string(R"({ "msg" "x" })"), std::string(R"({ "msg": "bad \q escape" })"),
        std::string("[1, 2]")}) {
    EXPECT_EQ(answer(bad, fulljson()), masked) << bad;
  }
  // Nesting deeper than the bound.
  std::string deep = R"({ "$!": )";
  for (int i = 0; i < 100; ++i) deep += R"({ "a": )";
  deep += "1";
  for (int i = 0; i < 100; ++i) deep += " }";
  deep += " }";
  EXPECT_EQ(answer(deep, fulljson()), masked);
}

// ------------------------------------------------------------- arguments

struct parsed {
  parse_status status;
  options opts;
  std::string error;
};

parsed parse(std::vector<std::string_view> args) {
  parsed p;
  p.status = parse_args(args, env_lookup(), p.opts, p.error);
  return p;
}

TEST(RsyslogArgs, InputMarkerAndRuleOptions) {
  const parsed p =
      parse({"rsyslog", "--input", "fulljson", "--prefix", "sk_live_", "--marker=done"});
  ASSERT_EQ(p.status, parse_status::ok) << p.error;
  EXPECT_EQ(p.opts.mode, run_mode::rsyslog);
  EXPECT_EQ(p.opts.rsyslog.input, rsyslog_input::fulljson);
  EXPECT_EQ(p.opts.rsyslog.marker, "done");
  EXPECT_EQ(p.opts.policy.prefixes.back().prefix, "sk_live_");

  const parsed q = parse({"rsyslog", "--marker="});
  ASSERT_EQ(q.status, parse_status::ok) << q.error;
  EXPECT_EQ(q.opts.rsyslog.marker, "");
  EXPECT_EQ(q.opts.rsyslog.input, rsyslog_input::msg);
}

TEST(RsyslogArgs, Errors) {
  const std::vector<std::vector<std::string_view>> bad = {
      {"rsyslog", "--input", "rawmsg"},
      {"rsyslog", "--input"},
      {"rsyslog", "--marker", "a.b"},
      {"rsyslog", "--marker", "$!x"},
      {"rsyslog", "app.log"},
      {"rsyslog", "--check"},
      {"rsyslog", "--", "ls"},
      {"rsyslog", "--bogus"},
      {"rsyslog", "--stats"},
      {"rsyslog", "--line-buffered"},
      {"--input", "msg"},
      {"exec", "--marker", "x", "--", "ls"},
  };
  for (const auto& args : bad) {
    const parsed p = parse(args);
    EXPECT_TRUE(p.status == parse_status::usage || p.status == parse_status::error) << args.back();
    EXPECT_FALSE(p.error.empty());
  }
  const parsed h = parse({"rsyslog", "--help"});
  EXPECT_EQ(h.status, parse_status::help);
  EXPECT_EQ(h.opts.mode, run_mode::rsyslog);
  EXPECT_EQ(usage(run_mode::rsyslog).rfind("Usage: redact rsyslog", 0), 0u);
  EXPECT_EQ(try_help(run_mode::rsyslog), "Try 'redact rsyslog --help' for more information.");
}

// ------------------------------------------------------- protocol loop

struct pipe_pair {
  int read_end = -1, write_end = -1;
  pipe_pair() {
    int fds[2];
    EXPECT_EQ(::pipe2(fds, O_CLOEXEC), 0);
    read_end = fds[0];
    write_end = fds[1];
  }
  ~pipe_pair() {
    if (read_end >= 0) ::close(read_end);
    if (write_end >= 0) ::close(write_end);
  }
};

std::string read_all(int fd) {
  std::string out;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) return out;
    out.append(buf, static_cast<std::size_t>(n));
  }
}

// Runs run_rsyslog on `input` written in pieces of `step` bytes.
std::pair<int, std::string> run(const std::string& input, std::size_t step,
                                const policy_options& o = {}, std::string* err = nullptr) {
  pipe_pair in, out, errp;
  int status = -1;
  std::thread t([&] {
    status = run_rsyslog(o, rsyslog_settings{}, in.read_end, out.write_end, errp.write_end);
    ::close(out.write_end);
    out.write_end = -1;
    ::close(errp.write_end);
    errp.write_end = -1;
  });
  std::string answers;
  std::thread reader([&] { answers = read_all(out.read_end); });
  for (std::size_t i = 0; i < input.size(); i += step) {
    const std::size_t n = std::min(step, input.size() - i);
    EXPECT_EQ(::write(in.write_end, input.data() + i, n), static_cast<ssize_t>(n));
  }
  ::close(in.write_end);
  in.write_end = -1;
  t.join();
  reader.join();
  if (err != nullptr) *err = read_all(errp.read_end);
  return {status, answers};
}

TEST(RsyslogLoop, OneAnswerPerLineInOrderWhateverTheReads) {
  std::string input, expected;
  for (int i = 0; i < 200; ++i) {
    if (i % 3 == 0) {
      input += "n=" + std::to_string(i) + " key=qbt_AbCdEf0123456789xyz\n";
      expected +=
          "{\"msg\":\"n=" + std::to_string(i) + " key=qbt_***\",\"$!\":{\"redact\":\"ok\"}}\n";
    } else {
      input += "n=" + std::to_string(i) + " clean\n";
      expected += "{\"$!\":{\"redact\":\"ok\"}}\n";
    }
  }
  for (std::size_t step : {std::size_t{1}, std::size_t{7}, std::size_t{4096}, input.size()}) {
    const auto [status, answers] = run(input + "unterminated", step);
    EXPECT_EQ(status, 0);
    EXPECT_EQ(answers, expected) << "step " << step;  // the unterminated tail gets no answer
  }
}

TEST(RsyslogLoop, InvalidPolicyExitsWithOneLineAndNoAnswer) {
  policy_options o;
  o.secrets.push_back({"SHORT", "abc12"});
  std::string err;
  const auto [status, answers] = run("key=qbt_AbCdEf0123456789xyz\n", 100, o, &err);
  EXPECT_EQ(status, 2);
  EXPECT_EQ(answers, "");
  ASSERT_FALSE(err.empty());
  EXPECT_EQ(err.find('\n'), err.size() - 1);
  EXPECT_EQ(err.rfind("redact: ", 0), 0u);
  EXPECT_EQ(err.find("abc12"), std::string::npos);
}

}  // namespace
}  // namespace redact::cli
