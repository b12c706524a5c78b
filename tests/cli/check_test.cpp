// Process-level tests of `redact --check`: report lines, exit codes, JSON,
// keyed fingerprints, -r, rules files, regex rules, --stats, git history.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdint>
#include <cstdlib>
#include <map>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "process.hpp"
#include "scan_support.hpp"

namespace redact::test {
namespace {

const std::string sample_log = std::string(REDACT_SOURCE_DIR) + "/examples/sample.log";

struct expected_finding {
  int line;  // 1-based line of examples/sample.log
  std::string kind;
  std::string label;
  std::string secret;  // the bytes SPEC says are fingerprinted; located in the line
};

// What SPEC says the findings of examples/sample.log are (see the golden
// file for the text): label as written, secret = key with prefix, credential
// without scheme (padding included).
const std::vector<expected_finding>& sample_findings() {
  static const std::vector<expected_finding> findings = {
      {7, "field", "Authorization", "qbt_fakeCurlKey00000000000000000001"},
      {10, "field", "authorization",
       "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJmYWtlIn0.ZmFrZS1zaWduYXR1cmU"},
      {12, "field", "Authorization", "qbt_fakePythonKey0000000000000000002"},
      {13, "field", "Authorization", "9f8e7d6c5b4a3f2e"},
      {14, "field", "Authorization", "qbt_fakeGoKey000000000000000000003"},
      {15, "field", "authorization", "ZGVwbG95OmZha2UtcGFzc3dvcmQtMDAw"},
      {16, "token", "qbt_", "qbt_fakeLogfmtKey0000000000000000004"},
      {17, "field", "Authorization",
       "username=\"svc\", realm=\"api\", nonce=\"dcd98b7102dd2f0e\", "
       "response=\"6629fae49393a05397450978507c4ef1\""},
      // `API_KEY` is a default field name (SPEC version 2): Rule H starts at
      // it, before the key, and keeps the key's prefix.
      {19, "field", "API_KEY", "qbt_fakeEnvKey0000000000000000000005"},
      {20, "field", "AUTHORIZATION", "fakeCgiToken0123456789abcdef"},
      {22, "bearer", "Bearer", "dGhpc0lzQUZha2VCZWFyZXJUb2tlbg=="},
      {23, "basic", "Basic", "YWRtaW46bm90LWEtcmVhbC1wYXNzd29yZA=="},
      {26, "field", "Authorization", "qbt_fakeEscapedKey000000000000000006"},
  };
  return findings;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// FILE:LINE:COL: KIND LABEL FINGERPRINT for each expected finding, the
// column found by locating the secret in the sample's line. Fingerprints of
// fields and Basic credentials are keyed by the credential key (the tests'
// REDACT_CREDENTIAL_KEY), those of keys and tokens are plain SHA-256.
std::string expected_sample_report(const std::string& file, bool hmac = false,
                                   const std::string& key = {}) {
  const std::vector<std::string> lines = split_lines(read_file(sample_log));
  std::string report;
  for (const expected_finding& f : sample_findings()) {
    const std::string& text = lines.at(static_cast<std::size_t>(f.line - 1));
    const std::size_t at = text.find(f.secret);
    EXPECT_NE(at, std::string::npos) << "line " << f.line;
    EXPECT_EQ(text.find(f.secret, at + 1), std::string::npos) << "ambiguous, line " << f.line;
    report += file + ":" + std::to_string(f.line) + ":" + std::to_string(at + 1) + ": " + f.kind +
              " " + f.label + " " +
              (hmac ? "hmac-sha256:" + hmac_sha256_8(key, f.secret)
                    : expected_fingerprint(f.kind, f.secret)) +
              "\n";
  }
  return report;
}

TEST(Check, SampleReportLinesAndExitStatus) {
  const run_result r = run({redact_binary(), "--check", sample_log});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(strip_summary(r.err), "");
  EXPECT_EQ(
      summary_line(r.err).rfind("redact: 13 findings (token 1, field 10, bearer 1, basic 1); "
                                "1 file, " +
                                    std::to_string(read_file(sample_log).size()) + " bytes in ",
                                0),
      0u)
      << r.err;
  EXPECT_EQ(r.out, expected_sample_report(sample_log));
}

TEST(Check, SummaryLineGrammarOfTheTests) {
  // The reader the tests use to find the summary line accepts the forms the
  // command prints and nothing else.
  for (const char* good : {
           "redact: 0 findings; 0 files, 0 bytes in 0.00 s",
           "redact: 1 finding (token 1); 1 file, 1 byte in 0.01 s",
           "redact: 3 findings (token 1, url 2), 4 suppressed (baseline 3, redact:allow 1); 1 "
           "commit, 4 files, 1234 bytes in 0.26 s (with errors)",
       }) {
    EXPECT_TRUE(is_summary_line(good)) << good;
  }
  for (const char* bad : {
           "",
           "redact: 1 finding",
           "redact: cannot open 'x': No such file or directory",
           "redact: 1 finding (token 1); 1 file, 1 byte in 0.01 s trailing",
           "redact: 2652 bytes in 1 stream, 13 findings",
       }) {
    EXPECT_FALSE(is_summary_line(bad)) << bad;
  }
}

TEST(Check, StdinIsNamedDashAndResultIsChunkingIndependent) {
  const std::string input = read_file(sample_log);
  const std::string expected = expected_sample_report("-");
  for (const char* size : {"1", "7", "65536"}) {
    const run_result r = run({redact_binary(), "--check", "--buffer-size", size}, input);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_EQ(r.out, expected) << "--buffer-size " << size;
  }
}

TEST(Check, FingerprintMatchesSha256sumOfTheKey) {
  // The operator's recipe: printf %s "$KEY" | sha256sum | cut -c1-8
  const std::string key = "qbt_fakeCheckKey00000000000000001";
  const run_result r = run({redact_binary(), "--check"}, "one\nsome text key=" + key + " more\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "-:2:15: token qbt_ sha256:" + sha256_8(key) + "\n");
  // Independent cross-check of the test's own SHA-256 with a published vector.
  EXPECT_EQ(sha256_8("abc"), "ba7816bf");
}

TEST(Check, CleanInputExitsZeroAndPrintsNothing) {
  const run_result r = run({redact_binary(), "--check"},
                           "all clean\nqbt_short\nAuthorization: Bearer qbt_***\nBasic usage\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(strip_summary(r.err), "");
}

TEST(Check, ErrorsExitTwoEvenWithFindings) {
  temp_dir dir;
  const std::string a = dir.write("a.log", "k=qbt_fakeCheckKey00000000000000001\n");
  const run_result r = run({redact_binary(), "--check", a, dir.path() + "/missing.log"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out.find(a + ":1:3: token qbt_ sha256:"), 0u) << r.out;
  EXPECT_EQ(strip_summary(r.err),
            "redact: cannot open '" + dir.path() + "/missing.log': No such file or directory\n");
  EXPECT_NE(summary_line(r.err).find("(with errors)"), std::string::npos) << r.err;
}

TEST(Check, LineNumbersRestartPerFile) {
  temp_dir dir;
  const std::string a = dir.write("a.log", "x\ny\nk=qbt_fakeCheckKey00000000000000001\n");
  const std::string b = dir.write("b.log", "k=qbt_fakeCheckKey00000000000000002\n");
  const run_result r = run({redact_binary(), "--check", a, b});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, a + ":3:3: token qbt_ sha256:" + sha256_8("qbt_fakeCheckKey00000000000000001") +
                       "\n" + b + ":1:3: token qbt_ sha256:" +
                       sha256_8("qbt_fakeCheckKey00000000000000002") + "\n");
}

TEST(Check, KeyedFingerprints) {
  spawn_options env;
  env.env = {"REDACT_TEST_FP_KEY=team-fingerprint-key"};
  const run_result r =
      run({redact_binary(), "--check", "--fingerprint-key-env", "REDACT_TEST_FP_KEY", sample_log},
          "", env);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.out, expected_sample_report(sample_log, true, "team-fingerprint-key"));
  const run_result unset = run({redact_binary(), "--check", "--fingerprint-key-env",
                                "REDACT_TEST_SURELY_UNSET", sample_log});
  EXPECT_EQ(unset.exit_code, 2);
  EXPECT_NE(unset.err.find("REDACT_TEST_SURELY_UNSET"), std::string::npos);
}

TEST(Check, SecretEnvFindingsAreLabelledWithTheVariable) {
  const std::string secret = "fake-ci-secret-4242";
  spawn_options env;
  env.env = {"REDACT_TEST_CI_SECRET=" + secret};
  const run_result r = run({redact_binary(), "--check", "--secret-env", "REDACT_TEST_CI_SECRET"},
                           "deploying with " + secret + "\n", env);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.out, "-:1:16: secret REDACT_TEST_CI_SECRET sha256:" + sha256_8(secret) + "\n");
  EXPECT_EQ(r.out.find(secret), std::string::npos);
}

// --- A small strict JSON reader for the report lines (flat objects only). ---

using json_value = std::variant<std::string, std::int64_t>;
using json_object = std::map<std::string, json_value>;

class json_reader {
 public:
  explicit json_reader(const std::string& text) : s_(text) {}

  json_object object() {
    json_object obj;
    expect('{');
    if (peek() == '}') {
      ++i_;
      return finish(obj);
    }
    for (;;) {
      std::string key = string();
      expect(':');
      if (peek() == '"') {
        obj[key] = string();
      } else {
        obj[key] = number();
      }
      if (peek() == ',') {
        ++i_;
        continue;
      }
      expect('}');
      return finish(obj);
    }
  }

 private:
  json_object finish(json_object obj) {
    if (i_ != s_.size()) throw std::runtime_error("trailing bytes");
    return obj;
  }
  char peek() const {
    if (i_ >= s_.size()) throw std::runtime_error("unexpected end");
    return s_[i_];
  }
  void expect(char c) {
    if (peek() != c) throw std::runtime_error(std::string("expected ") + c);
    ++i_;
  }
  std::int64_t number() {
    std::size_t start = i_;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    if (start == i_) throw std::runtime_error("expected a number");
    return std::stoll(s_.substr(start, i_ - start));
  }
  std::string string() {
    expect('"');
    std::string out;
    for (;;) {
      const char c = peek();
      ++i_;
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) throw std::runtime_error("raw control char");
      if (c != '\\') {
        out += c;
        continue;
      }
      const char e = peek();
      ++i_;
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'u': {
          const unsigned cp = static_cast<unsigned>(std::stoul(s_.substr(i_, 4), nullptr, 16));
          i_ += 4;
          if (cp < 0x80) {
            out += static_cast<char>(cp);
          } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
          } else {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
          }
          break;
        }
        default:
          throw std::runtime_error("bad escape");
      }
    }
  }

