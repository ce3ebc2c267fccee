#pragma once
// System V objects: enumeration, detail, limits, create and remove, all
// through a Sys (kernel/sys.hpp).

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "libipcutil/core/error.hpp"
#include "libipcutil/core/model.hpp"
#include "libipcutil/kernel/sys.hpp"

namespace ipcutil {

/// Parse the text of /proc/sysvipc/{shm,msg,sem}.  Columns are found by the
/// header's names, so kernels that add columns still parse.  Lines that do
/// not parse are skipped and counted in `malformed` (when given).
[[nodiscard]] std::vector<Object> parse_proc_sysvipc(Kind kind, std::string_view text,
                                                     std::size_t* malformed = nullptr);

/// Every System V object of `kind` (sysv_shm, sysv_msg or sysv_sem), in id
/// order: from /proc/sysvipc, or, when that cannot be read, from the
/// SHM_INFO/SHM_STAT (MSG_, SEM_) interface.
[[nodiscard]] Result<std::vector<Object>> list_sysv(Kind kind, Sys& sys = real_sys());

/// Every System V object of `kind` in the kernel's index order (the order
/// /proc and ipcs list them in; ids are not sorted once the sequence number
/// wraps), handed to `each` one at a time: one pass over the /proc file with
/// one fixed buffer, nothing kept, so listings of tens of thousands of
/// objects stay cheap.  Falls back to the *_STAT interface like list_sysv.
[[nodiscard]] Result<void> for_each_sysv(Kind kind, const std::function<void(const Object&)>& each,
                                         Sys& sys = real_sys());

/// The same through the *_STAT interface only (the fallback; testable).
[[nodiscard]] Result<std::vector<Object>> list_sysv_stat(Kind kind, Sys& sys = real_sys());

/// One object by id (IPC_STAT alone: no rss/swap, see fill_shm_memory).  An
/// id that names nothing (EINVAL, EIDRM) is an error with ENOENT: "find
/// shared memory id 5: not found".
[[nodiscard]] Result<Object> stat_sysv(Kind kind, int id, Sys& sys = real_sys());

/// Fill a System V segment's rss and swap, which IPC_STAT does not report,
/// from /proc/sysvipc/shm.  A pass over every segment: only for output that
/// shows them, never on the way to reading or removing one.
void fill_shm_memory(Object& o, Sys& sys = real_sys());

/// The id an existing key names (shmget/msgget/semget without IPC_CREAT).
[[nodiscard]] Result<int> sysv_id_for_key(Kind kind, key_t key, Sys& sys = real_sys());

/// One semaphore of a set, as `ipcs -s -i` shows it.
struct SemElement {
    int value = 0;
    int ncount = 0;
    int zcount = 0;
    pid_t pid = 0;
};
[[nodiscard]] Result<std::vector<SemElement>> sem_elements(int semid, std::uint64_t nsems, Sys& sys = real_sys());

/// System-wide limits, from /proc/sys/kernel/* (IPC_INFO when unreadable).
struct SysvLimits {
    std::uint64_t shmmax = 0;     ///< max segment size, bytes
    std::uint64_t shmall = 0;     ///< max total shared memory, pages
    std::uint64_t shmmni = 0;     ///< max number of segments
    std::uint64_t shmmin = 1;     ///< min segment size, bytes
    std::uint64_t msgmni = 0;     ///< max number of queues
    std::uint64_t msgmax = 0;     ///< max message size, bytes
    std::uint64_t msgmnb = 0;     ///< default max queue size, bytes
    std::uint64_t semmsl = 0;     ///< max semaphores per set
    std::uint64_t semmns = 0;     ///< max semaphores system wide
    std::uint64_t semopm = 0;     ///< max ops per semop call
    std::uint64_t semmni = 0;     ///< max number of sets
    std::uint64_t semvmx = 32767; ///< semaphore max value
};
[[nodiscard]] Result<SysvLimits> sysv_limits(Sys& sys = real_sys());

/// Current usage (SHM_INFO, MSG_INFO, SEM_INFO), as `ipcs -u` shows it.
struct SysvUsage {
    std::uint64_t shm_segments = 0, shm_pages = 0, shm_resident = 0, shm_swapped = 0;
    std::uint64_t msg_queues = 0, msg_headers = 0, msg_space = 0;
    std::uint64_t sem_sets = 0, sem_semaphores = 0;
    std::uint64_t shm_swap_attempts = 0, shm_swap_successes = 0; ///< always 0 on Linux; ipcs -u prints them
};
[[nodiscard]] Result<SysvUsage> sysv_usage(Sys& sys = real_sys());

/// Create an object; returns the id.  `key` 0 (IPC_PRIVATE) always makes a
/// new object; `exclusive` refuses an existing key (IPC_EXCL).  The mode is
/// exact.  A refusal reads in words that say what to change: "already
/// exists", or which system limit stood in the way and the sysctl that
/// raises it ("size 8589934592 is above the limit kernel.shmmax ...").
[[nodiscard]] Result<int> create_sysv_shm(key_t key, std::uint64_t size, mode_t mode, bool exclusive,
                                          Sys& sys = real_sys());
[[nodiscard]] Result<int> create_sysv_msg(key_t key, mode_t mode, bool exclusive, Sys& sys = real_sys());
[[nodiscard]] Result<int> create_sysv_sem(key_t key, std::uint64_t nsems, mode_t mode, bool exclusive,
                                          Sys& sys = real_sys());

/// A random key not in use by any System V object of `kind` (as ipcmk).
[[nodiscard]] key_t random_key(Kind kind, Sys& sys = real_sys());

/// Remove one object by id (IPC_RMID).  An id that names nothing reads
/// "not found" (ENOENT), one removed meanwhile "already removed" (EIDRM).
[[nodiscard]] Result<void> remove_sysv(Kind kind, int id, Sys& sys = real_sys());

/// Whether the kernel lets this process remove `object`: its owner, its
/// creator, or CAP_SYS_ADMIN.
[[nodiscard]] bool may_remove_sysv(const Object& object, Sys& sys = real_sys());

/// `listed` as it is now, if it is still the same object (ids are reused:
/// the key must match); see restat() in kernel/objects.hpp.
[[nodiscard]] Result<Object> restat_sysv(const Object& listed, Sys& sys = real_sys());

} // namespace ipcutil
