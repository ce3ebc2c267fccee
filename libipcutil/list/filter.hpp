#pragma once
// Filters that narrow a list of objects (xipcrm --all, xipcs): by owner and by
// age.  One predicate over an Object, so the same rule lists and removes.

#include <sys/types.h>

#include <chrono>
#include <ctime>
#include <optional>
#include <string_view>

#include "libipcutil/core/error.hpp"
#include "libipcutil/core/model.hpp"

namespace ipcutil {

struct Filters {
    std::optional<uid_t> owner;                          ///< --owner: the object's owner uid
    std::optional<std::chrono::milliseconds> older_than; ///< --older-than: last change at least this long ago

    [[nodiscard]] bool empty() const { return !owner && !older_than; }
    /// Whether `object` passes every filter set, at time `now`.  An object
    /// whose change time is unknown is not older than anything.
    [[nodiscard]] bool matches(const Object& object, std::time_t now) const;
};

/// A user name or a decimal uid (`--owner`); unknown names are usage errors.
[[nodiscard]] Result<uid_t> parse_owner(std::string_view text);

} // namespace ipcutil
