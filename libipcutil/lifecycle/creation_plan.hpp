#pragma once
// What xipcmk is asked to create, checked before anything is made: the kinds
// (-M -Q -S -m -q -s -f), the POSIX name, the mode, the System V key, the
// queue and semaphore attributes.  Pure: nothing is read or created here.

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libipcutil/core/error.hpp"
#include "libipcutil/core/model.hpp"
#include "libipcutil/kernel/sys.hpp"

namespace ipcutil {

/// xipcmk's options as typed, nothing checked yet; an option with a value
/// is set when it was given (the last occurrence, as getopt).
struct CreationRequest {
    std::optional<std::string> shm_size;  ///< -M, --shmem
    std::optional<std::string> nsems;     ///< -S, --semaphore
    std::optional<std::string> pshm_size; ///< -m, --posix-shmem
    bool msg = false;                     ///< -Q, --queue
    bool pmq = false;                     ///< -q, --posix-mqueue
    bool psem = false;                    ///< -s, --posix-semaphore
    std::optional<std::string> fifo;      ///< -f, --fifo
    std::optional<std::string> name;      ///< -n, --name
    std::optional<std::string> mode;      ///< -p, --mode
    std::optional<std::string> key;       ///< -k, --key
    std::optional<std::string> maxmsg;    ///< --maxmsg
    std::optional<std::string> msgsize;   ///< --msgsize
    std::optional<std::string> value;     ///< --value
    bool exclusive = false;               ///< -x, --exclusive
    bool json = false;                    ///< --json
};

/// What to create, fully checked.
struct CreationPlan {
    std::optional<std::uint64_t> shm_size;  ///< System V shared memory of this size
    bool msg = false;                       ///< a System V message queue
    std::optional<std::uint64_t> nsems;     ///< a System V semaphore set of this many
    std::optional<std::uint64_t> pshm_size; ///< POSIX shared memory of this size
    bool pmq = false;                       ///< a POSIX message queue
    bool psem = false;                      ///< a POSIX semaphore
    std::string name;                       ///< the POSIX name, without the '/'
    std::string fifo;                       ///< a FIFO at this path when not empty
    mode_t mode = default_create_mode;
    bool mode_asked = false;  ///< --mode was given: an object reused must have it
    std::optional<key_t> key; ///< unset: a fresh random key, created with IPC_EXCL
    bool exclusive = false;   ///< refuse to reuse an existing object
    std::optional<long> maxmsg, msgsize;
    unsigned value = 0;       ///< the POSIX semaphore's initial value
    bool value_asked = false; ///< --value was given: a semaphore reused must hold it
    bool read_back = false;   ///< --json: describe objects as the kernel has them

    /// The kinds to create, in the order ipcmk creates them (shm, pshm, msg,
    /// pmq, sem, psem), then the FIFO, which ipcmk cannot make.
    [[nodiscard]] std::vector<Kind> kinds() const;
};

/// Check every option of `request` and make the plan; the first problem is
/// a usage error (exit 2) and nothing may be created.
[[nodiscard]] Result<CreationPlan> plan_creation(const CreationRequest& request);

} // namespace ipcutil
