// cli/baseline.hpp — baselines of known findings (`--baseline FILE`,
// `--write-baseline FILE`).
//
//   {
//     "redact_baseline": 1,
//     "key_id": "5c1f0e2a",
//     "findings": [
//       {"kind": "token", "fingerprint": "sha256:1f2e3d4c", "path": "src/app.py",
//        "label": "qbt_", "commit": "0a1b2c...", "line": 12}
//     ]
//   }
//
// An entry matches a finding of the same kind and fingerprint in the same
// file (or, with "where": "commit_message", in a commit message); the line,
// commit and label are for the reader only, so moving a line, rebasing or
// re-indenting keeps a finding known. No entry holds secret bytes: a
// fingerprint of a key is 8 hex digits of its SHA-256, and those of fields,
// Basic credentials and URL passwords are keyed (docs/redact.md). "key_id"
// identifies the key the keyed entries were made with, so that a scan with
// another key can say why they no longer match.
//
//   std::string error;
//   auto known = redact::cli::baseline::parse(text, "baseline.json", error);
//   if (known && known->contains(finding)) { /* suppressed */ }
//
//   redact::cli::baseline_writer writer;
//   writer.add(finding);                       // for each reported finding
//   std::string json = writer.render(key_id);  // entries sorted, one per key
//
// Allocates; throws only std::bad_alloc. Parse errors never quote the file.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "cli/leak_report.hpp"

namespace redact::cli {

class baseline {
 public:
  /// Parses a baseline's JSON text; `source` names it in errors.
  static std::optional<baseline> parse(std::string_view text, std::string_view source,
                                       std::string& error);

  /// True when an entry has the finding's key (finding_key()).
  bool contains(const located_finding& f) const;
  std::size_t size() const noexcept { return keys_.size(); }
  /// The key_id the baseline was written with ("" if none).
  const std::string& key_id() const noexcept { return key_id_; }
  /// Entries whose fingerprint is keyed (hmac-sha256:).
  std::size_t keyed_entries() const noexcept { return keyed_; }

 private:
  std::set<std::string, std::less<>> keys_;
  std::string key_id_;
  std::size_t keyed_ = 0;
};

class baseline_writer {
 public:
  /// Records `f` (the first finding of each key is kept).
  void add(const located_finding& f);
  std::size_t size() const noexcept { return entries_.size(); }
  /// The baseline's JSON text, entries sorted by path, kind and fingerprint,
  /// ending in a newline.
  std::string render(std::string_view key_id) const;

 private:
  struct entry {
    std::string kind;
    std::string fingerprint;
    std::string path;
    bool commit_message = false;
    std::string label;
    std::string commit;
    std::uint64_t line = 0;
  };
  std::map<std::string, entry, std::less<>> entries_;  // by finding_key
};

}  // namespace redact::cli
