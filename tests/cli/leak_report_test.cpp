// Unit tests of the --check reports: text lines for each kind of location,
// JSON lines, the SARIF log (checked against the SARIF 2.1.0 schema's rules
// by sarif_schema.hpp, whose checker is itself shown to catch violations),
// and the summary line.
#include "cli/leak_report.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "sarif_schema.hpp"

namespace redact::cli {
namespace {

const commit_info commit{"0123456789abcdef0123456789abcdef01234567", "Ada <ada@example.com>",
                         "2024-05-01T10:00:00+00:00"};

located_finding content(const commit_info* c = nullptr) {
  located_finding f;
  f.kind = finding_kind::token;
  f.label = "qbt_";
  f.fingerprint = "sha256:1f2e3d4c";
  f.path = "src/app.py";
  f.line = 12;
  f.column = 9;
  f.commit = c;
  if (c != nullptr) f.change = line_change::added;
  return f;
}

std::string render(report_format format, const std::vector<located_finding>& findings,
                   const scan_summary& summary = {}) {
  std::string out;
  string_output sink(out);
  auto r = make_reporter(format, sink, {"credential-key", "5c1f0e2a", "history"});
  for (const located_finding& f : findings) r->report(f);
  r->finish(summary);
  return out;
}

TEST(LeakReport, TextLines) {
  located_finding name = content(&commit);
  name.area = finding_area::file_name;
  name.line = 0;
  name.column = 5;
  name.path = "keys/qbt_***.txt";
  located_finding msg = content(&commit);
  msg.area = finding_area::commit_message;
  msg.path = "";
  msg.line = 3;
  msg.column = 7;
  located_finding removed = content(&commit);
  removed.change = line_change::removed;
  located_finding staged = content();
  staged.change = line_change::added;
  staged.staged = true;
  located_finding field = content();
  field.kind = finding_kind::field;
  field.label = "Authorization";
  field.fingerprint = "hmac-sha256:9a8b7c6d";
  EXPECT_EQ(
      render(report_format::text, {content(), content(&commit), name, msg, removed, staged, field}),
      "src/app.py:12:9: token qbt_ sha256:1f2e3d4c\n"
      "0123456789ab:src/app.py:12:9: token qbt_ sha256:1f2e3d4c added by Ada "
      "<ada@example.com> on 2024-05-01T10:00:00+00:00\n"
      "0123456789ab:keys/qbt_***.txt: token qbt_ sha256:1f2e3d4c (file name, column 5) "
      "added by Ada <ada@example.com> on 2024-05-01T10:00:00+00:00\n"
      "0123456789ab: token qbt_ sha256:1f2e3d4c (commit message, line 3, column 7) added "
      "by Ada <ada@example.com> on 2024-05-01T10:00:00+00:00\n"
      "0123456789ab:src/app.py:12:9: token qbt_ sha256:1f2e3d4c removed by Ada "
      "<ada@example.com> on 2024-05-01T10:00:00+00:00\n"
      "src/app.py:12:9: token qbt_ sha256:1f2e3d4c (staged)\n"
      "src/app.py:12:9: field Authorization hmac-sha256:9a8b7c6d\n");
}

TEST(LeakReport, JsonLinesKeepTheFileFormatAndAddAttribution) {
  const std::string out = render(report_format::json, {content(), content(&commit)});
  const std::size_t lf = out.find('\n');
  ASSERT_NE(lf, std::string::npos);
  // A plain file's object is unchanged: the same six members in the same order.
  EXPECT_EQ(out.substr(0, lf),
            R"({"file":"src/app.py","line":12,"column":9,"kind":"token","label":"qbt_",)"
            R"("fingerprint":"sha256:1f2e3d4c"})");
  const nlohmann::json j = nlohmann::json::parse(out.substr(lf + 1));
  EXPECT_EQ(j["commit"], commit.id);
  EXPECT_EQ(j["author"], commit.author);
  EXPECT_EQ(j["date"], commit.date);
  EXPECT_EQ(j["change"], "added");
  EXPECT_EQ(j["line"], 12);
}

TEST(LeakReport, JsonReplacesInvalidUtf8) {
  located_finding f = content();
  f.path = "bad\xff.log";
  const nlohmann::json j = nlohmann::json::parse(render(report_format::json, {f}));
  EXPECT_EQ(j["file"], "bad\xef\xbf\xbd.log");
}

TEST(LeakReport, SarifConformsAndCoversEveryKind) {
  located_finding msg = content(&commit);
  msg.area = finding_area::commit_message;
  msg.path = "";
  located_finding odd = content(&commit);
  odd.path = "dir with space/100%#x.py";
  odd.kind = finding_kind::private_key;
  scan_summary s;
  s.reported[static_cast<std::size_t>(finding_kind::token)] = 2;
  s.reported[static_cast<std::size_t>(finding_kind::private_key)] = 1;
  s.history = true;
  s.commits = 3;
  const nlohmann::json log =
      nlohmann::json::parse(render(report_format::sarif, {content(&commit), msg, odd}, s));
  const std::vector<std::string> problems = redact::test::sarif_problems(log);
  EXPECT_TRUE(problems.empty()) << problems.front();

  const nlohmann::json& run = log["runs"][0];
  const nlohmann::json& rules = run["tool"]["driver"]["rules"];
  ASSERT_EQ(rules.size(), finding_kind_count);
  for (std::size_t k = 0; k < finding_kind_count; ++k) {
    EXPECT_EQ(rules[k]["id"], sarif_rule_id(static_cast<finding_kind>(k)));
  }
  EXPECT_EQ(rules[9]["id"], "redact.private_key");
  const nlohmann::json& results = run["results"];
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0]["ruleId"], "redact.token");
  EXPECT_EQ(results[0]["ruleIndex"], 0);
  const nlohmann::json& loc = results[0]["locations"][0]["physicalLocation"];
  EXPECT_EQ(loc["artifactLocation"]["uri"], "src/app.py");
  EXPECT_EQ(loc["region"]["startLine"], 12);
  EXPECT_EQ(loc["region"]["startColumn"], 9);
  EXPECT_EQ(results[0]["partialFingerprints"]["redact/v1"], "token:sha256:1f2e3d4c:src/app.py");
  EXPECT_EQ(results[0]["properties"]["commit"], commit.id);
  EXPECT_EQ(results[1]["locations"][0]["logicalLocations"][0]["name"], commit.id);
  EXPECT_EQ(results[2]["ruleIndex"], 9);
  EXPECT_EQ(results[2]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "dir%20with%20space/100%25%23x.py");
  EXPECT_EQ(run["properties"]["summary"]["findings"], 3);
  EXPECT_EQ(run["properties"]["keyId"], "5c1f0e2a");
  EXPECT_EQ(run["invocations"][0]["executionSuccessful"], true);
}

