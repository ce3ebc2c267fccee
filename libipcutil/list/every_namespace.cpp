#include "libipcutil/list/every_namespace.hpp"

#include <algorithm>
#include <set>
#include <span>
#include <utility>

#include <fmt/format.h>

#include "libipcutil/list/wire.hpp"

namespace ipcutil {
namespace {

// How many namespaces one child visits: each costs two open descriptors
// until the child ends, well inside the usual limit of 1024.
constexpr std::size_t namespaces_per_child = 200;

// The objects of each of `batch`, read by one child that opens every
// namespace's files first (while /proc is still ours), then enters them in
// turn: one fork for many namespaces, whose cost (copying the page tables
// of a parent that grows with every listing) would otherwise be paid per
// namespace.  Nullopt for a namespace that could not be read (reported).
std::vector<std::optional<std::vector<ObjectList>>> read_batch(const ReadRequest& request,
                                                               std::span<const IpcNamespace> batch,
                                                               const RunInChild& in_child, Problems& problems)
{
    std::vector<std::optional<std::vector<ObjectList>>> out(batch.size());
    auto stream = in_child([&]() -> Result<std::string> {
        std::vector<Result<NamespaceFds>> files;
        for (const IpcNamespace& ns : batch)
            files.push_back(open_ipc_namespace(ns));
        std::string bytes;
        for (std::size_t i = 0; i < batch.size(); ++i) {
            Result<void> entered = files[i] ? enter_opened(batch[i], *files[i], ProcView::theirs)
                                            : Result<void>(std::unexpected(files[i].error()));
            if (!entered) {
                append_read(bytes, {true, entered.error().message()});
                continue;
            }
            Problems theirs;
            const auto read = read_objects(request, theirs);
            append_read(bytes, {false, encode_read(read.lists, theirs)});
        }
        return bytes;
    });
    auto reads = stream ? split_reads(*stream) : std::unexpected(stream.error());
    if (!reads) {
        problems.fail(reads.error());
        return out;
    }
    for (std::size_t i = 0; i < batch.size() && i < reads->size(); ++i) {
        const ReadOrFailure& one = (*reads)[i];
        if (one.failed) {
            problems.merge({one.bytes}, 1);
            continue;
        }
        auto read = decode_read(one.bytes);
        if (!read) {
            problems.fail(read.error());
            continue;
        }
        const std::string title = namespace_title(batch[i]);
        for (std::string& line : read->lines)
            line = title + ": " + line;
        problems.merge(std::move(read->lines), read->failures);
        out[i] = std::move(read->lists);
    }
    if (reads->size() < batch.size())
        problems.fail(failure("read", "the listing of a namespace", "it came back cut short"));
    return out;
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
    const auto add = [&](const IpcNamespace& ns, std::vector<ObjectList>& lists) {
        namespaces.push_back(ns);
        label_namespace(lists, ns);
        for (ObjectList& list : lists) {
            const auto into = std::find_if(merged.lists.begin(), merged.lists.end(),
                                           [&](const ObjectList& l) { return l.kind == list.kind; });
            if (into == merged.lists.end())
                continue;
            for (Object& o : list.objects)
                if (!is_posix(o.kind) || o.dev == 0 || files.emplace(o.dev, o.inode).second)
                    into->objects.push_back(std::move(o));
        }
    };
    // Ours, read here; it is listed first.
    std::vector<IpcNamespace> others;
    for (const IpcNamespace& ns : scan->namespaces) {
        if (!ns.own) {
            others.push_back(ns);
            continue;
        }
        Problems mine;
        auto read = read_objects(per_namespace, mine);
        problems.merge(mine.lines(), mine.failures());
        add(ns, read.lists);
    }
    for (std::size_t first = 0; first < others.size(); first += namespaces_per_child) {
        const auto batch = std::span(others).subspan(first, std::min(namespaces_per_child, others.size() - first));
        auto reads = read_batch(per_namespace, batch, in_child, problems);
        for (std::size_t i = 0; i < batch.size(); ++i)
            if (reads[i])
                add(batch[i], *reads[i]);
    }
    return merged;
}

} // namespace ipcutil
