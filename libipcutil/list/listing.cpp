#include "libipcutil/list/listing.hpp"

#include <algorithm>
#include <utility>

#include "libipcutil/list/attribute.hpp"
#include "libipcutil/list/audit.hpp"
#include "libipcutil/list/columns.hpp"
#include "libipcutil/list/limits.hpp"
#include "libipcutil/list/openmetrics.hpp"
#include "libipcutil/list/read.hpp"
#include "libipcutil/list/sort.hpp"

namespace ipcutil {
namespace {

// Whether anything shown or kept needs the processes behind the objects:
// a column or section that shows them, the orphan rule, a sort by them,
// the gauges; FIFOs are found by the same pass.
bool needs_holders(const ListingPlan& p, const ObjectsRead& read)
{
    const bool fifos =
        std::any_of(read.lists.begin(), read.lists.end(), [](const ObjectList& l) { return l.kind == Kind::fifo; });
    return fifos || p.filter.orphans || sort_needs_holders(p.sort) || p.openmetrics || p.tree
           || (p.lsipc ? shows_holders(p.table) : shows_holders(p.ipcs));
}

// Whether a column with `flag` is shown or sorted on (the tree shows the
// namespace's container and the units).
bool needs(const ListingPlan& p, unsigned flag)
{
    return p.tree || (p.lsipc && shows_columns_with(p.table, flag)) || sort_needs(p.sort, flag);
}

// Without -A every object is of one namespace, ours (or --ns's, entered):
// its inode, and its container when a column shows it.
IpcNamespace label_own_namespace(const ListingPlan& p, ObjectsRead& read, Problems& problems)
{
    IpcNamespace own;
    own.inode = own_ipc_namespace();
    if (needs(p, col_namespace)) {
        if (auto scan = scan_ipc_namespaces(true)) {
            for (const IpcNamespace& ns : scan->namespaces)
                if (ns.own)
                    own = ns;
        } else {
            problems.fail(scan.error());
        }
    }
    label_namespace(read.lists, own);
    return own;
}

// Limits and usage (-l, -u, -g): figures, not objects.
bool shows_limits(const ListingPlan& p)
{
    using F = IpcsRequest::Format;
    if (p.lsipc)
        return p.table.global;
    return !p.ipcs.id && !p.ipcs.name && (p.ipcs.format == F::limits || p.ipcs.format == F::summary);
}

void render_limits(const ListingPlan& p, ListingFrame& frame)
{
    if (!p.lsipc) {
        frame.text = ipcs_limits_text(p.ipcs, frame.problems);
        return;
    }
    const auto rows = read_limit_rows(p.table.kinds, frame.problems);
    if (auto text = format_limits(p.table, rows))
        frame.text = std::move(*text);
    else
        frame.problems.fail(text.error());
}

void render_objects(const ListingPlan& p, const Filter& filter, const ObjectsRead& read,
                    const std::vector<IpcNamespace>& namespaces, ListingFrame& frame)
{
    if (p.openmetrics) {
        frame.text = openmetrics_text(read.lists, filter.policy, p.all_namespaces ? &namespaces : nullptr);
    } else if (!p.lsipc) {
        frame.text = format_ipcs(p.ipcs, read);
    } else if (!read.lists.empty() || !frame.problems.failed()) {
        // (An id or a name that does not exist prints nothing, not even an
        // empty JSON document.)
        if (auto text = format_objects(p.table, read))
            frame.text = std::move(*text);
        else
            frame.problems.fail(text.error());
    }
}

} // namespace

ListingFrame render_listing(const ListingPlan& plan, std::time_t now, const RunInChild& in_child)
{
    ListingFrame frame;
    Filter filter = plan.filter;
    filter.policy.now = now;
    if (shows_limits(plan)) {
        render_limits(plan, frame);
        return frame;
    }
    // 1. Read the objects of the kinds shown, or the one an id or a name names.
    const ReadRequest request = plan.lsipc ? objects_to_read(plan.table) : objects_to_read(plan.ipcs);
    std::vector<IpcNamespace> namespaces;
    ObjectsRead read;
    if (plan.all_namespaces) {
        read = read_every_namespace(request, in_child, frame.problems, namespaces);
    } else {
        read = read_objects(request, frame.problems);
        namespaces.push_back(label_own_namespace(plan, read, frame.problems));
    }
    // 2. Attribute holders, in one /proc pass for every kind (it also finds the FIFOs).
    if (needs_holders(plan, read)) {
        if (auto stats = fill_holders(read.lists)) {
            if (auto note = attribution_warning(*stats))
                frame.problems.warn(*note);
            filter.policy.sight = stats->sight; // the orphan rule knows what /proc showed
        } else {
            frame.problems.fail(stats.error());
            if (plan.openmetrics)
                return frame; // gauges without the processes would be wrong
            if (plan.filter.orphans)
                for (ObjectList& list : read.lists)
                    list.objects.clear(); // nothing may be called an orphan
        }
        if (needs(plan, col_unit))
            fill_units(read.lists);
    }
    // 3. Keep what the filter keeps, in the order asked for; say when the
    //    orphan rule could not prove some objects unused.
    if (auto note = orphan_sight_warning(filter, read.lists))
        frame.problems.warn(*note);
    filter_lists(filter, now, read.lists);
    sort_lists(plan.sort, read.lists);
    // 4. Render: the tree; in the ipcs face, one block per namespace under
    //    its title.
    if (plan.tree) {
        if (auto text = format_tree(*plan.tree, read.lists, namespaces))
            frame.text = std::move(*text);
        else
            frame.problems.fail(text.error());
        return frame;
    }
    if (plan.all_namespaces && !plan.lsipc && !plan.openmetrics) {
        for (const IpcNamespace& ns : namespaces) {
            ObjectsRead mine;
            mine.lists = objects_in(read.lists, ns.inode, &ns == &namespaces.front());
            frame.text += namespace_title(ns) + "\n";
            frame.text += format_ipcs(plan.ipcs, mine);
        }
        return frame;
    }
    render_objects(plan, filter, read, namespaces, frame);
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
