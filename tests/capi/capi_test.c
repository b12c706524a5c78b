/* tests/capi/capi_test.c — the C API (redact.h) tested from C99.
 *
 * Expected outputs are SPEC examples (shared/SPEC.md "Examples"); the
 * fingerprints were computed independently with
 * `printf %s VALUE | sha256sum | cut -c1-8`. The zero-allocation and
 * out-of-memory tests interpose malloc in this executable: the shared
 * library's allocations (operator new ends in malloc) land in the counters
 * below, and can be made to fail on demand.
 *
 * Prints one line per test and closes with "N passed, N failed". */
#define _POSIX_C_SOURCE 200809L

#include <redact.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------ malloc interposition */

static volatile unsigned long g_allocs; /* allocations since the last reset */
static volatile int g_fail;             /* non-zero: every allocation fails */

#if defined(__GLIBC__) && !defined(REDACT_TEST_NO_MALLOC_HOOK)
#define HAVE_MALLOC_HOOK 1
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);
extern void __libc_free(void *p);

void *malloc(size_t size) {
  if (g_fail) return NULL;
  ++g_allocs;
  return __libc_malloc(size);
}
void *calloc(size_t n, size_t size) {
  if (g_fail) return NULL;
  ++g_allocs;
  return __libc_calloc(n, size);
}
void *realloc(void *p, size_t size) {
  if (g_fail) return NULL;
  ++g_allocs;
  return __libc_realloc(p, size);
}
void *aligned_alloc(size_t alignment, size_t size) {
  if (g_fail) return NULL;
  ++g_allocs;
  return __libc_memalign(alignment, size);
}
void *memalign(size_t alignment, size_t size) {
  if (g_fail) return NULL;
  ++g_allocs;
  return __libc_memalign(alignment, size);
}
int posix_memalign(void **out, size_t alignment, size_t size) {
  void *p;
  if (g_fail) return 12; /* ENOMEM */
  ++g_allocs;
  p = __libc_memalign(alignment, size);
  if (p == NULL) return 12;
  *out = p;
  return 0;
}
void free(void *p) { __libc_free(p); }
#else
#define HAVE_MALLOC_HOOK 0
#endif

/* ------------------------------------------------------------------ harness */

static int g_passed, g_failed, g_skipped;
static int g_current_failed;