  const std::string& s_;
  std::size_t i_ = 0;
};

TEST(Check, JsonReportParsesBack) {
  temp_dir dir;
  // A file name that needs escaping in JSON.
  const std::string path = dir.write("odd \"name\"\t.log", read_file(sample_log));
  const run_result r = run({redact_binary(), "--check", "--format", "json", path});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const std::vector<std::string> lines = split_lines(r.out);
  const std::vector<std::string> text_lines = split_lines(read_file(sample_log));
  ASSERT_EQ(lines.size(), sample_findings().size()) << r.out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const expected_finding& f = sample_findings()[i];
    json_object obj;
    ASSERT_NO_THROW(obj = json_reader(lines[i]).object()) << lines[i];
    EXPECT_EQ(obj.size(), 6u) << lines[i];
    EXPECT_EQ(std::get<std::string>(obj.at("file")), path);
    EXPECT_EQ(std::get<std::int64_t>(obj.at("line")), f.line);
    const std::size_t col = text_lines[static_cast<std::size_t>(f.line - 1)].find(f.secret) + 1;
    EXPECT_EQ(std::get<std::int64_t>(obj.at("column")), static_cast<std::int64_t>(col));
    EXPECT_EQ(std::get<std::string>(obj.at("kind")), f.kind);
    EXPECT_EQ(std::get<std::string>(obj.at("label")), f.label);
    EXPECT_EQ(std::get<std::string>(obj.at("fingerprint")), expected_fingerprint(f.kind, f.secret));
  }
}

