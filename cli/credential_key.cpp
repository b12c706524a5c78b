// cli/credential_key.cpp — finding, reading and creating the credential key.
#include "cli/credential_key.hpp"

#include <fcntl.h>
#include <openssl/hmac.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace redact::cli {
namespace {

constexpr std::string_view id_text = "redact credential key id v1";

std::string to_hex(const unsigned char* bytes, std::size_t n) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string s;
  s.reserve(n * 2);
  for (std::size_t i = 0; i < n; ++i) {
    s += hex[bytes[i] >> 4];
    s += hex[bytes[i] & 0xf];
  }
  return s;
}

bool random_bytes(unsigned char* out, std::size_t n) {
  std::size_t done = 0;
  while (done < n) {
    const ssize_t r = ::getrandom(out + done, n - done, 0);
    if (r < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<std::size_t>(r);
  }
  return true;
}

// Reads the first line of a small file, without trailing blanks, into `key`.
// Returns 0, an errno value, or ENODATA for an empty key.
int read_key_file(const std::string& path, std::string& key, std::string& warning) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return errno;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && (st.st_mode & 077) != 0) {
    warning = "credential key file '" + path + "' can be read by other users (chmod 600 it)";
  }
  char buffer[4096];
  std::string text;
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int e = errno;
      ::close(fd);
      return e;
    }
    if (n == 0 || text.size() > 65536) break;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  text = text.substr(0, text.find('\n'));
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
    text.pop_back();
  if (text.empty()) return ENODATA;
  key = std::move(text);
  return 0;
}

std::string describe(int e) {
  return e == ENODATA ? std::string("the file holds no key") : std::string(std::strerror(e));
}

bool make_directories(const std::string& dir) {
  if (dir.empty()) return true;
  struct stat st {};
  if (::stat(dir.c_str(), &st) == 0) return S_ISDIR(st.st_mode);
  const std::size_t slash = dir.find_last_of('/');
  if (slash != std::string::npos && slash > 0 && !make_directories(dir.substr(0, slash)))
    return false;
  return ::mkdir(dir.c_str(), 0700) == 0 || errno == EEXIST;
}

// Creates `path` holding a new random key (hex). Returns 0 or an errno
// value (EEXIST when another process created it first).
int create_key_file(const std::string& path, std::string& key) {
  const std::size_t slash = path.find_last_of('/');
  if (slash != std::string::npos && slash > 0 && !make_directories(path.substr(0, slash)))
    return errno;
  unsigned char bytes[32];
  if (!random_bytes(bytes, sizeof bytes)) return errno;
  const std::string line = to_hex(bytes, sizeof bytes) + "\n";
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return errno;
  std::size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = ::write(fd, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int e = errno;
      ::close(fd);
      ::unlink(path.c_str());
      return e;
    }
    done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) {
    const int e = errno;
    ::unlink(path.c_str());
    return e;
  }
  key = line.substr(0, line.size() - 1);
  return 0;
}

// Reads `path`, creating it first when it does not exist.
bool read_or_create(const std::string& path, std::string& key, std::string& error,
                    std::string& warning) {
  int e = read_key_file(path, key, warning);
  if (e == 0) return true;
  if (e != ENOENT) {
    error = describe(e);
    return false;
  }
  e = create_key_file(path, key);
  if (e == 0) return true;
  if (e != EEXIST) {
    error = describe(e);
    return false;
  }
  e = read_key_file(path, key, warning);  // another process created it meanwhile
  if (e == 0) return true;
  error = describe(e);
  return false;
}

credential_key make(std::string value, std::string source) {
  credential_key k;
  k.id = key_id(value);
  k.value = std::move(value);
  k.source = std::move(source);
  return k;
}

}  // namespace

std::string key_id(std::string_view key) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(id_text.data()), id_text.size(), mac, &len);
  return to_hex(mac, 4);
}

std::string default_credential_key_path(const env_lookup& env) {
  if (auto xdg = env("XDG_CONFIG_HOME"); xdg && !xdg->empty() && xdg->front() == '/')
    return *xdg + "/redact/credential-key";
  if (auto home = env("HOME"); home && !home->empty())
    return *home + "/.config/redact/credential-key";
  return {};
}

std::optional<credential_key> resolve_credential_key(const credential_key_request& request,
                                                     const env_lookup& env, std::string& error,
                                                     std::string& warning) {
  error.clear();
  warning.clear();
  if (request.env_name) {
    std::optional<std::string> value = env(*request.env_name);
    if (!value || value->empty()) {
      error = "--credential-key-env: environment variable " + *request.env_name +
              " is not set or empty";
      return std::nullopt;
    }
    return make(std::move(*value), "$" + *request.env_name);
  }
  if (request.file) {
    std::string key;
    std::string reason;
    if (!read_or_create(*request.file, key, reason, warning)) {
      error = "--credential-key-file: cannot use '" + *request.file + "': " + reason;
      return std::nullopt;
    }
    return make(std::move(key), *request.file);
  }
  if (std::optional<std::string> value = env(std::string(credential_key_variable));
      value && !value->empty()) {
    return make(std::move(*value), "$" + std::string(credential_key_variable));
  }
  const std::string path = default_credential_key_path(env);
  std::string reason = "neither XDG_CONFIG_HOME nor HOME is set";
  if (!path.empty()) {
    std::string key;
    if (read_or_create(path, key, reason, warning)) return make(std::move(key), path);
  }
  unsigned char bytes[32];
  if (!random_bytes(bytes, sizeof bytes)) {
    error = "cannot make a credential key: " + std::string(std::strerror(errno));
    return std::nullopt;
  }
  warning = "cannot keep a credential key" + (path.empty() ? std::string() : " in '" + path + "'") +
            " (" + reason +
            "): field, basic and url fingerprints of this run use a one-off key and will not "
            "match a baseline (set " +
            std::string(credential_key_variable) + ")";
  return make(to_hex(bytes, sizeof bytes), "a one-off key");
}

}  // namespace redact::cli
