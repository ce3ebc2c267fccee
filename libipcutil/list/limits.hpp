#pragma once
// System-wide limits and usage, read from the kernel: the ipcs face's -l
// and -u blocks (as ipcs, then POSIX blocks in the same style), and -g's
// rows of the limit columns (columns.hpp; as lsipc -g).

#include <span>
#include <string>
#include <vector>

#include "libipcutil/core/model.hpp"
#include "libipcutil/list/columns.hpp"
#include "libipcutil/list/ipcs_text.hpp"
#include "libipcutil/list/problems.hpp"

namespace ipcutil {

/// The rows for `kinds`, in lsipc's order (message queues, shared memory,
/// semaphores), the POSIX message queue limits after the System V queue
/// ones.  Going on past what cannot be read (each failure reported).
[[nodiscard]] std::vector<LimitRow> read_limit_rows(std::span<const Kind> kinds, Problems& problems);

/// The ipcs face's -l (limits) or -u (summary) text for the kinds
/// `request` shows.  As ipcs, a System V block that cannot be read says so
/// in the text ("unable to fetch shared memory limits") and fails nothing;
/// the POSIX objects -u counts are read, a failure reported.
[[nodiscard]] std::string ipcs_limits_text(const IpcsRequest& request, Problems& problems);

} // namespace ipcutil
