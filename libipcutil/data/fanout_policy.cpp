#include "libipcutil/data/fanout_policy.hpp"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

namespace ipcutil::fanout {
namespace {

// The length of the first line of `data`, its newline included, or all of
// `data` when the line goes on past it.
std::size_t line_length(std::string_view data)
{
    const auto eol = data.find('\n');
    return eol == std::string_view::npos ? data.size() : eol + 1;
}

} // namespace

Result<Policy> parse_policy(std::string_view text)
{
    if (text == "block")
        return Policy::block;
    if (text == "drop")
        return Policy::drop;
    if (text == "buffer")
        return Policy::buffer;
    return std::unexpected(
        usage_error(fmt::format("invalid policy: '{}' (expected block, drop or buffer)", quote(text))));
}

Lane::Lane(Policy policy, std::size_t buffer, bool whole_lines)
    : policy_(policy), limit_(policy == Policy::buffer ? buffer : 0), allowance_(whole_lines ? buffer : 0),
      whole_lines_(whole_lines)
{
}

void Lane::accepted(std::string_view bytes)
{
    if (!bytes.empty())
        line_ = bytes.back() == '\n' ? Line::start : Line::inside;
}

void Lane::enqueue(std::string_view bytes)
{
    queue_.append(bytes);
    accepted(bytes);
}

void Lane::drop(std::string_view bytes)
{
    stats_.dropped += bytes.size();
    if (!bytes.empty())
        line_ = bytes.back() == '\n' ? Line::start : Line::dropping;
}

void Lane::consume(std::size_t size)
{
    head_ += size;
    if (head_ == queue_.size()) {
        queue_.clear();
        head_ = 0;
    } else if (head_ > 64 * 1024 && head_ > queue_.size() / 2) {
        // Compact now and then, so the queue does not creep forward forever.
        queue_.erase(0, head_);
        head_ = 0;
    }
}

std::expected<std::size_t, int> Lane::send(std::string_view data, Sink& sink)
{
    auto n = sink.write(data);
    if (n)
        stats_.written += *n;
    return n;
}

std::expected<void, int> Lane::flush(Sink& sink)
{
    while (queued() > 0) {
        auto n = send(std::string_view(queue_).substr(head_), sink);
        if (!n)
            return std::unexpected(n.error());
        if (*n == 0)
            break;
        consume(*n);
    }
    return {};
}

std::expected<void, int> Lane::offer(std::string_view data, Sink& sink)
{
    // On a write error, what was not accepted counts as dropped.
    auto failed = [&](int err) -> std::expected<void, int> {
        stats_.dropped += data.size();
        return std::unexpected(err);
    };
    if (auto r = flush(sink); !r)
        return failed(r.error());

    // A line whose start this reader never saw is dropped to its end.
    if (whole_lines_ && line_ == Line::dropping) {
        const auto length = line_length(data);
        drop(data.substr(0, length));
        data.remove_prefix(length);
    }

    // Straight to the output while nothing is queued ahead.
    if (queued() == 0 && !data.empty()) {
        auto n = send(data, sink);
        if (!n)
            return failed(n.error());
        accepted(data.substr(0, *n));
        data.remove_prefix(*n);
    }
    if (data.empty())
        return {};

    if (policy_ == Policy::block) {
        enqueue(data);
        return {};
    }

    // A line this reader has begun is finished, whatever the limit.
    if (whole_lines_ && line_ == Line::inside) {
        const auto length = line_length(data);
        enqueue(data.substr(0, length));
        data.remove_prefix(length);
    }

    // New material is queued while it fits (whole lines only, with
    // whole_lines), and the rest dropped.
    std::size_t room = limit_ > queued() ? limit_ - queued() : 0;
    if (!whole_lines_) {
        const auto take = std::min(room, data.size());
        enqueue(data.substr(0, take));
        drop(data.substr(take));
        return {};
    }
    while (!data.empty()) {
        const auto length = line_length(data);
        if (length > room)
            break;
        enqueue(data.substr(0, length));
        room -= length;
        data.remove_prefix(length);
    }
    drop(data);
    return {};
}

void Lane::connect(bool at_line_start)
{
    if (left_) {
        ++stats_.reconnects;
        left_ = false;
    }
    line_ = at_line_start ? Line::start : Line::dropping;
}

void Lane::disconnect()
{
    stats_.dropped += queued();
    queue_.clear();
    head_ = 0;
    left_ = true;
}

bool Lane::must_wait() const
{
    if (policy_ == Policy::block)
        return queued() > 0;
    const auto most = limit_ + allowance_;
    return queued() > (most < limit_ ? std::numeric_limits<std::size_t>::max() : most);
}

} // namespace ipcutil::fanout
