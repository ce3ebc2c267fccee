// fifo-tee — copy standard input to standard output and to many FIFOs whose
// readers come and go; a FIFO nobody reads never holds the others up.
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/cli.hpp"
#include "libipcutil/core/handles.hpp"
#include "libipcutil/core/parse.hpp"
#include "libipcutil/data/fanout.hpp"
#include "libipcutil/kernel/fifos.hpp"

namespace {

using namespace ipcutil;
namespace fo = ipcutil::fanout;

struct Options {
    std::vector<std::string> paths;
    bool append = false;
    bool create = false;
    std::string mode;
    bool no_stdout = false;
    std::string policy;
    std::string buffer;
    bool whole_lines = false;
    bool stats = false;
    cli::OptionalValue output_error;
};

cli::App make_app(Options& o)
{
    cli::App app("Copy standard input to standard output and to every FIFO or file given.\n"
                 "FIFO readers may come and go: one that is missing holds nobody up.",
                 "fifo-tee [options] <file>...");
    app->add_flag("-a,--append", o.append, "append to regular files, do not truncate");
    app->add_flag("-c,--create", o.create, "make missing outputs as FIFOs");
    app->add_option("-m,--mode", o.mode, "mode of the FIFOs made (default 0600)")->type_name("mode");
    app->add_flag("--no-stdout", o.no_stdout, "do not copy to standard output");
    app->add_option("--policy", o.policy, "slow FIFO readers: block, drop or buffer")->type_name("policy");
    app->add_option("--buffer", o.buffer, "queue per reader for --policy buffer (1MiB)")->type_name("size");
    app->add_flag("--whole-lines", o.whole_lines, "drop whole lines only, never part of one");
    app->add_flag("--stats", o.stats, "print per-output counts at exit");
    app.add_optional_value("--output-error", o.output_error, "mode",
                           "what write errors do: warn[-nopipe], exit[-nopipe]");
    app->add_option("file", o.paths, "FIFOs and files to copy to")->type_name("file");
    return app;
}

// What the command line asked for, checked as a whole before anything is done.
struct Plan {
    fo::Config config;
    mode_t mode = default_create_mode;
};

Result<Plan> validate(const Options& o)
{
    Plan plan;
    if (o.paths.empty())
        return std::unexpected(usage_error("no output given"));
    if (!o.policy.empty()) {
        auto policy = fo::parse_policy(o.policy);
        if (!policy)
            return std::unexpected(policy.error());
        plan.config.policy = *policy;
    }
    if (!o.buffer.empty()) {
        if (plan.config.policy != fo::Policy::buffer && !o.whole_lines)
            return std::unexpected(usage_error("--buffer only applies to --policy buffer and --whole-lines"));
        auto size = parse_size(o.buffer);
        if (!size)
            return std::unexpected(size.error());
        plan.config.buffer = static_cast<std::size_t>(*size);
    }
    if (!o.mode.empty()) {
        if (!o.create)
            return std::unexpected(usage_error("--mode only applies to --create"));
        auto mode = parse_mode(o.mode);
        if (!mode)
            return std::unexpected(mode.error());
        plan.mode = *mode;
    }
    if (o.output_error.given) {
        plan.config.output_error = fo::OutputError::warn_nopipe;
        if (o.output_error.value) {
            auto mode = fo::parse_output_error(*o.output_error.value);
            if (!mode)
                return std::unexpected(mode.error());
            plan.config.output_error = *mode;
        }
    }
    plan.config.whole_lines = o.whole_lines;
    plan.config.append = o.append;
    return plan;
}

// Signals: SIGUSR1 asks for the counters now; with --stats, the signals
// that end the run print them first.  The handler only raises flags and
// wakes the engine through a pipe.
volatile sig_atomic_t g_report = 0;
volatile sig_atomic_t g_end = 0;
int g_wake = -1;

extern "C" void on_signal(int sig)
{
    const int saved = errno;
    if (sig == SIGUSR1)
        g_report = 1;
    else
        g_end = sig;
    (void)!::write(g_wake, "", 1);
    errno = saved;
}

void print_stats(const fo::Engine& engine)
{
    for (const auto& r : engine.reports())
        cli::report(fmt::format("{}: {} bytes written, {} dropped, {} reconnects", r.name, r.stats.written,
                                r.stats.dropped, r.stats.reconnects));
}

void catch_signals(bool at_end)
{
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, nullptr);
    if (at_end) {
        for (int sig : {SIGINT, SIGTERM, SIGHUP})
            sigaction(sig, &sa, nullptr);
    }
}

int run(Options& o)
{
    // 1. Everything the command line says, before acting on any of it.
    auto plan = validate(o);
    if (!plan)
        return cli::usage(plan.error().message());

    // 2. Answer SIGUSR1 (and, with --stats, the ending signals) from now on.
    int wake[2];
    if (::pipe2(wake, O_NONBLOCK | O_CLOEXEC) < 0) {
        cli::report(sys_error("create", "signal pipe", errno));
        return exit_failure;
    }
    const Fd wake_r(wake[0]);
    const Fd wake_w(wake[1]);
    g_wake = wake_w.get();
    catch_signals(o.stats);

    // 3. Make the missing FIFOs.
    std::vector<bool> reported(o.paths.size(), false);
    if (o.create) {
        for (std::size_t i = 0; i < o.paths.size(); ++i) {
            struct stat st {};
            if (::stat(o.paths[i].c_str(), &st) == 0 || errno != ENOENT)
                continue;
            if (auto made = create_fifo(o.paths[i], plan->mode); !made) {
                cli::report(made.error());
                reported[i] = true;
            }
        }
    }

    // 4. Open the outputs: a FIFO without a reader is simply waited for.
    fo::Engine engine(plan->config);
    engine.on_error([](const Error& e) { cli::report(e); });
    if (!o.no_stdout)
        engine.add_stdout();
    for (std::size_t i = 0; i < o.paths.size(); ++i) {
        if (auto added = engine.add_path(o.paths[i]); !added && !reported[i])
            cli::report(added.error());
    }

    // 5. Copy.
    engine.set_wakeup(wake_r.get(), [&] {
        if (!g_report && !g_end)
            return;
        g_report = 0;
        char sink[64];
        while (::read(wake_r.get(), sink, sizeof sink) > 0) {
        }
        print_stats(engine);
        if (const int sig = g_end) {
            std::signal(sig, SIG_DFL);
            std::raise(sig);
        }
    });
    const int status = engine.run(STDIN_FILENO);

    // 6. The counters, once more at the end.
    if (o.stats)
        print_stats(engine);
    return status;
}

} // namespace

int main(int argc, char** argv)
{
    return ipcutil::cli::main<Options>(argc, argv, "fifo-tee", make_app, run);
}
