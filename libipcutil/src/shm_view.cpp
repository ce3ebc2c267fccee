#include "ipcutil/shm_view.hpp"

#include <sys/mman.h>
#include <sys/shm.h>
#include <unistd.h>

#include <cerrno>

#include <fmt/format.h>

namespace ipcutil {
namespace {

Result<void> check_range(std::string_view what, std::uint64_t size, std::uint64_t offset, std::uint64_t length)
{
    if (offset > size || length > size - offset)
        return std::unexpected(
            failure("map", std::string(what),
                    fmt::format("bytes {}-{} are past its end ({} bytes)", offset, offset + length, size)));
    if (length > SIZE_MAX)
        return std::unexpected(sys_error("map", std::string(what), ENOMEM));
    return {};
}

} // namespace

Result<ShmView> ShmView::sysv(int id, std::uint64_t segment_size, std::uint64_t offset, std::uint64_t length,
                              bool writable)
{
    const std::string what = fmt::format("shared memory id {}", id);
    if (auto ok = check_range(what, segment_size, offset, length); !ok)
        return std::unexpected(ok.error());
    ShmView view;
    if (length == 0)
        return view;
    void* addr = ::shmat(id, nullptr, writable ? 0 : SHM_RDONLY);
    if (addr == reinterpret_cast<void*>(-1))
        return std::unexpected(sys_error("attach", what, errno));
    view.attach_ = ShmAttach(addr, segment_size);
    view.data_ = static_cast<unsigned char*>(addr) + offset;
    view.size_ = static_cast<std::size_t>(length);
    return view;
}

Result<ShmView> ShmView::posix(int fd, std::string_view name, std::uint64_t offset, std::uint64_t length, bool writable)
{
    const std::string what = fmt::format("POSIX shared memory /{}", name);
    if (auto ok = check_range(what, UINT64_MAX, offset, length); !ok)
        return std::unexpected(ok.error());
    ShmView view;
    if (length == 0)
        return view;
    static const auto page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
    const std::uint64_t skip = offset % page;
    const auto span = static_cast<std::size_t>(skip + length);
    void* addr = ::mmap(nullptr, span, writable ? PROT_READ | PROT_WRITE : PROT_READ, MAP_SHARED, fd,
                        static_cast<off_t>(offset - skip));
    if (addr == MAP_FAILED)
        return std::unexpected(sys_error("map", what, errno));
    view.mapping_ = Mapping(addr, span);
    view.data_ = static_cast<unsigned char*>(addr) + skip;
    view.size_ = static_cast<std::size_t>(length);
    return view;
}

} // namespace ipcutil
