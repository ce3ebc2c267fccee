#pragma once
// Which columns the lsipc face shows: a column list as typed ("COL,COL"
// replaces the defaults, "+COL,..." adds to them), checked against the
// column tables, and the columns of each kind that follow from it and the
// -t/-c/-p extras.

#include <string>
#include <string_view>
#include <vector>

#include "libipcutil/core/error.hpp"
#include "libipcutil/core/model.hpp"
#include "libipcutil/list/columns.hpp"
#include "libipcutil/list/lsipc.hpp"

namespace ipcutil {

/// A column list as typed: whether it adds ("+...") and the names in it.
struct ColumnList {
    bool add = false;
    std::vector<std::string> names;
};

/// Split a column list; names are kept as typed (empty ones included).
[[nodiscard]] ColumnList parse_column_list(std::string_view text);

/// Check the request's column list before anything is read: every name
/// non-empty, known, given once (case-insensitive), and a column of some
/// kind listed, or of the limits with `global`.  A usage error: "unknown
/// column: 'X'", "column 'X' does not apply to shared memory", "repeated
/// column: 'X'", "invalid column list: 'A,,B'".
[[nodiscard]] Result<void> validate_columns(const TableRequest& request);

/// The columns shown for one kind: the defaults (every column in the list
/// form, as lsipc), then the -c, -t and -p extras, then the list's; names
/// this kind does not have are skipped.  A column is never shown twice.
[[nodiscard]] std::vector<const Column*> resolve_columns(const TableRequest& request, Kind kind);

/// The -g columns: all five, then the list's, or the list's alone.
[[nodiscard]] std::vector<const LimitColumn*> resolve_limit_columns(const TableRequest& request);

} // namespace ipcutil
