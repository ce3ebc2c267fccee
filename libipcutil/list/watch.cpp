#include "libipcutil/list/watch.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace ipcutil {
namespace {

// The start of the longest prefix of `line` that fits `columns` terminal
// cells, counting one cell per character (what listings print).
std::string_view clip(std::string_view line, unsigned columns)
{
    unsigned cells = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const auto c = static_cast<unsigned char>(line[i]);
        if ((c & 0xc0) == 0x80)
            continue; // a continuation byte: same character
        if (cells == columns)
            return line.substr(0, i);
        ++cells;
    }
    return line;
}

} // namespace

std::optional<TerminalSize> terminal_size(int fd)
{
    if (::isatty(fd) == 0)
        return std::nullopt;
    TerminalSize size;
    winsize ws{};
    if (::ioctl(fd, TIOCGWINSZ, &ws) == 0) {
        if (ws.ws_col > 0)
            size.columns = ws.ws_col;
        if (ws.ws_row > 0)
            size.lines = ws.ws_row;
    }
    return size;
}

std::string interval_text(std::chrono::milliseconds interval)
{
    const auto ms = interval.count();
    if (ms % 1000 == 0)
        return fmt::format("{}s", ms / 1000);
    std::string frac = fmt::format("{:03}", ms % 1000);
    while (frac.back() == '0')
        frac.pop_back();
    return fmt::format("{}.{}s", ms / 1000, frac);
}

std::string watch_header(std::chrono::milliseconds interval, std::string_view command, std::time_t now,
                         unsigned columns)
{
    std::string left = fmt::format("Every {}: {}", interval_text(interval), command);
    char buf[64] = {};
    tm local{};
    std::string right;
    if (::localtime_r(&now, &local) != nullptr && std::strftime(buf, sizeof buf, "%a %b %e %H:%M:%S %Y", &local) > 0)
        right = buf;
    if (left.size() + 2 + right.size() <= columns)
        return left + std::string(columns - left.size() - right.size(), ' ') + right;
    return left;
}

std::string redraw_frame(std::string_view header, std::string_view body, TerminalSize size)
{
    std::string out = "\033[H";
    unsigned shown = 0;
    const auto line = [&](std::string_view text) {
        if (shown == size.lines)
            return false;
        if (shown > 0)
            out += '\n'; // never after the last line a screen holds: it would scroll
        out += clip(text, size.columns);
        out += "\033[K";
        ++shown;
        return true;
    };
    line(header);
    line("");
    while (!body.empty()) {
        const std::size_t nl = body.find('\n');
        if (!line(body.substr(0, nl)))
            break;
        body.remove_prefix(nl == std::string_view::npos ? body.size() : nl + 1);
    }
    out += "\033[J";
    return out;
}

StopSignals::StopSignals()
{
    sigemptyset(&stop_);
    sigaddset(&stop_, SIGINT);
    sigaddset(&stop_, SIGTERM);
    ::sigprocmask(SIG_BLOCK, &stop_, &old_);
}

StopSignals::~StopSignals()
{
    ::sigprocmask(SIG_SETMASK, &old_, nullptr);
}

bool StopSignals::wait_for(std::chrono::milliseconds interval)
{
    const auto end = std::chrono::steady_clock::now() + interval;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::nanoseconds>(end - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            // Time is up, but a signal that came meanwhile still ends it.
            const timespec zero{};
            return ::sigtimedwait(&stop_, nullptr, &zero) > 0;
        }
        timespec ts{};
        ts.tv_sec = static_cast<time_t>(left.count() / 1'000'000'000);
        ts.tv_nsec = static_cast<long>(left.count() % 1'000'000'000);
        if (::sigtimedwait(&stop_, nullptr, &ts) > 0)
            return true;
        if (errno != EINTR && errno != EAGAIN)
            return false;
    }
}

} // namespace ipcutil
