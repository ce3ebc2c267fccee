#include "libipcutil/data/fanout.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <deque>

#include <fmt/format.h>

#include "libipcutil/core/handles.hpp"

namespace ipcutil::fanout {
namespace {

constexpr std::size_t plain_chunk = 128 * 1024;
// The splice path moves the input in rounds of at most one stage pipe; each
// lossless output has a private pipe of mid_capacity, so a reader may fall a
// few rounds behind without holding the stream up.
constexpr int stage_capacity = 64 * 1024;
constexpr int mid_capacity = 1024 * 1024;
constexpr const char* stdout_name = "standard output";

enum class Kind { standard_output, fifo, file };
enum class State { connected, waiting, failed };

bool pipe_like(mode_t mode)
{
    return S_ISFIFO(mode) || S_ISSOCK(mode);
}

// Write all of `data` to a descriptor that may block.  One made
// non-blocking by someone else (a shared stdout) is waited for with poll.
// `check` runs whenever a signal may have cut the write short, so that a
// stuck reader cannot keep a signal from being answered.
std::expected<std::size_t, int> write_all(int fd, std::string_view data, const std::function<void()>& check)
{
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n >= 0) {
            done += static_cast<std::size_t>(n);
        } else if (errno == EAGAIN) {
            pollfd p{fd, POLLOUT, 0};
            (void)::poll(&p, 1, -1);
        } else if (errno != EINTR) {
            return std::unexpected(errno);
        }
        if (done < data.size() && check)
            check();
    }
    return done;
}

class FdSink final : public Sink {
  public:
    FdSink(int fd, bool blocking, const std::function<void()>& check) : fd_(fd), blocking_(blocking), check_(check) {}

    std::expected<std::size_t, int> write(std::string_view data) override
    {
        if (blocking_)
            return write_all(fd_, data, check_);
        for (;;) {
            const ssize_t n = ::write(fd_, data.data(), data.size());
            if (n >= 0)
                return static_cast<std::size_t>(n);
            if (errno == EAGAIN)
                return 0;
            if (errno != EINTR)
                return std::unexpected(errno);
        }
    }

  private:
    int fd_;
    bool blocking_;
    const std::function<void()>& check_;
};

} // namespace

Result<OutputError> parse_output_error(std::string_view text)
{
    static constexpr std::array<std::pair<std::string_view, OutputError>, 4> modes{{
        {"warn", OutputError::warn},
        {"warn-nopipe", OutputError::warn_nopipe},
        {"exit", OutputError::exit},
        {"exit-nopipe", OutputError::exit_nopipe},
    }};
    const std::pair<std::string_view, OutputError>* found = nullptr;
    int matches = 0;
    for (const auto& mode : modes) {
        if (mode.first == text)
            return mode.second;
        if (!text.empty() && mode.first.starts_with(text)) {
            found = &mode;
            ++matches;
        }
    }
    if (matches == 1)
        return found->second;
    return std::unexpected(
        usage_error(fmt::format("{} output error mode: '{}' (expected warn, warn-nopipe, exit or exit-nopipe)",
                                matches > 1 ? "ambiguous" : "invalid", quote(text))));
}

struct Engine::Output {
    Output(std::string name_, Kind kind_, Policy policy_, const Config& config)
        : name(std::move(name_)), kind(kind_), policy(policy_), lane(policy_, config.buffer, config.whole_lines)
    {
    }

    [[nodiscard]] bool has_mid() const { return static_cast<bool>(mid_w); }

    std::string name;
    std::string path; // empty for standard output
    Kind kind;
    Policy policy;     // Policy::block for standard output and files
    bool pipe = false; // EPIPE on it is a broken pipe, in --output-error's sense
    bool fifo = false; // a pipe or FIFO: tee(2) can write to it
    State state = State::failed;
    Fd owned;
    int fd = -1;
    Lane lane;
    // The splice path: the private pipe, its byte count, and the size of
    // each round still in it (to know how many of its slots may be used).
    Fd mid_r, mid_w;
    std::size_t pending = 0;
    std::deque<std::size_t> rounds;
    bool splice_out = true; // splice(2) from the private pipe works on fd
};

