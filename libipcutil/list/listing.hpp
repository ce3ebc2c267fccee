#pragma once
// xipcs between its options and its output: which face (ipcs or lsipc),
// which objects, the audit filter, --watch and --ns, all checked before
// anything is read (plan_listing); then one snapshot of the listing
// (render_listing: read, attribute holders, filter, render) as text and the
// problems met, which the command prints once or redraws under --watch.

#include <sys/types.h>

#include <chrono>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libipcutil/core/error.hpp"
#include "libipcutil/list/filter.hpp"
#include "libipcutil/list/ipcs_text.hpp"
#include "libipcutil/list/lsipc.hpp"
#include "libipcutil/list/problems.hpp"

namespace ipcutil {

/// xipcs's options as typed, nothing checked yet.  Option names in `typed`
/// are each option's first long name, or its short name when it has no long
/// one ("--time", "-e", "--export").
struct ListingOptions {
    // Resources.
    bool shm = false, msg = false, sem = false, all = false;
    bool pshm = false, pmq = false, psem = false;
    bool fifo = false;   ///< -F: only when asked, never part of "all"
    std::string id_text; ///< -i
    std::string name;    ///< -N

    // ipcs face formats.
    bool time = false, pid = false, creator = false, limits = false, summary = false;
    bool bytes = false, human = false;

    // lsipc face.
    std::string output;
    bool json = false, raw = false, export_pairs = false, shell = false;
    bool noheadings = false, notruncate = false, list = false, newline = false;
    bool numeric_perms = false, global = false;
    std::string time_format;
    bool export_given = false;               ///< --export
    std::optional<std::string> export_value; ///< --export=FORMAT

    // Audit.
    bool orphans = false;
    std::string grace, owner, older_than, min_size, sort, ns;
    bool watch_given = false;               ///< --watch
    std::optional<std::string> watch_value; ///< --watch=INTERVAL

    /// Every option occurrence, in the order typed: which were given at all,
    /// and of -t -p -c -l -u (and of -b, --human) which came last.
    std::vector<std::string> typed;

    /// Whether `option` was typed.
    [[nodiscard]] bool given(std::string_view option) const;
};

/// What plan_listing made of the options.
struct ListingPlan {
    bool lsipc = false;                             ///< the lsipc face (any of its options typed)
    bool openmetrics = false;                       ///< --export=openmetrics
    IpcsRequest ipcs;                               ///< the ipcs face
    TableRequest table;                             ///< the lsipc face and the export
    Filter filter;                                  ///< --orphans, --owner, --older-than, --min-size
    std::string sort;                               ///< --sort: a column; empty keeps the listing's order
    std::optional<std::chrono::milliseconds> watch; ///< --watch: the interval
    std::optional<pid_t> ns;                        ///< --ns: whose namespaces to enter first
};

/// Check every option (as util-linux ipcs and lsipc do for theirs, then
/// --export=openmetrics, then the audit options) and make the plan; the
/// first problem is a usage error (exit 2).  Of -b and --human the last one
/// typed counts, as of -t -p -c -l -u (as ipcs).
[[nodiscard]] Result<ListingPlan> plan_listing(const ListingOptions& options);

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
/// none are given then.
[[nodiscard]] ListingFrame render_listing(const ListingPlan& plan, std::time_t now);

/// The command line --watch's header shows: `program` and the arguments in
/// `cmdline` (/proc/self/cmdline: NUL-separated, argv[0] first and dropped),
/// separated by spaces.
[[nodiscard]] std::string watch_command(std::string_view program, std::string_view cmdline);

} // namespace ipcutil
