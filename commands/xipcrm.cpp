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
#include <sys/ipc.h>

#include <chrono>
#include <ctime>
#include <ipcutil/audit.hpp>
#include <ipcutil/cli.hpp>
#include <ipcutil/filter.hpp>
#include <ipcutil/ns.hpp>
#include <ipcutil/orphans.hpp>
#include <ipcutil/parse.hpp>
#include <ipcutil/posix.hpp>
#include <ipcutil/procs.hpp>
#include <ipcutil/remove.hpp>
#include <ipcutil/select.hpp>
#include <ipcutil/sysv.hpp>
#include <map>
#include <set>
#include <vector>
#ifdef XIPC_TEST_HOOKS
#include <fcntl.h>

#include <cstdlib>
#include <ipcutil/handles.hpp>
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

// One object named on the command line.
struct Target {
    Kind kind = Kind::sysv_shm;
    enum class By { id, key, name } by = By::id;
    int id = -1;
    key_t key = 0;
    std::string name; // POSIX, without the '/'
};

// Everything to do, checked before anything is done.
struct Plan {
    std::vector<Target> targets; // in command-line order
    std::vector<Kind> all_kinds; // --all, or every kind for --orphans alone
    Filters filters;             // narrow --all
    bool orphans = false;        // narrow --all to orphans
    bool legacy = false;         // `xipcrm shm|msg|sem ID...`
    std::optional<pid_t> ns;     // --ns: whose namespaces to enter

    std::chrono::milliseconds grace = default_orphan_grace; // --grace, as xipcs's
};

// Which option names which kind, and how.
struct TargetOption {
    const char* name;
    Kind kind;
    Target::By by;
};
constexpr TargetOption target_options[] = {
    {"--shmem-id", Kind::sysv_shm, Target::By::id},           {"--shmem-key", Kind::sysv_shm, Target::By::key},
    {"--posix-shmem", Kind::posix_shm, Target::By::name},     {"--queue-id", Kind::sysv_msg, Target::By::id},
    {"--queue-key", Kind::sysv_msg, Target::By::key},         {"--posix-mqueue", Kind::posix_mq, Target::By::name},
    {"--semaphore-id", Kind::sysv_sem, Target::By::id},       {"--semaphore-key", Kind::sysv_sem, Target::By::key},
    {"--posix-semaphore", Kind::posix_sem, Target::By::name},
};