struct Engine::SplicePipes {
    Fd stage_r, stage_w, devnull;
    std::size_t stage_size = 0;
    std::size_t max_rounds = 1;
    std::vector<char> scratch;
};

Engine::Engine(Config config) : config_(config) {}

Engine::~Engine() = default;

void Engine::set_wakeup(int fd, std::function<void()> check)
{
    wake_fd_ = fd;
    check_ = std::move(check);
}

void Engine::add_stdout()
{
    auto out = std::make_unique<Output>(stdout_name, Kind::standard_output, Policy::block, config_);
    out->fd = STDOUT_FILENO;
    struct stat st {};
    if (::fstat(STDOUT_FILENO, &st) == 0) {
        out->pipe = pipe_like(st.st_mode);
        out->fifo = S_ISFIFO(st.st_mode);
    }
    out->state = State::connected;
    out->lane.connect(true);
    outputs_.push_back(std::move(out));
}

Result<void> Engine::add_path(const std::string& path)
{
    struct stat st {};
    const bool exists = ::stat(path.c_str(), &st) == 0;
    const bool fifo = exists && S_ISFIFO(st.st_mode);
    auto out =
        std::make_unique<Output>(path, fifo ? Kind::fifo : Kind::file, fifo ? config_.policy : Policy::block, config_);
    out->path = path;
    auto& o = *out;
    outputs_.push_back(std::move(out));

    auto refuse = [&](Error error) -> Result<void> {
        status_ = exit_failure;
        return std::unexpected(std::move(error));
    };
    if (!exists) {
        if (errno == ENOENT)
            return refuse(failure("open", path, "No such file or directory"));
        return refuse(sys_error("open", path, errno));
    }
    if (S_ISDIR(st.st_mode))
        return refuse(failure("open", path, "Is a directory"));

    if (fifo) {
        const int err = open_fifo(o);
        if (err == 0 || err == ENXIO) {
            o.state = err == 0 ? State::connected : State::waiting;
            return {};
        }
        return refuse(err < 0 ? failure("open", path, "not a FIFO") : sys_error("open", path, err));
    }
    // Other files are written in full; O_NONBLOCK only keeps the open itself
    // from hanging on an odd device.
    int flags = O_WRONLY | O_CLOEXEC | O_NONBLOCK;
    if (S_ISREG(st.st_mode))
        flags |= config_.append ? O_APPEND : O_TRUNC;
    Fd fd(::open(path.c_str(), flags));
    if (!fd)
        return refuse(sys_error("open", path, errno));
    (void)::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) & ~O_NONBLOCK);
    if (::fstat(fd.get(), &st) == 0) {
        o.pipe = pipe_like(st.st_mode);
        o.fifo = S_ISFIFO(st.st_mode);
    }
    o.fd = fd.get();
    o.owned = std::move(fd);
    o.state = State::connected;
    o.lane.connect(true);
    return {};
}

// Open a FIFO for writing without waiting for a reader: 0 when connected,
// else the errno (ENXIO: no reader yet), or -1 when the path is no FIFO.
int Engine::open_fifo(Output& out)
{
    Fd fd(::open(out.path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC));
    if (!fd)
        return errno;
    struct stat st {};
    if (::fstat(fd.get(), &st) < 0 || !S_ISFIFO(st.st_mode))
        return -1;
    out.fd = fd.get();
    out.owned = std::move(fd);
    out.pipe = true;
    out.fifo = true;
    out.state = State::connected;
    out.lane.connect(at_line_start_);
    return 0;
}

