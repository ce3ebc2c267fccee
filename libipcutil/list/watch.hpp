#pragma once
// --watch: redraw a listing in place, as watch(1) does, until SIGINT or
// SIGTERM.  The frame is built as a string (testable without a terminal);
// the command writes it.

#include <chrono>
#include <csignal>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace ipcutil {

/// A terminal's size in columns and lines.
struct TerminalSize {
    unsigned columns = 80;
    unsigned lines = 24;
};

/// The size of the terminal on `fd`, or nullopt when `fd` is not one.
[[nodiscard]] std::optional<TerminalSize> terminal_size(int fd);

/// "0.2s", "2s", "1.5s": an interval as the header shows it.
[[nodiscard]] std::string interval_text(std::chrono::milliseconds interval);

/// The header line: "Every 2s: COMMAND" on the left, the local time
/// (ctime(3) form) on the right when it fits in `columns`.
[[nodiscard]] std::string watch_header(std::chrono::milliseconds interval, std::string_view command, std::time_t now,
                                       unsigned columns);

/// The bytes that redraw a terminal of `size` with `header`, a blank line
/// and `body`: cursor home, each line cut to the width (at a UTF-8
/// character boundary) and cleared to its end, no more lines than fit (so
/// the screen never scrolls), then the rest of the screen cleared.
[[nodiscard]] std::string redraw_frame(std::string_view header, std::string_view body, TerminalSize size);

/// SIGINT and SIGTERM blocked while it lives (restored after), so a signal
/// during a redraw waits for wait_for() instead of killing a half-written
/// frame.
class StopSignals {
  public:
    StopSignals();
    ~StopSignals();
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

    /// Wait up to `interval`; true when SIGINT or SIGTERM came (now or
    /// during the last frame).
    [[nodiscard]] bool wait_for(std::chrono::milliseconds interval);

  private:
    sigset_t stop_{};
    sigset_t old_{};
};

} // namespace ipcutil
