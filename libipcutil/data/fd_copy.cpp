#include "libipcutil/data/fd_copy.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <vector>

#include <fmt/format.h>

#include "libipcutil/core/procfs.hpp"

namespace ipcutil {
namespace {

constexpr std::string_view out_name = "standard output";

// Wait until a non-blocking descriptor is ready instead of spinning.
void wait_for(int fd, short events)
{
    pollfd p{fd, events, 0};
    while (::poll(&p, 1, -1) < 0 && errno == EINTR) {
    }
}

Error shrank(std::string_view in_name, std::uint64_t at)
{
    return failure("read", std::string(in_name), fmt::format("ended early, at byte {} (it shrank)", at));
}

// The kernel cannot sendfile to this output: use the mapping instead.
bool sendfile_unsupported(int err)
{
    return err == EINVAL || err == ENOSYS || err == EOPNOTSUPP || err == EXDEV;
}

Result<void> write_from_mapping(int out_fd, int in_fd, std::uint64_t offset, std::uint64_t length,
                                std::uint64_t done_before, std::string_view in_name, const CopyProgress& progress)
{
    static const auto page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
    const std::uint64_t aligned = offset - offset % page;
    const std::uint64_t skip = offset - aligned;
    void* addr = ::mmap(nullptr, skip + length, PROT_READ, MAP_SHARED, in_fd, static_cast<off_t>(aligned));
    if (addr == MAP_FAILED)
        return std::unexpected(sys_error("map", std::string(in_name), errno));
    const Mapping mapping(addr, skip + length);
    ::madvise(addr, skip + length, MADV_SEQUENTIAL);
    const auto* data = static_cast<const unsigned char*>(addr) + skip;
    return write_all(out_fd, data, length, [&](std::uint64_t done) {
        if (progress)
            progress(done_before + done);
    });
}

} // namespace

Result<void> write_all(int out_fd, const void* data, std::size_t size, const CopyProgress& progress)
{
    const auto* p = static_cast<const unsigned char*>(data);
    std::size_t done = 0;
    while (done < size) {
        const ssize_t n = ::write(out_fd, p + done, std::min(size - done, copy_chunk));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN) {
                wait_for(out_fd, POLLOUT);
                continue;
            }
            return std::unexpected(sys_error("write", std::string(out_name), errno));
        }
        done += static_cast<std::size_t>(n);
        if (progress)
            progress(done);
    }
    return {};
}

Result<void> send_memory(int out_fd, const void* data, std::size_t size, const CopyProgress& progress)
{
    struct stat st {};
    if (::fstat(out_fd, &st) < 0 || !S_ISFIFO(st.st_mode))
        return write_all(out_fd, data, size, progress);
    const auto* p = static_cast<const unsigned char*>(data);
    std::size_t done = 0;
    while (done < size) {
        iovec iov{const_cast<unsigned char*>(p + done), std::min(size - done, copy_chunk)};
        const ssize_t n = ::vmsplice(out_fd, &iov, 1, 0);
        if (n < 0) {
            const int err = errno;
            if (err == EINTR)
                continue;
            if (err == EAGAIN) {
                wait_for(out_fd, POLLOUT);
                continue;
            }
            if (err == EINVAL || err == ENOSYS || err == EBADF) // no vmsplice here: copy the rest
                return write_all(out_fd, p + done, size - done, [&](std::uint64_t d) {
                    if (progress)
                        progress(done + d);
                });
            return std::unexpected(sys_error("write", std::string(out_name), err));
        }
        done += static_cast<std::size_t>(n);
        if (progress)
            progress(done);
    }
    return {};
}

Result<void> copy_file_to_fd(int out_fd, int in_fd, std::uint64_t offset, std::uint64_t length,
                             std::string_view in_name, const CopyProgress& progress)
{
    auto pos = static_cast<off_t>(offset);
    std::uint64_t done = 0;
    while (done < length) {
        const ssize_t n = ::sendfile(out_fd, in_fd, &pos, std::min<std::uint64_t>(length - done, copy_chunk));
        if (n < 0) {
            const int err = errno;
            if (err == EINTR)
                continue;
            if (err == EAGAIN) {
                wait_for(out_fd, POLLOUT);
                continue;
            }
            if (sendfile_unsupported(err))
                return write_from_mapping(out_fd, in_fd, offset + done, length - done, done, in_name, progress);
            // sendfile does not say which side failed: an output error is
            // far likelier, and the input was checked to be a readable file.
            return std::unexpected(
                sys_error(err == EIO ? "read" : "write", std::string(err == EIO ? in_name : out_name), err));
        }
        if (n == 0)
            return std::unexpected(shrank(in_name, offset + done));
        done += static_cast<std::uint64_t>(n);
        if (progress)
            progress(done);
    }
    return {};
}

