#include "libipcutil/list/attribute.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <unordered_map>

#include <fmt/format.h>

#include "libipcutil/holders/orphans.hpp"
#include "libipcutil/holders/ownership.hpp"
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

void fill_units(std::vector<ObjectList>& lists, Sys& sys)
{
    std::unordered_map<pid_t, std::string> units;
    std::string text;
    const auto unit_of = [&](pid_t pid) -> const std::string& {
        auto [it, fresh] = units.try_emplace(pid);
        if (fresh && sys.read_file(AT_FDCWD, fmt::format("/proc/{}/cgroup", pid), text))
            it->second = parse_cgroup(text).unit.value_or("");
        return it->second;
    };
    for (ObjectList& list : lists)
        for (Object& o : list.objects) {
            o.unit.clear();
            for (const Holder& h : o.holders)
                if (const std::string& u = unit_of(h.pid); !u.empty()) {
                    o.unit = u;
                    break;
                }
            if (o.unit.empty() && o.cpid > 0 && process_alive(o.cpid, sys))
                o.unit = unit_of(o.cpid);
        }
}

std::optional<std::string> attribution_warning(const AttributionStats& stats)
{
    const ProcSight& sight = stats.sight;
    if (!stats.partial() || (::geteuid() == 0 && sight.for_want_of_privilege() && sight.hidden_by.empty()))
        return std::nullopt;
    return partial_attribution_note(stats);
}

} // namespace ipcutil
