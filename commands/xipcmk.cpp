// xipcmk — create IPC objects: System V shared memory, message queues and
// semaphore sets, POSIX shared memory, message queues and semaphores, FIFOs.
//
// Drop-in for util-linux ipcmk (same letters, same output lines), with exact
// modes (default 0600 where ipcmk uses 0644), chosen keys, exclusive
// creation, queue attributes, and output for scripts (--quiet, --json).
#include <vector>

#include "cli/cli.hpp"
#include "libipcutil/lifecycle/creation.hpp"

namespace {

using namespace ipcutil;

// What was typed; every text is checked by plan_creation so that errors read
// the same as in every other xipc command.
struct Options {
    std::string shm_size, nsems, pshm_size, name, fifo, mode, key, maxmsg, msgsize, value;
    bool msg = false, pmq = false, psem = false;
    bool exclusive = false, quiet = false, json = false;
    CLI::App* app = nullptr;
};

std::unique_ptr<CLI::App> make_app(Options& o)
{
    auto app = cli::make_app("Create IPC resources: System V and POSIX shared memory, message queues\n"
                             "and semaphores, and FIFOs.",
                             "xipcmk [options]");
    o.app = app.get();
    // getopt lets a later -M replace an earlier one; so do we.
    app->option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    app->add_option("-M,--shmem", o.shm_size, "create a System V shared memory segment of <size>")->type_name("size");
    app->add_option("-m,--posix-shmem", o.pshm_size, "create POSIX shared memory of <size>")->type_name("size");
    app->add_option("-S,--semaphore", o.nsems, "create a System V semaphore set of <number>")->type_name("number");
    app->add_flag("-s,--posix-semaphore", o.psem, "create a POSIX semaphore");
    app->add_flag("-Q,--queue", o.msg, "create a System V message queue");
    app->add_flag("-q,--posix-mqueue", o.pmq, "create a POSIX message queue");
    app->add_option("-f,--fifo", o.fifo, "create a FIFO at <path>")->type_name("path");
    app->add_option("-n,--name", o.name, "name of the POSIX resources (/NAME)")->type_name("name");
    app->add_option("-p,--mode", o.mode, "permissions, octal or u=rw,g=r (default 0600)")->type_name("mode");
    app->add_option("-k,--key", o.key, "System V key to use instead of a random one")->type_name("key");
    app->add_flag("-x,--exclusive", o.exclusive, "fail if the object already exists");
    app->add_option("--maxmsg", o.maxmsg, "POSIX queue: most messages it holds")->type_name("number");
    app->add_option("--msgsize", o.msgsize, "POSIX queue: largest message")->type_name("size");
    app->add_option("--value", o.value, "POSIX semaphore: initial value (default 0)")->type_name("number");
    auto* quiet = app->add_flag("--quiet", o.quiet, "print only the id, name or path, one per line");
    app->add_flag("--json", o.json, "describe what was created in JSON")->excludes(quiet);
    app->footer("<size> may be followed by K, M, G, T, P or E (KiB, MiB, ...; KB, MB, ... are\n"
                "powers of 1000).");
    return app;
}

// The value of option `name`, if it was given.
std::optional<std::string> if_given(const Options& o, const char* name, const std::string& value)
{
    if (o.app->get_option(name)->count() == 0)
        return std::nullopt;
    return value;
}

CreationRequest request(const Options& o)
{
    CreationRequest r;
    r.shm_size = if_given(o, "--shmem", o.shm_size);
    r.nsems = if_given(o, "--semaphore", o.nsems);
    r.pshm_size = if_given(o, "--posix-shmem", o.pshm_size);
    r.msg = o.msg;
    r.pmq = o.pmq;
    r.psem = o.psem;
    r.fifo = if_given(o, "--fifo", o.fifo);
    r.name = if_given(o, "--name", o.name);
    r.mode = if_given(o, "--mode", o.mode);
    r.key = if_given(o, "--key", o.key);
    r.maxmsg = if_given(o, "--maxmsg", o.maxmsg);
    r.msgsize = if_given(o, "--msgsize", o.msgsize);
    r.value = if_given(o, "--value", o.value);
    r.exclusive = o.exclusive;
    r.json = o.json;
    return r;
}

int run(Options& o)
{
    // Parse and check every argument: nothing is created before this succeeds.
    auto plan = plan_creation(request(o));
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
    return ipcutil::cli::main<Options>(argc, argv, "xipcmk", make_app, run);
}
