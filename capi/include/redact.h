/* redact.h — the stable C API of redact (C99; any language's FFI can load it).
 *
 * Strips API keys and credentials out of log text (the rules of the project's
 * behaviour contract, docs/rules.md). A policy is built once from options and
 * shared read-only by any number of threads; a stream redacts one byte
 * stream, chunk by chunk, and hands its output to a callback.
 *
 *   #include <redact.h>
 *
 *   static void to_stdout(void *user, const char *data, size_t size) {
 *     fwrite(data, 1, size, (FILE *)user);
 *   }
 *
 *   char error[256];
 *   redact_options *opts = redact_options_new();
 *   redact_options_add_prefix(opts, "sk_live_");
 *   redact_policy *pol = redact_policy_new(opts, error, sizeof error);
 *   redact_options_free(opts);
 *   if (pol == NULL) { fprintf(stderr, "redact: %s\n", error); return 2; }
 *
 *   redact_stream *s = redact_stream_new(pol);
 *   redact_stream_write(s, "Authorization: Bearer qbt_AbCd", 30, to_stdout, stdout);
 *   redact_stream_write(s, "Ef0123456789xyz\n", 16, to_stdout, stdout);
 *   redact_stream_finish(s, to_stdout, stdout);  // "Authorization: Bearer qbt_***\n"
 *   redact_stream_free(s);
 *   redact_policy_free(pol);
 *
 *   size_t n;
 *   char *clean = redact_string(NULL, line, strlen(line), &n);  // default rules
 *   ...
 *   redact_free(clean);
 *
 * Guarantees (each function says which apply):
 * - No C++ exception ever leaves this API; failures are return values.
 * - Functions that "allocate" may call malloc; "never allocates" means no
 *   heap allocation at all (a stream's write/finish/reset/message calls,
 *   once built, allocate nothing — except that RE2 may warm its caches
 *   when the policy has custom regular expressions, and a stream's message
 *   buffer grows to the largest message seen).
 * - Nothing blocks: the only waiting is inside the callbacks you pass.
 * - Error strings never contain a secret's value.
 * - Threads: options and streams are used by one thread at a time; a
 *   policy may be shared by any number of threads and streams.
 *
 * Link with `pkg-config --cflags --libs redact-c` or CMake's
 * `find_package(redact)` and the target `redact::c`.
 */
#ifndef REDACT_H
#define REDACT_H

#include <stddef.h>
#include <stdint.h>

/* The release this header belongs to (the same numbers as the C++ library's
 * redact/redact.hpp). */
#define REDACT_VERSION_MAJOR 0
#define REDACT_VERSION_MINOR 2
#define REDACT_VERSION_PATCH 0
#define REDACT_VERSION_STRING "0.2.0"
/* The version of the behaviour contract (SPEC.md) this release implements. */
#define REDACT_CONTRACT_VERSION 2
/* MAJOR * 10000 + MINOR * 100 + PATCH, for #if comparisons. */
#define REDACT_VERSION_NUMBER \
  (REDACT_VERSION_MAJOR * 10000 + REDACT_VERSION_MINOR * 100 + REDACT_VERSION_PATCH)
/* The ABI of this API: the shared library's SONAME is libredact-c.so.<ABI>.
 * It changes only when a function's signature or a struct's layout changes
 * incompatibly; new functions keep it. */
#define REDACT_ABI_VERSION 1

#if defined(_WIN32) && !defined(REDACT_STATIC)
#if defined(REDACT_C_BUILDING)
#define REDACT_API __declspec(dllexport)
#else
#define REDACT_API __declspec(dllimport)
#endif
#elif defined(__GNUC__)
#define REDACT_API __attribute__((visibility("default")))
#else
#define REDACT_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ status */

/* Return codes of the functions that return an int. */
enum redact_status {
  REDACT_OK = 0,
  REDACT_ERROR_INVALID = -1, /* a NULL handle or an argument out of range */
  REDACT_ERROR_NO_MEMORY = -2,
  REDACT_ERROR_INTERNAL = -3 /* an unexpected failure inside the library */
};

