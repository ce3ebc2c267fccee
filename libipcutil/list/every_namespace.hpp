#pragma once
// The read step of xipcs -A: every IPC namespace that has a process, each
// read from a child process that entered it (the command itself never
// changes namespace), merged into one listing whose objects name their
// namespace.  Holders are then attributed once for all of them, by the
// caller's one /proc pass (System V segments by namespace and id, files by
// device and inode).

#include <string>
#include <vector>

#include "libipcutil/core/error.hpp"
#include "libipcutil/holders/ipc_namespaces.hpp"
#include "libipcutil/list/problems.hpp"
#include "libipcutil/list/read.hpp"

namespace ipcutil {

/// Every namespace's objects, in one ObjectsRead: per kind, the caller's
/// own namespace's first, then each other's in `namespaces` order, each
/// object's ns and container set.  A POSIX object seen from several
/// namespaces (one /dev/shm shared between them) is listed once, with the
/// first.  A namespace that cannot be entered (not root; its process gone)
/// is reported and skipped; so are processes whose namespace /proc would
/// not show.  `namespaces` receives the namespaces listed, in order.
[[nodiscard]] ObjectsRead read_every_namespace(const ReadRequest& request, const RunInChild& in_child,
                                               Problems& problems, std::vector<IpcNamespace>& namespaces);

/// Set the ns (and container, when `ns.container` is known) of every
/// object read in `ns`.
void label_namespace(std::vector<ObjectList>& lists, const IpcNamespace& ns);

/// The objects of `lists` that live in namespace `inode`, and with
/// `unplaced` those in none (FIFOs: they go with the first namespace).
[[nodiscard]] std::vector<ObjectList> objects_in(const std::vector<ObjectList>& lists, std::uint64_t inode,
                                                 bool unplaced);

} // namespace ipcutil
