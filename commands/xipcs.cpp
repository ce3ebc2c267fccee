// xipcs — list and inspect IPC objects.
//
// Two faces over one data model: the ipcs face (the default; util-linux
// ipcs's text, byte for byte for System V) and the lsipc face (any of -o,
// -J, -r, -e, -y, --noheadings, --notruncate, --list, --newline, -P,
// --time-format, -g; libsmartcols tables and typed JSON).  Beyond both: the
// audit (PIDS and COMMANDS, --orphans and the filters, in either face),
// --watch, --ns and --export=openmetrics.
#include <unistd.h>

#include <ipcutil/audit.hpp>
#include <ipcutil/cli.hpp>
#include <ipcutil/file.hpp>
#include <ipcutil/ipcs_text.hpp>
#include <ipcutil/ns.hpp>
#include <ipcutil/openmetrics.hpp>
#include <ipcutil/parse.hpp>
#include <ipcutil/table.hpp>
#include <ipcutil/users.hpp>
#include <ipcutil/watch.hpp>

#include <fmt/format.h>

namespace {

using namespace ipcutil;
using std::chrono::milliseconds;

struct Options {
    // Resources.
    bool shm = false, msg = false, sem = false, all = false;
    bool pshm = false, pmq = false, psem = false;
    std::string id_text;  // -i, parsed in validate()
    std::string name;     // -N

    // ipcs face formats.
    bool time = false, pid = false, creator = false, limits = false, summary = false;
    bool bytes = false, human = false;

    // lsipc face.
    std::string output;
    bool json = false, raw = false, export_pairs = false, shell = false;
    bool noheadings = false, notruncate = false, list = false, newline = false;
    bool numeric_perms = false, global = false;
    std::string time_format;
    cli::OptionalValue export_format{"", "--export", "format", false, std::nullopt};

    // Audit, parsed in validate().
    bool orphans = false;
    std::string grace, owner, older_than, min_size, sort, ns;
    cli::OptionalValue watch{"", "--watch", "interval", false, std::nullopt};

