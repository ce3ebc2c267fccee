#include "libipcutil/data/copy_progress.hpp"

#include <fmt/format.h>

#include "libipcutil/core/format.hpp"

namespace ipcutil {

std::string progress_text(std::uint64_t done, std::uint64_t total, double seconds)
{
    const auto percent =
        total == 0 ? 100 : static_cast<unsigned>(static_cast<double>(done) * 100 / static_cast<double>(total));
    std::string text =
        fmt::format("{} of {} ({}%)", human_size(done, progress_size), human_size(total, progress_size), percent);
    if (seconds > 0)
        text += fmt::format(", {}/s",
                            human_size(static_cast<std::uint64_t>(static_cast<double>(done) / seconds), progress_size));
    return text;
}

} // namespace ipcutil

namespace ipcutil {

ProgressMeter::ProgressMeter(ProgressMode mode, std::string prefix, std::uint64_t total, bool terminal, Show show,
                             std::function<Clock::time_point()> now)
    : mode_(mode), prefix_(std::move(prefix)), total_(total), terminal_(terminal), show_(std::move(show)),
      now_(std::move(now)), start_(now_())
{
}

void ProgressMeter::update(std::uint64_t done)
{
    if (mode_ == ProgressMode::off)
        return;
    const auto at = now_();
    if (mode_ == ProgressMode::automatic && !shown_ && at - start_ < std::chrono::seconds(1))
        return;
    const auto pace = terminal_ ? Clock::duration(std::chrono::milliseconds(200)) : std::chrono::seconds(1);
    if (shown_ && at - last_ < pace)
        return;
    show(done, at, false);
}

void ProgressMeter::finish(std::uint64_t done)
{
    if (mode_ == ProgressMode::on || shown_)
        show(done, now_(), true);
}

CopyProgress ProgressMeter::callback()
{
    if (mode_ == ProgressMode::off)
        return {};
    return [this](std::uint64_t done) { update(done); };
}

void ProgressMeter::show(std::uint64_t done, Clock::time_point at, bool last)
{
    const std::chrono::duration<double> elapsed = at - start_;
    const std::string text = fmt::format("{}: {}", prefix_, progress_text(done, total_, elapsed.count()));
    show_(terminal_ ? fmt::format("\r{}\x1b[K{}", text, last ? "\n" : "") : text + "\n");
    shown_ = true;
    last_ = at;
}

} // namespace ipcutil
