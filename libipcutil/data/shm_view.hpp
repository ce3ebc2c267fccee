#pragma once
// Shared memory objects for reading and writing their bytes: the object a
// selector names (a POSIX object opened, a System V segment found), and a
// range of it mapped into this process (a System V segment attached,
// read-only unless asked otherwise, or part of a POSIX object mmap'ed).  A
// view owns its attachment or mapping and gives it back when it goes away.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "libipcutil/core/error.hpp"
#include "libipcutil/core/handles.hpp"
#include "libipcutil/core/select.hpp"

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

/// A shared memory object a selector names, with its size when it was found.
struct ShmObject {
    std::string words; ///< for messages: "POSIX shared memory /x", "shared memory id 5"
    bool posix = false;
    Fd fd;       ///< POSIX: the open file
    int id = -1; ///< System V: the segment id
    std::uint64_t size = 0;

    /// View [offset, offset + length) of it (ShmView::sysv or ShmView::posix).
    [[nodiscard]] Result<ShmView> view(std::uint64_t offset, std::uint64_t length, bool writable) const;
};

/// How messages name what `selector` names: "POSIX shared memory /x",
/// "shared memory id 5", "shared memory key 0x00001234".
[[nodiscard]] std::string shm_words(const Selector& selector);

/// The shared memory object `selector` names.  A POSIX object is opened
/// with open_posix_file (O_RDONLY, or O_RDWR when `writable`; never
/// blocking), a System V key is looked up, and the size comes from fstat or
/// IPC_STAT; nothing is attached or mapped yet.  A /dev/mqueue selector, a
/// symbolic link or anything but a regular file under /dev/shm is a usage
/// error (Error::usage): it names no shared memory.
[[nodiscard]] Result<ShmObject> open_shm_object(const Selector& selector, bool writable);

} // namespace ipcutil
