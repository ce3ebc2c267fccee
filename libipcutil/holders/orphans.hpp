#pragma once
// The orphan rule (xipcs --orphans, xipcrm --orphans, the OpenMetrics
// export), the one liveness predicate it uses, and the re-check made right
// before removing an orphan, over the Sys seam so tests can inject EIDRM,
// EACCES, ENOENT without a real kernel race.

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
#include "libipcutil/kernel/sys.hpp"

namespace ipcutil {

/// Whether `pid` is a live process, the one liveness rule of the library:
/// kill(pid, 0) succeeds or says EPERM (alive, another user's), and
/// /proc/PID/stat does not show a zombie (state Z: dead but not yet reaped,
/// it maps nothing and can never attach again).  Only ESRCH or a zombie is
/// gone; any other answer, an unreadable /proc included, counts as alive,
/// so doubt never makes an orphan.  pid <= 0 is not a process.
[[nodiscard]] bool process_alive(pid_t pid, Sys& sys = real_sys());

/// What the rule needs besides the object.
struct OrphanPolicy {
    std::time_t now = 0;                ///< the time to measure ages from
    std::chrono::milliseconds grace{0}; ///< --grace: younger, never-attached objects are spared
    /// A stand-in for process_alive (tests); empty: process_alive over the
    /// Sys the rule is given.
    std::function<bool(pid_t)> pid_alive;
    /// What the holder pass saw.  Unset (no pass was made) or partial, no
    /// POSIX object is proven unused: the rule says `unprovable`.
    std::optional<ProcSight> sight;
};

/// The rule's answer, with the reason an object is not an orphan.
enum class Verdict {
    orphan,          ///< no live process maps or holds it, nattch 0, creator gone
    held,            ///< a live process maps it or holds it open (Object::holders)
    attached,        ///< System V attach count > 0 (also: marked for removal, still attached)
    creator_alive,   ///< System V: the creating process still runs
    creator_unknown, ///< System V: creator pid 0 (it lives in another pid namespace)
    fresh,           ///< younger than the grace period and never attached
    unprovable,      ///< POSIX: no process seen holds it, but /proc did not show every process
    not_applicable,  ///< System V queues and semaphore sets, FIFOs: no attach notion
};

/// Short words for the verdict ("orphan", "held by a process", ...), for
/// --dry-run/--verbose output.
[[nodiscard]] std::string_view verdict_words(Verdict verdict);

/// The orphan rule, a function of the object (with its holders filled by
/// attribute_holders), the policy and, for liveness, the system:
/// - System V shared memory is an orphan when it has no holders, nattch is
///   0 and its creator pid is gone (process_alive); never attached (no
///   attach time) and created less than `grace` ago, it is fresh instead.
///   The kernel's attach count proves it unused whatever /proc shows.
/// - POSIX shared memory, semaphores and message queues are orphans when no
///   process maps or holds them and the holder pass saw every process
///   (policy.sight full); created or modified less than `grace` ago they are
///   fresh (the kernel keeps no attach history for them).  With partial
///   sight they are `unprovable`, never orphans.
/// - System V message queues and semaphore sets, and FIFOs, are never
///   orphans: nothing attaches to them, so "unused" cannot be told apart
///   from "idle".
[[nodiscard]] Verdict classify_orphan(const Object& object, const OrphanPolicy& policy, Sys& sys = real_sys());

[[nodiscard]] inline bool is_orphan(const Object& object, const OrphanPolicy& policy, Sys& sys = real_sys())
{
    return classify_orphan(object, policy, sys) == Verdict::orphan;
}

/// The outcome of the re-check right before removal.
struct Recheck {
    enum Outcome {
        still_orphan, ///< remove it
        not_orphan,   ///< it became busy or unprovable (see `verdict`): leave it
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
/// `fresh_holders` from rescan_holders (and policy.sight from that scan).
[[nodiscard]] Recheck recheck_orphan(const Object& listed, std::span<const Holder> fresh_holders,
                                     const OrphanPolicy& policy, Sys& sys = real_sys());

/// A fresh holder scan of just the candidates: one /proc pass whose result
/// is, for each candidate in order, the processes that now map or hold it.
[[nodiscard]] Result<std::vector<std::vector<Holder>>>
rescan_holders(std::span<const Object> candidates, AttributionStats* stats = nullptr, Sys& sys = real_sys());

} // namespace ipcutil
