#pragma once
// A long copy's progress line: when it is due and what it says.  The
// library never prints: the caller is handed each line to show.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace ipcutil {

/// Called after every chunk of a copy with the number of bytes moved so far.
using CopyProgress = std::function<void(std::uint64_t done)>;

/// "1.5 MiB of 4.0 MiB (37%), 812.0 MiB/s" (sizes in format.hpp's
/// progress_size): the rate only once `seconds` is positive; an empty copy
/// is 100% done.
[[nodiscard]] std::string progress_text(std::uint64_t done, std::uint64_t total, double seconds);

/// When a progress line is shown: never; on its own, once a copy has taken
/// a second (for a terminal); or from the start.
enum class ProgressMode { off, automatic, on };

/// Paces a copy's progress line "PREFIX: 1.5 MiB of 4.0 MiB (37%), ...".
/// For a terminal the line is rewritten in place ("\r...\x1b[K") at most
/// five times a second and ends with a newline; elsewhere each line is a
/// line of its own, at most one a second.  With ProgressMode::on the final
/// line is always shown; with automatic, only if a line was shown before.
class ProgressMeter {
  public:
    using Clock = std::chrono::steady_clock;
    /// Receives each line, with its "\r" or "\n", ready to be written.
    using Show = std::function<void(std::string_view line)>;

    ProgressMeter(ProgressMode mode, std::string prefix, std::uint64_t total, bool terminal, Show show,
                  std::function<Clock::time_point()> now = Clock::now);

    /// After a chunk: show a line if one is due.
    void update(std::uint64_t done);
    /// At the end of the copy.
    void finish(std::uint64_t done);
    /// update() as a CopyProgress (empty when the mode is off).
    [[nodiscard]] CopyProgress callback();

  private:
    void show(std::uint64_t done, Clock::time_point at, bool last);

    ProgressMode mode_;
    std::string prefix_;
    std::uint64_t total_;
    bool terminal_;
    Show show_;
    std::function<Clock::time_point()> now_;
    Clock::time_point start_;
    Clock::time_point last_{};
    bool shown_ = false;
};

} // namespace ipcutil
