// Unit tests of line_scanner and allow_tracker: findings come back with the
// numbers given to begin_line(), and a `redact:allow` marker anywhere on a
// finding's line (even one split across writes, even after the key)
// allows it.
#include "cli/line_scanner.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace redact::cli {
namespace {

struct seen {
  std::uint64_t line;
  std::uint64_t column;
  bool allowed;
  bool operator==(const seen&) const = default;
};

std::vector<seen> scan_plain(const std::string& text, std::size_t chunk) {
  std::vector<seen> out;
  line_scanner s(policy{}, [&](const raw_finding& f, bool allowed) {
    out.push_back({f.line, f.column, allowed});
  });
  s.begin();
  for (std::size_t i = 0; i < text.size(); i += chunk) s.write(text.substr(i, chunk));
  s.end();
  return out;
}

TEST(AllowTracker, MarkedLinesWhateverThePieces) {
  const std::string text = "a\nkey # redact:allow\nb\nredact:al\nlow\nx redact:allow";
  for (std::size_t chunk = 1; chunk <= text.size(); ++chunk) {
    allow_tracker t;
    for (std::size_t i = 0; i < text.size(); i += chunk) t.feed(text.substr(i, chunk));
    EXPECT_FALSE(t.marked(1)) << chunk;
    EXPECT_TRUE(t.marked(2)) << chunk;
    EXPECT_FALSE(t.marked(3)) << chunk;
    EXPECT_FALSE(t.marked(4)) << chunk;  // the marker broken by a line break is no marker
    EXPECT_FALSE(t.marked(5)) << chunk;
    EXPECT_TRUE(t.marked(6)) << chunk;  // the current line, not yet ended
    EXPECT_EQ(t.complete_lines(), 5u);
  }
}

TEST(LineScanner, AllowMarkerOnTheSameLineOnlyWhateverTheChunking) {
  const std::string text =
      "k=qbt_fakeAllowKey0000000000000001 # redact:allow\n"
      "k=qbt_fakeAllowKey0000000000000002\n"
      "# redact:allow on the line above the key does not count\n"
      "k=qbt_fakeAllowKey0000000000000003\n";
  const std::vector<seen> expected = {{1, 3, true}, {2, 3, false}, {4, 3, false}};
  for (std::size_t chunk : {1u, 2u, 5u, 11u, 40u, 4096u}) {
    EXPECT_EQ(scan_plain(text, chunk), expected) << chunk;
  }
}

TEST(LineScanner, NumbersComeFromBeginLine) {
  std::vector<seen> out;
  line_scanner s(policy{}, [&](const raw_finding& f, bool allowed) {
    out.push_back({f.line, f.column, allowed});
  });
  s.begin();
  // Two hunks of a diff: lines 10, 11 and then 40.
  s.begin_line(10);
  s.write("clean\n");
  s.begin_line(11);
  s.write("x qbt_fakeNumberKey0000000000000001\n");
  s.begin_line(40);
  s.write("qbt_fakeNumberKey0000000000000002 redact:allow\n");
  s.end();
  const std::vector<seen> expected = {{11, 3, false}, {40, 1, true}};
  EXPECT_EQ(out, expected);

  // begin() starts afresh.
  out.clear();
  s.begin();
  s.write("qbt_fakeNumberKey0000000000000003\n");
  s.end();
  EXPECT_EQ(out, (std::vector<seen>{{1, 1, false}}));
}

}  // namespace
}  // namespace redact::cli
