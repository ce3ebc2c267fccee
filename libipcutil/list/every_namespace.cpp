#include "libipcutil/list/every_namespace.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "libipcutil/list/wire.hpp"

namespace ipcutil {
namespace {

// One namespace's objects: read here for our own, else by a child that
// entered it.  Its problems are prefixed with the namespace's title.
std::optional<std::vector<ObjectList>> read_one(const ReadRequest& request, const IpcNamespace& ns,
                                                const RunInChild& in_child, Problems& problems)
{
    if (ns.own) {
        Problems mine;
        auto read = read_objects(request, mine);
        problems.merge(mine.lines(), mine.failures());
        return std::move(read.lists);
    }
    auto bytes = in_child([&]() -> Result<std::string> {
        if (auto entered = enter_ipc_namespace(ns); !entered)
            return std::unexpected(entered.error());
        Problems theirs;
        const auto read = read_objects(request, theirs);
        return encode_read(read.lists, theirs);
    });
    if (!bytes) {
        problems.fail(bytes.error());
        return std::nullopt;
    }
    auto read = decode_read(*bytes);
    if (!read) {
        problems.fail(read.error());
        return std::nullopt;
    }
    const std::string title = namespace_title(ns);
    for (std::string& line : read->lines)
        line = title + ": " + line;
    problems.merge(std::move(read->lines), read->failures);
    return std::move(read->lists);
}

} // namespace

void label_namespace(std::vector<ObjectList>& lists, const IpcNamespace& ns)
{
    for (ObjectList& list : lists)
        for (Object& o : list.objects) {
            o.ns = ns.inode;
            o.container = ns.container;
        }
}

std::vector<ObjectList> objects_in(const std::vector<ObjectList>& lists, std::uint64_t inode, bool unplaced)
{
    std::vector<ObjectList> out;
    for (const ObjectList& list : lists) {
        ObjectList& mine = out.emplace_back(ObjectList{list.kind, {}});
        for (const Object& o : list.objects)
            if (o.ns == inode || (unplaced && o.ns == 0))
                mine.objects.push_back(o);
    }
    return out;
}

ObjectsRead read_every_namespace(const ReadRequest& request, const RunInChild& in_child, Problems& problems,
                                 std::vector<IpcNamespace>& namespaces)
{
    ObjectsRead merged;
    auto scan = scan_ipc_namespaces(true);
    if (!scan) {
        problems.fail(scan.error());
        return merged;
    }
    if (scan->unreadable > 0)
        problems.fail(unseen_namespaces(scan->unreadable));
    // FIFOs are files, in no IPC namespace: the holder pass finds them.
    ReadRequest per_namespace = request;
    std::erase(per_namespace.kinds, Kind::fifo);
    for (Kind kind : request.kinds)
        merged.lists.push_back(ObjectList{kind, {}});
    std::set<std::pair<std::uint64_t, std::uint64_t>> files; // (device, inode) listed
    for (const IpcNamespace& ns : scan->namespaces) {
        auto lists = read_one(per_namespace, ns, in_child, problems);
        if (!lists)
            continue;
        namespaces.push_back(ns);
        label_namespace(*lists, ns);
        for (ObjectList& list : *lists) {
            const auto into = std::find_if(merged.lists.begin(), merged.lists.end(),
                                           [&](const ObjectList& l) { return l.kind == list.kind; });
            if (into == merged.lists.end())
                continue;
            for (Object& o : list.objects)
                if (!is_posix(o.kind) || o.dev == 0 || files.emplace(o.dev, o.inode).second)
                    into->objects.push_back(std::move(o));
        }
    }
    return merged;
}

} // namespace ipcutil