// --all's words, in the order ipcrm removes them.
constexpr std::pair<std::string_view, Kind> all_words[] = {
    {"shm", Kind::sysv_shm},   {"pshm", Kind::posix_shm}, {"sem", Kind::sysv_sem},
    {"psem", Kind::posix_sem}, {"msg", Kind::sysv_msg},   {"pmsg", Kind::posix_mq},
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

bool given(const Options& o, const char* name)
{
    return o.app->get_option(name)->count() > 0;
}

Result<Target> parse_target(Kind kind, Target::By by, std::string_view text)
{
    Target t;
    t.kind = kind;
    t.by = by;
    switch (by) {
    case Target::By::id: {
        auto id = parse_id(text);
        if (!id)
            return std::unexpected(id.error());
        t.id = *id;
        break;
    }
    case Target::By::key: {
        // Key 0 is refused when acting, as a failure of its own: the other
        // objects named still go, as with ipcrm.
        auto key = parse_key(text, /*allow_private=*/true);
        if (!key)
            return std::unexpected(key.error());
        t.key = *key;
        break;
    }
    case Target::By::name: {
        auto sel = selector_from_name(text);
        if (!sel)
            return std::unexpected(sel.error());
        const bool mq = kind == Kind::posix_mq;
        if ((sel->folder == Selector::Folder::shm && mq) || (sel->folder == Selector::Folder::mqueue && !mq))
            return std::unexpected(usage_error(fmt::format("invalid name: '{}' (not a {})", text, kind_words(kind))));
        t.name = sel->name;
        // /dev/shm/sem.NAME is the file behind semaphore /NAME.
        if (kind == Kind::posix_sem && sel->folder == Selector::Folder::shm) {
            if (!t.name.starts_with("sem.") || t.name.size() == 4)
                return std::unexpected(
                    usage_error(fmt::format("invalid name: '{}' (semaphore files are /dev/shm/sem.NAME)", text)));
            t.name.erase(0, 4);
        }
        break;
    }
    }
    return t;
}

Result<std::vector<Kind>> parse_all_list(const std::optional<std::string>& value)
{
    std::vector<Kind> kinds;
    if (!value) {
        for (auto [word, kind] : all_words)
            kinds.push_back(kind);
        return kinds;
    }
    std::set<Kind> chosen;
    std::string_view rest = *value;
    for (;;) {
        const auto comma = rest.find(',');
        const std::string_view word = rest.substr(0, comma);
        bool known = false;
        for (auto [w, kind] : all_words)
            if (w == word) {
                chosen.insert(kind);
                known = true;
            }
        if (!known)
            return std::unexpected(usage_error(fmt::format(
                "invalid --all list: '{}' (expected shm, msg, sem, pshm, pmsg or psem, comma-separated)", *value)));
        if (comma == std::string_view::npos)
            break;
        rest.remove_prefix(comma + 1);
    }
    for (auto [word, kind] : all_words)
        if (chosen.contains(kind))
            kinds.push_back(kind);
    return kinds;
}

// The legacy form `shm|msg|sem ID...`, or a refusal that says why.
Result<void> parse_operands(const Options& o, Plan& plan)
{
    if (o.operands.empty())
        return {};
    const std::string& first = o.operands.front();
    if (o.all.given && !o.all.value)
        return std::unexpected(usage_error(fmt::format(
            "unknown argument: '{}' (a list for -a must be attached: -a{} or --all={})", first, first, first)));
    const std::pair<std::string_view, Kind> legacy[] = {
        {"shm", Kind::sysv_shm}, {"msg", Kind::sysv_msg}, {"sem", Kind::sysv_sem}};
    for (auto [word, kind] : legacy) {
        if (first != word)
            continue;
        if (o.operands.size() < 2)
            return std::unexpected(usage_error(fmt::format("not enough arguments: '{}' needs ids", first)));
        for (std::size_t i = 1; i < o.operands.size(); ++i) {
            auto t = parse_target(kind, Target::By::id, o.operands[i]);
            if (!t)
                return std::unexpected(t.error());
            plan.targets.push_back(*t);
        }
        plan.legacy = true;
        return {};
    }
    return std::unexpected(usage_error(fmt::format("unknown argument: '{}'", first)));
}

// Parse and check every argument; nothing is removed before this succeeds.
Result<Plan> validate(const Options& o)
{
    Plan plan;
    // Options in the order they were typed: that is the order of removal.
    std::map<const CLI::Option*, std::size_t> seen;
    for (const CLI::Option* opt : o.app->parse_order()) {
        for (const auto& spec : target_options) {
            if (opt != o.app->get_option(spec.name))
                continue;
            const std::string& text = opt->results().at(seen[opt]++);
            auto t = parse_target(spec.kind, spec.by, text);
            if (!t)
                return std::unexpected(t.error());
            plan.targets.push_back(*t);
        }
    }
    if (auto ok = parse_operands(o, plan); !ok)
        return std::unexpected(ok.error());
    if (o.all.given || o.orphans) {
        auto kinds = parse_all_list(o.all.value);
        if (!kinds)
            return std::unexpected(kinds.error());
        plan.all_kinds = *kinds;
    }
    plan.orphans = o.orphans;
    if (given(o, "--grace")) {
        if (!o.orphans)
            return std::unexpected(usage_error("--grace goes with --orphans"));
        auto grace = parse_duration(o.grace);
        if (!grace)
            return std::unexpected(grace.error());
        plan.grace = *grace;
    }
    if (given(o, "--ns")) {
        auto pid = parse_unsigned(o.ns, "process id", INT32_MAX);
        if (!pid)
            return std::unexpected(pid.error());
        if (*pid == 0)
            return std::unexpected(usage_error("invalid process id: '0'"));
        plan.ns = static_cast<pid_t>(*pid);
    }
    if (given(o, "--owner")) {
        auto uid = parse_owner(o.owner);
        if (!uid)
            return std::unexpected(uid.error());
        plan.filters.owner = *uid;
    }
    if (given(o, "--older-than")) {
        auto age = parse_duration(o.older_than);
        if (!age)
            return std::unexpected(age.error());
        plan.filters.older_than = *age;
    }
    if (!plan.filters.empty() && plan.all_kinds.empty())
        return std::unexpected(usage_error("--owner and --older-than narrow --all or --orphans: add -a or --orphans"));
    if (plan.targets.empty() && plan.all_kinds.empty())
        return std::unexpected(usage_error("nothing to remove: name an object or use --all or --orphans"));
    return plan;
}

// How ipcrm -v names an object: "shared memory segment id `5'".
std::string verbose_name(const Object& o)
{
    switch (o.kind) {
    case Kind::sysv_shm: return fmt::format("shared memory segment id `{}'", o.id);
    case Kind::sysv_msg: return fmt::format("message queue id `{}'", o.id);
    case Kind::sysv_sem: return fmt::format("semaphore id `{}'", o.id);
    case Kind::fifo: return fmt::format("FIFO `{}'", o.path);
    default: return fmt::format("{} `/{}'", kind_words(o.kind), o.name);
    }
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

class Remover {
  public:
    Remover(const Options& o, const Plan& plan) : o_(o), plan_(plan) {}

    int run()
    {
        for (const Target& t : plan_.targets)
            act(resolve(t));
        if (!plan_.all_kinds.empty()) {
            std::vector<Object> listed = candidates();
            if (plan_.orphans)
                keep_orphans(listed);
            test_pause();
            if (plan_.orphans)
                remove_orphans(listed);
            else
                for (const Object& object : listed)
                    act_listed(object);
        }
        summarize();
        return failed_ > 0 ? exit_failure : exit_ok;
    }

  private:
    // The System V objects of a kind, read once (from /proc/sysvipc, which
    // shows objects the caller may not read).
    const std::vector<Object>& sysv(Kind kind)
    {
        auto it = sysv_.find(kind);
        if (it == sysv_.end()) {
            auto list = list_sysv(kind);
            it = sysv_.emplace(kind, list ? std::move(*list) : std::vector<Object>{}).first;
        }
        return it->second;
    }

    Result<Object> find_sysv(Kind kind, int id, const std::string& what)
    {
        for (const Object& object : sysv(kind))
            if (object.id == id)
                return object;
        return std::unexpected(sys_error("remove", what, ENOENT));
    }

    // The object a command-line target names, or why there is none.
    Result<Object> resolve(const Target& t)
    {
        switch (t.by) {
        case Target::By::id: return find_sysv(t.kind, t.id, fmt::format("{} id {}", kind_words(t.kind), t.id));
        case Target::By::key: {
            const std::string what = fmt::format("{} key {}", kind_words(t.kind), format_key(t.key));
            if (t.key == IPC_PRIVATE)
                return std::unexpected(
                    failure("remove", what, "invalid key 0 (IPC_PRIVATE names no object; remove it by id)"));
            auto id = sysv_id_for_key(t.kind, t.key);
            if (!id)
                return std::unexpected(sys_error("remove", what, id.error().err));
            return find_sysv(t.kind, *id, what);
        }
        case Target::By::name: {
            auto object = stat_posix(t.kind, t.name);
            if (!object) {
                Error e = object.error();
                e.op = "remove";
                e.object = fmt::format("{} /{}", kind_words(t.kind), t.name);
                return std::unexpected(e);
            }
            return object;
        }
        }
        return std::unexpected(failure("remove", "", "unknown target"));
    }

    // Every object of the --all kinds that passes the filters, minus those
    // already handled.  (A later filter, such as orphans, is one more step
    // over this list.)
    std::vector<Object> candidates()
    {
        std::vector<Object> out;
        const std::time_t now = std::time(nullptr);
        for (Kind kind : plan_.all_kinds) {
            std::vector<std::string> warnings;
            auto list = is_sysv(kind) ? list_sysv(kind) : list_posix(kind, warnings);
            for (const auto& w : warnings)
                cli::report(w);
            if (!list) {
                cli::report(list.error());
                ++failed_;
                continue;
            }
            for (Object& object : *list)
                if (plan_.filters.matches(object, now) && !done_.contains(key_of(object)))
                    out.push_back(std::move(object));
        }
        return out;
    }

    // The orphan rule over the listed objects: one /proc pass finds every
    // process that maps or holds them, then only orphans stay.
    void keep_orphans(std::vector<Object>& listed)
    {
        auto stats = attribute_holders(std::span<Object>(listed));
        if (!stats) {
            // Without /proc nothing can be shown unused: remove nothing.
            cli::report(stats.error().message() + "; no orphan removed");
            ++failed_;
            listed.clear();
            return;
        }
        if (auto warning = attribution_warning(*stats))
            cli::report(*warning);
        const OrphanPolicy policy = orphan_policy();
        std::erase_if(listed, [&](const Object& object) { return !is_orphan(object, policy); });
    }

    // Orphans are removed only if they still are: a fresh /proc pass over
    // just them, then, right before each goes, its own re-check.
    void remove_orphans(const std::vector<Object>& orphans)
    {
        if (orphans.empty())
            return;
        auto fresh = rescan_holders(orphans);
        if (!fresh) {
            cli::report(fresh.error().message() + "; no orphan removed");
            failed_ += static_cast<int>(orphans.size());
            return;
        }
        for (std::size_t i = 0; i < orphans.size(); ++i)
            if (still_listed(orphans[i]))
                act_orphan(orphans[i], (*fresh)[i]);
    }

    void act_orphan(const Object& listed, const std::vector<Holder>& holders)
    {
        // The kernel would refuse: say so without looking further (the
        // re-check itself may need read permission we lack).
        if (!may_remove(listed)) {
            fail(sys_error("remove", describe(listed), EPERM));
            return;
        }
        const Recheck check = recheck_orphan(listed, holders, orphan_policy());
        switch (check.outcome) {
        case Recheck::still_orphan: act(listed); return;
        case Recheck::gone: note(listed, "gone before it was removed"); return;
        case Recheck::not_orphan:
            note(listed, fmt::format("no longer an orphan ({}); left in place", verdict_words(check.verdict)));
            ++skipped_;
            return;
        case Recheck::replaced:
            cli::report(fmt::format("check {}: replaced by another object since it was listed; left in place",
                                    describe(listed)));
            ++skipped_;
            return;
        case Recheck::unknown:
            cli::report((check.error ? check.error->message() : "check " + describe(listed)) + "; left in place");
            ++failed_;
            return;
        }
    }

    OrphanPolicy orphan_policy() const
    {
        OrphanPolicy policy;
        policy.now = std::time(nullptr);
        policy.grace = plan_.grace;
        policy.pid_alive = process_running; // as xipcs: a zombie creator is gone
        return policy;
    }

    // A listed object: look again right before removing it.
    void act_listed(const Object& listed)
    {
        if (still_listed(listed))
            act(listed);
    }

    // Whether `listed` is still there, the same object, and still passes the
    // filters; if not, say why.
    bool still_listed(const Object& listed)
    {
        auto now = restat(listed);
        if (!now) {
            if (now.error().err == ENOENT) {
                note(listed, "gone before it was removed");
                return false;
            }
            if (now.error().detail.empty()) {
                // Unreadable now: let the kernel decide as for a named object.
                return true;
            }
            cli::report(now.error().message() + "; left in place");
            ++skipped_;
            return false;
        }
        if (!plan_.filters.matches(*now, std::time(nullptr))) {
            note(listed, "no longer matches; left in place");
            ++skipped_;
            return false;
        }
        return true;
    }

    void act(const Result<Object>& object)
    {
        if (!object) {
            fail(object.error());
            return;
        }
        const bool again = !done_.insert(key_of(*object)).second;
        auto& out = cli::Out::get();
        if (o_.dry_run) {
            if (again) { // named twice: the first would have removed it
                fail(sys_error("remove", describe(*object), ENOENT));
                return;
            }
            if (!may_remove(*object)) {
                fail(sys_error("remove", describe(*object), EPERM));
                return;
            }
            out.write(fmt::format("would remove {}\n", verbose_name(*object)));
            ++removed_;
            return;
        }
        if (o_.verbose)
            out.write(fmt::format("removing {}\n", verbose_name(*object)));
        if (auto gone = remove_object(*object); !gone) {
            fail(gone.error());
            return;
        }
        ++removed_;
    }

    void fail(const Error& error)
    {
        cli::report(error);
        ++failed_;
    }

    void note(const Object& object, std::string_view why)
    {
        if (o_.verbose)
            cli::Out::get().write(fmt::format("skipping {}: {}\n", verbose_name(object), why));
    }

    void summarize()
    {
        auto& out = cli::Out::get();
        if (plan_.legacy && !o_.dry_run && failed_ == 0)
            out.write("resource(s) deleted\n"); // as ipcrm's legacy form says
        if (!o_.verbose)
            return;
        const auto objects = [](int n) { return fmt::format("{} object{}", n, n == 1 ? "" : "s"); };
        std::string line = o_.dry_run ? fmt::format("would remove {}", objects(removed_))
                                      : fmt::format("removed {}", objects(removed_));
        if (failed_ > 0)
            line += fmt::format(", {} failed", failed_);
        if (skipped_ > 0)
            line += fmt::format(", {} skipped", skipped_);
        out.write(line + "\n");
    }

    static std::string key_of(const Object& o)
    {
        return is_sysv(o.kind) ? fmt::format("{}:{}", kind_name(o.kind), o.id)
                               : fmt::format("{}:{}", kind_name(o.kind), o.name);
    }

    const Options& o_;
    const Plan& plan_;
    std::map<Kind, std::vector<Object>> sysv_;
    std::set<std::string> done_; // objects already acted on, by key_of
    int removed_ = 0;
    int failed_ = 0;
    int skipped_ = 0;
};

int run(Options& o)
{
    auto plan = validate(o);
    if (!plan)
        return cli::usage(plan.error().message());
    // Before anything is read: every object and process seen afterwards is
    // the other namespace's.
    if (plan->ns)
        if (auto entered = enter_namespaces(*plan->ns); !entered) {
            cli::report(entered.error());
            return exit_failure;
        }
    return Remover(o, *plan).run();
}

} // namespace

int main(int argc, char** argv)
{
    return ipcutil::cli::main<Options>(argc, argv, "xipcrm", make_app, run);
}
