#pragma once
// Splitting an input stream into records (lines, NUL-terminated records, or
// the whole input as one) without copying: each record is a view into the
// reader's buffer.  mqsend sends straight from these views.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "libipcutil/core/error.hpp"

namespace ipcutil {

class RecordReader {
  public:
    /// Read `fd` (not owned).  With a delimiter, each record ends at it (the
    /// delimiter is not part of the record; a last record without one still
    /// counts); without, the whole input is exactly one record, even when
    /// empty.  `max_record` bounds the bytes held for one record; input is
    /// read in pieces of up to 1 MiB however short the records are.
    RecordReader(int fd, std::optional<char> delimiter, std::size_t max_record,
                 std::string shown_as = "standard input");

    struct Record {
        std::string_view data;  ///< valid until the next call; empty when too_long
        std::uint64_t size = 0; ///< the record's full size in bytes
        bool too_long = false;  ///< longer than max_record: read to its end, data dropped
    };

    /// The next record, or nullopt at the end of the input.
    [[nodiscard]] Result<std::optional<Record>> next();

  private:
    Result<std::size_t> fill(); // read more at the end; 0 at EOF
    void resize(std::size_t size);
    Result<Record> skip_long(); // the rest of an over-long record

    int fd_;
    std::optional<char> delimiter_;
    std::size_t max_record_;
    std::string shown_as_;
    std::unique_ptr<char[]> buffer_;
    std::size_t size_ = 0;
    std::size_t begin_ = 0; // first unconsumed byte
    std::size_t end_ = 0;   // end of the bytes read
    std::size_t scan_ = 0;  // [begin_, scan_) holds no delimiter
    bool eof_ = false;
    bool whole_done_ = false;
};

} // namespace ipcutil
