// bench/libgit2-log.c — prints every patch of a repository's history through
// libgit2, as `git log -p --all` does (each non-merge commit reachable from
// any ref against its parent, three lines of context, no rename detection,
// merges without a patch), so that bench/git-scan can time libgit2 against
// git for producing the history `redact --check --git` scans.
//
//   cc -O2 bench/libgit2-log.c $(pkg-config --cflags --libs libgit2) -o libgit2-log
//   ./libgit2-log REPO > /dev/null
//
// Exits 1 with libgit2's message on any error.
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>

static void check(int rc, const char* what) {
  if (rc < 0) {
    const git_error* e = git_error_last();
    fprintf(stderr, "libgit2-log: %s: %s\n", what, e && e->message ? e->message : "error");
    exit(1);
  }
}

static int print_line(const git_diff_delta* delta, const git_diff_hunk* hunk,
                      const git_diff_line* line, void* payload) {
  (void)delta;
  (void)hunk;
  FILE* out = (FILE*)payload;
  if (line->origin == GIT_DIFF_LINE_CONTEXT || line->origin == GIT_DIFF_LINE_ADDITION ||
      line->origin == GIT_DIFF_LINE_DELETION)
    fputc(line->origin, out);
  fwrite(line->content, 1, line->content_len, out);
  return 0;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: libgit2-log REPO\n");
    return 2;
  }
  static char buffer[1 << 20];
  setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
  git_libgit2_init();
  git_repository* repo = NULL;
  check(git_repository_open(&repo, argv[1]), "open");
  git_revwalk* walk = NULL;
  check(git_revwalk_new(&walk, repo), "revwalk");
  git_revwalk_sorting(walk, GIT_SORT_TIME);
  check(git_revwalk_push_glob(walk, "refs/*"), "refs");
  if (git_revwalk_push_head(walk) < 0) git_error_clear();  // an unborn HEAD
  git_diff_options opts;
  check(git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION), "diff options");
  opts.context_lines = 3;
  git_oid id;
  while (git_revwalk_next(&id, walk) == 0) {
    git_commit* commit = NULL;
    check(git_commit_lookup(&commit, repo, &id), "commit");
    char hex[GIT_OID_HEXSZ + 1];
    git_oid_tostr(hex, sizeof hex, &id);
    const git_signature* author = git_commit_author(commit);
    printf("commit %s\nAuthor: %s <%s>\nDate:   %lld\n\n    %s\n\n", hex, author->name,
           author->email, (long long)author->when.time, git_commit_message(commit));
    const unsigned parents = git_commit_parentcount(commit);
    if (parents <= 1) {
      git_tree* new_tree = NULL;
      git_tree* old_tree = NULL;
      check(git_commit_tree(&new_tree, commit), "tree");
      if (parents == 1) {
        git_commit* parent = NULL;
        check(git_commit_parent(&parent, commit, 0), "parent");
        check(git_commit_tree(&old_tree, parent), "parent tree");
        git_commit_free(parent);
      }
      git_diff* diff = NULL;
      check(git_diff_tree_to_tree(&diff, repo, old_tree, new_tree, &opts), "diff");
      check(git_diff_print(diff, GIT_DIFF_FORMAT_PATCH, print_line, stdout), "print");
      git_diff_free(diff);
      git_tree_free(old_tree);
      git_tree_free(new_tree);
    }
    git_commit_free(commit);
  }
  fflush(stdout);
  git_revwalk_free(walk);
  git_repository_free(repo);
  git_libgit2_shutdown();
  return 0;
}
