#pragma once
// The lsipc face of xipcs: objects already read (read.hpp), shown in the
// columns of columns.hpp through libsmartcols as a table, raw, JSON,
// export or newline pairs; one object at a time as lsipc's list (-i/-N);
// and the -g limits.

#include <ctime>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "libipcutil/core/error.hpp"
#include "libipcutil/core/model.hpp"
#include "libipcutil/list/cells.hpp"
#include "libipcutil/list/columns.hpp"
#include "libipcutil/list/read.hpp"
#include "libipcutil/list/smartcols.hpp"

namespace ipcutil {

struct TableRequest {
    std::vector<Kind> kinds; ///< which kinds to list, in order

    /// The column list as typed: "COL,COL" replaces the default columns,
    /// "+COL,..." adds to them.  Names are case-insensitive.
    std::optional<std::string> columns;

    using Format = OutputForm;
    Format format = Format::table; ///< the list form with an id or name, unless `list`
    using TimeFormat = ipcutil::TimeFormat;
    /// Unset: ISO 8601 in JSON, full in the list form, short otherwise (as
    /// lsipc).
    std::optional<TimeFormat> time_format;

    bool shell = false;             ///< headings usable as shell variables (USE% -> USE_PCT)
    bool noheadings = false;        ///< no heading line
    bool notruncate = false;        ///< never truncate a column
    bool list = false;              ///< a table even for one object (as lsipc --list)
    bool numeric_perms = false;     ///< permissions in octal
    bool bytes = false;             ///< sizes in bytes, not human units
    bool global = false;            ///< limits and usage instead of objects
    bool time_columns = false;      ///< plus the kind's times (as lsipc -t)
    bool pid_columns = false;       ///< plus the creator/last pids and PIDS, COMMANDS
    bool creator_columns = false;   ///< plus creator and owner ids (as lsipc -c)
    bool namespace_columns = false; ///< NS and CONTAINER first (every namespace is listed)

    std::optional<int> id;           ///< one System V object
    std::optional<std::string> name; ///< one POSIX object (without the '/')

    /// The moment "today" is for short times; 0 means now.
    std::time_t now = 0;

    /// lsipc's list: one "Label: value" line per column, for one object.
    [[nodiscard]] bool list_form() const { return format == Format::table && !list && (id || name); }
};

/// The kinds the request lists: System V ones only with an id, POSIX ones
/// only with a name; none twice.
[[nodiscard]] std::vector<Kind> listed_kinds(const TableRequest& request);

/// What the request shows, to read: its listed kinds, less those that have
/// none of the columns asked for.
[[nodiscard]] ReadRequest objects_to_read(const TableRequest& request);

/// Whether a column shown has `flag` (columns.hpp ColumnFlag).
[[nodiscard]] bool shows_columns_with(const TableRequest& request, unsigned flag);
/// Whether a column shown needs the objects' holders (PIDS, COMMANDS, UNIT).
[[nodiscard]] bool shows_holders(const TableRequest& request);

/// The objects read, formatted as the request says.  Lists whose kind has
/// none of the columns asked for are left out; in JSON every other kind
/// listed is a member, [] when it has no objects.
[[nodiscard]] Result<std::string> format_objects(const TableRequest& request, const ObjectsRead& read);

/// The -g rows, formatted as the request says.
[[nodiscard]] Result<std::string> format_limits(const TableRequest& request, std::span<const LimitRow> rows);

} // namespace ipcutil
