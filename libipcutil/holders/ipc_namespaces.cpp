#include "libipcutil/holders/ipc_namespaces.hpp"

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <map>
#include <utility>

#include <fmt/format.h>

#include "libipcutil/core/format.hpp"
#include "libipcutil/core/handles.hpp"
#include "libipcutil/core/procfs.hpp"
#include "libipcutil/holders/namespaces.hpp"

namespace ipcutil {
namespace {

struct Members {
    pid_t lowest = 0;
    std::size_t processes = 0;
    std::vector<Ownership> owners;
};

} // namespace

std::optional<std::uint64_t> parse_ns_link(std::string_view link, std::string_view type)
{
    if (!link.starts_with(type) || link.size() < type.size() + 3)
        return std::nullopt;
    link.remove_prefix(type.size());
    if (!link.starts_with(":[") || !link.ends_with("]"))
        return std::nullopt;
    link = link.substr(2, link.size() - 3);
    std::uint64_t inode = 0;
    const auto [end, ec] = std::from_chars(link.data(), link.data() + link.size(), inode);
    if (ec != std::errc{} || end != link.data() + link.size() || inode == 0)
        return std::nullopt;
    return inode;
}

std::uint64_t own_ipc_namespace(Sys& sys)
{
    const auto link = sys.readlink(AT_FDCWD, "/proc/self/ns/ipc");
    return link ? parse_ns_link(*link, "ipc").value_or(0) : 0;
}

Result<NamespaceScan> scan_ipc_namespaces(bool containers, Sys& sys, const std::string& proc_root)
{
    auto proc = sys.open(AT_FDCWD, proc_root, O_RDONLY | O_DIRECTORY);
    if (!proc)
        return std::unexpected(sys_error("read", proc_root, proc.error()));
    auto entries = sys.list_dir(proc->get());
    if (!entries)
        return std::unexpected(sys_error("read", proc_root, entries.error()));
    NamespaceScan scan;
    const std::uint64_t own = parse_ns_link(sys.readlink(proc->get(), "self/ns/ipc").value_or(""), "ipc").value_or(0);
    std::map<std::uint64_t, Members> found;
    std::string text;
    for (const DirEntry& e : *entries) {
        const auto pid = proc_pid(e.name);
        if (!pid)
            continue;
        const auto link = sys.readlink(proc->get(), e.name + "/ns/ipc");
        if (!link) {
            // Another user's process (EACCES), or a kernel thread's empty
            // link; one that exited meanwhile (ENOENT) is no loss.
            if (link.error() == EACCES || link.error() == EPERM)
                ++scan.unreadable;
            continue;
        }
        const auto inode = parse_ns_link(*link, "ipc");
        if (!inode)
            continue;
        Members& m = found[*inode];
        if (m.processes++ == 0 || *pid < m.lowest)
            m.lowest = *pid;
        if (containers && sys.read_file(proc->get(), e.name + "/cgroup", text))
            m.owners.push_back(parse_cgroup(text));
    }
    if (own != 0)
        found.try_emplace(own);
    for (auto& [inode, m] : found) {
        IpcNamespace ns;
        ns.inode = inode;
        ns.pid = m.lowest;
        ns.processes = m.processes;
        ns.own = inode == own;
        if (containers)
            ns.container = namespace_container(m.owners);
        scan.namespaces.push_back(std::move(ns));
    }
    std::stable_partition(scan.namespaces.begin(), scan.namespaces.end(),
                          [](const IpcNamespace& ns) { return ns.own; });
    return scan;
}

Error unseen_namespaces(std::size_t processes)
{
    return failure("read the IPC namespace of", fmt::format("{} process{}", processes, processes == 1 ? "" : "es"),
                   "Permission denied (run as root to see every namespace)");
}

std::string namespace_container(std::span<const Ownership> owners)
{
    if (owners.empty())
        return {};
    const auto& first = owners.front().container;
    if (!first)
        return {};
    const bool same = std::all_of(owners.begin(), owners.end(), [&](const Ownership& o) {
        return o.container && o.container->runtime == first->runtime && o.container->id == first->id;
    });
    if (same)
        return container_label(*first);
    const bool one_pod = !first->pod.empty() && std::all_of(owners.begin(), owners.end(), [&](const Ownership& o) {
        return o.container && o.container->pod == first->pod;
    });
    return one_pod ? "k8s pod " + first->pod : std::string();
}

std::string namespace_title(const IpcNamespace& ns)
{
    if (ns.container.empty())
        return fmt::format("IPC namespace {}", ns.inode);
    // A container's name comes from a cgroup path, which a user with a
    // delegated cgroup tree chooses: never raw to a terminal.
    return fmt::format("IPC namespace {} ({})", ns.inode, printable(ns.container));
}

namespace {

std::string what_of(const IpcNamespace& ns)
{
    return fmt::format("IPC namespace {} (process {})", ns.inode, ns.pid);
}

} // namespace

Result<NamespaceFds> open_ipc_namespace(const IpcNamespace& ns)
{
    if (::geteuid() != 0)
        return std::unexpected(failure("enter", what_of(ns), "only root can do that"));
    auto fds = open_namespaces(ns.pid);
    if (!fds)
        return std::unexpected(fds.error());
    struct stat st {};
    if (::fstat(fds->ipc.get(), &st) < 0 || st.st_ino != ns.inode)
        return std::unexpected(failure("enter", what_of(ns), "the process has left it"));
    return fds;
}

Result<void> enter_ipc_namespace(const IpcNamespace& ns, ProcView view)
{
    auto fds = open_ipc_namespace(ns);
    if (!fds)
        return std::unexpected(fds.error());
    return enter_opened(ns, *fds, view);
}

Result<void> enter_opened(const IpcNamespace& ns, const NamespaceFds& fds, ProcView view)
{
    const std::string what = what_of(ns);
    if (auto joined = join_namespaces(fds, ns.pid); !joined)
        return std::unexpected(joined.error());
    if (view == ProcView::theirs)
        return {};
    // Our own copy of it, where mounting changes nothing for its processes.
    if (::unshare(CLONE_NEWNS) < 0 || ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) < 0)
        return std::unexpected(sys_error("make a private mount namespace in", what, errno));
    if (::mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) < 0)
        return std::unexpected(sys_error("mount /proc in", what, errno));
    return {};
}

} // namespace ipcutil
