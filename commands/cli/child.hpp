#pragma once
// Work done in a child process (xipcs -A and xipcrm -A enter each other
// namespace there, so the command itself never changes namespace): fork,
// run the work, and hand what it returned back through a pipe.

#include <string>

#include "libipcutil/core/error.hpp"
#include "libipcutil/holders/ipc_namespaces.hpp"

namespace ipcutil::cli {

/// Run `work` in a child process (a fork of this one: it must be
/// single-threaded) and wait for it: what the work returned, its failure,
/// or why the child gave nothing back (killed by a signal, say).  Standard
/// output is flushed first, so what the child prints comes after what was
/// printed before; the child ends with _exit, so nothing buffered is
/// written twice.
[[nodiscard]] Result<std::string> run_in_child(const ChildWork& work);

} // namespace ipcutil::cli
