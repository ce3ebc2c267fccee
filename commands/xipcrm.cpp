// xipcrm — remove IPC objects: System V by id or key, POSIX by name, or all
// of some kinds at once.
//
// Drop-in for util-linux ipcrm (same letters, same verbose lines, the legacy
// `ipcrm shm|msg|sem ID...` form), and safer: every argument is checked
// before anything is removed (`-a pshm` is refused, not read as `-a` and a
// stray word), objects listed for --all are looked at again right before
// they go, and --dry-run shows what would happen.  --orphans removes only
// what no process uses any more, checking each object again right before it
// goes; --ns does all this inside another process's namespaces.
#include <chrono>
#include <map>
#include <vector>

#include "cli/cli.hpp"
#include "libipcutil/holders/namespaces.hpp"
#include "libipcutil/lifecycle/removal.hpp"
#ifdef XIPC_TEST_HOOKS
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>

#include "libipcutil/core/handles.hpp"
#endif

#include <fmt/format.h>

namespace {

using namespace ipcutil;

struct Options {
    std::vector<std::string> shm_ids, shm_keys, msg_ids, msg_keys, sem_ids, sem_keys;
    std::vector<std::string> pshm_names, pmq_names, psem_names;
    cli::OptionalValue all{"-a", "--all", "shm|msg|sem|pshm|pmsg|psem", false, std::nullopt};
    bool verbose = false, dry_run = false, orphans = false;
    std::string owner, older_than, grace, ns;
    std::vector<std::string> operands;
    CLI::App* app = nullptr;
};

// Which option names which kind, and how.
struct TargetOption {
    const char* name;
    Kind kind;
    RemovalTarget::By by;
};
using By = RemovalTarget::By;
constexpr TargetOption target_options[] = {
    {"--shmem-id", Kind::sysv_shm, By::id},           {"--shmem-key", Kind::sysv_shm, By::key},
    {"--posix-shmem", Kind::posix_shm, By::name},     {"--queue-id", Kind::sysv_msg, By::id},
    {"--queue-key", Kind::sysv_msg, By::key},         {"--posix-mqueue", Kind::posix_mq, By::name},
    {"--semaphore-id", Kind::sysv_sem, By::id},       {"--semaphore-key", Kind::sysv_sem, By::key},
    {"--posix-semaphore", Kind::posix_sem, By::name},
};

std::unique_ptr<CLI::App> make_app(Options& o)
{
    auto app = cli::make_app("Remove IPC resources: System V by id or key, POSIX by name, or all of a kind.",
                             "xipcrm [options]\n xipcrm shm|msg|sem <id>...");
    o.app = app.get();
    const auto add = [&](const char* names, std::vector<std::string>& into, const char* help, const char* type) {
        // One value per occurrence, as getopt: `-m 1 2` leaves 2 an operand.
        app->add_option(names, into, help)->type_name(type)->allow_extra_args(false);
    };
    add("-m,--shmem-id", o.shm_ids, "remove shared memory segment by id", "id");
    add("-M,--shmem-key", o.shm_keys, "remove shared memory segment by key", "key");
    add("--posix-shmem", o.pshm_names, "remove POSIX shared memory by name", "name");
    add("-q,--queue-id", o.msg_ids, "remove message queue by id", "id");
    add("-Q,--queue-key", o.msg_keys, "remove message queue by key", "key");
    add("--posix-mqueue", o.pmq_names, "remove POSIX message queue by name", "name");
    add("-s,--semaphore-id", o.sem_ids, "remove semaphore set by id", "id");
    add("-S,--semaphore-key", o.sem_keys, "remove semaphore set by key", "key");
    add("--posix-semaphore", o.psem_names, "remove POSIX semaphore by name", "name");
    cli::add_optional_value(*app, o.all, "remove all (of the kinds listed, comma-separated)");
    app->add_option("--owner", o.owner, "with --all: only objects this user owns")->type_name("user");
    app->add_option("--older-than", o.older_than, "with --all: only objects unchanged for <duration>")
        ->type_name("duration");
    app->add_flag("--orphans", o.orphans, "only orphans: unused, creator gone; implies --all");
    app->add_option("--grace", o.grace,
                    fmt::format("spare objects fresher than this (default {}s)",
                                std::chrono::duration_cast<std::chrono::seconds>(default_orphan_grace).count()))
        ->type_name("duration");
    app->add_option("--ns", o.ns, "enter the IPC and mount namespaces of a process")->type_name("pid");
    app->add_flag("-n,--dry-run", o.dry_run, "show what would be removed, remove nothing");
    app->add_flag("-v,--verbose", o.verbose, "explain what is being done, and sum up");
    app->add_option("operands", o.operands)->group("");
    return app;
}

std::optional<std::string> if_given(const Options& o, const char* name, const std::string& value)
{
    if (o.app->get_option(name)->count() == 0)
        return std::nullopt;
    return value;
}

// The options as typed, target options in the order typed: that is the
// order of removal.
RemovalRequest request(const Options& o)
{
    RemovalRequest r;
    std::map<const CLI::Option*, std::size_t> seen;
    for (const CLI::Option* opt : o.app->parse_order())
        for (const auto& spec : target_options)
            if (opt == o.app->get_option(spec.name))
                r.targets.push_back({spec.kind, spec.by, opt->results().at(seen[opt]++)});
    r.operands = o.operands;
    r.all = o.all.given;
    r.all_list = o.all.value;
    r.orphans = o.orphans;
    r.grace = if_given(o, "--grace", o.grace);
    r.owner = if_given(o, "--owner", o.owner);
    r.older_than = if_given(o, "--older-than", o.older_than);
    r.ns = if_given(o, "--ns", o.ns);
    r.dry_run = o.dry_run;
    return r;
}

#ifdef XIPC_TEST_HOOKS
// A test seam, built only into test-bin/xipcrm-hooked: between listing and
// removing, block on the FIFO XIPC_TEST_PAUSE_BEFORE_REMOVE names until its
// writers close it, so a test can attach an object in that window.
void test_pause()
{
    const char* fifo = std::getenv("XIPC_TEST_PAUSE_BEFORE_REMOVE");
    if (fifo == nullptr)
        return;
    Fd fd(::open(fifo, O_RDONLY | O_CLOEXEC));
    char c = 0;
    while (fd && ::read(fd.get(), &c, 1) > 0) {
    }
}
#else
void test_pause() {}
#endif

// What ipcrm shows of a removal: with --dry-run what would go, with
// --verbose what goes and what is left; every failure on stderr.
class Printer final : public RemovalEvents {
  public:
    explicit Printer(const Options& o) : o_(o) {}

