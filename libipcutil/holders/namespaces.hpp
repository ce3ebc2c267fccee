#pragma once
// Looking inside another process's namespaces (xipcs --ns, xipcrm --ns).

#include <sys/types.h>

#include <string_view>

#include "libipcutil/core/error.hpp"

namespace ipcutil {

/// Join the IPC and mount namespaces of process `pid` (setns), so that
/// everything read afterwards (System V objects, /dev/shm, /dev/mqueue,
/// /proc) is what that process sees.  Needs root (CAP_SYS_ADMIN and
/// CAP_SYS_CHROOT); refused with a clear failure otherwise, before anything
/// is joined.  Both namespaces are opened before either is entered, so a
/// process that exits half-way never leaves us in one but not the other.
/// Must be called before any thread is started (setns of a mount namespace
/// refuses multithreaded callers).
[[nodiscard]] Result<void> enter_namespaces(pid_t pid);

/// The process id --ns takes: decimal, 1 to INT32_MAX; else a usage error.
[[nodiscard]] Result<pid_t> parse_ns_pid(std::string_view text);

} // namespace ipcutil
