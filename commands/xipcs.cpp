// xipcs — list and inspect IPC objects.
//
// Two faces over one data model: the ipcs face (the default; util-linux
// ipcs's text, byte for byte for System V) and the lsipc face (any of -o,
// -J, -r, -e, -y, --noheadings, --notruncate, --list, --newline, -P,
// --time-format, -g; libsmartcols tables and typed JSON).  Beyond both: the
// audit (PIDS and COMMANDS, --orphans and the filters, in either face),
// --watch, --ns, -A (every IPC namespace, each read from a child process:
// cli::run_in_child), --tree and --export=openmetrics.
#include <unistd.h>

#include <fmt/format.h>

#include "cli/child.hpp"
#include "cli/cli.hpp"
#include "libipcutil/core/procfs.hpp"
#include "libipcutil/holders/namespaces.hpp"
#include "libipcutil/list/listing.hpp"
#include "libipcutil/list/watch.hpp"
#include "plan/xipcs_plan.hpp"

namespace {

using namespace ipcutil;

using xipcs::Options;

// Every problem is reported, in order; exit 1 if any failed.
int print_once(const ListingPlan& p)
{
    const ListingFrame frame = render_listing(p, std::time(nullptr), cli::run_in_child);
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
        const ListingFrame frame = render_listing(p, std::time(nullptr), cli::run_in_child);
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
    auto plan = xipcs::plan(o);
    if (!plan)
        return cli::usage(plan.error().message());
    // A namespace file no process is in has no mount namespace to go with
    // it: its System V objects are still worth seeing, so its IPC namespace
    // is entered alone, with a warning that POSIX objects are this one's.
    if (plan->ns) {
        auto entered = enter_namespaces(*plan->ns, WithoutMount::ipc_only);
        if (!entered) {
            cli::report(entered.error());
            return exit_failure;
        }
        if (!entered->mount)
            cli::report(ipc_only_note(std::get<NamespaceFile>(*plan->ns)));
    }
    return plan->watch ? watch(*plan) : print_once(*plan);
}

} // namespace

int main(int argc, char** argv)
{
    return ipcutil::cli::main<Options>(argc, argv, "xipcs", xipcs::make_app, run);
}
