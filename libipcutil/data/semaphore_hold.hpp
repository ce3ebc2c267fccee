#pragma once
// Running a command while holding a semaphore, as flock(1) runs one while
// holding a file lock: take it, start the command, pass the signals this
// process gets on to it, wait for it, give the semaphore back however the
// command ended.  How this process then ends is the caller's business.

#include <optional>
#include <string>
#include <vector>

#include "libipcutil/core/error.hpp"
#include "libipcutil/data/semaphore.hpp"

namespace ipcutil {

struct HoldOptions {
    unsigned num = 0;   ///< System V: the member to take
    SemWaitLimit limit; ///< how long the take may wait
    /// Whether the command gets SIGPIPE's default action (the caller may
    /// ignore SIGPIPE for itself; pass what it was when the process started).
    bool sigpipe_default = true;
};

/// How hold_and_run ended, when the take did not fail.
struct HeldCommand {
    enum class End {
        exited,      ///< the command ran and ended: `wait_status`
        gave_up,     ///< the take timed out or would block (`wait`): nothing run
        interrupted, ///< `signal` came before the command started: nothing run
        not_started, ///< the command could not be started: `error` (err: the exec errno)
    };
    End end = End::exited;
    SemWait wait = SemWait::done;
    int signal = 0;
    int wait_status = 0; ///< as waitpid(2) reports it
    std::optional<Error> error;
    /// Giving the semaphore back failed (after the command, or after a
    /// signal or a start that failed).
    std::optional<Error> release_error;
};

/// Take member `options.num` of `sem` (a System V set with SEM_UNDO, so that
/// the kernel gives it back should this process be killed), run `command`
/// (searched in PATH), wait for it to end, and give the semaphore back (with
/// SEM_UNDO too, which cancels the take's adjustment).
///
/// While it runs, SIGINT, SIGTERM and SIGHUP sent to this process are passed
/// on to the command, except a terminal's (which reaches the command
/// itself) and those this process ignores (which the command inherits
/// ignored).  One of them during the take ends the wait with nothing taken;
/// one between the take and the start gives the semaphore back.  The
/// signal dispositions are restored before it returns.  A take that fails is
/// an Error, with nothing run.
[[nodiscard]] Result<HeldCommand> hold_and_run(SemObject& sem, const std::vector<std::string>& command,
                                               const HoldOptions& options);

} // namespace ipcutil
