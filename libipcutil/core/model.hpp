#pragma once
// One record per IPC object, whatever its kind.  Fields a kind does not have
// stay at their defaults; times the kernel never set are absent, not zero.

#include <sys/types.h>

#include <cstdint>
#include <ctime>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ipcutil {

enum class Kind { sysv_shm, sysv_msg, sysv_sem, posix_shm, posix_mq, posix_sem, fifo };

inline constexpr Kind all_kinds[] = {Kind::sysv_shm, Kind::sysv_msg,  Kind::sysv_sem, Kind::posix_shm,
                                     Kind::posix_mq, Kind::posix_sem, Kind::fifo};

/// Short stable name: "sysv-shm", "posix-mq", ...
[[nodiscard]] std::string_view kind_name(Kind kind);
/// Words for messages: "shared memory", "message queue", "semaphore set",
/// "POSIX shared memory", "POSIX message queue", "POSIX semaphore", "FIFO".
[[nodiscard]] std::string_view kind_words(Kind kind);
/// Several kinds in a sentence: "shared memory, message queue or semaphore set".
[[nodiscard]] std::string kinds_words(std::span<const Kind> kinds);
[[nodiscard]] bool is_sysv(Kind kind);
[[nodiscard]] bool is_posix(Kind kind);

/// A process that maps or holds an object.
struct Holder {
    pid_t pid = 0;
    std::string command; ///< /proc/PID/comm
};

struct Object {
    Kind kind = Kind::sysv_shm;

    // Identity: System V id + key, or POSIX/FIFO name (POSIX without the '/').
    int id = -1;
    key_t key = 0;
    std::string name;
    std::string path; ///< /dev/shm/NAME, /dev/mqueue/NAME, the FIFO's path
    ino_t inode = 0;  ///< POSIX objects: the file's inode (re-checked before removal)

    // Ownership and permissions.
    uid_t uid = 0; ///< owner
    gid_t gid = 0;
    uid_t cuid = 0; ///< creator (System V; POSIX: same as owner)
    gid_t cgid = 0;
    mode_t mode = 0; ///< permission bits only (0777)

    // System V shared memory.
    std::uint64_t size = 0;   ///< bytes (shm segment, POSIX shm file, POSIX mq QSIZE)
    std::uint64_t nattch = 0; ///< attach count
    bool dest = false;        ///< marked for removal (SHM_DEST)
    bool locked = false;      ///< SHM_LOCKED
    std::uint64_t rss = 0;    ///< resident bytes
    std::uint64_t swap = 0;   ///< swapped bytes

    // System V message queues (used bytes live in `size`).
    std::uint64_t messages = 0; ///< messages in the queue (also POSIX mq curmsgs)
    std::uint64_t qbytes = 0;   ///< queue capacity in bytes (msg_qbytes)

    // System V semaphore sets.
    std::uint64_t nsems = 0;

    // POSIX message queues and semaphores.
    std::optional<long> maxmsg;  ///< mq_maxmsg
    std::optional<long> msgsize; ///< mq_msgsize
    std::optional<long> value;   ///< semaphore value

    // Processes: creator and last operator (shm: cpid/lpid; msg: lspid/lrpid).
    pid_t cpid = 0;
    pid_t lpid = 0;

    // Times.  shm: attach/detach/change; msg: send/receive/change;
    // sem: operation/change; POSIX: access/modify/change of the file.
    std::optional<std::time_t> atime;
    std::optional<std::time_t> dtime;
    std::optional<std::time_t> ctime;

    /// Processes mapping or holding it; filled in by the procs module.
    std::vector<Holder> holders;

    // FIFOs: the holders that have it open for reading (O_RDONLY or O_RDWR)
    // and for writing (O_WRONLY or O_RDWR), by pid, ascending.
    std::vector<pid_t> readers;
    std::vector<pid_t> writers;
    /// POSIX objects and FIFOs: the file's device, dev_key(st_dev).  With
    /// the inode it names the file wherever it is seen from (another mount
    /// namespace's /dev/shm is another device).
    std::uint64_t dev = 0;
    // Where it lives and who it belongs to (xipcs -A, the NS, CONTAINER
    // and UNIT columns).
    std::uint64_t ns = 0;  ///< the IPC namespace's inode; 0 when not looked up
    std::string container; ///< its namespace's container (ownership.hpp container_label); empty: none or unknown
    std::string unit;      ///< the systemd unit of its holders or its live creator; empty: none or unknown
};

/// A device as (major << 32) | minor, the way /proc/PID/maps prints it,
/// whatever the packing of dev_t.
[[nodiscard]] std::uint64_t dev_key(dev_t dev);
[[nodiscard]] constexpr std::uint64_t dev_key(unsigned major, unsigned minor)
{
    return (std::uint64_t{major} << 32) | minor;
}

/// The objects of one kind, in the order a listing shows them: what every
/// listing face, filter and export works on.
struct ObjectList {
    Kind kind = Kind::sysv_shm;
    std::vector<Object> objects;
};

/// How ipcs/lsipc name an object in messages: "shared memory id 42",
/// "POSIX message queue /jobs", "FIFO /run/x".  The name is raw: as an
/// Error's object it is escaped when the message is made.
[[nodiscard]] std::string describe(const Object& object);

} // namespace ipcutil
