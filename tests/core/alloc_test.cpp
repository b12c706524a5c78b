// Zero allocation after construction (SPEC property 5): the global operator
// new is replaced to count, and write/finish/reset run over megabytes of
// mixed input in chunk sizes from 1 byte up.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "fragments.hpp"
#include "kp_fragments.hpp"
#include "test_util.hpp"

// The replacements below pair malloc with free by design; GCC 12 at -O2
// cannot see that and warns about a mismatch.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace {
std::atomic<std::size_t> g_allocations{0};
}

void* operator new(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace redact::test {
namespace {

using spec::property_inputs;
using spec::random_document;

// An output that does not allocate: counts bytes and keeps a checksum.
struct null_output final : output {
  std::uint64_t bytes = 0, sum = 0;
  void write(std::string_view p) override {
    bytes += p.size();
    for (unsigned char c : p) sum = sum * 31 + c;
  }
};

TEST(ZeroAllocation, WriteFinishResetNeverAllocate) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "sanitizers supply their own operator new; counted in the plain builds";
#endif
  policy_options o;
  o.prefixes = {"qbt_", "sk_live_", "sk_"};
  o.preset = redact::field_preset::standard;
  o.allowlist = {"qbt_EXAMPLEKEY00000000"};
  o.secrets = {{"APP_SECRET", "s3cr3t-value"}, {"", "hunter22"}};
  o.fingerprint_key = "k";
  for (const policy& pol : {policy{}, policy(o)}) {
    std::mt19937_64 rng(7);
    std::string doc;
    while (doc.size() < (4u << 20)) doc += random_document(rng, 50) + "\n";
    doc += "Authorization: Bearer " + std::string(1 << 20, 'x') + "\n";
    redactor r(pol);
    std::uint64_t findings = 0;
    r.set_finding_handler([&](const finding& f) { findings += f.line; });
    null_output out;
    const std::size_t before = g_allocations.load();
    for (std::size_t chunk : {1, 7, 64, 4096, 65536}) {
      const std::size_t limit = chunk == 1 ? (256u << 10) : doc.size();
      for (std::size_t i = 0; i < limit; i += chunk)
        r.write(std::string_view(doc).substr(i, std::min(chunk, limit - i)), out);
      r.finish(out);
      r.reset();
    }
    EXPECT_EQ(g_allocations.load() - before, 0u);
    EXPECT_GT(out.bytes, 0u);
    EXPECT_GT(findings, 0u);
  }
}

// Rule R: RE2 builds its DFA states lazily (it may allocate the first time it
// meets new input), so the promise is steady state — after one warm-up pass,
// writing, finishing and resetting allocate nothing, with batches (literal
// starts, multi-line set) and line-by-line matching alike.
TEST(ZeroAllocation, RegexRulesInSteadyState) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "sanitizers supply their own operator new; counted in the plain builds";
#endif
  policy_options literal_starts, no_literal;
  literal_starts.regexes = {{"tok", R"(token=(\w+))"}, {"aws", "AKIA[0-9A-Z]{16}"}};
  no_literal.regexes = {{"tok", R"(token=(\w+))"}, {"end", R"(\w+ END$)"}};
  for (const policy& pol : {policy(literal_starts), policy(no_literal)}) {
    ASSERT_TRUE(pol.ok()) << pol.error();
    std::mt19937_64 rng(11);
    std::string doc;
    // Mostly clean lines (so runs of complete lines form batches), some with
    // matches, CRLF ends, and a few with the built-in rules' findings.
    while (doc.size() < (1u << 20)) {
      switch (rng() % 8) {
        case 0:
          doc += "retry token=abc AKIA0123456789ABCDEF x END\r\n";
          break;
        case 1:
          doc += random_document(rng, 2) + "\n";
          break;
        default:
          doc += "GET /v1/items?page=" + std::to_string(rng() % 100) + " status=200 user=alice\n";
      }
    }
    redactor r(pol);
    null_output out;
    auto pass = [&] {
      for (std::size_t chunk : {7, 4096, 65536}) {
        for (std::size_t i = 0; i < doc.size(); i += chunk)
          r.write(std::string_view(doc).substr(i, std::min(chunk, doc.size() - i)), out);
        r.finish(out);
        r.reset();
      }
    };
    pass();  // warm-up: RE2 builds its DFA states
    const std::size_t before = g_allocations.load();
    pass();
    EXPECT_EQ(g_allocations.load() - before, 0u);
    EXPECT_GT(r.counts().total() + out.bytes, 0u);
  }
}

// The message API: once `out` has the capacity of the longest redacted
// message, redact_message() and redact_or_mask() allocate nothing.
TEST(ZeroAllocation, MessagesOnceTheOutputHasItsCapacity) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "sanitizers supply their own operator new; counted in the plain builds";
#endif
  std::mt19937_64 rng(13);
  std::vector<std::string> messages;
  for (int i = 0; i < 2000; ++i) messages.push_back(random_document(rng, 3));
  messages.push_back("Authorization: Bearer qbt_AbCdEf0123456789xyz");
  redactor r(policy{});
  std::string out;
  out.reserve(1 << 16);
  std::size_t longest = 0;
  for (const auto& m : messages) longest = std::max(longest, m.size());
  ASSERT_LT(longest, out.capacity());
  const std::size_t before = g_allocations.load();
  std::uint64_t bytes = 0;
  for (const auto& m : messages) {
    r.redact_message(m, out);
    bytes += out.size();
    redact_or_mask(r, m, out);
    bytes += out.size();
  }
  EXPECT_EQ(g_allocations.load() - before, 0u);
  EXPECT_GT(bytes, 0u);
  EXPECT_GT(r.counts().total(), 0u);
}

