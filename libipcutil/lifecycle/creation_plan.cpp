#include "libipcutil/lifecycle/creation_plan.hpp"

#include <utility>

namespace ipcutil {

std::vector<Kind> CreationPlan::kinds() const
{
    const std::pair<bool, Kind> wanted[] = {{shm_size.has_value(), Kind::sysv_shm},
                                            {pshm_size.has_value(), Kind::posix_shm},
                                            {msg, Kind::sysv_msg},
                                            {pmq, Kind::posix_mq},
                                            {nsems.has_value(), Kind::sysv_sem},
                                            {psem, Kind::posix_sem},
                                            {!fifo.empty(), Kind::fifo}};
    std::vector<Kind> kinds;
    for (auto [want, kind] : wanted)
        if (want)
            kinds.push_back(kind);
    return kinds;
}

} // namespace ipcutil