    void removing(const Object& object) override
    {
        if (o_.dry_run)
            out_.write(fmt::format("would remove {}\n", removal_name(object)));
        else if (o_.verbose)
            out_.write(fmt::format("removing {}\n", removal_name(object)));
    }
    void skipping(const Object& object, std::string_view why) override
    {
        if (o_.verbose)
            out_.write(fmt::format("skipping {}: {}\n", removal_name(object), why));
    }
    void problem(std::string_view message) override { cli::report(message); }
    void listed() override { test_pause(); }

  private:
    const Options& o_;
    cli::Out& out_ = cli::Out::get();
};

int run(Options& o)
{
    // Parse and check every argument: nothing is removed before this succeeds.
    auto plan = plan_removal(request(o));
    if (!plan)
        return cli::usage(plan.error().message());
    // Before anything is read: every object and process seen afterwards is
    // the other namespace's.
    if (plan->ns)
        if (auto entered = enter_namespaces(*plan->ns); !entered) {
            cli::report(entered.error());
            return exit_failure;
        }
    Printer printer(o);
    const RemovalCounts counts = run_removal(*plan, printer);
    auto& out = cli::Out::get();
    if (plan->legacy && !plan->dry_run && counts.failed == 0)
        out.write("resource(s) deleted\n"); // as ipcrm's legacy form says
    if (o.verbose)
        out.write(removal_summary(counts, plan->dry_run) + "\n");
    return counts.exit_code();
}

} // namespace

int main(int argc, char** argv)
{
    return ipcutil::cli::main<Options>(argc, argv, "xipcrm", make_app, run);
}
