// Rule R: custom RE2 patterns, applied line by line to what Rules S, H, B and
// T produced (SPEC Rule R). Lines are buffered in a window allocated once;
// a line longer than the window is matched window by window (docs/rules.md).
#include "regex_stage.hpp"

#include <cstring>

namespace redact::detail {

regex_stage::regex_stage(const compiled_policy& cp, reporter& rep)
    : cp_(cp),
      rep_(rep),
      fp_(&cp.fp_key),
      cap_(cp.regex_window),
      buf_(std::make_unique<char[]>(cp.regex_window)) {}

void regex_stage::reset() noexcept {
  len_ = 0;
  line_no_ = 1;
  col_base_ = 0;
}

void regex_stage::write(std::string_view piece) {
  while (!piece.empty()) {
    std::size_t brk = 0;
    while (brk < piece.size() && piece[brk] != '\n' && piece[brk] != '\r') ++brk;
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
        fp_.begin();
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
