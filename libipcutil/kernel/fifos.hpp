#pragma once
// Named FIFOs as xipcs lists them: the ones some process holds open.  A
// FIFO has no registry to enumerate; the one /proc pass of the procs module
// sees every descriptor whose inode is a FIFO (stat of /proc/PID/fd/N,
// never an open, which would change what its readers and writers see), and
// the sightings are grouped by device and inode into one object each.
// Anonymous pipes (`pipe:[N]` links) are never listed.  Making one is
// mkfifo; removing one, unlink.

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "libipcutil/core/error.hpp"
#include "libipcutil/core/model.hpp"
#include "libipcutil/holders/proc_scan.hpp"
#include "libipcutil/kernel/sys.hpp"

namespace ipcutil {

/// The open flags in the text of /proc/PID/fdinfo/N: its `flags:` line,
/// octal ("flags:\t0100002").  nullopt when there is no such line.
[[nodiscard]] std::optional<int> parse_fdinfo_flags(std::string_view fdinfo);

/// Whether open flags read, write (by O_ACCMODE; O_RDWR does both).
[[nodiscard]] bool flags_read(int flags);
[[nodiscard]] bool flags_write(int flags);

/// One Object (Kind::fifo) per device and inode: path, owner, mode and times
/// from the sighting of the lowest pid; holders, readers and writers by pid,
/// each once.  Sorted by path, then inode.
[[nodiscard]] std::vector<Object> group_fifos(std::span<const FifoSighting> sightings);

/// Every named FIFO some process holds open, in one /proc pass.  `stats`,
/// when given, receives what the pass saw (partial when some processes could
/// not be read).  Fails only when /proc itself cannot be read.
/// `options.proc_root` may name a recorded tree (tests); its `fifos` is
/// ignored.
[[nodiscard]] Result<std::vector<Object>> list_fifos(AttributionStats* stats = nullptr, AttributionOptions options = {},
                                                     Sys& sys = real_sys());

/// A FIFO at `path` with exactly `mode`; an existing path is "already exists".
[[nodiscard]] Result<void> create_fifo(const std::string& path, mode_t mode, Sys& sys = real_sys());

/// Remove the FIFO at `object.path` (unlink).
[[nodiscard]] Result<void> remove_fifo(const Object& object, Sys& sys = real_sys());

} // namespace ipcutil
