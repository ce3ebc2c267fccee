#include "libipcutil/data/shm_view.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include <fmt/format.h>

#include "libipcutil/core/parse.hpp"
#include "libipcutil/kernel/posix.hpp"
#include "libipcutil/kernel/sysv.hpp"

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

Result<ShmView> ShmObject::view(std::uint64_t offset, std::uint64_t length, bool writable) const
{
    if (posix)
        return ShmView::posix(fd.get(), words.substr(words.rfind('/') + 1), offset, length, writable);
    return ShmView::sysv(id, size, offset, length, writable);
}

std::string shm_words(const Selector& selector)
{
    switch (selector.type) {
    case Selector::Type::id: return fmt::format("shared memory id {}", selector.id);
    case Selector::Type::key: return fmt::format("shared memory key {}", format_key(selector.key));
    case Selector::Type::name: break;
    }
    return fmt::format("POSIX shared memory /{}", selector.name);
}

Result<ShmObject> open_shm_object(const Selector& selector, bool writable)
{
    ShmObject object;
    object.words = shm_words(selector);
    object.posix = selector.type == Selector::Type::name;
    if (object.posix) {
        if (auto narrowed = selector_for(selector, Kind::posix_shm); !narrowed)
            return std::unexpected(narrowed.error());
        auto fd = open_posix_file(Kind::posix_shm, selector.name, (writable ? O_RDWR : O_RDONLY) | O_NONBLOCK);
        if (!fd) {
            Error e = fd.error();
            e.usage = e.err == ELOOP || e.err == EMEDIUMTYPE; // refused, not failed
            return std::unexpected(e);
        }
        object.fd = std::move(*fd);
        struct stat st {};
        if (::fstat(object.fd.get(), &st) < 0)
            return std::unexpected(sys_error("stat", object.words, errno));
        object.size = static_cast<std::uint64_t>(st.st_size);
        return object;
    }
    auto id =
        selector.type == Selector::Type::id ? Result<int>(selector.id) : sysv_id_for_key(Kind::sysv_shm, selector.key);
    if (!id)
        return std::unexpected(id.error());
    auto found = stat_sysv(Kind::sysv_shm, *id);
    if (!found)
        return std::unexpected(found.error());
    object.id = *id;
    object.size = found->size;
    return object;
}

} // namespace ipcutil
