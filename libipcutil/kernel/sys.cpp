#include "libipcutil/kernel/sys.hpp"

#include <linux/capability.h>
#include <semaphore.h>
#include <signal.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include "libipcutil/core/procfs.hpp"

namespace ipcutil {
namespace {

// The answer of a call that returns -1 and sets errno.
template <class T> SysResult<T> checked(T value)
{
    if (value < 0)
        return std::unexpected(errno);
    return value;
}

SysResult<void> checked_void(int rc)
{
    if (rc < 0)
        return std::unexpected(errno);
    return {};
}

// umask(0) for the length of a creating call, so that it gets exactly the
// mode asked for.
class UmaskZero {
  public:
    UmaskZero() : old_(::umask(0)) {}
    UmaskZero(const UmaskZero&) = delete;
    UmaskZero& operator=(const UmaskZero&) = delete;
    ~UmaskZero() { ::umask(old_); }

  private:
    mode_t old_;
};

std::uint64_t effective_caps()
{
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[2]{};
    if (::syscall(SYS_capget, &header, data) < 0)
        return ::geteuid() == 0 ? ~std::uint64_t{0} : 0;
    return (std::uint64_t{data[1].effective} << 32) | data[0].effective;
}

class RealSys final : public Sys {
  public:
    SysResult<int> shmget(key_t key, std::size_t size, int flags) override
    {
        return checked(::shmget(key, size, flags));
    }
    SysResult<int> msgget(key_t key, int flags) override { return checked(::msgget(key, flags)); }
    SysResult<int> semget(key_t key, int nsems, int flags) override { return checked(::semget(key, nsems, flags)); }
    SysResult<int> shmctl(int id, int cmd, shmid_ds* buf) override { return checked(::shmctl(id, cmd, buf)); }
    SysResult<int> msgctl(int id, int cmd, msqid_ds* buf) override { return checked(::msgctl(id, cmd, buf)); }
    SysResult<int> semctl(int id, int num, int cmd, SemArg arg) override
    {
        return checked(::semctl(id, num, cmd, arg));
    }

