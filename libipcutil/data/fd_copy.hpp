#pragma once
// Moving bytes between descriptors and memory without a detour through a
// buffer of our own: sendfile (which splices into pipes) where the kernel
// can, otherwise write() straight from a mapping and read() straight into one.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "libipcutil/core/error.hpp"
#include "libipcutil/core/handles.hpp"
#include "libipcutil/data/copy_progress.hpp"

namespace ipcutil {

/// The largest piece one system call moves, so progress can be shown.
inline constexpr std::size_t copy_chunk = 16 << 20;

/// Copy `length` bytes of the regular file `in_fd` from `offset` to `out_fd`
/// kernel-side (sendfile).  Where the kernel cannot sendfile to `out_fd` (a
/// terminal, an O_APPEND file), write() from a read-only mapping instead.
/// `in_name` names the file in errors; a write error is "write standard
/// output" with err EPIPE when the reader went away.  A file that shrinks
/// under the copy ends it with an error.
[[nodiscard]] Result<void> copy_file_to_fd(int out_fd, int in_fd, std::uint64_t offset, std::uint64_t length,
                                           std::string_view in_name, const CopyProgress& progress = {});

/// write() all of `data` to `out_fd` (waiting while a non-blocking `out_fd`
/// is full).  Errors as copy_file_to_fd.
[[nodiscard]] Result<void> write_all(int out_fd, const void* data, std::size_t size, const CopyProgress& progress = {});

/// Send `data` to `out_fd` straight from memory.  Into a pipe, vmsplice
/// hands the pipe references to the pages instead of copying them (the
/// reader then sees the bytes as they are when it reads them, as with
/// sendfile from a file); anywhere else, write_all().  Errors as
/// copy_file_to_fd.
[[nodiscard]] Result<void> send_memory(int out_fd, const void* data, std::size_t size,
                                       const CopyProgress& progress = {});

/// pread() exactly `size` bytes of `in_fd` from `offset` into `dest`.
[[nodiscard]] Result<void> read_exact(int in_fd, std::uint64_t offset, void* dest, std::size_t size,
                                      std::string_view in_name, const CopyProgress& progress = {});

/// Best effort: when `fd` is a pipe, grow it to 1 MiB (or the system's
/// maximum, if lower) so a large copy takes fewer wake-ups on both sides.
void grow_pipe(int fd);

/// An input whose length is known before anything is done with it: its
/// bytes are at [start, start + kept) of `fd`.
struct Input {
    Fd spool;                ///< the anonymous file holding a streamed input, if one was needed
    int fd = -1;             ///< `spool`, or the input itself when it is a regular file
    std::uint64_t start = 0; ///< where the input's bytes begin in `fd`
    std::uint64_t size = 0;  ///< how many bytes the input had, all of them counted
    std::uint64_t kept = 0;  ///< how many can be read back: `size`, or `keep` + 1 when it was longer
};

/// Take all of `in_fd`, so that its length is known before it is written
/// anywhere.  A regular file is used in place, from its current position.
/// Anything else (a pipe, a terminal, a socket) is read to its end into an
/// anonymous memory file (memfd), keeping at most `keep` + 1 bytes and only
/// counting the rest, so an input that is too long costs no memory.
[[nodiscard]] Result<Input> take_input(int in_fd, std::uint64_t keep, std::string_view in_name);

} // namespace ipcutil
