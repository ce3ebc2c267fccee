#include "libipcutil/data/record_split.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

namespace ipcutil {
namespace {

// Input is read in pieces of up to read_size bytes, however small the
// records may be: a queue with 64-byte messages must not cost a read(2) per
// message, and with 8 KiB records 1 MiB reads cost a sender about a sixth
// less CPU than 64 KiB ones.  The buffer is not cleared, so the pages a
// short input never reaches are never touched.  It grows (up to
// max_record + 1) only for a record that needs it.
constexpr std::size_t read_size = 1 << 20;

} // namespace

RecordReader::RecordReader(int fd, std::optional<char> delimiter, std::size_t max_record, std::string shown_as)
    : fd_(fd), delimiter_(delimiter), max_record_(max_record), shown_as_(std::move(shown_as))
{
    resize(read_size);
}

void RecordReader::resize(std::size_t size)
{
    auto bigger = std::make_unique_for_overwrite<char[]>(size);
    if (end_ > 0)
        std::memcpy(bigger.get(), buffer_.get(), end_);
    buffer_ = std::move(bigger);
    size_ = size;
}

Result<std::size_t> RecordReader::fill()
{
    if (eof_)
        return 0;
    if (begin_ > 0 && (end_ == size_ || begin_ >= size_ / 2)) {
        // Move the unfinished record to the front so there is room to read.
        std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
        end_ -= begin_;
        scan_ -= begin_;
        begin_ = 0;
    }
    if (end_ == size_) {
        // The record fills the buffer and may still fit max_record: grow,
        // but never beyond max_record + 1 (one byte more proves "too long").
        const std::size_t cap = std::max(max_record_ + 1, size_);
        if (size_ < cap)
            resize(std::min(size_ * 2, cap));
        if (end_ == size_)
            return 0; // caller sees the record is too long
    }
    for (;;) {
        const ssize_t n = ::read(fd_, buffer_.get() + end_, size_ - end_);
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
            const void* hit = std::memchr(buffer_.get(), *delimiter_, end_);
            if (hit != nullptr) {
                const auto at = static_cast<std::size_t>(static_cast<const char*>(hit) - buffer_.get());
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
            const void* hit = std::memchr(buffer_.get() + scan_, *delimiter_, end_ - scan_);
            if (hit != nullptr) {
                const auto at = static_cast<std::size_t>(static_cast<const char*>(hit) - buffer_.get());
                const std::string_view data(buffer_.get() + begin_, at - begin_);
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
            const std::string_view data(buffer_.get() + begin_, pending);
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
