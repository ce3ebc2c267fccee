#pragma once
// The lsipc face of xipcs: column tables per object kind rendered through
// libsmartcols as a table, raw, JSON, export (KEY="value") or shell pairs.

#include <optional>
#include <string>
#include <vector>

#include "ipcutil/error.hpp"
#include "ipcutil/model.hpp"

namespace ipcutil {

struct TableRequest {
    std::vector<Kind> kinds;  ///< which kinds to list, in order (never empty)

    /// -o value as typed: "COL,COL" replaces the default columns, "+COL,..."
    /// adds to them.
    std::optional<std::string> columns;

    enum class Format { table, json, raw, export_pairs, shell };
    Format format = Format::table;
    enum class TimeFormat { short_form, full, iso };
    TimeFormat time_format = TimeFormat::short_form;

    bool noheadings = false;     ///< --noheadings
    bool notruncate = false;     ///< --notruncate
    bool list = false;           ///< --list: one "COLUMN: value" block per object
    bool newline = false;        ///< --newline: each value on its own line
    bool numeric_perms = false;  ///< -P
    bool bytes = false;          ///< -b: sizes in bytes, not human units
    bool global = false;         ///< -g: limits and usage instead of objects
    bool time_columns = false;     ///< -t: the default columns plus the times (as lsipc -t)
    bool pid_columns = false;      ///< -p: plus creator and last pids
    bool creator_columns = false;  ///< -c: plus creator and owner (as lsipc -c)

    std::optional<int> id;            ///< -i: one System V object
    std::optional<std::string> name;  ///< -N: one POSIX object
};

/// Check the request before anything is read: unknown column names, columns
/// that belong to none of the requested kinds.  A usage error (exit 2).
[[nodiscard]] Result<void> validate_table_request(const TableRequest& request);

/// Render the lsipc-face output into `out`; non-fatal problems go to
/// `warnings`.  An -i id or -N name that does not exist is an Error (exit 1).
[[nodiscard]] Result<void> render_table(const TableRequest& request, std::string& out,
                                        std::vector<std::string>& warnings);

}  // namespace ipcutil
