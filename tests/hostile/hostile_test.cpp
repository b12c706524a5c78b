// Hostile inputs (issue 6): pathological sizes and bytes through the core,
// and 1 GiB streams through the `redact` command in bounded memory.
//
// Every expectation is derived from SPEC.md (and docs/rules.md) by
// construction, or — for the exhaustive byte tables — taken from the oracle
// (tests/support/oracle), which is independent of the core.
//
// Sizes: REDACT_HOSTILE_GIB (default 1; 0 skips the command tests) sets the
// command tests' stream size in GiB; under sanitizers it defaults to 0.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <string>
#include <vector>

#include "configs.hpp"
#include "differential.hpp"
#include "oracle.hpp"
#include "redact/redact.hpp"

namespace {

using redact::differential::escape;

/// An output that checks the stream piece by piece against an expected
/// generator instead of storing it (for multi-megabyte tests).
class counting_output final : public redact::output {
 public:
  void write(std::string_view piece) override { text_.append(piece); }
  std::string& text() { return text_; }

 private:
  std::string text_;
};

/// Writes `input` in `chunk`-byte pieces, checking the hold-back bound after
/// each write. Returns the output.
std::string stream(redact::redactor& r, std::string_view input, std::size_t chunk) {
  counting_output out;
  for (std::size_t pos = 0; pos < input.size(); pos += chunk) {
    r.write(input.substr(pos, chunk), out);
    EXPECT_LE(r.held_back(), r.max_hold_back());
  }
  r.finish(out);
  return std::move(out.text());
}

std::string stream(std::string_view input, std::size_t chunk,
                   const redact::policy& pol = redact::policy()) {
  redact::redactor r(pol);
  return stream(r, input, chunk);
}

// ---------------------------------------------------------------------------
// Long runs

TEST(Hostile, AuthorizationFollowedByTenMebibytesOfSpaces) {
  const std::string spaces(10u << 20, ' ');
  // Spaces after the separator are unbounded (docs/rules.md H1): the value
  // starts after them.
  EXPECT_TRUE(stream("Authorization:" + spaces + "abc\n", 65536) ==
              "Authorization:" + spaces + "***\n");
  // Nothing after them: nothing to mask, nothing lost.
  const std::string bare = "Authorization:" + spaces + "\n";
  EXPECT_TRUE(stream(bare, 65536) == bare);
  // After a scheme, more than 64 spaces: the scheme is kept (rules.md H2).
  EXPECT_TRUE(stream("Authorization: Bearer" + spaces + "abc\n", 65536) ==
              "Authorization: Bearer" + spaces + "***\n");
  EXPECT_TRUE(stream("Authorization: Bearer" + spaces + "\n", 65536) ==
              "Authorization: Bearer" + spaces + "\n");
  // Bare Bearer + 10 MiB of spaces + token (Rule B has no bound).
  EXPECT_TRUE(stream("Bearer" + spaces + "abcdefghijklmnop1234\n", 65536) ==
              "Bearer" + spaces + "***\n");
}

TEST(Hostile, HundredMebibyteKeyAndCredentialInOneLine) {
  const std::string body(100u << 20, 'k');
  EXPECT_TRUE(stream("x qbt_" + body + " y\n", 1 << 20) == "x qbt_*** y\n");
  EXPECT_TRUE(stream("Authorization: Bearer " + body + "\n", 1 << 20) ==
              "Authorization: Bearer ***\n");
}

TEST(Hostile, MillionNearMisses) {
  // None of these is a finding (SPEC Rule T minimum body, Rule H separator,
  // Rule B minimum lengths and Basic decoding, already redacted text).
  const std::vector<std::string> misses = {"qbt_",
                                           "qbt_abc ",
                                           "authorizatio: x ",
                                           "Authorization failed ",
                                           "Bearer short ",
                                           "Basic Overview ",
                                           "qbt_*** ",
                                           "Authorization: null\n",
                                           "\"authorizationUrl\": 1,",
                                           "Bearer ***\n"};
  std::string input;
  for (std::size_t i = 0; i < 1000000; ++i) input += misses[i % misses.size()];
  EXPECT_TRUE(stream(input, 65536) == input);
  redact::redactor r{redact::policy()};
  stream(r, input, 4096);
  EXPECT_EQ(r.counts().total(), 0u);
}

// Contract version 2 (SPEC property 6 for the new rules): a 100 MiB JWT, URL
// authority, base64 run and private-key block, streamed in 1 MiB chunks with
// the hold-back bound checked after every write. Expected outputs from SPEC.
TEST(Hostile, HundredMebibyteRunsOfTheVersionTwoRules) {
  const redact::policy pol(redact::spec::spec_defaults());
  const std::size_t big = std::size_t{100} << 20;
  // Rule J: the third segment has no bound.
  EXPECT_TRUE(stream("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0." + std::string(big, 's') + " x\n",
                     1 << 20, pol) == "token *** x\n");
  // Rule U: 4,096 bytes of the authority are the password (failing closed),
  // the rest is kept.
  EXPECT_TRUE(stream("https://u:" + std::string(big, 'p') + "@h\n", 1 << 20, pol) ==
              "https://u:***" + std::string(big - 4096, 'p') + "@h\n");
  // Rule E: a key encoded at the end of a 100 MiB base64 run (aligned: the
  // zero bytes before it hold no key).
  EXPECT_TRUE(stream("data: " + std::string(big, 'A') + "cWJ0X1Q1OWtadXNRSXA1NHZDTnBKQ1Zm\n",
                     1 << 20, pol) == "data: " + std::string(big, 'A') + "***\n");
  // Rule K: a block of 100 MiB of key lines, and one 100 MiB key line.
  std::string block = "-----BEGIN PRIVATE KEY-----\n";
  std::string want = block;
  const std::string line(64, 'M');
  for (std::size_t n = 0; n < big / 65; ++n) {
    block += line + "\n";
    want += "***\n";
  }
  block += "-----END PRIVATE KEY-----\n";
  want += "-----END PRIVATE KEY-----\n";
  EXPECT_TRUE(stream(block, 1 << 20, pol) == want);
  EXPECT_TRUE(stream("-----BEGIN PRIVATE KEY-----\n" + std::string(big, 'M') + "\nafter x\n",
                     1 << 20, pol) == "-----BEGIN PRIVATE KEY-----\n***\nafter x\n");
}

// ---------------------------------------------------------------------------
// Odd bytes

TEST(Hostile, NulAndInvalidUtf8InsideKeysAndHeaders) {
  using namespace std::string_literals;
  struct row {
    std::string input, expected;
  };
  const std::vector<row> rows = {
      // Rule T body alphabet excludes NUL and high bytes: they end the key.
      {"qbt_abcdefgh\0ijklmnop"s, "qbt_***\0ijklmnop"s},
      {"qbt_abcd\0efghijkl"s, "qbt_abcd\0efghijkl"s},
      {"qbt_abcdefgh\xff\xfe"s, "qbt_***\xff\xfe"s},
      {"\xff\xfeqbt_abcdefgh"s, "\xff\xfeqbt_***"s},
      // LINE and QUOTED credentials run over NUL and invalid UTF-8.
      {"Authorization: Bearer ab\0cd\xff\xfe\xc0\x80 x\n"s, "Authorization: Bearer ***\n"s},
      {"{\"authorization\":\"a\0b\xed\xa0\x80\"}"s, "{\"authorization\":\"***\"}"s},
      // WORD: NUL is not a terminator.
      {"authorization=ab\0cd ef"s, "authorization=*** ef"s},
      // A NUL inside the name or before the separator: not a field.
      {"Author\0ization: x"s, "Author\0ization: x"s},
      {"Authorization\0: x"s, "Authorization\0: x"s},
      // Bytes before the name do not matter (no left boundary).
      {"\0\xff"
       "Authorization: x"s,
       "\0\xff"s + "Authorization: ***"},
      // Bearer preceded by a high byte (not an ASCII letter).
      {"\xe9"
       "Bearer abcdefghijklmnop"s,
       "\xe9"
       "Bearer ***"s},
  };
  for (const auto& r : rows) {
    EXPECT_EQ(escape(redact::redact(r.input)), escape(r.expected)) << escape(r.input);
    EXPECT_EQ(escape(redact::oracle::oracle_redact(r.input, {})), escape(r.expected))
        << escape(r.input);
    EXPECT_EQ(escape(stream(r.input, 1)), escape(r.expected)) << escape(r.input);
  }
}

TEST(Hostile, CrOnlyAndCrlfLineEnds) {
  const std::string input =
      "Authorization: Bearer abc\rqbt_AbCdEf0123\rx\r\n"
      "authorization=xyz\r\nBearer abcdefghijklmnop\r\r\n";
  const std::string expected =
      "Authorization: Bearer ***\rqbt_***\rx\r\n"
      "authorization=***\r\nBearer ***\r\r\n";
  for (std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{7}, input.size()}) {
    redact::redactor r{redact::policy()};
    std::vector<redact::finding> seen;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> where;
    r.set_finding_handler(
        [&where](const redact::finding& f) { where.emplace_back(f.line, f.column); });
    EXPECT_EQ(escape(stream(r, input, chunk)), escape(expected)) << "chunk " << chunk;
    // Only LF starts a line: the CR-separated key is still on line 1.
    const std::vector<std::pair<std::uint64_t, std::uint64_t>> want = {
        {1, 23}, {1, 27}, {2, 15}, {3, 8}};
    EXPECT_EQ(where, want) << "chunk " << chunk;
  }
}

