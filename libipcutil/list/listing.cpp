#include "libipcutil/list/listing.hpp"

#include <algorithm>
#include <utility>

#include "libipcutil/list/openmetrics.hpp"

namespace ipcutil {
namespace {

// Holders, then the filter, over sections read.  With --orphans and no
// holder pass, nothing may be called an orphan: the sections are emptied.
void filter_sections(const ListingFilter& f, std::vector<TableSection>& sections, const std::optional<Error>& lost,
                     ListingFrame& frame)
{
    if (lost && f.needs_holders()) {
        if (!frame.error)
            frame.error = lost;
        if (f.orphans)
            for (auto& s : sections)
                s.objects.clear();
    }
    if (auto note = orphan_sight_warning(f, sections))
        frame.warnings.push_back(*note);
    apply_filter(f, sections);
}

// The filter as the holder pass leaves it: the orphan rule knows what /proc
// showed.
ListingFilter seen_through(ListingFilter f, const std::optional<AttributionStats>& stats)
{
    if (stats)
        f.policy.sight = stats->sight;
    return f;
}

void note_attribution(const std::optional<AttributionStats>& stats, ListingFrame& frame)
{
    if (stats)
        if (auto note = attribution_warning(*stats))
            frame.warnings.push_back(*note);
}

void ipcs_frame(const ListingPlan& p, const ListingFilter& filter, ListingFrame& frame)
{
    IpcsRequest r = p.ipcs;
    if (filter.active())
        r.filter = [&](std::vector<TableSection>& sections) {
            std::optional<Error> lost;
            std::optional<AttributionStats> seen;
            const bool fifos = std::any_of(sections.begin(), sections.end(),
                                           [](const TableSection& s) { return s.kind == Kind::fifo; });
            if (filter.needs_holders() || fifos) {
                auto stats = fill_holders(sections);
                if (stats)
                    seen = *stats;
                else
                    lost = stats.error();
                note_attribution(seen, frame);
            }
            if (lost && fifos && !frame.error)
                frame.error = lost; // the FIFOs could not be listed
            filter_sections(seen_through(filter, seen), sections, lost, frame);
        };
    auto done = render_ipcs(r, frame.text, frame.warnings);
    if (!done && !frame.error)
        frame.error = done.error();
}

void table_frame(const ListingPlan& p, const ListingFilter& filter, ListingFrame& frame)
{
    // Nothing to filter or export: the lsipc face as it is (-g included).
    if (p.table.global || (!filter.active() && !p.openmetrics)) {
        if (auto done = render_table(p.table, frame.text, frame.warnings); !done)
            frame.error = done.error();
        return;
    }
    const bool holders = p.openmetrics || filter.needs_holders();
    SectionsRead read = read_sections(p.table, holders, frame.warnings);
    note_attribution(read.attribution, frame);
    const std::optional<Error> lost = holders && !read.attribution ? read.failure : std::nullopt;
    const ListingFilter seen = seen_through(filter, read.attribution);
    filter_sections(seen, read.sections, lost, frame);
    if (!frame.error)
        frame.error = read.failure;
    if (p.openmetrics) {
        if (!lost)
            frame.text = openmetrics_text(read.sections, seen.policy);
        return;
    }
    if (read.printable()) {
        auto text = format_sections(p.table, read.sections);
        if (text)
            frame.text = std::move(*text);
        else
            frame.error = text.error();
    }
}

} // namespace

std::vector<std::string> ListingFrame::messages() const
{
    std::vector<std::string> all = warnings;
    if (error)
        all.push_back(error->message());
    return all;
}

ListingFrame render_listing(const ListingPlan& plan, std::time_t now)
{
    ListingFilter filter = plan.filter;
    filter.policy.now = now;
    filter.now = now;
    ListingFrame frame;
    if (plan.lsipc || plan.openmetrics)
        table_frame(plan, filter, frame);
    else
        ipcs_frame(plan, filter, frame);
    return frame;
}

std::string watch_command(std::string_view program, std::string_view cmdline)
{
    std::string command(program);
    std::string_view args = cmdline;
    args.remove_prefix(std::min(args.size(), args.find('\0')));
    command += args;
    std::replace(command.begin(), command.end(), '\0', ' ');
    while (!command.empty() && command.back() == ' ')
        command.pop_back();
    return command;
}

} // namespace ipcutil
