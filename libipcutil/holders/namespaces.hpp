#pragma once
// Looking inside another IPC namespace (xipcs --ns, xipcrm --ns): a
// process's, or the one a namespace file stands for.

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "libipcutil/core/error.hpp"
#include "libipcutil/core/handles.hpp"
#include "libipcutil/kernel/sys.hpp"

namespace ipcutil {

/// An IPC namespace file: /proc/PID/ns/ipc, or a bind mount of one.
struct NamespaceFile {
    std::string path;
    bool operator==(const NamespaceFile&) const = default;
};

/// Where to look: a process (its IPC and mount namespaces), or an IPC
/// namespace file.
using NamespaceSource = std::variant<pid_t, NamespaceFile>;

/// What to do with a namespace file whose IPC namespace no process is in
/// (kept alive by a bind mount alone): there is then no mount namespace to
/// read its /dev/shm and /dev/mqueue through.
enum class WithoutMount {
    refuse,   ///< fail, nothing entered: POSIX objects would be this mount namespace's
    ipc_only, ///< enter the IPC namespace alone
};

/// What enter_namespaces joined.
struct Entered {
    bool mount = true; ///< false: the IPC namespace alone (WithoutMount::ipc_only)
};

/// Join the IPC and mount namespaces `source` names (setns), so that
/// everything read afterwards (System V objects, /dev/shm, /dev/mqueue,
/// /proc) is what a process there sees.  A namespace file must be an IPC
/// namespace; its mount namespace is borrowed from the process with the
/// lowest pid in that IPC namespace, and `without_mount` says what to do
/// when there is none.  Needs root (CAP_SYS_ADMIN and CAP_SYS_CHROOT);
/// refused with a clear failure otherwise, before anything is joined.  Both
/// namespaces are opened before either is entered, so a process that exits
/// half-way never leaves us in one but not the other.  Must be called
/// before any thread is started (setns of a mount namespace refuses
/// multithreaded callers).
[[nodiscard]] Result<Entered> enter_namespaces(const NamespaceSource& source, WithoutMount without_mount);

/// The IPC and mount namespace files of process `pid`, both open before
/// either is entered ("enter the namespaces of process 5: no such process").
struct NamespaceFds {
    Fd ipc;
    Fd mnt;
};
[[nodiscard]] Result<NamespaceFds> open_namespaces(pid_t pid);
/// Join them: the IPC namespace, then the mount namespace.
[[nodiscard]] Result<void> join_namespaces(const NamespaceFds& fds, pid_t pid);

/// The warning for an IPC namespace entered alone (Entered::mount false).
[[nodiscard]] std::string ipc_only_note(const NamespaceFile& file);

/// What --ns takes: all digits is a process id (1 to INT32_MAX), anything
/// else the path of a namespace file (checked when entered); empty or a bad
/// process id is a usage error.
[[nodiscard]] Result<NamespaceSource> parse_ns(std::string_view text);

/// The mount namespace of the process with the lowest pid whose
/// /proc/PID/ns/ipc is the IPC namespace (`dev`, `ino`), opened; none when
/// no process is in it.  A process that exits during the walk is passed
/// over.
[[nodiscard]] Result<std::optional<Fd>> mount_namespace_of(dev_t dev, ino_t ino, Sys& sys = real_sys());

} // namespace ipcutil
