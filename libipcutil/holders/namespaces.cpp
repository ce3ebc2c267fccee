#include "libipcutil/holders/namespaces.hpp"

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <string>

#include <fmt/format.h>

#include "libipcutil/core/handles.hpp"
#include "libipcutil/core/parse.hpp"

namespace ipcutil {

Result<void> enter_namespaces(pid_t pid)
{
    const std::string what = fmt::format("process {}", pid);
    if (::geteuid() != 0)
        return std::unexpected(failure("enter the IPC and mount namespaces of", what, "only root can do that"));
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
    if (::setns(ipc->get(), CLONE_NEWIPC) < 0)
        return std::unexpected(sys_error("enter the IPC namespace of", what, errno));
    if (::setns(mnt->get(), CLONE_NEWNS) < 0)
        return std::unexpected(sys_error("enter the mount namespace of", what, errno));
    return {};
}

Result<pid_t> parse_ns_pid(std::string_view text)
{
    auto pid = parse_unsigned(text, "process id", INT32_MAX);
    if (!pid)
        return std::unexpected(pid.error());
    if (*pid == 0)
        return std::unexpected(usage_error("invalid process id: '0'"));
    return static_cast<pid_t>(*pid);
}

} // namespace ipcutil
