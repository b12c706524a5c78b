// Process-level tests of `redact` in filter mode: the built binary, real pipes.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "process.hpp"
#include "scan_support.hpp"

namespace redact::test {
namespace {

const std::string sample_log = std::string(REDACT_SOURCE_DIR) + "/examples/sample.log";
const std::string sample_expected =
    std::string(REDACT_SOURCE_DIR) + "/tests/cli/golden/sample.expected";

// Synthetic keys only.
constexpr std::string_view key = "qbt_fakeFilterKey0000000000000001";

TEST(Filter, GoldenSampleFromFile) {
  const run_result r = run({redact_binary(), sample_log});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out, read_file(sample_expected));
}

TEST(Filter, GoldenSampleFromStdinWithEveryBufferSize) {
  const std::string input = read_file(sample_log);
  const std::string expected = read_file(sample_expected);
  for (const char* size : {"1", "2", "3", "5", "7", "13", "64", "100", "4096", "64K", "16M"}) {
    const run_result r = run({redact_binary(), "--buffer-size", size}, input);
    EXPECT_EQ(r.exit_code, 0) << "--buffer-size " << size << ": " << r.err;
    EXPECT_EQ(r.out, expected) << "--buffer-size " << size;
  }
}

TEST(Filter, DashMeansStdinAndDefaultIsStdin) {
  const std::string line = "x=" + std::string(key) + "\n";
  EXPECT_EQ(run({redact_binary()}, line).out, "x=qbt_***\n");
  EXPECT_EQ(run({redact_binary(), "-"}, line).out, "x=qbt_***\n");
}

TEST(Filter, MultipleFilesAreSeparateStreams) {
  temp_dir dir;
  // A key cut at the end of one file does not continue in the next: each
  // part alone is too short (or has no prefix), so both pass unchanged.
  const std::string a = dir.write("a.log", "first " + std::string(key) + "\nsplit qbt_Ab");
  const std::string b = dir.write("b.log", "Cd0123456789xyz\nlast " + std::string(key) + "\n");
  const run_result r = run({redact_binary(), a, "-", b}, "stdin " + std::string(key));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "first qbt_***\nsplit qbt_Ab"
            "stdin qbt_***"
            "Cd0123456789xyz\nlast qbt_***\n");
}

TEST(Filter, MissingFileIsReportedOthersStillRedacted) {
  temp_dir dir;
  const std::string a = dir.write("a.log", "a " + std::string(key) + "\n");
  const std::string missing = dir.path() + "/x.log";
  const std::string b = dir.write("b.log", "b " + std::string(key) + "\n");
  const run_result r = run({redact_binary(), a, missing, b});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "a qbt_***\nb qbt_***\n");
  EXPECT_EQ(r.err, "redact: cannot open '" + missing + "': No such file or directory\n");
}