// Rules K and P keep state across lines (an armed name member, a block, the
// output tail their look-behind reads): none of it allocates.
TEST(ZeroAllocation, RulesKAndPNeverAllocate) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "sanitizers supply their own operator new; counted in the plain builds";
#endif
  policy_options o;
  o.preset = redact::field_preset::standard;
  o.private_keys = o.pairs = true;
  o.secrets = {{"APP_SECRET", "s3cr3t-value"}, {"PEM", "MIIEvQIBADAN"}};
  o.fingerprint_key = "k";
  const policy pol(o);
  std::mt19937_64 rng(9);
  const auto& kp = kp_fragments();
  std::string doc;
  while (doc.size() < (2u << 20)) {
    doc += kp[rng() % kp.size()];
    if (rng() % 4 == 0) doc += random_document(rng, 2);
  }
  redactor r(pol);
  std::uint64_t findings = 0;
  r.set_finding_handler([&](const finding& f) { findings += f.line; });
  null_output out;
  const std::size_t before = g_allocations.load();
  for (std::size_t chunk : {1, 7, 64, 4096, 65536}) {
    const std::size_t limit = chunk == 1 ? (256u << 10) : doc.size();
    for (std::size_t i = 0; i < limit; i += chunk)
      r.write(std::string_view(doc).substr(i, std::min(chunk, limit - i)), out);
    r.finish(out);
    r.reset();
  }
  EXPECT_EQ(g_allocations.load() - before, 0u);
  EXPECT_GT(findings, 0u);
}

// SPEC property 6: a 100 MB one-line private key, a 100 MB key line inside a
// block, and a 100 MB pair value pass in constant memory (held-back bytes
// under the bound after every write, no allocation) and become one mask.
TEST(ZeroAllocation, HundredMegabyteKeyAndPairValue) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "sanitizers supply their own operator new; counted in the plain builds";
#endif
  struct head_tail_output final : output {
    std::string head, tail;
    std::uint64_t total = 0;
    void write(std::string_view p) override {
      total += p.size();
      if (head.size() < 96) head.append(p.substr(0, 96 - head.size()));
      // At most 192 bytes: within the capacity reserved below.
      tail.append(p.substr(p.size() > 96 ? p.size() - 96 : 0));
      if (tail.size() > 96) tail.erase(0, tail.size() - 96);
    }
  };
  policy_options o;
  o.preset = redact::field_preset::standard;
  o.private_keys = o.pairs = true;
  const policy pol(o);
  const std::string block(1 << 20, 'A');
  std::vector<finding_kind> kinds;
  kinds.reserve(8);
  auto run = [&](std::string_view start, std::size_t blocks, std::string_view end) {
    redactor r(pol);
    r.set_finding_handler([&](const finding& f) { kinds.push_back(f.kind); });
    head_tail_output out;
    out.head.reserve(256);
    out.tail.reserve(256);
    r.write(start, out);
    const std::size_t before = g_allocations.load();
    for (std::size_t i = 0; i < blocks; ++i) {
      r.write(block, out);
      EXPECT_LE(r.held_back(), r.max_hold_back());
    }
    EXPECT_EQ(g_allocations.load() - before, 0u);
    r.write(end, out);
    r.finish(out);
    return out;
  };
  const auto one_line =
      run("{\"k\": \"-----BEGIN PRIVATE KEY-----\\n", 100, "\\n-----END PRIVATE KEY-----\\n\"}\n");
  EXPECT_EQ(one_line.head,
            "{\"k\": \"-----BEGIN PRIVATE KEY-----***-----END PRIVATE KEY-----\\n\"}\n");
  const auto key_line =
      run("-----BEGIN RSA PRIVATE KEY-----\nMIIE", 100, "\n-----END RSA PRIVATE KEY-----\nnext\n");
  EXPECT_EQ(key_line.head,
            "-----BEGIN RSA PRIVATE KEY-----\n***\n-----END RSA PRIVATE KEY-----\nnext\n");
  const auto pair = run("{\"name\": \"Authorization\", \"value\": \"Token ", 100, "\"}\n");
  EXPECT_EQ(pair.head, "{\"name\": \"Authorization\", \"value\": \"Token ***\"}\n");
  EXPECT_EQ(kinds, (std::vector<finding_kind>{finding_kind::private_key, finding_kind::private_key,
                                              finding_kind::field}));
}

}  // namespace
}  // namespace redact::test
