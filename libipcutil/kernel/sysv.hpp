#pragma once
// System V objects: enumeration, detail, limits, create and remove.

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "libipcutil/core/error.hpp"
#include "libipcutil/core/model.hpp"

namespace ipcutil {

/// Parse the text of /proc/sysvipc/{shm,msg,sem}.  Columns are found by the
/// header's names, so kernels that add columns still parse.  Lines that do
/// not parse are skipped and counted in `malformed` (when given).
[[nodiscard]] std::vector<Object> parse_proc_sysvipc(Kind kind, std::string_view text,
                                                     std::size_t* malformed = nullptr);

/// Every System V object of `kind` (sysv_shm, sysv_msg or sysv_sem), in id
/// order: from /proc/sysvipc, or, when that cannot be read, from the
/// SHM_INFO/SHM_STAT (MSG_, SEM_) interface.
[[nodiscard]] Result<std::vector<Object>> list_sysv(Kind kind);

/// Every System V object of `kind` in the kernel's index order (the order
/// /proc and ipcs list them in; ids are not sorted once the sequence number
/// wraps), handed to `each` one at a time: one pass over the /proc file with
/// one fixed buffer, nothing kept, so listings of tens of thousands of
/// objects stay cheap.  Falls back to the *_STAT interface like list_sysv.
[[nodiscard]] Result<void> for_each_sysv(Kind kind, const std::function<void(const Object&)>& each);

/// The same through the *_STAT interface only (the fallback; testable).
[[nodiscard]] Result<std::vector<Object>> list_sysv_stat(Kind kind);

/// One object by id (IPC_STAT alone: no rss/swap, see fill_shm_memory).
[[nodiscard]] Result<Object> stat_sysv(Kind kind, int id);

/// Fill a System V segment's rss and swap, which IPC_STAT does not report,
/// from /proc/sysvipc/shm.  A pass over every segment: only for output that
/// shows them, never on the way to reading or removing one.
void fill_shm_memory(Object& o);

/// The id an existing key names (shmget/msgget/semget without IPC_CREAT).
[[nodiscard]] Result<int> sysv_id_for_key(Kind kind, key_t key);

/// One semaphore of a set, as `ipcs -s -i` shows it.
struct SemElement {
    int value = 0;
    int ncount = 0;
    int zcount = 0;
    pid_t pid = 0;
};
[[nodiscard]] Result<std::vector<SemElement>> sem_elements(int semid, std::uint64_t nsems);

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
[[nodiscard]] Result<SysvLimits> sysv_limits();

/// Current usage (SHM_INFO, MSG_INFO, SEM_INFO), as `ipcs -u` shows it.
struct SysvUsage {
    std::uint64_t shm_segments = 0, shm_pages = 0, shm_resident = 0, shm_swapped = 0;
    std::uint64_t msg_queues = 0, msg_headers = 0, msg_space = 0;
    std::uint64_t sem_sets = 0, sem_semaphores = 0;
    std::uint64_t shm_swap_attempts = 0, shm_swap_successes = 0; ///< always 0 on Linux; ipcs -u prints them
};
[[nodiscard]] Result<SysvUsage> sysv_usage();

/// Remove one object by id (IPC_RMID).
[[nodiscard]] Result<void> remove_sysv(Kind kind, int id);

} // namespace ipcutil
