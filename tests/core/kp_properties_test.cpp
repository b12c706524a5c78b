// SPEC's properties over documents that mix Rule K and Rule P shapes (blocks,
// markers inside fields, truncated keys, pairs, gaps, OpenTelemetry forms)
// with every other fragment: chunking invariance (every two-way split and
// random multi-way splits), idempotence, preservation, bounded hold-back and
// the line-feed flush guarantee.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fragments.hpp"
#include "kp_fragments.hpp"
#include "plain_text.hpp"
#include "test_util.hpp"

namespace redact::test {
namespace {

// Documents of `each` fragments: half from the list above, half from every
// fragment of the other suites (fragments.hpp). The fragments alone first.
std::vector<std::string> kp_inputs(std::size_t documents, std::size_t each, std::uint64_t seed) {
  const auto& kp = kp_fragments();
  const auto& other = spec::fragments();
  std::vector<std::string> v(kp.begin(), kp.end());
  std::mt19937_64 rng(seed);
  for (std::size_t i = 0; i < documents; ++i) {
    std::string doc;
    for (std::size_t k = 0; k < each; ++k)
      doc += (rng() % 2 != 0) ? kp[rng() % kp.size()] : other[rng() % other.size()];
    v.push_back(std::move(doc));
  }
  return v;
}

std::vector<policy> kp_policies() {
  policy_options kp;
  kp.preset = field_preset::standard;
  kp.private_keys = kp.pairs = true;
  kp.jwt = kp.url = kp.encoded = kp.key_table = kp.secret_forms = false;
  policy_options all = kp;
  all.jwt = all.url = all.key_table = all.secret_forms = true;
  all.prefixes = {"qbt_", "sk_live_"};
  all.allowlist = {"qbt_EXAMPLEKEY00000000"};
  all.secrets = {{"APP_SECRET", "s3cr3t-value"}, {"PEM", "MIIEvQIBADAN"}};
  policy_options minimal = kp;
  minimal.preset = field_preset::minimal;
  return {policy(kp), policy(all), policy(minimal)};
}

TEST(KpProperties, EveryTwoWaySplit) {
  const auto inputs = kp_inputs(60, 6, 21);
  for (const auto& pol : kp_policies()) {
    for (const auto& in : inputs) {
      const std::string whole = redact::redact(in, pol);
      for (std::size_t cut = 0; cut <= in.size(); ++cut)
        ASSERT_EQ(escaped(redact_chunked(in, pol, {cut})), escaped(whole))
            << "split at " << cut << " of " << escaped(in);
    }
  }
}

TEST(KpProperties, RandomMultiWaySplits) {
  const auto inputs = kp_inputs(300, 12, 22);
  std::mt19937_64 rng(5);
  for (const auto& pol : kp_policies()) {
    for (const auto& in : inputs) {
      const std::string whole = redact::redact(in, pol);
      for (std::size_t max_piece : {1, 2, 3, 7, 16, 64})
        ASSERT_EQ(escaped(redact_chunked(in, pol, random_cuts(in.size(), rng, max_piece))),
                  escaped(whole))
            << "max piece " << max_piece << " input " << escaped(in);
    }
  }
}

TEST(KpProperties, Idempotence) {
  const auto inputs = kp_inputs(600, 10, 23);
  for (const auto& pol : kp_policies()) {
    for (const auto& in : inputs) {
      const std::string once = redact::redact(in, pol);
      ASSERT_EQ(escaped(redact::redact(once, pol)), escaped(once)) << escaped(in);
    }
  }
}

// Outside findings the output is the input: the pieces between masks appear
// in the input in order, and no mask stands for a line break (a Rule K
// block masks each line's part separately).
TEST(KpProperties, Preservation) {
  const auto inputs = kp_inputs(400, 8, 24);
  const policy pol = kp_policies()[0];
  std::size_t checked = 0;
  for (const auto& raw : inputs) {
    if (raw.find('*') != std::string::npos) continue;
    // Compared on the plain text: an escape sequence inside a masked span is
    // written after its `***` (SPEC "Escape sequences").
    const std::string in = oracle::remove_escapes(raw).text;
    const std::string out = oracle::remove_escapes(redact::redact(raw, pol)).text;
    std::vector<std::string_view> pieces;
    std::string_view o(out);
    for (std::size_t start = 0;;) {
      const std::size_t m = o.find("***", start);
      pieces.push_back(o.substr(start, m == std::string_view::npos ? m : m - start));
      if (m == std::string_view::npos) break;
      start = m + 3;
    }
    ASSERT_TRUE(std::string_view(in).substr(0, pieces.front().size()) == pieces.front())
        << escaped(in);
    std::size_t pos = pieces.front().size();
    for (std::size_t k = 1; k < pieces.size(); ++k) {
      const auto& p = pieces[k];
      const std::size_t found =
          (k + 1 == pieces.size()) ? in.size() - p.size() : in.find(p, pos + 1);
      ASSERT_NE(found, std::string::npos) << escaped(in);
      ASSERT_GT(found, pos) << escaped(in);
      ASSERT_EQ(in.substr(pos, found - pos).find_first_of("\r\n"), std::string::npos)
          << "a mask swallowed a line break in " << escaped(in);
      pos = found + p.size();
    }
    ASSERT_EQ(pos, in.size()) << escaped(in);
    ++checked;
  }
  EXPECT_GT(checked, 150u);
}

TEST(KpProperties, HoldBackAndLineFeedFlush) {
  const auto inputs = kp_inputs(200, 10, 25);
  for (const auto& pol : kp_policies()) {
    for (const auto& doc : inputs) {
      redactor r(pol);
      std::string out;
      string_output sink(out);
      std::size_t pos = 0;
      while (pos < doc.size()) {
        const std::size_t lf = doc.find('\n', pos);
        const std::size_t end = lf == std::string::npos ? doc.size() : lf + 1;
        r.write(std::string_view(doc).substr(pos, end - pos), sink);
        pos = end;
        ASSERT_LE(r.held_back(), r.max_hold_back());
        if (lf != std::string::npos) {
          ASSERT_EQ(r.held_back(), 0u) << "bytes held after a LF in " << escaped(doc);
          // What was written is final: the redaction of the prefix.
          ASSERT_EQ(escaped(out),
                    escaped(redact::redact(std::string_view(doc).substr(0, end), pol)))
              << escaped(doc);
        }
      }
      r.finish(sink);
      ASSERT_EQ(escaped(out), escaped(redact::redact(doc, pol)));
    }
  }
}

// Inputs that make Rules K and P look as far ahead as their bounds allow
// (runs of 64 backslashes and blanks, 128-byte name strings, 40-byte labels,
// 80-byte lines, 64 `*`), one byte more and one less: at every split the
// output is the same and the hold-back bound holds (the scanner also asserts
// its look-ahead bound in debug builds).
TEST(KpProperties, LongestLookAheadStaysWithinTheBound) {
  const std::string bs(64, '\\'), sp(64, ' '), a40(29, 'A');
  const std::string name127 = std::string(114, 'x') + "authorization";
  std::vector<std::string> inputs = {
      // A value member with every run at its longest, the OpenTelemetry form
      // and a value opener.
      "name=Authorization value" + bs + "\"" + sp + "=>" + sp + "{" + std::string(63, ' ') + bs +
          "\"string_value" + bs + "'" + sp + ":=" + sp + "[" + sp + "b" + bs + "\"abc\"}\n",
      "name=Authorization value" + bs + "\\\"" + sp + "=>" + sp + "{" + std::string(64, ' ') +
          "x\n",
      // A name member met in the gap with every run at its longest.
      "name=Authorization name" + bs + "\"" + sp + "=>" + sp + bs + "\"" + std::string(127, 'y') +
          bs + "\" value=abc\n",
      "name=Authorization key" + bs + "'" + sp + ":" + sp + std::string(128, 'z') + " value=abc\n",
      "name=Authorization key" + bs + "'" + sp + ":" + sp + std::string(129, 'z') + " value=abc\n",
      // Name strings at the 128-byte bound, quoted and not.
      "{\"name\": " + bs + "\"" + name127 + bs + "\", \"value\": \"abc\"}\n",
      "key:" + sp + name127 + "\nvalue: abc\n",
      // Markers with 40-byte labels, 64 `*` then an END marker, 80-byte
      // lines of each kind.
      "-----BEGIN " + a40 + " PRIVATE KEY-----" + std::string(64, '*') + "-----END " + a40 +
          " PRIVATE KEY-----\n",
      "-----BEGIN " + a40 + " PRIVATE KEY-----\n" + std::string(79, 'H') + ":x\n" +
          std::string(80, 'Q') + "\n" + std::string(64, '*') + "\n-----END " + a40 +
          " PRIVATE KEY-----\n",
      "-----BEGIN " + a40 + " PRIVATE KEY-----" + std::string(500, 'k') + "-----END " + a40 +
          " PRIVATE KEY----\n",
  };
  policy_options o;
  o.preset = field_preset::standard;
  o.private_keys = o.pairs = true;
  const policy pol(o);
  for (const auto& in : inputs) {
    const std::string whole = redact::redact(in, pol);
    for (std::size_t cut = 0; cut <= in.size(); ++cut)
      ASSERT_EQ(escaped(redact_chunked(in, pol, {cut})), escaped(whole)) << "split at " << cut;
    redactor r(pol);
    std::string out;
    string_output sink(out);
    for (char c : in) {
      r.write(std::string_view(&c, 1), sink);
      ASSERT_LE(r.held_back(), r.max_hold_back()) << escaped(in);
    }
    r.finish(sink);
    EXPECT_EQ(escaped(out), escaped(whole));
    EXPECT_EQ(escaped(redact::redact(whole, pol)), escaped(whole)) << escaped(in);
  }
}

}  // namespace
}  // namespace redact::test
