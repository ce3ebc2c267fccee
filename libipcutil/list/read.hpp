#pragma once
// The first step of every listing: the objects read from the kernel, one
// ObjectList per kind, going on past a kind that cannot be read (each
// failure reported).  Both faces of xipcs, the filters and the export work
// on what this returns; nothing here formats.

#include <optional>
#include <string>
#include <vector>

#include "libipcutil/core/model.hpp"
#include "libipcutil/kernel/sysv.hpp"
#include "libipcutil/list/problems.hpp"

namespace ipcutil {

/// What to read.
struct ReadRequest {
    /// The kinds, in the order the listing shows them.
    std::vector<Kind> kinds;
    /// One System V object by id (ipcs -i), looked for in the System V
    /// kinds of `kinds` only.
    std::optional<int> id;
    /// One POSIX object by name, without the '/' (xipcs -N), looked for in
    /// each POSIX kind of `kinds`.
    std::optional<std::string> name;
};

/// What was read.
struct ObjectsRead {
    /// One list per kind read, in the request's order.  A kind that could
    /// not be read is left out (its failure reported); a FIFO list is empty:
    /// FIFOs are found by the holder pass (attribute.hpp).  With an id or a
    /// name, only the kinds where it was found.
    std::vector<ObjectList> lists;
    /// The members of the semaphore set an id names.
    std::vector<SemElement> sem_elements;
};

/// Read what `request` names.  System V objects come in the kernel's index
/// order (as /proc and ipcs list them), POSIX objects by name.  An id or a
/// name found nowhere is a failure: "find shared memory id 42: not found"
/// (the kind's words when one kind was asked for, "POSIX object" when
/// several).  Under /dev/shm, sem.NAME is the semaphore NAME, never shared
/// memory.
[[nodiscard]] ObjectsRead read_objects(const ReadRequest& request, Problems& problems);

} // namespace ipcutil
