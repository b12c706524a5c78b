// cli/baseline.cpp — reading and writing baselines.
#include "cli/baseline.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <tuple>
#include <utility>
#include <vector>

#include "cli/ignore_rules.hpp"

namespace redact::cli {
namespace {

using json = nlohmann::ordered_json;

bool known_kind(std::string_view name) {
  for (std::size_t k = 0; k < finding_kind_count; ++k) {
    if (to_string(static_cast<finding_kind>(k)) == name) return true;
  }
  return false;
}

std::string entry_key(std::string_view kind, std::string_view fingerprint, std::string_view path,
                      bool commit_message) {
  std::string key(kind);
  key += ':';
  key += fingerprint;
  key += ':';
  if (commit_message) {
    key += "(commit message)";
  } else {
    key += path;
  }
  return key;
}

}  // namespace

std::optional<baseline> baseline::parse(std::string_view text, std::string_view source,
                                        std::string& error) {
  const std::string where = "baseline '" + std::string(source) + "'";
  json doc = json::parse(text.begin(), text.end(), nullptr, false);
  if (doc.is_discarded()) {
    error = where + " is not valid JSON";
    return std::nullopt;
  }
  if (!doc.is_object() || !doc.contains("redact_baseline") || doc["redact_baseline"] != json(1) ||
      !doc.contains("findings") || !doc["findings"].is_array()) {
    error = where +
            " is not a redact baseline (expected {\"redact_baseline\": 1, \"findings\": [...]})";
    return std::nullopt;
  }
  baseline b;
  if (doc.contains("key_id") && doc["key_id"].is_string()) {
    b.key_id_ = doc["key_id"].get<std::string>();
  }
  std::size_t index = 0;
  for (const json& e : doc["findings"]) {
    ++index;
    const auto bad = [&](std::string_view what) {
      error = where + ": entry " + std::to_string(index) + " " + std::string(what);
      return std::nullopt;
    };
    if (!e.is_object()) return bad("is not an object");
    if (!e.contains("kind") || !e["kind"].is_string() || !known_kind(e["kind"].get<std::string>()))
      return bad("has no valid \"kind\"");
    if (!e.contains("fingerprint") || !e["fingerprint"].is_string() ||
        !is_fingerprint_text(e["fingerprint"].get<std::string>()))
      return bad("has no valid \"fingerprint\"");
    const bool commit_message = e.contains("where") && e["where"] == json("commit_message");
    std::string path;
    if (!commit_message) {
      if (!e.contains("path") || !e["path"].is_string()) return bad("has no \"path\"");
      path = e["path"].get<std::string>();
    }
    const std::string fingerprint = e["fingerprint"].get<std::string>();
    if (fingerprint.starts_with("hmac-")) ++b.keyed_;
    b.keys_.insert(entry_key(e["kind"].get<std::string>(), fingerprint, path, commit_message));
  }
  return b;
}

bool baseline::contains(const located_finding& f) const {
  return keys_.find(finding_key(f)) != keys_.end();
}

void baseline_writer::add(const located_finding& f) {
  std::string key = finding_key(f);
  if (entries_.find(key) != entries_.end()) return;
  entry e;
  e.kind.assign(to_string(f.kind));
  e.fingerprint.assign(f.fingerprint);
  e.commit_message = f.area == finding_area::commit_message;
  if (!e.commit_message) e.path.assign(f.path);
  e.label.assign(f.label);
  if (f.commit != nullptr) e.commit = f.commit->id;
  e.line = f.line;
  entries_.emplace(std::move(key), std::move(e));
}

std::string baseline_writer::render(std::string_view key_id) const {
  std::vector<const entry*> sorted;
  sorted.reserve(entries_.size());
  for (const auto& [key, e] : entries_) sorted.push_back(&e);
  std::stable_sort(sorted.begin(), sorted.end(), [](const entry* a, const entry* b) {
    return std::tie(a->commit_message, a->path, a->kind, a->fingerprint) <
           std::tie(b->commit_message, b->path, b->kind, b->fingerprint);
  });
  json findings = json::array();
  for (const entry* e : sorted) {
    json j;
    j["kind"] = e->kind;
    j["fingerprint"] = e->fingerprint;
    if (e->commit_message) {
      j["where"] = "commit_message";
    } else {
      j["path"] = e->path;
    }
    j["label"] = e->label;
    if (!e->commit.empty()) j["commit"] = e->commit;
    if (e->line > 0) j["line"] = e->line;
    findings.push_back(std::move(j));
  }
  json doc;
  doc["redact_baseline"] = 1;
  if (!key_id.empty()) doc["key_id"] = key_id;
  doc["findings"] = std::move(findings);
  std::string text = doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  text += '\n';
  return text;
}

}  // namespace redact::cli
