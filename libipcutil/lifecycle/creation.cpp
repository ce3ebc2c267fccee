#include "libipcutil/lifecycle/creation.hpp"

#include <sys/ipc.h>

#include <fmt/format.h>

#include "libipcutil/core/format.hpp"
#include "libipcutil/core/json_text.hpp"
#include "libipcutil/core/parse.hpp"
#include "libipcutil/kernel/fifos.hpp"
#include "libipcutil/kernel/posix.hpp"
#include "libipcutil/kernel/sysv.hpp"

namespace ipcutil {
namespace {

Result<int> make_sysv(Kind kind, const CreationPlan& p, key_t key, bool exclusive, Sys& sys)
{
    switch (kind) {
    case Kind::sysv_shm: return create_sysv_shm(key, *p.shm_size, p.mode, exclusive, sys);
    case Kind::sysv_msg: return create_sysv_msg(key, p.mode, exclusive, sys);
    default: return create_sysv_sem(key, *p.nsems, p.mode, exclusive, sys);
    }
}

// What an existing object differs in from what `p` asks for, one
// "ATTRIBUTE HAVE (not ASKED)" each; empty when it is what was asked.
std::vector<std::string> differences(const Object& have, const CreationPlan& p)
{
    std::vector<std::string> out;
    const auto differ = [&](std::string_view attribute, auto have_value, auto asked) {
        if (have_value != asked)
            out.push_back(fmt::format("{} {} (not {})", attribute, have_value, asked));
    };
    switch (have.kind) {
    case Kind::sysv_shm: differ("size", have.size, *p.shm_size); break;
    case Kind::sysv_sem: differ("nsems", have.nsems, *p.nsems); break;
    case Kind::posix_shm: differ("size", have.size, *p.pshm_size); break;
    case Kind::posix_mq:
        if (p.maxmsg && have.maxmsg)
            differ("maxmsg", *have.maxmsg, *p.maxmsg);
        if (p.msgsize && have.msgsize)
            differ("msgsize", *have.msgsize, *p.msgsize);
        break;
    case Kind::posix_sem:
        if (p.value_asked && have.value)
            differ("value", *have.value, static_cast<long>(p.value));
        break;
    default: break;
    }
    if (p.mode_asked && have.mode != p.mode)
        out.push_back(fmt::format("mode {:04o} (not {:04o})", have.mode, p.mode));
    return out;
}

// Reuse `have` only if it is what was asked for.
Result<void> same_as_asked(const Object& have, const CreationPlan& p, std::string what)
{
    const auto diffs = differences(have, p);
    if (diffs.empty())
        return {};
    std::string list;
    for (const auto& d : diffs)
        list += (list.empty() ? "" : ", ") + d;
    return std::unexpected(failure("create", std::move(what), fmt::format("exists with {}; left as it is", list)));
}

// A System V object under the chosen key, or under a fresh random key with
// IPC_EXCL, so that a key picked at random never lands on someone's object.
// Under a chosen key an existing object is reused only as asked.
Result<int> create_sysv_id(Kind kind, const CreationPlan& p, Sys& sys)
{
    if (!p.key) {
        for (int attempt = 0;; ++attempt) {
            auto id = make_sysv(kind, p, random_key(kind, sys), true, sys);
            if (id)
                return id;
            if (id.error().err == EEXIST && attempt < 16)
                continue;
            // A key the user never saw means nothing in the message.
            id.error().object = std::string(kind_words(kind));
            return id;
        }
    }
    if (p.exclusive || *p.key == IPC_PRIVATE)
        return make_sysv(kind, p, *p.key, p.exclusive, sys);
    auto id = make_sysv(kind, p, *p.key, true, sys);
    if (id || id.error().err != EEXIST)
        return id;
    // Unreadable to us (IPC_STAT needs read permission): the kernel's own
    // checks below decide.
    if (auto found = sysv_id_for_key(kind, *p.key, sys))
        if (auto have = stat_sysv(kind, *found, sys))
            if (auto same = same_as_asked(*have, p, fmt::format("{} key {}", kind_words(kind), format_key(*p.key)));
                !same)
                return std::unexpected(same.error());
    return make_sysv(kind, p, *p.key, false, sys);
}

// The object as the kernel now has it (for --json: reading it back costs a
// pass over /proc/sysvipc); what was asked for otherwise, or when it cannot
// be read back (a mode without read permission).
Object sysv_created(Kind kind, int id, const CreationPlan& p, Sys& sys)
{
    if (p.read_back)
        if (auto o = stat_sysv(kind, id, sys))
            return *o;
    Object o;
    o.kind = kind;
    o.id = id;
    o.key = p.key.value_or(0);
    o.mode = p.mode;
    o.size = p.shm_size.value_or(0);
    o.nsems = p.nsems.value_or(0);
    return o;
}

Object posix_created(Kind kind, const CreationPlan& p)
{
    Object o;
    o.kind = kind;
    o.name = p.name;
    o.path = posix_path(kind, p.name);
    o.mode = p.mode;
    return o;
}

void fill_from_fd(Object& o, int fd, Sys& sys)
{
    if (auto st = sys.fstat(fd)) {
        o.mode = st->st_mode & 0777;
        o.size = static_cast<std::uint64_t>(st->st_size);
        o.uid = st->st_uid;
        o.gid = st->st_gid;
    }
}

std::string posix_words(Kind kind, const std::string& name)
{
    return fmt::format("{} /{}", kind_words(kind), name);
}

Result<Object> create_sysv_kind(Kind kind, const CreationPlan& p, Sys& sys)
{
    auto id = create_sysv_id(kind, p, sys);
    if (!id)
        return std::unexpected(id.error());
    return sysv_created(kind, *id, p, sys);
}

Result<Object> create_posix_shm_object(const CreationPlan& p, Sys& sys)
{
    const Kind kind = Kind::posix_shm;
    auto fd = create_posix_shm(p.name, *p.pshm_size, p.mode, true, sys);
    if (!fd && fd.error().err == EEXIST && !p.exclusive) {
        // Never resized: shrinking memory that another process maps kills
        // that process with SIGBUS.
        if (auto have = stat_posix(kind, p.name, sys))
            if (auto same = same_as_asked(*have, p, posix_words(kind, p.name)); !same)
                return std::unexpected(same.error());
        fd = create_posix_shm(p.name, *p.pshm_size, p.mode, false, sys);
    }
    if (!fd)
        return std::unexpected(fd.error());
    Object o = posix_created(kind, p);
    fill_from_fd(o, fd->get(), sys);
    return o;
}

Result<Object> create_posix_mq_object(const CreationPlan& p, Sys& sys)
{
    const Kind kind = Kind::posix_mq;
    auto mq = create_posix_mq(p.name, p.maxmsg, p.msgsize, p.mode, true, O_RDWR, sys);
    const bool reused = !mq && mq.error().err == EEXIST && !p.exclusive;
    if (reused)
        mq = create_posix_mq(p.name, p.maxmsg, p.msgsize, p.mode, false, O_RDWR, sys);
    if (!mq)
        return std::unexpected(mq.error());
    Object o = posix_created(kind, p);
    fill_from_fd(o, mq->get(), sys); // an mqd_t is a descriptor on Linux
    o.size = 0;
    if (auto attr = sys.mq_getattr(mq->get())) {
        o.maxmsg = attr->mq_maxmsg;
        o.msgsize = attr->mq_msgsize;
        o.messages = static_cast<std::uint64_t>(attr->mq_curmsgs);
    }
    if (reused)
        if (auto same = same_as_asked(o, p, posix_words(kind, p.name)); !same)
            return std::unexpected(same.error());
    return o;
}

Result<Object> create_posix_sem_object(const CreationPlan& p, Sys& sys)
{
    const Kind kind = Kind::posix_sem;
    auto made = create_posix_sem(p.name, p.value, p.mode, true, sys);
    if (!made && made.error().err == EEXIST && !p.exclusive) {
        if (auto have = stat_posix(kind, p.name, sys))
            if (auto same = same_as_asked(*have, p, posix_words(kind, p.name)); !same)
                return std::unexpected(same.error());
        made = create_posix_sem(p.name, p.value, p.mode, false, sys);
    }
    if (!made)
        return std::unexpected(made.error());
    if (auto now = stat_posix(kind, p.name, sys)) {
        if (!now->value) // unreadable to us: we know what we set
            now->value = p.value;
        return *now;
    }
    Object o = posix_created(kind, p);
    o.value = p.value;
    return o;
}

Result<Object> create_fifo_object(const CreationPlan& p, Sys& sys)
{
    auto made = create_fifo(p.fifo, p.mode, sys);
    if (!made)
        return std::unexpected(made.error());
    Object o;
    o.kind = Kind::fifo;
    o.path = p.fifo;
    o.mode = p.mode;
    return o;
}

} // namespace

Result<Object> create_object(Kind kind, const CreationPlan& p, Sys& sys)
{
    switch (kind) {
    case Kind::sysv_shm:
    case Kind::sysv_msg:
    case Kind::sysv_sem: return create_sysv_kind(kind, p, sys);
    case Kind::posix_shm: return create_posix_shm_object(p, sys);
    case Kind::posix_mq: return create_posix_mq_object(p, sys);
    case Kind::posix_sem: return create_posix_sem_object(p, sys);
    case Kind::fifo: return create_fifo_object(p, sys);
    }
    return std::unexpected(failure("create", std::string(kind_words(kind)), "unknown kind"));
}

std::string creation_line(const Object& o)
{
    switch (o.kind) {
    case Kind::sysv_shm: return fmt::format("Shared memory id: {}\n", o.id);
    case Kind::sysv_msg: return fmt::format("Message queue id: {}\n", o.id);
    case Kind::sysv_sem: return fmt::format("Semaphore id: {}\n", o.id);
    case Kind::posix_shm: return fmt::format("POSIX shared memory name: /{}\n", printable(o.name));
    case Kind::posix_mq: return fmt::format("POSIX message queue name: /{}\n", printable(o.name));
    case Kind::posix_sem: return fmt::format("POSIX semaphore name: /{}\n", printable(o.name));
    case Kind::fifo: return fmt::format("FIFO path: {}\n", printable(o.path));
    }
    return {};
}

std::string creation_quiet_line(const Object& o)
{
    if (is_sysv(o.kind))
        return fmt::format("{}\n", o.id);
    if (o.kind == Kind::fifo)
        return printable(o.path) + "\n";
    return fmt::format("/{}\n", printable(o.name));
}

std::string creation_json_object(const Object& o)
{
    JsonObject j;
    j.add("kind", kind_name(o.kind));
    if (is_sysv(o.kind))
        j.add("id", o.id).add("key", format_key(o.key));
    else if (o.kind == Kind::fifo)
        j.add("path", o.path);
    else
        j.add("name", "/" + o.name).add("path", o.path);
    j.add("mode", fmt::format("{:04o}", o.mode));
    switch (o.kind) {
    case Kind::sysv_shm:
    case Kind::posix_shm: j.add("size", o.size); break;
    case Kind::sysv_sem: j.add("nsems", o.nsems); break;
    case Kind::posix_mq:
        if (o.maxmsg)
            j.add("maxmsg", *o.maxmsg);
        if (o.msgsize)
            j.add("msgsize", *o.msgsize);
        break;
    case Kind::posix_sem:
        if (o.value)
            j.add("value", *o.value);
        break;
    default: break;
    }
    return j.str();
}

std::string creation_json(std::span<const Object> objects)
{
    std::string text = "{\n   \"created\": [";
    for (std::size_t i = 0; i < objects.size(); ++i)
        text += fmt::format("{}\n      {}", i == 0 ? "" : ",", creation_json_object(objects[i]));
    text += objects.empty() ? "]\n}\n" : "\n   ]\n}\n";
    return text;
}

} // namespace ipcutil
