// cli/leak_options.cpp — parsing the leak-scanning options.
#include "cli/leak_options.hpp"

#include <charconv>

namespace redact::cli {

bool apply_leak_option(leak_options& o, std::string_view name, std::string_view value,
                       std::string& error) {
  o.any_given = true;
  const auto need_value = [&]() {
    if (!value.empty()) return true;
    error = "option '" + std::string(name) + "' needs a non-empty value";
    return false;
  };
  if (name == "--git") {
    o.git = true;
  } else if (name == "--staged") {
    o.staged = true;
  } else if (name == "--removed") {
    o.removed = true;
  } else if (name == "--no-summary") {
    o.summary = false;
  } else if (name == "--repo") {
    if (!need_value()) return false;
    o.repo.emplace(value);
  } else if (name == "--baseline") {
    if (!need_value()) return false;
    o.baseline.emplace(value);
  } else if (name == "--write-baseline") {
    if (!need_value()) return false;
    o.write_baseline.emplace(value);
  } else if (name == "--ignore-file") {
    if (!need_value()) return false;
    o.ignore_file.emplace(value);
  } else if (name == "--include" || name == "--exclude") {
    std::string glob_error;
    std::optional<path_glob> glob = path_glob::parse(value, glob_error);
    if (!glob) {
      error = std::string(name) + ": " + glob_error;
      return false;
    }
    (name == "--include" ? o.paths.include : o.paths.exclude).push_back(std::move(*glob));
  } else if (name == "--exit-code") {
    int n = -1;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || end != value.data() + value.size() || n < 0 || n > 255) {
      error = "invalid --exit-code '" + std::string(value) + "' (expected 0 to 255)";
      return false;
    }
    o.exit_code = n;
  } else if (name == "--credential-key-env") {
    if (value.empty() || value.find('=') != std::string_view::npos) {
      error = "option '--credential-key-env' needs an environment variable name";
      return false;
    }
    o.credential_key_env.emplace(value);
  } else if (name == "--credential-key-file") {
    if (!need_value()) return false;
    o.credential_key_file.emplace(value);
  } else {
    error = "unknown option '" + std::string(name) + "'";
    return false;
  }
  return true;
}

std::string finish_leak_options(leak_options& o, std::vector<std::string>& files, bool check) {
  if (o.any_given && !check)
    return "--git, --staged, --baseline and the other scan options need --check";
  if (o.git && o.staged) return "--git and --staged cannot be combined";
  if (o.git) {
    for (const std::string& rev : files) {
      if (rev.empty() || rev.front() == '-') return "--git: '" + rev + "' is not a revision range";
    }
    o.revisions = std::move(files);
    files.clear();
  } else if (o.staged) {
    if (!files.empty()) return "--staged takes no FILE arguments";
  } else if (o.repo) {
    return "--repo needs --git or --staged";
  }
  return {};
}

}  // namespace redact::cli