/* The runtime version, "MAJOR.MINOR.PATCH" (static storage; never NULL).
 * Compare with REDACT_VERSION_STRING to detect a header/library mismatch. */
REDACT_API const char *redact_version(void);
/* The runtime REDACT_VERSION_NUMBER. */
REDACT_API int redact_version_number(void);

/* Frees a string returned by redact_string(). NULL is ignored. */
REDACT_API void redact_free(void *p);

/* ----------------------------------------------------------------- options */

/* What a policy is built from. Starts with the library's default rules; each
 * setter changes one thing. Opaque. */
typedef struct redact_options redact_options;

/* Field-name presets (docs/rules.md, Rule H). */
typedef enum redact_field_preset {
  REDACT_PRESET_MINIMAL = 0, /* `authorization` alone */
  REDACT_PRESET_DEFAULT = 1, /* authorization and the credential-only names */
  REDACT_PRESET_EXTENDED = 2 /* also token, secret, signature, credential */
} redact_field_preset;

/* Body alphabets of a prefix rule (Rule T). */
typedef enum redact_alphabet {
  REDACT_ALPHABET_TOKEN = 0, /* A-Z a-z 0-9 _ - */
  REDACT_ALPHABET_ALNUM = 1, /* A-Z a-z 0-9 */
  REDACT_ALPHABET_UPPER = 2  /* A-Z 0-9 */
} redact_alphabet;

/* Rule families that can be switched on and off one by one. */
typedef enum redact_rule {
  REDACT_RULE_JWT = 0,          /* Rule J: JSON Web Tokens */
  REDACT_RULE_URL = 1,          /* Rule U: passwords in URLs */
  REDACT_RULE_ENCODED = 2,      /* Rule E: keys hidden in base64 */
  REDACT_RULE_PAIRS = 3,        /* Rule P: name/value pair layouts */
  REDACT_RULE_PRIVATE_KEYS = 4, /* Rule K: private-key blocks */
  REDACT_RULE_KEY_TABLE = 5,    /* Rule T: the vendor key table */
  REDACT_RULE_SECRET_FORMS = 6  /* Rule S: base64/percent/JSON forms of exact secrets */
} redact_rule;

/* New options holding the library's defaults. NULL when out of memory.
 * Allocates. */
REDACT_API redact_options *redact_options_new(void);
/* Frees options (a policy built from them stays valid). NULL is ignored. */
REDACT_API void redact_options_free(redact_options *options);

/* Each setter returns REDACT_OK, REDACT_ERROR_INVALID (NULL options or
 * string, unknown enum value) or REDACT_ERROR_NO_MEMORY; each may allocate.
 * Enumerated arguments are passed as int (a value of the enum named in the
 * comment), so any value an FFI passes is well defined and checked.
 * Values are checked when the policy is built (redact_policy_new says what is
 * wrong), not here. Strings are copied. */

/* Also mask keys that start with `prefix` (body alphabet `token`, the
 * options' minimum body length, no maximum). `qbt_` always applies. */
REDACT_API int redact_options_add_prefix(redact_options *options, const char *prefix);
/* A prefix rule with its own alphabet (a redact_alphabet) and bounds; `min_body` 0 means the
 * options' minimum, `max_body` 0 means no maximum. */
REDACT_API int redact_options_add_prefix_rule(redact_options *options, const char *prefix,
                                              int alphabet, size_t min_body, size_t max_body);
/* Also treat `name` as a credential field (case-insensitive substring). */
REDACT_API int redact_options_add_field(redact_options *options, const char *name);
/* Chooses the built-in field names (a redact_field_preset). */
REDACT_API int redact_options_set_preset(redact_options *options, int preset);
/* The preset in effect. */
REDACT_API redact_field_preset redact_options_preset(const redact_options *options);
/* Shortest key body masked for prefixes that name none (1 to 256). */
REDACT_API int redact_options_set_min_body(redact_options *options, size_t min_body);
/* The minimum body length in effect (0 for NULL options). */
REDACT_API size_t redact_options_min_body(const redact_options *options);
/* Never mask this exact key or credential (a documentation example). */
REDACT_API int redact_options_add_allow(redact_options *options, const char *value, size_t size);
/* Mask this exact value wherever it occurs (Rule S). `label` names it in
 * findings (NULL or "" reports it as secret#N); at least 6 bytes per line. */
