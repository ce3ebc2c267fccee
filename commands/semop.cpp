// semop — take, release, read and set semaphores of both families from the
// shell, or run a command while holding one, as flock(1) does with files.
//
// Everything after the first "--" is the command: it never reaches the
// option parser.  Holding a System V set uses SEM_UNDO, so a semop killed
// with SIGKILL still gives it back; the post after the command carries
// SEM_UNDO too, which cancels the adjustment the take made.
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/cli.hpp"
#include "libipcutil/core/parse.hpp"
#include "libipcutil/core/select.hpp"
#include "libipcutil/data/message_queue.hpp"
#include "libipcutil/data/semaphore.hpp"
#include "libipcutil/data/semaphore_hold.hpp"
#include "libipcutil/kernel/sys.hpp"
#include "libipcutil/kernel/sysv.hpp"

namespace {

using namespace ipcutil;

struct Options {
    SelectorForm form = SelectorForm::guess;
    std::string sem;
    bool wait = false;
    cli::OptionalValue post;
    bool get = false;
    bool json = false;
    std::string set;
    std::string num;
    std::string op;
    bool undo = false;
    std::string timeout;
    bool nonblock = false;
    bool create = false;
    bool exclusive = false;
    std::string value;
    std::string mode;
    std::optional<std::vector<std::string>> command; // what follows "--"
};

enum class Action { none, wait, post, get, set, op, hold };

// Everything run() needs, parsed and checked before anything is opened.
struct Plan {
    Selector selector;
    Action action = Action::none;
    std::optional<unsigned> num; // -n as given
    std::uint64_t count = 1;     // --post
    unsigned value = 0;          // --set
    std::vector<SemOp> ops;
    bool undo = false;
    bool json = false;
    bool nonblock = false;
    Timeout timeout;
    SemOpenOptions open;
};

cli::App make_app(Options& o)
{
    cli::App app("Take, release, read or set a POSIX or System V semaphore,\n"
                 "or run a command while holding one.",
                 "semop [options] <sem>\n semop [options] <sem> -- <command> [argument...]");
    app->add_option("sem", o.sem, "/NAME (POSIX), a System V id or 0xKEY");
    app->add_flag("-w,--wait", o.wait, "take one (P), waiting until it can");
    app.add_optional_value("-p,--post", o.post, "n", "give back one, or n (V)");
    app->add_flag("-g,--get", o.get, "print the value (System V: every member)");
    app->add_flag("-J,--json", o.json, "with --get: print JSON");
    app->add_option("--set", o.set, "System V: set the member's value")->type_name("value");
    app->add_option("-n,--num", o.num, "System V: the member (default 0)")->type_name("member");
    app->add_option("--op", o.op, "System V: MEMBER:DELTA,... all at once")->type_name("list");
    app->add_flag("-u,--undo", o.undo, "System V: SEM_UNDO (undone when semop exits)");
    app->add_option("-T,--timeout", o.timeout, "wait at most this long")->type_name("duration");
    app->add_flag("--nonblock", o.nonblock, "do not wait");
    app->add_flag("-c,--create", o.create, "create the semaphore if it does not exist");
    app->add_flag("-x,--exclusive", o.exclusive, "with --create: fail if it exists");
    app->add_option("--value", o.value, "with --create: the initial value (default 0)")->type_name("n");
    app->add_option("--mode", o.mode, "with --create: permissions (default 0600)")->type_name("mode");
    app.add_selector_flags(o.form, "the semaphore");
    app->footer("A semaphore is a POSIX name (/name), a System V id (123) or a System V\n"
                "key (0x1a2b).  With a command after --, semop takes the semaphore, runs\n"
                "the command, and gives it back when the command ends, however it ends.");
    return app;
}

Error option_error(std::string_view option, const Error& e)
{
    return usage_error(fmt::format("{}: {}", option, e.message()));
}

Result<std::uint64_t> number_option(std::string_view option, const std::string& text, std::string_view what,
                                    std::uint64_t max)
{
    auto v = parse_unsigned(text, what, max);
    if (!v)
        return std::unexpected(option_error(option, v.error()));
    return v;
}

// Which operation the options ask for; a usage error for two at once.
Result<Action> action_of(const Options& o)
{
    const std::pair<bool, const char*> given[] = {{o.wait, "--wait"},
                                                  {o.post.given, "--post"},
                                                  {o.get, "--get"},
                                                  {!o.set.empty(), "--set"},
                                                  {!o.op.empty(), "--op"}};
    const Action actions[] = {Action::wait, Action::post, Action::get, Action::set, Action::op};
    std::optional<std::size_t> chosen;
    for (std::size_t i = 0; i < std::size(given); ++i) {
        if (!given[i].first)
            continue;
        if (o.command && actions[i] != Action::wait)
            return std::unexpected(usage_error(
                fmt::format("{} cannot be combined with a command: semop waits, runs it, posts", given[i].second)));
        if (chosen)
            return std::unexpected(
                usage_error(fmt::format("{} and {} exclude each other", given[*chosen].second, given[i].second)));
        chosen = i;
    }
    if (o.command)
        return Action::hold;
    return chosen ? actions[*chosen] : Action::none;
}

// Turn the options into a Plan, or the one usage error they deserve.
Result<Plan> plan(const Options& o)
{
    Plan p;
    if (o.sem.empty())
        return std::unexpected(usage_error("no semaphore given"));
    auto selector = parse_selector(o.sem, o.form);
    if (!selector)
        return std::unexpected(selector.error());
    p.selector = *selector;
    if (p.selector.type == Selector::Type::name && p.selector.folder == Selector::Folder::mqueue)
        return std::unexpected(usage_error(fmt::format("invalid semaphore: '{}' (not a semaphore)", quote(o.sem))));
    const bool posix = p.selector.type == Selector::Type::name;
    if (o.command && o.command->empty())
        return std::unexpected(usage_error("no command after --"));
    auto action = action_of(o);
    if (!action)
        return std::unexpected(action.error());
    p.action = *action;
    if (p.action == Action::none && !o.create)
        return std::unexpected(
            usage_error("nothing to do: give --wait, --post, --get, --set, --op or a command after --"));

    for (const auto& [given, name] :
         {std::pair{!o.set.empty(), "--set"}, {!o.num.empty(), "--num"}, {!o.op.empty(), "--op"}, {o.undo, "--undo"}})
        if (given && posix)
            return std::unexpected(
                usage_error(fmt::format("{} applies to System V semaphore sets: {} is POSIX", name, quote(o.sem))));
    if (!o.num.empty() && !o.op.empty())
        return std::unexpected(usage_error("--num and --op exclude each other: --op names its members"));
    const bool waits = p.action == Action::wait || p.action == Action::op || p.action == Action::hold;
    if (!o.timeout.empty() && o.nonblock)
        return std::unexpected(usage_error("--timeout and --nonblock exclude each other"));
    if ((!o.timeout.empty() || o.nonblock) && !waits)
        return std::unexpected(
            usage_error(fmt::format("{} needs --wait, --op or a command", o.nonblock ? "--nonblock" : "--timeout")));
    if (o.json && p.action != Action::get)
        return std::unexpected(usage_error("--json needs --get"));
    if (o.undo && (p.action == Action::get || p.action == Action::set || p.action == Action::none))
        return std::unexpected(usage_error("--undo needs --wait, --post, --op or a command"));
    for (const auto& [given, name] :
         {std::pair{!o.value.empty(), "--value"}, {!o.mode.empty(), "--mode"}, {o.exclusive, "--exclusive"}})
        if (given && !o.create)
            return std::unexpected(usage_error(fmt::format("{} needs --create", name)));
    if (o.create && p.selector.type == Selector::Type::id)
        return std::unexpected(
            usage_error("--create needs a POSIX /NAME or a System V 0xKEY (an id names an existing set)"));

    // The values, each against its family's limit.
    const std::uint64_t value_max =
        (o.post.value || !o.set.empty() || !o.value.empty() || !o.op.empty()) ? sem_value_max(posix) : 0;
    if (!o.timeout.empty()) {
        auto t = parse_duration(o.timeout);
        if (!t)
            return std::unexpected(option_error("--timeout", t.error()));
        p.timeout = *t;
    }
    p.nonblock = o.nonblock;
    if (!o.num.empty()) {
        auto n = number_option("--num", o.num, "member", USHRT_MAX);
        if (!n)
            return std::unexpected(n.error());
        p.num = static_cast<unsigned>(*n);
    }
    if (o.post.value) {
        auto n = number_option("--post", *o.post.value, "count", value_max);
        if (!n)
            return std::unexpected(n.error());
        if (*n == 0)
            return std::unexpected(usage_error("--post: invalid count: '0' (at least 1)"));
        p.count = *n;
    }
    if (!o.set.empty()) {
        auto v = number_option("--set", o.set, "value", value_max);
        if (!v)
            return std::unexpected(v.error());
        p.value = static_cast<unsigned>(*v);
    }
    if (!o.op.empty()) {
        auto limits = sysv_limits();
        auto ops = parse_sem_ops(o.op, value_max, limits ? limits->semopm : 500);
        if (!ops)
            return std::unexpected(option_error("--op", ops.error()));
        p.ops = std::move(*ops);
    }
    p.undo = o.undo;
    p.json = o.json;

    p.open.create = o.create;
    p.open.exclusive = o.exclusive;
    p.open.read_only = p.action == Action::get && !o.create;
    if (!o.value.empty()) {
        auto v = number_option("--value", o.value, "value", value_max);
        if (!v)
            return std::unexpected(v.error());
        p.open.value = static_cast<unsigned>(*v);
    }
    p.open.mode = default_create_mode;
    if (!o.mode.empty()) {
        auto mode = parse_mode(o.mode);
        if (!mode)
            return std::unexpected(option_error("--mode", mode.error()));
        p.open.mode = *mode;
    }
    // A set --create makes has every member the options name.
    unsigned highest = p.num.value_or(0);
    for (const SemOp& op : p.ops)
        highest = std::max(highest, op.num);
    p.open.nsems = highest + 1;
    return p;
}

// The members the plan names, checked against the set before anything changes.
Result<void> check_plan_members(const SemObject& sem, const Plan& p)
{
    if (sem.posix() || !sem.nsems())
        return {};
    std::vector<unsigned> named;
    if (p.num)
        named.push_back(*p.num);
    for (const SemOp& op : p.ops)
        named.push_back(op.num);
    return check_members(named, *sem.nsems(), sem.description());
}

SemWaitLimit wait_limit(const Plan& p)
{
    SemWaitLimit limit;
    limit.nonblock = p.nonblock;
    if (p.timeout)
        limit.deadline = std::chrono::steady_clock::now() + *p.timeout;
    return limit;
}

// A wait that ended without going through: the line for it, and exit 3.
int gave_up(const SemObject& sem, const Plan& p, SemWait how)
{
    const std::string verb = p.action == Action::op ? "operate on" : "wait on";
    const std::string why =
        how == SemWait::timed_out ? fmt::format("timed out after {}", format_timeout(*p.timeout)) : "would block";
    cli::report(failure(verb, sem.description(), why));
    return exit_timeout;
}

int get(const SemObject& sem, const Plan& p)
{
    auto members = sem.members();
    if (!members) {
        cli::report(members.error());
        return exit_failure;
    }
    if (p.num)
        std::erase_if(*members, [&](const SemMember& m) { return m.num != *p.num; });
    cli::Out::get().write(p.json ? sem_members_json(sem, *members) : sem_members_text(sem, *members));
    return exit_ok;
}

// ---------------------------------------------------------------------------
// Holding: take, run the command, give back.

bool g_sigpipe_default = true; // SIGPIPE as semop found it, for the command

// End semop as `sig` ended the command or the wait (so that a shell sees
// 128 + sig and acts on an interrupt), without a core file of our own.
int die_by(int sig)
{
    cli::Out::get().flush();
    const rlimit no_core{0, 0};
    ::setrlimit(RLIMIT_CORE, &no_core);
    ::signal(sig, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    ::sigprocmask(SIG_UNBLOCK, &set, nullptr);
    ::raise(sig);
    return 128 + sig;
}

// The command's status is semop's: 126/127 when it could not be run, as
// env(1) says; a failed give-back turns only a success into a failure.
int hold(SemObject& sem, const Plan& p, const std::vector<std::string>& command)
{
    auto held = hold_and_run(sem, command, {p.num.value_or(0), wait_limit(p), g_sigpipe_default});
    if (!held) {
        cli::report(held.error());
        return exit_failure;
    }
    if (held->error)
        cli::report(*held->error);
    if (held->release_error)
        cli::report(*held->release_error);
    const int status = held->wait_status;
    switch (held->end) {
    case HeldCommand::End::gave_up: return gave_up(sem, p, held->wait);
    case HeldCommand::End::interrupted: return die_by(held->signal);
    case HeldCommand::End::not_started: return held->error->err == ENOENT ? 127 : 126;
    case HeldCommand::End::exited: break;
    }
    if (WIFSIGNALED(status))
        return die_by(WTERMSIG(status));
    if (WEXITSTATUS(status) == 0 && held->release_error)
        return exit_failure;
    return WEXITSTATUS(status);
}

// A wait, a post, a set or an operation list.
int act(SemObject& sem, const Plan& p)
{
    const unsigned num = p.num.value_or(0);
    Result<void> done;
    switch (p.action) {
    case Action::none: return exit_ok; // --create alone
    case Action::get: return get(sem, p);
    case Action::post: done = sem.post(num, p.count, p.undo); break;
    case Action::set: done = sem.set_value(num, p.value); break;
    case Action::wait:
    case Action::op: {
        const SemWaitLimit limit = wait_limit(p);
        Result<SemWait> r;
        do
            r = p.action == Action::op ? sem.apply(p.ops, p.undo, limit) : sem.take(num, p.undo, limit);
        while (r && *r == SemWait::interrupted);
        if (r && *r != SemWait::done)
            return gave_up(sem, p, *r);
        if (!r)
            done = std::unexpected(r.error());
        break;
    }
    case Action::hold: break;
    }
    if (done)
        return exit_ok;
    cli::report(done.error());
    return exit_failure;
}

int run(Options& o)
{
    auto p = plan(o);
    if (!p)
        return cli::usage(p.error().message());
    auto sem = SemObject::open(p->selector, p->open);
    if (!sem) {
        // A planted link or a file that is no semaphore is bad input, not a
        // misuse of the options: exit 2 without the "Try" line.
        cli::report(sem.error());
        return sem.error().exit_code();
    }
    if (auto members = check_plan_members(*sem, *p); !members) {
        cli::report(members.error());
        return exit_failure;
    }
    if (p->action == Action::hold)
        return hold(*sem, *p, *o.command);
    return act(*sem, *p);
}

// Where the options end: the first "--", or the end.
int options_end(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "--") == 0)
            return i;
    return argc;
}

} // namespace

int main(int argc, char** argv)
{
    struct sigaction pipe {};
    ::sigaction(SIGPIPE, nullptr, &pipe);
    g_sigpipe_default = pipe.sa_handler == SIG_DFL;
    const int end = options_end(argc, argv);
    const auto make = [&](Options& o) {
        if (end < argc)
            o.command.emplace(argv + end + 1, argv + argc);
        return make_app(o);
    };
    return ipcutil::cli::main<Options>(end, argv, "semop", make, run);
}