void Engine::try_connect(Output& out)
{
    const int err = open_fifo(out);
    // No reader yet (ENXIO), or the FIFO is being made again (ENOENT): try
    // again with the next chunk.
    if (err == 0 || err == ENXIO || err == ENOENT)
        return;
    fail(out, err < 0 ? failure("open", out.name, "no longer a FIFO") : sys_error("open", out.name, err));
}

void Engine::discard_pending(Output& out)
{
    if (out.pending == 0)
        return;
    out.lane.count(0, out.pending);
    auto& p = *pipes_;
    while (out.pending > 0) {
        ssize_t n = ::splice(out.mid_r.get(), nullptr, p.devnull.get(), nullptr, out.pending, SPLICE_F_NONBLOCK);
        if (n <= 0)
            n = ::read(out.mid_r.get(), p.scratch.data(), std::min(out.pending, p.scratch.size()));
        if (n <= 0)
            break;
        out.pending -= static_cast<std::size_t>(n);
    }
    out.pending = 0;
    out.rounds.clear();
}

void Engine::fail(Output& out, const Error& error)
{
    if (report_)
        report_(error);
    status_ = exit_failure;
    if (pipes_)
        discard_pending(out);
    out.lane.disconnect();
    out.state = State::failed;
    out.owned.reset();
    out.fd = -1;
}

void Engine::write_failed(Output& out, int err)
{
    if (pipes_)
        discard_pending(out);
    out.lane.disconnect();
    if (out.kind == Kind::fifo && err == EPIPE) {
        // The reader left: wait for the next one.
        out.owned.reset();
        out.fd = -1;
        out.state = State::waiting;
        return;
    }
    const bool broken_pipe = err == EPIPE && out.pipe;
    bool report = true;
    switch (config_.output_error) {
    case OutputError::sigpipe:
        // tee dies of SIGPIPE here; a broken pipe ends the run quietly.
        if (broken_pipe) {
            stop_ = true;
            return;
        }
        break;
    case OutputError::warn: break;
    case OutputError::warn_nopipe: report = !broken_pipe; break;
    case OutputError::exit: stop_ = true; break;
    case OutputError::exit_nopipe:
        report = !broken_pipe;
        stop_ = !broken_pipe;
        break;
    }
    if (report) {
        if (report_)
            report_(sys_error("write", out.name, err));
        status_ = exit_failure;
    }
    out.state = State::failed;
    out.owned.reset();
    out.fd = -1;
    // As tee, stop once no output is left to write to.
    if (!live())
        stop_ = true;
}

bool Engine::live() const
{
    return std::any_of(outputs_.begin(), outputs_.end(), [](const auto& o) { return o->state != State::failed; });
}

void Engine::read_failed(int err)
{
    if (report_)
        report_(sys_error("read", "standard input", err));
    status_ = exit_failure;
}

bool Engine::wait(bool want_input, int input)
{
    std::vector<pollfd> fds;
    if (wake_fd_ >= 0)
        fds.push_back({wake_fd_, POLLIN, 0});
    const std::size_t input_at = fds.size();
    if (want_input)
        fds.push_back({input, POLLIN, 0});
    for (const auto& o : outputs_) {
        if (o->state == State::connected && (o->pending > 0 || o->lane.queued() > 0))
            fds.push_back({o->fd, POLLOUT, 0});
    }
    if (::poll(fds.data(), fds.size(), -1) < 0)
        return false;
    return want_input && (fds[input_at].revents & (POLLIN | POLLHUP | POLLERR)) != 0;
}

int Engine::run(int input)
{
    if (!live())
        return status_;
    // Standard output is served last, so that a chunk seen on it has been
    // offered to every FIFO: scripts (and the tests) can synchronise on it.
    std::stable_partition(outputs_.begin(), outputs_.end(),
                          [](const auto& o) { return o->kind != Kind::standard_output; });
    struct stat st {};
    const bool input_pipe = ::fstat(input, &st) == 0 && S_ISFIFO(st.st_mode);
    // Lines and queues need the bytes in hand; everything else stays in the kernel.
    const bool bookkeeping = config_.whole_lines || config_.policy == Policy::buffer;
    if (input_pipe && !bookkeeping && setup_splice()) {
        zero_copy_ = true;
        return run_splice(input);
    }
    return run_plain(input);
}

