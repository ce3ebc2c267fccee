#pragma once
// The second step of a listing: the processes behind each object (the
// PIDS and COMMANDS columns, the orphan rule, the ipcs face's -p), in one
// /proc pass for every kind at once; the same pass finds the FIFOs.

#include <optional>
#include <string>
#include <vector>

#include "libipcutil/core/error.hpp"
#include "libipcutil/core/model.hpp"
#include "libipcutil/holders/proc_scan.hpp"

namespace ipcutil {

/// Fill the holders of every object of every list in one /proc pass; the
/// same pass lists the FIFOs of a FIFO list (replacing what it held), since
/// FIFOs are found only through the processes holding them.
[[nodiscard]] Result<AttributionStats> fill_holders(std::vector<ObjectList>& lists);

/// Fill the unit of every object (the UNIT column): the systemd unit of its
/// first holder that has one, else of its creator while it runs (System V
/// creator pids; a POSIX object records none), read from /proc/PID/cgroup
/// (parse_cgroup).  Holders must be filled first.
void fill_units(std::vector<ObjectList>& lists, Sys& sys = real_sys());

/// The warning to print after a holder pass, if any: the partial note
/// (partial_attribution_note) when /proc did not show every process, or some
/// could not be read and the caller is not root.  As root an unreadable
/// /proc/PID (a process of another user namespace, say) is not a matter of
/// privilege, and "run as root" would be wrong advice.
[[nodiscard]] std::optional<std::string> attribution_warning(const AttributionStats& stats);

} // namespace ipcutil
