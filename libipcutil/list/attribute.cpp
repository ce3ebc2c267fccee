#include "libipcutil/list/attribute.hpp"

#include <unistd.h>

#include "libipcutil/kernel/fifos.hpp"

namespace ipcutil {

Result<AttributionStats> fill_holders(std::vector<ObjectList>& lists)
{
    std::vector<Object*> all;
    ObjectList* fifos = nullptr;
    for (ObjectList& list : lists) {
        if (list.kind == Kind::fifo) {
            fifos = &list; // found by this same pass, with their holders
            continue;
        }
        for (Object& o : list.objects)
            all.push_back(&o);
    }
    std::vector<FifoSighting> sightings;
    AttributionOptions options;
    if (fifos != nullptr)
        options.fifos = &sightings;
    auto stats = attribute_holders(std::span<Object* const>(all), options);
    if (stats && fifos != nullptr)
        fifos->objects = group_fifos(sightings);
    return stats;
}

std::optional<std::string> attribution_warning(const AttributionStats& stats)
{
    const ProcSight& sight = stats.sight;
    if (!stats.partial() || (::geteuid() == 0 && sight.for_want_of_privilege() && sight.hidden_by.empty()))
        return std::nullopt;
    return partial_attribution_note(stats);
}

} // namespace ipcutil
