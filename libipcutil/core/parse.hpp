#pragma once
// Parsers for every argument a command takes.  Each refuses anything it does
// not fully understand with a usage error naming the bad text.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "libipcutil/core/error.hpp"

namespace ipcutil {

/// Sizes as util-linux's parse_size reads them: the number as strtoumax
/// with base 0 does (`0x10` is 16, `010` is 8, leading blanks and a `+`
/// allowed), an optional decimal fraction, and an optional unit: K M G T P
/// E Z Y, either case, alone or with iB for powers of 1024 (`4K`, `10KiB`),
/// with B for powers of 1000 (`10KB` is 10000).  A fraction needs a unit
/// (`1.5M`); its bytes are exact, rounded down (util-linux adds each digit's
/// share rounded down on its own, so `1.7K` is 2048 there, 1740 here).
[[nodiscard]] Result<std::uint64_t> parse_size(std::string_view text);

/// System V keys: decimal, `0x` hex or `0` octal, 32 bits.  Key 0 is
/// IPC_PRIVATE and is refused unless `allow_private`.
[[nodiscard]] Result<key_t> parse_key(std::string_view text, bool allow_private = false);

/// System V ids: a non-negative decimal int.
[[nodiscard]] Result<int> parse_id(std::string_view text);

/// Permission modes: octal (`600`, `0600`) or symbolic (`u=rw,g=r`), at most 0777.
[[nodiscard]] Result<mode_t> parse_mode(std::string_view text);

/// Durations: `500ms`, `2s`, `1m`, `1h`, `1d`, or plain (possibly fractional) seconds.
[[nodiscard]] Result<std::chrono::milliseconds> parse_duration(std::string_view text);

/// A non-negative decimal number that fits `max`; `what` names it in errors.
[[nodiscard]] Result<std::uint64_t> parse_unsigned(std::string_view text, std::string_view what,
                                                   std::uint64_t max = UINT64_MAX);

/// A decimal number that may be negative (System V message types for mqrecv).
[[nodiscard]] Result<std::int64_t> parse_signed(std::string_view text, std::string_view what);

/// POSIX object names: one optional leading `/`, then 1-255 bytes with no
/// `/` and no NUL, neither `.` nor `..`.  Returns the name without the `/`.
[[nodiscard]] Result<std::string> parse_posix_name(std::string_view text);

/// A key as ipcs prints it: `0x%08x`.
[[nodiscard]] std::string format_key(key_t key);

} // namespace ipcutil
