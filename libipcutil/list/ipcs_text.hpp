#pragma once
// The ipcs face of xipcs: util-linux ipcs's text, byte for byte for System
// V objects, and POSIX and FIFO sections in the same style, made from
// objects already read (read.hpp).  The blocks of -l and -u are limits.hpp.

#include <optional>
#include <string>

#include "libipcutil/list/read.hpp"

namespace ipcutil {

struct IpcsRequest {
    // Resources.  None of the six set means: all System V sections, then all
    // POSIX sections.
    bool shm = false;  ///< System V shared memory (ipcs -m)
    bool msg = false;  ///< System V message queues (ipcs -q)
    bool sem = false;  ///< System V semaphore sets (ipcs -s)
    bool pshm = false; ///< POSIX shared memory
    bool pmq = false;  ///< POSIX message queues
    bool psem = false; ///< POSIX semaphores
    bool all = false;  ///< every kind but FIFOs (same as none)
    bool fifo = false; ///< the FIFO section (only when asked, after the others)

    enum class Format { normal, time, pid, creator, limits, summary };
    Format format = Format::normal; ///< as ipcs -t -p -c -l -u
    bool bytes = false;             ///< sizes in bytes
    bool human = false;             ///< sizes in human units

    std::optional<int> id;           ///< one System V object in detail (exactly one of shm, msg, sem)
    std::optional<std::string> name; ///< one POSIX object in detail (in the POSIX kinds set, or all three)

    /// Whether the request shows kind `kind` (the resources set, or every
    /// kind but FIFOs when none is).
    [[nodiscard]] bool shows(Kind kind) const;
};

/// What the ipcs face shows, to read: the kinds in ipcs's order (queues,
/// shared memory, semaphores; System V first, then POSIX, then FIFOs),
/// less the System V semaphores under -p (ipcs shows nothing for them); or
/// the kind an id names; or the POSIX kinds a name is looked for in.
/// Nothing for -l and -u.
[[nodiscard]] ReadRequest objects_to_read(const IpcsRequest& request);

/// Whether the text shows holders: the -p sections of POSIX objects.
[[nodiscard]] bool shows_holders(const IpcsRequest& request);

/// The text of the objects read: one section per kind shown (a kind that
/// could not be read shows its header alone), or the -i/-N detail.
[[nodiscard]] std::string format_ipcs(const IpcsRequest& request, const ObjectsRead& read);

} // namespace ipcutil