TEST(Filter, DirectoryWithoutRecursiveIsAnError) {
  temp_dir dir;
  dir.write("a.log", "nothing\n");
  const run_result r = run({redact_binary(), dir.path()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "redact: '" + dir.path() + "' is a directory (use -r to scan directories)\n");
}

TEST(Filter, BadOptionsAreErrorsOnOneLineUsageErrorsWithAHint) {
  struct row {
    std::vector<std::string> args;
    bool usage;  // a usage error: "Try 'redact --help'" follows the message
  };
  for (const row& r : std::vector<row>{
           {{"--bogus"}, true},
           {{"-rx"}, true},
           {{"--prefix"}, true},
           {{"--format", "json"}, true},
           {{"exec"}, true},
           {{"--buffer-size", "0"}, false},
           {{"--buffer-size", "lots"}, false},
           {{"--min-length", "-3"}, false},
           {{"--preset", "everything"}, false},
           {{"--secret-env", "REDACT_TEST_SURELY_UNSET"}, false},
           {{"--prefix", "bad*prefix"}, false},  // rejected by the policy (docs/rules.md V1)
           {{"--", "sh", "-c", "true"}, false},  // the old wrap form
       }) {
    std::vector<std::string> argv = {redact_binary()};
    argv.insert(argv.end(), r.args.begin(), r.args.end());
    const run_result res = run(argv, "x=" + std::string(key) + "\n");
    EXPECT_EQ(res.exit_code, 2) << r.args.front();
    EXPECT_EQ(res.out, "") << r.args.front();
    ASSERT_FALSE(res.err.empty()) << r.args.front();
    EXPECT_EQ(res.err.rfind("redact: ", 0), 0u) << res.err;
    const std::size_t first_line = res.err.find('\n') + 1;
    if (r.usage) {
      const std::string hint = r.args.front() == "exec"
                                   ? "Try 'redact exec --help' for more information.\n"
                                   : "Try 'redact --help' for more information.\n";
      EXPECT_EQ(res.err.substr(first_line), hint) << res.err;
    } else {
      EXPECT_EQ(first_line, res.err.size()) << "one line: " << res.err;
    }
  }
  const run_result r = run({redact_binary(), "--bogus"});
  EXPECT_EQ(r.err, "redact: unknown option '--bogus'\nTry 'redact --help' for more information.\n");
}

// `--` ends the options (POSIX): a file named like an option can follow it.
TEST(Filter, DoubleDashEndsTheOptions) {
  temp_dir dir;
  dir.write("-odd.log", "k=" + std::string(key) + "\n");
  spawn_options in_dir;
  in_dir.cwd = dir.path();
  const run_result r = run({redact_binary(), "--", "-odd.log"}, "", in_dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "k=qbt_***\n");
}

// The old wrap form runs nothing, reads nothing, and shows the new form.
TEST(Filter, OldWrapFormShowsExec) {
  const run_result r = run({redact_binary(), "--stats", "--", "sh", "-c", "echo hi"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "redact: 'sh' after '--' is a command, but '--' only ends the options now (FILEs "
            "follow it); to run a command, write: redact exec [OPTIONS] -- sh [ARGS...]\n");
}

TEST(Filter, QuietExitsOneAtTheFirstFindingWithoutOutput) {
  temp_dir dir;
  const std::string a = dir.write("a.log", "clean\n");
  const std::string b = dir.write("b.log", "k=" + std::string(key) + "\n");
  const run_result found = run({redact_binary(), "-q", a, b});
  EXPECT_EQ(found.exit_code, 1) << found.err;
  EXPECT_EQ(found.out, "");
  EXPECT_EQ(found.err, "");
  const run_result clean = run({redact_binary(), "--quiet", a});
  EXPECT_EQ(clean.exit_code, 0) << clean.err;
  EXPECT_EQ(clean.out, "");
  // -rq bundles: a directory walked, quietly.
  const run_result rq = run({redact_binary(), "-rq", dir.path()});
  EXPECT_EQ(rq.exit_code, 1) << rq.err;
  EXPECT_EQ(rq.out, "");
}

TEST(Filter, SecretEnvMasksTheExactValueAndNeverPrintsIt) {
  const std::string secret = "fake-deploy-token-Zx81";
  spawn_options env;
  env.env = {"REDACT_TEST_DEPLOY=" + secret};
  const run_result r = run({redact_binary(), "--secret-env", "REDACT_TEST_DEPLOY"},
                           "push with " + secret + " and url=https://x/?t=" + secret + "\n", env);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "push with *** and url=https://x/?t=***\n");

  spawn_options empty;
  empty.env = {"REDACT_TEST_DEPLOY="};
  const run_result e = run({redact_binary(), "--secret-env", "REDACT_TEST_DEPLOY"}, "", empty);
  EXPECT_EQ(e.exit_code, 2);
  EXPECT_NE(e.err.find("REDACT_TEST_DEPLOY"), std::string::npos) << e.err;

  spawn_options too_short;
  too_short.env = {"REDACT_TEST_DEPLOY=abc12"};
  const run_result s = run({redact_binary(), "--secret-env", "REDACT_TEST_DEPLOY"}, "", too_short);
  EXPECT_EQ(s.exit_code, 2);
  EXPECT_EQ(s.err.find("abc12"), std::string::npos) << s.err;
}

// Issue 16: secrets by name. A glob masks every matching variable under its
// own name; a match too short to mask is skipped with a notice naming it
// (never its value); --secret-env-defaults covers *_TOKEN and friends.
TEST(Filter, SecretEnvGlobsAndDefaults) {
  spawn_options env;
  env.env = {"REDACT_TEST_A_TOKEN=fake-token-aaaa-1111", "REDACT_TEST_B_TOKEN=fake-token-bbbb-2222",
             "REDACT_TEST_C_TOKEN=abc12", "REDACT_TEST_DB_PASSWORD=fake-db-pass-3333"};
  const std::string input =
      "a=fake-token-aaaa-1111 b=fake-token-bbbb-2222 c=abc12 db=fake-db-pass-3333\n";
  const run_result g =
      run({redact_binary(), "--check", "--secret-env", "REDACT_TEST_*_TOKEN"}, input, env);
  EXPECT_EQ(g.exit_code, 1) << g.err;
  EXPECT_EQ(g.out, "-:1:3: secret REDACT_TEST_A_TOKEN sha256:" + sha256_8("fake-token-aaaa-1111") +
                       "\n-:1:26: secret REDACT_TEST_B_TOKEN sha256:" +
                       sha256_8("fake-token-bbbb-2222") + "\n");
  EXPECT_EQ(strip_summary(g.err),
            "redact: environment variable REDACT_TEST_C_TOKEN (matched by 'REDACT_TEST_*_TOKEN') "
            "is not masked: it is shorter than 6 bytes\n");
  const run_result d = run({redact_binary(), "--secret-env-defaults"}, input, env);
  EXPECT_EQ(d.exit_code, 0) << d.err;
  EXPECT_EQ(d.out, "a=*** b=*** c=abc12 db=***\n");
  EXPECT_EQ(d.err.find("abc12"), std::string::npos) << d.err;
  EXPECT_NE(d.err.find("REDACT_TEST_C_TOKEN"), std::string::npos) << d.err;
  // Named explicitly, a too-short value is an error, not a notice.
  const run_result e = run({redact_binary(), "--secret-env", "REDACT_TEST_C_TOKEN"}, input, env);
  EXPECT_EQ(e.exit_code, 2);
  EXPECT_EQ(e.out, "");
  EXPECT_EQ(e.err.find("abc12"), std::string::npos) << e.err;
}

TEST(Filter, MoreRuleOptions) {
  const run_result r =
      run({redact_binary(), "--prefix", "sk_live_", "--preset", "extended", "--allow",
           "qbt_EXAMPLEKEY0000000000", "--min-length", "4", "--field", "x-session"},
          "a sk_live_fake1234567 b\n"
          "doc qbt_EXAMPLEKEY0000000000 real " +
              std::string(key) +
              "\n"
              "short qbt_abcd\n"
              "{\"password\":\"hunter2-fake\",\"x-session\":\"sess-fake-99\"}\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "a sk_live_*** b\n"
            "doc qbt_EXAMPLEKEY0000000000 real qbt_***\n"
            "short qbt_***\n"
            "{\"password\":\"***\",\"x-session\":\"***\"}\n");
}

TEST(Filter, BinaryInputWithNulBytes) {
  const std::string input = std::string("\0\0key=", 6) + std::string(key) +
                            std::string("\0tail\n\xff\xfe\x00\r\n", 11) + "end";
  const std::string expected =
      std::string("\0\0key=qbt_***", 13) + std::string("\0tail\n\xff\xfe\x00\r\n", 11) + "end";
  for (const char* size : {"1", "3", "65536"}) {
    const run_result r = run({redact_binary(), "--buffer-size", size}, input);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, expected) << "--buffer-size " << size;
  }
}