#define CHECK(cond)                                                       \
  do {                                                                    \
    if (!(cond)) {                                                        \
      printf("    %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      g_current_failed = 1;                                               \
    }                                                                     \
  } while (0)

static void run(const char *name, void (*fn)(void)) {
  g_current_failed = 0;
  fn();
  if (g_current_failed) {
    ++g_failed;
    printf("FAIL %s\n", name);
  } else {
    ++g_passed;
    printf("ok   %s\n", name);
  }
}

static void skip(const char *name, const char *why) {
  ++g_skipped;
  printf("skip %s (%s)\n", name, why);
}

/* An output callback that appends to a fixed buffer (no allocation). */
typedef struct sink {
  char data[1 << 16];
  size_t size;
  int overflow;
} sink;

static void sink_write(void *user, const char *data, size_t size) {
  sink *s = (sink *)user;
  if (s->size + size > sizeof s->data) {
    s->overflow = 1;
    return;
  }
  memcpy(s->data + s->size, data, size);
  s->size += size;
}

static int sink_equals(const sink *s, const char *text) {
  return !s->overflow && s->size == strlen(text) && memcmp(s->data, text, s->size) == 0;
}

/* SPEC examples that hold under every preset and rule switch. */
static const char *const k_cases[][2] = {
    {"GET /v1/models key=qbt_AbCdEf0123456789xyz", "GET /v1/models key=qbt_***"},
    {"token qbt_short ok", "token qbt_short ok"},
    {"Authorization: Bearer qbt_AbCdEf0123456789xyz", "Authorization: Bearer qbt_***"},
    {"authorization: Basic dXNlcjpwYXNzd29yZA==", "authorization: Basic ***"},
    {"{\"authorization\":\"Bearer abc.def.ghi\",\"host\":\"api\"}",
     "{\"authorization\":\"Bearer ***\",\"host\":\"api\"}"},
    {"headers={'Authorization': 'Token 9f8e7d6c5b4a'}", "headers={'Authorization': 'Token ***'}"},
    {"map[Authorization:[Bearer abcdef] Host:[api]]", "map[Authorization:[Bearer ***] Host:[api]]"},
    {"10.0.0.1 - - \"GET / HTTP/1.1\" 200 \"Bearer abcdefghijklmnop1234\"",
     "10.0.0.1 - - \"GET / HTTP/1.1\" 200 \"Bearer ***\""},
    {"Authorization failed for user bob", "Authorization failed for user bob"},
    {"export QUBITTRON_API_KEY=qbt_AbCdEf0123456789xyz", "export QUBITTRON_API_KEY=qbt_***"},
    {"Authorization: Bearer qbt_***", "Authorization: Bearer qbt_***"},
};
#define N_CASES (sizeof k_cases / sizeof k_cases[0])

/* -------------------------------------------------------------------- tests */

static void test_version(void) {
  char expected[32];
  snprintf(expected, sizeof expected, "%d.%d.%d", REDACT_VERSION_MAJOR, REDACT_VERSION_MINOR,
           REDACT_VERSION_PATCH);
  CHECK(strcmp(redact_version(), REDACT_VERSION_STRING) == 0);
  CHECK(strcmp(redact_version(), expected) == 0);
  CHECK(redact_version_number() == REDACT_VERSION_NUMBER);
  CHECK(REDACT_ABI_VERSION >= 1);
}

static void test_one_shot_spec_examples(void) {
  size_t i;
  for (i = 0; i < N_CASES; ++i) {
    size_t n = 0;
    char *out = redact_string(NULL, k_cases[i][0], strlen(k_cases[i][0]), &n);
    CHECK(out != NULL);
    if (out == NULL) continue;
    CHECK(n == strlen(k_cases[i][1]));
    CHECK(strcmp(out, k_cases[i][1]) == 0);
    redact_free(out);
  }
  {
    size_t n = 7;
    char *out = redact_string(NULL, NULL, 0, &n);
    CHECK(out != NULL && n == 0 && out[0] == '\0');
    redact_free(out);
    CHECK(redact_string(NULL, NULL, 3, &n) == NULL);
  }
}

static void test_stream_write_finish(void) {
  static sink s;
  redact_stream *st = redact_stream_new(NULL);
  const char *a = "Authorization: Bearer qbt_AbCd";
  const char *b = "Ef0123456789xyz\n";
  CHECK(st != NULL);
  if (st == NULL) return;
  s.size = 0;
  CHECK(redact_stream_write(st, a, strlen(a), sink_write, &s) == REDACT_OK);
  CHECK(redact_stream_write(st, b, strlen(b), sink_write, &s) == REDACT_OK);
  /* Once a LF has been written, every byte before it is out. */
  CHECK(sink_equals(&s, "Authorization: Bearer qbt_***\n"));
  CHECK(redact_stream_finish(st, sink_write, &s) == REDACT_OK);
  CHECK(sink_equals(&s, "Authorization: Bearer qbt_***\n"));
  CHECK(redact_stream_bytes_in(st) == strlen(a) + strlen(b));
  CHECK(redact_stream_count(st, REDACT_FINDING_FIELD) == 1);
  CHECK(redact_stream_reset(st) == REDACT_OK);
  CHECK(redact_stream_bytes_in(st) == 0);
  CHECK(redact_stream_count(st, REDACT_FINDING_FIELD) == 0);
  /* A NULL output callback discards. */
  CHECK(redact_stream_write(st, a, strlen(a), NULL, NULL) == REDACT_OK);
  redact_stream_free(st);
  CHECK(redact_stream_write(NULL, a, 1, sink_write, &s) == REDACT_ERROR_INVALID);
  CHECK(redact_stream_finish(NULL, sink_write, &s) == REDACT_ERROR_INVALID);
  CHECK(redact_stream_reset(NULL) == REDACT_ERROR_INVALID);
}

/* A deterministic document: SPEC examples in random order, one per line. */
static size_t make_document(char *buf, size_t cap, unsigned seed, char *expected,
                            size_t *expected_size) {
  size_t n = 0, m = 0;
  unsigned x = seed;
  while (n + 200 < cap) {
    size_t i, len;
    x = x * 1103515245u + 12345u;
    i = (x >> 8) % N_CASES;
    len = strlen(k_cases[i][0]);
    memcpy(buf + n, k_cases[i][0], len);
    n += len;
    len = strlen(k_cases[i][1]);
    memcpy(expected + m, k_cases[i][1], len);
    m += len;
    buf[n++] = '\n';
    expected[m++] = '\n';
  }
  *expected_size = m;
  return n;
}

static void test_chunking_invariance(void) {
  static char doc[20000], expected[20000];
  static sink s;
  size_t expected_size, size, chunk;
  unsigned r = 99;
  redact_stream *st = redact_stream_new(NULL);
  CHECK(st != NULL);
  if (st == NULL) return;
  size = make_document(doc, sizeof doc, 7, expected, &expected_size);
  /* Every chunk size from 1 to 97 bytes, then 200 random splittings. */
  for (chunk = 1; chunk <= 97 + 200; ++chunk) {
    size_t pos = 0;
    s.size = 0;
    s.overflow = 0;
    CHECK(redact_stream_reset(st) == REDACT_OK);
    while (pos < size) {
      size_t step = chunk;
      if (chunk > 97) {
        r = r * 1103515245u + 12345u;
        step = 1 + (r >> 8) % 700;
      }
      if (step > size - pos) step = size - pos;
      if (redact_stream_write(st, doc + pos, step, sink_write, &s) != REDACT_OK) {
        CHECK(0);
        break;
      }
      pos += step;
    }
    CHECK(redact_stream_finish(st, sink_write, &s) == REDACT_OK);
    if (s.overflow || s.size != expected_size || memcmp(s.data, expected, s.size) != 0) {
      printf("    chunking %zu: output differs\n", chunk);
      CHECK(0);
      break;
    }
  }
  redact_stream_free(st);
}

typedef struct found {
  int count;
  redact_finding_kind kind[8];
  char label[8][32];
  uint64_t line[8], column[8];
  char fingerprint[8][9];
} found;

static void on_finding(void *user, const redact_finding *f) {
  found *fd = (found *)user;
  if (fd->count < 8) {
    size_t n = f->label_size < 31 ? f->label_size : 31;
    fd->kind[fd->count] = f->kind;
    memcpy(fd->label[fd->count], f->label, n);
    fd->label[fd->count][n] = '\0';
    fd->line[fd->count] = f->line;
    fd->column[fd->count] = f->column;
    memcpy(fd->fingerprint[fd->count], f->fingerprint, 9);
  }
  ++fd->count;
}

static void test_findings(void) {
  static sink s;
  found fd;
  const char *text = "key=qbt_AbCdEf0123456789xyz\nauthorization: Basic dXNlcjpwYXNzd29yZA==\n";
  redact_stream *st = redact_stream_new(NULL);
  CHECK(st != NULL);
  if (st == NULL) return;
  memset(&fd, 0, sizeof fd);
  s.size = 0;
  CHECK(redact_stream_set_finding_callback(st, on_finding, &fd) == REDACT_OK);
  CHECK(redact_stream_write(st, text, strlen(text), sink_write, &s) == REDACT_OK);
  CHECK(redact_stream_finish(st, sink_write, &s) == REDACT_OK);
  CHECK(sink_equals(&s, "key=qbt_***\nauthorization: Basic ***\n"));
  CHECK(fd.count == 2);
  CHECK(fd.kind[0] == REDACT_FINDING_TOKEN);
  CHECK(strcmp(redact_finding_kind_name(fd.kind[0]), "token") == 0);
  CHECK(strcmp(fd.label[0], "qbt_") == 0);
  CHECK(fd.line[0] == 1 && fd.column[0] == 5);
  CHECK(strcmp(fd.fingerprint[0], "43df99bd") == 0); /* sha256 of the whole key */
  CHECK(fd.kind[1] == REDACT_FINDING_FIELD);
  CHECK(strcmp(fd.label[1], "authorization") == 0);
  CHECK(fd.line[1] == 2 && fd.column[1] == 22);
  CHECK(strcmp(fd.fingerprint[1], "bdfeaef4") == 0); /* sha256 of the credential */
  /* Removing the callback stops the reports. */
  CHECK(redact_stream_set_finding_callback(st, NULL, NULL) == REDACT_OK);
  CHECK(redact_stream_write(st, text, strlen(text), sink_write, &s) == REDACT_OK);
  CHECK(fd.count == 2);
  CHECK(strcmp(redact_finding_kind_name((redact_finding_kind)42), "unknown") == 0);
  redact_stream_free(st);
}

static void test_options_and_errors(void) {
  char error[256];
  const char *secret = "hunt3r"; /* 6 bytes: accepted */
  redact_options *o = redact_options_new();
  redact_policy *pol;
  CHECK(o != NULL);
  if (o == NULL) return;
  CHECK(redact_options_add_prefix(o, "sk_live_") == REDACT_OK);
  CHECK(redact_options_add_prefix_rule(o, "TST_", REDACT_ALPHABET_UPPER, 4, 6) == REDACT_OK);
  CHECK(redact_options_add_field(o, "x-session") == REDACT_OK);
  CHECK(redact_options_add_allow(o, "qbt_EXAMPLEKEY00000000", 22) == REDACT_OK);
  CHECK(redact_options_add_secret(o, "APP_SECRET", secret, strlen(secret)) == REDACT_OK);
  CHECK(redact_options_add_regex(o, "ssn", "ssn=\\d{3}-\\d{2}-(\\d{4})") == REDACT_OK);
  CHECK(redact_options_set_preset(o, REDACT_PRESET_EXTENDED) == REDACT_OK);
  CHECK(redact_options_preset(o) == REDACT_PRESET_EXTENDED);
  CHECK(redact_options_set_min_body(o, 10) == REDACT_OK);
  CHECK(redact_options_min_body(o) == 10);
  CHECK(redact_options_set_rule(o, REDACT_RULE_JWT, 1) == REDACT_OK);
  CHECK(redact_options_rule(o, REDACT_RULE_JWT) == 1);
  CHECK(redact_options_set_rule(o, REDACT_RULE_JWT, 0) == REDACT_OK);
  CHECK(redact_options_rule(o, REDACT_RULE_JWT) == 0);
  CHECK(redact_options_set_rule(o, (redact_rule)99, 1) == REDACT_ERROR_INVALID);
  CHECK(redact_options_rule(o, (redact_rule)99) == REDACT_ERROR_INVALID);
  CHECK(redact_options_set_preset(o, (redact_field_preset)7) == REDACT_ERROR_INVALID);
  CHECK(redact_options_add_prefix_rule(o, "X_", (redact_alphabet)9, 0, 0) == REDACT_ERROR_INVALID);
  CHECK(redact_options_add_prefix(NULL, "x") == REDACT_ERROR_INVALID);
  CHECK(redact_options_add_prefix(o, NULL) == REDACT_ERROR_INVALID);
  CHECK(redact_options_set_fingerprint_key(o, NULL, 3) == REDACT_ERROR_INVALID);
  pol = redact_policy_new(o, error, sizeof error);
  CHECK(pol != NULL);
  CHECK(error[0] == '\0');
  if (pol != NULL) {
    static const char *const in[][2] = {
        {"pay sk_live_0123456789abcdef done", "pay sk_live_*** done"},
        {"x-session: s3ss10n-v4lue", "x-session: ***"},
        {"key=qbt_EXAMPLEKEY00000000", "key=qbt_EXAMPLEKEY00000000"}, /* allowlisted */
        {"password was hunt3r!", "password was ***!"},
        {"ssn=123-45-6789", "ssn=123-45-***"},
        {"GITHUB_TOKEN=abcdef123456", "GITHUB_TOKEN=***"}, /* extended preset */
    };
    size_t i;
    for (i = 0; i < sizeof in / sizeof in[0]; ++i) {
      char *out = redact_string(pol, in[i][0], strlen(in[i][0]), NULL);
      CHECK(out != NULL && strcmp(out, in[i][1]) == 0);
      if (out != NULL && strcmp(out, in[i][1]) != 0) printf("    got '%s'\n", out);
      redact_free(out);
    }
    CHECK(redact_policy_might_redact(pol, "GET /health 200", 15) == 0);
    CHECK(redact_policy_might_redact(pol, "key=qbt_AbCdEf0123456789xyz", 27) == 1);
  }
  /* The policy outlives its options, and a stream outlives its policy. */
  redact_options_free(o);
  if (pol != NULL) {
    static sink s;
    redact_stream *st = redact_stream_new(pol);
    redact_policy_free(pol);
    s.size = 0;
    CHECK(st != NULL);
    CHECK(redact_stream_write(st, "x-session: abc\n", 15, sink_write, &s) == REDACT_OK);
    CHECK(sink_equals(&s, "x-session: ***\n"));
    redact_stream_free(st);
  }

  /* Invalid options: NULL and the reason, which never shows the secret. */
  o = redact_options_new();
  CHECK(redact_options_add_secret(o, "SHORT", "abc12", 5) == REDACT_OK);
  pol = redact_policy_new(o, error, sizeof error);
  CHECK(pol == NULL);
  CHECK(error[0] != '\0');
  CHECK(strstr(error, "abc12") == NULL);
  CHECK(strstr(error, "SHORT") != NULL);
  redact_options_free(o);

  o = redact_options_new();
  CHECK(redact_options_add_regex(o, "bad", "(unclosed") == REDACT_OK);
  pol = redact_policy_new(o, error, sizeof error);
  CHECK(pol == NULL && error[0] != '\0');
  /* A short buffer gets a cut, terminated message; NULL is accepted. */
  pol = redact_policy_new(o, error, 5);
  CHECK(pol == NULL && strlen(error) == 4);
  CHECK(redact_policy_new(o, NULL, 0) == NULL);
  redact_options_free(o);

  o = redact_options_new();
  CHECK(redact_options_add_prefix(o, "") == REDACT_OK);
  CHECK(redact_policy_new(o, error, sizeof error) == NULL && error[0] != '\0');
  redact_options_free(o);

  /* NULL options: the default policy. */
  pol = redact_policy_new(NULL, error, sizeof error);
  CHECK(pol != NULL);
  redact_policy_free(pol);
  redact_options_free(NULL);
  redact_policy_free(NULL);
  redact_stream_free(NULL);
  redact_free(NULL);
}

static void test_message(void) {
  const char *out = NULL;
  size_t n = 0, i;
  redact_stream *st = redact_stream_new(NULL);
  CHECK(st != NULL);
  if (st == NULL) return;
  for (i = 0; i < N_CASES; ++i) {
    CHECK(redact_stream_message(st, k_cases[i][0], strlen(k_cases[i][0]), &out, &n) == REDACT_OK);
    CHECK(n == strlen(k_cases[i][1]) && memcmp(out, k_cases[i][1], n) == 0);
  }
  /* A message cut inside a key is decided at its end (finish). */
  CHECK(redact_stream_message(st, "a qbt_AbCdEf0123", 16, &out, &n) == REDACT_OK);
  CHECK(n == 9 && memcmp(out, "a qbt_***", 9) == 0);
  CHECK(redact_stream_message(st, "x", 1, NULL, &n) == REDACT_ERROR_INVALID);
  redact_stream_free(st);
}

static void test_zero_allocation(void) {
  static char doc[20000], expected[20000];
  static sink s;
  size_t expected_size, size, pos, i;
  unsigned long before;
  found fd;
  redact_stream *st;
  const char *out;
  size_t n;
  /* The counters see the library's allocations (building a stream has some). */
  before = g_allocs;
  st = redact_stream_new(NULL);
  CHECK(g_allocs > before);
  CHECK(st != NULL);
  if (st == NULL) return;
  memset(&fd, 0, sizeof fd);
  CHECK(redact_stream_set_finding_callback(st, on_finding, &fd) == REDACT_OK);
  size = make_document(doc, sizeof doc, 3, expected, &expected_size);
  /* Warm the message buffer to the largest message once. */
  CHECK(redact_stream_message(st, doc, 2000, &out, &n) == REDACT_OK);
  before = g_allocs;
  for (i = 1; i < 300; i += 7) {
    s.size = 0;
    for (pos = 0; pos < size; pos += i)
      redact_stream_write(st, doc + pos, pos + i <= size ? i : size - pos, sink_write, &s);
    redact_stream_finish(st, sink_write, &s);
    CHECK(s.size == expected_size);
    redact_stream_reset(st);
  }
  for (pos = 0; pos + 2000 <= size; pos += 100)
    redact_stream_message(st, doc + pos, 2000, &out, &n);
  CHECK(fd.count > 100); /* the finding callback ran too */
  CHECK(g_allocs == before);
  if (g_allocs != before) printf("    %lu allocations\n", g_allocs - before);
  redact_stream_free(st);
}

static void test_out_of_memory_fails_closed(void) {
  char error[64];
  redact_options *o = redact_options_new();
  redact_stream *st = redact_stream_new(NULL);
  const char *key = "key=qbt_AbCdEf0123456789xyz\nsecond line";
  const char *out = NULL;
  size_t n = 0;
  char *s;
  int status, add_status;
  CHECK(o != NULL && st != NULL);
  if (o == NULL || st == NULL) return;
  g_fail = 1;
  CHECK(redact_options_new() == NULL);
  CHECK(redact_stream_new(NULL) == NULL);
  CHECK(redact_policy_new(o, error, sizeof error) == NULL);
  add_status = redact_options_add_field(o, "a-field-name-longer-than-the-small-string-buffer");
  s = redact_string(NULL, key, strlen(key), NULL);
  /* The stream's message buffer cannot grow to the message: the mask of each
   * line, never the input. */
  status = redact_stream_message(st, key, strlen(key), &out, &n);
  g_fail = 0;
  CHECK(strcmp(error, "out of memory") == 0);
  CHECK(add_status == REDACT_ERROR_NO_MEMORY);
  CHECK(s == NULL);
  CHECK(status == REDACT_ERROR_NO_MEMORY);
  /* "***" for each line (the mask fits the string's inline buffer). */
  CHECK(n == 7 && memcmp(out, "***\n***", 7) == 0);
  /* Everything works again once memory is back. */
  CHECK(redact_stream_message(st, key, strlen(key), &out, &n) == REDACT_OK);
  CHECK(n == strlen("key=qbt_***\nsecond line"));
  redact_stream_free(st);
  redact_options_free(o);
}

int main(void) {
  run("version", test_version);
  run("one_shot_spec_examples", test_one_shot_spec_examples);
  run("stream_write_finish", test_stream_write_finish);
  run("chunking_invariance", test_chunking_invariance);
  run("findings", test_findings);
  run("options_and_errors", test_options_and_errors);
  run("message", test_message);
  if (HAVE_MALLOC_HOOK) {
    run("zero_allocation", test_zero_allocation);
    run("out_of_memory_fails_closed", test_out_of_memory_fails_closed);
  } else {
    skip("zero_allocation", "malloc is not interposed in this build");
    skip("out_of_memory_fails_closed", "malloc is not interposed in this build");
  }
  printf("%d passed, %d failed, %d skipped\n", g_passed, g_failed, g_skipped);
  return g_failed == 0 ? 0 : 1;
}
