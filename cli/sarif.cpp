// cli/sarif.cpp — SARIF 2.1.0 log of the findings.
#include "cli/sarif.hpp"

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "redact/redact.hpp"

namespace redact::cli {
namespace {

using json = nlohmann::ordered_json;

struct rule_text {
  finding_kind kind;
  std::string_view name;
  std::string_view short_text;
  std::string_view full_text;
};

// One rule per finding kind, in finding_kind order (ruleIndex == kind).
constexpr rule_text rules[] = {
    {finding_kind::token, "PrefixedKey", "API key with a known prefix",
     "A key that starts with a configured prefix (qbt_, --prefix rules, the vendor key table)."},
    {finding_kind::field, "CredentialField", "Credential field value",
     "The value of a credential field such as Authorization, X-Api-Key or password, in any "
     "quoting or escaping."},
    {finding_kind::bearer, "BearerToken", "Bearer token", "A bare Bearer credential."},
    {finding_kind::basic, "BasicCredential", "Basic credential",
     "A bare HTTP Basic credential (base64 of user:password)."},
    {finding_kind::secret, "ExactSecret", "Exact secret",
     "The exact value of a secret named with --secret-env, or one of its encoded forms."},
    {finding_kind::regex, "CustomPattern", "Custom pattern", "A match of a --regex rule."},
    {finding_kind::jwt, "JsonWebToken", "JSON Web Token", "A JSON Web Token."},
    {finding_kind::url, "UrlPassword", "Password in a URL",
     "The password of a URL's user information (scheme://user:password@host)."},
    {finding_kind::encoded, "EncodedKey", "Key hidden in base64",
     "A prefixed key found by decoding base64 text."},
    {finding_kind::private_key, "PrivateKey", "Private key block",
     "The body of a PEM or OpenSSH private-key block."},
};
static_assert(std::size(rules) == finding_kind_count, "one SARIF rule per finding kind");

constexpr std::string_view help_text =
    "Treat the credential as leaked and rotate it: a commit, a CI log or a report that held "
    "it may have been copied. The fingerprint tells which credential it is: for keys, tokens, "
    "JWTs, exact secrets, encoded and private keys it is the first 8 hex digits of SHA-256 "
    "(printf %s \"$KEY\" | sha256sum | cut -c1-8); for fields, Basic credentials and URL "
    "passwords it is keyed (hmac-sha256) so that a weak password cannot be guessed from it.";

// A relative URI reference for a path: bytes outside RFC 3986's unreserved,
// sub-delims, ':', '@' and '/' are percent-encoded.
std::string path_uri(std::string_view path) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string uri;
  uri.reserve(path.size());
  for (char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    const bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.' || c == '_' || c == '~' || c == '!' || c == '$' ||
                      c == '&' || c == '\'' || c == '(' || c == ')' || c == '*' || c == '+' ||
                      c == ',' || c == ';' || c == '=' || c == ':' || c == '@' || c == '/';
    if (keep) {
      uri += static_cast<char>(c);
    } else {
      uri += '%';
      uri += hex[c >> 4];
      uri += hex[c & 0xf];
    }
  }
  return uri;
}

std::string result_message(const located_finding& f) {
  const rule_text& r = rules[static_cast<std::size_t>(f.kind)];
  std::string text(r.short_text);
  text += " (";
  text += f.label;
  text += ", fingerprint ";
  text += f.fingerprint;
  text += ")";
  switch (f.area) {
    case finding_area::file_name:
      text += " in the file name";
      break;
    case finding_area::commit_message:
      text += " in the commit message";
      break;
    case finding_area::content:
    case finding_area::other:
      break;
  }
  if (f.staged) {
    text += ", staged for commit";
  } else if (f.commit != nullptr) {
    text += f.change == line_change::removed ? ", removed in commit " : ", added in commit ";
    text += f.commit->id.substr(0, 12);
    text += " by ";
    text += f.commit->author;
  }
  text += ".";
  return text;
}

class sarif_reporter final : public finding_reporter {
 public:
  sarif_reporter(output& out, report_context context)
      : out_(out), context_(std::move(context)), results_(json::array()) {}

