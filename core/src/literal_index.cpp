// The literal index's build (literal_index.hpp): entries, groups by folded
// pair and by folded first byte, and the open-addressing table over pairs.
#include "literal_index.hpp"

#include <algorithm>

namespace redact::detail {

namespace {

bool is_letter(unsigned char c) noexcept { return (c | 0x20u) >= 'a' && (c | 0x20u) <= 'z'; }

literal_entry entry_of(const literal_ref& ref) noexcept {
  literal_entry e;
  e.kind = ref.kind;
  e.index = ref.index;
  for (std::size_t k = 0; k < 8 && k < ref.text.size(); ++k) {
    const auto c = static_cast<unsigned char>(ref.text[k]);
    const std::uint64_t f = ref.ignore_case && is_letter(c) ? 0x20u : 0u;
    e.key |= std::uint64_t{c | 0x20u} << (8 * k);
    e.exact |= std::uint64_t{c | f} << (8 * k);
    e.fold |= f << (8 * k);
    e.mask |= std::uint64_t{0xff} << (8 * k);
  }
  for (std::size_t k = ref.text.size(); k < 8 && k < ref.text.size() + ref.follow; ++k)
    e.follow = static_cast<std::uint8_t>(e.follow | 1u << k);
  return e;
}

bool same_test(const literal_entry& a, const literal_entry& b) noexcept {
  return a.key == b.key && a.mask == b.mask && a.exact == b.exact && a.fold == b.fold &&
         a.follow == b.follow;
}

// Appends one group (in order) to `out`; returns its range.
literal_index::range append_group(std::vector<literal_entry>& out,
                                  const std::vector<literal_entry>& group) {
  const auto begin = static_cast<std::uint32_t>(out.size());
  out.insert(out.end(), group.begin(), group.end());
  for (std::size_t m = out.size() - 1; m > begin; --m)
    if (same_test(out[m - 1], out[m])) out[m - 1].same_after = out[m].same_after + 1;
  return {begin, static_cast<std::uint32_t>(out.size())};
}

}  // namespace

void literal_index::build(const std::vector<literal_ref>& in_order) {
  *this = literal_index{};
  // Entries in precedence order, and which folded first bytes start a
  // one-byte literal.
  std::vector<literal_entry> all;
  std::array<bool, 256> short_first{};
  for (const auto& ref : in_order) {
    if (ref.text.empty()) continue;
    all.push_back(entry_of(ref));
    if (ref.text.size() == 1) short_first[all.back().key & 0xff] = true;
  }
  // Groups by pair (literals of two bytes or more whose first byte starts no
  // one-byte literal) and by first byte, each in precedence order; a
  // one-byte literal's first byte also answers every pair that starts with
  // it.
  std::vector<std::pair<unsigned, range>> slots_wanted;
  auto for_each_group = [&](auto key_of, auto&& emit) {
    std::vector<literal_entry> sorted = all;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [&](const auto& x, const auto& y) { return key_of(x) < key_of(y); });
    for (std::size_t k = 0, e = 0; k < sorted.size(); k = e) {
      while (e < sorted.size() && key_of(sorted[e]) == key_of(sorted[k])) ++e;
      emit(key_of(sorted[k]), std::vector<literal_entry>(sorted.begin() + k, sorted.begin() + e));
    }
  };
  const auto pair_of = [&](const literal_entry& e) {
    const bool by_pair = (e.mask >> 8 & 0xff) != 0 && !short_first[e.key & 0xff];
    return by_pair ? static_cast<unsigned>(e.key & 0xffff) : ~0u;
  };
  for_each_group(pair_of, [&](unsigned pair, const std::vector<literal_entry>& group) {
    if (pair != ~0u) slots_wanted.emplace_back(pair, append_group(entries, group));
  });
  const auto first_of = [](const literal_entry& e) { return static_cast<unsigned>(e.key & 0xff); };
  for_each_group(first_of, [&](unsigned b, const std::vector<literal_entry>& group) {
    first[b] = append_group(entries, group);
    if (short_first[b])
      for (unsigned second = 0x20; second < 0x100; second = (second + 1) | 0x20)
        slots_wanted.emplace_back(b | second << 8, first[b]);
  });
  std::size_t size = 16;
  unsigned bits = 4;
  while (size < 2 * slots_wanted.size()) size *= 2, ++bits;
  slots.assign(size, {});
  shift = 32 - bits;
  for (const auto& [pair, r] : slots_wanted) {
    std::size_t h = (pair * 0x9E3779B1u) >> shift;
    while (slots[h].begin != slots[h].end) h = (h + 1) & (size - 1);
    slots[h] = {pair, r.begin, r.end};
  }
}

}  // namespace redact::detail
