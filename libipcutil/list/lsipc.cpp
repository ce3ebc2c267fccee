#include "libipcutil/list/lsipc.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "libipcutil/core/format.hpp"
#include "libipcutil/list/json.hpp"
#include "libipcutil/list/select_columns.hpp"

namespace ipcutil {
namespace {

CellStyle cell_style(const TableRequest& r)
{
    CellStyle s;
    s.json = r.format == OutputForm::json;
    s.bytes = r.bytes;
    s.numeric_perms = r.numeric_perms;
    s.now = r.now != 0 ? r.now : std::time(nullptr);
    if (r.time_format)
        s.time = *r.time_format;
    else if (s.json)
        s.time = TimeFormat::iso;
    else if (r.list_form())
        s.time = TimeFormat::full;
    return s;
}

TableLook table_look(const TableRequest& r)
{
    return {r.format, r.noheadings, r.shell, r.notruncate};
}

template <class Record> std::vector<TableColumn> table_columns(const std::vector<const ColumnDef<Record>*>& cols)
{
    std::vector<TableColumn> out;
    out.reserve(cols.size());
    for (const auto* c : cols)
        out.push_back({c->name, c->json, c->align, c->width, c->flags});
    return out;
}

// One libsmartcols table of `records` in `cols`.
template <class Record>
Result<std::string> format_rows(const TableRequest& r, std::string_view name,
                                const std::vector<const ColumnDef<Record>*>& cols, std::span<const Record> records)
{
    const CellStyle style = cell_style(r);
    Lookup lookup;
    const auto columns = table_columns(cols);
    auto text = print_table(table_look(r), name, columns, records.size(), [&](std::size_t row, std::size_t col) {
        return cell_text(cols[col]->get(records[row], lookup), style);
    });
    if (text && r.format == OutputForm::json)
        *text = mend_json_table(std::move(*text));
    return text;
}

// ---------------------------------------------------------------------------
// lsipc's list of one object: "Label:" padded to 36 columns, then the value
// (escaped: the list is written here, not by libsmartcols) padded to 36.

std::string list_line(std::string_view label, const std::string& value)
{
    const int pad = std::max(1, 35 - static_cast<int>(label.size()));
    return fmt::format("{}:{:{}}{:<36}\n", label, "", pad, printable(value));
}

// The members of a semaphore set under its list, as lsipc: a plain headed
// table whatever the request's format options say.
Result<std::string> sem_elements_table(std::span<const SemElement> elements, Lookup& lookup)
{
    static constexpr TableColumn columns[] = {
        {"SEMNUM", JsonType::number, Align::right}, {"VALUE", JsonType::number, Align::right},
        {"NCOUNT", JsonType::number, Align::right}, {"ZCOUNT", JsonType::number, Align::right},
        {"PID", JsonType::number, Align::right},    {"COMMAND", JsonType::string, Align::right}};
    auto text = print_table(TableLook{}, "", columns, elements.size(),
                            [&](std::size_t row, std::size_t col) -> std::optional<std::string> {
                                const SemElement& e = elements[row];
                                switch (col) {
                                case 0: return std::to_string(row);
                                case 1: return std::to_string(e.value);
                                case 2: return std::to_string(e.ncount);
                                case 3: return std::to_string(e.zcount);
                                case 4: return std::to_string(e.pid);
                                default: break;
                                }
                                const std::string& cmd = lookup.command_line(e.pid);
                                return cmd.empty() ? std::nullopt : std::optional(cmd);
                            });
    if (!text)
        return text;
    return "Elements:\n\n" + *text;
}

Result<std::string> list_form(const TableRequest& r, const std::vector<const Column*>& cols, const Object& o,
                              std::span<const SemElement> elements)
{
    const CellStyle style = cell_style(r);
    Lookup lookup;
    std::string out;
    for (const auto* c : cols)
        if (const auto text = cell_text(c->get(o, lookup), style))
            out += list_line(c->label, *text);
    if (o.kind == Kind::sysv_sem && !elements.empty()) {
        auto table = sem_elements_table(elements, lookup);
        if (!table)
            return table;
        out += *table;
    }
    return out;
}

// Tables and raw output: a blank line between kinds with objects.  Export
// pairs are self-describing lines: no separator.
std::string join_tables(const TableRequest& r, const std::vector<std::pair<std::string, bool>>& parts)
{
    const bool separate = r.format == OutputForm::table || r.format == OutputForm::raw;
    std::string out;
    for (const auto& [text, rows] : parts) {
        if (!rows || text.empty())
            continue;
        if (separate && !out.empty())
            out += '\n';
        out += text;
    }
    return out;
}

} // namespace

std::vector<Kind> listed_kinds(const TableRequest& r)
{
    std::vector<Kind> kinds;
    for (Kind k : r.kinds)
        if ((!r.id || is_sysv(k)) && (!r.name || is_posix(k))
            && std::find(kinds.begin(), kinds.end(), k) == kinds.end())
            kinds.push_back(k);
    return kinds;
}

ReadRequest objects_to_read(const TableRequest& r)
{
    ReadRequest read;
    read.id = r.id;
    read.name = r.name;
    for (Kind k : listed_kinds(r))
        if (!resolve_columns(r, k).empty()) // the column list may name none of its columns
            read.kinds.push_back(k);
    return read;
}

bool shows_columns_with(const TableRequest& r, unsigned flag)
{
    for (Kind k : objects_to_read(r).kinds)
        for (const Column* c : resolve_columns(r, k))
            if ((c->flags & flag) != 0)
                return true;
    return false;
}

bool shows_holders(const TableRequest& r)
{
    return shows_columns_with(r, col_holders);
}

Result<std::string> format_objects(const TableRequest& r, const ObjectsRead& read)
{
    if (r.list_form()) {
        std::string out;
        for (const ObjectList& list : read.lists) {
            const auto cols = resolve_columns(r, list.kind);
            if (cols.empty())
                continue;
            for (const Object& o : list.objects) {
                auto text = list_form(r, cols, o, read.sem_elements);
                if (!text)
                    return text;
                out += (out.empty() ? "" : "\n") + *text;
            }
        }
        return out;
    }
    std::vector<std::pair<std::string, bool>> parts; // (text, has rows)
    for (const ObjectList& list : read.lists) {
        const auto cols = resolve_columns(r, list.kind);
        if (cols.empty())
            continue;
        auto text = format_rows<Object>(r, kind_columns(list.kind).json_key, cols, list.objects);
        if (!text)
            return text;
        parts.emplace_back(std::move(*text), !list.objects.empty());
    }
    if (r.format != OutputForm::json)
        return join_tables(r, parts);
    std::vector<std::string> tables;
    for (auto& part : parts)
        tables.push_back(std::move(part.first));
    return join_json_tables(tables);
}

Result<std::string> format_limits(const TableRequest& r, std::span<const LimitRow> rows)
{
    return format_rows<LimitRow>(r, "ipclimits", resolve_limit_columns(r), rows);
}

} // namespace ipcutil