Result<void> read_exact(int in_fd, std::uint64_t offset, void* dest, std::size_t size, std::string_view in_name,
                        const CopyProgress& progress)
{
    auto* p = static_cast<unsigned char*>(dest);
    std::size_t done = 0;
    while (done < size) {
        const ssize_t n =
            ::pread(in_fd, p + done, std::min(size - done, copy_chunk), static_cast<off_t>(offset + done));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return std::unexpected(sys_error("read", std::string(in_name), errno));
        }
        if (n == 0)
            return std::unexpected(shrank(in_name, offset + done));
        done += static_cast<std::size_t>(n);
        if (progress)
            progress(done);
    }
    return {};
}

void grow_pipe(int fd)
{
    struct stat st {};
    if (::fstat(fd, &st) < 0 || !S_ISFIFO(st.st_mode))
        return;
    int want = 1 << 20;
    if (auto max = read_small_file("/proc/sys/fs/pipe-max-size")) {
        const int limit = std::atoi(max->c_str());
        if (limit > 0)
            want = std::min(want, limit);
    }
    if (::fcntl(fd, F_GETPIPE_SZ) < want)
        (void)::fcntl(fd, F_SETPIPE_SZ, want); // refused past the user's pipe quota: not worth a word
}

Result<Input> take_input(int in_fd, std::uint64_t keep, std::string_view in_name)
{
    struct stat st {};
    if (::fstat(in_fd, &st) < 0)
        return std::unexpected(sys_error("stat", std::string(in_name), errno));
    if (S_ISREG(st.st_mode)) {
        const off_t pos = ::lseek(in_fd, 0, SEEK_CUR);
        if (pos >= 0) {
            const auto size = static_cast<std::uint64_t>(std::max<off_t>(st.st_size - pos, 0));
            return Input{Fd(), in_fd, static_cast<std::uint64_t>(pos), size, size};
        }
    }

    Input input;
    input.spool.reset(::memfd_create("xipc-input", MFD_CLOEXEC));
    if (!input.spool)
        return std::unexpected(sys_error("create", "a memory file for standard input", errno));
    input.fd = input.spool.get();
    const std::uint64_t limit = keep == UINT64_MAX ? keep : keep + 1;
    // A pipe splices into the memory file without passing through here.
    bool can_splice = S_ISFIFO(st.st_mode);
    std::vector<unsigned char> buffer;
    for (;;) {
        ssize_t n = 0;
        if (can_splice && input.kept < limit) {
            loff_t at = static_cast<loff_t>(input.kept);
            n = ::splice(in_fd, nullptr, input.fd, &at, std::min<std::uint64_t>(limit - input.kept, 1 << 20), 0);
            if (n < 0 && errno == EINVAL) {
                can_splice = false;
                continue;
            }
        } else {
            buffer.resize(64 << 10);
            n = ::read(in_fd, buffer.data(), buffer.size());
        }
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN) {
                wait_for(in_fd, POLLIN);
                continue;
            }
            return std::unexpected(sys_error("read", std::string(in_name), errno));
        }
        if (n == 0)
            break;
        auto got = static_cast<std::uint64_t>(n);
        if (!can_splice && input.kept < limit) {
            // What was read() still has to go into the memory file.
            const auto store = std::min(got, limit - input.kept);
            if (auto w = write_all(input.fd, buffer.data(), store); !w)
                return std::unexpected(sys_error("write", "a memory file for standard input", w.error().err));
            input.kept += store;
        } else if (can_splice && input.kept < limit) {
            input.kept += got;
        }
        input.size += got;
    }
    return input;
}

} // namespace ipcutil
