#pragma once
// Small whole-file reads (/proc, /sys) without iostreams.

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>

#include "libipcutil/core/error.hpp"

namespace ipcutil {

/// Read from `fd` until end of file into `into` (its capacity is reused);
/// 0, or the errno of the read that failed.
[[nodiscard]] int read_to_end(int fd, std::string& into);

/// The process a /proc entry names ("1234"; "self", "sys" and anything else
/// not a positive decimal pid are none).
[[nodiscard]] std::optional<pid_t> proc_pid(std::string_view name);

/// Read a whole file that stat cannot size (procfs): read() until EOF.
[[nodiscard]] Result<std::string> read_small_file(const std::string& path);

/// The same, relative to an open directory (openat), for /proc/PID/... walks.
[[nodiscard]] Result<std::string> read_file_at(int dirfd, const char* relative, const std::string& shown_as);

} // namespace ipcutil
