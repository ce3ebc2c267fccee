#include "libipcutil/kernel/posix.hpp"

#include <dirent.h>
#include <mqueue.h>
#include <semaphore.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>

#include <fmt/format.h>

#include "libipcutil/core/procfs.hpp"

namespace ipcutil {
namespace {

constexpr long mqueue_magic = 0x19800202;
constexpr std::string_view sem_prefix = "sem.";

std::optional<std::time_t> unset_if_zero(std::time_t t)
{
    if (t == 0)
        return std::nullopt;
    return t;
}

Object from_stat(Kind kind, std::string name, std::string path, const struct stat& st)
{
    Object o;
    o.kind = kind;
    o.name = std::move(name);
    o.path = std::move(path);
    o.inode = st.st_ino;
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
std::optional<long> read_sem_value(int fd)
{
    std::uint64_t word = 0;
    if (::pread(fd, &word, sizeof word, 0) != static_cast<ssize_t>(sizeof word))
        return std::nullopt;
    return static_cast<long>(word & 0xffffffffU);
}

Result<Object> stat_entry(Kind kind, int dirfd, const std::string& entry, const std::string& name)
{
    const std::string path = fmt::format("{}/{}", kind == Kind::posix_mq ? mqueue_dir : shm_dir, entry);
    // O_NOATIME where we may (owner or CAP_FOWNER): looking at a semaphore's
    // value must not change the access time a listing shows.  (Reading a
    // queue's QSIZE sets its access and change times whatever we do: the
    // mqueue file system does that itself.)
    constexpr int flags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC;
    Fd fd(::openat(dirfd, entry.c_str(), flags | O_NOATIME));
    if (!fd && errno == EPERM)
        fd.reset(::openat(dirfd, entry.c_str(), flags));
    struct stat st {};
    if (!fd) {
        // Unreadable to us: still list it from lstat.
        if (::fstatat(dirfd, entry.c_str(), &st, AT_SYMLINK_NOFOLLOW) < 0)
            return std::unexpected(sys_error("stat", path, errno));
    } else if (::fstat(fd.get(), &st) < 0) {
        return std::unexpected(sys_error("stat", path, errno));
    }
    if (!S_ISREG(st.st_mode))
        return std::unexpected(failure("stat", path, "not a regular file"));
    Object o = from_stat(kind, name, path, st);
    if (kind == Kind::posix_sem && fd)
        o.value = read_sem_value(fd.get());
    if (kind == Kind::posix_mq) {
        o.size = 0;
        if (fd) {
            char buf[256];
            const ssize_t n = ::pread(fd.get(), buf, sizeof buf - 1, 0);
            if (n > 0)
                if (auto q = parse_mq_qsize(std::string_view(buf, static_cast<std::size_t>(n))))
                    o.size = *q;
        }
        MqDescriptor mq(::mq_open(("/" + name).c_str(), O_RDONLY | O_NONBLOCK));
        if (mq) {
            mq_attr attr{};
            if (::mq_getattr(mq.get(), &attr) == 0) {
                o.maxmsg = attr.mq_maxmsg;
                o.msgsize = attr.mq_msgsize;
                o.messages = static_cast<std::uint64_t>(attr.mq_curmsgs);
            }
        }
    }
    return o;
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

bool mqueue_mounted()
{
    struct statfs sf {};
    return ::statfs(mqueue_dir, &sf) == 0 && sf.f_type == mqueue_magic;
}

std::string mqueue_not_mounted_warning()
{
    return fmt::format("POSIX message queues are not listed: {} is not mounted "
                       "(mount it with: mkdir -p {} && mount -t mqueue none {})",
                       mqueue_dir, mqueue_dir, mqueue_dir);
}

Result<std::vector<Object>> list_posix(Kind kind, std::vector<std::string>& warnings)
{
    const char* dir = kind == Kind::posix_mq ? mqueue_dir : shm_dir;
    if (kind == Kind::posix_mq && !mqueue_mounted()) {
        warnings.push_back(mqueue_not_mounted_warning());
        return std::vector<Object>{};
    }
    Fd dirfd(::open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dirfd)
        return std::unexpected(sys_error("open", dir, errno));
    DIR* d = ::fdopendir(::dup(dirfd.get()));
    if (d == nullptr)
        return std::unexpected(sys_error("read", dir, errno));
    std::vector<Object> out;
    while (const dirent* e = ::readdir(d)) {
        const std::string entry = e->d_name;
        if (entry == "." || entry == ".." || (e->d_type != DT_REG && e->d_type != DT_UNKNOWN))
            continue;
        const bool is_sem = entry.starts_with(sem_prefix);
        if ((kind == Kind::posix_sem) != is_sem && kind != Kind::posix_mq)
            continue;
        const std::string name = kind == Kind::posix_sem ? entry.substr(sem_prefix.size()) : entry;
        auto o = stat_entry(kind, dirfd.get(), entry, name);
        if (o)
            out.push_back(std::move(*o));
        else if (o.error().err != ENOENT) // vanished while we looked: not worth a word
            warnings.push_back(o.error().message());
    }
    ::closedir(d);
    std::sort(out.begin(), out.end(), [](const Object& a, const Object& b) { return a.name < b.name; });
    return out;
}

Result<Object> stat_posix(Kind kind, const std::string& name)
{
    const char* dir = kind == Kind::posix_mq ? mqueue_dir : shm_dir;
    if (kind == Kind::posix_mq && !mqueue_mounted())
        return std::unexpected(failure("stat", posix_path(kind, name), mqueue_not_mounted_warning()));
    Fd dirfd(::open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dirfd)
        return std::unexpected(sys_error("open", dir, errno));
    const std::string entry = kind == Kind::posix_sem ? "sem." + name : name;
    return stat_entry(kind, dirfd.get(), entry, name);
}

Result<Fd> open_posix_file(Kind kind, const std::string& name, int flags)
{
    const std::string path = posix_path(kind, name);
    Fd fd(::open(path.c_str(), flags | O_NOFOLLOW | O_CLOEXEC));
    if (!fd) {
        const int err = errno;
        if (err == ELOOP) {
            Error e = failure("open", path, "is a symbolic link; refusing to follow it");
            e.err = ELOOP; // lets a command tell a refusal from a failure
            return std::unexpected(e);
        }
        return std::unexpected(sys_error("open", path, err));
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) < 0)
        return std::unexpected(sys_error("stat", path, errno));
    if (!S_ISREG(st.st_mode)) {
        Error e = failure("open", path, "not a regular file; refusing it");
        e.err = EMEDIUMTYPE; // lets a command tell a refusal from a failure
        return std::unexpected(e);
    }
    return fd;
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

Result<MqLimits> mq_limits()
{
    MqLimits l;
    const std::pair<const char*, std::uint64_t*> files[] = {
        {"/proc/sys/fs/mqueue/queues_max", &l.queues_max},
        {"/proc/sys/fs/mqueue/msg_max", &l.msg_max},
        {"/proc/sys/fs/mqueue/msgsize_max", &l.msgsize_max},
        {"/proc/sys/fs/mqueue/msg_default", &l.msg_default},
        {"/proc/sys/fs/mqueue/msgsize_default", &l.msgsize_default},
    };
    for (auto [path, out] : files) {
        auto text = read_small_file(path);
        if (!text)
            return std::unexpected(text.error());
        std::string_view s = *text;
        while (!s.empty() && s.back() == '\n')
            s.remove_suffix(1);
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
        if (ec != std::errc{} || end != s.data() + s.size())
            return std::unexpected(failure("read", path, "unexpected contents"));
    }
    return l;
}

Result<void> remove_posix(Kind kind, const std::string& name)
{
    const std::string slash_name = "/" + name;
    int rc = -1;
    switch (kind) {
    case Kind::posix_mq: rc = ::mq_unlink(slash_name.c_str()); break;
    case Kind::posix_sem: rc = ::sem_unlink(slash_name.c_str()); break;
    default: rc = ::shm_unlink(slash_name.c_str()); break;
    }
    if (rc < 0)
        return std::unexpected(sys_error("remove", fmt::format("{} /{}", kind_words(kind), name), errno));
    return {};
}

} // namespace ipcutil
