#include "libipcutil/list/smartcols.hpp"

#include <cerrno>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <libsmartcols/libsmartcols.h>

namespace ipcutil {
namespace {

struct TableDeleter {
    void operator()(libscols_table* tb) const { scols_unref_table(tb); }
};
using ScolsTable = std::unique_ptr<libscols_table, TableDeleter>;

Error out_of_memory()
{
    return sys_error("format", "the output table", ENOMEM);
}

int json_type(JsonType t)
{
    switch (t) {
    case JsonType::number: return SCOLS_JSON_NUMBER;
    case JsonType::boolean: return SCOLS_JSON_BOOLEAN;
    case JsonType::array_number: return SCOLS_JSON_ARRAY_NUMBER;
    case JsonType::array_string: return SCOLS_JSON_ARRAY_STRING;
    case JsonType::string: break;
    }
    return SCOLS_JSON_STRING;
}

bool is_array(JsonType t)
{
    return t == JsonType::array_number || t == JsonType::array_string;
}

ScolsTable new_table(const TableLook& look)
{
    ScolsTable tb(scols_new_table());
    if (!tb)
        return tb;
    scols_table_enable_noheadings(tb.get(), look.noheadings ? 1 : 0);
    scols_table_enable_shellvar(tb.get(), look.shell ? 1 : 0);
    switch (look.form) {
    case OutputForm::newline:
        scols_table_set_column_separator(tb.get(), "\n");
        scols_table_enable_export(tb.get(), 1);
        break;
    case OutputForm::export_pairs: scols_table_enable_export(tb.get(), 1); break;
    case OutputForm::raw: scols_table_enable_raw(tb.get(), 1); break;
    case OutputForm::json: scols_table_enable_json(tb.get(), 1); break;
    case OutputForm::table: break;
    }
    return tb;
}

Result<void> add_column(libscols_table* tb, const TableLook& look, const TableColumn& c)
{
    const bool json = look.form == OutputForm::json;
    int flags = c.align == Align::right ? SCOLS_FL_RIGHT : 0;
    if ((c.flags & col_truncate) != 0 && !look.notruncate)
        flags |= SCOLS_FL_TRUNC;
    if ((c.flags & col_noextremes) != 0)
        flags |= SCOLS_FL_NOEXTREMES;
    if ((c.flags & col_tree) != 0)
        flags |= SCOLS_FL_TREE;
    if (json && is_array(c.json))
        flags |= SCOLS_FL_WRAP;
    libscols_column* col = scols_table_new_column(tb, std::string(c.name).c_str(), c.width, flags);
    if (col == nullptr)
        return std::unexpected(out_of_memory());
    scols_column_set_json_type(col, json_type(c.json));
    // JSON arrays: one element per line of the cell.
    if (json && is_array(c.json))
        scols_column_set_wrapfunc(col, scols_wrapnl_chunksize, scols_wrapnl_nextchunk, nullptr);
    return {};
}

Result<std::string> print_to_string(libscols_table* tb)
{
    char* data = nullptr;
    if (scols_print_table_to_string(tb, &data) != 0)
        return std::unexpected(out_of_memory());
    std::string s = data != nullptr ? data : "";
    std::free(data);
    if (!s.empty() && s.back() != '\n')
        s += '\n'; // the string form leaves out the last newline a stream gets
    return s;
}

} // namespace

Result<std::string> print_table(const TableLook& look, std::string_view name, std::span<const TableColumn> columns,
                                std::size_t rows, const CellSource& cell, std::span<const std::size_t> parents)
{
    ScolsTable tb = new_table(look);
    if (!tb || scols_table_set_name(tb.get(), std::string(name).c_str()) != 0)
        return std::unexpected(out_of_memory());
    for (const TableColumn& c : columns)
        if (auto added = add_column(tb.get(), look, c); !added)
            return std::unexpected(added.error());
    std::vector<libscols_line*> lines;
    lines.reserve(rows);
    for (std::size_t row = 0; row < rows; ++row) {
        libscols_line* parent = nullptr;
        if (row < parents.size() && parents[row] < row)
            parent = lines[parents[row]];
        libscols_line* line = scols_table_new_line(tb.get(), parent);
        if (line == nullptr)
            return std::unexpected(out_of_memory());
        lines.push_back(line);
        for (std::size_t i = 0; i < columns.size(); ++i) {
            const auto text = cell(row, i);
            if (text && scols_line_set_data(line, i, text->c_str()) != 0)
                return std::unexpected(out_of_memory());
        }
    }
    return print_to_string(tb.get());
}

} // namespace ipcutil
