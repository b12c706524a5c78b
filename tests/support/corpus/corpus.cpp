// corpus.cpp — see corpus.hpp. Every line template below states, where it
// plants a credential, which SPEC rule masks it and where the mask ends, so the
// expected output is derived from SPEC.md and not from any implementation.
#include "corpus.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <unordered_map>

namespace redact::corpus {

std::string_view to_string(kind k) noexcept {
  switch (k) {
    case kind::clean:
      return "clean";
    case kind::realistic:
      return "realistic";
    case kind::dense:
      return "dense";
    case kind::adversarial:
      return "adversarial";
  }
  return "?";
}

std::optional<kind> parse_kind(std::string_view name) noexcept {
  for (kind k : all_kinds) {
    if (to_string(k) == name) return k;
  }
  return std::nullopt;
}

namespace {

// xoshiro256** seeded with splitmix64: identical sequences on every platform.
class rng {
 public:
  explicit rng(std::uint64_t seed) noexcept {
    for (auto& s : s_) {
      seed += 0x9e3779b97f4a7c15ULL;
      std::uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      s = z ^ (z >> 31);
    }
  }
  std::uint64_t next() noexcept {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  /// Uniform-enough integer in [0, n) (n > 0).
  std::size_t below(std::size_t n) noexcept { return static_cast<std::size_t>((next() >> 11) % n); }
  /// Integer in [lo, hi].
  std::size_t range(std::size_t lo, std::size_t hi) noexcept { return lo + below(hi - lo + 1); }
  /// True with probability per_mille / 1000.
  bool chance(std::size_t per_mille) noexcept { return below(1000) < per_mille; }
  template <typename T, std::size_t N>
  const T& pick(const std::array<T, N>& items) noexcept {
    return items[below(N)];
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }
  std::array<std::uint64_t, 4> s_{};
};

constexpr std::string_view alnum_chars =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::string_view upper_chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
constexpr std::string_view lower_chars = "abcdefghijklmnopqrstuvwxyz";
constexpr std::string_view hex_chars = "0123456789abcdef";
// Rule T body alphabet.
constexpr std::string_view key_body_chars =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
// A subset of token68 without `~+/` (keeps lines readable; Rule B accepts them all).
constexpr std::string_view token_chars =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-";
constexpr std::string_view b64url_chars =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64(std::string_view in) {
  static constexpr char table[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    const auto v = (static_cast<unsigned>(static_cast<unsigned char>(in[i])) << 16) |
                   (static_cast<unsigned>(static_cast<unsigned char>(in[i + 1])) << 8) |
                   static_cast<unsigned>(static_cast<unsigned char>(in[i + 2]));
    out += table[(v >> 18) & 63];
    out += table[(v >> 12) & 63];
    out += table[(v >> 6) & 63];
    out += table[v & 63];
  }
  const std::size_t rest = in.size() - i;
  if (rest == 1) {
    const auto v = static_cast<unsigned>(static_cast<unsigned char>(in[i])) << 16;
    out += table[(v >> 18) & 63];
    out += table[(v >> 12) & 63];
    out += "==";
  } else if (rest == 2) {
    const auto v = (static_cast<unsigned>(static_cast<unsigned char>(in[i])) << 16) |
                   (static_cast<unsigned>(static_cast<unsigned char>(in[i + 1])) << 8);
    out += table[(v >> 18) & 63];
    out += table[(v >> 12) & 63];
    out += table[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

constexpr std::array<std::string_view, 8> methods = {"GET",  "GET", "GET",    "POST",
                                                     "POST", "PUT", "DELETE", "PATCH"};
constexpr std::array<std::string_view, 12> paths = {"/",
                                                    "/healthz",
                                                    "/v1/models",
                                                    "/v1/items",
                                                    "/v1/orders",
                                                    "/v1/users/me",
                                                    "/static/app.js",
                                                    "/static/css/main.css",
                                                    "/api/v2/search",
                                                    "/metrics",
                                                    "/v1/jobs/status",
                                                    "/favicon.ico"};
constexpr std::array<std::string_view, 10> statuses = {"200", "200", "200", "200", "201",
                                                       "204", "304", "404", "500", "302"};
constexpr std::array<std::string_view, 6> user_agents = {
    "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/122.0.0.0 Safari/537.36",
    "curl/8.1.2",
    "python-requests/2.31.0",
    "Go-http-client/1.1",
    "kube-probe/1.29"};
constexpr std::array<std::string_view, 6> hosts = {"api.example.com",      "auth.example.org",
                                                   "cdn.example.net",      "internal.svc.local",
                                                   "payments.example.com", "10.0.12.7:8080"};
constexpr std::array<std::string_view, 8> levels = {"info",  "info", "info",  "debug",
                                                    "debug", "warn", "error", "info"};
constexpr std::array<std::string_view, 10> messages = {
    "request completed", "cache miss",         "cache hit",      "connection reset by peer",
    "retrying request",  "job scheduled",      "user logged in", "upstream timed out",
    "config reloaded",   "rate limit exceeded"};
constexpr std::array<std::string_view, 7> java_frames = {
    "com.example.orders.OrderService.process(OrderService.java:",
    "com.example.orders.OrderController.create(OrderController.java:",
    "org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:",
    "jakarta.servlet.http.HttpServlet.service(HttpServlet.java:",
    "org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:",
    "java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:",
    "java.base/java.lang.Thread.run(Thread.java:"};
constexpr std::array<std::string_view, 5> java_exceptions = {
    "java.lang.IllegalStateException: order already shipped",
    "java.net.SocketTimeoutException: Read timed out",
    "java.lang.NullPointerException: Cannot invoke \"String.length()\" because \"s\" is null",
    "org.postgresql.util.PSQLException: ERROR: duplicate key value violates unique constraint",
    "java.io.IOException: Broken pipe"};
constexpr std::array<std::string_view, 5> py_files = {
    "/app/service/handlers.py", "/usr/lib/python3.11/site-packages/requests/sessions.py",
    "/app/service/db.py", "/usr/lib/python3.11/json/decoder.py", "/app/worker/tasks.py"};
constexpr std::array<std::string_view, 5> py_funcs = {"handle", "request", "fetch_rows",
                                                      "raw_decode", "run"};
constexpr std::array<std::string_view, 4> py_errors = {
    "KeyError: 'user_id'", "ValueError: invalid literal for int() with base 10: 'abc'",
    "json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)",
    "TimeoutError: [Errno 110] Connection timed out"};

// Appends lines to `text`, recording planted credentials.
class writer {
 public:
  writer(std::string& text, std::vector<planted_secret>& secrets, rng& r)
      : text_(text), secrets_(secrets), r_(r) {}

  void put(std::string_view s) { text_.append(s); }
  void put(char c) { text_.push_back(c); }
  void num(std::uint64_t v) {
    char buf[24];
    auto res = std::to_chars(buf, buf + sizeof buf, v);
    text_.append(buf, res.ptr);
  }
  void num_pad(std::uint64_t v, int width) {
    char buf[24];
    auto res = std::to_chars(buf, buf + sizeof buf, v);
    for (auto n = static_cast<int>(res.ptr - buf); n < width; ++n) text_.push_back('0');
    text_.append(buf, res.ptr);
  }
  void random(std::string_view alphabet, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) text_.push_back(alphabet[r_.below(alphabet.size())]);
  }
  std::string random_string(std::string_view alphabet, std::size_t n) {
    std::string s;
    s.reserve(n);
    for (std::size_t i = 0; i < n; ++i) s.push_back(alphabet[r_.below(alphabet.size())]);
    return s;
  }
  void hex(std::size_t n) { random(hex_chars, n); }
  void ip() {
    switch (r_.below(3)) {
      case 0:
        put("10.");
        num(r_.below(256));
        put('.');
        break;
      case 1:
        put("192.168.");
        break;
      default:
        put("203.0.");
        num(r_.below(256));
        put('.');
        num(r_.below(256));
        return;
    }
    num(r_.below(256));
    put('.');
    num(r_.range(1, 254));
  }
  void path() {
    put(r_.pick(paths));
    if (r_.chance(300)) {
      put('/');
      num(r_.range(1, 99999));
    }
    if (r_.chance(250)) {
      put("?page=");
      num(r_.range(1, 40));
      put("&limit=50");
    }
  }

  // Simulated clock: advances a few milliseconds per line.
  void tick() { ms_ += r_.range(0, 40); }
  std::uint64_t sec() const { return ms_ / 1000; }
  void iso_time() {  // 2024-03-12T10:11:12.123Z
    const std::uint64_t s = sec();
    put("2024-03-");
    num_pad(12 + (s / 86400) % 17, 2);
    put('T');
    hms(s);
    put('.');
    num_pad(ms_ % 1000, 3);
    put('Z');
  }
  void hms(std::uint64_t s) {
    num_pad((s / 3600) % 24, 2);
    put(':');
    num_pad((s / 60) % 60, 2);
    put(':');
    num_pad(s % 60, 2);
  }
  void clf_time() {  // 12/Mar/2024:10:11:12 +0000
    const std::uint64_t s = sec();
    num_pad(12 + (s / 86400) % 17, 2);
    put("/Mar/2024:");
    hms(s);
    put(" +0000");
  }
  void syslog_time() {  // Mar 12 10:11:12
    const std::uint64_t s = sec();
    put("Mar ");
    num_pad(12 + (s / 86400) % 17, 2);
    put(' ');
    hms(s);
  }
  void apache_time() {  // Tue Mar 12 10:11:12.123456 2024
    const std::uint64_t s = sec();
    put("Tue Mar ");
    num_pad(12 + (s / 86400) % 17, 2);
    put(' ');
    hms(s);
    put('.');
    num_pad((ms_ % 1000) * 1000 + r_.below(1000), 6);
    put(" 2024");
  }

  // --- planting ---------------------------------------------------------------
  /// Appends `s` as a span the default policy must mask entirely.
  void mask(std::string_view s, std::string_view shape) {
    secrets_.push_back({text_.size(), s.size(), std::string(s), shape, false});
    text_.append(s);
  }
  /// A further masked span of the finding the previous span started (Rule K
  /// masks each line of a block separately; the block is one finding).
  void mask_more(std::string_view s, std::string_view shape) {
    secrets_.push_back({text_.size(), s.size(), std::string(s), shape, true});
    text_.append(s);
  }
  void begin_mask() { mask_start_ = text_.size(); }
  void end_mask(std::string value, std::string_view shape) {
    secrets_.push_back({mask_start_, text_.size() - mask_start_, std::move(value), shape, false});
  }

  /// A Rule T key body: first char alphanumeric, then [A-Za-z0-9_-].
  std::string key_body() {
    std::string s = random_string(alnum_chars, 1);
    s += random_string(key_body_chars, r_.range(19, 39));
    return s;
  }
  /// An opaque bearer token (>= 20 chars, starts with an upper-case letter
  /// other than `A`, so it never starts with a Rule T prefix: `qbt_`, or the
  /// key table's upper-case `AKIA`, `ASIA`, `AIza`).
  std::string token() {
    std::string s = random_string(upper_chars.substr(1), 1);
    s += random_string(token_chars, r_.range(19, 47));
    return s;
  }
  std::string jwt() {
    std::string s = "eyJhbGciOiJIUzI1NiJ9.eyJ";
    s += random_string(b64url_chars, r_.range(20, 60));
    s += '.';
    s += random_string(b64url_chars, 43);
    return s;
  }
  /// A password for a URL or a name/value pair: a lower-case letter (so it
  /// never starts with a Rule T prefix), then 15 to 23 alphanumerics.
  std::string password() {
    std::string s = random_string(lower_chars, 1);
    s += random_string(alnum_chars, r_.range(15, 23));
    return s;
  }
  /// base64("user:password") with random alphanumerics: always valid UTF-8 with a colon.
  std::string basic_credential() {
    std::string plain = random_string(lower_chars, r_.range(3, 10));
    plain += ':';
    plain += random_string(alnum_chars, r_.range(8, 24));
    return base64(plain);
  }
  /// A bearer credential of some shape, possibly a Rule T key.
  /// Returns the part that is masked; `kept` receives the kept `qbt_` prefix.
  std::string any_bearer(std::string_view& kept) {
    kept = {};
    switch (r_.below(4)) {
      case 0:
        return jwt();
      case 1:
        kept = "qbt_";
        return key_body();
      default:
        return token();
    }
  }

  rng& r() { return r_; }
  std::string& text() { return text_; }

 private:
  std::string& text_;
  std::vector<planted_secret>& secrets_;
  rng& r_;
  std::uint64_t ms_ = 36'672'000;  // 10:11:12
  std::size_t mask_start_ = 0;
};

// ---------------------------------------------------------------------------
// Clean lines. None contains `qbt_`, `authorization`, `bearer` or `basic`
// (case-insensitively), nor any name of the `extended` preset.

void line_nginx(writer& w) {
  w.ip();
  w.put(" - - [");
  w.clf_time();
  w.put("] \"");
  w.put(w.r().pick(methods));
  w.put(' ');
  w.path();
  w.put(" HTTP/1.1\" ");
  w.put(w.r().pick(statuses));
  w.put(' ');
  w.num(w.r().range(0, 250000));
  w.put(w.r().chance(500) ? " \"-\" \"" : " \"https://www.example.com/\" \"");
  w.put(w.r().pick(user_agents));
  w.put("\"\n");
}

void line_apache_error(writer& w) {
  w.put('[');
  w.apache_time();
  static constexpr std::array<std::string_view, 4> mods = {"[proxy:error]", "[core:info]",
                                                           "[ssl:warn]", "[mpm_event:notice]"};
  w.put("] ");
  w.put(w.r().pick(mods));
  w.put(" [pid ");
  w.num(w.r().range(100, 65000));
  w.put(":tid ");
  w.num(w.r().range(139000000000000, 139999999999999));
  w.put("] ");
  switch (w.r().below(3)) {
    case 0:
      w.put("(111)Connection refused: AH00957: http: attempt to connect to 127.0.0.1:");
      w.num(w.r().range(3000, 9000));
      w.put(" (backend) failed\n");
      break;
    case 1:
      w.put("[client ");
      w.ip();
      w.put(':');
      w.num(w.r().range(1024, 65535));
      w.put("] AH01630: client denied by server configuration: /var/www/html/");
      w.random(lower_chars, 6);
      w.put(".php\n");
      break;
    default:
      w.put("AH00094: Command line: '/usr/sbin/apache2'\n");
      break;
  }
}

void line_json(writer& w) {
  w.put("{\"ts\":\"");
  w.iso_time();
  w.put("\",\"level\":\"");
  w.put(w.r().pick(levels));
  w.put("\",\"logger\":\"api.http\",\"msg\":\"");
  w.put(w.r().pick(messages));
  w.put("\",\"method\":\"");
  w.put(w.r().pick(methods));
  w.put("\",\"path\":\"");
  w.path();
  w.put("\",\"status\":");
  w.put(w.r().pick(statuses));
  w.put(",\"duration_ms\":");
  w.num(w.r().range(0, 900));
  w.put('.');
  w.num(w.r().below(10));
  w.put(",\"request_id\":\"");
  w.hex(32);
  if (w.r().chance(300)) {
    w.put("\",\"user_agent\":\"");
    w.put(w.r().pick(user_agents));
  }
  w.put("\"}\n");
}

void line_logfmt(writer& w) {
  w.put("time=");
  w.iso_time();
  w.put(" level=");
  w.put(w.r().pick(levels));
  w.put(" msg=\"");
  w.put(w.r().pick(messages));
  w.put("\" component=");
  static constexpr std::array<std::string_view, 4> comps = {"cache", "http", "scheduler", "db"};
  w.put(w.r().pick(comps));
  w.put(" key=user:");
  w.num(w.r().range(1, 99999));
  w.put(" latency=");
  w.num(w.r().range(0, 500));
  w.put('.');
  w.num(w.r().below(10));
  w.put("ms trace_id=");
  w.hex(16);
  w.put('\n');
}

void line_curl(writer& w) {
  const bool crlf = w.r().chance(100);
  switch (w.r().below(10)) {
    case 0:
      w.put("*   Trying ");
      w.ip();
      w.put(":443...");
      break;
    case 1:
      w.put("* Connected to ");
      w.put(w.r().pick(hosts));
      w.put(" port 443 (#0)");
      break;
    case 2:
      w.put("* SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384");
      break;
    case 3:
      w.put("> ");
      w.put(w.r().pick(methods));
      w.put(' ');
      w.path();
      w.put(" HTTP/1.1");
      break;
    case 4:
      w.put("> Host: ");
      w.put(w.r().pick(hosts));
      break;
    case 5:
      w.put("> User-Agent: curl/8.1.2");
      break;
    case 6:
      w.put("> Accept: */*");
      break;
    case 7:
      w.put("< HTTP/1.1 ");
      w.put(w.r().pick(statuses));
      w.put(" OK");
      break;
    case 8:
      w.put("< content-type: application/json; charset=utf-8");
      break;
    default:
      w.put("< x-request-id: ");
      w.hex(32);
      break;
  }
  w.put(crlf ? "\r\n" : "\n");
}

void line_python(writer& w) {
  switch (w.r().below(3)) {
    case 0:
      w.put("DEBUG:urllib3.connectionpool:https://");
      w.put(w.r().pick(hosts));
      w.put(":443 \"");
      w.put(w.r().pick(methods));
      w.put(' ');
      w.path();
      w.put(" HTTP/1.1\" ");
      w.put(w.r().pick(statuses));
      w.put(' ');
      w.num(w.r().range(0, 99999));
      w.put('\n');
      break;
    case 1:
      w.put("{'method': '");
      w.put(w.r().pick(methods));
      w.put("', 'url': 'https://");
      w.put(w.r().pick(hosts));
      w.path();
      w.put(
          "', 'headers': {'Accept': '*/*', 'User-Agent': 'python-requests/2.31.0', "
          "'Connection': 'keep-alive'}, 'timeout': ");
      w.num(w.r().range(1, 60));
      w.put("}\n");
      break;
    default:
      w.put("send: b'");
      w.put(w.r().pick(methods));
      w.put(' ');
      w.path();
      w.put(" HTTP/1.1\\r\\nHost: ");
      w.put(w.r().pick(hosts));
      w.put("\\r\\nAccept-Encoding: gzip, deflate\\r\\nAccept: */*\\r\\n\\r\\n'\n");
      break;
  }
}

void line_go(writer& w) {
  w.put("2024/03/12 ");
  w.hms(w.sec());
  if (w.r().chance(500)) {
    w.put(
        " http: request headers map[Accept:[*/*] Content-Type:[application/json] "
        "User-Agent:[Go-http-client/1.1] X-Request-Id:[");
    w.hex(32);
    w.put("]]\n");
  } else {
    w.put(" &{Method:");
    w.put(w.r().pick(methods));
    w.put(" URL:");
    w.path();
    w.put(" Proto:HTTP/1.1 ProtoMajor:1 ProtoMinor:1 ContentLength:");
    w.num(w.r().range(0, 4096));
    w.put(" Host:");
    w.put(w.r().pick(hosts));
    w.put("}\n");
  }
}

void line_syslog(writer& w) {
  w.syslog_time();
  w.put(" web-");
  w.num(w.r().range(1, 9));
  switch (w.r().below(3)) {
    case 0:
      w.put(" sshd[");
      w.num(w.r().range(100, 65000));
      w.put("]: Accepted publickey for deploy from ");
      w.ip();
      w.put(" port ");
      w.num(w.r().range(1024, 65535));
      w.put(" ssh2: ED25519 SHA256:");
      w.random(alnum_chars, 43);
      w.put('\n');
      break;
    case 1:
      w.put(" kernel: [");
      w.num(w.r().range(1, 999999));
      w.put('.');
      w.num_pad(w.r().below(1000000), 6);
      w.put("] TCP: request_sock_TCP: Possible SYN flooding on port 443. Sending cookies.\n");
      break;
    default:
      w.put(" systemd[1]: Started Session ");
      w.num(w.r().range(1, 9999));
      w.put(" of user deploy.\n");
      break;
  }
}

void line_k8s(writer& w) {
  w.put("I0312 ");
  w.hms(w.sec());
  w.put('.');
  w.num_pad(w.r().below(1000000), 6);
  w.put("       1 controller.go:");
  w.num(w.r().range(50, 900));
  w.put("] \"Reconciling\" object=\"default/web-");
  w.hex(10);
  w.put("\" generation=");
  w.num(w.r().range(1, 40));
  w.put('\n');
}

void stack_java(writer& w) {
  w.put(w.r().pick(java_exceptions));
  w.put('\n');
  const std::size_t n = w.r().range(3, 8);
  for (std::size_t i = 0; i < n; ++i) {
    w.put("\tat ");
    w.put(w.r().pick(java_frames));
    w.num(w.r().range(20, 900));
    w.put(")\n");
  }
}

void stack_python(writer& w) {
  w.put("Traceback (most recent call last):\n");
  const std::size_t n = w.r().range(2, 5);
  for (std::size_t i = 0; i < n; ++i) {
    w.put("  File \"");
    w.put(w.r().pick(py_files));
    w.put("\", line ");
    w.num(w.r().range(10, 800));
    w.put(", in ");
    w.put(w.r().pick(py_funcs));
    w.put("\n    result = self._dispatch(request, **kwargs)\n");
  }
  w.put(w.r().pick(py_errors));
  w.put('\n');
}

void stack_go(writer& w) {
  w.put(
      "panic: runtime error: invalid memory address or nil pointer dereference\n"
      "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a1b2c]\n\n"
      "goroutine ");
  w.num(w.r().range(1, 5000));
  w.put(" [running]:\nmain.(*server).handle(0xc000");
  w.hex(6);
  w.put(", {0x7f1c00, 0xc0001");
  w.hex(5);
  w.put("})\n\t/src/app/server.go:");
  w.num(w.r().range(10, 400));
  w.put(" +0x1d4\n");
}

// Contract version 2's shapes without credentials.

void line_ansi(writer& w) {  // a coloured console line (structlog, rich, FORCE_COLOR CI)
  static constexpr std::array<std::string_view, 4> colours = {"\x1b[32m", "\x1b[33m", "\x1b[1;31m",
                                                              "\x1b[36m"};
  w.put("\x1b[2m");
  w.iso_time();
  w.put("\x1b[0m ");
  w.put(w.r().pick(colours));
  w.put(w.r().pick(levels));
  w.put("\x1b[0m \x1b[1mhttp\x1b[0m ");
  w.put(w.r().pick(messages));
  w.put(" \x1b[36mpath\x1b[0m=");
  w.path();
  w.put(" \x1b[36mstatus\x1b[0m=");
  w.put(w.r().pick(statuses));
  w.put('\n');
}

void line_docker_json(writer& w) {  // docker's json-file log of a coloured app
  w.put("{\"log\":\"\\u001b[32m");
  w.put(w.r().pick(levels));
  w.put("\\u001b[0m ");
  w.put(w.r().pick(messages));
  w.put("\\n\",\"stream\":\"stdout\",\"time\":\"");
  w.iso_time();
  w.put("\"}\n");
}

void line_urls(writer& w) {  // URLs without user information
  w.put("DEBUG fetching https://");
  w.put(w.r().pick(hosts));
  w.path();
  w.put(" via http://10.0.12.7:8080/healthz (ssh://git@github.com/org/deploy.git pinned)\n");
}

void line_pairs(writer& w) {  // name/value records of headers that hold no credential
  switch (w.r().below(3)) {
    case 0:
      w.put(
          "{\"headers\":[{\"name\":\"Accept\",\"value\":\"*/"
          "*\"},{\"name\":\"Content-Type\",\"value\":"
          "\"application/json\"}],\"status\":");
      w.put(w.r().pick(statuses));
      w.put("}\n");
      break;
    case 1:
      w.put("{\"key\":\"http.method\",\"value\":{\"stringValue\":\"");
      w.put(w.r().pick(methods));
      w.put("\"}},{\"key\":\"http.request.header.accept\",\"value\":{\"stringValue\":\"*/*\"}}\n");
      break;
    default:
      w.put("- name: LOG_LEVEL\n  value: ");
      w.put(w.r().pick(levels));
      w.put("\n");
      break;
  }
}

void line_base64_payload(writer& w) {  // a large base64 blob without any key in it
  std::string bytes;
  for (std::size_t i = w.r().range(150, 3000); i > 0; --i) {
    bytes.push_back(static_cast<char>(w.r().below(256)));
  }
  w.put("{\"level\":\"debug\",\"msg\":\"upstream payload\",\"body\":\"");
  w.put(base64(bytes));
  w.put("\"}\n");
}

void clean_line(writer& w) {
  w.tick();
  if (w.r().chance(80)) {  // 8%: version 2's content without credentials
    switch (w.r().below(5)) {
      case 0:
        return line_ansi(w);
      case 1:
        return line_docker_json(w);
      case 2:
        return line_urls(w);
      case 3:
        return line_pairs(w);
      default:
        return w.r().chance(250) ? line_base64_payload(w) : line_ansi(w);
    }
  }
  const std::size_t p = w.r().below(100);
  if (p < 22) return line_nginx(w);
  if (p < 40) return line_json(w);
  if (p < 54) return line_logfmt(w);
  if (p < 64) return line_curl(w);
  if (p < 71) return line_python(w);
  if (p < 78) return line_go(w);
  if (p < 85) return line_syslog(w);
  if (p < 90) return line_apache_error(w);
  if (p < 95) return line_k8s(w);
  if (p < 97) return stack_java(w);
  if (p < 99) return stack_python(w);
  return stack_go(w);
}

// ---------------------------------------------------------------------------
// Lines carrying one credential, in SPEC's shapes. The comment on each case
// says which rule masks it and where the mask ends (default policy).

// ---------------------------------------------------------------------------
// Lines carrying credentials in contract version 2's shapes (SPEC version 2's
// default policy). The comment on each case says which rule masks what.

/// Rule E: characters from the finding's start up to the last one holding
/// bits of the key's last byte, for a key of `n` bytes at decoded offset `o`.
std::size_t encoded_mask_chars(std::size_t o, std::size_t n) {
  return (8 * (o + n - 1) + 7) / 6 + 1;
}

/// A base64 line of a PEM body (64 characters, or fewer for the last).
std::string pem_line(writer& w, std::size_t n) {
  static constexpr std::string_view chars =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  return w.random_string(chars, n);
}

void secret_line_v2(writer& w) {
  std::string_view kept;
  switch (w.r().below(20)) {
    case 0: {  // H LINE through colour codes: the escape sequences lie outside the credential.
      w.put("\x1b[2m");
      w.iso_time();
      w.put("\x1b[0m \x1b[33mDEBUG\x1b[0m > \x1b[36mAuthorization\x1b[0m: \x1b[33mBearer ");
      std::string c = w.any_bearer(kept);
      w.put(kept);
      w.mask(c, "C/ansi");
      w.put("\x1b[0m\n");
      return;
    }
    case 1:  // H LINE in docker's JSON with `\u001b` texts; ends at the `\` of `\n`.
      w.put("{\"log\":\"\\u001b[1mauthorization:\\u001b[0m Basic ");
      w.mask(w.basic_credential(), "C/json-ansi");
      w.put("\\n\",\"stream\":\"stderr\"}\n");
      return;
    case 2:  // U: the password, from the first `:` to the last `@`.
      w.put("+ DATABASE_URL=postgres://app:");
      w.mask(w.password(), "U/postgres");
      w.put("@db.internal:5432/app?sslmode=require\n");
      return;
    case 3:  // U: an `@` in the user name; the password keeps its Rule T prefix (ghs_).
      w.put("[deploy] git clone https://x-access-token:ghs_");
      w.mask(w.random_string(alnum_chars, 36), "U/git");
      w.put("@github.com/org/repo.git\n");
      return;
    case 4:
      w.put("mailer: connecting smtp://alerts@example.com:");
      w.mask(w.password(), "U/smtp");
      w.put("@mail.example.com:587\n");
      return;
    case 5:  // J: in a query string (`id_token` is no default field name).
      w.ip();
      w.put(" - - [");
      w.clf_time();
      w.put("] \"GET /oauth/callback?code=");
      w.hex(16);
      w.put("&id_token=");
      w.mask(w.jwt(), "J/callback");
      w.put("&state=");
      w.hex(8);
      w.put(" HTTP/1.1\" 302 0\n");
      return;
    case 6:  // J: before a full stop, which is kept.
      w.put("WARN auth: rejected expired token ");
      w.mask(w.jwt(), "J/sentence");
      w.put(". Retrying.\n");
      return;
    case 7: {  // E: a Kubernetes Secret's data; every unpadded character.
      const std::string key = "qbt_" + w.key_body();
      const std::string b64 = base64(key);
      const std::size_t n = encoded_mask_chars(0, key.size());
      w.put("  deploy-key: ");
      w.mask(std::string_view(b64).substr(0, n), "E/k8s");
      w.put(std::string_view(b64).substr(n));
      w.put('\n');
      return;
    }
    case 8: {  // E: a key deep inside a base64 Docker config; found at the group holding it.
      const std::string key = "qbt_" + w.key_body();
      const std::string head = "{\"auths\":{\"registry.example.com\":{\"password\":\"";
      const std::string b64 = base64(head + key + "\"}}}");
      const std::size_t j = 4 * (head.size() / 3);
      const std::size_t n = encoded_mask_chars(head.size() % 3, key.size());
      w.put("dockerconfigjson: ");
      w.put(std::string_view(b64).substr(0, j));
      w.mask(std::string_view(b64).substr(j, n), "E/docker");
      w.put(std::string_view(b64).substr(j + n));
      w.put('\n');
      return;
    }
    case 9:  // P: a HAR header list; the value pairs with the nearest name.
      w.put(
          "{\"request\":{\"headers\":[{\"name\":\"Accept\",\"value\":\"*/*\"},{\"name\":"
          "\"Authorization\",\"value\":\"Bearer ");
      {
        std::string c = w.any_bearer(kept);
        w.put(kept);
        w.mask(c, "P/har");
      }
      w.put("\"}]}}\n");
      return;
    case 10:  // P: an OpenTelemetry attribute.
      w.put("{\"key\":\"http.request.header.x-api-key\",\"value\":{\"stringValue\":\"");
      w.mask(w.token(), "P/otel");
      w.put("\"}}\n");
      return;
    case 11:  // P: a Kubernetes env list (YAML, LINE mode).
      w.put("- name: DB_PASSWORD\n  value: ");
      w.mask(w.password(), "P/k8s-env");
      w.put('\n');
      return;
    case 12: {  // K: a PEM block, each key line masked (one finding).
      w.put("-----BEGIN RSA PRIVATE KEY-----\n");
      const std::size_t lines = w.r().range(2, 6);
      for (std::size_t i = 0; i < lines; ++i) {
        const std::string line = pem_line(w, i + 1 == lines ? w.r().range(16, 63) : 64);
        if (i == 0) {
          w.mask(line, "K/pem");
        } else {
          w.mask_more(line, "K/pem");
        }
        w.put('\n');
      }
      w.put("-----END RSA PRIVATE KEY-----\n");
      return;
    }
    case 13: {  // K: an indented key in YAML; the indentation is kept.
      w.put("  tls.key: |\n    -----BEGIN EC PRIVATE KEY-----\n    ");
      w.mask(pem_line(w, 64), "K/yaml");
      w.put("\n    ");
      w.mask_more(pem_line(w, 40), "K/yaml");
      w.put("\n    -----END EC PRIVATE KEY-----\n");
      return;
    }
    case 14:  // K: a key on one line with escaped line breaks: up to the END marker.
      w.put("{\"type\":\"tls\",\"pem\":\"-----BEGIN PRIVATE KEY-----");
      w.begin_mask();
      w.put("\\n");
      {
        const std::string body = pem_line(w, 64);
        w.put(body);
        w.put("\\n");
        w.end_mask(body, "K/json");
      }
      w.put("-----END PRIVATE KEY-----\\n\"}\n");
      return;
    case 15:  // T: the key table (AWS); H: secret_access_key.
      w.put("aws_access_key_id = AKIA");
      w.mask(w.random_string("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16), "T/aws");
      w.put("\naws_secret_access_key = ");
      w.mask(w.random_string(alnum_chars, 40), "H/aws-secret");
      w.put('\n');
      return;
    case 16:  // T: GitHub (a field only in `extended`, with the same output).
      w.put("+ export GITHUB_TOKEN=ghp_");
      w.mask(w.random_string(alnum_chars, 36), "T/github");
      w.put('\n');
      return;
    case 17:  // T: Slack, in a message.
      w.put("slack: posting with xoxb-");
      w.mask(w.random_string("0123456789", 12) + "-" + w.random_string(alnum_chars, 24), "T/slack");
      w.put(" to #alerts\n");
      return;
    case 18:  // H QUOTED with a key-table prefix kept (sk_live_).
      w.put("stripe.api_key = \"sk_live_");
      w.mask(w.random_string(alnum_chars, 24), "H/stripe");
      w.put("\"\n");
      return;
    default:  // H WORD: a credential-only name of the default preset.
      w.put("config: x-api-key=");
      w.mask(w.token(), "H/x-api-key");
      w.put(" retries=3\n");
      return;
  }
}

void secret_line(writer& w) {
  w.tick();
  std::string_view kept;
  if (w.r().chance(500)) return secret_line_v2(w);
  switch (w.r().below(22)) {
    case 0: {  // T: key in a URL query; body ends at `&` (not a body char).
      w.ip();
      w.put(" - - [");
      w.clf_time();
      w.put("] \"GET /v1/models?api_key=qbt_");
      w.mask(w.key_body(), "T/url");
      w.put("&limit=10 HTTP/1.1\" 200 512 \"-\" \"curl/8.1.2\"\n");
      return;
    }
    case 1:  // T: shell export; body ends at LF.
      w.put("+ export QUBITTRON_API_KEY=qbt_");
      w.mask(w.key_body(), "T/export");
      w.put('\n');
      return;
    case 2:  // T: JSON string value; body ends at `"`.
      w.put("{\"ts\":\"");
      w.iso_time();
      w.put("\",\"level\":\"info\",\"msg\":\"client configured\",\"api_token\":\"qbt_");
      w.mask(w.key_body(), "T/json");
      w.put("\"}\n");
      return;
    case 3:  // T: after a percent escape (no left boundary); body ends at `%`.
      w.put("GET /callback?state=%7B%22k%22%3A%22qbt_");
      w.mask(w.key_body(), "T/percent");
      w.put("%22%7D HTTP/1.1\n");
      return;
    case 4:  // T: after a JSON `\n` escape inside a word; body ends at `\`.
      w.put("{\"msg\":\"env dump:\\nHOME=/root\\nmy_qbt_");
      w.mask(w.key_body(), "T/escaped");
      w.put("\\nPATH=/usr/bin\"}\n");
      return;
    case 5:  // H LINE (curl -v): credential ends at LF; Bearer kept, qbt_ kept if present.
      w.put("> Authorization: Bearer ");
      {
        std::string c = w.any_bearer(kept);
        w.put(kept);
        w.mask(c, "H/curl");
      }
      w.put('\n');
      return;
    case 6:  // H QUOTED (JSON): ends at the closing `"`.
      w.put("{\"ts\":\"");
      w.iso_time();
      w.put(
          "\",\"level\":\"debug\",\"msg\":\"outgoing request\",\"headers\":{\"authorization\":"
          "\"Bearer ");
      {
        std::string c = w.any_bearer(kept);
        w.put(kept);
        w.mask(c, "H/json");
      }
      w.put("\",\"host\":\"api\"}}\n");
      return;
    case 7:  // H QUOTED k=1 (JSON in JSON): ends at `\"` (r=1, k=1).
      w.put("{\"level\":\"debug\",\"msg\":\"{\\\"Authorization\\\":\\\"Basic ");
      w.mask(w.basic_credential(), "H/json-escaped");
      w.put("\\\"}\"}\n");
      return;
    case 8:  // H QUOTED (Python dict): Token kept, ends at `'`.
      w.put("headers={'Accept': '*/*', 'Authorization': 'Token ");
      w.mask(w.random_string(hex_chars, 40), "H/python");
      w.put("'}\n");
      return;
    case 9:  // H LINE with `[` opener (Go map): ends at `]`.
      w.put("2024/03/12 ");
      w.hms(w.sec());
      w.put(" http: request headers map[Accept:[*/*] Authorization:[Bearer ");
      {
        std::string c = w.any_bearer(kept);
        w.put(kept);
        w.mask(c, "H/go-map");
      }
      w.put("] Host:[api.example.com]]\n");
      return;
    case 10:  // H LINE inside a Python bytes repr: ends at the `\` of `\r\n`.
      w.put(
          "send: b'GET /v1/items HTTP/1.1\\r\\nHost: api.example.com\\r\\nAuthorization: Bearer ");
      {
        std::string c = w.any_bearer(kept);
        w.put(kept);
        w.mask(c, "H/py-bytes");
      }
      w.put("\\r\\nAccept: */*\\r\\n\\r\\n'\n");
      return;
    case 11:  // H QUOTED (logfmt, `="`): ends at `"`.
      w.put("time=");
      w.iso_time();
      w.put(" level=debug authorization=\"Bearer ");
      {
        std::string c = w.any_bearer(kept);
        w.put(kept);
        w.mask(c, "H/logfmt");
      }
      w.put("\" path=/v1/items\n");
      return;
    case 12:  // H WORD (`=`, CGI env): ends at the space.
      w.put("env: HTTP_AUTHORIZATION=Bearer ");
      {
        std::string c = w.any_bearer(kept);
        w.put(kept);
        w.mask(c, "H/cgi");
      }
      w.put(" REMOTE_ADDR=");
      w.ip();
      w.put('\n');
      return;
    case 13: {  // H LINE, Digest with quoted parameters: masked to end of line.
      w.put("> Proxy-Authorization: Digest ");
      w.begin_mask();
      w.put("username=\"");
      w.random(lower_chars, 6);
      w.put("\", realm=\"api\", nonce=\"");
      w.hex(32);
      w.put("\", uri=\"/v1/items\", response=\"");
      std::string resp = w.random_string(hex_chars, 32);
      w.put(resp);
      w.put('"');
      w.end_mask(std::move(resp), "H/digest");
      w.put('\n');
      return;
    }
    case 14:  // H QUOTED, tuple form (ASGI scope): ends at `'`.
      w.put("scope headers: [(b'host', b'api.example.com'), (b'authorization', b'Bearer ");
      {
        std::string c = w.any_bearer(kept);
        w.put(kept);
        w.mask(c, "H/tuple");
      }
      w.put("'), (b'accept', b'*/*')]\n");
      return;
    case 15:  // H QUOTED, array form: ends at `"`.
      w.put("headers: [[\"Host\", \"api.example.com\"], [\"Authorization\", \"Bearer ");
      {
        std::string c = w.any_bearer(kept);
        w.put(kept);
        w.mask(c, "H/array");
      }
      w.put("\"]]\n");
      return;
    case 16:  // H LINE, no known scheme: the whole value is the credential.
      w.put("< Authorization: ");
      w.mask(w.random_string(alnum_chars, 40), "H/noscheme");
      w.put('\n');
      return;
    case 17:  // H LINE inside curl -H: ends at `"` (a `="` followed by ` -H "A` is no param).
      w.put("$ curl -sS -H \"Authorization: Basic ");
      w.mask(w.basic_credential(), "H/curl-H");
      w.put("\" -H \"Accept: */*\" https://api.example.com/v1/items\n");
      return;
    case 18:  // H LINE in Apache's wire log: ends at `[`.
      w.put('[');
      w.apache_time();
      w.put("] [dumpio:trace7] [pid ");
      w.num(w.r().range(100, 65000));
      w.put("] mod_dumpio.c(103): [client ");
      w.ip();
      w.put("] mod_dumpio:  dumpio_in (data-HEAP): Authorization: Bearer ");
      {
        std::string c = w.any_bearer(kept);
        w.put(kept);
        w.mask(c, "H/apache-wire");
      }
      w.put("[\\r][\\n]\n");
      return;
    case 19:  // B: nginx column with $http_authorization: >= 16 token68 chars, ends at `"`.
      w.ip();
      w.put(" - - [");
      w.clf_time();
      w.put("] \"GET /v1/models HTTP/1.1\" 200 612 \"-\" \"curl/8.1.2\" \"Bearer ");
      w.mask(w.token(), "B/nginx");
      w.put("\"\n");
      return;
    case 20:  // B: Basic in an exception message; decodes to user:password.
      w.put("ERROR auth.client - upstream rejected credentials (Basic ");
      w.mask(w.basic_credential(), "B/basic");
      w.put(") for host ");
      w.put(w.r().pick(hosts));
      w.put('\n');
      return;
    default:  // B: bearer JWT in a Java exception; ends at LF.
      w.put("java.lang.SecurityException: token rejected: Bearer ");
      w.mask(w.jwt(), "B/jwt");
      w.put('\n');
      return;
  }
}

// ---------------------------------------------------------------------------
// Near misses: nothing here is a credential under the default policy.

// Near misses of contract version 2's rules: nothing here is a credential
// under SPEC version 2's defaults or the `extended` preset.

void near_miss_line_v2(writer& w) {
  switch (w.r().below(10)) {
    case 0: {  // a key-table prefix with a body one too short (or, when exact, one too long)
      static constexpr std::array<std::pair<std::string_view, std::size_t>, 12> misses = {
          {{"AKIA", 15},
           {"ASIA", 17},
           {"ghp_", 35},
           {"gho_", 37},
           {"github_pat_", 81},
           {"glpat-", 19},
           {"xoxb-", 9},
           {"AIza", 34},
           {"npm_", 37},
           {"hf_", 33},
           {"dop_v1_", 63},
           {"shpat_", 31}}};
      const auto& [prefix, n] = w.r().pick(misses);
      w.put("id=");
      w.put(prefix);
      w.random(prefix == "AKIA" || prefix == "ASIA"
                   ? std::string_view("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
                   : alnum_chars,
               n);
      w.put(" sk_live_");
      w.random(alnum_chars, 15);
      w.put(" pypi-");
      w.random(alnum_chars, 49);
      w.put(" sk-ant-");
      w.random(alnum_chars, 31);
      w.put(" ok\n");
      return;
    }
    case 1:  // `eyJ` runs that are no JWT: short header, two segments, unprintable header
      w.put(
          "eyJhbGciO.eyJzdWIiOiIxIn0.c2ln eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0 "
          "eyJAAAAAAAAAAA.e30.c2ln "
          "monkeyJumps\n");
      return;
    case 2:  // URLs without a password
      w.put(
          "fetch https://user@host.example:8080/x ssh://git@github.com:22/o/r ftp://files:21/pub "
          "https://u:@h/ https://user:***@host/\n");
      return;
    case 3:  // base64 of things that are no keys (qbt_short, AKIA + 15)
      w.put("data: cWJ0X3Nob3J0 QUtJQUlPU0ZPRE5ON0VYQU1QTA== aGVsbG8gd29ybGQ=\n");
      return;
    case 4:  // PEM blocks that hold no private key
      w.put(
          "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBa\n"
          "-----END CERTIFICATE-----\n-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOC\n"
          "-----END PUBLIC KEY-----\n");
      return;
    case 5:  // name/value records that name no credential, or hold none
      w.put(
          "{\"name\":\"X-Api-Key\",\"value\":\"\"},{\"key\":\"http.request.header.accept\","
          "\"value\":{\"stringValue\":\"*/*\"}},{\"value\":\"abc\",\"name\":\"Authorization\"}\n");
      return;
    case 6:  // placeholder words in any case (a LINE value runs to the line end)
      w.put(
          "ERROR 1045: Access denied for user 'app'@'10.0.0.7' (using password: YES)\n"
          "passwd: None;\ncookie: -\npassword=no, \"api_key\": false\n");
      return;
    case 7:  // colour codes around words that are no fields
      w.put(
          "\x1b[31mERROR\x1b[0m Authorization failed for user bob; \x1b[1mBearer\x1b[0m token "
          "expired\n");
      return;
    case 8:  // already redacted
      w.put("AKIA*** ghp_*** password=****** Authorization: Bearer ***\n");
      return;
    default:  // Basic runs that do not decode to user:password
      w.put("Basic dXNlcnBhc3N3b3JkY Basic YWJjZGVmZ2g= see Basic usage\n");
      return;
  }
}

void near_miss_line(writer& w) {
  w.tick();
  if (w.r().chance(400)) {
    w.iso_time();
    w.put(" WARN ");
  }
  if (w.r().chance(500)) return near_miss_line_v2(w);
  switch (w.r().below(24)) {
    case 0:  // prefix with a body shorter than min_body (0..7 chars)
      w.put("token qbt_");
      w.random(alnum_chars, w.r().range(0, 7));
      w.put(" ok\n");
      return;
    case 1:
      w.put("qbt qbt_x qbt_ qbt_... qbt_id=1 QBT_");
      w.random(alnum_chars, 24);
      w.put(" qbt");
      w.random(alnum_chars, 24);
      w.put('\n');
      return;
    case 2:
      w.put("{\"key\":\"qbt_");
      w.random(alnum_chars, 7);
      w.put("\",\"sep\":\"qbt_.");
      w.random(alnum_chars, 12);
      w.put("\",\"eq\":\"qbt_========\"}\n");
      return;
    case 3:
      w.put("authorizatio: Bearer ");
      w.random(alnum_chars, 10);
      w.put(" Authorizatio=");
      w.random(alnum_chars, 20);
      w.put('\n');
      return;
    case 4:
      w.put("Authorization failed for user bob\n");
      return;
    case 5:
      w.put(
          "\"authorizationUrl\": \"https://id.example/auth\", \"authorization_endpoint\": "
          "\"https://id.example/authorize\"\n");
      return;
    case 6:
      w.put("> Authorization:\n");
      return;
    case 7:
      w.put("< Authorization: \t \n");
      return;
    case 8:
      w.put("{\"authorization\": null, \"n\": 1}\n");
      return;
    case 9:
      w.put("{\"authorization\":\"\",\"Authorization\":\"\"}\n");
      return;
    case 10:
      w.put(
          "headers={'Authorization': None} authorization=true authorization=false "
          "authorization=- authorization=\n");
      return;
    case 11:
      w.put("Authorization: Bearer ***\n");
      return;
    case 12:
      w.put("Authorization: Bearer qbt_***\n");
      return;
    case 13:
      w.put("authorization=\"Bearer ***\" authorization=*** Authorization: nil\n");
      return;
    case 14: {
      static constexpr std::array<std::string_view, 6> phrases = {
          "Bearer token expired", "invalid Bearer abc",     "use the Bearer scheme",
          "Bearer auth failed",   "Bearer 123456789012345", "expected Bearer or Basic"};
      w.put(w.r().pick(phrases));
      w.put('\n');
      return;
    }
    case 15:  // preceded by a letter: not Rule B
      w.put("TokenBearer ");
      w.random(alnum_chars, 30);
      w.put(" xBasic dXNlcjpwYXNzd29yZA==\n");
      return;
    case 16:
      w.put("WWW-Authenticate: Bearer realm=\"example\", error=\"invalid_token\"\n");
      return;
    case 17:
      w.put("see Basic usage examples; Basic Overview; Basic aGVsbG8gd29ybGQ=; Basic YWJj\n");
      return;
    case 18:  // version 2: a value of null is no credential, nor a name that only starts with one
      w.put(
          "{\"name\": \"Authorization\", \"value\": null}, (\"authorization\", None), "
          "{\"name\": \"Authorization-Policy\", \"value\": \"strict\"}\n");
      return;
    case 19:
      w.put("msg=\"");
      w.put(std::string(w.r().range(16, 300), '='));
      w.put("\"\n");
      return;
    case 20:
      w.put("path=C:");
      w.put(std::string(w.r().range(16, 300), '\\'));
      w.put("x\n");
      return;
    case 21:
      w.put("{\"q\":\"");
      for (std::size_t i = w.r().range(8, 150); i > 0; --i) w.put("\\\"");
      w.put("\",\"s\":'");
      w.put(std::string(w.r().range(8, 150), '\''));
      w.put("'}\n");
      return;
    case 22:
      w.put("url=https:\\/\\/api.example.com\\/v1");
      for (std::size_t i = w.r().range(4, 80); i > 0; --i) w.put("\\/x");
      w.put(" %22%22%22%22%22%3D%3D\n");
      return;
    default:
      w.put("Authorizations: 3 pending; authorization_code=");
      w.random(alnum_chars, 5);
      w.put(" Bearer\tabc\n");
      return;
  }
}

}  // namespace

generated generate_with_secrets(kind k, std::size_t bytes, std::uint64_t seed) {
  generated g;
  g.text.reserve(bytes + 8192);
  rng r(seed ^ (static_cast<std::uint64_t>(k) << 56));
  writer w(g.text, g.secrets, r);
  std::size_t special_per_mille = 0;
  switch (k) {
    case kind::clean:
      break;
    case kind::realistic:
      special_per_mille = 10;
      break;
    case kind::dense:
      special_per_mille = 800;
      break;
    case kind::adversarial:
      special_per_mille = 500;
      break;
  }
  while (g.text.size() < bytes) {
    const std::size_t line_start = g.text.size();
    const std::size_t secrets_before = g.secrets.size();
    if (special_per_mille != 0 && r.chance(special_per_mille)) {
      if (k == kind::adversarial) {
        near_miss_line(w);
      } else {
        secret_line(w);
      }
    } else {
      clean_line(w);
    }
    if (g.text.size() > bytes) {  // does not fit: drop it, pad with a filler line
      g.text.resize(line_start);
      g.secrets.resize(secrets_before);
      const std::size_t rest = bytes - line_start;
      g.text.append(rest - 1, '.');
      g.text.push_back('\n');
    }
  }
  return g;
}

std::string generate(kind k, std::size_t bytes, std::uint64_t seed) {
  return generate_with_secrets(k, bytes, seed).text;
}

std::string expected_output(const generated& g) {
  std::string out;
  out.reserve(g.text.size());
  std::size_t pos = 0;
  for (const auto& s : g.secrets) {
    out.append(g.text, pos, s.mask_offset - pos);
    out.append("***");
    pos = s.mask_offset + s.mask_length;
  }
  out.append(g.text, pos, std::string::npos);
  return out;
}

std::vector<const planted_secret*> surviving_secrets(std::string_view redacted,
                                                     const generated& g) {
  // Index the secrets by their first `window` bytes, then look every window of
  // the output up: linear in the output size whatever the number of secrets.
  std::vector<const planted_secret*> found;
  if (g.secrets.empty()) return found;
  std::size_t window = SIZE_MAX;
  for (const auto& s : g.secrets) window = std::min(window, s.value.size());
  if (window == 0) return found;  // cannot happen: values are random and long
  std::unordered_multimap<std::string_view, const planted_secret*> index;
  index.reserve(g.secrets.size());
  for (const auto& s : g.secrets) index.emplace(std::string_view(s.value).substr(0, window), &s);
  std::vector<bool> seen(g.secrets.size(), false);
  for (std::size_t i = 0; i + window <= redacted.size(); ++i) {
    auto [first, last] = index.equal_range(redacted.substr(i, window));
    for (auto it = first; it != last; ++it) {
      const planted_secret* s = it->second;
      const auto n = static_cast<std::size_t>(s - g.secrets.data());
      if (!seen[n] && redacted.substr(i, s->value.size()) == s->value) {
        seen[n] = true;
        found.push_back(s);
      }
    }
  }
  std::sort(found.begin(), found.end());
  return found;
}

}  // namespace redact::corpus
