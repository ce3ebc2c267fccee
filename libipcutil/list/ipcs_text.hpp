#pragma once
// The ipcs face of xipcs: util-linux ipcs's text output, byte for byte for
// System V objects, and POSIX sections in the same style.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "libipcutil/core/error.hpp"
#include "libipcutil/list/table.hpp"

namespace ipcutil {

struct IpcsRequest {
    // Resources.  None of the six set means: all System V sections, then all
    // POSIX sections.
    bool shm = false;  ///< -m
    bool msg = false;  ///< -q
    bool sem = false;  ///< -s
    bool pshm = false; ///< -M, --posix-shmems
    bool pmq = false;  ///< -Q, --posix-mqueues
    bool psem = false; ///< -S, --posix-semaphores
    bool all = false;  ///< -a (same as none)
    bool fifo = false; ///< -F, --fifos: the FIFO section (only when asked, after the others)

    enum class Format { normal, time, pid, creator, limits, summary };
    Format format = Format::normal; ///< -t -p -c -l -u
    bool bytes = false;             ///< -b
    bool human = false;             ///< --human

    std::optional<int> id;           ///< -i: one System V object in detail (needs exactly one of -m -q -s)
    std::optional<std::string> name; ///< -N: one POSIX object in detail (needs exactly one of -M -Q -S, or finds it)

    /// A filter hook (xipcs --orphans, --owner, --sort...): when set, a
    /// listing reads every kind it shows first and hands them all to it at
    /// once (one holder pass can serve every kind); it may drop and reorder
    /// objects, and the sections are printed from what it leaves.  Not used
    /// by -i, -N, -l and -u.  A FIFO section arrives empty: the hook's
    /// holder pass (fill_holders) finds the FIFOs with everyone's holders.
    std::function<void(std::vector<TableSection>&)> filter;
};

/// Render the ipcs-face output for `request` into `out`.  Problems that do
/// not stop the listing go to `warnings`, one line each.  An -i id or -N name
/// that does not exist is an Error (exit 1).
[[nodiscard]] Result<void> render_ipcs(const IpcsRequest& request, std::string& out,
                                       std::vector<std::string>& warnings);

} // namespace ipcutil
