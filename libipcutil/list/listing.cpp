#include "libipcutil/list/listing.hpp"

#include <algorithm>
#include <initializer_list>
#include <utility>

#include <fmt/format.h>

#include "libipcutil/core/parse.hpp"
#include "libipcutil/core/users.hpp"
#include "libipcutil/holders/namespaces.hpp"
#include "libipcutil/list/attribute.hpp"
#include "libipcutil/list/audit.hpp"
#include "libipcutil/list/limits.hpp"
#include "libipcutil/list/openmetrics.hpp"
#include "libipcutil/list/read.hpp"
#include "libipcutil/list/select_columns.hpp"
#include "libipcutil/list/sort.hpp"

namespace ipcutil {
namespace {

using std::chrono::milliseconds;

// The lsipc face is chosen by any of its own options.
bool lsipc_face(const ListingOptions& o)
{
    for (const char* name : {"--output", "--json", "--raw", "-e", "--export", "--shell", "--noheadings", "--notruncate",
                             "--list", "--newline", "--numeric-perms", "--time-format", "--global"})
        if (o.given(name))
            return true;
    return false;
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
std::vector<Kind> listed_kinds(const ListingOptions& o)
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
std::pair<bool, bool> settled_units(const ListingOptions& o)
{
    if (!o.bytes || !o.human)
        return {o.bytes, o.human};
    const auto last = std::find_if(o.typed.rbegin(), o.typed.rend(),
                                   [](const std::string& name) { return name == "--bytes" || name == "--human"; });
    return *last == "--bytes" ? std::pair{true, false} : std::pair{false, true};
}

// As ipcs: of -t, -p, -c, -l and -u the last one typed decides the format.
IpcsRequest::Format ipcs_format(const ListingOptions& o)
{
    using F = IpcsRequest::Format;
    const std::pair<std::string_view, F> formats[] = {{"--time", F::time},
                                                      {"--pid", F::pid},
                                                      {"--creator", F::creator},
                                                      {"--limits", F::limits},
                                                      {"--summary", F::summary}};
    F format = F::normal;
    for (const std::string& typed : o.typed)
        for (const auto& [name, f] : formats)
            if (typed == name)
                format = f;
    return format;
}

IpcsRequest ipcs_request(const ListingOptions& o, std::optional<int> id)
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
    r.format = ipcs_format(o);
    std::tie(r.bytes, r.human) = settled_units(o);
    r.id = id;
    if (o.given("--name"))
        r.name = *parse_posix_name(o.name);
    return r;
}

TableRequest table_request(const ListingOptions& o, std::optional<int> id)
{
    TableRequest r;
    r.kinds = listed_kinds(o);
    if (o.given("--output"))
        r.columns = o.output;
    using F = TableRequest::Format;
    const bool pairs = o.export_pairs || o.export_given;
    r.format = o.json ? F::json : o.raw ? F::raw : pairs ? F::export_pairs : o.newline ? F::newline : F::table;
    using T = TableRequest::TimeFormat;
    if (o.given("--time-format"))
        r.time_format = o.time_format == "full" ? T::full : o.time_format == "iso" ? T::iso : T::short_form;
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
    r.id = id;
    if (o.given("--name"))
        r.name = *parse_posix_name(o.name);
    return r;
}

// The options of the ipcs and lsipc faces (as in util-linux).
Result<void> check_faces(const ListingOptions& o, std::optional<int>& id)
{
    // FIFOs have no id, no POSIX name, no limits and no kernel usage count.
    if (o.fifo)
        for (const char* name : {"--id", "--name", "--limits", "--summary", "--global"})
            if (o.given(name))
                return std::unexpected(usage_error(fmt::format("--fifos cannot be combined with {}", name)));
    if (!o.id_text.empty() || o.given("--id")) {
        auto parsed = parse_id(o.id_text);
        if (!parsed)
            return std::unexpected(parsed.error());
        id = *parsed;
        if (count({o.shm, o.msg, o.sem}) != 1)
            return std::unexpected(usage_error("-i needs exactly one of -m, -q or -s"));
    }
    if (o.given("--name")) {
        if (auto parsed = parse_posix_name(o.name); !parsed)
            return std::unexpected(parsed.error());
        if (count({o.pshm, o.pmq, o.psem}) > 1)
            return std::unexpected(usage_error("-N takes at most one of -M, -Q or -S"));
        if (o.shm || o.msg || o.sem)
            return std::unexpected(usage_error("-N names a POSIX object: use it with -M, -Q or -S, not -m, -q or -s"));
        if (id)
            return std::unexpected(usage_error("-i and -N cannot be combined"));
    }
    const bool pairs = o.export_pairs || (o.export_given && !o.export_value);
    if (count({o.json, o.raw, pairs, o.newline, o.list}) > 1)
        return std::unexpected(usage_error("-J, -r, -e, -n and --list are mutually exclusive"));
    if (lsipc_face(o) && (o.limits || o.summary))
        return std::unexpected(usage_error("-l and -u belong to the ipcs output and cannot be combined with "
                                           "-o, -J, -r, -e, -y, --list, --newline, -P, --time-format or -g (use -g)"));
    if (o.given("--time-format") && o.time_format != "short" && o.time_format != "full" && o.time_format != "iso")
        return std::unexpected(
            usage_error(fmt::format("invalid --time-format: '{}' (expected short, full or iso)", o.time_format)));
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

// --export=openmetrics is an output of its own: nothing that shapes the
// other outputs goes with it.
Result<void> check_openmetrics(const ListingOptions& o)
{
    for (const char* name :
         {"--fifos",   "--id",         "--name",       "--time",   "--pid",     "--creator",       "--limits",
          "--summary", "--bytes",      "--human",      "--output", "--json",    "--raw",           "-e",
          "--shell",   "--noheadings", "--notruncate", "--list",   "--newline", "--numeric-perms", "--time-format",
          "--global"})
        if (o.given(name))
            return std::unexpected(usage_error(fmt::format("--export=openmetrics cannot be combined with {}", name)));
    return {};
}

// --watch and --ns.
Result<void> check_watch_ns(const ListingOptions& o, ListingPlan& p)
{
    if (o.watch_given) {
        p.watch = std::chrono::seconds(2);
        if (o.watch_value) {
            auto d = parse_duration(*o.watch_value);
            if (!d)
                return std::unexpected(d.error());
            if (*d < milliseconds(100))
                return std::unexpected(
                    usage_error(fmt::format("--watch interval too short: '{}' (at least 100ms)", *o.watch_value)));
            p.watch = *d;
        }
    }
    if (o.given("--ns")) {
        auto pid = parse_ns_pid(o.ns);
        if (!pid)
            return std::unexpected(pid.error());
        p.ns = *pid;
    }
    return {};
}

// The audit options: parsed into the plan's filter, watch and ns.
Result<void> check_audit(const ListingOptions& o, ListingPlan& p, std::optional<int> id)
{
    Filter& f = p.filter;
    f.orphans = o.orphans;
    f.policy.grace = default_orphan_grace;
    f.policy.pid_alive = process_running;
    if (o.given("--grace")) {
        if (!o.orphans && !p.openmetrics)
            return std::unexpected(usage_error("--grace goes with --orphans or --export=openmetrics"));
        auto d = parse_duration(o.grace);
        if (!d)
            return std::unexpected(d.error());
        f.policy.grace = *d;
    }
    if (o.given("--owner")) {
        uid_t uid = 0;
        if (o.owner.empty() || !lookup_uid(o.owner, uid))
            return std::unexpected(usage_error(fmt::format("unknown user: '{}'", quote(o.owner))));
        f.owner = uid;
    }
    if (o.given("--older-than")) {
        auto d = parse_duration(o.older_than);
        if (!d)
            return std::unexpected(d.error());
        f.older_than = *d;
    }
    if (o.given("--min-size")) {
        auto s = parse_size(o.min_size);
        if (!s)
            return std::unexpected(s.error());
        f.min_size = *s;
    }
    if (o.given("--sort")) {
        if (o.sort.empty())
            return std::unexpected(usage_error("--sort needs a column name"));
        const auto kinds = listed_kinds(o);
        if (auto ok = validate_sort_column(o.sort, kinds); !ok)
            return std::unexpected(usage_error("--sort: " + ok.error().message()));
        p.sort = o.sort;
    }
    if ((f.active() || !p.sort.empty()) && (id || o.given("--name") || o.limits || o.summary || o.global))
        return std::unexpected(usage_error("--orphans, --owner, --older-than, --min-size and --sort filter listings: "
                                           "not with -i, -N, -l, -u or -g"));
    return check_watch_ns(o, p);
}

// Whether anything shown or kept needs the processes behind the objects:
// a column or section that shows them, the orphan rule, a sort by them,
// the gauges; FIFOs are found by the same pass.
bool needs_holders(const ListingPlan& p, const ObjectsRead& read)
{
    const bool fifos =
        std::any_of(read.lists.begin(), read.lists.end(), [](const ObjectList& l) { return l.kind == Kind::fifo; });
    return fifos || p.filter.orphans || sort_needs_holders(p.sort) || p.openmetrics
           || (p.lsipc ? shows_holders(p.table) : shows_holders(p.ipcs));
}

// Limits and usage (-l, -u, -g): figures, not objects.
bool shows_limits(const ListingPlan& p)
{
    using F = IpcsRequest::Format;
    if (p.lsipc)
        return p.table.global;
    return !p.ipcs.id && !p.ipcs.name && (p.ipcs.format == F::limits || p.ipcs.format == F::summary);
}

void render_limits(const ListingPlan& p, ListingFrame& frame)
{
    if (!p.lsipc) {
        frame.text = ipcs_limits_text(p.ipcs, frame.problems);
        return;
    }
    const auto rows = read_limit_rows(p.table.kinds, frame.problems);
    if (auto text = format_limits(p.table, rows))
        frame.text = std::move(*text);
    else
        frame.problems.fail(text.error());
}

void render_objects(const ListingPlan& p, const ObjectsRead& read, std::time_t now, ListingFrame& frame)
{
    if (p.openmetrics) {
        OrphanPolicy policy = p.filter.policy;
        policy.now = now;
        frame.text = openmetrics_text(read.lists, policy);
    } else if (!p.lsipc) {
        frame.text = format_ipcs(p.ipcs, read);
    } else if (!read.lists.empty() || !frame.problems.failed()) {
        // (An id or a name that does not exist prints nothing, not even an
        // empty JSON document.)
        if (auto text = format_objects(p.table, read))
            frame.text = std::move(*text);
        else
            frame.problems.fail(text.error());
    }
}

} // namespace

bool ListingOptions::given(std::string_view option) const
{
    return std::find(typed.begin(), typed.end(), option) != typed.end();
}

Result<ListingPlan> plan_listing(const ListingOptions& o)
{
    ListingPlan p;
    std::optional<int> id;
    if (auto ok = check_faces(o, id); !ok)
        return std::unexpected(ok.error());
    if (o.export_given && o.export_value) {
        if (*o.export_value != "openmetrics")
            return std::unexpected(usage_error(
                fmt::format("invalid --export format: '{}' (expected openmetrics)", quote(*o.export_value))));
        if (auto ok = check_openmetrics(o); !ok)
            return std::unexpected(ok.error());
        p.openmetrics = true;
    }
    if (auto ok = check_audit(o, p, id); !ok)
        return std::unexpected(ok.error());
    p.ipcs = ipcs_request(o, id);
    p.lsipc = lsipc_face(o);
    if (p.lsipc) {
        p.table = table_request(o, id);
        if (auto ok = check_table(p.table); !ok)
            return std::unexpected(ok.error());
    }
    return p;
}

ListingFrame render_listing(const ListingPlan& plan, std::time_t now)
{
    ListingFrame frame;
    if (shows_limits(plan)) {
        render_limits(plan, frame);
        return frame;
    }
    // 1. Read the objects of the kinds shown, or the one an id or a name names.
    ObjectsRead read =
        read_objects(plan.lsipc ? objects_to_read(plan.table) : objects_to_read(plan.ipcs), frame.problems);
    // 2. Attribute holders, in one /proc pass for every kind (it also finds the FIFOs).
    if (needs_holders(plan, read)) {
        if (auto stats = fill_holders(read.lists)) {
            if (auto note = attribution_warning(*stats))
                frame.problems.warn(*note);
        } else {
            frame.problems.fail(stats.error());
            if (plan.openmetrics)
                return frame; // gauges without the processes would be wrong
            if (plan.filter.orphans)
                for (ObjectList& list : read.lists)
                    list.objects.clear(); // nothing may be called an orphan
        }
    }
    // 3. Keep what the filter keeps, in the order asked for.
    filter_lists(plan.filter, now, read.lists);
    sort_lists(plan.sort, read.lists);
    // 4. Render.
    render_objects(plan, read, now, frame);
    return frame;
}

std::string watch_command(std::string_view program, std::string_view cmdline)
{
    std::string command(program);
    std::string_view args = cmdline;
    args.remove_prefix(std::min(args.size(), args.find('\0')));
    command += args;
    std::replace(command.begin(), command.end(), '\0', ' ');
    while (!command.empty() && command.back() == ' ')
        command.pop_back();
    return command;
}

} // namespace ipcutil