TEST(Check, NoSecretBytesInAnyReport) {
  for (const char* format : {"text", "json"}) {
    const run_result r = run({redact_binary(), "--check", "--format", format, sample_log});
    for (const expected_finding& f : sample_findings()) {
      // Keys keep their prefix in reports only as the label; bodies never appear.
      const std::string body = f.secret.substr(f.secret.rfind('_') + 1);
      EXPECT_EQ(r.out.find(body), std::string::npos) << format << ": line " << f.line;
    }
  }
}

TEST(Check, RecursiveScanInStableOrderIncludingBinaryFiles) {
  temp_dir dir;
  const std::string k1 = "qbt_fakeTreeKey000000000000000001";
  const std::string k2 = "qbt_fakeTreeKey000000000000000002";
  const std::string k3 = "qbt_fakeTreeKey000000000000000003";
  const std::string k4 = "qbt_fakeTreeKey000000000000000004";
  dir.write("logs/b.log", "clean\n" + k2 + "\n");
  dir.write("logs/a.log", "k=" + k1 + "\n");
  dir.write("logs/sub/z.bin", std::string("\x7f"
                                          "ELF\0\0\x01",
                                          7) +
                                  k3 + std::string("\0\xff", 2));
  dir.write("logs/c.txt", "x " + k4 + "\n");
  dir.write("logs/empty/.keep", "");
  const std::string root = dir.path() + "/logs";
  const run_result r = run({redact_binary(), "--check", "-r", root});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.out, root + "/a.log:1:3: token qbt_ sha256:" + sha256_8(k1) + "\n" +  //
                       root + "/b.log:2:1: token qbt_ sha256:" + sha256_8(k2) + "\n" + root +
                       "/c.txt:1:3: token qbt_ sha256:" + sha256_8(k4) + "\n" + root +
                       "/sub/z.bin:1:8: token qbt_ sha256:" + sha256_8(k3) + "\n");
  // Without -r the directory is an error (exit 2), not silently skipped.
  const run_result no_r = run({redact_binary(), "--check", root});
  EXPECT_EQ(no_r.exit_code, 2);
  EXPECT_EQ(no_r.out, "");
  EXPECT_EQ(strip_summary(no_r.err),
            "redact: '" + root + "' is a directory (use -r to scan directories)\n");
  // A trailing slash does not double the separator; filter mode walks too.
  const run_result filter = run({redact_binary(), "--recursive", root + "/"});
  EXPECT_EQ(filter.exit_code, 0) << filter.err;
  EXPECT_EQ(filter.out.substr(0, 22), "k=qbt_***\nclean\nqbt_**");
}

