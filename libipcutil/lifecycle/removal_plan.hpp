#pragma once
// What xipcrm is asked to remove, checked before anything goes: the objects
// named on the command line (-m/-q/-s ids, -M/-Q/-S keys, POSIX names, the
// legacy `shm|msg|sem ID...` form), the kinds --all and --orphans sweep,
// and the filters that narrow them.  Pure: nothing is read or removed here.

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "libipcutil/core/error.hpp"
#include "libipcutil/core/model.hpp"
#include "libipcutil/list/audit.hpp"
#include "libipcutil/list/filter.hpp"

namespace ipcutil {

/// One object named on the command line.
struct RemovalTarget {
    enum class By { id, key, name };
    Kind kind = Kind::sysv_shm;
    By by = By::id;
    int id = -1;      ///< By::id
    key_t key = 0;    ///< By::key; 0 (IPC_PRIVATE) is refused when acting, not here
    std::string name; ///< By::name: the POSIX name, without the '/'
};

/// Parse what names one target: a decimal id, a key (0 allowed: refusing it
/// is a failure of its own, so the other objects named still go, as with
/// ipcrm), or a POSIX name (`/NAME`, or the file behind it: /dev/shm/NAME
/// for shared memory, /dev/mqueue/NAME for a queue, /dev/shm/sem.NAME for a
/// semaphore; another folder for the kind is a usage error).
[[nodiscard]] Result<RemovalTarget> parse_removal_target(Kind kind, RemovalTarget::By by, std::string_view text);

/// The kinds --all sweeps, in the order ipcrm removes them (shm, pshm, sem,
/// psem, msg, pmsg): every kind without a list, else those of the
/// comma-separated list (each word once, whatever the order typed).
[[nodiscard]] Result<std::vector<Kind>> parse_removal_kinds(const std::optional<std::string>& list);

/// xipcrm's options as typed, nothing checked yet.
struct RemovalRequest {
    /// One target option occurrence: its kind and form, and the text typed.
    struct Typed {
        Kind kind = Kind::sysv_shm;
        RemovalTarget::By by = RemovalTarget::By::id;
        std::string text;
    };
    std::vector<Typed> targets;            ///< -m/-M/-q/-Q/-s/-S/--posix-*, in the order typed
    std::vector<std::string> operands;     ///< the legacy form `shm|msg|sem ID...`, or strays
    bool all = false;                      ///< -a/--all
    std::optional<std::string> all_list;   ///< its attached list (-ashm, --all=shm,msg)
    bool orphans = false;                  ///< --orphans
    std::optional<std::string> grace;      ///< --grace
    std::optional<std::string> owner;      ///< --owner
    std::optional<std::string> older_than; ///< --older-than
    std::optional<std::string> ns;         ///< --ns
    bool dry_run = false;                  ///< -n/--dry-run
};

/// Everything to do, checked before anything is done.
struct RemovalPlan {
    std::vector<RemovalTarget> targets; ///< in command-line order
    std::vector<Kind> all_kinds;        ///< --all, or every kind for --orphans alone
    Filter filters;                     ///< narrow all_kinds (--owner, --older-than)
    bool orphans = false;               ///< narrow all_kinds to orphans
    bool legacy = false;                ///< `xipcrm shm|msg|sem ID...`
    bool dry_run = false;               ///< say what would go, remove nothing
    std::optional<pid_t> ns;            ///< --ns: whose namespaces to enter first

    std::chrono::milliseconds grace = default_orphan_grace; ///< --grace, as xipcs's
};

/// Check every option of `request` and make the plan; the first problem is
/// a usage error (exit 2) and nothing may be removed.
[[nodiscard]] Result<RemovalPlan> plan_removal(const RemovalRequest& request);

} // namespace ipcutil
