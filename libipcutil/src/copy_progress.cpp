#include "ipcutil/copy_progress.hpp"

#include <fmt/format.h>

namespace ipcutil {

std::string human_bytes(std::uint64_t bytes)
{
    static constexpr const char* units[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    if (bytes < 1024)
        return fmt::format("{} B", bytes);
    auto value = static_cast<double>(bytes) / 1024;
    std::size_t unit = 0;
    // Move up a unit before rounding would show "1024.0".
    while (value >= 1023.95 && unit + 1 < std::size(units)) {
        value /= 1024;
        ++unit;
    }
    return fmt::format("{:.1f} {}", value, units[unit]);
}

std::string progress_text(std::uint64_t done, std::uint64_t total, double seconds)
{
    const auto percent =
        total == 0 ? 100 : static_cast<unsigned>(static_cast<double>(done) * 100 / static_cast<double>(total));
    std::string text = fmt::format("{} of {} ({}%)", human_bytes(done), human_bytes(total), percent);
    if (seconds > 0)
        text += fmt::format(", {}/s", human_bytes(static_cast<std::uint64_t>(static_cast<double>(done) / seconds)));
    return text;
}

} // namespace ipcutil
