#pragma once
// libsmartcols, the engine behind util-linux lsipc, as the lsipc face uses
// it: one table of typed columns printed to a string as a table, raw,
// JSON, export (KEY="value") or newline pairs.  libsmartcols escapes every
// cell for the terminal (\x1b) in the text forms and JSON-escapes it in
// JSON.

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "libipcutil/core/error.hpp"
#include "libipcutil/list/columns.hpp"

namespace ipcutil {

/// The forms libsmartcols prints.
enum class OutputForm {
    table,        ///< aligned columns
    json,         ///< {"NAME": [{...}, ...]}, typed by the columns' JsonType
    raw,          ///< columns separated by one space
    export_pairs, ///< KEY="value" pairs, one row per line
    newline,      ///< KEY="value", one pair per line
};

/// How a table is printed.
struct TableLook {
    OutputForm form = OutputForm::table;
    bool noheadings = false; ///< no heading line
    bool shell = false;      ///< headings usable as shell variables (USE% -> USE_PCT)
    bool notruncate = false; ///< never truncate, even columns that may be
};

/// One column's heading and behaviour.
struct TableColumn {
    std::string_view name;
    JsonType json = JsonType::string;
    Align align = Align::left;
    double width = 0;   ///< width hint
    unsigned flags = 0; ///< ColumnFlag bits
};

/// The cell of `row` in column `column`; nullopt leaves it unset.  In JSON,
/// an array cell holds one element per line.
using CellSource = std::function<std::optional<std::string>(std::size_t row, std::size_t column)>;

/// A row of a tree with no parent.
inline constexpr std::size_t no_parent = static_cast<std::size_t>(-1);

/// Print a table named `name` (the JSON key) of `rows` rows.  The text ends
/// with a newline unless it is empty.  With `parents` (one per row: the
/// row it hangs under, always an earlier one, or no_parent), the rows are
/// a tree, drawn in the column flagged col_tree.  Fails only when memory
/// runs out.
[[nodiscard]] Result<std::string> print_table(const TableLook& look, std::string_view name,
                                              std::span<const TableColumn> columns, std::size_t rows,
                                              const CellSource& cell, std::span<const std::size_t> parents = {});

} // namespace ipcutil
