#pragma once
// Carrying out a creation plan (xipcmk), one kind at a time, and the lines
// that say what was made: ipcmk's text, --quiet's id or name, --json.  The
// system calls go through a CreationSys, so tests can make any call fail
// (EEXIST on a random key, EINVAL, an unreadable object) without a kernel.

#include <mqueue.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "libipcutil/core/error.hpp"
#include "libipcutil/core/handles.hpp"
#include "libipcutil/core/model.hpp"
#include "libipcutil/lifecycle/creation_plan.hpp"

namespace ipcutil {

/// What a creation does to and reads from the system: the library calls of
/// the same names (create.hpp, sysv.hpp, posix.hpp) and fstat/mq_getattr,
/// as one interface a test can fake.
struct CreationSys {
    virtual ~CreationSys() = default;
    /// create_sysv_shm(key, size, mode, exclusive)
    virtual Result<int> create_sysv_shm(key_t key, std::uint64_t size, mode_t mode, bool exclusive) = 0;
    /// create_sysv_msg(key, mode, exclusive)
    virtual Result<int> create_sysv_msg(key_t key, mode_t mode, bool exclusive) = 0;
    /// create_sysv_sem(key, nsems, mode, exclusive)
    virtual Result<int> create_sysv_sem(key_t key, std::uint64_t nsems, mode_t mode, bool exclusive) = 0;
    /// random_key(kind)
    virtual key_t random_key(Kind kind) = 0;
    /// create_posix_shm(name, size, mode, exclusive)
    virtual Result<Fd> create_posix_shm(const std::string& name, std::uint64_t size, mode_t mode, bool exclusive) = 0;
    /// create_posix_mq(name, maxmsg, msgsize, mode, exclusive)
    virtual Result<MqDescriptor> create_posix_mq(const std::string& name, std::optional<long> maxmsg,
                                                 std::optional<long> msgsize, mode_t mode, bool exclusive) = 0;
    /// create_posix_sem(name, value, mode, exclusive)
    virtual Result<void> create_posix_sem(const std::string& name, unsigned value, mode_t mode, bool exclusive) = 0;
    /// create_fifo(path, mode)
    virtual Result<void> create_fifo(const std::string& path, mode_t mode) = 0;
    /// stat_sysv(kind, id)
    virtual Result<Object> stat_sysv(Kind kind, int id) = 0;
    /// stat_posix(kind, name)
    virtual Result<Object> stat_posix(Kind kind, const std::string& name) = 0;
    /// fstat(fd, &st) == 0
    virtual bool fstat(int fd, struct stat& st) = 0;
    /// mq_getattr(mq, &attr) == 0
    virtual bool mq_getattr(mqd_t mq, mq_attr& attr) = 0;
};

/// The real system.
[[nodiscard]] CreationSys& real_creation_sys();

/// Create the object of `kind` that `plan` asks for (one of plan.kinds()):
/// - System V under plan.key, or under fresh random keys with IPC_EXCL
///   (a random key never lands on someone's object; 16 more tries when one
///   is taken, and a failure then names the kind, not a key never shown);
/// - POSIX shared memory that exists with another size is refused unless
///   plan.exclusive (resizing memory another process maps could kill it);
/// - the Object says what was made: with plan.read_back (--json) System V
///   objects as the kernel has them, POSIX ones from their descriptor (the
///   queue's attributes), semaphores as stat'ed; otherwise what was asked.
/// A failure reads in words that say what to change ("already exists",
/// "invalid size (...)").
[[nodiscard]] Result<Object> create_object(Kind kind, const CreationPlan& plan, CreationSys& sys = real_creation_sys());

/// The line ipcmk prints for a created object, with newline: "Shared memory
/// id: 5", "POSIX message queue name: /jobs", "FIFO path: /run/x" (names
/// and paths escaped, printable()).
[[nodiscard]] std::string creation_line(const Object& object);

/// --quiet's line, with newline: the id, /NAME or the FIFO's path (escaped:
/// one object, one line).
[[nodiscard]] std::string creation_quiet_line(const Object& object);

/// One created object as a one-line JSON object: kind, id and key or name
/// and path, mode, and the kind's size, nsems, maxmsg/msgsize or value.
[[nodiscard]] std::string creation_json_object(const Object& object);

/// --json's whole document, with newline: {"created": [...]}, one object a
/// line.
[[nodiscard]] std::string creation_json(std::span<const Object> objects);

} // namespace ipcutil