TEST(Check, Stats) {
  const run_result r = run({redact_binary(), "--check", "--stats", sample_log});
  EXPECT_EQ(r.exit_code, 1);
  const std::size_t bytes = read_file(sample_log).size();
  EXPECT_EQ(strip_summary(r.err),
            "redact: " + std::to_string(bytes) +
                " bytes in 1 stream, 13 findings\n"
                "  token       1     qbt_ 1\n"
                "  field       10    API_KEY 1, AUTHORIZATION 1, Authorization 6, authorization 2\n"
                "  bearer      1     Bearer 1\n"
                "  basic       1     Basic 1\n"
                "  secret      0\n"
                "  regex       0\n"
                "  jwt         0\n"
                "  url         0\n"
                "  encoded     0\n"
                "  private_key 0\n");
  // In filter mode too, with the text on stdout.
  const run_result f = run({redact_binary(), "--stats"}, "k=qbt_fakeStatsKey0000000000001\n");
  EXPECT_EQ(f.exit_code, 0);
  EXPECT_EQ(f.out, "k=qbt_***\n");
  EXPECT_EQ(f.err.rfind("redact: 32 bytes in 1 stream, 1 finding\n  token       1     qbt_ 1\n", 0),
            0u)
      << f.err;
}

TEST(Rules, FileRulesApplyAndErrorsNameTheLine) {
  temp_dir dir;
  const std::string rules = dir.write("rules.txt",
                                      "# team rules\n"
                                      "prefix sk_live_\n"
                                      "field x-session\n"
                                      "\n"
                                      "allow qbt_EXAMPLEKEY0000000000\n");
  const run_result r =
      run({redact_binary(), "--rules", rules},
          "a sk_live_fake1234567 x-session=fakeSession99 qbt_EXAMPLEKEY0000000000\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "a sk_live_*** x-session=*** qbt_EXAMPLEKEY0000000000\n");

  const std::string bad = dir.write("bad.txt", "prefix sk_live_\n\n# ok so far\nfield sk live\n");
  const run_result e = run({redact_binary(), "--rules", bad}, "x\n");
  EXPECT_EQ(e.exit_code, 2);
  EXPECT_EQ(e.out, "");
  EXPECT_EQ(e.err, "redact: " + bad + ":4: 'field' takes exactly one value\n");

  const run_result missing = run({redact_binary(), "--rules", dir.path() + "/nope.txt"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.err,
            "redact: cannot open '" + dir.path() + "/nope.txt': No such file or directory\n");
}

TEST(Rules, InvalidRegexInRulesFileAndOnTheCommandLine) {
  temp_dir dir;
  const std::string rules = dir.write("rules.txt", "prefix sk_\n\n\n\n\n\nregex broken (abc\n");
  const run_result r = run({redact_binary(), "--rules", rules}, "x\n");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.rfind("redact: " + rules + ":7: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("missing )"), std::string::npos) << r.err;

  const run_result c = run({redact_binary(), "--regex", "(abc", "--label", "broken"}, "x\n");
  EXPECT_EQ(c.exit_code, 2);
  EXPECT_EQ(c.err.rfind("redact: --regex: invalid regex broken: missing )", 0), 0u) << c.err;
  EXPECT_EQ(c.err.find('\n'), c.err.size() - 1);
}

TEST(Rules, RegexWithAndWithoutCaptureGroup) {
  // With a group only group 1 is masked; without, the whole match (SPEC Rule R).
  const std::string input = "user ssn=123-45-6789 order ORD-77aa11 done\n";
  const run_result r = run({redact_binary(), "--regex", "ssn=\\d{3}-\\d{2}-(\\d{4})", "--label",
                            "ssn", "--regex", "ORD-[0-9a-f]{6}", "--label", "order"},
                           input);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "user ssn=123-45-*** order *** done\n");

  const run_result c = run({redact_binary(), "--check", "--regex", "ssn=\\d{3}-\\d{2}-(\\d{4})",
                            "--label", "ssn", "--regex", "ORD-[0-9a-f]{6}"},
                           input);
  EXPECT_EQ(c.exit_code, 1) << c.err;
  EXPECT_EQ(c.out, "-:1:17: regex ssn sha256:" + sha256_8("6789") + "\n" +
                       "-:1:28: regex regex#2 sha256:" + sha256_8("ORD-77aa11") + "\n");
}

// --- issue 3 "done when": git history ---

int sh(const std::string& command, const std::string& cwd) {
  const run_result r = run({"sh", "-c", command}, "", spawn_options{{}, {}, cwd, -1});
  return r.exit_code;
}

bool have_git() { return run({"sh", "-c", "command -v git"}).exit_code == 0; }

std::string git_repo_with_commits(const temp_dir& dir, bool leak) {
  const std::string repo = dir.path() + "/repo";
  ::mkdir(repo.c_str(), 0700);
  const std::string git =
      "git -c user.name=Test -c user.email=test@example.invalid -c commit.gpgsign=false ";
  EXPECT_EQ(sh("git init -q . && " + git + "commit -q --allow-empty -m init", repo), 0);
  dir.write("repo/app.py", "print('hello')\n");
  EXPECT_EQ(sh("git add app.py && " + git + "commit -q -m 'add app'", repo), 0);
  if (leak) {
    dir.write("repo/.env", "DEBUG=1\nQUBITTRON_BOT_KEY=qbt_fakeGitHistoryKey000000000001\n");
    EXPECT_EQ(sh("git add .env && " + git + "commit -q -m 'add env'", repo), 0);
    EXPECT_EQ(sh("git rm -q .env && " + git + "commit -q -m 'remove env'", repo), 0);
  }
  return repo;
}

// Line numbers (1-based) of `git log -p` output lines that contain `needle`.
std::vector<int> log_lines_containing(const std::string& repo, const std::string& needle) {
  const run_result log = run({"git", "-C", repo, "log", "-p"});
  std::vector<int> found;
  const std::vector<std::string> lines = split_lines(log.out);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find(needle) != std::string::npos) found.push_back(static_cast<int>(i + 1));
  }
  return found;
}

