#pragma once
// The orphan rule (xipcs --orphans, xipcrm --orphans) and the re-check made
// right before removing an orphan, over a thin system call interface so
// tests can inject EIDRM, EACCES, ENOENT without a real kernel race.

#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <chrono>
#include <ctime>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "libipcutil/core/error.hpp"
#include "libipcutil/core/model.hpp"
#include "libipcutil/holders/proc_scan.hpp"

namespace ipcutil {

/// The system calls the orphan code makes.  Each returns 0 or an errno
/// value (never -1), so a fake can answer with any error.
struct Sys {
    virtual ~Sys() = default;
    /// shmctl(shmid, IPC_STAT, &out).
    virtual int shm_stat(int shmid, shmid_ds& out) = 0;
    /// lstat(path, &out): the re-check never follows a symbolic link.
    virtual int lstat(const std::string& path, struct stat& out) = 0;
    /// kill(pid, sig); sig 0 only probes.
    virtual int kill(pid_t pid, int sig) = 0;
};

/// The real system calls.
[[nodiscard]] Sys& real_sys();

/// Whether `pid` is a live process: kill(pid, 0) succeeds or says EPERM
/// (alive, another user's).  Only ESRCH means gone; any other answer counts
/// as alive, so doubt never makes an orphan.  pid <= 0 is not a process.
[[nodiscard]] bool pid_alive(pid_t pid, Sys& sys = real_sys());

/// What the rule needs besides the object.
struct OrphanPolicy {
    std::time_t now = 0;                  ///< the time to measure ages from
    std::chrono::milliseconds grace{0};   ///< --grace: younger, never-attached objects are spared
    std::function<bool(pid_t)> pid_alive; ///< empty: ipcutil::pid_alive with real_sys()
};

/// The rule's answer, with the reason an object is not an orphan.
enum class Verdict {
    orphan,          ///< no live process maps or holds it, nattch 0, creator gone
    held,            ///< a live process maps it or holds it open (Object::holders)
    attached,        ///< System V attach count > 0 (also: marked for removal, still attached)
    creator_alive,   ///< System V: the creating process still runs
    creator_unknown, ///< System V: creator pid 0 (it lives in another pid namespace)
    fresh,           ///< younger than the grace period and never attached
    not_applicable,  ///< System V queues and semaphore sets, FIFOs: no attach notion
};

/// Short words for the verdict ("orphan", "held by a process", ...), for
/// --dry-run/--verbose output.
[[nodiscard]] std::string_view verdict_words(Verdict verdict);

/// The orphan rule, a pure function of the object (with its holders filled
/// by attribute_holders) and the policy:
/// - System V shared memory is an orphan when it has no holders, nattch is
///   0 and its creator pid is gone; never attached (no attach time) and
///   created less than `grace` ago, it is fresh instead.
/// - POSIX shared memory, semaphores and message queues are orphans when no
///   process maps or holds them; created or modified less than `grace` ago
///   they are fresh (the kernel keeps no attach history for them).
/// - System V message queues and semaphore sets, and FIFOs, are never
///   orphans: nothing attaches to them, so "unused" cannot be told apart
///   from "idle".
[[nodiscard]] Verdict classify_orphan(const Object& object, const OrphanPolicy& policy);

[[nodiscard]] inline bool is_orphan(const Object& object, const OrphanPolicy& policy)
{
    return classify_orphan(object, policy) == Verdict::orphan;
}

/// The outcome of the re-check right before removal.
struct Recheck {
    enum Outcome {
        still_orphan, ///< remove it
        not_orphan,   ///< it became busy (see `verdict`): leave it
        gone,         ///< already removed by someone else
        replaced,     ///< another object now has this id/name (inode, owner, key or creator differ)
        unknown,      ///< could not be checked (see `error`): leave it
    };
    Outcome outcome = unknown;
    Verdict verdict = Verdict::orphan; ///< the rule's answer on the fresh state
    std::optional<Error> error;        ///< for `unknown`
};

/// Re-check one candidate listed earlier, just before removing it:
/// System V shared memory by IPC_STAT (nattch must still be 0 and key,
/// creator uid and creator pid unchanged), POSIX objects by lstat (same
/// inode and owner); then the rule again on the fresh state, with
/// `fresh_holders` from rescan_holders.
[[nodiscard]] Recheck recheck_orphan(const Object& listed, std::span<const Holder> fresh_holders,
                                     const OrphanPolicy& policy, Sys& sys = real_sys());

/// A fresh holder scan of just the candidates: one /proc pass whose result
/// is, for each candidate in order, the processes that now map or hold it.
[[nodiscard]] Result<std::vector<std::vector<Holder>>> rescan_holders(std::span<const Object> candidates,
                                                                      AttributionStats* stats = nullptr);

} // namespace ipcutil
