// Unit tests of the git text parser: every event of hand-checked `git log
// -p`, `--cc`, `git diff` and format-patch samples (the samples follow the
// text git 2.39 prints: a TAB after a name with a blank, C-quoted names,
// 4-space indented message lines, "\ No newline" markers), and the property
// that the events do not depend on how the text is chunked.
#include "cli/git_text.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace redact::cli {
namespace {

const char* kind_name(git_line_kind k) {
  switch (k) {
    case git_line_kind::added:
      return "added";
    case git_line_kind::removed:
      return "removed";
    case git_line_kind::context:
      return "context";
    case git_line_kind::message:
      return "message";
    case git_line_kind::other:
      return "other";
  }
  return "?";
}

// Records events as strings; a line's pieces are joined.
class recorder final : public git_text_handler {
 public:
  std::vector<std::string> events;

  void commit_begin(const git_commit_info& c) override {
    events.push_back("commit " + c.id + " | " + c.author + " | " + c.date);
  }
  void commit_end() override { events.emplace_back("end commit"); }
  void file_begin(const git_file_info& f) override {
    events.push_back("file '" + f.old_path + "' -> '" + f.new_path + "'" +
                     (f.name_is_new ? " new" : "") + (f.binary ? " binary" : ""));
  }
  void file_end() override { events.emplace_back("end file"); }
  void line(git_line_kind kind, std::uint64_t number, std::string_view piece, bool first,
            bool last) override {
    if (first) {
      EXPECT_FALSE(in_line_) << "a line began before the previous one ended";
      current_ = std::string(kind_name(kind)) + " " + std::to_string(number) + " ";
      text_.clear();
      in_line_ = true;
    }
    EXPECT_TRUE(in_line_) << "a piece outside a line";
    text_ += piece;
    if (last) {
      events.push_back(current_ + text_);
      in_line_ = false;
    }
  }

