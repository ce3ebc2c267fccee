#pragma once
// Values as util-linux prints them: human sizes, permission strings and the
// short/full/ISO time styles of lsipc.

#include <sys/types.h>

#include <cstdint>
#include <ctime>
#include <string>

namespace ipcutil {

/// A size as util-linux's size_to_human_string (one-letter suffix, 1024
/// based, one rounded decimal): "0B", "1B", "4K", "1.4M", "1024K", "16E".
[[nodiscard]] std::string human_size(std::uint64_t bytes);

/// Permission bits as lsipc shows them: "rw-r--r--" (9 characters, the
/// setuid/setgid/sticky letters included).
[[nodiscard]] std::string mode_string(mode_t mode);

/// Permission bits as `%#o`: "0644", "0" for none.
[[nodiscard]] std::string mode_octal(mode_t mode);

/// lsipc's short time: "HH:MM" today, "MonDD" this year, else "YYYY-MonDD"
/// (local time; `now` is the moment the listing started).
[[nodiscard]] std::string time_short(std::time_t t, std::time_t now);

/// lsipc's full time, asctime(3) without the newline: "Sun Nov 22 22:27:35 2026".
[[nodiscard]] std::string time_full(std::time_t t);

/// ISO 8601 with the local offset: "2026-11-22T22:27:35+00:00".
[[nodiscard]] std::string time_iso(std::time_t t);

} // namespace ipcutil
