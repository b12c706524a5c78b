// The kernel table (core/src/kernels.hpp): its shape, REDACT_KERNEL, the
// names ctest runs the suites with, and every span kernel against the
// scalar definition.
#include "kernels.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <random>
#include <set>
#include <string>

namespace redact::detail {
namespace {

TEST(KernelTable, ScalarLastAndAlwaysAvailable) {
  const auto table = kernel_table();
  ASSERT_FALSE(table.empty());
  EXPECT_EQ(table.back().name, "scalar");
  EXPECT_TRUE(table.back().available());
  std::set<std::string_view> names;
  for (const kernel_impl& k : table) EXPECT_TRUE(names.insert(k.name).second) << k.name;
}

// tests/core/CMakeLists.txt reads the names from the table's source to run
// the suites once per kernel; they must be the table's.
TEST(KernelTable, CtestRunsEveryKernel) {
  std::string from_table;
  for (const kernel_impl& k : kernel_table())
    from_table += (from_table.empty() ? "" : ",") + std::string(k.name);
  EXPECT_EQ(from_table, REDACT_TEST_KERNEL_NAMES);
}

class environment_kernel {
 public:
  environment_kernel() {
    if (const char* env = std::getenv("REDACT_KERNEL"); env != nullptr) saved_ = env;
  }
  ~environment_kernel() {
    if (saved_) {
      setenv("REDACT_KERNEL", saved_->c_str(), 1);
    } else {
      unsetenv("REDACT_KERNEL");
    }
  }
  environment_kernel(const environment_kernel&) = delete;
  environment_kernel& operator=(const environment_kernel&) = delete;

 private:
  std::optional<std::string> saved_;
};

TEST(KernelTable, EnvironmentNamesAKernelTheCpuRuns) {
  const environment_kernel restore;
  const kernel_impl* best = nullptr;
  for (const kernel_impl& k : kernel_table())
    if (best == nullptr && k.available()) best = &k;
  ASSERT_NE(best, nullptr);
  for (const kernel_impl& k : kernel_table()) {
    setenv("REDACT_KERNEL", std::string(k.name).c_str(), 1);
    EXPECT_EQ(&select_kernel(), k.available() ? &k : best) << k.name;
    EXPECT_EQ(kernel_named(k.name), &k);
  }
  setenv("REDACT_KERNEL", "no-such-kernel", 1);
  EXPECT_EQ(&select_kernel(), best);
  EXPECT_EQ(kernel_named("no-such-kernel"), nullptr);
  unsetenv("REDACT_KERNEL");
  EXPECT_EQ(&select_kernel(), best);
}

// Every span kernel agrees with the scalar definition in both directions, on
// classes like the scanner's (ASCII members only) and on random bytes.
TEST(SpanKernels, AgreeWithScalar) {
  const byte_class body([](unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
  const byte_class stops([](unsigned char c) { return c == '\r' || c == '\n' || c == '"'; });
  std::mt19937_64 rng(9);
  for (int round = 0; round < 2000; ++round) {
    std::string d(rng() % 100, 'a');
    for (auto& c : d) c = static_cast<char>(rng() % 4 == 0 ? rng() % 256 : 'a' + rng() % 26);
    for (const byte_class* cls : {&body, &stops})
      for (bool want : {true, false})
        for (std::size_t from = 0; from <= d.size(); from += 1 + rng() % 9) {
          std::size_t expect = from;
          while (expect < d.size() && cls->member[static_cast<unsigned char>(d[expect])] != want)
            ++expect;
          for (const kernel_impl& k : kernel_table()) {
            if (k.available()) {
              ASSERT_EQ(k.span(*cls, d.data(), from, d.size(), want), expect) << k.name;
            }
          }
        }
  }
}

}  // namespace
}  // namespace redact::detail
