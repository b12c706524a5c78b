// table_u.cpp — SPEC Rule U: passwords in URLs. The scheme, `://` and its
// JSON form, the authority and its terminators, the first `:` and the last
// `@`, `@` in user and password, the 4,096-byte bound and its fail-closed
// side, kept prefixes, already redacted passwords.
#include "tables.hpp"

namespace redact::spec {

namespace {
std::string ps(std::size_t n) { return std::string(n, 'p'); }
}  // namespace

const std::vector<spec_case>& table_u() {
  static const std::vector<spec_case> rows = {
      {"postgres://admin:s3cr3t@db.local:5432/app", "postgres://admin:***@db.local:5432/app"},
      {"https://x-access-token:abc123@github.com/o/r.git",
       "https://x-access-token:***@github.com/o/r.git"},
      {"mongodb+srv://admin:pw@cluster0.example.net/db",
       "mongodb+srv://admin:***@cluster0.example.net/db"},
      {"amqp://guest:guest@rabbit:5672", "amqp://guest:***@rabbit:5672"},
      {"redis://:p%40ss@h:6379", "redis://:***@h:6379"},  // empty user
      {"git clone https://u:tok@h/r.git && x", "git clone https://u:***@h/r.git && x"},
      // The last `@` of the authority ends the password; `@` in the user
      // name and in the password.
      {"smtp://me@example.com:p@ss@mail:587", "smtp://me@example.com:***@mail:587"},
      {"https://a@b:c@d@host/x", "https://a@b:***@host/x"},
      // No `@` after the first `:`: no password.
      {"ssh://git@github.com/o/r.git", "ssh://git@github.com/o/r.git"},
      {"https://host:8080/x", "https://host:8080/x"},
      {"https://user@host:8080/x", "https://user@host:8080/x"},
      {"https://user:@host", "https://user:@host"},  // empty password
      // Authority terminators.
      {"https://u:pw@h?x=1", "https://u:***@h?x=1"},
      {"https://u:pw@h#f", "https://u:***@h#f"},
      {"\"https://u:pw@h\"", "\"https://u:***@h\""},
      {"<https://u:pw@h>", "<https://u:***@h>"},
      {"`https://u:pw@h`", "`https://u:***@h`"},
      {"https://u:p w@h", "https://u:p w@h"},  // the space ends the authority first
      {"{\"url\":\"https:\\/\\/user:pa55@host\\/x\"}",
       "{\"url\":\"https:\\/\\/user:***@host\\/x\"}"},
      {"s3://AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI@bucket/x", "s3://AKIA***:***@bucket/x"},
      // The scheme: a letter, then letters, digits, `+ - .` (the label is
      // the longest such run ending at `://` that starts with a letter).
      {"1http://u:pw@h", "1http://u:***@h"},
      {"://u:pw@h", "://u:pw@h"},
      {"+://u:pw@h", "+://u:pw@h"},
      {"a.b-c+d://u:pw@h", "a.b-c+d://u:***@h"},
      // A Rule T prefix at the password's start is kept; the user name is
      // kept (Rule T applies to it).
      {"https://user:qbt_AbCdEf123456@host", "https://user:qbt_***@host"},
      {"https://qbt_AbCdEf123456@github.com/o", "https://qbt_***@github.com/o"},
      {"https://qbt_AbCdEf123456:x@github.com/o", "https://qbt_***:***@github.com/o"},
      // Redacted before: not masked again by Rule U.
      {"https://user:***@host", "https://user:***@host"},
      {"https://user:qbt_***@host", "https://user:qbt_***@host"},
      {"https://user:***abc@host", "https://user:***abc@host"},
      // The 4,096-byte bound: an authority ending within the 4,096 bytes
      // that start at the password is decided (4,094 + `@h` = 4,096 bytes);
      // one byte more and those 4,096 bytes are the password (failing
      // closed), `@` included.
      {"https://u:" + ps(4094) + "@h", "https://u:***@h"},
      {"https://u:" + ps(4094) + "@h/x", "https://u:***@h/x"},
      {"https://u:" + ps(4095) + "@h", "https://u:***h"},
      {"https://u:" + ps(5000) + " end", "https://u:***" + ps(904) + " end"},
      {"https://u:" + ps(4096) + " end", "https://u:" + ps(4096) + " end"},  // decided: no `@`
      // Switched off, or version 1.
      {"postgres://admin:s3cr3t@db", "postgres://admin:s3cr3t@db", config_id::no_url},
      {"postgres://admin:s3cr3t@db", "postgres://admin:s3cr3t@db", config_id::v1},
      // The user judged on the output (rules.md U2): Rule H masks the value
      // `:` of `password=`, so the authority's first `:` on the output is
      // the next one, or there is none before the last `@`.
      {"s://password=:&x:pw@h/", "s://password=***&x:***@h/"},
      {"s://password=:&x@h:80", "s://password=***&x@h:80"},
      // ... also when Rule H's value runs past the first password's start.
      {"s://password=a:b&x:pw@h", "s://password=***&x:***@h"},
      // A password that is all kept prefix: its `***` comes after an escape
      // sequence at its position (rules.md A3).
      {"https://:ghu_\x1b[m@h", "https://:ghu_\x1b[m***@h"},
      // ... and when it runs past the last `@` too: no password is left.
      {std::string("s://password=:\0@=\"", 18), "s://password=***\""},
      // The allowlist.
      {"https://user:hunter2@host", "https://user:hunter2@host", config_id::allowlist},
      {"https://user:hunter2@host", "https://user:***@host"},
  };
  return rows;
}

}  // namespace redact::spec
