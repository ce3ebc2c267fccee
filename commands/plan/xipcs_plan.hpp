#pragma once
// xipcs's options, and the listing they ask for: which face (ipcs or
// lsipc), which objects, the audit filter, --watch and --ns, bound by
// make_app and checked and parsed by plan() into the library's typed
// ListingPlan before anything is read.  Pure: nothing is read here.

#include <optional>
#include <string>

#include "cli/cli.hpp"
#include "libipcutil/list/listing.hpp"

namespace xipcs {

/// What was typed, nothing checked yet; an option with a value is set when
/// it was given.
struct Options {
    // Resources.
    bool shm = false, msg = false, sem = false, all = false;
    bool pshm = false, pmq = false, psem = false;
    bool fifo = false;               ///< -F: only when asked, never part of "all"
    std::optional<std::string> id;   ///< -i
    std::optional<std::string> name; ///< -N

    // The ipcs face: as ipcs, of -t -p -c -l -u the last one typed decides
    // the format, and of -b and --human the last one typed counts.
    bool time = false, pid = false, creator = false, limits = false, summary = false;
    ipcutil::IpcsRequest::Format format = ipcutil::IpcsRequest::Format::normal;
    bool bytes = false, human = false;
    bool human_last = false; ///< --human came after the last -b

    // The lsipc face.
    std::optional<std::string> output;
    bool json = false, raw = false, export_pairs = false, shell = false;
    bool noheadings = false, notruncate = false, list = false, newline = false;
    bool numeric_perms = false, global = false;
    std::optional<std::string> time_format;
    ipcutil::cli::OptionalValue export_format; ///< --export[=openmetrics]

    // The audit.
    bool orphans = false;
    std::optional<std::string> grace, owner, older_than, min_size, sort, ns;
    ipcutil::cli::OptionalValue watch; ///< --watch[=interval]
    bool all_namespaces = false;       ///< -A
    bool tree = false;                 ///< --tree
};

/// xipcs's options, bound to `o`.
[[nodiscard]] ipcutil::cli::App make_app(Options& o);

/// Check every option (as util-linux ipcs and lsipc do for theirs, then
/// --export=openmetrics, then the audit options) and make the plan; the
/// first problem is a usage error (exit 2).
[[nodiscard]] ipcutil::Result<ipcutil::ListingPlan> plan(const Options& o);

} // namespace xipcs