TEST(Hostile, EscapeDepthsOneToSeven) {
  for (std::size_t k = 0; k <= 7; ++k) {
    const std::string q = std::string(k, '\\') + "\"";
    // SPEC: a quote closes when r < k or (r - k) % (2k + 2) == 0; r = 2k + 1
    // backslashes before a quote is an escaped quote one level deeper.
    const std::string inner = std::string(2 * k + 1, '\\') + "\"";
    const std::string input =
        "{" + q + "Authorization" + q + ":" + q + "Bearer ab" + inner + "cd" + q + "}";
    const std::string expected = "{" + q + "Authorization" + q + ":" + q + "Bearer ***" + q + "}";
    EXPECT_EQ(escape(redact::redact(input)), escape(expected)) << "k = " << k;
    EXPECT_EQ(escape(redact::oracle::oracle_redact(input, {})), escape(expected)) << "k = " << k;
    EXPECT_EQ(escape(stream(input, 3)), escape(expected)) << "k = " << k;
    // An enclosing string ending (fewer backslashes than the opener's) also
    // closes the value.
    if (k > 0) {
      const std::string outer = std::string(k - 1, '\\') + "\"";
      const std::string in2 = "{" + q + "authorization" + q + ":" + q + "abc" + outer + "}";
      const std::string ex2 = "{" + q + "authorization" + q + ":" + q + "***" + outer + "}";
      EXPECT_EQ(escape(redact::redact(in2)), escape(ex2)) << "k = " << k;
    }
  }
}

