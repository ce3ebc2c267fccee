#include "libipcutil/core/model.hpp"

#include <sys/sysmacros.h>

#include <fmt/format.h>

namespace ipcutil {

std::string_view kind_name(Kind kind)
{
    switch (kind) {
    case Kind::sysv_shm: return "sysv-shm";
    case Kind::sysv_msg: return "sysv-msg";
    case Kind::sysv_sem: return "sysv-sem";
    case Kind::posix_shm: return "posix-shm";
    case Kind::posix_mq: return "posix-mq";
    case Kind::posix_sem: return "posix-sem";
    case Kind::fifo: return "fifo";
    }
    return "?";
}

std::string_view kind_words(Kind kind)
{
    switch (kind) {
    case Kind::sysv_shm: return "shared memory";
    case Kind::sysv_msg: return "message queue";
    case Kind::sysv_sem: return "semaphore set";
    case Kind::posix_shm: return "POSIX shared memory";
    case Kind::posix_mq: return "POSIX message queue";
    case Kind::posix_sem: return "POSIX semaphore";
    case Kind::fifo: return "FIFO";
    }
    return "?";
}

std::string kinds_words(std::span<const Kind> kinds)
{
    std::string s;
    for (std::size_t i = 0; i < kinds.size(); ++i) {
        if (i > 0)
            s += i + 1 == kinds.size() ? " or " : ", ";
        s += kind_words(kinds[i]);
    }
    return s;
}

bool is_sysv(Kind kind)
{
    return kind == Kind::sysv_shm || kind == Kind::sysv_msg || kind == Kind::sysv_sem;
}

bool is_posix(Kind kind)
{
    return kind == Kind::posix_shm || kind == Kind::posix_mq || kind == Kind::posix_sem;
}

std::uint64_t dev_key(dev_t dev)
{
    return dev_key(major(dev), minor(dev));
}

std::string describe(const Object& object)
{
    if (is_sysv(object.kind))
        return fmt::format("{} id {}", kind_words(object.kind), object.id);
    if (object.kind == Kind::fifo)
        return fmt::format("FIFO {}", object.path);
    return fmt::format("{} /{}", kind_words(object.kind), object.name);
}

} // namespace ipcutil
