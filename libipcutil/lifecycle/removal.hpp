#pragma once
// Carrying out a removal plan (xipcrm): the objects named, in order, then
// the --all kinds narrowed by the filters and --orphans, each looked at
// again right before it goes; --dry-run only says what would go.  Keeps
// going past every failure and counts.  Over the Sys seam (kernel/sys.hpp),
// so tests can inject EIDRM, EACCES, ENOENT at any step without a kernel
// race; what happens is told to a RemovalEvents, in order, for the command
// to print.

#include <sys/types.h>

#include <string>
#include <string_view>

#include "libipcutil/core/error.hpp"
#include "libipcutil/core/model.hpp"
#include "libipcutil/holders/ipc_namespaces.hpp"
#include "libipcutil/kernel/sys.hpp"
#include "libipcutil/lifecycle/removal_plan.hpp"

namespace ipcutil {

/// What a removal tells as it goes, in order.  Nothing here is printed by
/// the library: the command decides what to show (xipcrm prints `skipping`
/// and, without --dry-run, `removing` only with --verbose).
struct RemovalEvents {
    virtual ~RemovalEvents() = default;
    /// `object` goes now (with --dry-run: would go; nothing is removed).
    virtual void removing(const Object& object) = 0;
    /// `object` is left alone: gone already, or changed since it was listed
    /// (`why`, e.g. "gone before it was removed").
    virtual void skipping(const Object& object, std::string_view why) = 0;
    /// One line for stderr: a failure or a warning, complete but for the
    /// command's name.
    virtual void problem(std::string_view message) = 0;
    /// The --all (or --orphans) candidates are chosen and removal is about
    /// to begin; called only when the plan has --all kinds.
    virtual void listed() {}
    /// With plan.all_namespaces: what is told next happens in `ns` (told
    /// in the process that works there, before its first event); nullptr:
    /// in none of them (a namespace that could not be entered is told of
    /// then).
    virtual void in_namespace(const IpcNamespace* /*ns*/) {}
    /// A child process that removed in another namespace is about to end:
    /// everything told must be out by now.
    virtual void flush() {}
};

/// What a removal did, for the summary and the exit code.
struct RemovalCounts {
    int removed = 0; ///< removed (with --dry-run: would be)
    int failed = 0;  ///< failures reported (exit 1 when any)
    int skipped = 0; ///< left in place because they changed since listed

    [[nodiscard]] int exit_code() const { return failed > 0 ? exit_failure : exit_ok; }
};

/// Carry out `plan`:
/// - each target in order, found without any listing: a System V id by
///   IPC_STAT (unreadable to us, by its /proc row when there is one, else
///   the kernel decides); a key looked up (key 0 is a failure: IPC_PRIVATE
///   names no object); a POSIX name stat'ed, or, for a queue while
///   /dev/mqueue is not mounted, removed by name (mq_unlink needs no
///   mount); then removed (or, --dry-run, checked: named twice is "not
///   found" the second time, and the kernel's refusal is predicted with
///   may_remove);
/// - then every object of plan.all_kinds that passes plan.filters and was
///   not already acted on; with plan.orphans, only orphans (one /proc pass;
///   without it nothing is removed; a POSIX object that pass could not prove
///   unused, /proc showing not every process, is reported once, counted as
///   failed and left), rescanned just before removal and each re-checked by
///   recheck_orphan; otherwise each is restat'ed and must still be the same
///   object and still pass the filters.
/// A failure is reported through `events` and counted, and the rest goes on.
[[nodiscard]] RemovalCounts run_removal(const RemovalPlan& plan, RemovalEvents& events, Sys& sys = real_sys());

/// plan.all_namespaces (with --orphans): run_removal in every IPC namespace
/// that has a process, ours first, each other one entered from a child
/// process (`in_child`), where pids, holders and liveness are all read as
/// the caller numbers them (enter_ipc_namespace).  A namespace that cannot
/// be entered is a failure reported and counted; the rest goes on.  The
/// counts are the sums.
[[nodiscard]] RemovalCounts run_removal_everywhere(const RemovalPlan& plan, RemovalEvents& events,
                                                   const RunInChild& in_child);

/// How ipcrm -v names an object: "shared memory segment id `5'",
/// "POSIX shared memory `/name'" (the name escaped, printable()).
[[nodiscard]] std::string removal_name(const Object& object);

/// The --verbose closing line, without newline: "removed 3 objects, 1
/// failed, 2 skipped" (or "would remove 1 object" for --dry-run).
[[nodiscard]] std::string removal_summary(const RemovalCounts& counts, bool dry_run);

} // namespace ipcutil
