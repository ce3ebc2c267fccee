#include "libipcutil/kernel/posix.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>

#include <fmt/format.h>

namespace ipcutil {
namespace {

constexpr long mqueue_magic = 0x19800202;
constexpr std::string_view sem_prefix = "sem.";
// The kernel's ceilings for a process with CAP_SYS_RESOURCE (HARD_MSGMAX,
// HARD_MSGSIZEMAX in ipc/mqueue.c); no sysctl raises them.
constexpr std::uint64_t hard_msgmax = 65536;
constexpr std::uint64_t hard_msgsizemax = 16 * 1024 * 1024;

std::optional<std::time_t> unset_if_zero(std::time_t t)
{
    if (t == 0)
        return std::nullopt;
    return t;
}

const char* folder_of(Kind kind)
{
    return kind == Kind::posix_mq ? mqueue_dir : shm_dir;
}

std::string object_words(Kind kind, const std::string& name)
{
    return fmt::format("{} /{}", kind_words(kind), name);
}

// What a file that is no object of `kind` is instead.
std::string_view file_type_words(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a directory";
    if (S_ISLNK(mode))
        return "a symbolic link";
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return "a device";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a regular file";
}

std::string_view object_noun(Kind kind)
{
    switch (kind) {
    case Kind::posix_mq: return "message queue";
    case Kind::posix_sem: return "semaphore";
    default: return "shared memory object";
    }
}

// "/dev/shm/dir: not a shared memory object (a directory)", err EMEDIUMTYPE
// so that a command can tell this refusal from a failure.
Error not_an_object(std::string op, Kind kind, std::string path, mode_t mode, std::string_view then = "")
{
    Error e = failure(std::move(op), std::move(path),
                      fmt::format("not a {} ({}){}", object_noun(kind), file_type_words(mode), then));
    e.err = EMEDIUMTYPE;
    return e;
}

Object from_stat(Kind kind, std::string name, std::string path, const struct stat& st)
{
    Object o;
    o.kind = kind;
    o.name = std::move(name);
    o.path = std::move(path);
    o.inode = st.st_ino;
    o.dev = dev_key(st.st_dev);
    o.uid = o.cuid = st.st_uid;
    o.gid = o.cgid = st.st_gid;
    o.mode = st.st_mode & 0777;
    o.size = static_cast<std::uint64_t>(st.st_size);
    o.atime = unset_if_zero(st.st_atime);
    o.dtime = unset_if_zero(st.st_mtime);
    o.ctime = unset_if_zero(st.st_ctime);
    return o;
}

// The semaphore's value: glibc keeps it in the low 32 bits of the first
// word of the shared sem_t.  Reading needs only read permission, where
// sem_open would need read and write.
std::optional<long> read_sem_value(Sys& sys, int fd)
{
    std::uint64_t word = 0;
    auto n = sys.read(fd, &word, sizeof word, 0);
    if (!n || *n != sizeof word)
        return std::nullopt;
    return static_cast<long>(word & 0xffffffffU);
}

void fill_queue(Sys& sys, Object& o, int fd)
{
    o.size = 0;
    if (fd >= 0) {
        char buf[256];
        if (auto n = sys.read(fd, buf, sizeof buf - 1, 0); n && *n > 0)
            if (auto q = parse_mq_qsize(std::string_view(buf, *n)))
                o.size = *q;
    }
    if (auto mq = sys.mq_open("/" + o.name, O_RDONLY | O_NONBLOCK, 0, nullptr))
        if (auto attr = sys.mq_getattr(mq->get())) {
            o.maxmsg = attr->mq_maxmsg;
            o.msgsize = attr->mq_msgsize;
            o.messages = static_cast<std::uint64_t>(attr->mq_curmsgs);
        }
}

Result<Object> stat_entry(Sys& sys, Kind kind, int dirfd, const std::string& entry, const std::string& name)
{
    const std::string path = fmt::format("{}/{}", folder_of(kind), entry);
    // O_NOATIME where we may (owner or CAP_FOWNER): looking at a semaphore's
    // value must not change the access time a listing shows.  (Reading a
    // queue's QSIZE sets its access and change times whatever we do: the
    // mqueue file system does that itself.)
    constexpr int flags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK;
    auto fd = sys.open(dirfd, entry, flags | O_NOATIME);
    if (!fd && fd.error() == EPERM)
        fd = sys.open(dirfd, entry, flags);
    // Unreadable to us (or not a file we may open): still stat it.
    auto st = fd ? sys.fstat(fd->get()) : sys.stat(dirfd, entry, false);
    if (!st)
        return std::unexpected(sys_error("stat", path, st.error()));
    if (!S_ISREG(st->st_mode))
        return std::unexpected(not_an_object("stat", kind, path, st->st_mode));
    Object o = from_stat(kind, name, path, *st);
    if (kind == Kind::posix_sem && fd)
        o.value = read_sem_value(sys, fd->get());
    if (kind == Kind::posix_mq)
        fill_queue(sys, o, fd ? fd->get() : -1);
    return o;
}

Result<Fd> open_folder(Sys& sys, Kind kind)
{
    const char* dir = folder_of(kind);
    auto fd = sys.open(AT_FDCWD, dir, O_RDONLY | O_DIRECTORY);
    if (!fd)
        return std::unexpected(sys_error("open", dir, fd.error()));
    return std::move(*fd);
}

// Why mq_open refused to create: the limit in the way and how to raise it.
Error explain_mq(Sys& sys, std::string what, int err, std::optional<long> maxmsg, std::optional<long> msgsize)
{
    Error e = sys_error("create", std::move(what), err);
    if (err == EEXIST) {
        e.detail = "already exists";
        return e;
    }
    const auto limits = mq_limits(sys);
    if (!limits || (err != EINVAL && err != ENOSPC))
        return e;
    const bool privileged = capable(sys.identity(), cap_sys_resource);
    const auto above = [&](std::string_view attribute, long asked, std::uint64_t limit, std::uint64_t hard,
                           std::string_view sysctl) -> bool {
        const auto value = static_cast<std::uint64_t>(asked);
        if (!privileged && value > limit && value <= hard)
            e.detail = fmt::format("{} {} is above the limit fs.mqueue.{} ({}); raise it with: "
                                   "sysctl -w fs.mqueue.{}={}",
                                   attribute, asked, sysctl, limit, sysctl, asked);
        else if (value > hard || (!privileged && value > limit))
            e.detail =
                fmt::format("{} {} is above the kernel's ceiling of {} (no sysctl raises it)", attribute, asked, hard);
        else
            return false;
        return true;
    };
    if (err == EINVAL) {
        if (maxmsg && above("maxmsg", *maxmsg, limits->msg_max, hard_msgmax, "msg_max"))
            return e;
        if (msgsize && above("msgsize", *msgsize, limits->msgsize_max, hard_msgsizemax, "msgsize_max"))
            return e;
        e.detail = "invalid attributes";
        return e;
    }
    e.detail = fmt::format("the limit fs.mqueue.queues_max ({} queues) is reached; raise it with: "
                           "sysctl -w fs.mqueue.queues_max={}",
                           limits->queues_max, limits->queues_max * 2);
    return e;
}

} // namespace

std::string posix_path(Kind kind, const std::string& name)
{
    switch (kind) {
    case Kind::posix_mq: return fmt::format("{}/{}", mqueue_dir, name);
    case Kind::posix_sem: return fmt::format("{}/sem.{}", shm_dir, name);
    default: return fmt::format("{}/{}", shm_dir, name);
    }
}

Result<void> check_shm_name(const std::string& name)
{
    if (name.starts_with(sem_prefix))
        return std::unexpected(usage_error(
            fmt::format("invalid POSIX shared memory name: '/{}' (/dev/shm/sem.NAME is the file of semaphore /NAME: "
                        "shared memory named sem.* would be taken for a semaphore)",
                        quote(name))));
    return {};
}

bool mqueue_mounted(Sys& sys)
{
    const auto type = sys.fs_type(mqueue_dir);
    return type && *type == mqueue_magic;
}

std::string mqueue_not_mounted_warning()
{
    return fmt::format("POSIX message queues are not listed: {} is not mounted "
                       "(mount it with: mkdir -p {} && mount -t mqueue none {})",
                       mqueue_dir, mqueue_dir, mqueue_dir);
}

Result<std::vector<Object>> list_posix(Kind kind, std::vector<std::string>& warnings, Sys& sys)
{
    if (kind == Kind::posix_mq && !mqueue_mounted(sys)) {
        warnings.push_back(mqueue_not_mounted_warning());
        return std::vector<Object>{};
    }
    auto dirfd = open_folder(sys, kind);
    if (!dirfd)
        return std::unexpected(dirfd.error());
    auto entries = sys.list_dir(dirfd->get());
    if (!entries)
        return std::unexpected(sys_error("read", folder_of(kind), entries.error()));
    std::vector<Object> out;
    for (const DirEntry& e : *entries) {
        if (e.name == "." || e.name == ".." || (e.type != DT_REG && e.type != DT_UNKNOWN))
            continue;
        const bool is_sem = e.name.starts_with(sem_prefix);
        if ((kind == Kind::posix_sem) != is_sem && kind != Kind::posix_mq)
            continue;
        const std::string name = kind == Kind::posix_sem ? e.name.substr(sem_prefix.size()) : e.name;
        auto o = stat_entry(sys, kind, dirfd->get(), e.name, name);
        if (o)
            out.push_back(std::move(*o));
        else if (o.error().err != ENOENT) // vanished while we looked: not worth a word
            warnings.push_back(o.error().message());
    }
    std::sort(out.begin(), out.end(), [](const Object& a, const Object& b) { return a.name < b.name; });
    return out;
}

Result<Object> stat_posix(Kind kind, const std::string& name, Sys& sys)
{
    if (kind == Kind::posix_mq && !mqueue_mounted(sys))
        return std::unexpected(failure("stat", posix_path(kind, name), mqueue_not_mounted_warning()));
    auto dirfd = open_folder(sys, kind);
    if (!dirfd)
        return std::unexpected(dirfd.error());
    const std::string entry = kind == Kind::posix_sem ? "sem." + name : name;
    return stat_entry(sys, kind, dirfd->get(), entry, name);
}

Result<Fd> open_posix_file(Kind kind, const std::string& name, int flags, Sys& sys)
{
    const std::string path = posix_path(kind, name);
    auto fd = sys.open(AT_FDCWD, path, flags | O_NOFOLLOW);
    if (!fd) {
        if (fd.error() == ELOOP) {
            Error e = failure("open", path, "is a symbolic link; refusing to follow it");
            e.err = ELOOP; // lets a command tell a refusal from a failure
            return std::unexpected(e);
        }
        if (fd.error() == EISDIR) // open(O_RDWR) said it before fstat could
            return std::unexpected(not_an_object("open", kind, path, S_IFDIR, "; refusing it"));
        return std::unexpected(sys_error("open", path, fd.error()));
    }
    auto st = sys.fstat(fd->get());
    if (!st)
        return std::unexpected(sys_error("stat", path, st.error()));
    if (!S_ISREG(st->st_mode))
        return std::unexpected(not_an_object("open", kind, path, st->st_mode, "; refusing it"));
    return std::move(*fd);
}

Result<std::uint64_t> parse_mq_qsize(std::string_view text)
{
    constexpr std::string_view field = "QSIZE:";
    const auto pos = text.find(field);
    if (pos == std::string_view::npos)
        return std::unexpected(failure("parse", "queue status", "no QSIZE field"));
    const char* begin = text.data() + pos + field.size();
    std::uint64_t v = 0;
    const auto [end, ec] = std::from_chars(begin, text.data() + text.size(), v);
    if (ec != std::errc{} || end == begin)
        return std::unexpected(failure("parse", "queue status", "QSIZE is not a number"));
    return v;
}

Result<MqLimits> mq_limits(Sys& sys)
{
    MqLimits l;
    const std::pair<const char*, std::uint64_t*> files[] = {
        {"/proc/sys/fs/mqueue/queues_max", &l.queues_max},
        {"/proc/sys/fs/mqueue/msg_max", &l.msg_max},
        {"/proc/sys/fs/mqueue/msgsize_max", &l.msgsize_max},
        {"/proc/sys/fs/mqueue/msg_default", &l.msg_default},
        {"/proc/sys/fs/mqueue/msgsize_default", &l.msgsize_default},
    };
    std::string text;
    for (auto [path, out] : files) {
        if (auto done = sys.read_file(AT_FDCWD, path, text); !done)
            return std::unexpected(sys_error("read", path, done.error()));
        std::string_view s = text;
        while (!s.empty() && s.back() == '\n')
            s.remove_suffix(1);
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
        if (ec != std::errc{} || end != s.data() + s.size())
            return std::unexpected(failure("read", path, "unexpected contents"));
    }
    return l;
}

Result<Fd> create_posix_shm(const std::string& name, std::uint64_t size, mode_t mode, bool exclusive, Sys& sys)
{
    const std::string path = posix_path(Kind::posix_shm, name);
    const std::string what = object_words(Kind::posix_shm, name);
    auto fd = sys.open(AT_FDCWD, path, O_RDWR | O_CREAT | O_NOFOLLOW | (exclusive ? O_EXCL : 0), mode);
    if (!fd) {
        if (fd.error() == EISDIR)
            return std::unexpected(not_an_object("create", Kind::posix_shm, what, S_IFDIR));
        if (fd.error() == ELOOP)
            return std::unexpected(not_an_object("create", Kind::posix_shm, what, S_IFLNK));
        Error e = sys_error("create", what, fd.error());
        if (e.err == EEXIST)
            e.detail = "already exists";
        return std::unexpected(e);
    }
    auto st = sys.fstat(fd->get());
    if (!st)
        return std::unexpected(sys_error("stat", what, st.error()));
    if (!S_ISREG(st->st_mode))
        return std::unexpected(not_an_object("create", Kind::posix_shm, what, st->st_mode));
    // An existing object keeps its size: shrinking memory that another
    // process maps kills that process with SIGBUS.  A new one is empty.
    if (st->st_size == 0 && size != 0) {
        if (auto sized = sys.ftruncate(fd->get(), static_cast<off_t>(size)); !sized) {
            // An object made here that cannot get its size is not left
            // behind (O_EXCL: it is ours); one that existed is left as it was.
            if (exclusive)
                (void)sys.unlink(AT_FDCWD, path);
            Error e = sys_error("resize", what, sized.error());
            if (e.err == EINVAL || e.err == EFBIG)
                e.detail = "invalid size (larger than /dev/shm allows)";
            return std::unexpected(e);
        }
    }
    return std::move(*fd);
}

Result<MqDescriptor> create_posix_mq(const std::string& name, std::optional<long> maxmsg, std::optional<long> msgsize,
                                     mode_t mode, bool exclusive, int access, Sys& sys)
{
    mq_attr attr{};
    const mq_attr* attrp = nullptr;
    if (maxmsg || msgsize) {
        // mq_open needs both; fill the missing one with the system default.
        auto limits = mq_limits(sys);
        attr.mq_maxmsg = maxmsg.value_or(limits ? static_cast<long>(limits->msg_default) : 10);
        attr.mq_msgsize = msgsize.value_or(limits ? static_cast<long>(limits->msgsize_default) : 8192);
        attrp = &attr;
    }
    auto mq = sys.mq_open("/" + name, access | O_CREAT | (exclusive ? O_EXCL : 0), mode, attrp);
    if (!mq)
        return std::unexpected(explain_mq(sys, object_words(Kind::posix_mq, name), mq.error(),
                                          attr.mq_maxmsg ? std::optional(attr.mq_maxmsg) : std::nullopt,
                                          attr.mq_msgsize ? std::optional(attr.mq_msgsize) : std::nullopt));
    return std::move(*mq);
}

Result<void> create_posix_sem(const std::string& name, unsigned value, mode_t mode, bool exclusive, Sys& sys)
{
    auto made = sys.sem_open("/" + name, O_CREAT | (exclusive ? O_EXCL : 0), mode, value);
    if (!made) {
        Error e = sys_error("create", object_words(Kind::posix_sem, name), made.error());
        if (e.err == EEXIST)
            e.detail = "already exists";
        return std::unexpected(e);
    }
    return {};
}

Result<void> remove_posix(Kind kind, const std::string& name, Sys& sys)
{
    // shm_unlink and sem_unlink are unlink(2) in /dev/shm; mq_unlink is a
    // system call of its own, which needs no mount.
    auto done = kind == Kind::posix_mq ? sys.mq_unlink("/" + name) : sys.unlink(AT_FDCWD, posix_path(kind, name));
    if (!done) {
        if (done.error() == EISDIR)
            return std::unexpected(not_an_object("remove", kind, object_words(kind, name), S_IFDIR));
        return std::unexpected(sys_error("remove", object_words(kind, name), done.error()));
    }
    return {};
}

bool may_unlink(const std::string& path, uid_t owner, Sys& sys)
{
    const auto slash = path.rfind('/');
    const std::string folder = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
    const Identity who = sys.identity();
    const auto dir = sys.stat(AT_FDCWD, folder, true);
    if (!dir)
        return false;
    if (!sys.access(folder, W_OK | X_OK) && !capable(who, cap_dac_override))
        return false;
    if ((dir->st_mode & S_ISVTX) != 0)
        return who.euid == owner || who.euid == dir->st_uid || capable(who, cap_fowner);
    return true;
}

Result<Object> restat_posix(const Object& listed, Sys& sys)
{
    auto now = stat_posix(listed.kind, listed.name, sys);
    if (!now)
        return now;
    if (listed.inode != 0 && now->inode != listed.inode)
        return std::unexpected(failure("check", describe(listed), "replaced by another object since it was listed"));
    return now;
}

} // namespace ipcutil
