// The ipcs face: the sections of ipcs_sections.cpp strung together in ipcs's
// order (queues, shared memory, semaphores; System V first, then POSIX).
#include "libipcutil/list/ipcs_text.hpp"

#include "libipcutil/core/users.hpp"
#include "libipcutil/list/ipcs_sections.hpp"

namespace ipcutil {
namespace {

using ipcs::Format;
using ipcs::Unit;

constexpr Kind sysv_order[] = {Kind::sysv_msg, Kind::sysv_shm, Kind::sysv_sem};
constexpr Kind posix_order[] = {Kind::posix_mq, Kind::posix_shm, Kind::posix_sem};

Unit unit_of(const IpcsRequest& r)
{
    return r.human ? Unit::human : r.bytes ? Unit::bytes : Unit::standard;
}

// The objects read of `kind`: empty when it was not read.
std::span<const Object> objects_of(const ObjectsRead& read, Kind kind)
{
    for (const ObjectList& list : read.lists)
        if (list.kind == kind)
            return list.objects;
    return {};
}

std::string detail(const IpcsRequest& r, const ObjectsRead& read)
{
    std::string out;
    ipcs::TimeText times;
    for (const ObjectList& list : read.lists)
        for (const Object& o : list.objects) {
            if (is_sysv(o.kind))
                ipcs::sysv_detail(out, o, read.sem_elements, unit_of(r), times);
            else
                ipcs::posix_detail(out, o, unit_of(r), times);
        }
    return out;
}

} // namespace

bool IpcsRequest::shows(Kind kind) const
{
    const bool every = all || !(shm || msg || sem || pshm || pmq || psem || fifo);
    switch (kind) {
    case Kind::sysv_msg: return every || msg;
    case Kind::sysv_shm: return every || shm;
    case Kind::sysv_sem: return every || sem;
    case Kind::posix_mq: return every || pmq;
    case Kind::posix_shm: return every || pshm;
    case Kind::posix_sem: return every || psem;
    case Kind::fifo: return fifo;
    }
    return false;
}

ReadRequest objects_to_read(const IpcsRequest& r)
{
    ReadRequest read;
    if (r.id) {
        read.id = r.id;
        read.kinds = {r.msg ? Kind::sysv_msg : r.sem ? Kind::sysv_sem : Kind::sysv_shm};
        return read;
    }
    if (r.name) {
        read.name = r.name;
        const bool any = r.pshm || r.pmq || r.psem;
        for (Kind kind : posix_order)
            if (!any || r.shows(kind))
                read.kinds.push_back(kind);
        return read;
    }
    if (r.format == Format::limits || r.format == Format::summary)
        return read;
    for (Kind kind : sysv_order)
        if (r.shows(kind) && !(kind == Kind::sysv_sem && r.format == Format::pid))
            read.kinds.push_back(kind);
    for (Kind kind : posix_order)
        if (r.shows(kind))
            read.kinds.push_back(kind);
    if (r.fifo)
        read.kinds.push_back(Kind::fifo);
    return read;
}

bool shows_holders(const IpcsRequest& r)
{
    if (r.format != Format::pid || r.id || r.name)
        return false;
    for (Kind kind : posix_order)
        if (r.shows(kind))
            return true;
    return false;
}

std::string format_ipcs(const IpcsRequest& r, const ObjectsRead& read)
{
    if (r.id || r.name)
        return detail(r, read);
    // Size the output once: growing a multi-megabyte string by doubling
    // costs more than formatting it.
    std::size_t objects = 0;
    for (const ObjectList& list : read.lists)
        objects += list.objects.size();
    constexpr std::size_t row_bytes = 96; // the widest rows (-t) are about 90 bytes
    std::string out;
    out.reserve(objects * row_bytes + 4096);

    const Unit unit = unit_of(r);
    NameCache names;
    ipcs::TimeText times;
    out += '\n';
    for (Kind kind : sysv_order)
        if (r.shows(kind)) {
            ipcs::sysv_section(out, kind, r.format, unit, objects_of(read, kind), names, times);
            out += '\n';
        }
    for (Kind kind : posix_order)
        if (r.shows(kind)) {
            ipcs::posix_section(out, kind, r.format, unit, objects_of(read, kind), names, times);
            out += '\n';
        }
    if (r.fifo) {
        ipcs::fifo_section(out, objects_of(read, Kind::fifo), names);
        out += '\n';
    }
    return out;
}

} // namespace ipcutil