TEST(LeakReport, TheSarifCheckerCatchesViolations) {
  const nlohmann::json good =
      nlohmann::json::parse(render(report_format::sarif, {content(&commit)}));
  ASSERT_TRUE(redact::test::sarif_problems(good).empty());
  nlohmann::json bad = good;
  bad["runs"][0]["results"][0].erase("message");
  EXPECT_FALSE(redact::test::sarif_problems(bad).empty());
  bad = good;
  bad["runs"][0]["results"][0]["unknownMember"] = 1;
  EXPECT_FALSE(redact::test::sarif_problems(bad).empty());
  bad = good;
  bad["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0;
  EXPECT_FALSE(redact::test::sarif_problems(bad).empty());
  bad = good;
  bad["runs"][0]["tool"]["driver"].erase("name");
  EXPECT_FALSE(redact::test::sarif_problems(bad).empty());
  bad = good;
  bad["runs"][0]["results"][0]["level"] = "fatal";
  EXPECT_FALSE(redact::test::sarif_problems(bad).empty());
  bad = good;
  bad.erase("version");
  EXPECT_FALSE(redact::test::sarif_problems(bad).empty());
  bad = good;
  bad["runs"][0]["invocations"][0].erase("executionSuccessful");
  EXPECT_FALSE(redact::test::sarif_problems(bad).empty());
}

TEST(LeakReport, SummaryLine) {
  scan_summary s;
  EXPECT_EQ(render_summary(s), "redact: 0 findings; 0 files, 0 bytes in 0.00 s");
  s.reported[static_cast<std::size_t>(finding_kind::token)] = 1;
  s.reported[static_cast<std::size_t>(finding_kind::url)] = 2;
  s.suppressed_baseline = 3;
  s.suppressed_allow = 1;
  s.history = true;
  s.commits = 1;
  s.files = 4;
  s.bytes = 1234;
  s.seconds = 0.256;
  s.errors = true;
  EXPECT_EQ(render_summary(s),
            "redact: 3 findings (token 1, url 2), 4 suppressed (baseline 3, redact:allow 1); "
            "1 commit, 4 files, 1234 bytes in 0.26 s (with errors)");
}

TEST(LeakReport, FindingKeyIgnoresTheLine) {
  located_finding a = content();
  located_finding b = content();
  b.line = 400;
  b.column = 1;
  EXPECT_EQ(finding_key(a), finding_key(b));
  b.path = "other.py";
  EXPECT_NE(finding_key(a), finding_key(b));
  EXPECT_EQ(fingerprint_text(true, "01234567"), "hmac-sha256:01234567");
  EXPECT_EQ(fingerprint_text(false, "01234567"), "sha256:01234567");
}

}  // namespace
}  // namespace redact::cli
