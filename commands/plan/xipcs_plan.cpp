#include "plan/xipcs_plan.hpp"

#include <algorithm>
#include <initializer_list>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "libipcutil/core/parse.hpp"
#include "libipcutil/holders/namespaces.hpp"
#include "libipcutil/list/audit.hpp"
#include "libipcutil/list/columns.hpp"
#include "libipcutil/list/filter.hpp"
#include "libipcutil/list/select_columns.hpp"
#include "libipcutil/list/sort.hpp"

namespace xipcs {

using namespace ipcutil;
using std::chrono::milliseconds;
using Format = IpcsRequest::Format;

cli::App make_app(Options& o)
{
    cli::App app("Show information on IPC facilities: System V and POSIX shared memory,\n"
                 "message queues and semaphores; FIFOs.",
                 "xipcs [resource-option...] [output-option...] [audit-option...]\n"
                 " xipcs -m|-q|-s -i <id>\n"
                 " xipcs -M|-Q|-S -N <name>\n"
                 " xipcs -F [output-option...] [audit-option...]");
    app->add_flag("-m,--shmems", o.shm, "System V shared memory segments");
    app->add_flag("-q,--queues", o.msg, "System V message queues");
    app->add_flag("-s,--semaphores", o.sem, "System V semaphore sets");
    app->add_flag("-a,--all", o.all, "all resources (the default)");
    app->add_flag("-M,--posix-shmems", o.pshm, "POSIX shared memory (/dev/shm)");
    app->add_flag("-Q,--posix-mqueues", o.pmq, "POSIX message queues (/dev/mqueue)");
    app->add_flag("-S,--posix-semaphores", o.psem, "POSIX named semaphores");
    app->add_flag("-F,--fifos", o.fifo, "named FIFOs held open by processes (not in -a)");
    app->add_option("-i,--id", o.id, "show one System V object in detail")->type_name("id");
    app->add_option("-N,--name", o.name, "show one POSIX object in detail")->type_name("name");

    // Which of these came last is read as they are typed.
    const auto format = [&](const char* names, bool& flag, Format f, const char* help) {
        app->add_flag_callback(
               names,
               [&o, &flag, f] {
                   flag = true;
                   o.format = f;
               },
               help)
            ->trigger_on_parse();
    };
    format("-t,--time", o.time, Format::time, "show attach, detach and change times");
    format("-p,--pid", o.pid, Format::pid, "show creator and last operator PIDs");
    format("-c,--creator", o.creator, Format::creator, "show creator and owner");
    format("-l,--limits", o.limits, Format::limits, "show resource limits");
    format("-u,--summary", o.summary, Format::summary, "show status summary");
    const auto units = [&](const char* names, bool& flag, bool human, const char* help) {
        app->add_flag_callback(
               names,
               [&o, &flag, human] {
                   flag = true;
                   o.human_last = human;
               },
               help)
            ->trigger_on_parse();
    };
    units("-b,--bytes", o.bytes, false, "show sizes in bytes");
    units("--human", o.human, true, "show sizes in human-readable format");

    app->add_option("-o,--output", o.output, "columns to show (+COL adds to the default)")->type_name("list");
    app->add_flag("-J,--json", o.json, "use the JSON output format");
    app->add_flag("-r,--raw", o.raw, "use the raw output format");
    app->add_flag("-e", o.export_pairs, "display in an export-able output format");
    app.add_optional_value("--export", o.export_format, "format", "the same; =openmetrics: Prometheus gauges");
    app->add_flag("-y,--shell", o.shell, "use column names usable as shell variables");
    app->add_flag("--noheadings", o.noheadings, "don't print headings");
    app->add_flag("--notruncate", o.notruncate, "don't truncate output");
    app->add_flag("--list", o.list, "force the table form, also with -i and -N");
    app->add_flag("-n,--newline", o.newline, "display each piece of information on a new line");
    app->add_flag("-P,--numeric-perms", o.numeric_perms, "print numeric permissions (lsipc face)");
    app->add_option("--time-format", o.time_format, "display dates in short, full or iso format")->type_name("type");
    app->add_flag("-g,--global", o.global, "info about system-wide usage and limits");

    app->add_flag("--orphans", o.orphans, "only orphans: unused, creator gone");
    app->add_option("--grace", o.grace, "spare objects fresher than this (default 5s)")->type_name("duration");
    app->add_option("--owner", o.owner, "only objects owned by this user")->type_name("user");
    app->add_option("--older-than", o.older_than, "only objects unchanged for longer")->type_name("duration");
    app->add_option("--min-size", o.min_size, "only objects holding at least this")->type_name("size");
    app->add_option("--sort", o.sort, "sort by this column")->type_name("column");
    app.add_optional_value("--watch", o.watch, "interval", "redraw every interval (2s) until interrupted");
    app->add_option("--ns", o.ns, "enter the IPC namespace of a process or a file")->type_name("pid|file");
    app->add_flag("-A,--all-namespaces", o.all_namespaces, "every IPC namespace that has a process (root)");
    app->add_flag("--tree", o.tree, "namespace, unit and object as a tree, with sizes");
    static constexpr ColumnHelpLine columns[] = {
        {"-m", Kind::sysv_shm}, {"-q", Kind::sysv_msg},  {"-s", Kind::sysv_sem}, {"-M", Kind::posix_shm},
        {"-Q", Kind::posix_mq}, {"-S", Kind::posix_sem}, {"-F", Kind::fifo},     {"-g", std::nullopt}};
    app->footer("Columns for -o (* marks the defaults):\n" + column_help(columns));
    return app;
}

namespace {

// The lsipc face is chosen by any of its own options.
bool lsipc_face(const Options& o)
{
    return o.output || o.json || o.raw || o.export_pairs || o.export_format.given || o.shell || o.noheadings
           || o.notruncate || o.list || o.newline || o.numeric_perms || o.time_format || o.global;
}

int count(std::initializer_list<bool> flags)
{
    int n = 0;
    for (bool f : flags)
        n += f ? 1 : 0;
    return n;
}

// The kinds listed: those the resource options name, or all six; FIFOs
// only when -F asks for them.
std::vector<Kind> listed_kinds(const Options& o)
{
    const bool every = o.all || count({o.shm, o.msg, o.sem, o.pshm, o.pmq, o.psem, o.fifo}) == 0;
    const std::pair<bool, Kind> kinds[] = {{o.shm, Kind::sysv_shm}, {o.msg, Kind::sysv_msg},
                                           {o.sem, Kind::sysv_sem}, {o.pshm, Kind::posix_shm},
                                           {o.pmq, Kind::posix_mq}, {o.psem, Kind::posix_sem}};
    std::vector<Kind> out;
    for (auto [wanted, kind] : kinds)
        if (wanted || every)
            out.push_back(kind);
    if (o.fifo)
        out.push_back(Kind::fifo);
    return out;
}

// As ipcs: of -b and --human the last one typed counts.
std::pair<bool, bool> settled_units(const Options& o)
{
    if (!o.bytes || !o.human)
        return {o.bytes, o.human};
    return {!o.human_last, o.human_last};
}

IpcsRequest ipcs_request(const Options& o, std::optional<int> id)
{
    IpcsRequest r;
    r.shm = o.shm;
    r.msg = o.msg;
    r.sem = o.sem;
    r.pshm = o.pshm;
    r.pmq = o.pmq;
    r.psem = o.psem;
    r.fifo = o.fifo;
    r.all = o.all;
    r.format = o.format;
    std::tie(r.bytes, r.human) = settled_units(o);
    r.id = id;
    if (o.name)
        r.name = *parse_posix_name(*o.name);
    return r;
}

TableRequest table_request(const Options& o, std::optional<int> id)
{
    TableRequest r;
    r.kinds = listed_kinds(o);
    if (o.output)
        r.columns = *o.output;
    using F = TableRequest::Format;
    const bool pairs = o.export_pairs || o.export_format.given;
    r.format = o.json ? F::json : o.raw ? F::raw : pairs ? F::export_pairs : o.newline ? F::newline : F::table;
    using T = TableRequest::TimeFormat;
    if (o.time_format)
        r.time_format = *o.time_format == "full" ? T::full : *o.time_format == "iso" ? T::iso : T::short_form;
    r.shell = o.shell;
    r.noheadings = o.noheadings;
    r.notruncate = o.notruncate;
    r.list = o.list;
    r.numeric_perms = o.numeric_perms;
    r.bytes = settled_units(o).first;
    r.global = o.global;
    r.time_columns = o.time;
    r.pid_columns = o.pid;
    r.creator_columns = o.creator;
    r.namespace_columns = o.all_namespaces;
    r.id = id;
    if (o.name)
        r.name = *parse_posix_name(*o.name);
    return r;
}

using Given = std::pair<bool, const char*>;

// The first option of `given` that was typed, refused with `option`.
Result<void> refuse_any(std::string_view option, std::initializer_list<std::vector<Given>> given)
{
    for (const auto& list : given)
        for (auto [typed, name] : list)
            if (typed)
                return std::unexpected(usage_error(fmt::format("{} cannot be combined with {}", option, name)));
    return {};
}

// The options of the ipcs and lsipc faces (as in util-linux).
Result<void> check_faces(const Options& o, std::optional<int>& id)
{
    // FIFOs have no id, no POSIX name, no limits and no kernel usage count.
    if (o.fifo)
        if (auto ok = refuse_any("--fifos", {{{o.id.has_value(), "--id"},
                                              {o.name.has_value(), "--name"},
                                              {o.limits, "--limits"},
                                              {o.summary, "--summary"},
                                              {o.global, "--global"}}});
            !ok)
            return ok;
    if (o.id) {
        auto parsed = parse_id(*o.id);
        if (!parsed)
            return std::unexpected(parsed.error());
        id = *parsed;
        if (count({o.shm, o.msg, o.sem}) != 1)
            return std::unexpected(usage_error("-i needs exactly one of -m, -q or -s"));
    }
    if (o.name) {
        if (auto parsed = parse_posix_name(*o.name); !parsed)
            return std::unexpected(parsed.error());
        if (count({o.pshm, o.pmq, o.psem}) > 1)
            return std::unexpected(usage_error("-N takes at most one of -M, -Q or -S"));
        if (o.shm || o.msg || o.sem)
            return std::unexpected(usage_error("-N names a POSIX object: use it with -M, -Q or -S, not -m, -q or -s"));
        if (id)
            return std::unexpected(usage_error("-i and -N cannot be combined"));
    }
    const bool pairs = o.export_pairs || (o.export_format.given && !o.export_format.value);
    if (count({o.json, o.raw, pairs, o.newline, o.list}) > 1)
        return std::unexpected(usage_error("-J, -r, -e, -n and --list are mutually exclusive"));
    if (lsipc_face(o) && (o.limits || o.summary))
        return std::unexpected(usage_error("-l and -u belong to the ipcs output and cannot be combined with "
                                           "-o, -J, -r, -e, -y, --list, --newline, -P, --time-format or -g (use -g)"));
    if (o.time_format && *o.time_format != "short" && *o.time_format != "full" && *o.time_format != "iso")
        return std::unexpected(
            usage_error(fmt::format("invalid --time-format: '{}' (expected short, full or iso)", *o.time_format)));
    return {};
}

// What shapes the faces' output: one object, a format, columns, a form.
// --export=openmetrics and --tree are outputs of their own and take none.
std::vector<Given> face_shapers(const Options& o)
{
    return {{o.id.has_value(), "--id"},
            {o.name.has_value(), "--name"},
            {o.time, "--time"},
            {o.pid, "--pid"},
            {o.creator, "--creator"},
            {o.limits, "--limits"},
            {o.summary, "--summary"},
            {o.output.has_value(), "--output"},
            {o.json, "--json"},
            {o.raw, "--raw"},
            {o.export_pairs, "-e"},
            {o.shell, "--shell"},
            {o.list, "--list"},
            {o.newline, "--newline"},
            {o.numeric_perms, "--numeric-perms"},
            {o.time_format.has_value(), "--time-format"},
            {o.global, "--global"}};
}

// --export=openmetrics: nothing that shapes the other outputs goes with
// it, nor FIFOs (not exported), units or the table's look.
Result<void> check_openmetrics(const Options& o)
{
    return refuse_any(
        "--export=openmetrics",
        {{{o.fifo, "--fifos"}},
         face_shapers(o),
         {{o.bytes, "--bytes"}, {o.human, "--human"}, {o.noheadings, "--noheadings"}, {o.notruncate, "--notruncate"}}});
}

// --watch and --ns.
Result<void> check_watch_ns(const Options& o, ListingPlan& p)
{
    if (o.watch.given) {
        p.watch = std::chrono::seconds(2);
        if (o.watch.value) {
            auto d = parse_duration(*o.watch.value);
            if (!d)
                return std::unexpected(d.error());
            if (*d < milliseconds(100))
                return std::unexpected(
                    usage_error(fmt::format("--watch interval too short: '{}' (at least 100ms)", *o.watch.value)));
            p.watch = *d;
        }
    }
    if (o.ns) {
        auto ns = parse_ns(*o.ns);
        if (!ns)
            return std::unexpected(ns.error());
        p.ns = std::move(*ns);
    }
    return {};
}

// The lsipc face's options that do not go together (as lsipc), then its
// column list.
Result<void> check_table(const TableRequest& r)
{
    if (r.kinds.empty())
        return std::unexpected(usage_error("no resource to list"));
    if (r.global && (r.time_columns || r.creator_columns || r.pid_columns))
        return std::unexpected(usage_error("-g cannot be combined with -t, -c or -p"));
    if (r.global && (r.id || r.name))
        return std::unexpected(usage_error("-g cannot be combined with -i or -N"));
    if (r.id && std::any_of(r.kinds.begin(), r.kinds.end(), is_posix))
        return std::unexpected(usage_error("-i names a System V object: it cannot be combined with -M, -Q or -S"));
    if (r.name && std::none_of(r.kinds.begin(), r.kinds.end(), is_posix))
        return std::unexpected(usage_error("-N names a POSIX object: use it with -M, -Q or -S, not -m, -q or -s"));
    if (r.columns && !parse_column_list(*r.columns).add && (r.time_columns || r.creator_columns || r.pid_columns))
        return std::unexpected(usage_error("-o replaces the columns: it cannot be combined with -t, -c or -p "
                                           "(add columns with -o +COLUMN)"));
    return validate_columns(r);
}

// The audit options: parsed into the plan's filter, watch and ns.
Result<void> check_audit(const Options& o, ListingPlan& p, std::optional<int> id)
{
    Filter& f = p.filter;
    f.orphans = o.orphans;
    f.policy.grace = default_orphan_grace;
    if (o.grace) {
        if (!o.orphans && !p.openmetrics)
            return std::unexpected(usage_error("--grace goes with --orphans or --export=openmetrics"));
        auto d = parse_duration(*o.grace);
        if (!d)
            return std::unexpected(d.error());
        f.policy.grace = *d;
    }
    if (o.owner) {
        auto uid = parse_owner(*o.owner);
        if (!uid)
            return std::unexpected(uid.error());
        f.owner = *uid;
    }
    if (o.older_than) {
        auto d = parse_duration(*o.older_than);
        if (!d)
            return std::unexpected(d.error());
        f.older_than = *d;
    }
    if (o.min_size) {
        auto s = parse_size(*o.min_size);
        if (!s)
            return std::unexpected(s.error());
        f.min_size = *s;
    }
    if (o.sort) {
        const auto kinds = listed_kinds(o);
        if (auto ok = validate_sort_column(*o.sort, kinds); !ok)
            return std::unexpected(usage_error("--sort: " + ok.error().message()));
        p.sort = *o.sort;
    }
    if ((f.active() || !p.sort.empty()) && (id || o.name || o.limits || o.summary || o.global))
        return std::unexpected(usage_error("--orphans, --owner, --older-than, --min-size and --sort filter listings: "
                                           "not with -i, -N, -l, -u or -g"));
    return check_watch_ns(o, p);
}

// -A: objects of every namespace.  Ids and names are per namespace (--ns
// looks into one), and limits are each namespace's own.
Result<void> check_all_namespaces(const Options& o)
{
    if (!o.all_namespaces)
        return {};
    return refuse_any("--all-namespaces", {{{o.id.has_value(), "--id"},
                                            {o.name.has_value(), "--name"},
                                            {o.ns.has_value(), "--ns"},
                                            {o.limits, "--limits"},
                                            {o.summary, "--summary"},
                                            {o.global, "--global"}}});
}

// --tree is an output of its own (--noheadings and --notruncate go with it).
Result<void> check_tree(const Options& o)
{
    if (!o.tree)
        return {};
    return refuse_any("--tree", {face_shapers(o), {{o.export_format.given, "--export"}}});
}

} // namespace

Result<ListingPlan> plan(const Options& o)
{
    ListingPlan p;
    std::optional<int> id;
    if (auto ok = check_tree(o); !ok)
        return std::unexpected(ok.error());
    if (auto ok = check_faces(o, id); !ok)
        return std::unexpected(ok.error());
    if (o.export_format.given && o.export_format.value) {
        if (*o.export_format.value != "openmetrics")
            return std::unexpected(usage_error(
                fmt::format("invalid --export format: '{}' (expected openmetrics)", quote(*o.export_format.value))));
        if (auto ok = check_openmetrics(o); !ok)
            return std::unexpected(ok.error());
        p.openmetrics = true;
    }
    if (auto ok = check_audit(o, p, id); !ok)
        return std::unexpected(ok.error());
    if (auto ok = check_all_namespaces(o); !ok)
        return std::unexpected(ok.error());
    p.all_namespaces = o.all_namespaces;
    p.ipcs = ipcs_request(o, id);
    if (o.tree) {
        p.tree = TreeRequest{settled_units(o).first, o.noheadings, o.notruncate};
        return p;
    }
    p.lsipc = lsipc_face(o);
    if (p.lsipc) {
        p.table = table_request(o, id);
        if (auto ok = check_table(p.table); !ok)
            return std::unexpected(ok.error());
    }
    return p;
}

} // namespace xipcs
