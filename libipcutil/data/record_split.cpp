#include "libipcutil/data/record_split.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace ipcutil {
namespace {

// Input is read in pieces of at least read_size bytes, however small the
// records may be: a queue with 64-byte messages must not cost a read(2) per
// message.  The buffer starts at min_buffer when records may be that long
// and grows (up to max_record + 1) only for a record that needs it.
constexpr std::size_t read_size = 64 * 1024;
constexpr std::size_t min_buffer = 256 * 1024;

} // namespace

RecordReader::RecordReader(int fd, std::optional<char> delimiter, std::size_t max_record, std::string shown_as)
    : fd_(fd), delimiter_(delimiter), max_record_(max_record), shown_as_(std::move(shown_as))
{
    buffer_.resize(std::clamp(max_record_ + 1, read_size, min_buffer));
}

Result<std::size_t> RecordReader::fill()
{
    if (eof_)
        return 0;
    if (begin_ > 0 && (end_ == buffer_.size() || begin_ >= buffer_.size() / 2)) {
        // Move the unfinished record to the front so there is room to read.
        std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
        end_ -= begin_;
        scan_ -= begin_;
        begin_ = 0;
    }
    if (end_ == buffer_.size()) {
        // The record fills the buffer and may still fit max_record: grow,
        // but never beyond max_record + 1 (one byte more proves "too long").
        const std::size_t cap = max_record_ + 1;
        buffer_.resize(std::min(std::max(buffer_.size() * 2, min_buffer), std::max(cap, buffer_.size())));
        if (end_ == buffer_.size())
            return 0; // caller sees the record is too long
    }
    for (;;) {
        const ssize_t n = ::read(fd_, buffer_.data() + end_, buffer_.size() - end_);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return std::unexpected(sys_error("read", shown_as_, errno));
        if (n == 0)
            eof_ = true;
        end_ += static_cast<std::size_t>(n);
        return static_cast<std::size_t>(n);
    }
}

Result<RecordReader::Record> RecordReader::skip_long()
{
    // Count the rest of the record without keeping it, so the error can name
    // its real size without holding it in memory.
    std::uint64_t size = end_ - begin_;
    begin_ = end_ = scan_ = 0;
    for (;;) {
        auto n = fill();
        if (!n)
            return std::unexpected(n.error());
        if (delimiter_) {
            const void* hit = std::memchr(buffer_.data(), *delimiter_, end_);
            if (hit != nullptr) {
                const auto at = static_cast<std::size_t>(static_cast<const char*>(hit) - buffer_.data());
                size += at;
                begin_ = scan_ = at + 1;
                return Record{{}, size, true};
            }
        }
        size += end_;
        begin_ = end_ = scan_ = 0;
        if (eof_) {
            whole_done_ = true;
            return Record{{}, size, true};
        }
    }
}

Result<std::optional<RecordReader::Record>> RecordReader::next()
{
    for (;;) {
        if (delimiter_ && scan_ < end_) {
            const void* hit = std::memchr(buffer_.data() + scan_, *delimiter_, end_ - scan_);
            if (hit != nullptr) {
                const auto at = static_cast<std::size_t>(static_cast<const char*>(hit) - buffer_.data());
                const std::string_view data(buffer_.data() + begin_, at - begin_);
                begin_ = scan_ = at + 1;
                if (data.size() > max_record_)
                    return Record{{}, data.size(), true};
                return Record{data, data.size(), false};
            }
            scan_ = end_;
        }
        const std::size_t pending = end_ - begin_;
        if (eof_) {
            if (delimiter_ ? pending == 0 : whole_done_)
                return std::nullopt;
            whole_done_ = true;
            const std::string_view data(buffer_.data() + begin_, pending);
            begin_ = scan_ = end_;
            if (pending > max_record_)
                return Record{{}, pending, true};
            return Record{data, pending, false};
        }
        if (pending > max_record_) {
            auto skipped = skip_long();
            if (!skipped)
                return std::unexpected(skipped.error());
            return *skipped;
        }
        auto n = fill();
        if (!n)
            return std::unexpected(n.error());
        if (*n == 0 && !eof_) {
            auto skipped = skip_long(); // no room left: longer than max_record
            if (!skipped)
                return std::unexpected(skipped.error());
            return *skipped;
        }
    }
}

} // namespace ipcutil
