// cli/line_scanner.cpp — findings with their line and allow marker.
#include "cli/line_scanner.hpp"

#include <algorithm>
#include <cstring>

namespace redact::cli {

void allow_tracker::reset() noexcept {
  complete_ = 0;
  current_marked_ = false;
  tail_.clear();
  marked_lines_.clear();
}

void allow_tracker::feed(std::string_view bytes) {
  constexpr std::size_t keep = allow_marker.size() - 1;
  while (!bytes.empty()) {
    const void* lf = std::memchr(bytes.data(), '\n', bytes.size());
    const std::size_t n =
        lf == nullptr ? bytes.size()
                      : static_cast<std::size_t>(static_cast<const char*>(lf) - bytes.data());
    const std::string_view segment = bytes.substr(0, n);
    if (!current_marked_) {
      if (!tail_.empty()) {
        // A marker that starts in the previous piece of this line.
        std::string joined = tail_;
        joined.append(segment.substr(0, keep));
        current_marked_ = joined.find(allow_marker) != std::string::npos;
      }
      if (!current_marked_) {
        current_marked_ = ::memmem(segment.data(), segment.size(), allow_marker.data(),
                                   allow_marker.size()) != nullptr;
      }
      if (!current_marked_ && lf == nullptr) {
        tail_.append(segment.size() >= keep ? segment.substr(segment.size() - keep) : segment);
        if (tail_.size() > keep) tail_.erase(0, tail_.size() - keep);
      }
    }
    if (lf == nullptr) return;
    ++complete_;
    if (current_marked_) marked_lines_.push_back(complete_);
    current_marked_ = false;
    tail_.clear();
    bytes.remove_prefix(n + 1);
  }
}

bool allow_tracker::marked(std::uint64_t line) const noexcept {
  if (line == complete_ + 1) return current_marked_;
  return std::binary_search(marked_lines_.begin(), marked_lines_.end(), line);
}

line_scanner::line_scanner(const policy& pol, callback on_finding)
    : redactor_(pol), on_finding_(std::move(on_finding)) {
  redactor_.set_finding_handler([this](const finding& f) {
    raw_finding r;
    r.kind = f.kind;
    r.label.assign(f.label);
    r.line = f.line;
    r.column = f.column;
    r.fingerprint = f.fingerprint;
    pending_.push_back(std::move(r));
  });
}

void line_scanner::begin() {
  redactor_.reset();
  allow_.reset();
  pending_.clear();
  runs_.clear();
  lines_begun_ = 0;
  last_number_ = 0;
  active_ = true;
}

void line_scanner::begin_line(std::uint64_t number) {
  ++lines_begun_;
  if (runs_.empty() || number != last_number_ + 1) runs_.emplace_back(lines_begun_, number);
  last_number_ = number;
}

void line_scanner::write(std::string_view bytes) {
  allow_.feed(bytes);
  redactor_.write(bytes, discard_);
  if (!pending_.empty()) release(false);
}

void line_scanner::end() {
  if (!active_) return;
  redactor_.finish(discard_);
  release(true);
  active_ = false;
}

std::uint64_t line_scanner::map_line(std::uint64_t stream_line) const noexcept {
  if (runs_.empty()) return stream_line;
  auto it = std::upper_bound(runs_.begin(), runs_.end(), stream_line,
                             [](std::uint64_t l, const std::pair<std::uint64_t, std::uint64_t>& r) {
                               return l < r.first;
                             });
  if (it == runs_.begin()) return stream_line;
  --it;
  return it->second + (stream_line - it->first);
}

// Delivers held findings whose line has ended (all of them at the end).
void line_scanner::release(bool all) {
  std::size_t kept = 0;
  for (std::size_t i = 0; i < pending_.size(); ++i) {
    raw_finding& f = pending_[i];
    if (!all && f.line > allow_.complete_lines()) {
      if (kept != i) pending_[kept] = std::move(f);
      ++kept;
      continue;
    }
    const bool allowed = allow_.marked(f.line);
    const std::uint64_t stream_line = f.line;
    f.line = map_line(stream_line);
    on_finding_(f, allowed);
  }
  pending_.resize(kept);
}

}  // namespace redact::cli