    SysResult<Fd> open(int dirfd, const std::string& path, int flags, mode_t mode) override
    {
        int fd = -1;
        if ((flags & O_CREAT) != 0) {
            const UmaskZero exact;
            fd = ::openat(dirfd, path.c_str(), flags | O_CLOEXEC, mode);
        } else {
            fd = ::openat(dirfd, path.c_str(), flags | O_CLOEXEC);
        }
        if (fd < 0)
            return std::unexpected(errno);
        return Fd(fd);
    }
    SysResult<struct stat> fstat(int fd) override
    {
        struct stat st {};
        if (::fstat(fd, &st) < 0)
            return std::unexpected(errno);
        return st;
    }
    SysResult<struct stat> stat(int dirfd, const std::string& path, bool follow) override
    {
        struct stat st {};
        if (::fstatat(dirfd, path.c_str(), &st, follow ? 0 : AT_SYMLINK_NOFOLLOW) < 0)
            return std::unexpected(errno);
        return st;
    }
    SysResult<std::size_t> read(int fd, void* buf, std::size_t size, off_t offset) override
    {
        for (;;) {
            const ssize_t n = offset < 0 ? ::read(fd, buf, size) : ::pread(fd, buf, size, offset);
            if (n >= 0)
                return static_cast<std::size_t>(n);
            if (errno != EINTR)
                return std::unexpected(errno);
        }
    }
    SysResult<void> read_file(int dirfd, const std::string& path, std::string& into) override
    {
        const Fd fd(::openat(dirfd, path.c_str(), O_RDONLY | O_CLOEXEC));
        if (!fd)
            return std::unexpected(errno);
        if (const int err = read_to_end(fd.get(), into); err != 0)
            return std::unexpected(err);
        return {};
    }
    SysResult<std::string> readlink(int dirfd, const std::string& path) override
    {
        char buf[4096];
        const ssize_t n = ::readlinkat(dirfd, path.c_str(), buf, sizeof buf);
        if (n < 0)
            return std::unexpected(errno);
        return std::string(buf, static_cast<std::size_t>(n));
    }
    SysResult<std::vector<DirEntry>> list_dir(int dirfd) override
    {
        const int own = ::dup(dirfd);
        if (own < 0)
            return std::unexpected(errno);
        DIR* d = ::fdopendir(own);
        if (d == nullptr) {
            const int err = errno;
            ::close(own);
            return std::unexpected(err);
        }
        ::rewinddir(d); // the duplicate shares the offset of an earlier listing
        std::vector<DirEntry> out;
        errno = 0;
        while (const dirent* e = ::readdir(d)) {
            out.push_back({e->d_name, e->d_type});
            errno = 0;
        }
        const int err = errno;
        ::closedir(d);
        if (err != 0)
            return std::unexpected(err);
        return out;
    }
    SysResult<void> unlink(int dirfd, const std::string& path) override
    {
        return checked_void(::unlinkat(dirfd, path.c_str(), 0));
    }
    SysResult<void> mkfifo(const std::string& path, mode_t mode) override
    {
        const UmaskZero exact;
        return checked_void(::mkfifo(path.c_str(), mode));
    }
    SysResult<void> ftruncate(int fd, off_t size) override { return checked_void(::ftruncate(fd, size)); }
    SysResult<void> access(const std::string& path, int mode) override
    {
        return checked_void(::faccessat(AT_FDCWD, path.c_str(), mode, AT_EACCESS));
    }
    SysResult<long> fs_type(const std::string& path) override
    {
        struct statfs sf {};
        if (::statfs(path.c_str(), &sf) < 0)
            return std::unexpected(errno);
        return static_cast<long>(sf.f_type);
    }

    SysResult<MqDescriptor> mq_open(const std::string& name, int flags, mode_t mode, const mq_attr* attr) override
    {
        mqd_t mq = static_cast<mqd_t>(-1);
        if ((flags & O_CREAT) != 0) {
            const UmaskZero exact;
            mq = ::mq_open(name.c_str(), flags, mode, const_cast<mq_attr*>(attr));
        } else {
            mq = ::mq_open(name.c_str(), flags);
        }
        if (mq == static_cast<mqd_t>(-1))
            return std::unexpected(errno);
        return MqDescriptor(mq);
    }
    SysResult<mq_attr> mq_getattr(mqd_t mq) override
    {
        mq_attr attr{};
        if (::mq_getattr(mq, &attr) < 0)
            return std::unexpected(errno);
        return attr;
    }
    SysResult<void> mq_unlink(const std::string& name) override { return checked_void(::mq_unlink(name.c_str())); }
    SysResult<void> sem_open(const std::string& name, int flags, mode_t mode, unsigned value) override
    {
        sem_t* sem = SEM_FAILED;
        {
            const UmaskZero exact;
            sem = ::sem_open(name.c_str(), flags, mode, value);
        }
        if (sem == SEM_FAILED)
            return std::unexpected(errno);
        const Semaphore closed_on_return(sem);
        return {};
    }

    SysResult<void> kill(pid_t pid, int sig) override { return checked_void(::kill(pid, sig)); }
    Identity identity() override
    {
        Identity who;
        who.pid = ::getpid();
        who.euid = ::geteuid();
        who.egid = ::getegid();
        const int n = ::getgroups(0, nullptr);
        if (n > 0) {
            who.groups.resize(static_cast<std::size_t>(n));
            const int got = ::getgroups(n, who.groups.data());
            who.groups.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
        }
        who.caps = effective_caps();
        return who;
    }
    std::time_t now() override { return std::time(nullptr); }
};

} // namespace

Sys& real_sys()
{
    static RealSys sys;
    return sys;
}

} // namespace ipcutil