// --- the plain path ---------------------------------------------------------

int Engine::run_plain(int input)
{
    zero_copy_ = false;
    std::vector<char> buffer(plain_chunk);
    struct stat st {};
    // Regular files and block devices are always readable; anything else is
    // polled first, so that a quiet input never holds up queued output.
    const bool always_ready = ::fstat(input, &st) == 0 && (S_ISREG(st.st_mode) || S_ISBLK(st.st_mode));
    bool eof = false;
    while (!stop_) {
        if (check_)
            check_();
        bool hold = false;
        bool busy = false;
        for (auto& o : outputs_) {
            if (o->state != State::connected || o->lane.queued() == 0)
                continue;
            FdSink sink(o->fd, o->kind != Kind::fifo, check_);
            if (auto r = o->lane.flush(sink); !r)
                write_failed(*o, r.error());
            if (o->state == State::connected) {
                hold = hold || o->lane.must_wait();
                busy = busy || o->lane.queued() > 0;
            }
        }
        if (stop_ || (eof && !busy))
            break;
        const bool want_input = !eof && !hold;
        if (!(want_input && always_ready) && !wait(want_input, input))
            continue;
        const ssize_t n = ::read(input, buffer.data(), buffer.size());
        if (n < 0) {
            if (errno != EINTR && errno != EAGAIN) {
                read_failed(errno);
                eof = true;
            }
            continue;
        }
        if (n == 0) {
            eof = true;
            continue;
        }
        dispatch_plain(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
    }
    return status_;
}

void Engine::dispatch_plain(std::string_view data)
{
    for (auto& o : outputs_) {
        if (stop_)
            return;
        if (o->state == State::waiting)
            try_connect(*o);
        if (o->state != State::connected) {
            o->lane.skip(data.size());
            continue;
        }
        FdSink sink(o->fd, o->kind != Kind::fifo, check_);
        if (auto r = o->lane.offer(data, sink); !r)
            write_failed(*o, r.error());
    }
    at_line_start_ = data.back() == '\n';
}

// --- the splice path --------------------------------------------------------

bool Engine::setup_splice()
{
    auto p = std::make_unique<SplicePipes>();
    auto make_pipe = [](Fd& r, Fd& w) {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) < 0)
            return false;
        r.reset(fds[0]);
        w.reset(fds[1]);
        return true;
    };
    // Out of descriptors or pipe memory: the plain path needs neither.
    auto give_up = [&] {
        for (auto& o : outputs_) {
            o->mid_r.reset();
            o->mid_w.reset();
        }
        return false;
    };
    if (!make_pipe(p->stage_r, p->stage_w))
        return false;
    p->devnull.reset(::open("/dev/null", O_WRONLY | O_CLOEXEC));
    if (!p->devnull)
        return false;
    p->scratch.resize(plain_chunk);
    // Every lossless output gets a private pipe; a drop-policy FIFO is tee'd
    // into directly, what does not fit being dropped.
    long smallest = LONG_MAX;
    for (auto& o : outputs_) {
        if (o->state == State::failed || o->policy != Policy::block)
            continue;
        if (!make_pipe(o->mid_r, o->mid_w))
            return give_up();
        (void)::fcntl(o->mid_w.get(), F_SETPIPE_SZ, mid_capacity);
        smallest = std::min<long>(smallest, ::fcntl(o->mid_w.get(), F_GETPIPE_SZ));
    }
    // A round (one stage pipe's worth of buffers) must always fit in an
    // empty private pipe, or tee(2) could copy part of it and never the rest.
    const int want = static_cast<int>(std::min<long>(stage_capacity, smallest));
    (void)::fcntl(p->stage_w.get(), F_SETPIPE_SZ, want);
    const long stage = ::fcntl(p->stage_w.get(), F_GETPIPE_SZ);
    if (stage <= 0 || stage > smallest)
        return give_up();
    p->stage_size = static_cast<std::size_t>(stage);
    p->max_rounds = smallest == LONG_MAX ? 1 : static_cast<std::size_t>(smallest / stage);
    pipes_ = std::move(p);
    return true;
}

