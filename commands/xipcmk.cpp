// xipcmk — create IPC objects: System V shared memory, message queues and
// semaphore sets, POSIX shared memory, message queues and semaphores, FIFOs.
//
// Drop-in for util-linux ipcmk (same letters, same output lines), with exact
// modes (default 0600 where ipcmk uses 0644), chosen keys, exclusive
// creation, queue attributes, and output for scripts (--quiet, --json).
#include <vector>

#include "cli/cli.hpp"
#include "libipcutil/lifecycle/creation.hpp"
#include "plan/xipcmk_plan.hpp"

namespace {

using namespace ipcutil;
using xipcmk::Options;

int run(Options& o)
{
    // Parse and check every argument: nothing is created before this succeeds.
    auto plan = xipcmk::plan(o);
    if (!plan)
        return cli::usage(plan.error().message());

    // Each kind in the order ipcmk creates them; a failure is reported and
    // the rest are still made.
    auto& out = cli::Out::get();
    std::vector<Object> created;
    int status = exit_ok;
    for (Kind kind : plan->kinds()) {
        auto made = create_object(kind, *plan);
        if (!made) {
            cli::report(made.error());
            status = exit_failure;
            continue;
        }
        if (o.json)
            created.push_back(std::move(*made));
        else
            out.write(o.quiet ? creation_quiet_line(*made) : creation_line(*made));
    }
    // --json says it all at once, as one document.
    if (o.json)
        out.write(creation_json(created));
    return status;
}

} // namespace

int main(int argc, char** argv)
{
    return ipcutil::cli::main<Options>(argc, argv, "xipcmk", xipcmk::make_app, run);
}
