// Unit tests of baselines: entries keyed by kind, fingerprint and path (so
// moving a line keeps a finding known), round trip, refusal of bad files.
#include "cli/baseline.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace redact::cli {
namespace {

located_finding at(std::string_view path, std::uint64_t line, std::string_view fp,
                   finding_kind kind = finding_kind::token) {
  located_finding f;
  f.kind = kind;
  f.label = "qbt_";
  f.fingerprint = fp;
  f.path = path;
  f.line = line;
  f.column = 3;
  return f;
}

TEST(Baseline, WrittenEntriesMatchWhereverTheLineMoves) {
  commit_info c{"0123456789abcdef0123456789abcdef01234567", "A <a@example.com>", "2024"};
  baseline_writer w;
  located_finding a = at("src/app.py", 12, "sha256:1f2e3d4c");
  a.commit = &c;
  w.add(a);
  w.add(at("src/app.py", 99, "sha256:1f2e3d4c"));  // same key: one entry
  located_finding msg = at("", 2, "sha256:aaaabbbb");
  msg.area = finding_area::commit_message;
  w.add(msg);
  EXPECT_EQ(w.size(), 2u);
  const std::string text = w.render("5c1f0e2a");

  std::string error;
  const std::optional<baseline> b = baseline::parse(text, "b.json", error);
  ASSERT_TRUE(b) << error;
  EXPECT_EQ(b->size(), 2u);
  EXPECT_EQ(b->key_id(), "5c1f0e2a");
  EXPECT_TRUE(b->contains(at("src/app.py", 400, "sha256:1f2e3d4c")));  // moved line
  EXPECT_FALSE(b->contains(at("src/other.py", 12, "sha256:1f2e3d4c")));
  EXPECT_FALSE(b->contains(at("src/app.py", 12, "sha256:1f2e3d4d")));
  EXPECT_FALSE(b->contains(at("src/app.py", 12, "sha256:1f2e3d4c", finding_kind::secret)));
  located_finding msg2 = at("whatever", 7, "sha256:aaaabbbb");
  msg2.area = finding_area::commit_message;
  EXPECT_TRUE(b->contains(msg2));

  // The file is readable JSON with the commit and line kept for people.
  const nlohmann::json j = nlohmann::json::parse(text);
  EXPECT_EQ(j["redact_baseline"], 1);
  ASSERT_EQ(j["findings"].size(), 2u);
  EXPECT_EQ(j["findings"][0]["path"], "src/app.py");
  EXPECT_EQ(j["findings"][0]["commit"], c.id);
  EXPECT_EQ(j["findings"][0]["line"], 12);
  EXPECT_EQ(j["findings"][1]["where"], "commit_message");
}

TEST(Baseline, CountsKeyedEntries) {
  baseline_writer w;
  w.add(at("a", 1, "hmac-sha256:01234567", finding_kind::field));
  w.add(at("a", 1, "sha256:01234567"));
  std::string error;
  const std::optional<baseline> b = baseline::parse(w.render(""), "b", error);
  ASSERT_TRUE(b) << error;
  EXPECT_EQ(b->keyed_entries(), 1u);
  EXPECT_EQ(b->key_id(), "");
}

TEST(Baseline, RefusesWhatIsNotABaselineWithoutQuotingIt) {
  std::string error;
  const std::string secretish = "qbt_fakeNotInMessages000000001";
  EXPECT_FALSE(baseline::parse("{\"x\": \"" + secretish + "\"", "b.json", error));
  EXPECT_EQ(error.find(secretish), std::string::npos) << error;
  EXPECT_NE(error.find("b.json"), std::string::npos);
  EXPECT_FALSE(baseline::parse("[]", "b.json", error));
  EXPECT_FALSE(baseline::parse(R"({"redact_baseline": 2, "findings": []})", "b.json", error));
  EXPECT_FALSE(baseline::parse(
      R"({"redact_baseline": 1, "findings": [{"kind": "nope", "fingerprint": "sha256:01234567", "path": "a"}]})",
      "b.json", error));
  EXPECT_NE(error.find("entry 1"), std::string::npos) << error;
  EXPECT_FALSE(
      baseline::parse(R"({"redact_baseline": 1, "findings": [{"kind": "token", "fingerprint": ")" +
                          secretish + R"(", "path": "a"}]})",
                      "b.json", error));
  EXPECT_EQ(error.find(secretish), std::string::npos) << error;
  EXPECT_FALSE(baseline::parse(
      R"({"redact_baseline": 1, "findings": [{"kind": "token", "fingerprint": "sha256:01234567"}]})",
      "b.json", error));
  EXPECT_TRUE(baseline::parse(R"({"redact_baseline": 1, "findings": []})", "b.json", error));
}

}  // namespace
}  // namespace redact::cli
