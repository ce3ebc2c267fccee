#pragma once
// A range of a shared memory object mapped into this process: a System V
// segment attached (read-only unless asked otherwise) or part of a POSIX
// object mmap'ed.  The view owns the attachment or mapping and gives it back
// when it goes away.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "ipcutil/error.hpp"
#include "ipcutil/handles.hpp"

namespace ipcutil {

class ShmView {
  public:
    ShmView() = default;

    /// The first byte of the range (nullptr when the range is empty).
    [[nodiscard]] unsigned char* data() const { return data_; }
    [[nodiscard]] std::size_t size() const { return size_; }
    [[nodiscard]] std::span<const unsigned char> bytes() const { return {data_, size_}; }

    /// Attach System V segment `id` (SHM_RDONLY unless `writable`) and view
    /// [offset, offset + length) of its `segment_size` bytes.  An empty range
    /// attaches nothing.
    [[nodiscard]] static Result<ShmView> sysv(int id, std::uint64_t segment_size, std::uint64_t offset,
                                              std::uint64_t length, bool writable);

    /// Map [offset, offset + length) of the open POSIX object `fd`
    /// (PROT_READ unless `writable`); `name` is for messages.  An empty range
    /// maps nothing.
    [[nodiscard]] static Result<ShmView> posix(int fd, std::string_view name, std::uint64_t offset,
                                               std::uint64_t length, bool writable);

  private:
    ShmAttach attach_;
    Mapping mapping_;
    unsigned char* data_ = nullptr;
    std::size_t size_ = 0;
};

} // namespace ipcutil
