// xipcs — list and inspect IPC objects.
//
// Two faces over one data model: the ipcs face (the default; util-linux
// ipcs's text, byte for byte for System V) and the lsipc face (any of -o,
// -J, -r, -e, -y, --noheadings, --notruncate, --list, --newline, -P,
// --time-format, -g; libsmartcols tables and typed JSON).  Beyond both: the
// audit (PIDS and COMMANDS, --orphans and the filters, in either face),
// --watch, --ns and --export=openmetrics.
#include <unistd.h>

#include <fmt/format.h>

#include "cli/cli.hpp"
#include "libipcutil/core/procfs.hpp"
#include "libipcutil/holders/namespaces.hpp"
#include "libipcutil/list/columns.hpp"
#include "libipcutil/list/listing.hpp"
#include "libipcutil/list/watch.hpp"

namespace {

using namespace ipcutil;

struct Options {
    ListingOptions in; // every option but the two below, as typed
    cli::OptionalValue export_format{"", "--export", "format", false, std::nullopt};
    cli::OptionalValue watch{"", "--watch", "interval", false, std::nullopt};
    CLI::App* app = nullptr;
};

std::unique_ptr<CLI::App> make_app(Options& o)
{
    auto app = cli::make_app("Show information on IPC facilities: System V and POSIX shared memory,\n"
                             "message queues and semaphores; FIFOs.",
                             "xipcs [resource-option...] [output-option...] [audit-option...]\n"
                             " xipcs -m|-q|-s -i <id>\n"
                             " xipcs -M|-Q|-S -N <name>\n"
                             " xipcs -F [output-option...] [audit-option...]");
    o.app = app.get();
    app->add_flag("-m,--shmems", o.in.shm, "System V shared memory segments");
    app->add_flag("-q,--queues", o.in.msg, "System V message queues");
    app->add_flag("-s,--semaphores", o.in.sem, "System V semaphore sets");
    app->add_flag("-a,--all", o.in.all, "all resources (the default)");
    app->add_flag("-M,--posix-shmems", o.in.pshm, "POSIX shared memory (/dev/shm)");
    app->add_flag("-Q,--posix-mqueues", o.in.pmq, "POSIX message queues (/dev/mqueue)");
    app->add_flag("-S,--posix-semaphores", o.in.psem, "POSIX named semaphores");
    app->add_flag("-F,--fifos", o.in.fifo, "named FIFOs held open by processes (not in -a)");
    app->add_option("-i,--id", o.in.id_text, "show one System V object in detail")->type_name("id");
    app->add_option("-N,--name", o.in.name, "show one POSIX object in detail")->type_name("name");

    app->add_flag("-t,--time", o.in.time, "show attach, detach and change times");
    app->add_flag("-p,--pid", o.in.pid, "show creator and last operator PIDs");
    app->add_flag("-c,--creator", o.in.creator, "show creator and owner");
    app->add_flag("-l,--limits", o.in.limits, "show resource limits");
    app->add_flag("-u,--summary", o.in.summary, "show status summary");
    app->add_flag("-b,--bytes", o.in.bytes, "show sizes in bytes");
    app->add_flag("--human", o.in.human, "show sizes in human-readable format");

    app->add_option("-o,--output", o.in.output, "columns to show (+COL adds to the default)")->type_name("list");
    app->add_flag("-J,--json", o.in.json, "use the JSON output format");
    app->add_flag("-r,--raw", o.in.raw, "use the raw output format");
    app->add_flag("-e", o.in.export_pairs, "display in an export-able output format");
    cli::add_optional_value(*app, o.export_format, "the same; =openmetrics: Prometheus gauges");
    app->add_flag("-y,--shell", o.in.shell, "use column names usable as shell variables");
    app->add_flag("--noheadings", o.in.noheadings, "don't print headings");
    app->add_flag("--notruncate", o.in.notruncate, "don't truncate output");
    app->add_flag("--list", o.in.list, "force the table form, also with -i and -N");
    app->add_flag("-n,--newline", o.in.newline, "display each piece of information on a new line");
    app->add_flag("-P,--numeric-perms", o.in.numeric_perms, "print numeric permissions (lsipc face)");
    app->add_option("--time-format", o.in.time_format, "display dates in short, full or iso format")->type_name("type");
    app->add_flag("-g,--global", o.in.global, "info about system-wide usage and limits");

    app->add_flag("--orphans", o.in.orphans, "only orphans: unused, creator gone");
    app->add_option("--grace", o.in.grace, "spare objects fresher than this (default 5s)")->type_name("duration");
    app->add_option("--owner", o.in.owner, "only objects owned by this user")->type_name("user");
    app->add_option("--older-than", o.in.older_than, "only objects unchanged for longer")->type_name("duration");
    app->add_option("--min-size", o.in.min_size, "only objects holding at least this")->type_name("size");
    app->add_option("--sort", o.in.sort, "sort by this column")->type_name("column");
    cli::add_optional_value(*app, o.watch, "redraw every interval (2s) until interrupted");
    app->add_option("--ns", o.in.ns, "enter the IPC and mount namespaces of a process")->type_name("pid");
    static constexpr ColumnHelpLine columns[] = {
        {"-m", Kind::sysv_shm}, {"-q", Kind::sysv_msg},  {"-s", Kind::sysv_sem}, {"-M", Kind::posix_shm},
        {"-Q", Kind::posix_mq}, {"-S", Kind::posix_sem}, {"-F", Kind::fifo},     {"-g", std::nullopt}};
    app->footer("Columns for -o (* marks the defaults):\n" + column_help(columns));
    return app;
}

// What CLI11 alone knows: the optional values, and which options were
// typed in which order.
const ListingOptions& typed(Options& o)
{
    o.in.export_given = o.export_format.given;
    o.in.export_value = o.export_format.value;
    o.in.watch_given = o.watch.given;
    o.in.watch_value = o.watch.value;
    o.in.typed.clear();
    for (const CLI::Option* opt : o.app->parse_order())
        o.in.typed.push_back(opt->get_name());
    return o.in;
}

// Every problem is reported, in order; exit 1 if any failed.
int print_once(const ListingPlan& p)
{
    const ListingFrame frame = render_listing(p, std::time(nullptr));
    cli::Out::get().write(frame.text);
    for (const auto& line : frame.messages())
        cli::report(line);
    return frame.problems.exit_code();
}

// --watch: a frame every interval until SIGINT or SIGTERM (exit 0).  On a
// terminal each frame redraws the screen in place under a header, as
// watch(1); otherwise frames follow each other, a blank line between.
// Messages are printed when they differ from the previous frame's.
int watch(const ListingPlan& p)
{
    // The header names the command as typed, without the directory.
    const std::string command = watch_command("xipcs", read_small_file("/proc/self/cmdline").value_or(""));
    StopSignals stop;
    auto& out = cli::Out::get();
    const bool tty = terminal_size(STDOUT_FILENO).has_value();
    std::vector<std::string> shown;
    for (bool first = true;; first = false) {
        const ListingFrame frame = render_listing(p, std::time(nullptr));
        if (const auto size = terminal_size(STDOUT_FILENO))
            out.write(
                redraw_frame(watch_header(*p.watch, command, std::time(nullptr), size->columns), frame.text, *size));
        else
            out.write((first ? "" : "\n") + frame.text);
        if (!out.flush())
            break; // stdout is gone (EPIPE ends quietly) or failed (main reports it)
        if (auto now = frame.messages(); now != shown) {
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

int run(Options& o)
{
    // Parse and check every option before reading anything.
    auto plan = plan_listing(typed(o));
    if (!plan)
        return cli::usage(plan.error().message());
    if (plan->ns)
        if (auto entered = enter_namespaces(*plan->ns); !entered) {
            cli::report(entered.error());
            return exit_failure;
        }
    return plan->watch ? watch(*plan) : print_once(*plan);
}

} // namespace

int main(int argc, char** argv)
{
    return ipcutil::cli::main<Options>(argc, argv, "xipcs", make_app, run);
}
