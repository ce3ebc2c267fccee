#include "libipcutil/list/table.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <memory>

#include <fmt/format.h>
#include <libsmartcols/libsmartcols.h>

#include "libipcutil/core/format.hpp"
#include "libipcutil/kernel/posix.hpp"
#include "libipcutil/kernel/sysv.hpp"
#include "libipcutil/list/audit.hpp"
#include "libipcutil/list/columns.hpp"

namespace ipcutil {
namespace {

using Format = TableRequest::Format;
using TimeFormat = TableRequest::TimeFormat;

// ---------------------------------------------------------------------------
// Which objects and columns

bool is_posix(Kind kind)
{
    return kind == Kind::posix_shm || kind == Kind::posix_mq || kind == Kind::posix_sem;
}

// -i looks at System V kinds only, -N at POSIX kinds only.
std::vector<Kind> effective_kinds(const TableRequest& r)
{
    std::vector<Kind> out;
    for (Kind k : r.kinds) {
        if ((r.id && !is_sysv(k)) || (r.name && !is_posix(k)))
            continue;
        if (std::find(out.begin(), out.end(), k) == out.end())
            out.push_back(k);
    }
    return out;
}

bool list_form(const TableRequest& r)
{
    return r.format == Format::table && !r.list && (r.id || r.name);
}

std::vector<std::string> split_columns(std::string_view list)
{
    std::vector<std::string> names;
    std::size_t pos = 0;
    for (;;) {
        const std::size_t comma = list.find(',', pos);
        names.emplace_back(list.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
        if (comma == std::string_view::npos)
            return names;
        pos = comma + 1;
    }
}

// The -o value: whether it adds ("+...") and the names in it.
struct ColumnList {
    bool add = false;
    std::vector<std::string> names;
};

ColumnList parse_column_list(const std::string& text)
{
    ColumnList l;
    std::string_view s = text;
    if (s.starts_with('+')) {
        l.add = true;
        s.remove_prefix(1);
    }
    l.names = split_columns(s);
    return l;
}

void append_unique(std::vector<const Column*>& cols, const Column* c)
{
    if (c != nullptr && std::find(cols.begin(), cols.end(), c) == cols.end())
        cols.push_back(c);
}

// The columns shown for one kind: the defaults (every column in the -i/-N
// list form, as lsipc), then the -c, -t and -p extras, then -o.  Names in -o
// that this kind does not have are skipped (validation made sure some
// requested kind has each).  A column is never shown twice.
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
        if (list_form(r)) {
            for (const auto& c : t.columns)
                cols.push_back(&c);
        } else {
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
    const auto add = [&](const LimitColumn* c) {
        if (c != nullptr && std::find(cols.begin(), cols.end(), c) == cols.end())
            cols.push_back(c);
    };
    std::optional<ColumnList> wanted;
    if (r.columns)
        wanted = parse_column_list(*r.columns);
    if (!wanted || wanted->add)
        for (const auto& c : limit_columns())
            add(&c);
    if (wanted)
        for (const auto& n : wanted->names)
            add(find_limit_column(n));
    return cols;
}

std::string kinds_words(const std::vector<Kind>& kinds)
{
    std::string s;
    for (std::size_t i = 0; i < kinds.size(); ++i) {
        if (i > 0)
            s += i + 1 == kinds.size() ? " or " : ", ";
        s += kind_words(kinds[i]);
    }
    return s;
}

// ---------------------------------------------------------------------------
// Cells

struct Style {
    bool json = false;
    bool bytes = false;
    bool numeric_perms = false;
    TimeFormat time = TimeFormat::short_form;
    std::time_t now = 0;
};

template <class T> std::string join(const std::vector<T>& items, char sep)
{
    std::string s;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto& item = items[i];
        if (i > 0)
            s += sep;
        if constexpr (std::is_same_v<T, std::string>) {
            // One element per line in JSON arrays: a newline inside one
            // would split it.
            std::string clean = item;
            std::replace(clean.begin(), clean.end(), '\n', '?');
            s += clean;
        } else {
            s += std::to_string(item);
        }
    }
    return s;
}

std::string time_text(std::time_t t, const Style& style)
{
    switch (style.time) {
    case TimeFormat::full: return time_full(t);
    case TimeFormat::iso: return time_iso(t);
    case TimeFormat::short_form: break;
    }
    return time_short(t, style.now);
}

// How a value is written in a cell; nullopt is an unset cell (empty, or
// null in JSON).  JSON cells are what libsmartcols expects for the column's
// JSON type: numbers in decimal, arrays one element per line.
std::optional<std::string> cell_text(const Value& value, const Style& style)
{
    struct Visit {
        const Style& style;
        std::optional<std::string> operator()(std::monostate) const { return std::nullopt; }
        std::optional<std::string> operator()(const std::string& s) const { return s; }
        std::optional<std::string> operator()(std::int64_t n) const { return std::to_string(n); }
        std::optional<std::string> operator()(std::uint64_t n) const { return std::to_string(n); }
        std::optional<std::string> operator()(bool b) const { return std::string(b ? "1" : "0"); }
        std::optional<std::string> operator()(Bytes b) const
        {
            return style.json || style.bytes ? std::to_string(b.value) : human_size(b.value);
        }
        std::optional<std::string> operator()(Timestamp t) const { return time_text(t.value, style); }
        std::optional<std::string> operator()(Permissions p) const
        {
            return style.numeric_perms ? mode_octal(p.value) : mode_string(p.value);
        }
        std::optional<std::string> operator()(Percent p) const
        {
            return style.json ? fmt::format("{:.2f}", p.value) : fmt::format("{:2.2f}%", p.value);
        }
        std::optional<std::string> operator()(NotApplicable) const
        {
            return style.json ? std::nullopt : std::optional<std::string>("-");
        }
        // An empty list is an unset cell ([] in JSON).
        std::optional<std::string> operator()(const Numbers& n) const
        {
            return n.empty() ? std::nullopt : std::optional(join(n, style.json ? '\n' : ','));
        }
        std::optional<std::string> operator()(const Strings& s) const
        {
            return s.empty() ? std::nullopt : std::optional(join(s, style.json ? '\n' : ','));
        }
    };
    return std::visit(Visit{style}, value);
}

// ---------------------------------------------------------------------------
// libsmartcols

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

ScolsTable new_table(const TableRequest& r)
{
    ScolsTable tb(scols_new_table());
    if (!tb)
        return tb;
    scols_table_enable_noheadings(tb.get(), r.noheadings ? 1 : 0);
    scols_table_enable_shellvar(tb.get(), r.shell ? 1 : 0);
    switch (r.format) {
    case Format::newline:
        scols_table_set_column_separator(tb.get(), "\n");
        scols_table_enable_export(tb.get(), 1);
        break;
    case Format::export_pairs: scols_table_enable_export(tb.get(), 1); break;
    case Format::raw: scols_table_enable_raw(tb.get(), 1); break;
    case Format::json: scols_table_enable_json(tb.get(), 1); break;
    case Format::table: break;
    }
    return tb;
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

// libsmartcols 2.38 writes an empty array cell as [ null ] and an empty
// table as [ <blank line> ]; both become [].  An array column never holds a
// lone null otherwise, and JSON strings hold no raw newline, so the shape
// "[", newline, blanks, optionally "null" and blanks, "]" is always one of
// those.
std::string fix_empty_arrays(std::string json)
{
    const auto blanks = [&](std::size_t i) {
        while (i < json.size() && (json[i] == ' ' || json[i] == '\n'))
            ++i;
        return i;
    };
    std::size_t pos = 0;
    while ((pos = json.find("[\n", pos)) != std::string::npos) {
        std::size_t i = blanks(pos + 2);
        if (json.compare(i, 4, "null") == 0)
            i = blanks(i + 4);
        if (i < json.size() && json[i] == ']')
            json.replace(pos, i + 1 - pos, "[]");
        pos += 2;
    }
    return json;
}

// One libsmartcols table for `rows`, printed to a string.
template <class Record>
Result<std::string> render_rows(const TableRequest& r, const Style& style, std::string_view name,
                                const std::vector<const ColumnDef<Record>*>& cols, const std::vector<Record>& rows,
                                Lookup& lookup)
{
    ScolsTable tb = new_table(r);
    if (!tb || scols_table_set_name(tb.get(), std::string(name).c_str()) != 0)
        return std::unexpected(out_of_memory());
    for (const auto* c : cols) {
        int flags = c->align == Align::right ? SCOLS_FL_RIGHT : 0;
        if ((c->flags & col_truncate) != 0 && !r.notruncate)
            flags |= SCOLS_FL_TRUNC;
        if ((c->flags & col_noextremes) != 0)
            flags |= SCOLS_FL_NOEXTREMES;
        if (style.json && is_array(c->json))
            flags |= SCOLS_FL_WRAP;
        libscols_column* col = scols_table_new_column(tb.get(), std::string(c->name).c_str(), c->width, flags);
        if (col == nullptr)
            return std::unexpected(out_of_memory());
        scols_column_set_json_type(col, json_type(c->json));
        if (style.json && is_array(c->json))
            scols_column_set_wrapfunc(col, scols_wrapnl_chunksize, scols_wrapnl_nextchunk, nullptr);
    }
    for (const auto& row : rows) {
        libscols_line* line = scols_table_new_line(tb.get(), nullptr);
        if (line == nullptr)
            return std::unexpected(out_of_memory());
        for (std::size_t i = 0; i < cols.size(); ++i) {
            const auto text = cell_text(cols[i]->get(row, lookup), style);
            if (text && scols_line_set_data(line, i, text->c_str()) != 0)
                return std::unexpected(out_of_memory());
        }
    }
    auto s = print_to_string(tb.get());
    if (s && style.json)
        *s = fix_empty_arrays(std::move(*s));
    return s;
}

// A JSON document {"key": [...]} without its outer braces, to join several.
std::string_view json_members(std::string_view doc)
{
    const std::size_t open = doc.find('{');
    const std::size_t close = doc.rfind('}');
    if (open == std::string_view::npos || close == std::string_view::npos || close <= open)
        return {};
    std::string_view inner = doc.substr(open + 1, close - open - 1);
    while (!inner.empty() && inner.front() == '\n')
        inner.remove_prefix(1);
    while (!inner.empty() && (inner.back() == '\n' || inner.back() == ' '))
        inner.remove_suffix(1);
    return inner;
}

// ---------------------------------------------------------------------------
// The -i/-N list form, as lsipc prints one object: "Label:" padded to 36
// columns, then the value padded to 36.

std::string list_line(std::string_view label, const std::string& value)
{
    const int pad = std::max(1, 35 - static_cast<int>(label.size()));
    return fmt::format("{}:{:{}}{:<36}\n", label, "", pad, value);
}

// The elements of a semaphore set under its -i list, as lsipc: a plain
// headed table whatever the request's format options say.
Result<std::string> sem_elements_table(const Object& o, Lookup& lookup)
{
    auto elements = sem_elements(o.id, o.nsems);
    if (!elements)
        return std::unexpected(elements.error());
    ScolsTable tb = new_table(TableRequest{});
    if (!tb)
        return std::unexpected(out_of_memory());
    for (const char* heading : {"SEMNUM", "VALUE", "NCOUNT", "ZCOUNT", "PID", "COMMAND"})
        if (scols_table_new_column(tb.get(), heading, 0, SCOLS_FL_RIGHT) == nullptr)
            return std::unexpected(out_of_memory());
    for (std::size_t i = 0; i < elements->size(); ++i) {
        const SemElement& e = (*elements)[i];
        libscols_line* line = scols_table_new_line(tb.get(), nullptr);
        if (line == nullptr)
            return std::unexpected(out_of_memory());
        const std::string cells[] = {std::to_string(i), std::to_string(e.value), std::to_string(e.ncount),
                                     std::to_string(e.zcount), std::to_string(e.pid)};
        for (std::size_t c = 0; c < std::size(cells); ++c)
            scols_line_set_data(line, c, cells[c].c_str());
        if (const std::string& cmd = lookup.command_line(e.pid); !cmd.empty())
            scols_line_set_data(line, 5, cmd.c_str());
    }
    auto text = print_to_string(tb.get());
    if (!text)
        return text;
    return "Elements:\n\n" + *text;
}

Result<std::string> render_list_form(const Style& style, const std::vector<const Column*>& cols, const Object& o,
                                     Lookup& lookup)
{
    std::string out;
    for (const auto* c : cols)
        if (const auto text = cell_text(c->get(o, lookup), style))
            out += list_line(c->label, *text);
    if (o.kind == Kind::sysv_sem && o.nsems > 0) {
        auto elements = sem_elements_table(o, lookup);
        if (!elements)
            return elements;
        out += *elements;
    }
    return out;
}

// ---------------------------------------------------------------------------
// Objects

// Collects failures: the listing goes on, the last one is returned.
struct Failures {
    std::vector<std::string>& warnings;
    std::optional<Error> last;
    void add(Error e)
    {
        if (last)
            warnings.push_back(last->message());
        last = std::move(e);
    }
};

Result<std::vector<Object>> fetch(Kind kind, const TableRequest& r, std::vector<std::string>& warnings)
{
    if (r.id) {
        auto o = stat_sysv(kind, *r.id);
        if (!o)
            return std::unexpected(o.error());
        fill_shm_memory(*o);
        return std::vector<Object>{std::move(*o)};
    }
    if (is_sysv(kind))
        return list_sysv(kind);
    if (kind == Kind::fifo)
        return std::vector<Object>{}; // the holder pass finds them (fill_holders)
    return list_posix(kind, warnings);
}

// -N: the named object in each requested POSIX kind that has one.
void fetch_named(const TableRequest& r, const std::vector<Kind>& kinds, std::vector<TableSection>& sections,
                 Failures& failures)
{
    bool found = false;
    std::optional<Error> only_error;
    for (Kind kind : kinds) {
        auto o = stat_posix(kind, *r.name);
        if (o) {
            found = true;
            sections.push_back({kind, std::vector<Object>{std::move(*o)}});
        } else if (o.error().err != ENOENT || kinds.size() == 1) {
            if (o.error().err == ENOENT)
                only_error = o.error();
            else
                failures.add(o.error());
        }
    }
    if (found)
        return;
    if (only_error)
        failures.add(*only_error);
    else if (!failures.last)
        failures.add(sys_error("find", "POSIX object /" + *r.name, ENOENT));
}

Style make_style(const TableRequest& r)
{
    Style s;
    s.json = r.format == Format::json;
    s.bytes = r.bytes;
    s.numeric_perms = r.numeric_perms;
    s.now = r.now != 0 ? r.now : std::time(nullptr);
    if (r.time_format)
        s.time = *r.time_format;
    else if (s.json)
        s.time = TimeFormat::iso;
    else if (list_form(r))
        s.time = TimeFormat::full;
    return s;
}

std::string join_outputs(const TableRequest& r, const std::vector<std::pair<std::string, bool>>& parts)
{
    // parts: (text, has rows).  JSON: one object with a member per table.
    std::string out;
    if (r.format == Format::json) {
        std::size_t size = 8;
        for (const auto& part : parts)
            size += part.first.size() + 2;
        out.reserve(size);
        out = "{\n";
        bool first = true;
        for (const auto& [text, rows] : parts) {
            if (!first)
                out += ",\n";
            out += json_members(text);
            first = false;
        }
        out += "\n}\n";
        return out;
    }
    // Tables and raw output: a blank line between kinds with objects.
    // Export pairs are self-describing lines: no separator.
    const bool separate = r.format == Format::table || r.format == Format::raw;
    for (const auto& [text, rows] : parts) {
        if (!rows || text.empty())
            continue;
        if (separate && !out.empty())
            out += '\n';
        out += text;
    }
    return out;
}

bool needs_holders(const std::vector<const Column*>& cols)
{
    return std::any_of(cols.begin(), cols.end(), [](const Column* c) { return (c->flags & col_holders) != 0; });
}

SectionsRead read_objects(const TableRequest& r, bool with_holders, std::vector<std::string>& warnings)
{
    SectionsRead read;
    Failures failures{warnings, std::nullopt};
    const std::vector<Kind> kinds = effective_kinds(r);
    if (r.name) {
        fetch_named(r, kinds, read.sections, failures);
    } else {
        for (Kind kind : kinds) {
            if (resolve_columns(r, kind).empty())
                continue; // -o named none of this kind's columns
            auto objects = fetch(kind, r, warnings);
            if (!objects) {
                failures.add(objects.error());
                continue;
            }
            read.sections.push_back({kind, std::move(*objects)});
        }
    }
    // Holders (PIDS, COMMANDS) and FIFOs: one /proc pass for every kind at once.
    const bool holders = with_holders || std::any_of(read.sections.begin(), read.sections.end(), [&](const auto& s) {
                             return s.kind == Kind::fifo || needs_holders(resolve_columns(r, s.kind));
                         });
    if (holders) {
        if (auto stats = fill_holders(read.sections))
            read.attribution = *stats;
        else
            failures.add(stats.error());
    }
    read.failure = std::move(failures.last);
    return read;
}

Result<void> render_objects(const TableRequest& r, std::string& out, std::vector<std::string>& warnings)
{
    SectionsRead read = read_objects(r, false, warnings);
    if (read.attribution)
        if (auto note = attribution_warning(*read.attribution))
            warnings.push_back(*note);
    // Nothing found (an -i id or -N name that does not exist): no output,
    // not even an empty JSON document.
    if (read.printable()) {
        auto text = format_sections(r, read.sections);
        if (!text)
            return std::unexpected(text.error());
        out = out.empty() ? std::move(*text) : out + *text;
    }
    if (read.failure)
        return std::unexpected(*read.failure);
    return {};
}

// ---------------------------------------------------------------------------
// -g: limits and usage, in lsipc's order (message queues, shared memory,
// semaphores) with the POSIX message queue limits after the System V ones.

void limit_rows_msg(const SysvLimits& l, std::vector<LimitRow>& rows)
{
    const auto queues = list_sysv(Kind::sysv_msg);
    const std::uint64_t used = queues ? queues->size() : 0;
    rows.push_back({"MSGMNI", "Number of message queues", l.msgmni, true, used, false});
    rows.push_back({"MSGMAX", "Max size of message (bytes)", l.msgmax, false, 0, true});
    rows.push_back({"MSGMNB", "Default max size of queue (bytes)", l.msgmnb, false, 0, true});
}

void limit_rows_shm(const SysvLimits& l, std::vector<LimitRow>& rows)
{
    std::uint64_t segments = 0;
    std::uint64_t bytes = 0;
    if (const auto all = list_sysv(Kind::sysv_shm)) {
        segments = all->size();
        for (const auto& o : *all)
            bytes += o.size;
    }
    const auto page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
    rows.push_back({"SHMMNI", "Shared memory segments", l.shmmni, true, segments, false});
    rows.push_back({"SHMALL", "Shared memory pages", l.shmall, true, bytes / page, false});
    rows.push_back({"SHMMAX", "Max size of shared memory segment (bytes)", l.shmmax, false, 0, true});
    rows.push_back({"SHMMIN", "Min size of shared memory segment (bytes)", l.shmmin, false, 0, true});
}

void limit_rows_sem(const SysvLimits& l, std::vector<LimitRow>& rows)
{
    std::uint64_t sets = 0;
    std::uint64_t sems = 0;
    if (const auto all = list_sysv(Kind::sysv_sem)) {
        sets = all->size();
        for (const auto& o : *all)
            sems += o.nsems;
    }
    rows.push_back({"SEMMNI", "Number of semaphore identifiers", l.semmni, true, sets, false});
    rows.push_back({"SEMMNS", "Total number of semaphores", l.semmns, true, sems, false});
    rows.push_back({"SEMMSL", "Max semaphores per semaphore set.", l.semmsl, false, 0, false});
    rows.push_back({"SEMOPM", "Max number of operations per semop(2)", l.semopm, false, 0, false});
    rows.push_back({"SEMVMX", "Semaphore max value", l.semvmx, false, 0, false});
}

Result<void> limit_rows_pmq(std::vector<LimitRow>& rows, std::vector<std::string>& warnings)
{
    auto l = mq_limits();
    if (!l)
        return std::unexpected(l.error());
    const auto queues = list_posix(Kind::posix_mq, warnings);
    const std::uint64_t used = queues ? queues->size() : 0;
    rows.push_back({"MQUMNI", "Number of POSIX message queues", l->queues_max, true, used, false});
    rows.push_back({"MQUMAX", "Max size of POSIX message (bytes)", l->msgsize_max, false, 0, true});
    rows.push_back({"MQUMNB", "Max messages per POSIX message queue", l->msg_max, false, 0, false});
    return {};
}

Result<void> render_limits(const TableRequest& r, std::string& out, std::vector<std::string>& warnings)
{
    const auto wants = [&](Kind k) { return std::find(r.kinds.begin(), r.kinds.end(), k) != r.kinds.end(); };
    Failures failures{warnings, std::nullopt};
    std::vector<LimitRow> rows;
    if (wants(Kind::sysv_msg) || wants(Kind::sysv_shm) || wants(Kind::sysv_sem)) {
        auto l = sysv_limits();
        if (!l) {
            failures.add(l.error());
        } else {
            if (wants(Kind::sysv_msg))
                limit_rows_msg(*l, rows);
            if (wants(Kind::posix_mq))
                if (auto done = limit_rows_pmq(rows, warnings); !done)
                    failures.add(done.error());
            if (wants(Kind::sysv_shm))
                limit_rows_shm(*l, rows);
            if (wants(Kind::sysv_sem))
                limit_rows_sem(*l, rows);
        }
    } else if (wants(Kind::posix_mq)) {
        if (auto done = limit_rows_pmq(rows, warnings); !done)
            failures.add(done.error());
    }
    Lookup lookup;
    auto text = render_rows(r, make_style(r), "ipclimits", resolve_limit_columns(r), rows, lookup);
    if (!text)
        return std::unexpected(text.error());
    out += *text;
    if (failures.last)
        return std::unexpected(*failures.last);
    return {};
}

} // namespace

Result<void> validate_table_request(const TableRequest& r)
{
    if (r.kinds.empty())
        return std::unexpected(usage_error("no resource to list"));
    if (r.global && (r.time_columns || r.creator_columns || r.pid_columns))
        return std::unexpected(usage_error("-g cannot be combined with -t, -c or -p"));
    if (r.global && (r.id || r.name))
        return std::unexpected(usage_error("-g cannot be combined with -i or -N"));
    const auto requested = effective_kinds(r);
    if (r.id && std::any_of(r.kinds.begin(), r.kinds.end(), is_posix))
        return std::unexpected(usage_error("-i names a System V object: it cannot be combined with -M, -Q or -S"));
    if (r.name && requested.empty())
        return std::unexpected(usage_error("-N names a POSIX object: use it with -M, -Q or -S, not -m, -q or -s"));
    if (!r.columns)
        return {};
    const ColumnList list = parse_column_list(*r.columns);
    if (!list.add && (r.time_columns || r.creator_columns || r.pid_columns))
        return std::unexpected(usage_error("-o replaces the columns: it cannot be combined with -t, -c or -p "
                                           "(add columns with -o +COLUMN)"));
    for (const auto& name : list.names) {
        if (name.empty())
            return std::unexpected(usage_error(fmt::format("invalid column list: '{}'", quote(*r.columns))));
        if (r.global) {
            if (find_limit_column(name) == nullptr)
                return std::unexpected(usage_error(fmt::format("unknown column for -g: '{}'", quote(name))));
            continue;
        }
        const bool here =
            std::any_of(requested.begin(), requested.end(), [&](Kind k) { return find_column(k, name) != nullptr; });
        if (here)
            continue;
        const bool elsewhere = std::any_of(std::begin(all_kinds), std::end(all_kinds),
                                           [&](Kind k) { return find_column(k, name) != nullptr; });
        if (elsewhere)
            return std::unexpected(
                usage_error(fmt::format("column '{}' does not apply to {}", quote(name), kinds_words(requested))));
        return std::unexpected(usage_error(fmt::format("unknown column: '{}'", quote(name))));
    }
    return {};
}

Result<std::string> format_sections(const TableRequest& r, const std::vector<TableSection>& sections)
{
    const Style style = make_style(r);
    Lookup lookup;
    std::vector<std::pair<std::string, bool>> parts; // (text, has rows)
    for (const auto& s : sections) {
        const auto cols = resolve_columns(r, s.kind);
        if (cols.empty())
            continue;
        if (list_form(r)) {
            for (const auto& o : s.objects) {
                auto text = render_list_form(style, cols, o, lookup);
                if (!text)
                    return text;
                parts.emplace_back(std::move(*text), true);
            }
            continue;
        }
        auto text = render_rows(r, style, kind_columns(s.kind).json_key, cols, s.objects, lookup);
        if (!text)
            return text;
        parts.emplace_back(std::move(*text), !s.objects.empty());
    }
    if (!list_form(r))
        return join_outputs(r, parts);
    std::string out;
    for (const auto& part : parts)
        out += (out.empty() ? "" : "\n") + part.first;
    return out;
}

SectionsRead read_sections(const TableRequest& request, bool with_holders, std::vector<std::string>& warnings)
{
    return read_objects(request, with_holders, warnings);
}

Result<void> render_table(const TableRequest& request, std::string& out, std::vector<std::string>& warnings)
{
    if (request.global)
        return render_limits(request, out, warnings);
    return render_objects(request, out, warnings);
}

std::string column_help()
{
    // Per resource option, as the options above name them.
    constexpr std::pair<const char*, Kind> options[] = {
        {"-m", Kind::sysv_shm}, {"-q", Kind::sysv_msg},  {"-s", Kind::sysv_sem}, {"-M", Kind::posix_shm},
        {"-Q", Kind::posix_mq}, {"-S", Kind::posix_sem}, {"-F", Kind::fifo}};
    std::string out = "Columns for -o (* marks the defaults):\n";
    const auto add_line = [&](std::string line, const std::vector<std::string>& words) {
        std::size_t width = line.size();
        for (const auto& word : words) {
            if (width + 1 + word.size() > 79) {
                line += "\n    ";
                width = 4;
            } else {
                line += ' ';
                ++width;
            }
            line += word;
            width += word.size();
        }
        out += line + "\n";
    };
    for (auto [option, kind] : options) {
        const KindColumns& t = kind_columns(kind);
        std::vector<std::string> words;
        for (const auto& c : t.columns) {
            const bool by_default = std::find(t.defaults.begin(), t.defaults.end(), c.name) != t.defaults.end();
            words.push_back(fmt::format("{}{}", c.name, by_default ? "*" : ""));
        }
        add_line(fmt::format(" {}:", option), words);
    }
    std::vector<std::string> words;
    for (const auto& c : limit_columns())
        words.push_back(fmt::format("{}*", c.name));
    add_line(" -g:", words);
    return out;
}

} // namespace ipcutil
