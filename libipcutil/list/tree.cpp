#include "libipcutil/list/tree.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "libipcutil/core/format.hpp"
#include "libipcutil/core/parse.hpp"
#include "libipcutil/list/filter.hpp"
#include "libipcutil/list/smartcols.hpp"

namespace ipcutil {
namespace {

struct TreeRow {
    std::string name;
    std::uint64_t bytes = 0;
    std::size_t holders = 0;
    std::size_t parent = no_parent;
};

struct Group {
    std::string unit;
    std::vector<const Object*> objects;
    std::uint64_t bytes = 0;
    std::set<pid_t> holders;
};

void count(const Object& o, std::uint64_t& bytes, std::set<pid_t>& holders)
{
    bytes += object_bytes(o);
    for (const Holder& h : o.holders)
        holders.insert(h.pid);
}

} // namespace

std::string tree_title(const Object& o)
{
    if (is_sysv(o.kind))
        return fmt::format("{} {} (id {})", kind_words(o.kind), format_key(o.key), o.id);
    if (o.kind == Kind::fifo)
        return fmt::format("{} {}", kind_words(o.kind), o.path);
    return fmt::format("{} /{}", kind_words(o.kind), o.name);
}

Result<std::string> format_tree(const TreeRequest& request, const std::vector<ObjectList>& lists,
                                const std::vector<IpcNamespace>& namespaces)
{
    std::vector<TreeRow> rows;
    for (const IpcNamespace& ns : namespaces) {
        std::vector<Group> groups;
        std::uint64_t bytes = 0;
        std::set<pid_t> holders;
        for (const ObjectList& list : lists)
            for (const Object& o : list.objects) {
                // A FIFO is in no namespace: it goes with the first.
                if (o.ns != ns.inode && !(o.ns == 0 && &ns == &namespaces.front()))
                    continue;
                auto g = std::find_if(groups.begin(), groups.end(), [&](const Group& x) { return x.unit == o.unit; });
                if (g == groups.end())
                    g = groups.insert(groups.end(), Group{o.unit, {}, 0, {}});
                g->objects.push_back(&o);
                count(o, g->bytes, g->holders);
                count(o, bytes, holders);
            }
        if (groups.empty())
            continue;
        // Largest first; objects in no unit last.
        std::stable_sort(groups.begin(), groups.end(), [](const Group& a, const Group& b) {
            if (a.unit.empty() != b.unit.empty())
                return b.unit.empty();
            return a.bytes > b.bytes;
        });
        const std::size_t top = rows.size();
        rows.push_back({namespace_title(ns), bytes, holders.size(), no_parent});
        for (const Group& g : groups) {
            const std::size_t mid = rows.size();
            rows.push_back({g.unit.empty() ? "(no unit)" : g.unit, g.bytes, g.holders.size(), top});
            for (const Object* o : g.objects)
                rows.push_back({tree_title(*o), object_bytes(*o), o->holders.size(), mid});
        }
    }
    if (rows.empty())
        return std::string();
    static constexpr TableColumn columns[] = {
        {"NAME", JsonType::string, Align::left, 0, col_tree | col_truncate},
        {"SIZE", JsonType::number, Align::right, 0, 0},
        {"HOLDERS", JsonType::number, Align::right, 0, 0},
    };
    std::vector<std::size_t> parents;
    for (const TreeRow& r : rows)
        parents.push_back(r.parent);
    TableLook look;
    look.noheadings = request.noheadings;
    look.notruncate = request.notruncate;
    return print_table(
        look, "tree", columns, rows.size(),
        [&](std::size_t row, std::size_t column) -> std::optional<std::string> {
            const TreeRow& r = rows[row];
            switch (column) {
            case 0: return r.name;
            case 1: return request.bytes ? std::to_string(r.bytes) : human_size(r.bytes);
            default: return std::to_string(r.holders);
            }
        },
        parents);
}

} // namespace ipcutil
