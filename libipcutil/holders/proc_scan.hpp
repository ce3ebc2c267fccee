#pragma once
// Which processes map or hold each IPC object: one pass over /proc.
//
// An index of the objects is built first (System V shmid, file device +
// inode, and the paths an fd link can show), then every /proc/PID is read
// once: its maps (System V segments, /dev/shm files, sem.NAME semaphores)
// and its fd links (message queues, /dev/shm files, FIFOs).  The cost grows
// with processes + mappings + descriptors, never objects x processes.

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

/// What one attribution pass saw.
struct AttributionStats {
    std::size_t processes = 0;           ///< /proc/PID entries read
    std::size_t unreadable = 0;          ///< skipped: maps or fds not readable (another user's process, not root)
    std::size_t vanished = 0;            ///< exited while we looked
    std::size_t other_ipc_namespace = 0; ///< mapped System V segments of another IPC namespace (ignored)

    /// Some processes could not be read: holders may be missing.
    [[nodiscard]] bool partial() const { return unreadable > 0; }
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
                                                         const AttributionOptions& options = {});
/// The same over objects kept elsewhere (e.g. one vector per kind).
[[nodiscard]] Result<AttributionStats> attribute_holders(std::span<Object* const> objects,
                                                         const AttributionOptions& options = {});

/// One line for stderr when `stats.partial()`: "process attribution is
/// partial: 3 processes could not be read (run as root to see them all)".
[[nodiscard]] std::string partial_attribution_note(const AttributionStats& stats);

} // namespace ipcutil
