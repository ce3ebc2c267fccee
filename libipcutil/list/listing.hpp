#pragma once
// xipcs between its plan and its output: the plan says which face (ipcs or
// lsipc), which objects, the audit filter, --watch and --ns, all checked
// before anything is read; render_listing makes one snapshot of the listing
// (read, attribute holders, filter, render) as text and the problems met,
// which the command prints once or redraws under --watch.

#include <sys/types.h>

#include <chrono>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libipcutil/core/error.hpp"
#include "libipcutil/holders/namespaces.hpp"
#include "libipcutil/list/every_namespace.hpp"
#include "libipcutil/list/filter.hpp"
#include "libipcutil/list/ipcs_text.hpp"
#include "libipcutil/list/lsipc.hpp"
#include "libipcutil/list/problems.hpp"
#include "libipcutil/list/tree.hpp"

namespace ipcutil {

/// What to list and how: the typed request the command makes of its
/// options (commands/plan/xipcs_plan.hpp).
struct ListingPlan {
    bool lsipc = false;                             ///< the lsipc face (any of its options typed)
    bool openmetrics = false;                       ///< --export=openmetrics
    IpcsRequest ipcs;                               ///< the ipcs face
    TableRequest table;                             ///< the lsipc face and the export
    Filter filter;                                  ///< --orphans, --owner, --older-than, --min-size
    std::string sort;                               ///< --sort: a column; empty keeps the listing's order
    std::optional<std::chrono::milliseconds> watch; ///< --watch: the interval
    std::optional<NamespaceSource> ns;              ///< --ns: whose namespaces to enter first
    bool all_namespaces = false;                    ///< -A: every IPC namespace that has a process
    std::optional<TreeRequest> tree;                ///< --tree: namespace → unit → object
};

/// One snapshot: what goes to stdout, and every warning and failure met
/// making it, in order (the exit status is problems.exit_code()).
struct ListingFrame {
    std::string text;
    Problems problems;

    /// Every line for stderr.
    [[nodiscard]] const std::vector<std::string>& messages() const { return problems.lines(); }
};

/// One snapshot of `plan` at time `now` (the filter's clock): the objects
/// read, their holders attributed, filtered and sorted, rendered in the
/// face asked for; or the limits and usage.  It goes on past every failure.
/// With --orphans and no holder pass, nothing may be called an orphan: the
/// listing is empty and the failure says why.  OpenMetrics gauges from a
/// listing that could not see the processes would be wrong, not partial:
/// none are given then.  With all_namespaces, every namespace is read by
/// `in_child` (every_namespace.hpp), and the ipcs face prints one block
/// per namespace under a line naming it.
[[nodiscard]] ListingFrame render_listing(const ListingPlan& plan, std::time_t now, const RunInChild& in_child = {});

/// The command line --watch's header shows: `program` and the arguments in
/// `cmdline` (/proc/self/cmdline: NUL-separated, argv[0] first and dropped),
/// separated by spaces.
[[nodiscard]] std::string watch_command(std::string_view program, std::string_view cmdline);

} // namespace ipcutil
