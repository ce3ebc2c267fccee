#pragma once
// The one seam between the library and the kernel: every system call that
// creates, reads, removes or checks an IPC object, walks /proc or probes a
// process goes through a Sys.  Each member is one kernel primitive, thin as
// the call itself; what the library makes of the answers (listing, stat,
// the orphan rule, removal) are ordinary functions over a Sys, so a test
// fake (tests/unit/kernel/fake_sys.hpp) can answer EIDRM, EAGAIN, EACCES,
// ENOENT or a key clash at any step without a kernel race.

#include <dirent.h>
#include <fcntl.h>
#include <mqueue.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <ctime>
#include <expected>
#include <string>
#include <vector>

#include "libipcutil/core/handles.hpp"

namespace ipcutil {

/// A primitive's answer: the value, or the errno it failed with.
template <class T> using SysResult = std::expected<T, int>;

/// The fourth argument of semctl (glibc declares no union semun).
union SemArg {
    int val;
    semid_ds* buf;
    unsigned short* array;
    seminfo* info;
};

/// One entry of a directory: its name and its d_type (DT_UNKNOWN when the
/// file system does not say).
struct DirEntry {
    std::string name;
    unsigned char type = DT_UNKNOWN;
};

/// Who this process is, as the kernel's permission checks see it.
struct Identity {
    pid_t pid = 0;
    uid_t euid = 0;
    gid_t egid = 0;
    std::vector<gid_t> groups; ///< supplementary groups
    std::uint64_t caps = 0;    ///< effective capabilities, bit N = capability N
};

/// Capability numbers from <linux/capability.h> the library asks about.
inline constexpr int cap_dac_override = 1;
inline constexpr int cap_fowner = 3;
inline constexpr int cap_sys_ptrace = 19;
inline constexpr int cap_sys_admin = 21;
inline constexpr int cap_sys_resource = 24;

[[nodiscard]] inline bool capable(const Identity& who, int cap)
{
    return ((who.caps >> cap) & 1U) != 0;
}

/// The mode created objects get unless told otherwise (ipcmk uses 0644).
inline constexpr mode_t default_create_mode = 0600;

/// The kernel primitives.  Paths are relative to `dirfd` (AT_FDCWD for a
/// path from the root); calls that create (open with O_CREAT, mkfifo,
/// mq_open, sem_open) give exactly `mode`: the umask does not narrow it.
class Sys {
  public:
    virtual ~Sys() = default;

    // System V: ids (or *_INFO's highest index) on success.
    virtual SysResult<int> shmget(key_t key, std::size_t size, int flags) = 0;
    virtual SysResult<int> msgget(key_t key, int flags) = 0;
    virtual SysResult<int> semget(key_t key, int nsems, int flags) = 0;
    virtual SysResult<int> shmctl(int id, int cmd, shmid_ds* buf) = 0;
    virtual SysResult<int> msgctl(int id, int cmd, msqid_ds* buf) = 0;
    virtual SysResult<int> semctl(int id, int num, int cmd, SemArg arg) = 0;

    // Files: /dev/shm, /dev/mqueue, FIFOs, /proc.
    virtual SysResult<Fd> open(int dirfd, const std::string& path, int flags, mode_t mode = 0) = 0;
    virtual SysResult<struct stat> fstat(int fd) = 0;
    /// fstatat: `follow` false does not follow a final symbolic link (lstat).
    virtual SysResult<struct stat> stat(int dirfd, const std::string& path, bool follow) = 0;
    /// read (offset < 0) or pread: the bytes read, 0 at the end.
    virtual SysResult<std::size_t> read(int fd, void* buf, std::size_t size, off_t offset = -1) = 0;
    /// A whole file that stat cannot size (/proc), into `into` (reused).
    virtual SysResult<void> read_file(int dirfd, const std::string& path, std::string& into) = 0;
    virtual SysResult<std::string> readlink(int dirfd, const std::string& path) = 0;
    virtual SysResult<std::vector<DirEntry>> list_dir(int dirfd) = 0;
    virtual SysResult<void> unlink(int dirfd, const std::string& path) = 0;
    virtual SysResult<void> mkfifo(const std::string& path, mode_t mode) = 0;
    virtual SysResult<void> ftruncate(int fd, off_t size) = 0;
    /// faccessat with AT_EACCESS: the effective ids decide.
    virtual SysResult<void> access(const std::string& path, int mode) = 0;
    /// statfs's f_type of the file system `path` is on.
    virtual SysResult<long> fs_type(const std::string& path) = 0;

    // POSIX message queues and semaphores (shared memory is a file in /dev/shm).
    virtual SysResult<MqDescriptor> mq_open(const std::string& name, int flags, mode_t mode, const mq_attr* attr) = 0;
    virtual SysResult<mq_attr> mq_getattr(mqd_t mq) = 0;
    virtual SysResult<void> mq_unlink(const std::string& name) = 0;
    /// sem_open, then sem_close: the library keeps no semaphore open.
    virtual SysResult<void> sem_open(const std::string& name, int flags, mode_t mode, unsigned value) = 0;

    // Processes and this process.
    virtual SysResult<void> kill(pid_t pid, int sig) = 0;
    virtual Identity identity() = 0;
    virtual std::time_t now() = 0;
};

/// The real kernel.
[[nodiscard]] Sys& real_sys();

} // namespace ipcutil
