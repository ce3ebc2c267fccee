#pragma once
// xipcrm's options, and the removal they ask for: the objects named on the
// command line (-m/-q/-s ids, -M/-Q/-S keys, POSIX names, the legacy
// `shm|msg|sem ID...` form), the kinds --all and --orphans sweep, and the
// filters that narrow them, bound by make_app and checked and parsed by
// plan() into the library's typed RemovalPlan before anything goes.  Pure:
// nothing is read or removed here.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/cli.hpp"
#include "libipcutil/lifecycle/removal_plan.hpp"

namespace xipcrm {

/// One target option occurrence: its kind and form, and the text typed.
struct TypedTarget {
    ipcutil::Kind kind = ipcutil::Kind::sysv_shm;
    ipcutil::RemovalTarget::By by = ipcutil::RemovalTarget::By::id;
    std::string text;
};

/// What was typed, nothing checked yet.
struct Options {
    std::vector<TypedTarget> targets;      ///< -m/-M/-q/-Q/-s/-S/--posix-*, in the order typed
    std::vector<std::string> operands;     ///< the legacy form `shm|msg|sem ID...`, or strays
    ipcutil::cli::OptionalValue all;       ///< -a/--all and its attached list (-ashm, --all=shm,msg)
    bool orphans = false;                  ///< --orphans
    std::optional<std::string> grace;      ///< --grace
    std::optional<std::string> owner;      ///< --owner
    std::optional<std::string> older_than; ///< --older-than
    std::optional<std::string> ns;         ///< --ns
    bool all_namespaces = false;           ///< -A/--all-namespaces
    bool dry_run = false;                  ///< -n/--dry-run
    bool verbose = false;                  ///< -v/--verbose
};

/// xipcrm's options, bound to `o`.
[[nodiscard]] ipcutil::cli::App make_app(Options& o);

/// Check every option and make the plan; the first problem is a usage
/// error (exit 2) and nothing may be removed.
[[nodiscard]] ipcutil::Result<ipcutil::RemovalPlan> plan(const Options& o);

/// Parse what names one target: a decimal id, a key (0 allowed: refusing it
/// is a failure of its own, so the other objects named still go, as with
/// ipcrm), or a POSIX name (`/NAME`, or the file behind it: /dev/shm/NAME
/// for shared memory, /dev/mqueue/NAME for a queue, /dev/shm/sem.NAME for a
/// semaphore; another folder for the kind is a usage error).
[[nodiscard]] ipcutil::Result<ipcutil::RemovalTarget> parse_target(ipcutil::Kind kind, ipcutil::RemovalTarget::By by,
                                                                   std::string_view text);

/// The kinds --all sweeps, in the order ipcrm removes them (shm, pshm, sem,
/// psem, msg, pmsg): every kind without a list, else those of the
/// comma-separated list (each word once, whatever the order typed).
[[nodiscard]] ipcutil::Result<std::vector<ipcutil::Kind>> parse_kinds(const std::optional<std::string>& list);

} // namespace xipcrm
