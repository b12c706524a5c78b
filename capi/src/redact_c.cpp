// capi/src/redact_c.cpp — the C API (redact.h) over the C++ core.
//
// Every entry point catches everything: no exception crosses into C. The
// handles are plain structs around the C++ objects; a stream owns a copy of
// its policy (which shares the compiled tables), so a policy may be freed
// while streams built from it live on.
#include <cstdlib>
#include <cstring>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "redact.h"
#include "redact/redact.hpp"

static_assert(REDACT_VERSION_MAJOR == 0 && REDACT_VERSION_MINOR == 2 && REDACT_VERSION_PATCH == 0,
              "redact.h and redact/redact.hpp must name the same release");
static_assert(static_cast<int>(redact::finding_kind::private_key) == REDACT_FINDING_PRIVATE_KEY &&
                  redact::finding_kind_count == 10,
              "redact_finding_kind follows redact::finding_kind");

struct redact_options {
  redact::policy_options value;
};

struct redact_policy {
  redact::policy value;
};

struct redact_stream {
  explicit redact_stream(const redact::policy& pol) : redactor(pol) {}
  redact::redactor redactor;
  redact_finding_fn on_finding = nullptr;
  void* finding_user = nullptr;
  std::string message;  // redact_stream_message's result, reused
};

namespace {

// An output that forwards each piece to the C callback (allocates nothing).
class callback_output final : public redact::output {
 public:
  callback_output(redact_output_fn fn, void* user) noexcept : fn_(fn), user_(user) {}
  void write(std::string_view piece) override {
    if (fn_ != nullptr && !piece.empty()) fn_(user_, piece.data(), piece.size());
  }

 private:
  redact_output_fn fn_;
  void* user_;
};

int status_of_current_exception() noexcept {
  try {
    throw;
  } catch (const std::bad_alloc&) {
    return REDACT_ERROR_NO_MEMORY;
  } catch (...) {
    return REDACT_ERROR_INTERNAL;
  }
}

// Runs `fn` on the options, mapping exceptions to status codes.
template <typename Fn>
int edit(redact_options* options, Fn&& fn) noexcept {
  if (options == nullptr) return REDACT_ERROR_INVALID;
  try {
    return std::forward<Fn>(fn)(options->value);
  } catch (...) {
    return status_of_current_exception();
  }
}

void copy_error(char* error, std::size_t error_size, std::string_view message) noexcept {
  if (error == nullptr || error_size == 0) return;
  const std::size_t n = message.size() < error_size - 1 ? message.size() : error_size - 1;
  std::memcpy(error, message.data(), n);
  error[n] = '\0';
}

// The default policy, built once (thread-safe static initialisation).
const redact::policy& default_policy() {
  static const redact::policy pol;
  return pol;
}

const redact::policy& policy_or_default(const redact_policy* policy) {
  return policy != nullptr ? policy->value : default_policy();
}

constexpr std::string_view k_mask = "***";

}  // namespace

