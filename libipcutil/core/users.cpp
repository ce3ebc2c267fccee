#include "libipcutil/core/users.hpp"

#include <grp.h>
#include <pwd.h>

#include <charconv>
#include <vector>

namespace ipcutil {
namespace {

// getpwuid_r/getgrgid_r with a buffer that grows on ERANGE.
template <class Entry, class Lookup> std::string lookup_name(unsigned id, Lookup lookup)
{
    std::vector<char> buf(1024);
    for (;;) {
        Entry entry{};
        Entry* found = nullptr;
        const int rc = lookup(id, &entry, buf.data(), buf.size(), &found);
        if (rc == ERANGE && buf.size() < (1U << 20)) {
            buf.resize(buf.size() * 2);
            continue;
        }
        if (rc == 0 && found != nullptr)
            return std::string(found->pw_name);
        return std::to_string(id);
    }
}

} // namespace

const std::string& NameCache::user(uid_t uid)
{
    auto it = users_.find(uid);
    if (it == users_.end())
        it = users_.emplace(uid, lookup_name<passwd>(uid, ::getpwuid_r)).first;
    return it->second;
}

const std::string& NameCache::group(gid_t gid)
{
    auto it = groups_.find(gid);
    if (it == groups_.end()) {
        std::vector<char> buf(1024);
        std::string name = std::to_string(gid);
        for (;;) {
            struct group entry {};
            struct group* found = nullptr;
            const int rc = ::getgrgid_r(gid, &entry, buf.data(), buf.size(), &found);
            if (rc == ERANGE && buf.size() < (1U << 20)) {
                buf.resize(buf.size() * 2);
                continue;
            }
            if (rc == 0 && found != nullptr)
                name = found->gr_name;
            break;
        }
        it = groups_.emplace(gid, std::move(name)).first;
    }
    return it->second;
}

bool lookup_uid(const std::string& text, uid_t& out)
{
    unsigned v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec == std::errc{} && end == text.data() + text.size() && !text.empty()) {
        out = v;
        return true;
    }
    std::vector<char> buf(4096);
    passwd entry{};
    passwd* found = nullptr;
    if (::getpwnam_r(text.c_str(), &entry, buf.data(), buf.size(), &found) == 0 && found != nullptr) {
        out = found->pw_uid;
        return true;
    }
    return false;
}

} // namespace ipcutil
