#pragma once
// The lsipc face of xipcs: the column tables of columns.hpp rendered through
// libsmartcols as a table, raw, JSON, export (KEY="value") or newline pairs,
// the -i/-N list form, and the -g limits.

#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "libipcutil/core/error.hpp"
#include "libipcutil/core/model.hpp"
#include "libipcutil/holders/proc_scan.hpp"

namespace ipcutil {

struct TableRequest {
    std::vector<Kind> kinds; ///< which kinds to list, in order (never empty)

    /// -o value as typed: "COL,COL" replaces the default columns, "+COL,..."
    /// adds to them.  Names are case-insensitive.
    std::optional<std::string> columns;

    enum class Format {
        table,        ///< the default (the list form with -i/-N, unless --list)
        json,         ///< -J
        raw,          ///< -r
        export_pairs, ///< -e: KEY="value" pairs, one object per line
        newline,      ///< -n, --newline: KEY="value", one pair per line
    };
    Format format = Format::table;
    enum class TimeFormat { short_form, full, iso };
    /// --time-format; unset: ISO 8601 in JSON, full in the -i/-N list form,
    /// short otherwise (as lsipc).
    std::optional<TimeFormat> time_format;

    bool shell = false;           ///< -y: headings usable as shell variables (USE% -> USE_PCT)
    bool noheadings = false;      ///< --noheadings
    bool notruncate = false;      ///< --notruncate
    bool list = false;            ///< --list: a table even with -i/-N (as lsipc --list)
    bool numeric_perms = false;   ///< -P
    bool bytes = false;           ///< -b: sizes in bytes, not human units
    bool global = false;          ///< -g: limits and usage instead of objects
    bool time_columns = false;    ///< -t: plus the kind's times (as lsipc -t)
    bool pid_columns = false;     ///< -p: plus the creator/last pids and PIDS, COMMANDS
    bool creator_columns = false; ///< -c: plus creator and owner ids (as lsipc -c)

    std::optional<int> id;           ///< -i: one System V object
    std::optional<std::string> name; ///< -N: one POSIX object (without the '/')

    /// The moment "today" is for short times; 0 means now.
    std::time_t now = 0;
};

/// Check the request before anything is read: unknown column names, columns
/// that belong to none of the requested kinds, options that do not go
/// together (-g with -t/-c/-p/-i/-N, -t/-c/-p with a replacing -o).  A usage
/// error (exit 2).
[[nodiscard]] Result<void> validate_table_request(const TableRequest& request);

/// Render the lsipc-face output into `out`.  Listing goes on past a failure
/// (that kind is left out); the last failure is returned and earlier ones
/// are appended to `warnings`, as are problems that do not fail the listing.
/// An -i id or -N name that does not exist is an Error (exit 1).
[[nodiscard]] Result<void> render_table(const TableRequest& request, std::string& out,
                                        std::vector<std::string>& warnings);

/// Objects of one kind, already read.
struct TableSection {
    Kind kind = Kind::sysv_shm;
    std::vector<Object> objects;
};

/// Format objects already read as the request says (columns, format, list
/// form); render_table is reading plus this, so filters can go in between.
/// Sections whose kind has none of the -o columns are left out.
[[nodiscard]] Result<std::string> format_sections(const TableRequest& request,
                                                  const std::vector<TableSection>& sections);

/// What read_sections read: the reading half of render_table, so a command
/// can filter, sort or export the objects before they are formatted.
struct SectionsRead {
    std::vector<TableSection> sections;          ///< one per requested kind read (or the -i/-N match)
    std::optional<AttributionStats> attribution; ///< set when holders were filled
    std::optional<Error> failure;                ///< the last failure; earlier ones went to warnings
    /// Whether format_sections should run: something was read, or nothing
    /// failed (an -i id or -N name that does not exist prints nothing).
    [[nodiscard]] bool printable() const { return !sections.empty() || !failure; }
};

/// Read the objects `request` lists, going on past failures as
/// render_table does.  Holders (PIDS, COMMANDS) are filled in one /proc pass
/// when a shown column needs them or `with_holders` is set; a failed pass is
/// a failure and leaves `attribution` unset.
[[nodiscard]] SectionsRead read_sections(const TableRequest& request, bool with_holders,
                                         std::vector<std::string>& warnings);

/// The column names of every kind, for --help: one line per kind.
[[nodiscard]] std::string column_help();

} // namespace ipcutil
