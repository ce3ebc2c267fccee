#pragma once
// xipcs between its plan and its output: the plan says which face (ipcs or
// lsipc), which objects, the audit filter, --watch and --ns, all checked
// before anything is read; render_listing makes one snapshot of the listing
// as text, warnings and a failure, which the command prints once or redraws
// under --watch.

#include <sys/types.h>

#include <chrono>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libipcutil/core/error.hpp"
#include "libipcutil/list/audit.hpp"
#include "libipcutil/list/ipcs_text.hpp"
#include "libipcutil/list/table.hpp"

namespace ipcutil {

/// What to list and how: the typed request the command makes of its
/// options (commands/plan/xipcs_plan.hpp).
struct ListingPlan {
    bool lsipc = false;                             ///< the lsipc face (any of its options typed)
    bool openmetrics = false;                       ///< --export=openmetrics
    IpcsRequest ipcs;                               ///< the ipcs face (its filter hook is set per frame)
    TableRequest table;                             ///< the lsipc face and the export
    ListingFilter filter;                           ///< the audit; policy.now is set per frame
    std::optional<std::chrono::milliseconds> watch; ///< --watch: the interval
    std::optional<pid_t> ns;                        ///< --ns: whose namespaces to enter first
};

/// One snapshot: what goes to stdout, the warnings, the failure if any.
struct ListingFrame {
    std::string text;
    std::vector<std::string> warnings;
    std::optional<Error> error;

    /// The warnings, then the failure's message: every line for stderr.
    [[nodiscard]] std::vector<std::string> messages() const;
};

/// Read and render one snapshot of `plan` at time `now` (the filter's
/// clock).  With --orphans and no holder pass, nothing may be called an
/// orphan: the listing is empty and the failure says why.  OpenMetrics
/// gauges from a listing that could not see the processes would be wrong,
/// not partial: none are given then.
[[nodiscard]] ListingFrame render_listing(const ListingPlan& plan, std::time_t now);

/// The command line --watch's header shows: `program` and the arguments in
/// `cmdline` (/proc/self/cmdline: NUL-separated, argv[0] first and dropped),
/// separated by spaces.
[[nodiscard]] std::string watch_command(std::string_view program, std::string_view cmdline);

} // namespace ipcutil
