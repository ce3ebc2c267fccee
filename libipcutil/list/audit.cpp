#include "libipcutil/list/audit.hpp"

#include <string>

#include <fmt/format.h>

#include "libipcutil/core/procfs.hpp"
#include "libipcutil/holders/orphans.hpp"

namespace ipcutil {

bool process_running(pid_t pid)
{
    if (!pid_alive(pid))
        return false;
    const auto stat = read_small_file(fmt::format("/proc/{}/stat", pid));
    if (!stat)
        return true; // doubt never makes an orphan
    // "PID (COMM) STATE ...": COMM may hold spaces and parentheses.
    const std::size_t close = stat->rfind(')');
    return close == std::string::npos || close + 2 >= stat->size() || (*stat)[close + 2] != 'Z';
}

} // namespace ipcutil
