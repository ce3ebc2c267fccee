#include "libipcutil/core/procfs.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>

#include "libipcutil/core/handles.hpp"

namespace ipcutil {
namespace {

Result<std::string> read_all(const Fd& fd, const std::string& shown_as)
{
    std::string out;
    if (const int err = read_to_end(fd.get(), out); err != 0)
        return std::unexpected(sys_error("read", shown_as, err));
    return out;
}

} // namespace

std::optional<pid_t> proc_pid(std::string_view name)
{
    pid_t pid = 0;
    const auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), pid);
    if (ec != std::errc{} || end != name.data() + name.size() || pid <= 0)
        return std::nullopt;
    return pid;
}

int read_to_end(int fd, std::string& into)
{
    std::size_t used = 0;
    into.resize(std::max<std::size_t>(into.capacity(), 16 * 1024));
    for (;;) {
        if (into.size() - used < 4096)
            into.resize(into.size() * 2);
        const ssize_t n = ::read(fd, into.data() + used, into.size() - used);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            const int err = errno;
            into.resize(used);
            return err;
        }
        if (n == 0)
            break;
        used += static_cast<std::size_t>(n);
    }
    into.resize(used);
    return 0;
}

Result<std::string> read_small_file(const std::string& path)
{
    const Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd)
        return std::unexpected(sys_error("open", path, errno));
    return read_all(fd, path);
}

Result<std::string> read_file_at(int dirfd, const char* relative, const std::string& shown_as)
{
    const Fd fd(::openat(dirfd, relative, O_RDONLY | O_CLOEXEC));
    if (!fd)
        return std::unexpected(sys_error("open", shown_as, errno));
    return read_all(fd, shown_as);
}

} // namespace ipcutil
