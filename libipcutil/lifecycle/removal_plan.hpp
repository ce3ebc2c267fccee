#pragma once
// What to remove, typed and checked: the objects named one by one, the
// kinds swept whole, and the filters and orphan rule that narrow the sweep.
// The command reads its options into one (commands/plan/xipcrm_plan.hpp);
// run_removal (removal.hpp) carries it out.

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "libipcutil/core/error.hpp"
#include "libipcutil/core/model.hpp"
#include "libipcutil/holders/namespaces.hpp"
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

/// Everything to do, checked before anything is done.
struct RemovalPlan {
    std::vector<RemovalTarget> targets; ///< in command-line order
    std::vector<Kind> all_kinds;        ///< --all, or every kind for --orphans alone
    Filter filters;                     ///< narrow all_kinds (--owner, --older-than)
    bool orphans = false;               ///< narrow all_kinds to orphans
    bool legacy = false;                ///< `xipcrm shm|msg|sem ID...`
    bool dry_run = false;               ///< say what would go, remove nothing
    std::optional<NamespaceSource> ns;  ///< --ns: whose namespaces to enter first
    bool all_namespaces = false;        ///< -A: in every IPC namespace (orphans only)

    std::chrono::milliseconds grace = default_orphan_grace; ///< --grace, as xipcs's
};

} // namespace ipcutil
