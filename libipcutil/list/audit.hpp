#pragma once
// The audit side of listings (xipcs --orphans, --owner, --older-than,
// --min-size, --sort; the same filters serve xipcrm): which objects a
// listing keeps and in what order, over objects already read, so both faces
// of xipcs and the OpenMetrics export filter alike.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <ctime>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "libipcutil/core/error.hpp"
#include "libipcutil/core/model.hpp"
#include "libipcutil/holders/orphans.hpp"
#include "libipcutil/holders/proc_scan.hpp"
#include "libipcutil/list/table.hpp"

namespace ipcutil {

/// The grace period --orphans uses when --grace is not given: a System V
/// segment never attached, or a POSIX object created or modified, less than
/// this long ago is "fresh", not an orphan.  It covers the moment between a
/// creator making an object and mapping it.
inline constexpr std::chrono::milliseconds default_orphan_grace{std::chrono::seconds(5)};

/// What a listing keeps and how it is ordered.
struct ListingFilter {
    bool orphans = false;                                ///< only objects the orphan rule calls orphans
    OrphanPolicy policy;                                 ///< now, grace, sight (for `orphans`)
    std::optional<uid_t> owner;                          ///< only objects whose owner (UID) is this
    std::optional<std::chrono::milliseconds> older_than; ///< only objects last changed at least this long ago
    std::optional<std::uint64_t> min_size;               ///< only objects holding at least this many bytes
    std::string sort;                                    ///< a column name; empty keeps the listing order
    std::time_t now = 0;                                 ///< for older_than; 0 means policy.now

    /// Whether anything is filtered or sorted.
    [[nodiscard]] bool active() const { return orphans || owner || older_than || min_size || !sort.empty(); }
    /// Whether Object::holders must be filled first (the orphan rule, or
    /// sorting by PIDS or COMMANDS).
    [[nodiscard]] bool needs_holders() const;
};

/// The bytes an object holds, as --min-size and the OpenMetrics bytes gauges
/// count them: a segment's size, a queue's bytes in use; 0 for semaphores.
[[nodiscard]] std::uint64_t object_bytes(const Object& object);

/// The object's age for --older-than, measured from its last change time
/// (CTIME); nullopt when the kernel never set one.
[[nodiscard]] std::optional<std::chrono::seconds> object_age(const Object& object, std::time_t now);

/// Whether `object` passes the filter's tests (not the sort).
[[nodiscard]] bool keeps(const ListingFilter& filter, const Object& object);

/// Check a --sort column against the kinds listed: a usage error naming it
/// when no listed kind has it ("unknown column" or "does not apply to").
[[nodiscard]] Result<void> validate_sort_column(std::string_view column, std::span<const Kind> kinds);

/// Drop what the filter rejects, then sort each section by its column
/// (stable; numbers, sizes and times numerically, text bytewise, unset
/// values last).  A section whose kind lacks the column keeps its order.
void apply_filter(const ListingFilter& filter, std::vector<TableSection>& sections);

/// Fill the holders of every object of every section in one /proc pass;
/// the same pass lists the FIFOs of a FIFO section (replacing what it held),
/// since FIFOs are found only through the processes holding them.
[[nodiscard]] Result<AttributionStats> fill_holders(std::vector<TableSection>& sections);

/// The warning to print after a holder pass, if any: the partial note
/// (partial_attribution_note) when /proc did not show every process, or some
/// could not be read and the caller is not root.  As root an unreadable
/// /proc/PID (a process of another user namespace, say) is not a matter of
/// privilege, and "run as root" would be wrong advice.
[[nodiscard]] std::optional<std::string> attribution_warning(const AttributionStats& stats);

/// With --orphans, the line that says POSIX objects were left out because
/// the holder pass (`filter.policy.sight`) did not see every process, when
/// `sections` hold one the rule could not prove unused; else nothing.
[[nodiscard]] std::optional<std::string> orphan_sight_warning(const ListingFilter& filter,
                                                              const std::vector<TableSection>& sections);

} // namespace ipcutil
