#pragma once
// The orphan audit's inputs that are not the rule itself (holders/orphans.hpp):
// the default grace period and the liveness test of a creator pid.  The
// filter that applies the rule is filter.hpp.

#include <sys/types.h>

#include <chrono>

namespace ipcutil {

/// The grace period --orphans uses when --grace is not given: a System V
/// segment never attached, or a POSIX object created or modified, less than
/// this long ago is "fresh", not an orphan.  It covers the moment between a
/// creator making an object and mapping it.
inline constexpr std::chrono::milliseconds default_orphan_grace{std::chrono::seconds(5)};

/// Whether `pid` is a running process, for the orphan rule's "creator gone":
/// pid_alive (kill(pid, 0): only ESRCH is gone), except that a zombie,
/// dead but not yet reaped by its parent, is gone too (/proc/PID/stat state
/// Z): it maps nothing and can never attach again.
[[nodiscard]] bool process_running(pid_t pid);

} // namespace ipcutil
