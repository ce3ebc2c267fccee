#include "libipcutil/list/select_columns.hpp"

#include <algorithm>
#include <optional>
#include <set>

#include <fmt/format.h>

namespace ipcutil {
namespace {

template <class C> void append_unique(std::vector<const C*>& cols, const C* c)
{
    if (c != nullptr && std::find(cols.begin(), cols.end(), c) == cols.end())
        cols.push_back(c);
}

std::string upper(std::string_view name)
{
    std::string s(name);
    for (char& c : s)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

} // namespace

ColumnList parse_column_list(std::string_view text)
{
    ColumnList l;
    if (text.starts_with('+')) {
        l.add = true;
        text.remove_prefix(1);
    }
    for (;;) {
        const std::size_t comma = text.find(',');
        l.names.emplace_back(text.substr(0, comma));
        if (comma == std::string_view::npos)
            return l;
        text.remove_prefix(comma + 1);
    }
}

Result<void> validate_columns(const TableRequest& r)
{
    if (!r.columns)
        return {};
    const std::vector<Kind> listed = listed_kinds(r);
    std::set<std::string> seen;
    for (const auto& name : parse_column_list(*r.columns).names) {
        if (name.empty())
            return std::unexpected(usage_error(fmt::format("invalid column list: '{}'", quote(*r.columns))));
        if (!seen.insert(upper(name)).second)
            return std::unexpected(usage_error(fmt::format("repeated column: '{}'", quote(name))));
        const auto has = [&](Kind k) { return find_column(k, name) != nullptr; };
        const bool known =
            find_limit_column(name) != nullptr || std::any_of(std::begin(all_kinds), std::end(all_kinds), has);
        if (!known)
            return std::unexpected(usage_error(fmt::format("unknown column: '{}'", quote(name))));
        if (r.global ? find_limit_column(name) != nullptr : std::any_of(listed.begin(), listed.end(), has))
            continue;
        return std::unexpected(usage_error(fmt::format("column '{}' does not apply to {}", quote(name),
                                                       r.global ? std::string("limits") : kinds_words(listed))));
    }
    return {};
}

std::vector<const Column*> resolve_columns(const TableRequest& r, Kind kind)
{
    const KindColumns& t = kind_columns(kind);
    std::vector<const Column*> cols;
    const auto add_names = [&](std::span<const std::string_view> names) {
        for (auto n : names)
            append_unique(cols, find_column(kind, n));
    };
    std::optional<ColumnList> wanted;
    if (r.columns)
        wanted = parse_column_list(*r.columns);
    if (!wanted || wanted->add) {
        if (r.list_form()) {
            for (const auto& c : t.columns)
                cols.push_back(&c);
        } else {
            if (r.namespace_columns) {
                static constexpr std::string_view where[] = {"NS", "CONTAINER"};
                add_names(where);
            }
            add_names(t.defaults);
            if (r.creator_columns)
                add_names(t.creator_extra);
            if (r.time_columns) {
                // As lsipc: COMMAND stays the last column.
                const bool command_last = !cols.empty() && cols.back()->name == "COMMAND";
                const Column* command = command_last ? cols.back() : nullptr;
                if (command_last)
                    cols.pop_back();
                add_names(t.time_extra);
                append_unique(cols, command);
            }
            if (r.pid_columns)
                add_names(t.pid_extra);
        }
    }
    if (wanted)
        for (const auto& n : wanted->names)
            append_unique(cols, find_column(kind, n));
    return cols;
}

std::vector<const LimitColumn*> resolve_limit_columns(const TableRequest& r)
{
    std::vector<const LimitColumn*> cols;
    std::optional<ColumnList> wanted;
    if (r.columns)
        wanted = parse_column_list(*r.columns);
    if (!wanted || wanted->add)
        for (const auto& c : limit_columns())
            append_unique(cols, &c);
    if (wanted)
        for (const auto& n : wanted->names)
            append_unique(cols, find_limit_column(n));
    return cols;
}

} // namespace ipcutil
