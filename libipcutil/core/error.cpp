#include "libipcutil/core/error.hpp"

#include <cerrno>
#include <cstring>
#include <utility>

#include "libipcutil/core/format.hpp"

namespace ipcutil {

std::string Error::message() const
{
    std::string why = detail.empty() ? errno_text(err) : detail;
    std::string what = op;
    if (!object.empty()) {
        if (!what.empty())
            what += ' ';
        what += printable(object);
    }
    if (what.empty())
        return why;
    return what + ": " + why;
}

Error sys_error(std::string op, std::string object, int err)
{
    return Error{std::move(op), std::move(object), err, {}, false};
}

Error failure(std::string op, std::string object, std::string detail)
{
    return Error{std::move(op), std::move(object), 0, std::move(detail), false};
}

Error usage_error(std::string what)
{
    return Error{{}, {}, 0, std::move(what), true};
}

std::string quote(std::string_view text)
{
    return printable(text);
}

std::string errno_text(int err)
{
    switch (err) {
    case EACCES:
    case EPERM: return "Permission denied";
    case EINVAL: return "Invalid argument (no such object, or a wrong size or mode)";
    case EIDRM: return "already removed";
    case ENOENT: return "not found";
    case 0: return "unknown error";
    default: return std::strerror(err);
    }
}

} // namespace ipcutil