int Engine::run_splice(int input)
{
    auto& p = *pipes_;
    bool eof = false;
    bool readable = true; // try first, poll only when the input is dry
    bool first = true;
    while (!stop_) {
        if (check_)
            check_();
        bool gated = false;
        bool busy = false;
        for (auto& o : outputs_) {
            if (o->state == State::connected && o->pending > 0)
                drain(*o);
            if (o->state == State::connected && o->pending > 0) {
                busy = true;
                gated = gated || o->rounds.size() >= p.max_rounds;
            }
        }
        if (stop_ || (eof && !busy))
            break;
        if (!eof && !gated && readable) {
            const ssize_t n = ::splice(input, nullptr, p.stage_w.get(), nullptr, p.stage_size, SPLICE_F_NONBLOCK);
            if (n > 0) {
                first = false;
                dispatch_round(static_cast<std::size_t>(n));
                continue;
            }
            if (n == 0) {
                eof = true;
                continue;
            }
            if (errno == EINVAL && first) {
                pipes_.reset();
                return run_plain(input);
            }
            if (errno != EAGAIN && errno != EINTR) {
                read_failed(errno);
                eof = true;
                continue;
            }
        }
        readable = wait(!eof && !gated, input);
    }
    return status_;
}

void Engine::dispatch_round(std::size_t size)
{
    auto& p = *pipes_;
    const int stage = p.stage_r.get();
    // The last lossless output takes the round by moving it, which also
    // empties the stage; the others get references to the same pages.
    Output* mover = nullptr;
    behind_ = false;
    for (auto& o : outputs_) {
        if (o->state == State::waiting)
            try_connect(*o);
        if (o->state == State::connected && o->has_mid())
            mover = o.get();
    }
    for (auto& o : outputs_) {
        if (o->state != State::connected) {
            o->lane.skip(size);
            continue;
        }
        if (o.get() == mover || stop_)
            continue;
        if (o->has_mid()) {
            lossless(*o, size, false);
            continue;
        }
        // A drop-policy FIFO: what its pipe does not take now is dropped.
        ssize_t n = ::tee(stage, o->fd, size, SPLICE_F_NONBLOCK);
        if (n < 0 && errno != EAGAIN) {
            const int err = errno;
            o->lane.count(0, size);
            write_failed(*o, err);
            continue;
        }
        const std::size_t got = n > 0 ? static_cast<std::size_t>(n) : 0;
        o->lane.count(got, size - got);
    }
    std::size_t left = size;
    if (mover && !stop_)
        left -= lossless(*mover, size, true);
    while (left > 0) {
        ssize_t n = ::splice(stage, nullptr, p.devnull.get(), nullptr, left, 0);
        if (n <= 0)
            n = ::read(stage, p.scratch.data(), std::min(left, p.scratch.size()));
        if (n <= 0)
            break;
        left -= static_cast<std::size_t>(n);
    }
}

