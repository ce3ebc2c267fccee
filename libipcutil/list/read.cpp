#include "libipcutil/list/read.hpp"

#include <cerrno>

#include <fmt/format.h>

#include "libipcutil/kernel/posix.hpp"

namespace ipcutil {
namespace {

std::vector<Kind> kinds_where(const std::vector<Kind>& kinds, bool (*wanted)(Kind))
{
    std::vector<Kind> out;
    for (Kind k : kinds)
        if (wanted(k))
            out.push_back(k);
    return out;
}

Error not_found(std::string_view what, std::string_view which)
{
    return sys_error("find", fmt::format("{} {}", what, which), ENOENT);
}

// How many objects of a System V kind the kernel has now (SHM_INFO,
// MSG_INFO, SEM_INFO), to size the list once: growing a list of tens of
// thousands of objects costs more than reading them.
std::size_t sysv_count(Kind kind)
{
    const auto u = sysv_usage();
    if (!u)
        return 0;
    return kind == Kind::sysv_shm ? u->shm_segments : kind == Kind::sysv_msg ? u->msg_queues : u->sem_sets;
}

// The System V objects of a kind, in the kernel's index order (ids are not
// sorted once the sequence number wraps).
Result<std::vector<Object>> sysv_objects(Kind kind)
{
    std::vector<Object> objects;
    objects.reserve(sysv_count(kind) + 16); // a few more may come meanwhile
    auto done = for_each_sysv(kind, [&](const Object& o) { objects.push_back(o); });
    if (!done)
        return std::unexpected(done.error());
    return objects;
}

// ipcs -i: the object as /proc shows it (also another user's), then what
// /proc leaves out: a queue's capacity (IPC_STAT; ipcs shows 0 when that is
// not permitted) and a semaphore set's members.
void read_by_id(const std::vector<Kind>& kinds, int id, ObjectsRead& read, Problems& problems)
{
    for (Kind kind : kinds) {
        std::optional<Object> found;
        auto done = for_each_sysv(kind, [&](const Object& o) {
            if (o.id == id)
                found = o;
        });
        if (!done) {
            problems.fail(done.error());
            return;
        }
        if (!found)
            continue;
        if (kind == Kind::sysv_msg) {
            if (auto st = stat_sysv(kind, id))
                found->qbytes = st->qbytes;
        } else if (kind == Kind::sysv_sem) {
            auto members = sem_elements(id, found->nsems);
            if (!members) {
                problems.fail(members.error());
                return;
            }
            read.sem_elements = std::move(*members);
        }
        read.lists.push_back({kind, {std::move(*found)}});
        return;
    }
    problems.fail(not_found(kinds.size() == 1 ? fmt::format("{} id", kind_words(kinds[0])) : "System V object id",
                            std::to_string(id)));
}

// -N: the named object in each kind that has one.  Not found in one kind is
// no failure while another has it; another problem is a warning then.
void read_by_name(const std::vector<Kind>& kinds, const std::string& name, ObjectsRead& read, Problems& problems)
{
    std::optional<Error> problem;
    for (Kind kind : kinds) {
        if (kind == Kind::posix_shm && name.starts_with("sem."))
            continue;
        if (kind == Kind::posix_mq && !mqueue_mounted()) {
            problems.warn(mqueue_not_mounted_warning());
            continue;
        }
        auto o = stat_posix(kind, name);
        if (o)
            read.lists.push_back({kind, {std::move(*o)}});
        else if (o.error().err != ENOENT && !problem)
            problem = o.error();
    }
    if (!read.lists.empty()) {
        if (problem)
            problems.warn(problem->message());
        return;
    }
    if (problem)
        problems.fail(*problem);
    else
        problems.fail(not_found(kinds.size() == 1 ? kind_words(kinds[0]) : "POSIX object", "/" + name));
}

} // namespace

ObjectsRead read_objects(const ReadRequest& request, Problems& problems)
{
    ObjectsRead read;
    if (request.id) {
        read_by_id(kinds_where(request.kinds, is_sysv), *request.id, read, problems);
        return read;
    }
    if (request.name) {
        read_by_name(kinds_where(request.kinds, is_posix), *request.name, read, problems);
        return read;
    }
    for (Kind kind : request.kinds) {
        Result<std::vector<Object>> objects;
        if (is_sysv(kind)) {
            objects = sysv_objects(kind);
        } else if (kind == Kind::fifo) {
            objects.emplace(); // the holder pass finds them
        } else {
            std::vector<std::string> warnings;
            objects = list_posix(kind, warnings);
            problems.warn_all(std::move(warnings));
        }
        if (objects)
            read.lists.push_back({kind, std::move(*objects)});
        else
            problems.fail(objects.error());
    }
    return read;
}

} // namespace ipcutil
