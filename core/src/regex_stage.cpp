// Rule R: custom RE2 patterns, applied line by line to what Rules S, H, B and
// T produced (SPEC Rule R). Lines are buffered in a window allocated once;
// a line longer than the window is matched window by window (docs/rules.md).
#include "regex_stage.hpp"

#include <algorithm>
#include <cstring>

namespace redact::detail {

regex_stage::regex_stage(const compiled_policy& cp, reporter& rep)
    : cp_(cp), rep_(rep), cap_(cp.regex_window), buf_(std::make_unique<char[]>(cp.regex_window)) {}

void regex_stage::reset() noexcept {
  len_ = 0;
  line_no_ = 1;
  col_base_ = 0;
}

std::string regex_label(const regex_rule& rule, std::size_t index) {
  return rule.label.empty() ? "regex#" + std::to_string(index + 1) : rule.label;
}

namespace {

// Batches (regex_stage.hpp) need `^`/`$` at line boundaries: every pattern in
// multi-line mode. Patterns with text anchors (\A, \z) or that could turn
// multi-line mode off are matched line by line only.
bool batchable(const std::string& p) {
  if (p.find("\\A") != std::string::npos || p.find("\\z") != std::string::npos) return false;
  for (std::size_t g = p.find("(?"); g != std::string::npos; g = p.find("(?", g + 2)) {
    const std::size_t e = p.find_first_of(":)", g + 2);
    const std::string_view flags(p.data() + g + 2, (e == std::string::npos ? p.size() : e) - g - 2);
    if (flags.find('-') != std::string_view::npos) return false;
  }
  return true;
}

// Literal starts: every match of a pattern lies between the strings
// PossibleMatchRange returns, so it starts with their common prefix. Builds
// the literal filter when every pattern has one of 2+ bytes.
void build_literal_filter(compiled_policy& cp) {
  std::vector<std::string> starts;
  for (const auto& re : cp.regexes) {
    std::string lo, hi;
    std::size_t k = 0;
    if (re->PossibleMatchRange(&lo, &hi, 16))
      while (k < lo.size() && k < hi.size() && lo[k] == hi[k]) ++k;
    if (k < 2) return;
    starts.push_back(lo.substr(0, k));
  }
  cp.regex_literals.build(std::move(starts));
  cp.regex_literal_filter = true;
}

}  // namespace

std::string build_rule_r(compiled_policy& cp, const policy_options& o) {
  if (o.regexes.empty()) return {};
  RE2::Options ro;
  ro.set_log_errors(false);
  ro.set_never_nl(true);
  cp.regex_set = std::make_unique<RE2::Set>(ro, RE2::UNANCHORED);
  for (std::size_t i = 0; i < o.regexes.size(); ++i) {
    const auto& r = o.regexes[i];
    const std::string label = regex_label(r, i);
    auto re = std::make_unique<RE2>(r.pattern, ro);
    if (!re->ok()) return "invalid regex " + label + ": " + re->error();
    std::string set_error;
    if (cp.regex_set->Add(r.pattern, &set_error) < 0)
      return "invalid regex " + label + ": " + set_error;
    cp.regexes.push_back(std::move(re));
    cp.regex_labels.push_back(label);
  }
  if (!cp.regex_set->Compile()) return "regex set too large to compile";
  auto batch = std::make_unique<RE2::Set>(ro, RE2::UNANCHORED);
  bool ok = true;
  for (const auto& r : o.regexes) {
    std::string err;
    ok = ok && batchable(r.pattern) && batch->Add("(?m:" + r.pattern + ")", &err) >= 0;
  }
  if (ok && batch->Compile()) {
    cp.regex_batch_set = std::move(batch);
    build_literal_filter(cp);
  }
  cp.regex_window = o.regex_line_window;
  return {};
}

namespace {

// The first CR or LF in [p, p + n), or n.
std::size_t next_break(const char* p, std::size_t n) noexcept {
  const void* lf = std::memchr(p, '\n', n);
  const std::size_t end = lf ? static_cast<std::size_t>(static_cast<const char*>(lf) - p) : n;
  const void* cr = std::memchr(p, '\r', end);
  return cr ? static_cast<std::size_t>(static_cast<const char*>(cr) - p) : end;
}

}  // namespace

void regex_stage::write(std::string_view piece) {
  while (!piece.empty()) {
    if (len_ > 0 && cp_.regex_batch_set) {
      // Finish the buffered line first, then batch what follows.
      const std::size_t brk = next_break(piece.data(), piece.size());
      if (brk == piece.size()) return write_lines(piece);
      write_lines(piece.substr(0, brk + 1));
      piece.remove_prefix(brk + 1);
      continue;
    }
    // Complete lines with no partial line before them: test them all at once
    // (regex_stage.hpp, batches).
    if (cp_.regex_batch_set) {
      const std::size_t last = piece.rfind('\n');
      if (last != std::string_view::npos && last + 1 >= k_min_batch) {
        const std::string_view lines = piece.substr(0, std::min(last + 1, cap_));
        const std::size_t cut = lines.rfind('\n') + 1;  // 0: the first line exceeds the window
        if (cut > 0) {
          write_batch(piece.substr(0, cut));
          piece.remove_prefix(cut);
          continue;
        }
      }
    }
    write_lines(piece);
    return;
  }
}

// Lines that end in LF, none longer than the window, nothing buffered.
// With literal starts known, only the lines holding one of the literals (one
// SIMD prefilter pass, then an exact compare) are matched, line by line; the
// others cannot match and go out as they are. Otherwise a batch set that does
// not match the lines proves none of them matches; if it does, the batch is
// split at a LF near its middle until the parts are small, and those are
// matched line by line.
void regex_stage::write_batch(std::string_view lines) {
  if (lines.size() < k_min_batch) return write_lines(lines);
  if (cp_.regex_literal_filter) {
    // CRs may stay: the LF-delimited span around a literal is matched line by
    // line (CR and LF breaks), and a span without a literal cannot match.
    std::size_t done = 0;
    for (std::size_t i = cp_.regex_literals.find(cp_.find, lines, 0); i < lines.size();
         i = cp_.regex_literals.find(cp_.find, lines, done)) {
      const std::size_t lf = lines.rfind('\n', i);  // literals hold no LF
      const std::size_t start = lf == std::string_view::npos ? 0 : lf + 1;
      const std::size_t end = lines.find('\n', i) + 1;  // the batch ends with a LF
      write_through(lines.substr(done, start - done));
      write_lines(lines.substr(start, end - start));
      done = end;
    }
    return write_through(lines.substr(done));
  }
  // The set's `$` does not stop before a CR, which ends a line here.
  if (lines.find('\r') != std::string_view::npos) return write_lines(lines);
  if (!cp_.regex_batch_set->Match(re2::StringPiece(lines.data(), lines.size()), nullptr))
    return write_through(lines);
  const std::size_t mid = lines.rfind('\n', lines.size() / 2);
  if (mid == std::string_view::npos || mid + 1 >= lines.size()) return write_lines(lines);
  write_batch(lines.substr(0, mid + 1));
  write_batch(lines.substr(mid + 1));
}

// Complete lines no pattern matches.
void regex_stage::write_through(std::string_view lines) {
  if (lines.empty()) return;
  out_->write(lines);
  if (rep_.wants_positions())
    line_no_ += static_cast<std::uint64_t>(std::count(lines.begin(), lines.end(), '\n'));
  col_base_ = 0;
}

// Line by line: buffer up to a break, match, write the break.
void regex_stage::write_lines(std::string_view piece) {
  while (!piece.empty()) {
    const std::size_t brk = next_break(piece.data(), piece.size());
    std::string_view body = piece.substr(0, brk);
    while (!body.empty()) {
      const std::size_t take = std::min(body.size(), cap_ - len_);
      std::memcpy(buf_.get() + len_, body.data(), take);
      len_ += take;
      body.remove_prefix(take);
      if (len_ == cap_) process();  // window full: match what we have
    }
    if (brk == piece.size()) return;
    process();
    out_->write(piece.substr(brk, 1));
    if (piece[brk] == '\n') {
      ++line_no_;
      col_base_ = 0;
    } else {
      col_base_ += 1;
    }
    piece.remove_prefix(brk + 1);
  }
}

void regex_stage::finish() { process(); }

// Matches the buffered segment, writes it out with matches masked.
void regex_stage::process() {
  const std::string_view text(buf_.get(), len_);
  std::size_t emitted = 0;
  if (len_ > 0 && cp_.regex_set->Match(re2::StringPiece(text.data(), text.size()), nullptr)) {
    std::size_t p = 0;
    while (p <= len_) {
      // Leftmost masked region over all patterns (ties: first pattern).
      std::size_t best = cp_.regexes.size(), bs = 0, be = 0, bme = 0;
      for (std::size_t r = 0; r < cp_.regexes.size(); ++r) {
        const RE2& re = *cp_.regexes[r];
        re2::StringPiece m[2];
        const int groups = re.NumberOfCapturingGroups() > 0 ? 2 : 1;
        if (!re.Match(re2::StringPiece(text.data(), text.size()), p, len_, RE2::UNANCHORED, m,
                      groups))
          continue;
        const re2::StringPiece region = (groups == 2 && m[1].data() != nullptr) ? m[1] : m[0];
        const std::size_t s = static_cast<std::size_t>(region.data() - text.data());
        if (best == cp_.regexes.size() || s < bs) {
          best = r;
          bs = s;
          be = s + region.size();
          bme = static_cast<std::size_t>(m[0].data() - text.data()) + m[0].size();
        }
      }
      if (best == cp_.regexes.size()) break;
      if (be > bs && bs >= emitted && text.substr(bs, be - bs) != "***") {
        out_->write(text.substr(emitted, bs - emitted));
        out_->write("***");
        fp_.begin(true, cp_.key_for(finding_kind::regex));
        fp_.update(text.data() + bs, be - bs);
        const std::string& label = cp_.regex_labels[best];
        rep_.report(finding_kind::regex, label, line_no_, col_base_ + bs + 1, fp_.finish());
        emitted = be;
      }
      p = std::max({bme, be, p + 1});
    }
  }
  out_->write(text.substr(emitted));
  col_base_ += len_;
  len_ = 0;
}

}  // namespace redact::detail
