#include "libipcutil/lifecycle/creation.hpp"

#include <fmt/format.h>

#include "libipcutil/core/format.hpp"
#include "libipcutil/core/json_text.hpp"
#include "libipcutil/core/parse.hpp"
#include "libipcutil/kernel/create.hpp"
#include "libipcutil/kernel/posix.hpp"
#include "libipcutil/kernel/sysv.hpp"

namespace ipcutil {
namespace {

class RealCreationSys final : public CreationSys {
  public:
    Result<int> create_sysv_shm(key_t key, std::uint64_t size, mode_t mode, bool exclusive) override
    {
        return ipcutil::create_sysv_shm(key, size, mode, exclusive);
    }
    Result<int> create_sysv_msg(key_t key, mode_t mode, bool exclusive) override
    {
        return ipcutil::create_sysv_msg(key, mode, exclusive);
    }
    Result<int> create_sysv_sem(key_t key, std::uint64_t nsems, mode_t mode, bool exclusive) override
    {
        return ipcutil::create_sysv_sem(key, nsems, mode, exclusive);
    }
    key_t random_key(Kind kind) override { return ipcutil::random_key(kind); }
    Result<Fd> create_posix_shm(const std::string& name, std::uint64_t size, mode_t mode, bool exclusive) override
    {
        return ipcutil::create_posix_shm(name, size, mode, exclusive);
    }
    Result<MqDescriptor> create_posix_mq(const std::string& name, std::optional<long> maxmsg,
                                         std::optional<long> msgsize, mode_t mode, bool exclusive) override
    {
        return ipcutil::create_posix_mq(name, maxmsg, msgsize, mode, exclusive);
    }
    Result<void> create_posix_sem(const std::string& name, unsigned value, mode_t mode, bool exclusive) override
    {
        return ipcutil::create_posix_sem(name, value, mode, exclusive);
    }
    Result<void> create_fifo(const std::string& path, mode_t mode) override { return ipcutil::create_fifo(path, mode); }
    Result<Object> stat_sysv(Kind kind, int id) override { return ipcutil::stat_sysv(kind, id); }
    Result<Object> stat_posix(Kind kind, const std::string& name) override { return ipcutil::stat_posix(kind, name); }
    bool fstat(int fd, struct stat& st) override { return ::fstat(fd, &st) == 0; }
    bool mq_getattr(mqd_t mq, mq_attr& attr) override { return ::mq_getattr(mq, &attr) == 0; }
};

// A System V object under the chosen key, or under a fresh random key with
// IPC_EXCL, so that a key picked at random never lands on someone's object.
template <class Create> Result<int> create_sysv(Kind kind, const CreationPlan& p, CreationSys& sys, Create create)
{
    if (p.key)
        return create(*p.key, p.exclusive);
    for (int attempt = 0;; ++attempt) {
        auto id = create(sys.random_key(kind), true);
        if (id)
            return id;
        if (id.error().err == EEXIST && attempt < 16)
            continue;
        // A key the user never saw means nothing in the message.
        id.error().object = std::string(kind_words(kind));
        return id;
    }
}

// The object as the kernel now has it (for --json: reading it back costs a
// pass over /proc/sysvipc); what was asked for otherwise, or when it cannot
// be read back (a mode without read permission).
Object sysv_created(Kind kind, int id, const CreationPlan& p, CreationSys& sys)
{
    if (p.read_back)
        if (auto o = sys.stat_sysv(kind, id))
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

void fill_from_fd(Object& o, int fd, CreationSys& sys)
{
    struct stat st {};
    if (sys.fstat(fd, st)) {
        o.mode = st.st_mode & 0777;
        o.size = static_cast<std::uint64_t>(st.st_size);
        o.uid = st.st_uid;
        o.gid = st.st_gid;
    }
}

Result<Object> create_sysv_kind(Kind kind, const CreationPlan& p, CreationSys& sys)
{
    auto id = create_sysv(kind, p, sys, [&](key_t k, bool x) {
        switch (kind) {
        case Kind::sysv_shm: return sys.create_sysv_shm(k, *p.shm_size, p.mode, x);
        case Kind::sysv_msg: return sys.create_sysv_msg(k, p.mode, x);
        default: return sys.create_sysv_sem(k, *p.nsems, p.mode, x);
        }
    });
    if (!id)
        return std::unexpected(id.error());
    return sysv_created(kind, *id, p, sys);
}

Result<Object> create_posix_shm_object(const CreationPlan& p, CreationSys& sys)
{
    const Kind kind = Kind::posix_shm;
    // Reusing an existing object must not resize it: shrinking memory that
    // another process maps kills that process with SIGBUS.
    if (!p.exclusive)
        if (auto old = sys.stat_posix(kind, p.name); old && old->size != *p.pshm_size)
            return std::unexpected(failure("create", describe(*old),
                                           fmt::format("exists with {} bytes; not resizing it to {} "
                                                       "(remove it first or use another name)",
                                                       old->size, *p.pshm_size)));
    auto fd = sys.create_posix_shm(p.name, *p.pshm_size, p.mode, p.exclusive);
    if (!fd)
        return std::unexpected(fd.error());
    Object o = posix_created(kind, p);
    fill_from_fd(o, fd->get(), sys);
    return o;
}

Result<Object> create_posix_mq_object(const CreationPlan& p, CreationSys& sys)
{
    auto mq = sys.create_posix_mq(p.name, p.maxmsg, p.msgsize, p.mode, p.exclusive);
    if (!mq)
        return std::unexpected(mq.error());
    Object o = posix_created(Kind::posix_mq, p);
    fill_from_fd(o, mq->get(), sys); // an mqd_t is a descriptor on Linux
    o.size = 0;
    mq_attr attr{};
    if (sys.mq_getattr(mq->get(), attr)) {
        o.maxmsg = attr.mq_maxmsg;
        o.msgsize = attr.mq_msgsize;
        o.messages = static_cast<std::uint64_t>(attr.mq_curmsgs);
    }
    return o;
}

Result<Object> create_posix_sem_object(const CreationPlan& p, CreationSys& sys)
{
    const Kind kind = Kind::posix_sem;
    auto made = sys.create_posix_sem(p.name, p.value, p.mode, p.exclusive);
    if (!made)
        return std::unexpected(made.error());
    if (auto now = sys.stat_posix(kind, p.name)) {
        if (!now->value) // unreadable to us: we know what we set
            now->value = p.value;
        return *now;
    }
    Object o = posix_created(kind, p);
    o.value = p.value;
    return o;
}

Result<Object> create_fifo_object(const CreationPlan& p, CreationSys& sys)
{
    auto made = sys.create_fifo(p.fifo, p.mode);
    if (!made)
        return std::unexpected(made.error());
    Object o;
    o.kind = Kind::fifo;
    o.path = p.fifo;
    o.mode = p.mode;
    return o;
}

Result<Object> create_any(Kind kind, const CreationPlan& p, CreationSys& sys)
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

// Creation errors in words that say what to change.
Error explain(Kind kind, Error error)
{
    if (error.err == EEXIST)
        error.detail = "already exists";
    else if (error.err == EINVAL && kind == Kind::sysv_shm)
        error.detail = "invalid size (outside the system's limits, or larger than the existing segment)";
    else if (error.err == EINVAL && kind == Kind::sysv_sem)
        error.detail = "invalid number of semaphores (more than the system allows, or than the existing set holds)";
    else if (error.err == EINVAL && kind == Kind::posix_mq)
        error.detail = "invalid attributes (above /proc/sys/fs/mqueue/msg_max or msgsize_max needs privilege)";
    return error;
}

} // namespace

CreationSys& real_creation_sys()
{
    static RealCreationSys sys;
    return sys;
}

Result<Object> create_object(Kind kind, const CreationPlan& plan, CreationSys& sys)
{
    auto made = create_any(kind, plan, sys);
    if (!made)
        return std::unexpected(explain(kind, std::move(made.error())));
    return made;
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
