// cli/report.cpp — the --stats summary.
#include "cli/report.hpp"

#include <charconv>
#include <cstddef>

namespace redact::cli {
namespace {

void append_number(std::string& out, std::uint64_t n) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, n);
  (void)ec;
  out.append(digits, end);
}

}  // namespace

void stats_collector::add(const finding& f) {
  const auto kind = static_cast<std::size_t>(f.kind);
  if (kind < finding_kind_count) ++by_kind_[kind];
  std::pair<int, std::string> key(static_cast<int>(f.kind), std::string(f.label));
  auto it = by_label_.find(key);
  if (it != by_label_.end()) {
    ++it->second;
  } else if (by_label_.size() < max_labels) {
    by_label_.emplace(std::move(key), 1);
  } else {
    ++by_label_[{static_cast<int>(f.kind), "(other)"}];
  }
}

std::uint64_t stats_collector::total() const noexcept {
  std::uint64_t sum = 0;
  for (std::uint64_t n : by_kind_) sum += n;
  return sum;
}

std::string stats_collector::render() const {
  // redact: 4711 bytes in 2 streams, 5 findings
  //   token       2     qbt_ 2
  //   field       2     Authorization 1, AUTHORIZATION 1
  // The kind column is as wide as the longest kind name (private_key) + 1.
  std::string out = "redact: ";
  append_number(out, bytes_);
  out += bytes_ == 1 ? " byte in " : " bytes in ";
  append_number(out, streams_);
  out += streams_ == 1 ? " stream, " : " streams, ";
  append_number(out, total());
  out += total() == 1 ? " finding\n" : " findings\n";
  for (std::size_t k = 0; k < finding_kind_count; ++k) {
    const std::string_view name = to_string(static_cast<finding_kind>(k));
    out += "  ";
    out += name;
    out.append(name.size() < 12 ? 12 - name.size() : 1, ' ');
    std::string count;
    append_number(count, by_kind_[k]);
    out += count;
    bool first = true;
    for (const auto& [key, n] : by_label_) {
      if (key.first != static_cast<int>(k)) continue;
      if (first) {
        out.append(count.size() < 6 ? 6 - count.size() : 1, ' ');
      } else {
        out += ", ";
      }
      first = false;
      out += key.second;
      out += ' ';
      append_number(out, n);
    }
    out += '\n';
  }
  return out;
}

}  // namespace redact::cli