// ---------------------------------------------------------------------------
// Read boundaries

TEST(Hostile, TriggerAtEveryOffsetAroundA64KiBBoundary) {
  redact::policy_options opts;
  opts.secrets = {{"ENV", "s3cr3t-value"}};
  const redact::policy pol(opts);
  struct shape {
    std::string text, redacted;
  };
  const std::vector<shape> shapes = {
      {"qbt_AbCdEf0123456789xyz", "qbt_***"},
      {"Authorization: Bearer abcdef", "Authorization: Bearer ***"},
      {"authorization=\"Basic dXNlcjpw\"", "authorization=\"Basic ***\""},
      {"Bearer abcdefghijklmnop1234", "Bearer ***"},
      {"Basic dXNlcjpwYXNzd29yZA==", "Basic ***"},
      {"s3cr3t-value", "***"},
  };
  const std::size_t boundary = 65536;
  for (const auto& s : shapes) {
    for (std::size_t offset = boundary - s.text.size() - 2; offset <= boundary + 2; ++offset) {
      const std::string pad(offset, '.');
      const std::string input = pad + " " + s.text + "' end\n";
      const std::string expected = pad + " " + s.redacted + "' end\n";
      for (std::size_t chunk : {boundary, boundary - 1, std::size_t{4096}}) {
        redact::redactor r(pol);
        const std::string out = stream(r, input, chunk);
        if (out != expected) {
          ADD_FAILURE() << "shape " << escape(s.text) << " at offset " << offset << ", chunk "
                        << chunk << ": got " << escape(std::string_view(out).substr(offset));
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Every byte value next to every trigger

TEST(Hostile, EveryByteNextToEveryTrigger) {
  redact::policy_options opts;
  opts.preset = redact::field_preset::standard;
  opts.secrets = {{"ENV", "s3cr3t-value"}};
  const redact::policy pol(opts);
  // `@` marks where the byte goes.
  const std::vector<std::string> templates = {"@qbt_AbCdEf0123456789@",
                                              "qbt_AbCd@Ef0123456789",
                                              "@Authorization: Bearer abc@x",
                                              "Authorization@: abc",
                                              "Authorization:@abc def",
                                              "Authorization: Bearer@abc",
                                              "authorization=@abc@def",
                                              "authorization=x=@a b@, y",
                                              "\"authorization\":\"ab@c\"",
                                              "\"authorization\"@:@\"abc\"",
                                              "(@'authorization', 'abc')",
                                              "[\"Authorization\",@\"Bearer abc\"]",
                                              "@Bearer abcdefghijklmnop@",
                                              "Bearer@abcdefghijklmnop",
                                              "@Basic dXNlcjpwYXNzd29yZA==@",
                                              "Basic dXNlcjpw@YXNz",
                                              "@s3cr3t-value@",
                                              "password=@x",
                                              "map[Authorization:[Bearer a@b]]"};
  std::size_t cases = 0;
  for (const auto& t : templates) {
    for (int b = 0; b < 256; ++b) {
      std::string input;
      for (char c : t) {
        if (c == '@') {
          input.push_back(static_cast<char>(b));
        } else {
          input.push_back(c);
        }
      }
      const auto want = redact::oracle::oracle_run(input, opts);
      const auto got = redact::differential::run_core(input, pol);
      const std::string diff = redact::differential::compare(want, got);
      const std::string diff_chunked =
          redact::differential::compare(want, redact::differential::run_core(input, pol, {1}));
      if (!diff.empty() || !diff_chunked.empty()) {
        ADD_FAILURE() << "template " << escape(t) << " byte " << b << "\n" << diff << diff_chunked;
      }
      EXPECT_EQ(redact::redact(got.output, pol), got.output) << "idempotence, " << escape(input);
      ++cases;
    }
  }
  EXPECT_EQ(cases, templates.size() * 256);
}

// The same for contract version 2's triggers under SPEC's defaults (and an
// exact secret for its encoded forms); the oracle decides.
TEST(Hostile, EveryByteNextToEveryVersionTwoTrigger) {
  redact::policy_options opts = redact::spec::spec_defaults();
  opts.secrets = {{"ENV", "s3cr3t-value"}};
  const redact::policy pol(opts);
  const std::vector<std::string> templates = {
      "@\x1b[1mAuthorization@\x1b[0m: Bearer abc",
      "Authorization: \x1b[@m abc",
      "\x1b@Authorization: abc",
      "\\u001b[3@mAuthorization: abc",
      "@eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl@",
      "eyJhbGciOiJIUzI1NiJ9@e30.c2ln",
      "postgres://u:p@w@db/x",
      "https://u@:pw@h@",
      "@AKIAIOSFODNN7EXAMPLE@",
      "ghp_0123456789abcdefghijABCDEFGHIJ01234@",
      "cWJ0X1Q1OW@tadXNRSXA1NHZDTnBKQ1Zm@",
      "{\"name\":\"Authorization\",@\"value\":\"x@y\"}",
      "name: Cookie\n@value: abc",
      "-----BEGIN PRIVATE KEY-----@\n@MIIEabc\n-----END PRIVATE KEY-----",
      "password: yes@",
      "czNjcjN0@LXZhbHVl",
      "x-api-key=@abc"};
  std::size_t cases = 0;
  for (const auto& t : templates) {
    for (int b = 0; b < 256; ++b) {
      std::string input;
      for (char c : t) input.push_back(c == '@' ? static_cast<char>(b) : c);
      const auto want = redact::oracle::oracle_run(input, opts);
      const auto got = redact::differential::run_core(input, pol);
      const std::string diff = redact::differential::compare(want, got);
      const std::string diff_chunked =
          redact::differential::compare(want, redact::differential::run_core(input, pol, {1}));
      if (!diff.empty() || !diff_chunked.empty()) {
        ADD_FAILURE() << "template " << escape(t) << " byte " << b << "\n" << diff << diff_chunked;
      }
      ++cases;
    }
  }
  EXPECT_EQ(cases, templates.size() * 256);
}

// ---------------------------------------------------------------------------
// The command: 1 GiB streams in bounded memory

#ifdef REDACT_CLI_PATH

std::size_t gib_setting() {
  if (const char* env = std::getenv("REDACT_HOSTILE_GIB")) return std::strtoul(env, nullptr, 10);
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  return 0;
#else
  return 1;
#endif
}

/// Runs `redact` (no arguments: stdin → stdout) with a generator process
/// writing its stdin; `check` reads its stdout incrementally. Returns the
/// command's peak RSS in KiB (wait4) and its exit status.
struct run_result {
  long max_rss_kib = 0;
  int status = -1;
};

template <typename Generate, typename Check>
run_result run_command(Generate generate, Check check) {
  int in_pipe[2];
  int out_pipe[2];
  if (pipe(in_pipe) != 0 || pipe(out_pipe) != 0) return {};
  const pid_t gen = fork();
  if (gen == 0) {  // generator: writes the input, then exits
    close(in_pipe[0]);
    close(out_pipe[0]);
    close(out_pipe[1]);
    generate(in_pipe[1]);
    close(in_pipe[1]);
    _exit(0);
  }
  const pid_t cmd = fork();
  if (cmd == 0) {
    dup2(in_pipe[0], 0);
    dup2(out_pipe[1], 1);
    close(in_pipe[0]);
    close(in_pipe[1]);
    close(out_pipe[0]);
    close(out_pipe[1]);
    execl(REDACT_CLI_PATH, "redact", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(in_pipe[0]);
  close(in_pipe[1]);
  close(out_pipe[1]);
  check(out_pipe[0]);
  close(out_pipe[0]);
  run_result r;
  struct rusage usage {};
  int status = 0;
  wait4(cmd, &status, 0, &usage);
  r.max_rss_kib = usage.ru_maxrss;
  r.status = status;
  int gen_status = 0;
  waitpid(gen, &gen_status, 0);
  return r;
}

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

/// Reads all of `fd`, comparing with `expected_unit` repeated and `tail`.
struct stream_checker {
  std::string head;  // expected output prefix
  std::string unit;  // expected repeated part
  std::size_t units = 0;
  std::string tail;
  std::size_t mismatches = 0;
  std::size_t total = 0;

  char expected_at(std::size_t i) const {
    if (i < head.size()) return head[i];
    i -= head.size();
    if (i < unit.size() * units) return unit[i % unit.size()];
    i -= unit.size() * units;
    return i < tail.size() ? tail[i] : '\0';
  }
  std::size_t expected_size() const { return head.size() + unit.size() * units + tail.size(); }

  void operator()(int fd) {
    std::vector<char> buf(1 << 16);
    for (;;) {
      const ssize_t n = ::read(fd, buf.data(), buf.size());
      if (n <= 0) break;
      for (ssize_t i = 0; i < n; ++i) {
        if (total + static_cast<std::size_t>(i) >= expected_size() ||
            buf[static_cast<std::size_t>(i)] != expected_at(total + static_cast<std::size_t>(i))) {
          ++mismatches;
        }
      }
      total += static_cast<std::size_t>(n);
    }
  }
};

constexpr long max_rss_kib = 64 * 1024;

TEST(HostileCommand, OneGibibyteSingleLineKey) {
  const std::size_t gib = gib_setting();
  if (gib == 0) GTEST_SKIP() << "REDACT_HOSTILE_GIB=0 (or sanitizer build)";
  const std::size_t body = gib << 30;
  stream_checker checker;
  checker.head = "qbt_***\n";
  const auto r = run_command(
      [body](int fd) {
        std::string chunk(1 << 16, 'A');
        write_all(fd, "qbt_");
        for (std::size_t left = body; left > 0;) {
          const std::size_t n = std::min(left, chunk.size());
          if (!write_all(fd, std::string_view(chunk).substr(0, n))) return;
          left -= n;
        }
        write_all(fd, "\n");
      },
      std::ref(checker));
  ASSERT_TRUE(WIFEXITED(r.status)) << "status " << r.status;
  EXPECT_EQ(WEXITSTATUS(r.status), 0);
  EXPECT_EQ(checker.total, checker.expected_size());
  EXPECT_EQ(checker.mismatches, 0u);
  EXPECT_LT(r.max_rss_kib, max_rss_kib) << "peak RSS " << r.max_rss_kib << " KiB";
  RecordProperty("peak_rss_kib", std::to_string(r.max_rss_kib));
}

TEST(HostileCommand, OneGibibyteLineWithoutNewline) {
  const std::size_t gib = gib_setting();
  if (gib == 0) GTEST_SKIP() << "REDACT_HOSTILE_GIB=0 (or sanitizer build)";
  const std::string unit = "x=1 Bearer abcdefghijklmnopqrstuv qbt_AbCdEf0123456789 Basic usage ";
  const std::string redacted = "x=1 Bearer *** qbt_*** Basic usage ";
  const std::size_t units = (gib << 30) / unit.size();
  stream_checker checker;
  checker.unit = redacted;
  checker.units = units;
  const auto r = run_command(
      [&unit, units](int fd) {
        std::string block;
        for (int i = 0; i < 1024; ++i) block += unit;
        std::size_t left = units;
        for (; left >= 1024; left -= 1024) {
          if (!write_all(fd, block)) return;
        }
        for (; left > 0; --left) write_all(fd, unit);
      },
      std::ref(checker));
  ASSERT_TRUE(WIFEXITED(r.status)) << "status " << r.status;
  EXPECT_EQ(WEXITSTATUS(r.status), 0);
  EXPECT_EQ(checker.total, checker.expected_size());
  EXPECT_EQ(checker.mismatches, 0u);
  EXPECT_LT(r.max_rss_kib, max_rss_kib) << "peak RSS " << r.max_rss_kib << " KiB";
  RecordProperty("peak_rss_kib", std::to_string(r.max_rss_kib));
}

#else
TEST(HostileCommand, DISABLED_NeedsTheRedactCommand) {}
#endif

}  // namespace
