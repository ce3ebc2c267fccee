#include "libipcutil/core/error.hpp"

#include <cerrno>
#include <cstring>
#include <utility>

namespace ipcutil {

std::string Error::message() const
{
    std::string why = detail.empty() ? errno_text(err) : detail;
    std::string what = op;
    if (!object.empty())
        what += what.empty() ? object : " " + object;
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
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x20 && u < 0x7f && c != '\\') {
            out += c;
        } else {
            out += "\\x";
            out += hex[u >> 4];
            out += hex[u & 0xf];
        }
    }
    return out;
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
