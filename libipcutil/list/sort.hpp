#pragma once
// The order of a listing (xipcs --sort): each kind's objects by one of its
// columns, over objects already read.

#include <span>
#include <string_view>
#include <vector>

#include "libipcutil/core/error.hpp"
#include "libipcutil/core/model.hpp"

namespace ipcutil {

/// Check a sort column against the kinds listed: a usage error when no
/// listed kind has it, "unknown column: 'X'" or "column 'X' does not apply
/// to shared memory" (the caller names its option).
[[nodiscard]] Result<void> validate_sort_column(std::string_view column, std::span<const Kind> kinds);

/// Whether a column named `column` has `flag` (columns.hpp ColumnFlag).
[[nodiscard]] bool sort_needs(std::string_view column, unsigned flag);
/// Whether sorting by `column` needs Object::holders (PIDS, COMMANDS, UNIT).
[[nodiscard]] bool sort_needs_holders(std::string_view column);

/// Sort each list by its kind's `column` (stable; numbers, sizes and times
/// numerically, text bytewise, unset values last).  A list whose kind lacks
/// the column keeps its order; an empty column sorts nothing.
void sort_lists(std::string_view column, std::vector<ObjectList>& lists);

} // namespace ipcutil
