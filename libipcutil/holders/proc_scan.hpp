#pragma once
// Which processes map or hold each IPC object: one pass over /proc.
//
// An index of the objects is built first (System V shmid, file device +
// inode, and the paths an fd link can show), then every /proc/PID is read
// once: its maps (System V segments, /dev/shm files, sem.NAME semaphores)
// and its fd links (message queues, /dev/shm files, FIFOs).  The cost grows
// with processes + mappings + descriptors, never objects x processes.  The
// same pass says how much of the system it could see (ProcSight): the orphan
// rule may only call an object unused when /proc showed every process.

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <ctime>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "libipcutil/core/error.hpp"
#include "libipcutil/core/model.hpp"
#include "libipcutil/kernel/sys.hpp"

namespace ipcutil {

/// One line of /proc/PID/maps:
/// `start-end perms offset major:minor inode   [path]`.
struct MapsLine {
    std::uint64_t start = 0;
    std::uint64_t end = 0;
    std::string_view perms; ///< "rw-s": the last letter is s (shared) or p (private)
    std::uint64_t offset = 0;
    unsigned dev_major = 0;
    unsigned dev_minor = 0;
    std::uint64_t inode = 0;
    std::string_view path; ///< "" for anonymous memory; may end in " (deleted)"
};

/// Parse one maps line (without its newline); nullopt when it does not have
/// that shape.  The returned views point into `line`.
[[nodiscard]] std::optional<MapsLine> parse_maps_line(std::string_view line);

/// A System V segment as a maps line shows it: `/SYSV%08x (deleted)`, where
/// the hex is the key and the inode column is the shmid.
struct SysvMapping {
    int shmid = -1;
    key_t key = 0;
};
/// The segment a maps line maps, or nullopt when it is not a System V one.
[[nodiscard]] std::optional<SysvMapping> sysv_mapping(const MapsLine& line);

/// How much of the processes that could hold an object one /proc pass
/// could see.  Sight is full only when /proc is a proc file system, it
/// shows this process (it belongs to our pid namespace or an ancestor of
/// it), no mount option hides other users' processes from us (hidepid=2 or
/// 4 without CAP_SYS_PTRACE or the gid= group), and every process shown
/// could be read.  With CAP_SYS_PTRACE every process is readable but for
/// those walled off beyond any privilege (by a security module, or a
/// sandbox's init of a parent namespace): those are not counted, else no
/// caller could ever prove anything there.
struct ProcSight {
    bool procfs = true;         ///< /proc is a proc file system (not an empty tmpfs, not missing)
    bool shows_self = true;     ///< /proc shows this process
    std::string hidden_by;      ///< the option hiding other users' processes ("hidepid=invisible"); empty if none
    std::size_t unreadable = 0; ///< processes shown whose maps or descriptors we lack the privilege to read

    [[nodiscard]] bool full() const { return procfs && shows_self && hidden_by.empty() && unreadable == 0; }
    /// Why sight is partial, in words ("/proc hides other users' processes
    /// (hidepid=invisible)"); empty when it is full.
    [[nodiscard]] std::string why() const;
    /// Whether privilege would help: what is missing is other users'
    /// processes, not a /proc of another pid namespace or none at all.
    [[nodiscard]] bool for_want_of_privilege() const { return procfs && shows_self; }
};

/// The options of the proc file system mounted at `mount_point`, from the
/// text of /proc/self/mountinfo (the last mount there is the one on top):
/// its super options ("rw,hidepid=invisible,gid=4"); nullopt when no proc
/// file system is mounted there.
[[nodiscard]] std::optional<std::string> proc_mount_options(std::string_view mountinfo, std::string_view mount_point);

/// The hidepid and gid options of `options` (as proc_mount_options gives
/// them), and whether they hide processes from `who`: hidepid=2 (invisible)
/// or 4 (ptraceable) hide other users' processes unless `who` has
/// CAP_SYS_PTRACE or is in the gid= group.  The option as written when it
/// hides them ("hidepid=invisible"), else empty.
[[nodiscard]] std::string hidden_by(std::string_view options, const Identity& who);

/// What one attribution pass saw.
struct AttributionStats {
    std::size_t processes = 0;           ///< /proc/PID entries read
    std::size_t unreadable = 0;          ///< skipped: maps or fds not readable (another user's process, not root)
    std::size_t vanished = 0;            ///< exited while we looked
    std::size_t other_ipc_namespace = 0; ///< mapped System V segments of another IPC namespace (ignored)
    ProcSight sight;                     ///< how much the pass could see (sight.unreadable == unreadable)

    /// Some processes could not be seen or read: holders may be missing.
    [[nodiscard]] bool partial() const { return unreadable > 0 || !sight.full(); }
};

/// A named FIFO one process holds open through one descriptor, as the
/// holder pass saw it (stat of /proc/PID/fd/N, its link, its fdinfo flags).
struct FifoSighting {
    std::uint64_t dev = 0; ///< (major << 32) | minor
    std::uint64_t ino = 0;
    std::string path; ///< the fd link: may end in " (deleted)"
    uid_t uid = 0;
    gid_t gid = 0;
    mode_t mode = 0; ///< permission bits
    std::optional<std::time_t> atime, mtime, ctime;
    pid_t pid = 0;
    std::string command; ///< /proc/PID/comm
    int flags = 0;       ///< open flags (fdinfo `flags:`), O_ACCMODE tells read/write
};

struct AttributionOptions {
    std::string proc_root = "/proc";
    bool skip_self = true; ///< the calling process is never reported as a holder
    /// When set, every named FIFO held open by a process is appended here
    /// (anonymous pipes never are; no FIFO is opened to look at it).
    std::vector<FifoSighting>* fifos = nullptr;
};

/// Fill `holders` of every object (replacing what was there) with the
/// processes that map it (/proc/PID/maps) or hold it open (/proc/PID/fd),
/// sorted by pid, each once, with its /proc/PID/comm name.  System V
/// segments count only for processes in our IPC namespace; files (POSIX
/// shm, semaphores, queues, FIFOs) match by device and inode.  System V
/// message queues and semaphore sets are never mapped or held: their
/// holders stay empty.  Unreadable /proc/PID entries are skipped and counted.
/// Fails only when `proc_root` itself cannot be read.
[[nodiscard]] Result<AttributionStats> attribute_holders(std::span<Object> objects,
                                                         const AttributionOptions& options = {}, Sys& sys = real_sys());
/// The same over objects kept elsewhere (e.g. one vector per kind).
[[nodiscard]] Result<AttributionStats> attribute_holders(std::span<Object* const> objects,
                                                         const AttributionOptions& options = {}, Sys& sys = real_sys());

/// One line for stderr when `stats.partial()`: "process attribution is
/// partial: 3 processes could not be read (run as root to see them all)".
[[nodiscard]] std::string partial_attribution_note(const AttributionStats& stats);

} // namespace ipcutil
