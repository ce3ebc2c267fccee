#include "libipcutil/list/filter.hpp"

#include <string>

#include <fmt/format.h>

#include "libipcutil/core/users.hpp"

namespace ipcutil {

bool Filters::matches(const Object& object, std::time_t now) const
{
    if (owner && object.uid != *owner)
        return false;
    if (older_than) {
        if (!object.ctime)
            return false;
        const auto age = std::chrono::seconds(now - *object.ctime);
        if (age < *older_than)
            return false;
    }
    return true;
}

Result<uid_t> parse_owner(std::string_view text)
{
    uid_t uid = 0;
    if (text.empty() || !lookup_uid(std::string(text), uid))
        return std::unexpected(usage_error(fmt::format("invalid owner: '{}' (no such user)", quote(text))));
    return uid;
}

} // namespace ipcutil