    // Which options were typed, for the face choice and conflicts.
    CLI::App* app = nullptr;
};

// What validate() made of the options.
struct Plan {
    std::optional<int> id;
    TableRequest table;   // the lsipc face and the export
    ListingFilter filter; // policy.now is set per frame
    bool lsipc = false;
    bool openmetrics = false;
    std::optional<milliseconds> watch;
    std::optional<pid_t> ns;
};

std::unique_ptr<CLI::App> make_app(Options& o)
{
    auto app = cli::make_app("Show information on IPC facilities: System V and POSIX shared memory,\n"
                             "message queues and semaphores.",
                             "xipcs [resource-option...] [output-option...] [audit-option...]\n"
                             " xipcs -m|-q|-s -i <id>\n"
                             " xipcs -M|-Q|-S -N <name>");
    o.app = app.get();
    app->add_flag("-m,--shmems", o.shm, "System V shared memory segments");
    app->add_flag("-q,--queues", o.msg, "System V message queues");
    app->add_flag("-s,--semaphores", o.sem, "System V semaphore sets");
    app->add_flag("-a,--all", o.all, "all resources (the default)");
    app->add_flag("-M,--posix-shmems", o.pshm, "POSIX shared memory (/dev/shm)");
    app->add_flag("-Q,--posix-mqueues", o.pmq, "POSIX message queues (/dev/mqueue)");
    app->add_flag("-S,--posix-semaphores", o.psem, "POSIX named semaphores");
    app->add_option("-i,--id", o.id_text, "show one System V object in detail")->type_name("id");
    app->add_option("-N,--name", o.name, "show one POSIX object in detail")->type_name("name");

    app->add_flag("-t,--time", o.time, "show attach, detach and change times");
    app->add_flag("-p,--pid", o.pid, "show creator and last operator PIDs");
    app->add_flag("-c,--creator", o.creator, "show creator and owner");
    app->add_flag("-l,--limits", o.limits, "show resource limits");
    app->add_flag("-u,--summary", o.summary, "show status summary");
    app->add_flag("-b,--bytes", o.bytes, "show sizes in bytes");
    app->add_flag("--human", o.human, "show sizes in human-readable format");

    app->add_option("-o,--output", o.output, "columns to show (+COL adds to the default)")->type_name("list");
    app->add_flag("-J,--json", o.json, "use the JSON output format");
    app->add_flag("-r,--raw", o.raw, "use the raw output format");
    app->add_flag("-e", o.export_pairs, "display in an export-able output format");
    cli::add_optional_value(*app, o.export_format, "the same; =openmetrics: Prometheus gauges");
    app->add_flag("-y,--shell", o.shell, "use column names usable as shell variables");
    app->add_flag("--noheadings", o.noheadings, "don't print headings");
    app->add_flag("--notruncate", o.notruncate, "don't truncate output");
    app->add_flag("--list", o.list, "force the table form, also with -i and -N");
    app->add_flag("-n,--newline", o.newline, "display each piece of information on a new line");
    app->add_flag("-P,--numeric-perms", o.numeric_perms, "print numeric permissions (lsipc face)");
    app->add_option("--time-format", o.time_format, "display dates in short, full or iso format")
        ->type_name("type");
    app->add_flag("-g,--global", o.global, "info about system-wide usage and limits");

    app->add_flag("--orphans", o.orphans, "only orphans: unused, creator gone");
    app->add_option("--grace", o.grace, "spare objects fresher than this (default 5s)")->type_name("duration");
    app->add_option("--owner", o.owner, "only objects owned by this user")->type_name("user");
    app->add_option("--older-than", o.older_than, "only objects unchanged for longer")->type_name("duration");
    app->add_option("--min-size", o.min_size, "only objects holding at least this")->type_name("size");
    app->add_option("--sort", o.sort, "sort by this column")->type_name("column");
    cli::add_optional_value(*app, o.watch, "redraw every interval (2s) until interrupted");
    app->add_option("--ns", o.ns, "enter the IPC and mount namespaces of a process")->type_name("pid");
    app->footer(column_help());
    return app;
}

bool given(const Options& o, const char* name)
{
    return o.app->get_option(name)->count() > 0;
}

// The lsipc face is chosen by any of its own options.
bool lsipc_face(const Options& o)
{
    for (const char* name : {"--output", "--json", "--raw", "-e", "--export", "--shell", "--noheadings", "--notruncate",
                             "--list", "--newline", "--numeric-perms", "--time-format", "--global"})
        if (given(o, name))
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

// The kinds listed: those the resource options name, or all six.
std::vector<Kind> listed_kinds(const Options& o)
{
    const bool every = o.all || count({o.shm, o.msg, o.sem, o.pshm, o.pmq, o.psem}) == 0;
    const std::pair<bool, Kind> kinds[] = {{o.shm, Kind::sysv_shm}, {o.msg, Kind::sysv_msg},
                                           {o.sem, Kind::sysv_sem}, {o.pshm, Kind::posix_shm},
                                           {o.pmq, Kind::posix_mq}, {o.psem, Kind::posix_sem}};
    std::vector<Kind> out;
    for (auto [wanted, kind] : kinds)
        if (wanted || every)
            out.push_back(kind);
    return out;
}

TableRequest table_request(const Options& o, std::optional<int> id)
{
    TableRequest r;
    r.kinds = listed_kinds(o);
    if (given(o, "--output"))
        r.columns = o.output;
    using F = TableRequest::Format;
    const bool pairs = o.export_pairs || o.export_format.given;
    r.format = o.json ? F::json : o.raw ? F::raw : pairs ? F::export_pairs : o.newline ? F::newline : F::table;
    using T = TableRequest::TimeFormat;
    if (given(o, "--time-format"))
        r.time_format = o.time_format == "full" ? T::full : o.time_format == "iso" ? T::iso : T::short_form;
    r.shell = o.shell;
    r.noheadings = o.noheadings;
    r.notruncate = o.notruncate;
    r.list = o.list;
    r.numeric_perms = o.numeric_perms;
    r.bytes = o.bytes;
    r.global = o.global;
    r.time_columns = o.time;
    r.pid_columns = o.pid;
    r.creator_columns = o.creator;
    r.id = id;
    if (given(o, "--name"))
        r.name = *parse_posix_name(o.name);
    return r;
}

// The options of the ipcs and lsipc faces (as in util-linux), checked
// before anything is read.
std::optional<int> validate_faces(const Options& o, std::optional<int>& id)
{
    if (!o.id_text.empty() || given(o, "--id")) {
        auto parsed = parse_id(o.id_text);
        if (!parsed)
            return cli::usage(parsed.error().message());
        id = *parsed;
        if (count({o.shm, o.msg, o.sem}) != 1)
            return cli::usage("-i needs exactly one of -m, -q or -s");
    }
    if (given(o, "--name")) {
        if (auto parsed = parse_posix_name(o.name); !parsed)
            return cli::usage(parsed.error().message());
        if (count({o.pshm, o.pmq, o.psem}) > 1)
            return cli::usage("-N takes at most one of -M, -Q or -S");
        if (o.shm || o.msg || o.sem)
            return cli::usage("-N names a POSIX object: use it with -M, -Q or -S, not -m, -q or -s");
        if (id)
            return cli::usage("-i and -N cannot be combined");
    }
    const bool pairs = o.export_pairs || (o.export_format.given && !o.export_format.value);
    if (count({o.json, o.raw, pairs, o.newline, o.list}) > 1)
        return cli::usage("-J, -r, -e, -n and --list are mutually exclusive");
    if (lsipc_face(o) && (o.limits || o.summary))
        return cli::usage("-l and -u belong to the ipcs output and cannot be combined with "
                          "-o, -J, -r, -e, -y, --list, --newline, -P, --time-format or -g (use -g)");
    if (given(o, "--time-format") && o.time_format != "short" && o.time_format != "full" && o.time_format != "iso")
        return cli::usage(fmt::format("invalid --time-format: '{}' (expected short, full or iso)", o.time_format));
    return std::nullopt;
}

// --export=openmetrics is an output of its own: nothing that shapes the
// other outputs goes with it.
std::optional<int> validate_openmetrics(const Options& o)
{
    for (const char* name : {"--id",         "--name",    "--time",    "--pid",           "--creator",
                             "--limits",     "--summary", "--bytes",   "--human",         "--output",
                             "--json",       "--raw",     "-e",        "--shell",         "--noheadings",
                             "--notruncate", "--list",    "--newline", "--numeric-perms", "--time-format",
                             "--global"})
        if (given(o, name))
            return cli::usage(
                fmt::format("--export=openmetrics cannot be combined with {}", o.app->get_option(name)->get_name()));
    return std::nullopt;
}

// The audit options: parsed into the plan's filter, watch and ns.
std::optional<int> validate_audit(const Options& o, Plan& p)
{
    const auto usage = [](const Error& e) { return cli::usage(e.message()); };
    ListingFilter& f = p.filter;
    f.orphans = o.orphans;
    f.policy.grace = default_orphan_grace;
    f.policy.pid_alive = process_running;
    if (given(o, "--grace")) {
        if (!o.orphans && !p.openmetrics)
            return cli::usage("--grace goes with --orphans or --export=openmetrics");
        auto d = parse_duration(o.grace);
        if (!d)
            return usage(d.error());
        f.policy.grace = *d;
    }
    if (given(o, "--owner")) {
        uid_t uid = 0;
        if (o.owner.empty() || !lookup_uid(o.owner, uid))
            return cli::usage(fmt::format("unknown user: '{}'", quote(o.owner)));
        f.owner = uid;
    }
    if (given(o, "--older-than")) {
        auto d = parse_duration(o.older_than);
        if (!d)
            return usage(d.error());
        f.older_than = *d;
    }
    if (given(o, "--min-size")) {
        auto s = parse_size(o.min_size);
        if (!s)
            return usage(s.error());
        f.min_size = *s;
    }
    if (given(o, "--sort")) {
        const auto kinds = listed_kinds(o);
        if (auto ok = validate_sort_column(o.sort, kinds); !ok)
            return usage(ok.error());
        f.sort = o.sort;
    }
    if (f.active() && (p.id || given(o, "--name") || o.limits || o.summary || o.global))
        return cli::usage("--orphans, --owner, --older-than, --min-size and --sort filter listings: "
                          "not with -i, -N, -l, -u or -g");
    if (o.watch.given) {
        p.watch = std::chrono::seconds(2);
        if (o.watch.value) {
            auto d = parse_duration(*o.watch.value);
            if (!d)
                return usage(d.error());
            if (*d < milliseconds(100))
                return cli::usage(fmt::format("--watch interval too short: '{}' (at least 100ms)", *o.watch.value));
            p.watch = *d;
        }
    }
    if (given(o, "--ns")) {
        auto pid = parse_unsigned(o.ns, "process id", INT32_MAX);
        if (!pid)
            return usage(pid.error());
        if (*pid == 0)
            return cli::usage("invalid process id: '0'");
        p.ns = static_cast<pid_t>(*pid);
    }
    return std::nullopt;
}

// Parse and check every option before reading anything.  Returns an exit
// code when the command must stop with a usage error.
std::optional<int> validate(const Options& o, Plan& p)
{
    if (auto stop = validate_faces(o, p.id))
        return stop;
    if (o.export_format.given && o.export_format.value) {
        if (*o.export_format.value != "openmetrics")
            return cli::usage(
                fmt::format("invalid --export format: '{}' (expected openmetrics)", quote(*o.export_format.value)));
        if (auto stop = validate_openmetrics(o))
            return stop;
        p.openmetrics = true;
    }
    if (auto stop = validate_audit(o, p))
        return stop;
    p.lsipc = lsipc_face(o);
    if (p.lsipc) {
        p.table = table_request(o, p.id);
        if (auto ok = validate_table_request(p.table); !ok)
            return cli::usage(ok.error().message());
    }
    return std::nullopt;
}

// One snapshot: what goes to stdout, the warnings, the failure if any.
struct Frame {
    std::string text;
    std::vector<std::string> warnings;
    std::optional<Error> error;
};

// Holders, then the filter, over sections read.  With --orphans and no
// holder pass, nothing may be called an orphan: the sections are emptied.
void filter_sections(const ListingFilter& f, std::vector<TableSection>& sections, const std::optional<Error>& lost,
                     Frame& frame)
{
    if (lost && f.needs_holders()) {
        if (!frame.error)
            frame.error = lost;
        if (f.orphans)
            for (auto& s : sections)
                s.objects.clear();
    }
    apply_filter(f, sections);
}

void note_attribution(const std::optional<AttributionStats>& stats, Frame& frame)
{
    if (stats)
        if (auto note = attribution_warning(*stats))
            frame.warnings.push_back(*note);
}

// As ipcs: of -t, -p, -c, -l and -u the last one typed decides the format.
IpcsRequest::Format ipcs_format(const Options& o)
{
    using F = IpcsRequest::Format;
    const std::pair<const char*, F> formats[] = {{"--time", F::time},
                                                 {"--pid", F::pid},
                                                 {"--creator", F::creator},
                                                 {"--limits", F::limits},
                                                 {"--summary", F::summary}};
    F format = F::normal;
    for (const CLI::Option* opt : o.app->parse_order())
        for (const auto& [name, f] : formats)
            if (opt == o.app->get_option(name))
                format = f;
    return format;
}

void ipcs_frame(const Options& o, const Plan& p, Frame& frame)
{
    IpcsRequest r;
    r.shm = o.shm;
    r.msg = o.msg;
    r.sem = o.sem;
    r.pshm = o.pshm;
    r.pmq = o.pmq;
    r.psem = o.psem;
    r.all = o.all;
    r.format = ipcs_format(o);
    r.bytes = o.bytes;
    r.human = o.human;
    r.id = p.id;
    if (given(o, "--name"))
        r.name = *parse_posix_name(o.name);
    if (p.filter.active())
        r.filter = [&](std::vector<TableSection>& sections) {
            std::optional<Error> lost;
            if (p.filter.needs_holders()) {
                auto stats = fill_holders(sections);
                if (stats)
                    note_attribution(*stats, frame);
                else
                    lost = stats.error();
            }
            filter_sections(p.filter, sections, lost, frame);
        };
    auto done = render_ipcs(r, frame.text, frame.warnings);
    if (!done && !frame.error)
        frame.error = done.error();
}

void table_frame(const Plan& p, Frame& frame)
{
    // Nothing to filter or export: the lsipc face as it is (-g included).
    if (p.table.global || (!p.filter.active() && !p.openmetrics)) {
        if (auto done = render_table(p.table, frame.text, frame.warnings); !done)
            frame.error = done.error();
        return;
    }
    const bool holders = p.openmetrics || p.filter.needs_holders();
    SectionsRead read = read_sections(p.table, holders, frame.warnings);
    note_attribution(read.attribution, frame);
    const std::optional<Error> lost = holders && !read.attribution ? read.failure : std::nullopt;
    filter_sections(p.filter, read.sections, lost, frame);
    if (!frame.error)
        frame.error = read.failure;
    if (p.openmetrics) {
        // Gauges from a listing that could not see the processes would be
        // wrong, not partial: print none.
        if (!lost)
            frame.text = openmetrics_text(read.sections, p.filter.policy);
        return;
    }
    if (read.printable()) {
        auto text = format_sections(p.table, read.sections);
        if (text)
            frame.text = std::move(*text);
        else
            frame.error = text.error();
    }
}

Frame render(const Options& o, Plan& p)
{
    p.filter.policy.now = std::time(nullptr);
    p.filter.now = p.filter.policy.now;
    Frame frame;
    if (p.lsipc || p.openmetrics)
        table_frame(p, frame);
    else
        ipcs_frame(o, p, frame);
    return frame;
}

std::vector<std::string> messages(const Frame& frame)
{
    std::vector<std::string> all = frame.warnings;
    if (frame.error)
        all.push_back(frame.error->message());
    return all;
}

int print_once(const Options& o, Plan& p)
{
    const Frame frame = render(o, p);
    cli::Out::get().write(frame.text);
    for (const auto& w : frame.warnings)
        cli::report(w);
    if (frame.error) {
        cli::report(*frame.error);
        return frame.error->exit_code();
    }
    return exit_ok;
}

// --watch: a frame every interval until SIGINT or SIGTERM (exit 0).  On a
// terminal each frame redraws the screen in place under a header, as
// watch(1); otherwise frames follow each other, a blank line between.
// Messages are printed when they differ from the previous frame's.
int watch(const Options& o, Plan& p)
{
    // The header names the command as typed, without the directory.
    std::string command = "xipcs";
    if (auto cmdline = read_small_file("/proc/self/cmdline")) {
        std::string_view args = *cmdline;
        args.remove_prefix(std::min(args.size(), args.find('\0')));
        command += args;
        std::replace(command.begin(), command.end(), '\0', ' ');
        while (command.back() == ' ')
            command.pop_back();
    }
    StopSignals stop;
    auto& out = cli::Out::get();
    const bool tty = terminal_size(STDOUT_FILENO).has_value();
    std::vector<std::string> shown;
    for (bool first = true;; first = false) {
        const Frame frame = render(o, p);
        if (const auto size = terminal_size(STDOUT_FILENO))
            out.write(
                redraw_frame(watch_header(*p.watch, command, std::time(nullptr), size->columns), frame.text, *size));
        else
            out.write((first ? "" : "\n") + frame.text);
        if (!out.flush())
            break; // stdout is gone (EPIPE ends quietly) or failed (main reports it)
        if (auto now = messages(frame); now != shown) {
            for (const auto& m : now)
                cli::report(m);
            shown = std::move(now);
        }
        if (stop.wait_for(*p.watch))
            break;
    }
    if (tty)
        out.write("\n");
    return exit_ok;
}

// As ipcs: of -b and --human the last one typed counts.
void settle_units(Options& o)
{
    if (!o.bytes || !o.human)
        return;
    const CLI::Option* bytes = o.app->get_option("--bytes");
    const CLI::Option* human = o.app->get_option("--human");
    const auto order = o.app->parse_order();
    const auto last = std::find_if(order.rbegin(), order.rend(),
                                   [&](const CLI::Option* opt) { return opt == bytes || opt == human; });
    (*last == bytes ? o.human : o.bytes) = false;
}

int run(Options& o)
{
    settle_units(o);
    Plan plan;
    if (auto stop = validate(o, plan))
        return *stop;
    if (plan.ns)
        if (auto entered = enter_namespaces(*plan.ns); !entered) {
            cli::report(entered.error());
            return exit_failure;
        }
    return plan.watch ? watch(o, plan) : print_once(o, plan);
}

}  // namespace

int main(int argc, char** argv)
{
    return ipcutil::cli::main<Options>(argc, argv, "xipcs", make_app, run);
}