TEST(GitHistory, LeakedKeyInHistoryIsReportedOnceAtTheCommitThatAddedIt) {
  if (!have_git()) GTEST_SKIP() << "git is not installed";
  temp_dir dir;
  const std::string repo = git_repo_with_commits(dir, true);
  const std::string key = "qbt_fakeGitHistoryKey000000000001";
  ASSERT_EQ(log_lines_containing(repo, key).size(),
            2u);  // added in one commit, removed in the next
  const std::string added = run({"git", "-C", repo, "rev-parse", "HEAD~1"}).out.substr(0, 12);
  const run_result r =
      run({"sh", "-c", "git -C '" + repo + "' log -p | '" + redact_binary() + "' --check"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  // The removal is not a second leak; the finding names the commit, the
  // file and the line in the file ("QUBITTRON_BOT_KEY=qbt_..." on line 2,
  // a name that is no credential field in any preset:
  // the key starts at column 19).
  EXPECT_EQ(r.out.rfind(added + ":.env:2:19: token qbt_ sha256:" + sha256_8(key) +
                            " added by Test <test@example.invalid> on ",
                        0),
            0u)
      << r.out;
  EXPECT_EQ(split_lines(r.out).size(), 1u) << r.out;
}

TEST(GitHistory, CleanHistoryExitsZero) {
  if (!have_git()) GTEST_SKIP() << "git is not installed";
  temp_dir dir;
  const std::string repo = git_repo_with_commits(dir, false);
  const run_result r =
      run({"sh", "-c", "git -C '" + repo + "' log -p | '" + redact_binary() + "' --check"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(strip_summary(r.err), "");
}

}  // namespace
}  // namespace redact::test
