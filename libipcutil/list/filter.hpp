#pragma once
// Which objects a listing shows or a sweep removes: one rule for xipcs
// (--owner, --older-than, --min-size, --orphans) and xipcrm --all (--owner,
// --older-than), over objects already read.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <ctime>
#include <optional>
#include <string_view>
#include <vector>

#include "libipcutil/core/error.hpp"
#include "libipcutil/core/model.hpp"
#include "libipcutil/holders/orphans.hpp"

namespace ipcutil {

struct Filter {
    std::optional<uid_t> owner;                          ///< only objects whose owner (UID) is this
    std::optional<std::chrono::milliseconds> older_than; ///< only objects last changed at least this long ago
    std::optional<std::uint64_t> min_size;               ///< only objects holding at least this many bytes
    /// Only objects the orphan rule calls orphans (holders filled first).
    /// xipcrm leaves it unset: its --orphans re-checks each object right
    /// before removing it (removal.hpp).
    bool orphans = false;
    OrphanPolicy policy; ///< the orphan rule's grace and pid_alive; its `now` is keeps()'s

    /// Whether anything is filtered out.
    [[nodiscard]] bool active() const { return owner || older_than || min_size || orphans; }
    /// Whether `object` passes every test set, at time `now`.  An object
    /// whose change time is unknown is not older than anything.
    [[nodiscard]] bool keeps(const Object& object, std::time_t now) const;
};

/// Drop from every list what `filter` does not keep at time `now`.
void filter_lists(const Filter& filter, std::time_t now, std::vector<ObjectList>& lists);

/// The bytes an object holds, as --min-size and the OpenMetrics bytes gauges
/// count them: a segment's size, a queue's bytes in use; 0 for semaphores.
[[nodiscard]] std::uint64_t object_bytes(const Object& object);

/// The object's age for --older-than, measured from its last change time
/// (CTIME); nullopt when the kernel never set one.
[[nodiscard]] std::optional<std::chrono::seconds> object_age(const Object& object, std::time_t now);

/// A user name or a decimal uid (xipcrm --owner); unknown names are usage
/// errors.
[[nodiscard]] Result<uid_t> parse_owner(std::string_view text);

} // namespace ipcutil