// A lossless output's share of a round.  While nothing of it (nor of an
// output before it) waits in a private pipe, it gets what it takes at once
// straight from the stage; the
// rest (or all of it) goes into the private pipe, to be spliced on later.
// The mover splices from the stage, consuming it; the others tee(2), which
// always starts at the head of the stage, so what an output took directly
// is dropped again from the head of its private pipe.  Returns the bytes
// consumed from the stage.
std::size_t Engine::lossless(Output& out, std::size_t size, bool move)
{
    auto& p = *pipes_;
    const int stage = p.stage_r.get();
    std::size_t direct = 0;
    if (out.pending == 0 && !behind_ && out.splice_out && (move || out.fifo)) {
        const ssize_t n = move ? ::splice(stage, nullptr, out.fd, nullptr, size, SPLICE_F_NONBLOCK)
                               : ::tee(stage, out.fd, size, SPLICE_F_NONBLOCK);
        if (n > 0) {
            direct = static_cast<std::size_t>(n);
            out.lane.count(direct, 0);
        } else if (n < 0 && errno == EINVAL) {
            out.splice_out = false; // an O_APPEND file: the copy path of drain()
        } else if (n < 0 && errno != EAGAIN) {
            const int err = errno;
            out.lane.count(0, size);
            write_failed(out, err);
            return 0;
        }
    }
    if (direct == size)
        return move ? size : 0;
    // Outputs are served in order: none gets a round before one ahead of it.
    behind_ = true;

    const std::size_t want = move ? size - direct : size;
    const ssize_t n = move ? ::splice(stage, nullptr, out.mid_w.get(), nullptr, want, SPLICE_F_NONBLOCK)
                           : ::tee(stage, out.mid_w.get(), want, SPLICE_F_NONBLOCK);
    const std::size_t got = n > 0 ? static_cast<std::size_t>(n) : 0;
    const std::size_t again = move ? 0 : std::min(direct, got);
    for (std::size_t left = again; left > 0;) {
        const ssize_t d = ::splice(out.mid_r.get(), nullptr, p.devnull.get(), nullptr, left, 0);
        if (d <= 0)
            break;
        left -= static_cast<std::size_t>(d);
    }
    if (got > again) {
        out.pending += got - again;
        out.rounds.push_back(got - again);
    }
    if (got != want) {
        // Cannot happen while a round fits in an empty private pipe.
        out.lane.count(0, move ? want - got : size - std::max(got, direct));
        fail(out, failure("copy to", out.name, fmt::format("tee(2) took {} of {} bytes", got, want)));
    }
    return move ? direct + got : 0;
}

void Engine::drain(Output& out)
{
    auto& p = *pipes_;
    while (out.pending > 0 && out.state == State::connected) {
        ssize_t n;
        if (out.splice_out) {
            n = ::splice(out.mid_r.get(), nullptr, out.fd, nullptr, out.pending, SPLICE_F_NONBLOCK);
            if (n < 0 && errno == EINVAL) {
                // Not every file takes splice(2) (O_APPEND files, some
                // devices): copy through user space for this one.
                out.splice_out = false;
                continue;
            }
        } else {
            n = ::read(out.mid_r.get(), p.scratch.data(), std::min(out.pending, p.scratch.size()));
            if (n > 0) {
                auto w = write_all(out.fd, std::string_view(p.scratch.data(), static_cast<std::size_t>(n)), check_);
                if (!w) {
                    out.pending -= static_cast<std::size_t>(n);
                    out.lane.count(0, static_cast<std::size_t>(n));
                    errno = w.error();
                    n = -1;
                }
            }
        }
        if (n < 0) {
            if (errno == EAGAIN)
                return;
            if (errno != EINTR)
                write_failed(out, errno);
            continue;
        }
        if (n == 0)
            return;
        auto moved = static_cast<std::size_t>(n);
        out.pending -= moved;
        out.lane.count(moved, 0);
        while (moved > 0 && !out.rounds.empty()) {
            auto& round = out.rounds.front();
            if (moved >= round) {
                moved -= round;
                out.rounds.pop_front();
            } else {
                round -= moved;
                moved = 0;
            }
        }
    }
}

std::vector<Report> Engine::reports() const
{
    std::vector<Report> all;
    for (const bool first : {true, false}) {
        for (const auto& o : outputs_) {
            if ((o->kind == Kind::standard_output) == first)
                all.push_back({o->name, o->lane.stats()});
        }
    }
    return all;
}

} // namespace ipcutil::fanout
