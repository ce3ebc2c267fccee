#pragma once
// User and group names, looked up once per id.

#include <sys/types.h>

#include <string>
#include <unordered_map>

namespace ipcutil {

class NameCache {
  public:
    /// The user's name, or the uid in decimal when it has none.
    const std::string& user(uid_t uid);
    /// The group's name, or the gid in decimal when it has none.
    const std::string& group(gid_t gid);

  private:
    std::unordered_map<uid_t, std::string> users_;
    std::unordered_map<gid_t, std::string> groups_;
};

/// A uid from a user name or a decimal uid; nullopt-like -1 when unknown.
[[nodiscard]] bool lookup_uid(const std::string& text, uid_t& out);

} // namespace ipcutil
