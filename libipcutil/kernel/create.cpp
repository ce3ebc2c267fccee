#include "libipcutil/kernel/create.hpp"

#include <fcntl.h>
#include <mqueue.h>
#include <semaphore.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <random>

#include <fmt/format.h>

#include "libipcutil/core/parse.hpp"
#include "libipcutil/kernel/posix.hpp"
#include "libipcutil/kernel/sysv.hpp"

namespace ipcutil {
namespace {

int create_flags(mode_t mode, bool exclusive)
{
    return IPC_CREAT | static_cast<int>(mode & 0777) | (exclusive ? IPC_EXCL : 0);
}

std::string sysv_what(Kind kind, key_t key)
{
    if (key == IPC_PRIVATE)
        return std::string(kind_words(kind));
    return fmt::format("{} key {}", kind_words(kind), format_key(key));
}

// RAII umask(0) so created files get exactly `mode`.
class UmaskZero {
  public:
    UmaskZero() : old_(::umask(0)) {}
    UmaskZero(const UmaskZero&) = delete;
    UmaskZero& operator=(const UmaskZero&) = delete;
    ~UmaskZero() { ::umask(old_); }

  private:
    mode_t old_;
};

} // namespace

Result<int> create_sysv_shm(key_t key, std::uint64_t size, mode_t mode, bool exclusive)
{
    const int id = ::shmget(key, size, create_flags(mode, exclusive));
    if (id < 0)
        return std::unexpected(sys_error("create", sysv_what(Kind::sysv_shm, key), errno));
    return id;
}

Result<int> create_sysv_msg(key_t key, mode_t mode, bool exclusive)
{
    const int id = ::msgget(key, create_flags(mode, exclusive));
    if (id < 0)
        return std::unexpected(sys_error("create", sysv_what(Kind::sysv_msg, key), errno));
    return id;
}

Result<int> create_sysv_sem(key_t key, std::uint64_t nsems, mode_t mode, bool exclusive)
{
    if (nsems > static_cast<std::uint64_t>(INT32_MAX))
        return std::unexpected(sys_error("create", sysv_what(Kind::sysv_sem, key), EINVAL));
    const int id = ::semget(key, static_cast<int>(nsems), create_flags(mode, exclusive));
    if (id < 0)
        return std::unexpected(sys_error("create", sysv_what(Kind::sysv_sem, key), errno));
    return id;
}

key_t random_key(Kind kind)
{
    std::random_device rd;
    std::mt19937 gen(rd());
    std::uniform_int_distribution<std::uint32_t> dist(1, 0x7fffffff);
    for (;;) {
        const auto key = static_cast<key_t>(dist(gen));
        if (!sysv_id_for_key(kind, key))
            return key;
    }
}

Result<Fd> create_posix_shm(const std::string& name, std::uint64_t size, mode_t mode, bool exclusive)
{
    const std::string slash = "/" + name;
    const std::string what = fmt::format("POSIX shared memory {}", slash);
    Fd fd;
    {
        const UmaskZero mask;
        fd.reset(::shm_open(slash.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | (exclusive ? O_EXCL : 0), mode));
    }
    if (!fd)
        return std::unexpected(sys_error("create", what, errno));
    struct stat st {};
    if (::fstat(fd.get(), &st) < 0)
        return std::unexpected(sys_error("stat", what, errno));
    if (!S_ISREG(st.st_mode))
        return std::unexpected(failure("create", what, "not a regular file"));
    if (static_cast<std::uint64_t>(st.st_size) != size && ::ftruncate(fd.get(), static_cast<off_t>(size)) < 0) {
        const int err = errno;
        // An object made here that cannot get its size is not left behind
        // (O_EXCL: it is ours); one that existed is left as it was.
        if (exclusive)
            ::shm_unlink(slash.c_str());
        return std::unexpected(sys_error("resize", what, err));
    }
    return fd;
}

Result<MqDescriptor> create_posix_mq(const std::string& name, std::optional<long> maxmsg, std::optional<long> msgsize,
                                     mode_t mode, bool exclusive, int access)
{
    const std::string slash = "/" + name;
    const std::string what = fmt::format("POSIX message queue {}", slash);
    mq_attr attr{};
    mq_attr* attrp = nullptr;
    if (maxmsg || msgsize) {
        // mq_open needs both; fill the missing one with the system default.
        auto limits = mq_limits();
        attr.mq_maxmsg = maxmsg.value_or(limits ? static_cast<long>(limits->msg_default) : 10);
        attr.mq_msgsize = msgsize.value_or(limits ? static_cast<long>(limits->msgsize_default) : 8192);
        attrp = &attr;
    }
    mqd_t mq = static_cast<mqd_t>(-1);
    {
        const UmaskZero mask;
        mq = ::mq_open(slash.c_str(), access | O_CREAT | (exclusive ? O_EXCL : 0), mode, attrp);
    }
    if (mq == static_cast<mqd_t>(-1))
        return std::unexpected(sys_error("create", what, errno));
    return MqDescriptor(mq);
}

Result<void> create_posix_sem(const std::string& name, unsigned value, mode_t mode, bool exclusive)
{
    const std::string slash = "/" + name;
    sem_t* sem = SEM_FAILED;
    {
        const UmaskZero mask;
        sem = ::sem_open(slash.c_str(), O_CREAT | (exclusive ? O_EXCL : 0), mode, value);
    }
    if (sem == SEM_FAILED)
        return std::unexpected(sys_error("create", fmt::format("POSIX semaphore {}", slash), errno));
    const Semaphore owned(sem);
    return {};
}

Result<void> create_fifo(const std::string& path, mode_t mode)
{
    const UmaskZero mask;
    if (::mkfifo(path.c_str(), mode) < 0)
        return std::unexpected(sys_error("create", fmt::format("FIFO {}", path), errno));
    return {};
}

Result<Object> resolve(const Selector& selector, Kind sysv_kind, Kind posix_kind)
{
    switch (selector.type) {
    case Selector::Type::id: return stat_sysv(sysv_kind, selector.id);
    case Selector::Type::key: {
        auto id = sysv_id_for_key(sysv_kind, selector.key);
        if (!id)
            return std::unexpected(id.error());
        return stat_sysv(sysv_kind, *id);
    }
    case Selector::Type::name: {
        const bool wrong_folder = (selector.folder == Selector::Folder::shm && posix_kind == Kind::posix_mq)
                                  || (selector.folder == Selector::Folder::mqueue && posix_kind != Kind::posix_mq);
        if (wrong_folder)
            return std::unexpected(usage_error(
                fmt::format("invalid object: '{}' (not a {})", quote(selector.text), kind_words(posix_kind))));
        return stat_posix(posix_kind, selector.name);
    }
    }
    return std::unexpected(failure("resolve", selector.text, "unknown selector"));
}

} // namespace ipcutil
