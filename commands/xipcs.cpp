// xipcs — list and inspect IPC objects.
//
// Two faces over one data model: the ipcs face (the default; util-linux
// ipcs's text, byte for byte for System V) and the lsipc face (any of -o,
// -J, -r, -e, -y, --noheadings, --notruncate, --list, --newline, -P,
// --time-format, -g; libsmartcols tables and typed JSON).
#include <ipcutil/cli.hpp>
#include <ipcutil/ipcs_text.hpp>
#include <ipcutil/parse.hpp>
#include <ipcutil/table.hpp>

#include <fmt/format.h>

namespace {

using namespace ipcutil;

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

    // Which options were typed, for the face choice and conflicts.
    CLI::App* app = nullptr;
};

std::unique_ptr<CLI::App> make_app(Options& o)
{
    auto app = cli::make_app("Show information on IPC facilities: System V and POSIX shared memory,\n"
                             "message queues and semaphores.",
                             "xipcs [resource-option...] [output-option...]\n"
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
    app->add_flag("-e,--export", o.export_pairs, "display in an export-able output format");
    app->add_flag("-y,--shell", o.shell, "use column names usable as shell variables");
    app->add_flag("--noheadings", o.noheadings, "don't print headings");
    app->add_flag("--notruncate", o.notruncate, "don't truncate output");
    app->add_flag("--list", o.list, "force the table form, also with -i and -N");
    app->add_flag("-n,--newline", o.newline, "display each piece of information on a new line");
    app->add_flag("-P,--numeric-perms", o.numeric_perms, "print numeric permissions (lsipc face)");
    app->add_option("--time-format", o.time_format, "display dates in short, full or iso format")
        ->type_name("type");
    app->add_flag("-g,--global", o.global, "info about system-wide usage and limits");
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
    for (const char* name : {"--output", "--json", "--raw", "--export", "--shell", "--noheadings", "--notruncate",
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

// Parse and check every option before reading anything.  Returns an exit
// code when the command must stop with a usage error.
std::optional<int> validate(const Options& o, std::optional<int>& id)
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
    if (count({o.json, o.raw, o.export_pairs, o.newline, o.list}) > 1)
        return cli::usage("-J, -r, -e, -n and --list are mutually exclusive");
    if (lsipc_face(o) && (o.limits || o.summary))
        return cli::usage("-l and -u belong to the ipcs output and cannot be combined with "
                          "-o, -J, -r, -e, -y, --list, --newline, -P, --time-format or -g (use -g)");
    if (given(o, "--time-format") && o.time_format != "short" && o.time_format != "full" && o.time_format != "iso")
        return cli::usage(fmt::format("invalid --time-format: '{}' (expected short, full or iso)", o.time_format));
    if (o.bytes && o.human)
        return cli::usage("-b and --human are mutually exclusive");
    return std::nullopt;
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

int print(Result<void> done, const std::string& text, const std::vector<std::string>& warnings)
{
    cli::Out::get().write(text);
    for (const auto& w : warnings)
        cli::report(w);
    if (!done) {
        cli::report(done.error());
        return done.error().exit_code();
    }
    return exit_ok;
}

int run_ipcs_face(const Options& o, std::optional<int> id)
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
    r.id = id;
    if (given(o, "--name"))
        r.name = *parse_posix_name(o.name);
    std::string out;
    std::vector<std::string> warnings;
    auto done = render_ipcs(r, out, warnings);
    return print(done, out, warnings);
}

int run_lsipc_face(const Options& o, std::optional<int> id)
{
    TableRequest r;
    const bool any_sysv = o.shm || o.msg || o.sem;
    const bool any_posix = o.pshm || o.pmq || o.psem;
    const bool every = o.all || (!any_sysv && !any_posix);
    const std::pair<bool, Kind> kinds[] = {{o.shm, Kind::sysv_shm}, {o.msg, Kind::sysv_msg},
                                           {o.sem, Kind::sysv_sem}, {o.pshm, Kind::posix_shm},
                                           {o.pmq, Kind::posix_mq}, {o.psem, Kind::posix_sem}};
    for (auto [wanted, kind] : kinds)
        if (wanted || every)
            r.kinds.push_back(kind);
    if (given(o, "--output"))
        r.columns = o.output;
    using F = TableRequest::Format;
    r.format = o.json ? F::json : o.raw ? F::raw : o.export_pairs ? F::export_pairs : o.newline ? F::newline : F::table;
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
    if (auto ok = validate_table_request(r); !ok)
        return cli::usage(ok.error().message());
    std::string out;
    std::vector<std::string> warnings;
    auto done = render_table(r, out, warnings);
    return print(done, out, warnings);
}

int run(Options& o)
{
    std::optional<int> id;
    if (auto stop = validate(o, id))
        return *stop;
    return lsipc_face(o) ? run_lsipc_face(o, id) : run_ipcs_face(o, id);
}

} // namespace

int main(int argc, char** argv)
{
    return ipcutil::cli::main<Options>(argc, argv, "xipcs", make_app, run);
}
