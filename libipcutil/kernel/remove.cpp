#include "libipcutil/kernel/remove.hpp"

#include <fcntl.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdint>
#include <string>

#include <fmt/format.h>

#include "libipcutil/core/procfs.hpp"
#include "libipcutil/kernel/posix.hpp"
#include "libipcutil/kernel/sysv.hpp"

namespace ipcutil {
namespace {

// Capability bits from <linux/capability.h>.
constexpr int cap_dac_override = 1;
constexpr int cap_fowner = 3;
constexpr int cap_sys_admin = 21;

// The effective capability set, from /proc/self/status (no libcap needed).
std::uint64_t effective_caps()
{
    auto status = read_small_file("/proc/self/status");
    if (!status)
        return ::geteuid() == 0 ? ~std::uint64_t{0} : 0;
    constexpr std::string_view field = "\nCapEff:";
    const auto pos = status->find(field);
    if (pos == std::string::npos)
        return 0;
    std::string_view rest = std::string_view(*status).substr(pos + field.size());
    while (!rest.empty() && (rest.front() == '\t' || rest.front() == ' '))
        rest.remove_prefix(1);
    std::uint64_t caps = 0;
    std::from_chars(rest.data(), rest.data() + rest.size(), caps, 16);
    return caps;
}

bool has_cap(int cap)
{
    static const std::uint64_t caps = effective_caps();
    return (caps >> cap) & 1U;
}

std::string folder_of(const Object& object)
{
    const auto slash = object.path.rfind('/');
    if (slash == std::string::npos)
        return ".";
    if (slash == 0)
        return "/";
    return object.path.substr(0, slash);
}

// What a re-check needs of a System V object, by IPC_STAT alone (stat_sysv
// also reads /proc for rss, a cost per object that --all cannot afford).
Result<Object> ipc_stat(const Object& listed)
{
    Object o = listed;
    int rc = -1;
    const auto take = [&](const ipc_perm& perm, std::time_t ctime) {
        o.key = perm.__key;
        o.uid = perm.uid;
        o.gid = perm.gid;
        o.cuid = perm.cuid;
        o.cgid = perm.cgid;
        o.mode = perm.mode & 0777;
        o.ctime = ctime == 0 ? std::nullopt : std::optional<std::time_t>(ctime);
    };
    switch (listed.kind) {
    case Kind::sysv_shm: {
        shmid_ds ds{};
        rc = ::shmctl(listed.id, IPC_STAT, &ds);
        if (rc == 0) {
            take(ds.shm_perm, ds.shm_ctime);
            o.nattch = ds.shm_nattch;
            o.size = ds.shm_segsz;
        }
        break;
    }
    case Kind::sysv_msg: {
        msqid_ds ds{};
        rc = ::msgctl(listed.id, IPC_STAT, &ds);
        if (rc == 0) {
            take(ds.msg_perm, ds.msg_ctime);
            o.messages = ds.msg_qnum;
        }
        break;
    }
    default: {
        semid_ds ds{};
        rc = ::semctl(listed.id, 0, IPC_STAT, &ds);
        if (rc == 0) {
            take(ds.sem_perm, ds.sem_ctime);
            o.nsems = ds.sem_nsems;
        }
        break;
    }
    }
    if (rc < 0)
        return std::unexpected(sys_error("check", describe(listed), errno));
    return o;
}

Result<Object> sysv_row(const Object& listed)
{
    auto all = list_sysv(listed.kind);
    if (!all)
        return std::unexpected(all.error());
    for (auto& o : *all)
        if (o.id == listed.id)
            return std::move(o);
    return std::unexpected(sys_error("find", describe(listed), ENOENT));
}

} // namespace

Result<void> remove_object(const Object& object)
{
    if (is_sysv(object.kind)) {
        auto done = remove_sysv(object.kind, object.id);
        if (!done && done.error().err == EINVAL)
            return std::unexpected(sys_error("remove", describe(object), ENOENT));
        return done;
    }
    if (object.kind == Kind::fifo) {
        if (::unlink(object.path.c_str()) < 0)
            return std::unexpected(sys_error("remove", describe(object), errno));
        return {};
    }
    return remove_posix(object.kind, object.name);
}

bool may_remove(const Object& object)
{
    const uid_t euid = ::geteuid();
    if (is_sysv(object.kind))
        return euid == object.uid || euid == object.cuid || has_cap(cap_sys_admin);
    std::string path = object.path;
    if (path.empty() && object.kind != Kind::fifo)
        path = posix_path(object.kind, object.name);
    Object located = object;
    located.path = path;
    struct stat dir {};
    if (::stat(folder_of(located).c_str(), &dir) < 0)
        return false;
    if (::faccessat(AT_FDCWD, folder_of(located).c_str(), W_OK | X_OK, AT_EACCESS) < 0 && !has_cap(cap_dac_override))
        return false;
    if ((dir.st_mode & S_ISVTX) != 0)
        return euid == object.uid || euid == dir.st_uid || has_cap(cap_fowner);
    return true;
}

Result<Object> restat(const Object& listed)
{
    if (is_sysv(listed.kind)) {
        auto now = ipc_stat(listed);
        if (!now && (now.error().err == EACCES || now.error().err == EPERM)) {
            // Unreadable.  Unless we may remove it anyway (its owner without
            // read permission), the kernel will refuse: nothing to re-check.
            if (!may_remove(listed))
                return listed;
            now = sysv_row(listed);
        }
        if (!now && (now.error().err == EINVAL || now.error().err == EIDRM || now.error().err == ENOENT))
            return std::unexpected(sys_error("check", describe(listed), ENOENT));
        if (!now)
            return now;
        if (now->key != listed.key)
            return std::unexpected(
                failure("check", describe(listed), "replaced by another object since it was listed"));
        return now;
    }
    auto now = stat_posix(listed.kind, listed.name);
    if (!now)
        return now;
    if (listed.inode != 0 && now->inode != listed.inode)
        return std::unexpected(failure("check", describe(listed), "replaced by another object since it was listed"));
    return now;
}

} // namespace ipcutil
