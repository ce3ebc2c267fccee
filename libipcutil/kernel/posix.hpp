#pragma once
// POSIX objects: /dev/shm (shared memory; sem.NAME entries are named
// semaphores) and /dev/mqueue (message queues): enumeration, stat, limits,
// create and remove, all through a Sys (kernel/sys.hpp).

#include <fcntl.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libipcutil/core/error.hpp"
#include "libipcutil/core/handles.hpp"
#include "libipcutil/core/model.hpp"
#include "libipcutil/kernel/sys.hpp"

namespace ipcutil {

inline constexpr const char* shm_dir = "/dev/shm";
inline constexpr const char* mqueue_dir = "/dev/mqueue";

/// Every POSIX object of `kind` (posix_shm, posix_mq or posix_sem), sorted by
/// name.  Problems that do not stop the listing (an unmounted /dev/mqueue,
/// an entry that vanished) are appended to `warnings` as one line each.
[[nodiscard]] Result<std::vector<Object>> list_posix(Kind kind, std::vector<std::string>& warnings,
                                                     Sys& sys = real_sys());

/// One POSIX object by name (without the leading '/').  Something else
/// under that name (a directory, a symbolic link) is an error with
/// EMEDIUMTYPE that says what it is: "not a shared memory object (a
/// directory)".
[[nodiscard]] Result<Object> stat_posix(Kind kind, const std::string& name, Sys& sys = real_sys());

/// The file behind a POSIX object: /dev/shm/NAME, /dev/shm/sem.NAME or
/// /dev/mqueue/NAME.
[[nodiscard]] std::string posix_path(Kind kind, const std::string& name);

/// Refuse a POSIX shared memory name that would land among the semaphores:
/// /dev/shm/sem.NAME is the file of semaphore /NAME, so shared memory named
/// "sem.x" would be listed, and removed, as a semaphore.  A usage error.
[[nodiscard]] Result<void> check_shm_name(const std::string& name);

/// Open the file behind a POSIX object safely: O_NOFOLLOW, then fstat must
/// show a regular file (refusing symlinks, directories, devices and FIFOs).
/// A refusal carries err ELOOP (a symbolic link) or EMEDIUMTYPE (not a
/// regular file); its message is worded, not errno's.
[[nodiscard]] Result<Fd> open_posix_file(Kind kind, const std::string& name, int flags, Sys& sys = real_sys());

/// The QSIZE: field of a /dev/mqueue file ("QSIZE:129 NOTIFY:0 ...").
[[nodiscard]] Result<std::uint64_t> parse_mq_qsize(std::string_view text);

/// Whether /dev/mqueue is a mounted mqueue file system.  Removing a queue by
/// name needs no mount (mq_unlink); listing does.
[[nodiscard]] bool mqueue_mounted(Sys& sys = real_sys());
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
[[nodiscard]] Result<MqLimits> mq_limits(Sys& sys = real_sys());

/// Create POSIX shared memory of `size` bytes (a new object gets the size;
/// an existing one opened without `exclusive` keeps its own); returns the
/// open descriptor (O_RDWR).
[[nodiscard]] Result<Fd> create_posix_shm(const std::string& name, std::uint64_t size, mode_t mode, bool exclusive,
                                          Sys& sys = real_sys());
/// A POSIX message queue; unset attributes take the system defaults.  A
/// refusal names the limit in the way (fs.mqueue.msg_max, msgsize_max,
/// queues_max) and the sysctl that raises it.
[[nodiscard]] Result<MqDescriptor> create_posix_mq(const std::string& name, std::optional<long> maxmsg,
                                                   std::optional<long> msgsize, mode_t mode, bool exclusive,
                                                   int access = O_RDWR, Sys& sys = real_sys());
/// A POSIX named semaphore with an initial value.
[[nodiscard]] Result<void> create_posix_sem(const std::string& name, unsigned value, mode_t mode, bool exclusive,
                                            Sys& sys = real_sys());

/// Remove a POSIX object (shm_unlink, mq_unlink, sem_unlink): by name, so a
/// queue goes whether or not /dev/mqueue is mounted.
[[nodiscard]] Result<void> remove_posix(Kind kind, const std::string& name, Sys& sys = real_sys());

/// Whether the kernel lets this process unlink the file `path` owned by
/// `owner`: write and search permission on its folder (or CAP_DAC_OVERRIDE)
/// and, in a sticky folder such as /dev/shm, owning the file or the folder
/// (or CAP_FOWNER).  POSIX objects and FIFOs alike.
[[nodiscard]] bool may_unlink(const std::string& path, uid_t owner, Sys& sys = real_sys());

/// `listed` as it is now, if it is still the same file (same inode).
[[nodiscard]] Result<Object> restat_posix(const Object& listed, Sys& sys = real_sys());

} // namespace ipcutil
