#pragma once
// fifo-tee's copy engine: one input, many outputs whose readers come and go.
//
// FIFOs are opened without blocking; one with no reader is retried on every
// chunk of input, and one whose reader leaves (EPIPE) waits for the next.
// When the input is a pipe and no line or queue bookkeeping is needed, the
// data never enters user space: each round is spliced from the input into a
// private stage pipe, tee(2)'d into a private pipe per lossless output (or
// straight into a drop-policy FIFO) and spliced on from there.  Otherwise it
// is read and written, through a Lane per output.

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "libipcutil/core/error.hpp"
#include "libipcutil/data/fanout_policy.hpp"

namespace ipcutil::fanout {

/// GNU tee's --output-error modes; `sigpipe` is tee's behaviour without the
/// option (a broken standard output ends the run quietly).
enum class OutputError { sigpipe, warn, warn_nopipe, exit, exit_nopipe };

/// `warn`, `warn-nopipe`, `exit`, `exit-nopipe`, or an unambiguous prefix of one.
[[nodiscard]] Result<OutputError> parse_output_error(std::string_view text);

/// The default per-reader queue for Policy::buffer.
inline constexpr std::size_t default_buffer = 1024 * 1024;

struct Config {
    Policy policy = Policy::block; ///< for FIFO outputs; stdout and files are always lossless
    std::size_t buffer = default_buffer;
    bool whole_lines = false;
    bool append = false; ///< regular files are appended to, not truncated
    OutputError output_error = OutputError::sigpipe;
};

/// One output's name and counters.
struct Report {
    std::string name; ///< the path, or "standard output"
    Stats stats;
};

class Engine {
  public:
    explicit Engine(Config config);
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    /// Copy to standard output as well.
    void add_stdout();
    /// An output path that exists: a FIFO (with or without a reader yet) or
    /// a file.  A failure is returned, and the output still counts (as
    /// failed) in reports() and in the exit status.
    Result<void> add_path(const std::string& path);

    /// Called for every failure worth reporting, as it happens.
    void on_error(std::function<void(const Error&)> report) { report_ = std::move(report); }
    /// `check` runs on every turn of the loop (it must be cheap); `fd` is
    /// polled whenever the engine waits, so that writing to it (from a
    /// signal handler) gets `check` called promptly.
    void set_wakeup(int fd, std::function<void()> check);

    /// Copy `input` until its end, an exit-mode error, or a broken standard
    /// output under OutputError::sigpipe.  Returns the exit status.
    [[nodiscard]] int run(int input);

    [[nodiscard]] std::vector<Report> reports() const;
    /// Whether run() used the tee/splice path.
    [[nodiscard]] bool zero_copy() const { return zero_copy_; }

  private:
    struct Output;

    int run_plain(int input);
    int run_splice(int input);
    bool setup_splice();
    void dispatch_plain(std::string_view data);
    void dispatch_round(std::size_t size);
    std::size_t lossless(Output& out, std::size_t size, bool move);
    void drain(Output& out);
    int open_fifo(Output& out);
    void try_connect(Output& out);
    void write_failed(Output& out, int err);
    void discard_pending(Output& out);
    void fail(Output& out, const Error& error);
    bool live() const;
    bool wait(bool want_input, int input);
    void read_failed(int err);

    Config config_;
    std::vector<std::unique_ptr<Output>> outputs_;
    std::function<void(const Error&)> report_;
    int wake_fd_ = -1;
    std::function<void()> check_;
    int status_ = 0;
    bool stop_ = false;
    bool at_line_start_ = true;
    bool zero_copy_ = false;
    bool behind_ = false; // an output ahead in this round waits in its private pipe
    // The splice path's own pipes.
    struct SplicePipes;
    std::unique_ptr<SplicePipes> pipes_;
};

} // namespace ipcutil::fanout
