// xipcrm — remove IPC objects: System V by id or key, POSIX by name, or all
// of some kinds at once.
//
// Drop-in for util-linux ipcrm (same letters, same verbose lines, the legacy
// `ipcrm shm|msg|sem ID...` form), and safer: every argument is checked
// before anything is removed (`-a pshm` is refused, not read as `-a` and a
// stray word), objects listed for --all are looked at again right before
// they go, and --dry-run shows what would happen.  --orphans removes only
// what no process uses any more, checking each object again right before it
// goes; --ns does all this inside another IPC namespace, and -A sweeps
// orphans in every namespace.
#include "cli/child.hpp"
#include "cli/cli.hpp"
#include "libipcutil/holders/namespaces.hpp"
#include "libipcutil/lifecycle/removal.hpp"
#include "plan/xipcrm_plan.hpp"
#ifdef XIPC_TEST_HOOKS
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>

#include "libipcutil/core/handles.hpp"
#endif

#include <fmt/format.h>

namespace {

using namespace ipcutil;

using xipcrm::Options;

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
            out_.write(fmt::format("would remove {}{}\n", removal_name(object), where_));
        else if (o_.verbose)
            out_.write(fmt::format("removing {}{}\n", removal_name(object), where_));
    }
    void skipping(const Object& object, std::string_view why) override
    {
        if (o_.verbose)
            out_.write(fmt::format("skipping {}{}: {}\n", removal_name(object), where_, why));
    }
    void problem(std::string_view message) override { cli::report(prefix_ + std::string(message)); }
    void listed() override { test_pause(); }
    // -A: every line names the namespace it is about.
    void in_namespace(const IpcNamespace* ns) override
    {
        where_ = ns != nullptr ? " in " + namespace_title(*ns) : "";
        prefix_ = ns != nullptr ? namespace_title(*ns) + ": " : "";
    }
    void flush() override { out_.flush(); }

  private:
    const Options& o_;
    cli::Out& out_ = cli::Out::get();
    std::string where_, prefix_;
};

int run(Options& o)
{
    // Parse and check every argument: nothing is removed before this succeeds.
    auto plan = xipcrm::plan(o);
    if (!plan)
        return cli::usage(plan.error().message());
    // Before anything is read: every object and process seen afterwards is
    // the other namespace's.  Without a mount namespace to go with an IPC
    // namespace file, POSIX names would be this namespace's objects: refused.
    if (plan->ns)
        if (auto entered = enter_namespaces(*plan->ns, WithoutMount::refuse); !entered) {
            cli::report(entered.error());
            return exit_failure;
        }
    Printer printer(o);
    const RemovalCounts counts =
        plan->all_namespaces ? run_removal_everywhere(*plan, printer, cli::run_in_child) : run_removal(*plan, printer);
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
    return ipcutil::cli::main<Options>(argc, argv, "xipcrm", xipcrm::make_app, run);
}
