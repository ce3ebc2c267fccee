#include "libipcutil/data/semaphore_hold.hpp"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

extern char** environ;

namespace ipcutil {
namespace {

constexpr int forwarded_signals[] = {SIGINT, SIGTERM, SIGHUP};
volatile sig_atomic_t g_signal = 0;
volatile sig_atomic_t g_child = 0;

extern "C" void on_forwarded_signal(int sig, siginfo_t* info, void* /*context*/)
{
    g_signal = sig;
    // A terminal's ^C reaches the whole foreground group, the command too;
    // a signal sent to this process alone is passed on.
    if (g_child > 0 && info->si_code != SI_KERNEL)
        ::kill(g_child, sig);
}

// Catches the forwarded signals for as long as it lives, except those the
// process was ignoring (nohup, a background job's SIGINT), and puts back
// what was there.  No SA_RESTART: a signal ends a wait with EINTR.
class SignalCatcher {
  public:
    SignalCatcher()
    {
        g_signal = 0;
        g_child = 0;
        for (std::size_t i = 0; i < std::size(forwarded_signals); ++i) {
            ::sigaction(forwarded_signals[i], nullptr, &old_[i]);
            if (old_[i].sa_handler == SIG_IGN)
                continue;
            struct sigaction sa {};
            sa.sa_sigaction = on_forwarded_signal;
            sa.sa_flags = SA_SIGINFO;
            sigemptyset(&sa.sa_mask);
            ::sigaction(forwarded_signals[i], &sa, nullptr);
        }
    }
    SignalCatcher(const SignalCatcher&) = delete;
    SignalCatcher& operator=(const SignalCatcher&) = delete;
    ~SignalCatcher()
    {
        for (std::size_t i = 0; i < std::size(forwarded_signals); ++i)
            ::sigaction(forwarded_signals[i], &old_[i], nullptr);
    }

    /// The signals the command starts with at their default action: those
    /// caught here (exec would reset them anyway) and SIGPIPE if asked.
    [[nodiscard]] sigset_t defaults(bool sigpipe) const
    {
        sigset_t set;
        sigemptyset(&set);
        for (std::size_t i = 0; i < std::size(forwarded_signals); ++i)
            if (old_[i].sa_handler != SIG_IGN)
                sigaddset(&set, forwarded_signals[i]);
        if (sigpipe)
            sigaddset(&set, SIGPIPE);
        return set;
    }

  private:
    struct sigaction old_[std::size(forwarded_signals)]{};
};

// Start `command` with signal mask `mask` and `defaults` at their default
// action.  posix_spawnp reports the errno of an exec that failed.
Result<pid_t> spawn(const std::vector<std::string>& command, const sigset_t& mask, const sigset_t& defaults)
{
    std::vector<char*> argv;
    argv.reserve(command.size() + 1);
    for (const auto& a : command)
        argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setsigmask(&attr, &mask);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    pid_t pid = -1;
    const int err = ::posix_spawnp(&pid, argv[0], nullptr, &attr, argv.data(), environ);
    posix_spawnattr_destroy(&attr);
    if (err != 0) {
        Error e = failure("run", fmt::format("'{}'", quote(command[0])), std::strerror(err));
        e.err = err;
        return std::unexpected(e);
    }
    return pid;
}

} // namespace

Result<HeldCommand> hold_and_run(SemObject& sem, const std::vector<std::string>& command, const HoldOptions& options)
{
    const bool undo = !sem.posix();
    const SignalCatcher catcher;
    HeldCommand held;
    const auto give_back = [&] {
        if (auto r = sem.post(options.num, 1, undo); !r)
            held.release_error = r.error();
    };

    for (;;) {
        auto r = sem.take(options.num, undo, options.limit);
        if (!r)
            return std::unexpected(r.error());
        if (*r == SemWait::done)
            break;
        if (*r != SemWait::interrupted) {
            held.end = HeldCommand::End::gave_up;
            held.wait = *r;
            return held;
        }
        if (g_signal != 0) {
            held.end = HeldCommand::End::interrupted;
            held.signal = g_signal;
            return held;
        }
    }

    // The semaphore is ours: block the forwarded signals until the command's
    // pid is known, so that none arriving in between is lost.
    sigset_t block;
    sigset_t old;
    sigemptyset(&block);
    for (const int sig : forwarded_signals)
        sigaddset(&block, sig);
    ::sigprocmask(SIG_BLOCK, &block, &old);
    if (g_signal != 0) {
        ::sigprocmask(SIG_SETMASK, &old, nullptr);
        give_back();
        held.end = HeldCommand::End::interrupted;
        held.signal = g_signal;
        return held;
    }
    auto child = spawn(command, old, catcher.defaults(options.sigpipe_default));
    if (child)
        g_child = *child;
    ::sigprocmask(SIG_SETMASK, &old, nullptr);
    if (!child) {
        give_back();
        held.end = HeldCommand::End::not_started;
        held.error = child.error();
        return held;
    }
    while (::waitpid(*child, &held.wait_status, 0) < 0 && errno == EINTR) {
    }
    g_child = 0;
    give_back();
    held.end = HeldCommand::End::exited;
    return held;
}

} // namespace ipcutil
