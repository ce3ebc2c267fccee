#include "libipcutil/list/sort.hpp"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

#include "libipcutil/list/columns.hpp"

namespace ipcutil {
namespace {

// A cell reduced to what sorting compares.  Every cell of one column has
// the same type, or is unset; unset cells go last.
struct SortKey {
    enum Rank { number, text, numbers, texts, unset };
    Rank rank = unset;
    long double value = 0; // exact for every 64-bit integer on the targets we build for
    std::string word;
    std::vector<std::int64_t> values;
    std::vector<std::string> words;
};

SortKey sort_key(const Value& v)
{
    struct Visit {
        SortKey operator()(std::monostate) const { return {}; }
        SortKey operator()(NotApplicable) const { return {}; }
        SortKey operator()(const std::string& s) const { return {SortKey::text, 0, s, {}, {}}; }
        SortKey operator()(std::int64_t n) const { return num(static_cast<long double>(n)); }
        SortKey operator()(std::uint64_t n) const { return num(static_cast<long double>(n)); }
        SortKey operator()(bool b) const { return num(b ? 1 : 0); }
        SortKey operator()(Bytes b) const { return num(static_cast<long double>(b.value)); }
        SortKey operator()(Timestamp t) const { return num(static_cast<long double>(t.value)); }
        SortKey operator()(Permissions p) const { return num(p.value); }
        SortKey operator()(Percent p) const { return num(p.value); }
        // An empty list is an unset cell, as the outputs show it.
        SortKey operator()(const Numbers& n) const
        {
            return n.empty() ? SortKey{} : SortKey{SortKey::numbers, 0, {}, n, {}};
        }
        SortKey operator()(const Strings& s) const
        {
            return s.empty() ? SortKey{} : SortKey{SortKey::texts, 0, {}, {}, s};
        }
        static SortKey num(long double x) { return {SortKey::number, x, {}, {}, {}}; }
    };
    return std::visit(Visit{}, v);
}

bool before(const SortKey& a, const SortKey& b)
{
    if (a.rank != b.rank)
        return a.rank < b.rank;
    switch (a.rank) {
    case SortKey::number: return a.value < b.value;
    case SortKey::text: return a.word < b.word;
    case SortKey::numbers: return a.values < b.values;
    case SortKey::texts: return a.words < b.words;
    case SortKey::unset: break;
    }
    return false;
}

void sort_list(ObjectList& list, const Column& column, Lookup& lookup)
{
    std::vector<SortKey> keys;
    keys.reserve(list.objects.size());
    for (const Object& o : list.objects)
        keys.push_back(sort_key(column.get(o, lookup)));
    std::vector<std::size_t> order(list.objects.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return before(keys[a], keys[b]); });
    std::vector<Object> sorted;
    sorted.reserve(order.size());
    for (std::size_t i : order)
        sorted.push_back(std::move(list.objects[i]));
    list.objects = std::move(sorted);
}

} // namespace

Result<void> validate_sort_column(std::string_view column, std::span<const Kind> kinds)
{
    const auto has = [&](Kind k) { return find_column(k, column) != nullptr; };
    if (std::any_of(kinds.begin(), kinds.end(), has))
        return {};
    if (std::any_of(std::begin(all_kinds), std::end(all_kinds), has))
        return std::unexpected(
            usage_error(fmt::format("column '{}' does not apply to {}", quote(column), kinds_words(kinds))));
    return std::unexpected(usage_error(fmt::format("unknown column: '{}'", quote(column))));
}

bool sort_needs(std::string_view column, unsigned flag)
{
    return std::any_of(std::begin(all_kinds), std::end(all_kinds), [&](Kind k) {
        const Column* c = find_column(k, column);
        return c != nullptr && (c->flags & flag) != 0;
    });
}

bool sort_needs_holders(std::string_view column)
{
    return sort_needs(column, col_holders);
}

void sort_lists(std::string_view column, std::vector<ObjectList>& lists)
{
    if (column.empty())
        return;
    Lookup lookup;
    for (ObjectList& list : lists)
        if (const Column* c = find_column(list.kind, column))
            sort_list(list, *c, lookup);
}

} // namespace ipcutil
