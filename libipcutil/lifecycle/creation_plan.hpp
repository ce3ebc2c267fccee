#pragma once
// What to create, typed and checked: the kinds, sizes and counts, the POSIX
// name, the mode, the System V key, the queue and semaphore attributes.
// The command reads its options into one (commands/plan/xipcmk_plan.hpp);
// create_object (creation.hpp) makes each kind of it.

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libipcutil/core/model.hpp"
#include "libipcutil/kernel/sys.hpp"

namespace ipcutil {

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

} // namespace ipcutil
