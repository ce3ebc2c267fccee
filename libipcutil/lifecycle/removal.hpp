#pragma once
// Carrying out a removal plan (xipcrm): the objects named, in order, then
// the --all kinds narrowed by the filters and --orphans, each looked at
// again right before it goes; --dry-run only says what would go.  Keeps
// going past every failure and counts.  Over a RemovalSys interface, so
// tests can inject EIDRM, EACCES, ENOENT at any step without a kernel race;
// what happens is told to a RemovalEvents, in order, for the command to
// print.

#include <sys/types.h>

#include <ctime>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "libipcutil/core/error.hpp"
#include "libipcutil/core/model.hpp"
#include "libipcutil/holders/orphans.hpp"
#include "libipcutil/holders/proc_scan.hpp"
#include "libipcutil/lifecycle/removal_plan.hpp"

namespace ipcutil {

/// What a removal reads and does to the system: the library calls of the
/// same names, as one interface a test can fake.
struct RemovalSys {
    virtual ~RemovalSys() = default;
    /// list_sysv(kind)
    virtual Result<std::vector<Object>> list_sysv(Kind kind) = 0;
    /// list_posix(kind, warnings)
    virtual Result<std::vector<Object>> list_posix(Kind kind, std::vector<std::string>& warnings) = 0;
    /// sysv_id_for_key(kind, key)
    virtual Result<int> sysv_id_for_key(Kind kind, key_t key) = 0;
    /// stat_posix(kind, name)
    virtual Result<Object> stat_posix(Kind kind, const std::string& name) = 0;
    /// attribute_holders(objects)
    virtual Result<AttributionStats> attribute_holders(std::span<Object> objects) = 0;
    /// rescan_holders(objects)
    virtual Result<std::vector<std::vector<Holder>>> rescan_holders(std::span<const Object> objects) = 0;
    /// recheck_orphan(listed, holders, policy) over real_sys()
    virtual Recheck recheck_orphan(const Object& listed, std::span<const Holder> holders,
                                   const OrphanPolicy& policy) = 0;
    /// may_remove(object)
    virtual bool may_remove(const Object& object) = 0;
    /// restat(listed)
    virtual Result<Object> restat(const Object& listed) = 0;
    /// remove_object(object)
    virtual Result<void> remove(const Object& object) = 0;
    /// process_running(pid): the orphan rule's "creator still there"
    virtual bool process_running(pid_t pid) = 0;
    /// time(nullptr)
    virtual std::time_t now() = 0;
};

/// The real system.
[[nodiscard]] RemovalSys& real_removal_sys();

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
};

/// What a removal did, for the summary and the exit code.
struct RemovalCounts {
    int removed = 0; ///< removed (with --dry-run: would be)
    int failed = 0;  ///< failures reported (exit 1 when any)
    int skipped = 0; ///< left in place because they changed since listed

    [[nodiscard]] int exit_code() const { return failed > 0 ? exit_failure : exit_ok; }
};

/// Carry out `plan`:
/// - each target in order: a System V id must be listed (/proc/sysvipc); a
///   key is looked up (key 0 is a failure: IPC_PRIVATE names no object); a
///   POSIX name is stat'ed; then removed (or, --dry-run, checked: named
///   twice is "not found" the second time, and the kernel's refusal is
///   predicted with may_remove);
/// - then every object of plan.all_kinds that passes plan.filters and was
///   not already acted on; with plan.orphans, only orphans (one /proc pass;
///   without it nothing is removed), rescanned just before removal and each
///   re-checked by recheck_orphan; otherwise each is restat'ed and must
///   still be the same object and still pass the filters.
/// A failure is reported through `events` and counted, and the rest goes on.
[[nodiscard]] RemovalCounts run_removal(const RemovalPlan& plan, RemovalEvents& events,
                                        RemovalSys& sys = real_removal_sys());

/// How ipcrm -v names an object: "shared memory segment id `5'",
/// "POSIX shared memory `/name'" (the name escaped, printable()).
[[nodiscard]] std::string removal_name(const Object& object);

/// The --verbose closing line, without newline: "removed 3 objects, 1
/// failed, 2 skipped" (or "would remove 1 object" for --dry-run).
[[nodiscard]] std::string removal_summary(const RemovalCounts& counts, bool dry_run);

} // namespace ipcutil