extern "C" {

const char* redact_version(void) { return REDACT_VERSION_STRING; }

int redact_version_number(void) { return REDACT_VERSION_NUMBER; }

void redact_free(void* p) { std::free(p); }

// ------------------------------------------------------------------ options

redact_options* redact_options_new(void) { return new (std::nothrow) redact_options(); }

void redact_options_free(redact_options* options) { delete options; }

int redact_options_add_prefix(redact_options* options, const char* prefix) {
  if (prefix == nullptr) return REDACT_ERROR_INVALID;
  return edit(options, [&](redact::policy_options& o) {
    o.prefixes.emplace_back(std::string(prefix));
    return REDACT_OK;
  });
}

int redact_options_add_prefix_rule(redact_options* options, const char* prefix, int alphabet,
                                   size_t min_body, size_t max_body) {
  if (prefix == nullptr) return REDACT_ERROR_INVALID;
  redact::key_alphabet a;
  switch (alphabet) {
    case REDACT_ALPHABET_TOKEN:
      a = redact::key_alphabet::token;
      break;
    case REDACT_ALPHABET_ALNUM:
      a = redact::key_alphabet::alnum;
      break;
    case REDACT_ALPHABET_UPPER:
      a = redact::key_alphabet::upper;
      break;
    default:
      return REDACT_ERROR_INVALID;
  }
  return edit(options, [&](redact::policy_options& o) {
    std::optional<std::size_t> min, max;
    if (min_body != 0) min = min_body;
    if (max_body != 0) max = max_body;
    o.prefixes.emplace_back(std::string(prefix), a, min, max);
    return REDACT_OK;
  });
}

int redact_options_add_field(redact_options* options, const char* name) {
  if (name == nullptr) return REDACT_ERROR_INVALID;
  return edit(options, [&](redact::policy_options& o) {
    o.fields.emplace_back(name);
    return REDACT_OK;
  });
}

int redact_options_set_preset(redact_options* options, int preset) {
  return edit(options, [&](redact::policy_options& o) {
    switch (preset) {
      case REDACT_PRESET_MINIMAL:
        o.preset = redact::field_preset::minimal;
        return REDACT_OK;
      case REDACT_PRESET_DEFAULT:
        o.preset = redact::field_preset::standard;
        return REDACT_OK;
      case REDACT_PRESET_EXTENDED:
        o.preset = redact::field_preset::extended;
        return REDACT_OK;
    }
    return REDACT_ERROR_INVALID;
  });
}

redact_field_preset redact_options_preset(const redact_options* options) {
  const redact::field_preset p =
      options != nullptr ? options->value.preset : redact::policy_options{}.preset;
  switch (p) {
    case redact::field_preset::minimal:
      return REDACT_PRESET_MINIMAL;
    case redact::field_preset::standard:
      return REDACT_PRESET_DEFAULT;
    case redact::field_preset::extended:
      return REDACT_PRESET_EXTENDED;
  }
  return REDACT_PRESET_DEFAULT;
}

int redact_options_set_min_body(redact_options* options, size_t min_body) {
  return edit(options, [&](redact::policy_options& o) {
    o.min_body = min_body;
    return REDACT_OK;
  });
}

size_t redact_options_min_body(const redact_options* options) {
  return options != nullptr ? options->value.min_body : 0;
}

int redact_options_add_allow(redact_options* options, const char* value, size_t size) {
  if (value == nullptr && size != 0) return REDACT_ERROR_INVALID;
  return edit(options, [&](redact::policy_options& o) {
    o.allowlist.emplace_back(value == nullptr ? "" : std::string(value, size));
    return REDACT_OK;
  });
}

int redact_options_add_secret(redact_options* options, const char* label, const char* value,
                              size_t size) {
  if (value == nullptr && size != 0) return REDACT_ERROR_INVALID;
  return edit(options, [&](redact::policy_options& o) {
    o.secrets.push_back({label == nullptr ? std::string() : std::string(label),
                         value == nullptr ? std::string() : std::string(value, size)});
    return REDACT_OK;
  });
}

int redact_options_add_regex(redact_options* options, const char* label, const char* pattern) {
  if (pattern == nullptr) return REDACT_ERROR_INVALID;
  return edit(options, [&](redact::policy_options& o) {
    std::string name = label != nullptr && *label != '\0'
                           ? std::string(label)
                           : "regex#" + std::to_string(o.regexes.size() + 1);
    o.regexes.push_back({std::move(name), std::string(pattern)});
    return REDACT_OK;
  });
}

int redact_options_set_regex_line_window(redact_options* options, size_t bytes) {
  return edit(options, [&](redact::policy_options& o) {
    o.regex_line_window = bytes;
    return REDACT_OK;
  });
}

int redact_options_set_fingerprint_key(redact_options* options, const char* key, size_t size) {
  if (key == nullptr && size != 0) return REDACT_ERROR_INVALID;
  return edit(options, [&](redact::policy_options& o) {
    if (size == 0) {
      o.fingerprint_key.reset();
    } else {
      o.fingerprint_key = std::string(key, size);
    }
    return REDACT_OK;
  });
}

int redact_options_set_credential_fingerprint_key(redact_options* options, const char* key,
                                                  size_t size) {
  if (key == nullptr && size != 0) return REDACT_ERROR_INVALID;
  return edit(options, [&](redact::policy_options& o) {
    if (size == 0) {
      o.credential_fingerprint_key.reset();
    } else {
      o.credential_fingerprint_key = std::string(key, size);
    }
    return REDACT_OK;
  });
}

namespace {
bool* rule_switch(redact::policy_options& o, int rule) noexcept {
  switch (rule) {
    case REDACT_RULE_JWT:
      return &o.jwt;
    case REDACT_RULE_URL:
      return &o.url;
    case REDACT_RULE_ENCODED:
      return &o.encoded;
    case REDACT_RULE_PAIRS:
      return &o.pairs;
    case REDACT_RULE_PRIVATE_KEYS:
      return &o.private_keys;
    case REDACT_RULE_KEY_TABLE:
      return &o.key_table;
    case REDACT_RULE_SECRET_FORMS:
      return &o.secret_forms;
  }
  return nullptr;
}
}  // namespace

int redact_options_set_rule(redact_options* options, int rule, int enabled) {
  return edit(options, [&](redact::policy_options& o) {
    bool* flag = rule_switch(o, rule);
    if (flag == nullptr) return REDACT_ERROR_INVALID;
    *flag = enabled != 0;
    return REDACT_OK;
  });
}

int redact_options_rule(const redact_options* options, int rule) {
  if (options == nullptr) return REDACT_ERROR_INVALID;
  const bool* flag = rule_switch(const_cast<redact::policy_options&>(options->value), rule);
  if (flag == nullptr) return REDACT_ERROR_INVALID;
  return *flag ? 1 : 0;
}

// ------------------------------------------------------------------- policy

redact_policy* redact_policy_new(const redact_options* options, char* error, size_t error_size) {
  copy_error(error, error_size, "");
  try {
    redact::policy pol = options != nullptr ? redact::policy(options->value) : redact::policy();
    if (!pol.ok()) {
      copy_error(error, error_size, pol.error());
      return nullptr;
    }
    return new redact_policy{std::move(pol)};
  } catch (const std::bad_alloc&) {
    copy_error(error, error_size, "out of memory");
  } catch (...) {
    copy_error(error, error_size, "internal error while building the policy");
  }
  return nullptr;
}

void redact_policy_free(redact_policy* policy) { delete policy; }

int redact_policy_might_redact(const redact_policy* policy, const char* data, size_t size) {
  if (policy == nullptr || (data == nullptr && size != 0)) return 1;
  return policy->value.might_redact(std::string_view(data, size)) ? 1 : 0;
}

// ----------------------------------------------------------------- findings

const char* redact_finding_kind_name(int kind) {
  if (static_cast<unsigned>(kind) >= redact::finding_kind_count) return "unknown";
  // to_string returns views of string literals, so data() is NUL-terminated.
  return redact::to_string(static_cast<redact::finding_kind>(kind)).data();
}

// ------------------------------------------------------------------ streams

redact_stream* redact_stream_new(const redact_policy* policy) {
  try {
    return new redact_stream(policy_or_default(policy));
  } catch (...) {
    return nullptr;
  }
}

void redact_stream_free(redact_stream* stream) { delete stream; }

int redact_stream_set_finding_callback(redact_stream* stream, redact_finding_fn callback,
                                       void* user) {
  if (stream == nullptr) return REDACT_ERROR_INVALID;
  try {
    stream->on_finding = callback;
    stream->finding_user = user;
    if (callback == nullptr) {
      stream->redactor.set_finding_handler(nullptr);
    } else {
      // One pointer of capture: std::function stores it without allocating.
      stream->redactor.set_finding_handler([stream](const redact::finding& f) {
        redact_finding c{};
        c.kind = static_cast<redact_finding_kind>(f.kind);
        c.label = f.label.data();
        c.label_size = f.label.size();
        c.line = f.line;
        c.column = f.column;
        std::memcpy(c.fingerprint, f.fingerprint.data(), 8);
        c.fingerprint[8] = '\0';
        stream->on_finding(stream->finding_user, &c);
      });
    }
    return REDACT_OK;
  } catch (...) {
    stream->on_finding = nullptr;
    return status_of_current_exception();
  }
}

int redact_stream_write(redact_stream* stream, const char* data, size_t size, redact_output_fn out,
                        void* user) {
  if (stream == nullptr || (data == nullptr && size != 0)) return REDACT_ERROR_INVALID;
  try {
    callback_output sink(out, user);
    stream->redactor.write(std::string_view(data, size), sink);
    return REDACT_OK;
  } catch (...) {
    stream->redactor.reset();
    return status_of_current_exception();
  }
}

int redact_stream_finish(redact_stream* stream, redact_output_fn out, void* user) {
  if (stream == nullptr) return REDACT_ERROR_INVALID;
  try {
    callback_output sink(out, user);
    stream->redactor.finish(sink);
    return REDACT_OK;
  } catch (...) {
    stream->redactor.reset();
    return status_of_current_exception();
  }
}

int redact_stream_reset(redact_stream* stream) {
  if (stream == nullptr) return REDACT_ERROR_INVALID;
  stream->redactor.reset();
  return REDACT_OK;
}

int redact_stream_message(redact_stream* stream, const char* data, size_t size, const char** out,
                          size_t* out_size) {
  if (stream == nullptr || (data == nullptr && size != 0) || out == nullptr || out_size == nullptr)
    return REDACT_ERROR_INVALID;
  int status = REDACT_OK;
  try {
    stream->redactor.redact_message(std::string_view(data, size), stream->message);
  } catch (...) {
    status = status_of_current_exception();
    // Fail closed: the mask of each line, never the input.
    stream->redactor.reset();
    try {
      stream->message.clear();
      bool open = false;
      for (std::size_t i = 0; i < size; ++i) {
        if (data[i] == '\n') {
          if (open) stream->message += k_mask;
          stream->message += '\n';
          open = false;
        } else {
          open = true;
        }
      }
      if (open) stream->message += k_mask;
    } catch (...) {
      *out = k_mask.data();
      *out_size = k_mask.size();
      return status;
    }
  }
  *out = stream->message.data();
  *out_size = stream->message.size();
  return status;
}

uint64_t redact_stream_count(const redact_stream* stream, int kind) {
  if (stream == nullptr || static_cast<unsigned>(kind) >= redact::finding_kind_count) return 0;
  return stream->redactor.counts()[static_cast<redact::finding_kind>(kind)];
}

uint64_t redact_stream_bytes_in(const redact_stream* stream) {
  return stream != nullptr ? stream->redactor.bytes_in() : 0;
}

// ----------------------------------------------------------------- one shot

char* redact_string(const redact_policy* policy, const char* data, size_t size, size_t* out_size) {
  if (data == nullptr && size != 0) return nullptr;
  try {
    const redact::policy& pol = policy_or_default(policy);
    const std::string_view in(data == nullptr ? "" : data, size);
    std::string redacted;
    std::string_view result = in;  // the usual clean message is copied once
    if (pol.might_redact(in)) {
      redacted = redact::redact(in, pol);
      result = redacted;
    }
    char* copy = static_cast<char*>(std::malloc(result.size() + 1));
    if (copy == nullptr) return nullptr;
    std::memcpy(copy, result.data(), result.size());
    copy[result.size()] = '\0';
    if (out_size != nullptr) *out_size = result.size();
    return copy;
  } catch (...) {
    return nullptr;
  }
}

}  // extern "C"
