#pragma once
// Words for a long copy's progress line; the command decides where and how
// often to show it.

#include <cstdint>
#include <string>

namespace ipcutil {

/// A byte count for people: "512 B", "1.5 KiB", "1.0 GiB" (1024-based).
[[nodiscard]] std::string human_bytes(std::uint64_t bytes);

/// "1.5 MiB of 4.0 MiB (37%), 812.0 MiB/s": the rate only once `seconds`
/// is positive; an empty copy is 100% done.
[[nodiscard]] std::string progress_text(std::uint64_t done, std::uint64_t total, double seconds);

} // namespace ipcutil
