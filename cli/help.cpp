// cli/help.cpp — the --help texts (one per mode; filter and --check share
// one). A test checks that every option of options.cpp's table appears in
// the help of each mode it is valid in, in docs/redact.md and in the man
// page; another runs every example below.
#include <string>

#include "cli/options.hpp"
#include "redact/policy.hpp"

namespace redact::cli {
namespace {

// {PRESET} and {MIN} are replaced by the core's defaults (policy_options{}),
// so the help never states a default the core does not have.
constexpr std::string_view k_rules_text =
    R"(Rules (every mode; the same words in a rules file, docs/rules-file.md):
  --prefix 'P [ALPHABET] [MIN..[MAX]]'
                         also mask keys that start with P (repeatable; qbt_
                         always applies). ALPHABET of the body: token (A-Z a-z
                         0-9 _ -, the default), alnum or upper (A-Z 0-9);
                         MIN..MAX bounds its length (MIN.., MIN..MAX or ..MAX;
                         default MIN: --min-length), as in
                         --prefix 'ghp_ alnum 36..36'
  --field NAME           also treat NAME as a credential field (repeatable)
  --preset NAME          built-in field names: minimal, default or extended
                         (now: {PRESET})
  --min-length N         shortest key body of prefixes that name no MIN
                         (now: {MIN})
  --allow TOKEN          never mask this exact key (repeatable)
  --secret-env NAME      mask the value of environment variable NAME wherever
                         it appears, reported as NAME (repeatable). NAME may
                         be a glob ('*_TOKEN'): matched values under 6 bytes
                         are skipped with a notice naming the variable
  --secret-env-defaults  --secret-env for the common secret names: *_PASSWORD
                         *_SECRET *_TOKEN *_ACCESS_KEY *_SECRET_KEY
                         *_CONNECTION_STRING *_API_KEY *_PRIVATE_KEY
                         *_PASSWD *_PASSPHRASE
  --regex PATTERN        mask matches of the RE2 PATTERN (only group 1 if it
                         has one), line by line (repeatable); reported as
                         regex#N, or as NAME with --label right after it
  --label NAME           name the --regex just before it in reports
  --no-jwt, --no-url, --no-encoded, --no-pairs, --no-private-keys,
  --no-key-table, --no-secret-forms
                         switch off a rule family: JWTs, passwords in URLs,
                         keys hidden in base64, name/value pairs, private-key
                         blocks, the vendor key table, the base64, percent and
                         JSON forms of --secret-env values
  --rules FILE           read rules from FILE: prefix P ... | field NAME |
                         regex LABEL PATTERN | allow TOKEN | secret-env NAME |
                         preset NAME | no-jwt | ... | # comment
)";

constexpr std::string_view k_main_text =
    R"(Usage: redact [OPTIONS] [--] [FILE...]          filter FILEs (or stdin)
       redact --check [OPTIONS] [--] [FILE...]  report leaked credentials
       redact --check --git [OPTIONS] [REV-RANGE...]
                                                scan a repository's history
       redact exec [OPTIONS] [--] COMMAND [ARGS...]
                                                run COMMAND, redact its output
                                                ('redact exec --help')
       redact rsyslog [OPTIONS]                 rsyslog mmexternal program
                                                ('redact rsyslog --help')

Removes API keys (qbt_...) and credentials (Authorization headers, password
fields, bearer tokens, ...) from logs. Each FILE is its own stream; '-' or no
FILE reads stdin; '--' ends the options. Memory stays constant whatever the
line length.

{RULES}
Scanning (docs/scanning.md):
  --check                write no redacted text; print one line per finding
                         FILE:LINE:COL: KIND LABEL FINGERPRINT and a summary
                         line on stderr; exit 1 if anything was found
  -q, --quiet            --check without the report: exit 1 at the first
                         finding, 0 if nothing was found
  --git                  the operands are git revision ranges (none: every
                         ref): scan the history; each finding names the
                         commit, author, date, file and line that added it
                         (git log -p / git show / git diff text on stdin is
                         attributed the same way)
  --staged               scan what `git commit` would add (for hooks)
  --removed              also report credentials on removed lines
  --repo DIR             the repository of --git/--staged (default: here)
  --format FORMAT        text, json (one object per line) or sarif (2.1.0)
  --baseline FILE        do not report the findings listed in FILE
  --write-baseline FILE  write the findings to FILE as a baseline (exit 0)
  --ignore-file FILE     ignore rules (default: .redactignore at the top of
                         the repository, or here): path globs, fingerprints;
                         'redact:allow' on a line allows its findings
  --include GLOB         scan only the paths matching GLOB (repeatable)
  --exclude GLOB         skip the paths matching GLOB (repeatable)
  --exit-code N          exit status when findings are reported (default 1)
  --no-summary           no summary line on stderr
  --credential-key-env NAME
  --credential-key-file FILE
                         key of the field, basic and url fingerprints
                         (default: $REDACT_CREDENTIAL_KEY, else a random key
                         kept in ~/.config/redact/credential-key), so that a
                         weak password cannot be recovered from a report
  --fingerprint-key-env NAME
                         key every fingerprint with HMAC-SHA256 keyed by
                         $NAME (shown as hmac-sha256:XXXXXXXX): only holders
                         of the key can match a fingerprint to a credential
  -r, --recursive        walk directories given as FILE (sorted order; binary
                         files are scanned as bytes); without it a directory
                         is an error

Output:
  --line-buffered        write out after every read, so each line appears at
                         once (automatic when stdout is a terminal)
  --buffer-size N        bytes per read (1 to 16M, suffix K or M; default 128K)
  --pipe-size N          grow a piped stdin/stdout to N bytes (0 to 16M; default
                         1M; 0 leaves pipes as they are)
  --stats                print per-kind and per-label counts and bytes
                         processed to stderr at the end
  -h, --help             show this help
  --version              show the version

Exit status: 0 ok, or nothing found (--check); 1 findings (--check, -q;
--exit-code N); 2 usage or I/O error.

Examples:
  redact app.log > app.redacted.log
  kubectl logs -f deploy/api | redact --preset extended
  tail -f app.log | redact --regex '\bssn=\d{3}-\d{2}-(\d{4})\b' --label ssn
  git log -p | redact --check
  redact --check --git --format sarif > redact.sarif
  redact --check --git --exit-code 3 HEAD~1..HEAD
  redact --check -r --format json logs/ > findings.jsonl
  redact -q app.log || echo 'app.log leaks a credential'
  redact --rules rules.txt --stats logs/*.log > /dev/null
  redact exec --secret-env DEPLOY_TOKEN -- ./deploy.sh --prod
)";

constexpr std::string_view k_exec_text =
    R"(Usage: redact exec [OPTIONS] [--] COMMAND [ARGS...]

Runs COMMAND (found through PATH) and passes its standard output and standard
error, each through its own redactor, to ours: they are never merged, and each
line is written as soon as it is complete. The first argument that is not an
option, or the one after '--', starts COMMAND; every later argument is
COMMAND's. Signals sent to redact (SIGINT, SIGTERM, SIGHUP, SIGQUIT) are
forwarded to COMMAND; if redact is killed, COMMAND is killed too.

{RULES}
Wrapping:
  --pty                  give COMMAND pseudo-terminals as its stdout and stderr
                         (line-buffered output and colours, as on a terminal;
                         the window size is passed on); automatic for each of
                         the two when ours is a terminal
  --no-pty               give COMMAND pipes, even when ours are terminals
  --fingerprint-key-env NAME
                         fingerprints are HMAC-SHA256 keyed by $NAME (--stats
                         shows none; accepted for shared option lists)
  --line-buffered        accepted; exec always writes each read out at once
  --buffer-size N        bytes per read (1 to 16M, suffix K or M; default 128K)
  --stats                print per-kind and per-label counts to stderr at the
                         end, after COMMAND's own output
  -h, --help             show this help
  --version              show the version

Exit status: COMMAND's; 128+N if COMMAND was killed by signal N; 127 if it was
not found, 126 if it could not be run; 2 on a usage error.

Examples:
  redact exec --secret-env DEPLOY_TOKEN -- ./deploy.sh --prod
  redact exec --secret-env-defaults -- ./deploy.sh --prod
  redact exec --no-pty --stats -- sh -c 'echo "$DEPLOY_TOKEN"'
)";

constexpr std::string_view k_rsyslog_text =
    R"(Usage: redact rsyslog [--input msg|fulljson] [--marker NAME] [OPTIONS]

The program of an rsyslog mmexternal action: reads one request per line on
stdin and writes one line of JSON per request with the redacted properties and
the marker "$!":{"redact":"ok"}. The rsyslog configuration forwards a message
only when the marker came back, so a message redact did not answer (redact
killed, restarting) is never forwarded raw: integrations/rsyslog/ and
docs/integrations.md. Writes nothing but answers (under rsyslog, stdout and
stderr are one pipe); an invalid option is one line, then exit 2.

{RULES}
rsyslog:
  --input msg|fulljson   what rsyslog sends, as the action's interface.input
                         (default msg); fulljson carries multi-line messages
                         and also redacts structured data and the $! tree
  --marker NAME          the $! member every answer sets to "ok" (default
                         redact; --marker= for none)
  --fingerprint-key-env NAME
                         accepted for shared option lists (no findings are
                         shown)
  -h, --help             show this help
  --version              show the version

rsyslog starts the program with an empty environment: --secret-env needs a
wrapper script that sets the variable (docs/integrations.md).

Examples:
  printf 'key=qbt_AbCdEf0123456789xyz\n' | redact rsyslog
  echo '{"msg":"key=qbt_AbCdEf0123456789xyz"}' | redact rsyslog --input fulljson
)";

void replace(std::string& text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
    text.replace(at, from.size(), to);
    at += to.size();
  }
}

std::string build(std::string_view body) {
  std::string text(body);
  replace(text, "{RULES}", k_rules_text);
  const policy_options defaults;
  replace(text, "{PRESET}", to_string(defaults.preset));
  replace(text, "{MIN}", std::to_string(defaults.min_body));
  return text;
}

}  // namespace

const std::string& usage(run_mode mode) {
  static const std::string main_text = build(k_main_text);
  static const std::string exec_text = build(k_exec_text);
  static const std::string rsyslog_text = build(k_rsyslog_text);
  if (mode == run_mode::exec) return exec_text;
  if (mode == run_mode::rsyslog) return rsyslog_text;
  return main_text;
}

}  // namespace redact::cli
