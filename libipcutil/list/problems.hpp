#pragma once
// What a listing has to say besides its output: every warning and every
// failure, one line each, in the order they happened.  One policy for every
// face: the listing goes on past a failure, each one is reported, and the
// exit status is 1 when any failed (0 with warnings alone).

#include <string>
#include <utility>
#include <vector>

#include "libipcutil/core/error.hpp"

namespace ipcutil {

class Problems {
  public:
    /// A problem that does not fail the listing (a partial /proc view, an
    /// unmounted /dev/mqueue).
    void warn(std::string line) { lines_.push_back(std::move(line)); }
    /// Warnings a lower layer collected as lines (list_posix), in order.
    void warn_all(std::vector<std::string> lines)
    {
        for (auto& line : lines)
            warn(std::move(line));
    }
    /// A failure: reported, and the exit status becomes 1.
    void fail(const Error& error)
    {
        lines_.push_back(error.message());
        ++failures_;
    }

    /// Another listing's problems (one made in a child process), after
    /// ours: its lines, and its failures counted as ours.
    void merge(std::vector<std::string> lines, int failures)
    {
        warn_all(std::move(lines));
        failures_ += failures;
    }

    /// Every line for stderr, in order.
    [[nodiscard]] const std::vector<std::string>& lines() const { return lines_; }
    [[nodiscard]] bool failed() const { return failures_ > 0; }
    [[nodiscard]] int failures() const { return failures_; }
    [[nodiscard]] int exit_code() const { return failed() ? exit_failure : exit_ok; }

  private:
    std::vector<std::string> lines_;
    int failures_ = 0;
};

} // namespace ipcutil
