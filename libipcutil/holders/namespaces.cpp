#include "libipcutil/holders/namespaces.hpp"

#include <fcntl.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "libipcutil/core/format.hpp"
#include "libipcutil/core/parse.hpp"
#include "libipcutil/core/procfs.hpp"

namespace ipcutil {

namespace {

bool all_digits(std::string_view text)
{
    return !text.empty() && std::ranges::all_of(text, [](char c) { return c >= '0' && c <= '9'; });
}

// The IPC namespace, then the mount namespace when there is one: both are
// open, so nothing can fail half-way for want of a process.
Result<void> join(const Fd& ipc, const Fd* mnt, const char* ipc_op, const char* mnt_op, const std::string& what)
{
    if (::setns(ipc.get(), CLONE_NEWIPC) < 0)
        return std::unexpected(sys_error(ipc_op, what, errno));
    if (mnt != nullptr && ::setns(mnt->get(), CLONE_NEWNS) < 0)
        return std::unexpected(sys_error(mnt_op, what, errno));
    return {};
}

Result<Entered> enter_process(pid_t pid)
{
    if (::geteuid() != 0)
        return std::unexpected(
            failure("enter the IPC and mount namespaces of", fmt::format("process {}", pid), "only root can do that"));
    auto fds = open_namespaces(pid);
    if (!fds)
        return std::unexpected(fds.error());
    if (auto joined = join_namespaces(*fds, pid); !joined)
        return std::unexpected(joined.error());
    return Entered{};
}

std::string_view type_name(int type)
{
    switch (type) {
    case CLONE_NEWNS: return "mount";
    case CLONE_NEWUTS: return "UTS";
    case CLONE_NEWPID: return "PID";
    case CLONE_NEWNET: return "network";
    case CLONE_NEWUSER: return "user";
    case CLONE_NEWCGROUP: return "cgroup";
    case CLONE_NEWTIME: return "time";
    default: return "another";
    }
}

// The namespace file, open, once it is known to be an IPC namespace.  Only
// a regular file is opened (nsfs files are), so a FIFO or a device named by
// mistake is never opened.
Result<Fd> open_ipc_file(const std::string& path)
{
    const char* op = "enter the IPC namespace";
    struct stat st {};
    if (::stat(path.c_str(), &st) < 0) {
        const int err = errno;
        if (err == ENOENT)
            return std::unexpected(failure(op, path, "no such file"));
        return std::unexpected(sys_error(op, path, err));
    }
    if (!S_ISREG(st.st_mode))
        return std::unexpected(failure(op, path, "not a namespace file"));
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
    if (!fd)
        return std::unexpected(sys_error(op, path, errno));
    const int type = ::ioctl(fd.get(), NS_GET_NSTYPE);
    if (type < 0)
        return std::unexpected(failure(op, path, "not a namespace file"));
    if (type != CLONE_NEWIPC)
        return std::unexpected(failure(op, path, fmt::format("a {} namespace, not an IPC namespace", type_name(type))));
    return fd;
}

Result<Entered> enter_file(const NamespaceFile& file, WithoutMount without_mount)
{
    const std::string& path = file.path;
    if (::geteuid() != 0)
        return std::unexpected(failure("enter the IPC namespace", path, "only root can do that"));
    auto ipc = open_ipc_file(path);
    if (!ipc)
        return std::unexpected(ipc.error());
    struct stat st {};
    if (::fstat(ipc->get(), &st) < 0)
        return std::unexpected(sys_error("enter the IPC namespace", path, errno));
    auto mnt = mount_namespace_of(st.st_dev, st.st_ino);
    if (!mnt)
        return std::unexpected(mnt.error());
    if (!*mnt && without_mount == WithoutMount::refuse)
        return std::unexpected(failure("enter the IPC namespace", path,
                                       "no process is in it, so no mount namespace shows its POSIX objects"));
    const Fd* borrowed = *mnt ? &**mnt : nullptr;
    if (auto joined = join(*ipc, borrowed, "enter the IPC namespace", "enter the mount namespace borrowed for", path);
        !joined)
        return std::unexpected(joined.error());
    return Entered{borrowed != nullptr};
}

} // namespace

Result<Entered> enter_namespaces(const NamespaceSource& source, WithoutMount without_mount)
{
    if (const auto* pid = std::get_if<pid_t>(&source))
        return enter_process(*pid);
    return enter_file(std::get<NamespaceFile>(source), without_mount);
}

std::string ipc_only_note(const NamespaceFile& file)
{
    return fmt::format("no process is in the IPC namespace {}: entered it alone, so the POSIX objects "
                       "listed are this mount namespace's",
                       printable(file.path));
}

Result<NamespaceFds> open_namespaces(pid_t pid)
{
    const std::string what = fmt::format("process {}", pid);
    const auto open_ns = [&](const char* ns) -> Result<Fd> {
        Fd fd(::open(fmt::format("/proc/{}/ns/{}", pid, ns).c_str(), O_RDONLY | O_CLOEXEC));
        if (!fd) {
            const int err = errno;
            if (err == ENOENT || err == ESRCH)
                return std::unexpected(failure("enter the namespaces of", what, "no such process"));
            return std::unexpected(sys_error(fmt::format("open the {} namespace of", ns), what, err));
        }
        return fd;
    };
    auto ipc = open_ns("ipc");
    if (!ipc)
        return std::unexpected(ipc.error());
    auto mnt = open_ns("mnt");
    if (!mnt)
        return std::unexpected(mnt.error());
    return NamespaceFds{std::move(*ipc), std::move(*mnt)};
}

Result<void> join_namespaces(const NamespaceFds& fds, pid_t pid)
{
    return join(fds.ipc, &fds.mnt, "enter the IPC namespace of", "enter the mount namespace of",
                fmt::format("process {}", pid));
}

Result<NamespaceSource> parse_ns(std::string_view text)
{
    if (text.empty())
        return std::unexpected(usage_error("invalid process id or namespace file: ''"));
    if (!all_digits(text))
        return NamespaceFile{std::string(text)};
    auto pid = parse_unsigned(text, "process id", INT32_MAX);
    if (!pid)
        return std::unexpected(pid.error());
    if (*pid == 0)
        return std::unexpected(usage_error("invalid process id: '0'"));
    return static_cast<pid_t>(*pid);
}

Result<std::optional<Fd>> mount_namespace_of(dev_t dev, ino_t ino, Sys& sys)
{
    auto proc = sys.open(AT_FDCWD, "/proc", O_RDONLY | O_DIRECTORY);
    if (!proc)
        return std::unexpected(sys_error("read", "/proc", proc.error()));
    auto entries = sys.list_dir(proc->get());
    if (!entries)
        return std::unexpected(sys_error("read", "/proc", entries.error()));
    std::vector<pid_t> pids;
    for (const DirEntry& e : *entries)
        if (const auto pid = proc_pid(e.name))
            pids.push_back(*pid);
    std::ranges::sort(pids);
    for (const pid_t pid : pids) {
        // Everything through the process's own /proc folder: a pid reused
        // by another process after this one exits is not mistaken for it.
        auto dir = sys.open(proc->get(), std::to_string(pid), O_RDONLY | O_DIRECTORY);
        if (!dir)
            continue;
        const auto ipc = sys.stat(dir->get(), "ns/ipc", true);
        if (!ipc || ipc->st_dev != dev || ipc->st_ino != ino)
            continue;
        if (auto mnt = sys.open(dir->get(), "ns/mnt", O_RDONLY))
            return std::optional<Fd>(std::move(*mnt));
    }
    return std::optional<Fd>();
}

} // namespace ipcutil
