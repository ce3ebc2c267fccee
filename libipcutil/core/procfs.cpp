#include "libipcutil/core/procfs.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "libipcutil/core/handles.hpp"

namespace ipcutil {
namespace {

Result<std::string> read_all(Fd fd, const std::string& shown_as)
{
    std::string out;
    std::size_t used = 0;
    out.resize(64 * 1024);
    for (;;) {
        if (used == out.size())
            out.resize(out.size() * 2);
        const ssize_t n = ::read(fd.get(), out.data() + used, out.size() - used);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return std::unexpected(sys_error("read", shown_as, errno));
        }
        if (n == 0)
            break;
        used += static_cast<std::size_t>(n);
    }
    out.resize(used);
    return out;
}

} // namespace

Result<std::string> read_small_file(const std::string& path)
{
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd)
        return std::unexpected(sys_error("open", path, errno));
    return read_all(std::move(fd), path);
}

Result<std::string> read_file_at(int dirfd, const char* relative, const std::string& shown_as)
{
    Fd fd(::openat(dirfd, relative, O_RDONLY | O_CLOEXEC));
    if (!fd)
        return std::unexpected(sys_error("open", shown_as, errno));
    return read_all(std::move(fd), shown_as);
}

} // namespace ipcutil
