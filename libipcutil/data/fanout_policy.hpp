#pragma once
// What a slow reader costs: the per-output policy of fifo-tee, kept free of
// system calls so that it can be tested with a fake sink.  An output is a
// Lane; the stream is offered to it chunk by chunk, and the lane decides, from
// what its sink accepts right now, what is written, queued or dropped.

#include <cstddef>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

#include "libipcutil/core/error.hpp"

namespace ipcutil::fanout {

/// What happens to a reader that cannot keep up.
enum class Policy {
    block,  ///< lossless: the stream waits for it
    drop,   ///< what it cannot take at once is dropped
    buffer, ///< up to a limit is queued for it, then dropped
};

/// `block`, `drop` or `buffer`.
[[nodiscard]] Result<Policy> parse_policy(std::string_view text);

/// Per-output counters, as --stats prints them.
struct Stats {
    std::uint64_t written = 0;    ///< bytes the output accepted
    std::uint64_t dropped = 0;    ///< bytes of the stream it never got
    std::uint64_t reconnects = 0; ///< readers that came back after one left
};

/// Where a lane's bytes go.  write() takes what it can without waiting and
/// returns how much (0 when full), or an errno value.
class Sink {
  public:
    virtual ~Sink() = default;
    virtual std::expected<std::size_t, int> write(std::string_view data) = 0;
};

/// One output's view of the stream.
class Lane {
  public:
    /// `buffer` is the queue limit under Policy::buffer and, with
    /// `whole_lines`, how much more may be queued to finish a line a reader
    /// has begun.
    Lane(Policy policy, std::size_t buffer, bool whole_lines);

    /// The next stretch of the stream, for a connected output.  Queued
    /// bytes go first.  On a write error the errno is returned and the
    /// counters hold what was accepted before it.
    std::expected<void, int> offer(std::string_view data, Sink& sink);
    /// Write what is queued, as far as the sink takes it.
    std::expected<void, int> flush(Sink& sink);
    /// The stream moved on while no reader was there: all of it is dropped.
    void skip(std::size_t size) { stats_.dropped += size; }
    /// Count bytes that went around the lane (the zero-copy path).
    void count(std::uint64_t written, std::uint64_t dropped)
    {
        stats_.written += written;
        stats_.dropped += dropped;
    }

    /// A reader arrived.  `at_line_start` says whether the stream is between
    /// lines; if not, a whole-lines lane drops up to the next line first.
    void connect(bool at_line_start);
    /// The reader left (or the output failed): what was queued is dropped.
    void disconnect();

    [[nodiscard]] std::size_t queued() const { return queue_.size() - head_; }
    /// Must the stream wait for this lane before it goes on?
    [[nodiscard]] bool must_wait() const;
    [[nodiscard]] const Stats& stats() const { return stats_; }

  private:
    // Whole-lines bookkeeping: where the bytes accepted so far (written or
    // queued) left this output's line.
    enum class Line { start, inside, dropping };

    void accepted(std::string_view bytes);
    void enqueue(std::string_view bytes);
    void drop(std::string_view bytes);
    void consume(std::size_t size);
    std::expected<std::size_t, int> send(std::string_view data, Sink& sink);

    Policy policy_;
    std::size_t limit_;     // queue limit for new material
    std::size_t allowance_; // extra room to finish a begun line
    bool whole_lines_;
    Line line_ = Line::start;
    std::string queue_;
    std::size_t head_ = 0;
    bool left_ = false;
    Stats stats_;
};

} // namespace ipcutil::fanout