  void report(const located_finding& f) override {
    json result;
    result["ruleId"] = sarif_rule_id(f.kind);
    result["ruleIndex"] = static_cast<std::size_t>(f.kind);
    result["level"] = "error";
    result["message"] = {{"text", result_message(f)}};
    json location;
    if (f.area == finding_area::commit_message) {
      json logical;
      logical["name"] = f.commit != nullptr ? f.commit->id : std::string();
      logical["kind"] = "commit";
      location["logicalLocations"] = json::array({logical});
      location["message"] = {{"text", "commit message, line " + std::to_string(f.line) +
                                          ", column " + std::to_string(f.column)}};
    } else {
      json physical;
      physical["artifactLocation"] = {{"uri", path_uri(f.path)}};
      if (f.area == finding_area::file_name) {
        location["message"] = {{"text", "file name, column " + std::to_string(f.column)}};
      } else {
        physical["region"] = {{"startLine", f.line}, {"startColumn", f.column}};
      }
      location["physicalLocation"] = std::move(physical);
    }
    result["locations"] = json::array({std::move(location)});
    result["partialFingerprints"] = {{"redact/v1", finding_key(f)}};
    json props;
    props["kind"] = to_string(f.kind);
    props["label"] = f.label;
    props["fingerprint"] = f.fingerprint;
    if (f.area != finding_area::content) {
      props["where"] = f.area == finding_area::file_name        ? "file_name"
                       : f.area == finding_area::commit_message ? "commit_message"
                                                                : "other";
    }
    if (f.change != line_change::none)
      props["change"] = f.change == line_change::added ? "added" : "removed";
    if (f.staged) props["staged"] = true;
    if (f.commit != nullptr) {
      props["commit"] = f.commit->id;
      props["author"] = f.commit->author;
      props["date"] = f.commit->date;
    }
    result["properties"] = std::move(props);
    results_.push_back(std::move(result));
  }

  void finish(const scan_summary& s) override {
    json driver;
    driver["name"] = "redact";
    driver["version"] = REDACT_VERSION_STRING;
    driver["semanticVersion"] = REDACT_VERSION_STRING;
    json rule_list = json::array();
    for (const rule_text& r : rules) {
      json rule;
      rule["id"] = sarif_rule_id(r.kind);
      rule["name"] = r.name;
      rule["shortDescription"] = {{"text", r.short_text}};
      rule["fullDescription"] = {{"text", r.full_text}};
      rule["help"] = {{"text", help_text}};
      rule["defaultConfiguration"] = {{"level", "error"}};
      rule["properties"] = {{"kind", to_string(r.kind)}, {"tags", json::array({"security"})}};
      rule_list.push_back(std::move(rule));
    }
    driver["rules"] = std::move(rule_list);

    json summary;
    json by_kind = json::object();
    for (std::size_t k = 0; k < finding_kind_count; ++k)
      by_kind[std::string(to_string(static_cast<finding_kind>(k)))] = s.reported[k];
    summary["findings"] = s.total();
    summary["byKind"] = std::move(by_kind);
    summary["suppressed"] = {{"baseline", s.suppressed_baseline},
                             {"redactignore", s.suppressed_ignore},
                             {"allowMarker", s.suppressed_allow}};
    if (s.history) summary["commits"] = s.commits;
    summary["files"] = s.files;
    summary["bytes"] = s.bytes;
    summary["seconds"] = s.seconds;

    json run;
    run["tool"] = {{"driver", std::move(driver)}};
    run["invocations"] = json::array({{{"executionSuccessful", !s.errors}}});
    run["results"] = std::move(results_);
    json props;
    props["source"] = context_.source;
    props["fingerprintKeying"] = context_.keying;
    if (!context_.key_id.empty()) props["keyId"] = context_.key_id;
    props["summary"] = std::move(summary);
    run["properties"] = std::move(props);

    json log;
    log["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
    log["version"] = "2.1.0";
    log["runs"] = json::array({std::move(run)});
    std::string text = log.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    text += '\n';
    out_.write(text);
  }

 private:
  output& out_;
  report_context context_;
  json results_;
};

}  // namespace

std::string sarif_rule_id(finding_kind kind) {
  std::string id = "redact.";
  id += to_string(kind);
  return id;
}

std::unique_ptr<finding_reporter> make_sarif_reporter(output& out, report_context context) {
  return std::make_unique<sarif_reporter>(out, std::move(context));
}

}  // namespace redact::cli