// Feeds `head`, then `body_size` bytes of `fill`, then `tail`, in 1 MiB chunks.
std::function<bool(std::string&)> huge_line(std::string head, std::size_t body_size, char fill,
                                            std::string tail) {
  auto sent = std::make_shared<std::size_t>(0);
  auto stage = std::make_shared<int>(0);
  return [=](std::string& chunk) {
    if (*stage == 0) {
      chunk = head;
      *stage = 1;
      return true;
    }
    if (*stage == 1) {
      const std::size_t n = std::min<std::size_t>(std::size_t{1} << 20, body_size - *sent);
      chunk.assign(n, fill);
      *sent += n;
      if (*sent == body_size) *stage = 2;
      return true;
    }
    if (*stage == 2) {
      chunk = tail;
      *stage = 3;
      return true;
    }
    return false;
  };
}

constexpr std::size_t hundred_mib = std::size_t{100} << 20;
constexpr long rss_limit_kib = 64 * 1024;

TEST(Filter, HundredMebibyteKeyInBoundedMemory) {
  const run_result r =
      run_streaming({redact_binary()}, huge_line("start key=qbt_", hundred_mib, 'A', " end\n"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "start key=qbt_*** end\n");
  EXPECT_GT(r.max_rss_kib, 0);
  EXPECT_LT(r.max_rss_kib, rss_limit_kib) << "peak RSS " << r.max_rss_kib << " KiB";
}

TEST(Filter, HundredMebibyteCredentialInBoundedMemory) {
  const run_result r = run_streaming(
      {redact_binary()}, huge_line("Authorization: Bearer ", hundred_mib, 'b', "\nnext line\n"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "Authorization: Bearer ***\nnext line\n");
  EXPECT_LT(r.max_rss_kib, rss_limit_kib) << "peak RSS " << r.max_rss_kib << " KiB";
}

TEST(Filter, WriteErrorIsReported) {
  const int full = ::open("/dev/full", O_WRONLY | O_CLOEXEC);
  if (full < 0) GTEST_SKIP() << "/dev/full is not available";
  spawn_options opts;
  opts.stdout_fd = full;
  const run_result r = run({redact_binary(), sample_log}, "", opts);
  ::close(full);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "redact: write error: No space left on device\n");
}

TEST(Filter, ReadErrorReportedAfterTheOutputBeforeIt) {
  // Reading /proc/self/mem at offset 0 fails with EIO.
  temp_dir dir;
  const std::string a = dir.write("a.log", "a " + std::string(key) + "\n");
  const run_result r = run({redact_binary(), a, "/proc/self/mem", a});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "a qbt_***\na qbt_***\n");
  EXPECT_EQ(r.err, "redact: cannot read '/proc/self/mem': Input/output error\n");
}

