#include "libipcutil/list/filter.hpp"

#include <string>

#include <fmt/format.h>

#include "libipcutil/core/users.hpp"

namespace ipcutil {
namespace {

// The tests of `f` but the orphan rule, which needs a policy at `now`.
bool passes(const Filter& f, const Object& o, std::time_t now)
{
    if (f.owner && o.uid != *f.owner)
        return false;
    if (f.min_size && object_bytes(o) < *f.min_size)
        return false;
    if (f.older_than) {
        // Exactly as old counts (so an age of 0 keeps every dated object).
        const auto age = object_age(o, now);
        if (!age || *age < *f.older_than)
            return false;
    }
    return true;
}

OrphanPolicy policy_at(const Filter& f, std::time_t now)
{
    OrphanPolicy p = f.policy;
    p.now = now;
    return p;
}

} // namespace

bool Filter::keeps(const Object& object, std::time_t now) const
{
    return passes(*this, object, now) && (!orphans || is_orphan(object, policy_at(*this, now)));
}

void filter_lists(const Filter& filter, std::time_t now, std::vector<ObjectList>& lists)
{
    if (!filter.active())
        return;
    const OrphanPolicy policy = policy_at(filter, now);
    for (ObjectList& list : lists)
        std::erase_if(list.objects, [&](const Object& o) {
            return !passes(filter, o, now) || (filter.orphans && !is_orphan(o, policy));
        });
}

std::uint64_t object_bytes(const Object& o)
{
    switch (o.kind) {
    case Kind::sysv_shm:
    case Kind::sysv_msg:
    case Kind::posix_shm:
    case Kind::posix_mq: return o.size;
    default: return 0;
    }
}

std::optional<std::chrono::seconds> object_age(const Object& o, std::time_t now)
{
    if (!o.ctime)
        return std::nullopt;
    return std::chrono::seconds(now - *o.ctime);
}

Result<uid_t> parse_owner(std::string_view text)
{
    uid_t uid = 0;
    if (text.empty() || !lookup_uid(std::string(text), uid))
        return std::unexpected(usage_error(fmt::format("invalid owner: '{}' (no such user)", quote(text))));
    return uid;
}

} // namespace ipcutil