 private:
  std::string current_;
  std::string text_;
  bool in_line_ = false;
};

std::vector<std::string> parse(const std::string& text, std::size_t chunk = 0) {
  recorder r;
  git_text_parser p(r);
  if (chunk == 0) {
    p.feed(text);
  } else {
    for (std::size_t i = 0; i < text.size(); i += chunk) p.feed(text.substr(i, chunk));
  }
  p.finish();
  return r.events;
}

const std::string log_sample =
    "commit 1111111111111111111111111111111111111111\n"
    "Author: Ada Example <ada@example.com>\n"
    "Date:   2024-05-01T10:00:00+00:00\n"
    "\n"
    "    Add config\n"
    "    \n"
    "    with a body line\n"
    "\n"
    "diff --git a/conf/app.env b/conf/app.env\n"
    "new file mode 100644\n"
    "index 0000000..1234567\n"
    "--- /dev/null\n"
    "+++ b/conf/app.env\n"
    "@@ -0,0 +1,3 @@\n"
    "+DEBUG=1\n"
    "+KEY=qbt_one\n"
    "+PORT=80\n"
    "diff --git \"a/q\\\"uote.txt\" \"b/q\\\"uote.txt\"\n"
    "index 587be6b..6a1e2f0 100644\n"
    "--- \"a/q\\\"uote.txt\"\n"
    "+++ \"b/q\\\"uote.txt\"\n"
    "@@ -2,3 +2,3 @@ ctx\n"
    " keep\n"
    "-old line\n"
    "+new line\n"
    " keep2\n"
    "@@ -10 +10,2 @@\n"
    "-gone\n"
    "+here\n"
    "+there\n"
    "\\ No newline at end of file\n"
    "diff --git a/sp ace.txt b/sp ace.txt\n"
    "deleted file mode 100644\n"
    "index 422c2b7..0000000\n"
    "--- a/sp ace.txt\t\n"
    "+++ /dev/null\n"
    "@@ -1,2 +0,0 @@\n"
    "-a\n"
    "-b\n"
    "diff --git a/old.txt b/new name.txt\n"
    "similarity index 100%\n"
    "rename from old.txt\n"
    "rename to new name.txt\n"
    "diff --git a/img.png b/img.png\n"
    "new file mode 100644\n"
    "index 0000000..c600332\n"
    "Binary files /dev/null and b/img.png differ\n"
    "\n"
    "commit 2222222222222222222222222222222222222222 (HEAD -> main)\n"
    "Merge: 1111111 3333333\n"
    "Author: Bo <bo@example.com>\n"
    "Date:   2024-05-02T10:00:00+00:00\n"
    "\n"
    "    Merge branch 'side'\n"
    "\n"
    "diff --cc other\n"
    "index ba2906d,0000000..2d3971c\n"
    "--- a/other\n"
    "+++ b/other\n"
    "@@@ -1,1 -1,0 +1,2 @@@\n"
    " +main\n"
    "++evil\n";

TEST(GitText, LogWithEveryKindOfFileDiff) {
  const std::vector<std::string> expected = {
      "commit 1111111111111111111111111111111111111111 | Ada Example <ada@example.com> | "
      "2024-05-01T10:00:00+00:00",
      "message 1 Add config\n",
      "message 2 \n",
      "message 3 with a body line\n",
      "file '' -> 'conf/app.env' new",
      "added 1 DEBUG=1\n",
      "added 2 KEY=qbt_one\n",
      "added 3 PORT=80\n",
      "end file",
      "file 'q\"uote.txt' -> 'q\"uote.txt'",
      "context 2 keep\n",
      "removed 3 old line\n",
      "added 3 new line\n",
      "context 4 keep2\n",
      "removed 10 gone\n",
      "added 10 here\n",
      "added 11 there\n",
      "end file",
      "file 'sp ace.txt' -> ''",
      "removed 1 a\n",
      "removed 2 b\n",
      "end file",
      "file 'old.txt' -> 'new name.txt' new",
      "end file",
      "file '' -> 'img.png' new binary",
      "end file",
      "end commit",
      "commit 2222222222222222222222222222222222222222 | Bo <bo@example.com> | "
      "2024-05-02T10:00:00+00:00",
      "message 1 Merge branch 'side'\n",
      "file 'other' -> 'other'",
      "context 1 main\n",
      "added 2 evil\n",
      "end file",
      "end commit",
  };
  EXPECT_EQ(parse(log_sample), expected);
}

TEST(GitText, EventsDoNotDependOnChunking) {
  const std::vector<std::string> whole = parse(log_sample);
  for (std::size_t chunk = 1; chunk <= 40; ++chunk) {
    EXPECT_EQ(parse(log_sample, chunk), whole) << "chunk size " << chunk;
  }
}

TEST(GitText, CountsCommitsAndFiles) {
  recorder r;
  git_text_parser p(r);
  p.feed(log_sample);
  p.finish();
  EXPECT_EQ(p.commits(), 2u);
  EXPECT_EQ(p.files(), 6u);
}

TEST(GitText, PlainGitDiffHasNoCommit) {
  const std::string diff =
      "diff --git a/x.py b/x.py\n"
      "index 1111111..2222222 100644\n"
      "--- a/x.py\n"
      "+++ b/x.py\n"
      "@@ -5,0 +6,2 @@ def f():\n"
      "+    token = \"qbt_abc\"\n"
      "+    pass\n";
  const std::vector<std::string> expected = {
      "file 'x.py' -> 'x.py'",
      "added 6     token = \"qbt_abc\"\n",
      "added 7     pass\n",
      "end file",
  };
  EXPECT_EQ(parse(diff), expected);
}

TEST(GitText, FormatPatchEmail) {
  const std::string mail =
      "From 4444444444444444444444444444444444444444 Mon Sep 17 00:00:00 2001\n"
      "From: Cy <cy@example.com>\n"
      "Date: Tue, 7 May 2024 10:00:00 +0000\n"
      "Subject: [PATCH] Rotate key\n"
      "\n"
      "Body line\n"
      "\n"
      "---\n"
      " a.txt | 1 +\n"
      " 1 file changed, 1 insertion(+)\n"
      "\n"
      "diff --git a/a.txt b/a.txt\n"
      "index 0000000..1111111 100644\n"
      "--- a/a.txt\n"
      "+++ b/a.txt\n"
      "@@ -1,0 +2 @@\n"
      "+added\n"
      "-- \n"
      "2.39.5\n";
  const std::vector<std::string> expected = {
      "commit 4444444444444444444444444444444444444444 | Cy <cy@example.com> | Tue, 7 May 2024 "
      "10:00:00 +0000",
      "message 1 [PATCH] Rotate key\n",
      "message 2 Body line\n",
      "message 3 \n",
      "other 9  a.txt | 1 +\n",
      "other 10  1 file changed, 1 insertion(+)\n",
      "file 'a.txt' -> 'a.txt'",
      "added 2 added\n",
      // A file's diff has no end marker: it ends at the next header or at the
      // end of the input, so the signature lines arrive while it is open.
      "other 18 -- \n",
      "other 19 2.39.5\n",
      "end file",
      "end commit",
  };
  EXPECT_EQ(parse(mail), expected);
}

TEST(GitText, LinesBeyondAHunksCountsAreHandedOnAsOther) {
  // A hunk whose counts end early: nothing after it is dropped.
  const std::string diff =
      "diff --git a/m.txt b/m.txt\n"
      "--- a/m.txt\n"
      "+++ b/m.txt\n"
      "@@ -1 +1 @@\n"
      "-a\n"
      "+b\n"
      "+c qbt_extra\n";
  const std::vector<std::string> expected = {
      "file 'm.txt' -> 'm.txt'", "removed 1 a\n", "added 1 b\n",
      "other 7 +c qbt_extra\n",  "end file",
  };
  EXPECT_EQ(parse(diff), expected);
}

TEST(GitText, UnrecognisedTextIsOtherAndTheLastLineNeedsNoNewline) {
  const std::vector<std::string> expected = {"other 1 hello\n", "other 2 world"};
  EXPECT_EQ(parse("hello\nworld"), expected);
  EXPECT_EQ(parse("hello\nworld", 3), expected);
}

TEST(GitText, HugeLinesAreStreamedInPieces) {
  // A 200 KB added line and a 100 KB line outside any hunk (over the 64 KiB
  // header limit): both arrive whole, in order, whatever the chunking.
  const std::string big(200000, 'x');
  const std::string other(100000, 'y');
  const std::string text = other +
                           "\n"
                           "diff --git a/b.txt b/b.txt\n"
                           "--- a/b.txt\n"
                           "+++ b/b.txt\n"
                           "@@ -0,0 +1,2 @@\n"
                           "+" +
                           big + "\n+end\n";
  const std::vector<std::string> expected = {
      "other 1 " + other + "\n",
      "file 'b.txt' -> 'b.txt'",
      "added 1 " + big + "\n",
      "added 2 end\n",
      "end file",
  };
  EXPECT_EQ(parse(text), expected);
  EXPECT_EQ(parse(text, 4096), expected);
  EXPECT_EQ(parse(text, 999), expected);
}

// Random texts made of git-like lines (headers, hunk headers with random
// counts, prefixed lines, quoted paths, truncated lines, stray bytes): the
// events never depend on the chunking, and every input byte of a delivered
// line arrives once.
TEST(GitText, RandomGitLikeTextIsChunkingInvariant) {
  const std::vector<std::string> fragments = {
      "commit 0123456789abcdef0123456789abcdef01234567\n",
      "commit 89ab (HEAD -> main)\n",
      "Author: A <a@example.com>\n",
      "Date:   2024-05-01\n",
      "\n",
      "    message qbt_fakeRandomKey000000001\n",
      "diff --git a/x b/x\n",
      "diff --git \"a/q\\\"x\" \"b/q\\\"x\"\n",
      "diff --cc m\n",
      "--- a/x\n",
      "+++ b/x\n",
      "--- /dev/null\n",
      "@@ -1,2 +1,3 @@\n",
      "@@ -0,0 +1 @@\n",
      "@@@ -1,1 -1,0 +1,2 @@@\n",
      "@@ -x +y @@\n",
      "+added line\n",
      "-removed line\n",
      " context\n",
      "++both\n",
      " +one\n",
      "\\ No newline at end of file\n",
      "rename to y z\n",
      "new file mode 100644\n",
      "GIT binary patch\n",
      "From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001\n",
      "Subject: [PATCH] s\n",
      "---\n",
      "random text \x01\xff\n",
      "no newline",
      "+",
      "@@",
  };
  std::mt19937 rng(15);
  for (int round = 0; round < 300; ++round) {
    std::string text;
    const int n = static_cast<int>(rng() % 40);
    for (int i = 0; i < n; ++i) text += fragments[rng() % fragments.size()];
    const std::vector<std::string> whole = parse(text);
    recorder r;
    git_text_parser p(r);
    for (std::size_t i = 0; i < text.size();) {
      const std::size_t k = 1 + rng() % 13;
      p.feed(text.substr(i, k));
      i += k;
    }
    p.finish();
    ASSERT_EQ(r.events, whole) << "round " << round << ": " << text;
  }
}

TEST(GitText, RecognisesGitTextByItsFirstLine) {
  EXPECT_TRUE(looks_like_git_text("commit 1111111111111111111111111111111111111111"));
  EXPECT_TRUE(looks_like_git_text("commit 1111111111111111111111111111111111111111 (HEAD)\n"));
  EXPECT_TRUE(looks_like_git_text("diff --git a/x b/x"));
  EXPECT_TRUE(looks_like_git_text("diff --cc x"));
  EXPECT_TRUE(looks_like_git_text(
      "From 4444444444444444444444444444444444444444 Mon Sep 17 00:00:00 2001"));
  EXPECT_FALSE(looks_like_git_text("commit message was long"));
  EXPECT_FALSE(looks_like_git_text("2024-05-01 INFO commit 1111111"));
  EXPECT_FALSE(looks_like_git_text("From: someone"));
  EXPECT_FALSE(looks_like_git_text(""));
}

TEST(GitText, UnquotesCStylePaths) {
  EXPECT_EQ(unquote_git_path("plain/path"), "plain/path");
  EXPECT_EQ(unquote_git_path("\"a/q\\\"uote\""), "a/q\"uote");
  EXPECT_EQ(unquote_git_path("\"tab\\there\""), "tab\there");
  EXPECT_EQ(unquote_git_path("\"\\303\\251.txt\""), "\xc3\xa9.txt");
  EXPECT_EQ(unquote_git_path("\"back\\\\slash\""), "back\\slash");
}

}  // namespace
}  // namespace redact::cli
