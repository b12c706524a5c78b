// Unit tests of the credential key's sources: the order they are tried in,
// the key file created with mode 0600 and reused, the one-off key when no
// file can be kept, and the key id.
#include "cli/credential_key.hpp"

#include <gtest/gtest.h>
#include <openssl/hmac.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

namespace redact::cli {
namespace {

struct temp_folder {
  std::string path;
  temp_folder() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "redact-key-test-XXXXXX").string();
    path = ::mkdtemp(pattern.data());
  }
  ~temp_folder() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

env_lookup fake_env(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    const auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

std::string expected_id(const std::string& key) {
  static const std::string text = "redact credential key id v1";
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(text.data()), text.size(), mac, &len);
  char hex[9];
  std::snprintf(hex, sizeof hex, "%02x%02x%02x%02x", mac[0], mac[1], mac[2], mac[3]);
  return hex;
}

TEST(CredentialKey, NamedVariableFirstThenFileThenDefaultVariable) {
  temp_folder dir;
  const std::string file = dir.path + "/team.key";
  std::ofstream(file) << "file-key-value\n";
  const env_lookup env = fake_env({{"TEAM_KEY", "named-key"},
                                   {"REDACT_CREDENTIAL_KEY", "default-key"},
                                   {"XDG_CONFIG_HOME", dir.path}});
  std::string error;
  std::string warning;
  credential_key_request r;
  r.env_name = "TEAM_KEY";
  r.file = file;
  auto k = resolve_credential_key(r, env, error, warning);
  ASSERT_TRUE(k) << error;
  EXPECT_EQ(k->value, "named-key");
  EXPECT_EQ(k->source, "$TEAM_KEY");
  EXPECT_EQ(k->id, expected_id("named-key"));

  r.env_name.reset();
  k = resolve_credential_key(r, env, error, warning);
  ASSERT_TRUE(k) << error;
  EXPECT_EQ(k->value, "file-key-value");

  r.file.reset();
  k = resolve_credential_key(r, env, error, warning);
  ASSERT_TRUE(k) << error;
  EXPECT_EQ(k->value, "default-key");
  EXPECT_EQ(warning, "");
}

TEST(CredentialKey, NamedSourcesThatFailAreErrors) {
  std::string error;
  std::string warning;
  credential_key_request r;
  r.env_name = "UNSET_TEAM_KEY";
  EXPECT_FALSE(resolve_credential_key(r, fake_env({}), error, warning));
  EXPECT_NE(error.find("UNSET_TEAM_KEY"), std::string::npos) << error;
  r.env_name.reset();
  r.file = "/proc/redact-no-such-dir/key";
  EXPECT_FALSE(resolve_credential_key(r, fake_env({}), error, warning));
  EXPECT_NE(error.find("--credential-key-file"), std::string::npos) << error;
}

TEST(CredentialKey, DefaultFileIsCreatedPrivateAndReused) {
  temp_folder dir;
  const env_lookup env = fake_env({{"XDG_CONFIG_HOME", dir.path + "/config"}});
  EXPECT_EQ(default_credential_key_path(env), dir.path + "/config/redact/credential-key");
  std::string error;
  std::string warning;
  const auto first = resolve_credential_key({}, env, error, warning);
  ASSERT_TRUE(first) << error;
  EXPECT_EQ(warning, "");
  EXPECT_EQ(first->value.size(), 64u);  // 32 random bytes in hex
  EXPECT_EQ(first->value.find_first_not_of("0123456789abcdef"), std::string::npos);
  struct stat st {};
  ASSERT_EQ(::stat((dir.path + "/config/redact/credential-key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat((dir.path + "/config/redact").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  const auto second = resolve_credential_key({}, env, error, warning);
  ASSERT_TRUE(second) << error;
  EXPECT_EQ(second->value, first->value);
  EXPECT_EQ(second->id, first->id);
  // HOME is the fallback for XDG_CONFIG_HOME.
  EXPECT_EQ(default_credential_key_path(fake_env({{"HOME", "/home/u"}})),
            "/home/u/.config/redact/credential-key");
}

TEST(CredentialKey, ReadableByOthersIsAWarning) {
  temp_folder dir;
  const std::string file = dir.path + "/k";
  std::ofstream(file) << "some-key\n";
  ::chmod(file.c_str(), 0644);
  credential_key_request r;
  r.file = file;
  std::string error;
  std::string warning;
  ASSERT_TRUE(resolve_credential_key(r, fake_env({}), error, warning));
  EXPECT_NE(warning.find("chmod 600"), std::string::npos) << warning;
}

TEST(CredentialKey, OneOffKeyWithAWarningWhenNoFileCanBeKept) {
  std::string error;
  std::string warning;
  const auto a = resolve_credential_key({}, fake_env({}), error, warning);
  ASSERT_TRUE(a) << error;
  EXPECT_EQ(a->source, "a one-off key");
  EXPECT_NE(warning.find("will not match a baseline"), std::string::npos) << warning;
  const auto b = resolve_credential_key({}, fake_env({}), error, warning);
  ASSERT_TRUE(b);
  EXPECT_NE(a->value, b->value);
  EXPECT_EQ(warning.find(a->value), std::string::npos);
}

}  // namespace
}  // namespace redact::cli
