#include "libipcutil/list/audit.hpp"

#include <fmt/format.h>

#include "libipcutil/holders/orphans.hpp"

namespace ipcutil {

std::optional<std::string> orphan_sight_warning(const Filter& f, const std::vector<ObjectList>& lists)
{
    if (!f.orphans || (f.policy.sight && f.policy.sight->full()))
        return std::nullopt;
    for (const ObjectList& list : lists)
        for (const Object& o : list.objects)
            if (!is_sysv(o.kind) && classify_orphan(o, f.policy) == Verdict::unprovable)
                return fmt::format("POSIX objects no process was seen to hold are not listed as orphans: {}",
                                   f.policy.sight ? f.policy.sight->why() : "no /proc pass was made");
    return std::nullopt;
}

} // namespace ipcutil