REDACT_API int redact_options_add_secret(redact_options *options, const char *label,
                                         const char *value, size_t size);
/* A custom RE2 pattern, applied line by line (group 1 is masked when the
 * pattern has one). `label` names it in findings (NULL: regex#N). */
REDACT_API int redact_options_add_regex(redact_options *options, const char *label,
                                        const char *pattern);
/* Longest line window the RE2 patterns match at once, in bytes. */
REDACT_API int redact_options_set_regex_line_window(redact_options *options, size_t bytes);
/* Fingerprints become HMAC-SHA256 keyed by `key` (size 0 switches it off). */
REDACT_API int redact_options_set_fingerprint_key(redact_options *options, const char *key,
                                                  size_t size);
/* Only the fingerprints of findings that may hold a password a person chose
 * (field, basic, url) become HMAC-SHA256 keyed by `key` (0 switches it off). */
REDACT_API int redact_options_set_credential_fingerprint_key(redact_options *options,
                                                             const char *key, size_t size);
/* Switches a rule family (a redact_rule) on (non-zero) or off (0). */
REDACT_API int redact_options_set_rule(redact_options *options, int rule, int enabled);
/* 1 when the rule family is on, 0 when off, REDACT_ERROR_INVALID for a NULL
 * handle or an unknown rule. */
REDACT_API int redact_options_rule(const redact_options *options, int rule);

/* ------------------------------------------------------------------ policy */

/* A validated, compiled, immutable policy. Thread-safe to share. Opaque. */
typedef struct redact_policy redact_policy;

/* Validates and compiles `options` (NULL: the default rules). Returns NULL
 * when they are invalid or memory ran out; then, when `error` is not NULL,
 * a one-line reason (never a secret's value) is written there, cut to
 * `error_size` bytes with a terminating NUL. Allocates; compiles regexes. */
REDACT_API redact_policy *redact_policy_new(const redact_options *options, char *error,
                                            size_t error_size);
/* Frees a policy. Streams built from it keep their own reference and stay
 * valid. NULL is ignored. */
REDACT_API void redact_policy_free(redact_policy *policy);

/* 0 when redacting `data` as one whole message would change nothing and
 * report nothing (the caller may use it as it is), 1 when it might. A fast
 * SIMD pre-check; answers 1 when unsure or on NULL arguments. Never
 * allocates. */
REDACT_API int redact_policy_might_redact(const redact_policy *policy, const char *data,
                                          size_t size);

/* ---------------------------------------------------------------- findings */

/* What produced a finding. */
typedef enum redact_finding_kind {
  REDACT_FINDING_TOKEN = 0,      /* Rule T: a prefixed key */
  REDACT_FINDING_FIELD = 1,      /* Rules H and P: a credential field's value */
  REDACT_FINDING_BEARER = 2,     /* Rule B: a bare Bearer token */
  REDACT_FINDING_BASIC = 3,      /* Rule B: a bare Basic credential */
  REDACT_FINDING_SECRET = 4,     /* Rule S: an exact secret or one of its forms */
  REDACT_FINDING_REGEX = 5,      /* Rule R: a custom pattern */
  REDACT_FINDING_JWT = 6,        /* Rule J */
  REDACT_FINDING_URL = 7,        /* Rule U */
  REDACT_FINDING_ENCODED = 8,    /* Rule E */
  REDACT_FINDING_PRIVATE_KEY = 9 /* Rule K */
} redact_finding_kind;

/* One masked credential. Holds no secret bytes. Valid only during the
 * callback. */
