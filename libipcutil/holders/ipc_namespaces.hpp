#pragma once
// Every IPC namespace on the host (xipcs -A, xipcrm -A): found in one pass
// over /proc (each process's ns/ipc link and, for the CONTAINER column,
// its cgroup), and entered one at a time from a child process.

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "libipcutil/core/error.hpp"
#include "libipcutil/holders/namespaces.hpp"
#include "libipcutil/holders/ownership.hpp"
#include "libipcutil/kernel/sys.hpp"

namespace ipcutil {

/// The inode a namespace link names: "ipc:[4026531839]" is 4026531839 for
/// `type` "ipc"; nullopt for any other shape or type.
[[nodiscard]] std::optional<std::uint64_t> parse_ns_link(std::string_view link, std::string_view type);

/// One IPC namespace that has a process.
struct IpcNamespace {
    std::uint64_t inode = 0;
    pid_t pid = 0;             ///< its lowest pid: where it is entered from
    std::size_t processes = 0; ///< how many processes are in it
    std::string container;     ///< container_label of the container it belongs to; empty when none
    bool own = false;          ///< the namespace the caller is in

    bool operator==(const IpcNamespace&) const = default;
};

/// What one pass over /proc found.
struct NamespaceScan {
    std::vector<IpcNamespace> namespaces; ///< the caller's first, then by inode
    std::size_t unreadable = 0;           ///< processes whose ns/ipc link could not be read (another user's)
};

/// One pass over `proc_root`: each process's IPC namespace and, when
/// `containers`, its cgroup (parse_cgroup), from which each namespace's
/// container is told (namespace_container).  The caller's own namespace is
/// always listed, first.  Fails only when `proc_root` cannot be read.
[[nodiscard]] Result<NamespaceScan> scan_ipc_namespaces(bool containers, Sys& sys = real_sys(),
                                                        const std::string& proc_root = "/proc");

/// The failure of a scan that could not read some processes' namespaces:
/// "read the IPC namespace of 3 processes: Permission denied (run as root
/// to see every namespace)".
[[nodiscard]] Error unseen_namespaces(std::size_t processes);

/// The container a namespace belongs to, from the ownership of each of its
/// processes: the one container every process runs in, or the Kubernetes
/// pod every process shares ("k8s pod UID"); none (empty) when some run
/// outside a container or they disagree (a host namespace that a container
/// shares with --ipc=host stays the host's).
[[nodiscard]] std::string namespace_container(std::span<const Ownership> owners);

/// The IPC namespace this process is in; 0 when /proc cannot say.
[[nodiscard]] std::uint64_t own_ipc_namespace(Sys& sys = real_sys());

/// What a child that entered a namespace reads there.
enum class ProcView {
    theirs, ///< the namespace's own /proc: enough to read objects (System V
            ///< pids are numbered as the reader's pid namespace numbers them)
    ours,   ///< a /proc of the caller's pid namespace: holders and liveness too
};

/// Enter `ns`: the IPC and mount namespaces of its process, after checking
/// that the process is still in that IPC namespace (a pid reused meanwhile
/// is refused).  With ProcView::ours, then a private copy of that mount
/// namespace with a fresh /proc of the caller's pid namespace on /proc, so
/// that every pid read afterwards (System V creators, holders, liveness) is
/// numbered as the caller numbers them, and nothing the namespace's own
/// processes see changes (it costs a mount namespace made and torn down).
/// Only root can; refused before anything is entered otherwise.  For a
/// child process: it changes the namespaces of the whole process, which
/// must be single-threaded.
[[nodiscard]] Result<void> enter_ipc_namespace(const IpcNamespace& ns, ProcView view);

/// The two halves of enter_ipc_namespace, for a child that visits several
/// namespaces in turn: open each one's files (and check them) while /proc
/// is still the caller's, then enter them one after the other.
[[nodiscard]] Result<NamespaceFds> open_ipc_namespace(const IpcNamespace& ns);
[[nodiscard]] Result<void> enter_opened(const IpcNamespace& ns, const NamespaceFds& fds, ProcView view);

/// Work to run in a child process; what it returns travels back as bytes.
using ChildWork = std::function<Result<std::string>()>;
/// Runs `work` in a child process and hands back its bytes, or why the
/// child failed (xipcs -A and xipcrm -A enter each namespace there).  The
/// command supplies it: the library forks nothing.
using RunInChild = std::function<Result<std::string>(const ChildWork& work)>;

/// How a namespace is named in a header or a message:
/// "IPC namespace 4026532211 (docker 3f2a1c9e0b7d)", or without the
/// parentheses when it belongs to no container; the container's name
/// escaped for a terminal (printable()).
[[nodiscard]] std::string namespace_title(const IpcNamespace& ns);

} // namespace ipcutil
