#pragma once
// xipcs --tree: where the IPC memory sits, as a libsmartcols tree:
// namespace (and its container) → systemd unit → object, each line with
// its size and its holder count.

#include <string>
#include <vector>

#include "libipcutil/core/error.hpp"
#include "libipcutil/core/model.hpp"
#include "libipcutil/holders/ipc_namespaces.hpp"

namespace ipcutil {

struct TreeRequest {
    bool bytes = false;      ///< sizes in bytes, not human units
    bool noheadings = false; ///< no heading line
    bool notruncate = false; ///< never truncate
};

/// The tree of `lists` (holders and units filled, already filtered and
/// sorted) over `namespaces`, in their order.  A namespace line is its
/// title (namespace_title); under it one line per unit its objects belong
/// to ("(no unit)" last), largest first; under each its objects, in the
/// listing's order.  SIZE sums the bytes below (object_bytes), HOLDERS
/// counts the distinct processes.  A namespace with no object shown is
/// left out.
[[nodiscard]] Result<std::string> format_tree(const TreeRequest& request, const std::vector<ObjectList>& lists,
                                              const std::vector<IpcNamespace>& namespaces);

/// An object as a tree line names it: "shared memory 0x0052e2c1 (id 3)",
/// "POSIX message queue /jobs", "FIFO /run/x".
[[nodiscard]] std::string tree_title(const Object& object);

} // namespace ipcutil