TEST(Filter, ReadErrorMidStreamFlushesWhatWasRedactedAndFailsClosed) {
  // A real mid-stream read error: stdin is /proc/self/mem of this test
  // process, positioned at a mapped page followed by a hole. The first reads
  // return the page; the next one fails with EIO.
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  void* mapped =
      ::mmap(nullptr, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(mapped, MAP_FAILED);
  char* region = static_cast<char*>(mapped);
  ASSERT_EQ(::munmap(region + page, page), 0);
  // The page ends with an unfinished key (body 4 < 8): undecided, held back.
  const std::string tail = "first " + std::string(key) + "\npartial qbt_fake";
  std::string content;
  while (content.size() + tail.size() + 8 < page) content += "filler\n";
  content.append(page - content.size() - tail.size(), '.');
  content += tail;
  ASSERT_EQ(content.size(), page);
  std::memcpy(region, content.data(), page);
  const int mem = ::open("/proc/self/mem", O_RDONLY | O_CLOEXEC);
  if (mem < 0 ||
      ::lseek(mem, static_cast<off_t>(reinterpret_cast<std::uintptr_t>(region)), SEEK_SET) < 0) {
    ::munmap(region, page);
    GTEST_SKIP() << "/proc/self/mem is not readable here";
  }
  spawn_options opts;
  opts.stdin_fd = mem;
  for (const char* size : {"100", "65536"}) {
    ASSERT_GE(::lseek(mem, static_cast<off_t>(reinterpret_cast<std::uintptr_t>(region)), SEEK_SET),
              0);
    child_process c({redact_binary(), "--buffer-size", size}, opts);
    const run_result r = c.finish();
    EXPECT_EQ(r.exit_code, 2) << size;
    const std::string expected = content.substr(0, content.size() - tail.size()) +
                                 "first qbt_***\npartial ";  // the held-back bytes are dropped
    EXPECT_EQ(r.out, expected) << size;
    EXPECT_EQ(r.err, "redact: cannot read standard input: Input/output error\n") << size;
  }
  ::close(mem);
  ::munmap(region, page);
}

TEST(Filter, VersionAndHelp) {
  const run_result v = run({redact_binary(), "--version"});
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_EQ(v.out, "redact 0.2.0 (contract version 2)\n");
  const run_result h = run({redact_binary(), "--help"});
  EXPECT_EQ(h.exit_code, 0);
  EXPECT_EQ(h.out.rfind("Usage: redact", 0), 0u);
  EXPECT_EQ(h.err, "");
  const run_result e = run({redact_binary(), "exec", "--help"});
  EXPECT_EQ(e.exit_code, 0);
  EXPECT_EQ(e.out.rfind("Usage: redact exec", 0), 0u);
}

}  // namespace
}  // namespace redact::test
