#pragma once
// Errors as values: the library returns them, only a command's main prints.

#include <expected>
#include <string>
#include <string_view>

namespace ipcutil {

/// Exit codes, part of every command's documented interface.
enum ExitCode : int {
    exit_ok = 0,      ///< everything asked for was done
    exit_failure = 1, ///< an operation failed (not found, not permitted, ...)
    exit_usage = 2,   ///< bad option or argument; nothing was done
    exit_timeout = 3, ///< mqsend/mqrecv: a timeout or --nonblock ended the wait empty-handed
};

/// One failure: what was being done, to which object, and why.
/// Renders as one line, e.g. "remove shared memory id 42: Permission denied".
struct Error {
    std::string op;     ///< "remove", "attach", "read /proc/sysvipc/shm" ...
    std::string object; ///< "shared memory id 42", "/dev/shm/foo", raw; may be empty
    int err = 0;        ///< errno, 0 when `detail` says it all
    std::string detail; ///< replaces the errno text when set
    bool usage = false; ///< a usage error (exit 2) rather than a failure (exit 1)

    /// The one-line message, without the command's name.  `object` is
    /// shown through printable(): a name or path chosen by another user
    /// never reaches a terminal raw.
    [[nodiscard]] std::string message() const;
    [[nodiscard]] int exit_code() const { return usage ? exit_usage : exit_failure; }
};

template <class T> using Result = std::expected<T, Error>;

/// A system call failure: `op object: <errno wording>`.
[[nodiscard]] Error sys_error(std::string op, std::string object, int err);
/// A failure explained in words rather than errno.
[[nodiscard]] Error failure(std::string op, std::string object, std::string detail);
/// A usage error; `what` is the whole message, e.g. "invalid size: '4Q'".
[[nodiscard]] Error usage_error(std::string what);

/// User text made safe for a one-line message: printable() of format.hpp,
/// under the name messages use ("invalid size: '{}'", quote(text)).
[[nodiscard]] std::string quote(std::string_view text);

/// errno wording, with the IPC-specific phrasing ipcrm uses for
/// EACCES/EPERM, EINVAL, EIDRM and ENOENT.
[[nodiscard]] std::string errno_text(int err);

} // namespace ipcutil
