// The dictionary attack of issue 15: a published `--check` report (and a
// baseline written from it) of weak `user:password` credentials must not
// give any of them back to an attacker with a 10,000-word dictionary, while
// keys keep sha256sum-compatible fingerprints and the key holder can still
// match every fingerprint. The attack itself is shown to work: against
// plain SHA-256 fingerprints of the same credentials it recovers all of them.
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "process.hpp"
#include "scan_support.hpp"

namespace redact::test {
namespace {

using nlohmann::json;

// 50 password stems x 200 endings = 10,000 distinct words, the shapes
// people choose (a word, a year, a digit run, punctuation).
std::vector<std::string> dictionary() {
  const char* stems[] = {
      "password", "admin",    "welcome", "summer",   "winter",   "spring",   "autumn",   "dragon",
      "monkey",   "letmein",  "qwerty",  "football", "baseball", "master",   "shadow",   "sunshine",
      "princess", "flower",   "hello",   "freedom",  "whatever", "trustno1", "iloveyou", "secret",
      "login",    "starwars", "pokemon", "superman", "batman",   "charlie",  "michael",  "jessica",
      "ashley",   "daniel",   "thomas",  "hunter",   "ranger",   "soccer",   "hockey",   "killer",
      "george",   "jordan",   "harley",  "robert",   "matthew",  "andrew",   "buster",   "tigger",
      "pepper",   "ginger"};
  std::vector<std::string> endings = {""};
  for (int y = 1950; y < 2050; ++y) endings.push_back(std::to_string(y));
  for (int y = 2000; y < 2030; ++y) endings.push_back(std::to_string(y) + "!");
  for (int d = 0; d < 10; ++d) endings.push_back(std::to_string(d));
  for (const char* e : {"123", "1234", "12345", "!", "!!", "?", "#1", "_1", "@1", "007"})
    endings.emplace_back(e);
  for (int d = 0; d < 49; ++d) endings.push_back((d < 10 ? "0" : "") + std::to_string(d));
  std::vector<std::string> words;
  for (const char* s : stems)
    for (const std::string& e : endings) words.push_back(s + e);
  return words;
}

std::string base64(const std::string& s) {
  std::string out(4 * ((s.size() + 2) / 3) + 1, '\0');
  const int n =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(s.data()), static_cast<int>(s.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

const std::vector<std::string> users = {"admin", "root", "deploy", "svc", "alice"};

struct planted {
  int line;            // 1-based line of the log
  std::string kind;    // the finding kind SPEC gives it
  std::string secret;  // the bytes SPEC fingerprints
};

// A log with weak credentials in the shapes logs carry them.
std::string weak_log(const std::vector<std::string>& words, std::vector<planted>& out) {
  std::string log;
  int line = 0;
  const auto add = [&](const std::string& text, const std::string& kind,
                       const std::string& secret) {
    log += text + "\n";
    ++line;
    out.push_back({line, kind, secret});
  };
  const std::string admin = base64("admin:summer2024");
  add("GET /admin HTTP/1.1 Authorization: Basic " + admin, "field", admin);
  for (int i = 0; i < 100; ++i) {
    const std::string& pw = words[static_cast<std::size_t>(i) * 97 % words.size()];
    const std::string& user = users[static_cast<std::size_t>(i) % users.size()];
    const std::string cred = base64(user + ":" + pw);
    switch (i % 4) {
      case 0:
        add("curl -H 'Authorization: Basic " + cred + "' https://api.example", "field", cred);
        break;
      case 1:
        add("2024-05-01 ERROR upstream rejected credentials Basic " + cred + " (status 401)",
            "basic", cred);
        break;
      case 2:
        add("login user=" + user + " password=" + pw + " ok", "field", pw);
        break;
      case 3:
        add("{\"user\": \"" + user + "\", \"password\": \"" + pw + "\"}", "field", pw);
        break;
    }
  }
  return log;
}

// The attacker: every dictionary word, alone, as user:word and as its Basic
// base64, under plain SHA-256 and HMAC with an empty key. Returns the
// findings whose true secret was among the candidates whose hash equals the
// finding's fingerprint (a chance 32-bit collision with a wrong candidate
// recovers nothing).
int recovered(const std::vector<std::string>& words, const std::vector<std::string>& fingerprints,
              const std::vector<std::string>& truth) {
  std::map<std::string, std::vector<std::size_t>> wanted;  // hex8 -> findings
  for (std::size_t i = 0; i < fingerprints.size(); ++i) {
    const std::string& fp = fingerprints[i];
    wanted[fp.substr(fp.find(':') + 1)].push_back(i);
  }
  std::set<std::size_t> hits;
  const auto try_candidate = [&](const std::string& candidate) {
    for (const std::string& h : {sha256_8(candidate), hmac_sha256_8("", candidate)}) {
      const auto it = wanted.find(h);
      if (it == wanted.end()) continue;
      for (std::size_t i : it->second)
        if (truth[i] == candidate) hits.insert(i);
    }
  };
  for (const std::string& w : words) {
    try_candidate(w);
    for (const std::string& u : users) {
      try_candidate(u + ":" + w);
      try_candidate(base64(u + ":" + w));
    }
  }
  return static_cast<int>(hits.size());
}

TEST(DictionaryAttack, DefaultReportOfWeakCredentialsGivesNothingBack) {
  const std::vector<std::string> words = dictionary();
  ASSERT_EQ(words.size(), 10000u);
  ASSERT_EQ(std::set<std::string>(words.begin(), words.end()).size(), 10000u);
  ASSERT_NE(std::find(words.begin(), words.end(), "summer2024"), words.end());

  std::vector<planted> creds;
  temp_dir dir;
  const std::string log = dir.write("app.log", weak_log(words, creds));

  // The defaults a new user has: no key configured anywhere.
  spawn_options env;
  env.unset = {"REDACT_CREDENTIAL_KEY"};
  env.env = {"XDG_CONFIG_HOME=" + dir.path() + "/config"};
  const std::string baseline = dir.path() + "/baseline.json";
  const run_result r = run({redact_binary(), "--check", "--preset", "extended", "--format", "json",
                            "--write-baseline", baseline, log},
                           {}, env);
  ASSERT_EQ(r.exit_code, 0) << r.err;  // a baseline was written

  // Every planted credential was found, at its line, with a keyed fingerprint.
  std::vector<std::string> fingerprints;
  std::vector<std::string> truth;
  std::istringstream lines(r.out);
  std::size_t i = 0;
  for (std::string line; std::getline(lines, line); ++i) {
    const json f = json::parse(line);
    ASSERT_LT(i, creds.size()) << line;
    EXPECT_EQ(f["line"], creds[i].line);
    EXPECT_EQ(f["kind"], creds[i].kind);
    const std::string fp = f["fingerprint"];
    EXPECT_EQ(fp.rfind("hmac-sha256:", 0), 0u) << fp;
    fingerprints.push_back(fp);
    truth.push_back(creds[i].secret);
  }
  ASSERT_EQ(fingerprints.size(), creds.size()) << r.out;

  // The attack recovers nothing from the report...
  EXPECT_EQ(recovered(words, fingerprints, truth), 0);
  // ...nor from the baseline written beside it (one entry per distinct
  // credential and line's file, same fingerprints).
  const json b = json::parse(read_file(baseline));
  std::vector<std::string> bfp;
  std::vector<std::string> btruth;
  for (const json& e : b["findings"]) {
    bfp.push_back(e["fingerprint"]);
    const int line = e["line"];
    btruth.push_back(creds[static_cast<std::size_t>(line - 1)].secret);
  }
  EXPECT_FALSE(bfp.empty());
  EXPECT_EQ(recovered(words, bfp, btruth), 0);
  EXPECT_EQ(read_file(baseline).find("summer2024"), std::string::npos);

  // The same attack against unkeyed SHA-256 fingerprints of these
  // credentials recovers every one, admin:summer2024 first.
  std::vector<std::string> plain;
  for (const planted& c : creds) plain.push_back("sha256:" + sha256_8(c.secret));
  EXPECT_EQ(recovered(words, plain, truth), static_cast<int>(creds.size()));

  // Whoever holds the key (the file the first run created) can still match
  // each fingerprint to a credential they have.
  std::string key = read_file(dir.path() + "/config/redact/credential-key");
  ASSERT_FALSE(key.empty());
  key.pop_back();  // newline
  for (std::size_t k = 0; k < creds.size(); ++k)
    EXPECT_EQ(fingerprints[k], "hmac-sha256:" + hmac_sha256_8(key, creds[k].secret)) << k;

  // A second run on the same machine gives the same fingerprints (baselines
  // stay valid); the report's keys keep sha256sum-compatible fingerprints.
  const run_result again = run({redact_binary(), "--check", "--preset", "extended", "--format",
                                "json", "--baseline", baseline, log},
                               {}, env);
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  const run_result token =
      run({redact_binary(), "--check"}, "k=qbt_fakeDictionaryKey000000001\n", env);
  EXPECT_EQ(token.out,
            "-:1:3: token qbt_ sha256:" + sha256_8("qbt_fakeDictionaryKey000000001") + "\n");
}

}  // namespace
}  // namespace redact::test
