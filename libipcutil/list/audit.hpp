#pragma once
// The orphan audit's pieces that are not the rule itself (holders/orphans.hpp):
// the default grace period, and the note a listing gives when the rule could
// not prove an object unused.  The filter that applies the rule is
// filter.hpp.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "libipcutil/core/model.hpp"
#include "libipcutil/list/filter.hpp"

namespace ipcutil {

/// The grace period --orphans uses when --grace is not given: a System V
/// segment never attached, or a POSIX object created or modified, less than
/// this long ago is "fresh", not an orphan.  It covers the moment between a
/// creator making an object and mapping it.
inline constexpr std::chrono::milliseconds default_orphan_grace{std::chrono::seconds(5)};

/// With --orphans, the line that says POSIX objects were left out because
/// the holder pass (`filter.policy.sight`) did not see every process, when
/// `lists` hold one the rule could not prove unused; else nothing.
[[nodiscard]] std::optional<std::string> orphan_sight_warning(const Filter& filter,
                                                              const std::vector<ObjectList>& lists);

} // namespace ipcutil