typedef struct redact_finding {
  redact_finding_kind kind;
  /* The prefix, the field name as written, Bearer/Basic, the secret's or the
   * pattern's label (not NUL-terminated; `label_size` bytes). */
  const char *label;
  size_t label_size;
  uint64_t line;   /* 1-based line of the stream (only LF starts a line) */
  uint64_t column; /* 1-based byte column where the secret starts */
  /* First 8 hex digits of SHA-256 (or HMAC-SHA256) of the secret, NUL-terminated. */
  char fingerprint[9];
} redact_finding;

/* The name of a redact_finding_kind: "token", "field", "bearer", "basic",
 * "secret", "regex", "jwt", "url", "encoded", "private_key"; "unknown" for
 * other values. Static storage. */
REDACT_API const char *redact_finding_kind_name(int kind);

/* ----------------------------------------------------------------- streams */

/* One stream's redactor: bytes in, redacted bytes out. Opaque. */
typedef struct redact_stream redact_stream;

/* Receives consecutive pieces of redacted output; `data` is valid only
 * during the call. Must not call back into the same stream. */
typedef void (*redact_output_fn)(void *user, const char *data, size_t size);
/* Receives each finding in input order, from inside write/finish/message. */
typedef void (*redact_finding_fn)(void *user, const redact_finding *finding);

/* A stream for `policy` (NULL: the default rules). Allocates every buffer the
 * stream will need. NULL when out of memory. */
REDACT_API redact_stream *redact_stream_new(const redact_policy *policy);
/* Frees a stream (held-back bytes are dropped). NULL is ignored. */
REDACT_API void redact_stream_free(redact_stream *stream);

/* Registers the finding callback (NULL removes it). Call before writing; may
 * allocate. */
REDACT_API int redact_stream_set_finding_callback(redact_stream *stream, redact_finding_fn callback,
                                                  void *user);

/* Redacts `size` bytes and passes every byte that is decided to `out`. The
 * output depends only on the concatenated input, never on the chunking; at
 * most a small bounded number of bytes is held back, and once a LF has been
 * written every byte before it has been output. Never allocates. On failure
 * (REDACT_ERROR_*), nothing raw was output: the stream was reset and the
 * bytes it held back were dropped. */
REDACT_API int redact_stream_write(redact_stream *stream, const char *data, size_t size,
                                   redact_output_fn out, void *user);
/* Ends the stream: outputs everything held back. Write again to start the
 * next stream (lines count on). Never allocates. */
REDACT_API int redact_stream_finish(redact_stream *stream, redact_output_fn out, void *user);
/* Forgets the stream: held-back bytes are dropped, lines and counters
 * restart. Never allocates. */
REDACT_API int redact_stream_reset(redact_stream *stream);

/* Redacts one whole message (the stream restarts first, lines count from 1).
 * On success *out and *out_size describe the redacted message, in a buffer
 * the stream owns, valid until the next call on this stream. Fails closed:
 * if redaction cannot run, the result is `***` for each line of the message
 * and REDACT_ERROR_NO_MEMORY or REDACT_ERROR_INTERNAL is returned (*out then
 * points to the mask, or to "***" when even that could not be built).
 * Allocates only to grow the stream's buffer to the largest message. */
REDACT_API int redact_stream_message(redact_stream *stream, const char *data, size_t size,
                                     const char **out, size_t *out_size);

/* Findings of a kind (a redact_finding_kind) since the stream was built or
 * last reset (0 for a NULL stream or an unknown kind). */
REDACT_API uint64_t redact_stream_count(const redact_stream *stream, int kind);
/* Bytes written since the stream was built or last reset. */
REDACT_API uint64_t redact_stream_bytes_in(const redact_stream *stream);

/* ---------------------------------------------------------------- one shot */

/* Redacts a whole string with `policy` (NULL: the default rules). Returns a
 * NUL-terminated malloc'd copy (free it with redact_free), its length in
 * *out_size when `out_size` is not NULL; NULL when out of memory or `data`
 * is NULL with a non-zero size. Thread-safe; allocates. */
REDACT_API char *redact_string(const redact_policy *policy, const char *data, size_t size,
                               size_t *out_size);

#ifdef __cplusplus
}
#endif

#endif /* REDACT_H */
