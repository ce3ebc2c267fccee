#pragma once
// POSIX objects: /dev/shm (shared memory; sem.NAME entries are named
// semaphores) and /dev/mqueue (message queues).

#include <fcntl.h>

#include <string>
#include <string_view>
#include <vector>

#include "libipcutil/core/error.hpp"
#include "libipcutil/core/handles.hpp"
#include "libipcutil/core/model.hpp"

namespace ipcutil {

inline constexpr const char* shm_dir = "/dev/shm";
inline constexpr const char* mqueue_dir = "/dev/mqueue";

/// Every POSIX object of `kind` (posix_shm, posix_mq or posix_sem), sorted by
/// name.  Problems that do not stop the listing (an unmounted /dev/mqueue,
/// an entry that vanished) are appended to `warnings` as one line each.
[[nodiscard]] Result<std::vector<Object>> list_posix(Kind kind, std::vector<std::string>& warnings);

/// One POSIX object by name (without the leading '/').
[[nodiscard]] Result<Object> stat_posix(Kind kind, const std::string& name);

/// The file behind a POSIX object: /dev/shm/NAME, /dev/shm/sem.NAME or
/// /dev/mqueue/NAME.
[[nodiscard]] std::string posix_path(Kind kind, const std::string& name);

/// Open the file behind a POSIX object safely: O_NOFOLLOW, then fstat must
/// show a regular file (refusing symlinks, directories, devices and FIFOs).
/// A refusal carries err ELOOP (a symbolic link) or EMEDIUMTYPE (not a
/// regular file); its message is worded, not errno's.
[[nodiscard]] Result<Fd> open_posix_file(Kind kind, const std::string& name, int flags);

/// The QSIZE: field of a /dev/mqueue file ("QSIZE:129 NOTIFY:0 ...").
[[nodiscard]] Result<std::uint64_t> parse_mq_qsize(std::string_view text);

/// Whether /dev/mqueue is a mounted mqueue file system.
[[nodiscard]] bool mqueue_mounted();
/// The one-line warning (with the mount command) when it is not.
[[nodiscard]] std::string mqueue_not_mounted_warning();

/// Limits from /proc/sys/fs/mqueue/*.
struct MqLimits {
    std::uint64_t queues_max = 0;
    std::uint64_t msg_max = 0;
    std::uint64_t msgsize_max = 0;
    std::uint64_t msg_default = 0;
    std::uint64_t msgsize_default = 0;
};
[[nodiscard]] Result<MqLimits> mq_limits();

/// Remove a POSIX object (shm_unlink, mq_unlink, sem_unlink).
[[nodiscard]] Result<void> remove_posix(Kind kind, const std::string& name);

} // namespace ipcutil
