#pragma once
// Values as text for people: human sizes (util-linux's and the progress
// line's), permission strings, the short/full/ISO time styles of lsipc, and
// names and paths made safe for a terminal.

#include <sys/types.h>

#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>

namespace ipcutil {

/// How human_size writes a size.  The defaults are util-linux's
/// size_to_human_string(SIZE_SUFFIX_1LETTER), what ipcs --human and lsipc
/// print: "0B", "4K", "1.4M", "1024K".
struct SizeStyle {
    bool iec_units = false; ///< "KiB", "MiB" ... instead of "K", "M" ...
    bool space = false;     ///< a space before the unit: "1.5 KiB", "512 B"
    /// One decimal always ("1.0 MiB"), and a size that rounds up to 1024 of
    /// a unit is shown in the next one ("1.0 MiB", never "1024.0 KiB").
    bool fixed_decimal = false;
};

/// ipcs --human and lsipc: "1.4M".
inline constexpr SizeStyle util_linux_size{};
/// A copy's progress line: "1.5 MiB", "512 B".
inline constexpr SizeStyle progress_size{true, true, true};

/// A size in powers of 1024 with one decimal, rounded as util-linux rounds
/// (three digits after the point, then one): "1.4M", or in `style`.
[[nodiscard]] std::string human_size(std::uint64_t bytes, SizeStyle style = util_linux_size);

/// Text chosen by anyone (a POSIX name, a FIFO path, a command line) made
/// safe for one line of a terminal, as libsmartcols writes cells: each byte
/// outside printable ASCII (control bytes, DEL, every byte of a non-ASCII
/// or malformed character) becomes \xNN, and so does a backslash followed
/// by 'x', so that "\x" in the output always starts an escape.  The result
/// is printable ASCII: as many columns wide as it has bytes.
[[nodiscard]] std::string printable(std::string_view text);

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
