#include "libipcutil/list/audit.hpp"

#include <unistd.h>

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

#include "libipcutil/kernel/fifos.hpp"
#include "libipcutil/list/columns.hpp"

namespace ipcutil {
namespace {

bool holder_column(const Column* c)
{
    return c != nullptr && (c->flags & col_holders) != 0;
}

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

void sort_section(TableSection& s, const Column& column, Lookup& lookup)
{
    std::vector<SortKey> keys;
    keys.reserve(s.objects.size());
    for (const Object& o : s.objects)
        keys.push_back(sort_key(column.get(o, lookup)));
    std::vector<std::size_t> order(s.objects.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return before(keys[a], keys[b]); });
    std::vector<Object> sorted;
    sorted.reserve(order.size());
    for (std::size_t i : order)
        sorted.push_back(std::move(s.objects[i]));
    s.objects = std::move(sorted);
}

std::string kinds_words(std::span<const Kind> kinds)
{
    std::string s;
    for (std::size_t i = 0; i < kinds.size(); ++i) {
        if (i > 0)
            s += i + 1 == kinds.size() ? " or " : ", ";
        s += kind_words(kinds[i]);
    }
    return s;
}

} // namespace

bool ListingFilter::needs_holders() const
{
    if (orphans)
        return true;
    if (sort.empty())
        return false;
    return std::any_of(std::begin(all_kinds), std::end(all_kinds),
                       [&](Kind k) { return holder_column(find_column(k, sort)); });
}

std::uint64_t object_bytes(const Object& o)
{
    switch (o.kind) {
    case Kind::sysv_shm:
    case Kind::sysv_msg:
    case Kind::posix_shm:
    case Kind::posix_mq: return o.size;
    default: return 0;
    }
}

std::optional<std::chrono::seconds> object_age(const Object& o, std::time_t now)
{
    if (!o.ctime)
        return std::nullopt;
    return std::chrono::seconds(now - *o.ctime);
}

bool keeps(const ListingFilter& f, const Object& o)
{
    if (f.owner && o.uid != *f.owner)
        return false;
    if (f.min_size && object_bytes(o) < *f.min_size)
        return false;
    if (f.older_than) {
        // An object with no change time shows no age: it is not "older".
        // Exactly as old counts (so --older-than 0 keeps every dated object).
        const auto age = object_age(o, f.now != 0 ? f.now : f.policy.now);
        if (!age || *age < *f.older_than)
            return false;
    }
    if (f.orphans && !is_orphan(o, f.policy))
        return false;
    return true;
}

Result<void> validate_sort_column(std::string_view column, std::span<const Kind> kinds)
{
    if (column.empty())
        return std::unexpected(usage_error("no column name given"));
    const auto has = [&](Kind k) { return find_column(k, column) != nullptr; };
    if (std::any_of(kinds.begin(), kinds.end(), has))
        return {};
    if (std::any_of(std::begin(all_kinds), std::end(all_kinds), has))
        return std::unexpected(
            usage_error(fmt::format("column '{}' does not apply to {}", quote(column), kinds_words(kinds))));
    return std::unexpected(usage_error(fmt::format("unknown column: '{}'", quote(column))));
}

void apply_filter(const ListingFilter& f, std::vector<TableSection>& sections)
{
    Lookup lookup;
    for (TableSection& s : sections) {
        std::erase_if(s.objects, [&](const Object& o) { return !keeps(f, o); });
        if (f.sort.empty())
            continue;
        if (const Column* c = find_column(s.kind, f.sort))
            sort_section(s, *c, lookup);
    }
}

Result<AttributionStats> fill_holders(std::vector<TableSection>& sections)
{
    std::vector<Object*> all;
    TableSection* fifos = nullptr;
    for (TableSection& s : sections) {
        if (s.kind == Kind::fifo) {
            fifos = &s; // found by this same pass, with their holders
            continue;
        }
        for (Object& o : s.objects)
            all.push_back(&o);
    }
    std::vector<FifoSighting> sightings;
    AttributionOptions options;
    if (fifos != nullptr)
        options.fifos = &sightings;
    auto stats = attribute_holders(std::span<Object* const>(all), options);
    if (stats && fifos != nullptr)
        fifos->objects = group_fifos(sightings);
    return stats;
}

std::optional<std::string> attribution_warning(const AttributionStats& stats)
{
    const ProcSight& sight = stats.sight;
    if (!stats.partial() || (::geteuid() == 0 && sight.for_want_of_privilege() && sight.hidden_by.empty()))
        return std::nullopt;
    return partial_attribution_note(stats);
}

std::optional<std::string> orphan_sight_warning(const ListingFilter& f, const std::vector<TableSection>& sections)
{
    if (!f.orphans || (f.policy.sight && f.policy.sight->full()))
        return std::nullopt;
    for (const TableSection& s : sections)
        for (const Object& o : s.objects)
            if (!is_sysv(o.kind) && classify_orphan(o, f.policy) == Verdict::unprovable)
                return fmt::format("POSIX objects no process was seen to hold are not listed as orphans: {}",
                                   f.policy.sight ? f.policy.sight->why() : "no /proc pass was made");
    return std::nullopt;
}

} // namespace ipcutil
