#include "plan/xipcrm_plan.hpp"

#include <chrono>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "libipcutil/core/parse.hpp"
#include "libipcutil/core/select.hpp"
#include "libipcutil/holders/namespaces.hpp"

namespace xipcrm {

using namespace ipcutil;
using By = RemovalTarget::By;

cli::App make_app(Options& o)
{
    cli::App app("Remove IPC resources: System V by id or key, POSIX by name, or all of a kind.",
                 "xipcrm [options]\n xipcrm shm|msg|sem <id>...");
    // Each occurrence is recorded as it is read: the order typed is the
    // order of removal.  One value per occurrence, as getopt: `-m 1 2`
    // leaves 2 an operand.
    const auto add = [&](const char* names, Kind kind, By by, const char* help, const char* type) {
        app->add_option_function<std::string>(
               names,
               [&o, kind, by](const std::string& text) {
                   o.targets.push_back({kind, by, text});
               },
               help)
            ->type_name(type)
            ->trigger_on_parse();
    };
    add("-m,--shmem-id", Kind::sysv_shm, By::id, "remove shared memory segment by id", "id");
    add("-M,--shmem-key", Kind::sysv_shm, By::key, "remove shared memory segment by key", "key");
    add("--posix-shmem", Kind::posix_shm, By::name, "remove POSIX shared memory by name", "name");
    add("-q,--queue-id", Kind::sysv_msg, By::id, "remove message queue by id", "id");
    add("-Q,--queue-key", Kind::sysv_msg, By::key, "remove message queue by key", "key");
    add("--posix-mqueue", Kind::posix_mq, By::name, "remove POSIX message queue by name", "name");
    add("-s,--semaphore-id", Kind::sysv_sem, By::id, "remove semaphore set by id", "id");
    add("-S,--semaphore-key", Kind::sysv_sem, By::key, "remove semaphore set by key", "key");
    add("--posix-semaphore", Kind::posix_sem, By::name, "remove POSIX semaphore by name", "name");
    app.add_optional_value("-a,--all", o.all, "shm|msg|sem|pshm|pmsg|psem",
                           "remove all (of the kinds listed, comma-separated)");
    app->add_option("--owner", o.owner, "with --all: only objects this user owns")->type_name("user");
    app->add_option("--older-than", o.older_than, "with --all: only objects unchanged for <duration>")
        ->type_name("duration");
    app->add_flag("--orphans", o.orphans, "only orphans: unused, creator gone; implies --all");
    app->add_option("--grace", o.grace,
                    fmt::format("spare objects fresher than this (default {}s)",
                                std::chrono::duration_cast<std::chrono::seconds>(default_orphan_grace).count()))
        ->type_name("duration");
    app->add_option("--ns", o.ns, "enter the IPC namespace of a process or a file")->type_name("pid|file");
    app->add_flag("-A,--all-namespaces", o.all_namespaces, "with --orphans: in every IPC namespace (root)");
    app->add_flag("-n,--dry-run", o.dry_run, "show what would be removed, remove nothing");
    app->add_flag("-v,--verbose", o.verbose, "explain what is being done, and sum up");
    app->add_option("operands", o.operands)->group("");
    return app;
}

namespace {

// --all's words, in the order ipcrm removes them.
constexpr std::pair<std::string_view, Kind> all_words[] = {
    {"shm", Kind::sysv_shm},   {"pshm", Kind::posix_shm}, {"sem", Kind::sysv_sem},
    {"psem", Kind::posix_sem}, {"msg", Kind::sysv_msg},   {"pmsg", Kind::posix_mq},
};

Result<std::string> parse_target_name(Kind kind, std::string_view text)
{
    auto sel = selector_from_name(text);
    if (!sel)
        return std::unexpected(sel.error());
    // /dev/shm/sem.NAME is the file behind semaphore /NAME.
    auto narrowed = selector_for(*sel, kind);
    if (!narrowed)
        return std::unexpected(narrowed.error());
    return narrowed->name;
}

// The legacy form `shm|msg|sem ID...`, or a refusal that says why.
Result<void> parse_operands(const Options& o, RemovalPlan& plan)
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
            auto t = parse_target(kind, By::id, o.operands[i]);
            if (!t)
                return std::unexpected(t.error());
            plan.targets.push_back(std::move(*t));
        }
        plan.legacy = true;
        return {};
    }
    // A hurried `xipcrm /jobs` or `xipcrm 42` deserves the way to say it.
    return std::unexpected(
        usage_error(fmt::format("unknown argument: '{}' (name objects with -m/-q/-s ID, -M/-Q/-S KEY or "
                                "--posix-shmem/--posix-mqueue/--posix-semaphore NAME)",
                                quote(first))));
}

// --grace, --ns, --owner, --older-than, in that order.
Result<void> parse_narrowing(const Options& o, RemovalPlan& plan)
{
    if (o.grace) {
        if (!o.orphans)
            return std::unexpected(usage_error("--grace goes with --orphans"));
        auto grace = parse_duration(*o.grace);
        if (!grace)
            return std::unexpected(grace.error());
        plan.grace = *grace;
    }
    if (o.ns) {
        auto ns = parse_ns(*o.ns);
        if (!ns)
            return std::unexpected(ns.error());
        plan.ns = std::move(*ns);
    }
    if (o.owner) {
        auto uid = parse_owner(*o.owner);
        if (!uid)
            return std::unexpected(uid.error());
        plan.filters.owner = *uid;
    }
    if (o.older_than) {
        auto age = parse_duration(*o.older_than);
        if (!age)
            return std::unexpected(age.error());
        plan.filters.older_than = *age;
    }
    return {};
}

} // namespace

Result<RemovalTarget> parse_target(Kind kind, By by, std::string_view text)
{
    RemovalTarget t;
    t.kind = kind;
    t.by = by;
    switch (by) {
    case By::id: {
        auto id = parse_id(text);
        if (!id)
            return std::unexpected(id.error());
        t.id = *id;
        break;
    }
    case By::key: {
        auto key = parse_key(text, /*allow_private=*/true);
        if (!key)
            return std::unexpected(key.error());
        t.key = *key;
        break;
    }
    case By::name: {
        auto name = parse_target_name(kind, text);
        if (!name)
            return std::unexpected(name.error());
        t.name = std::move(*name);
        break;
    }
    }
    return t;
}

Result<std::vector<Kind>> parse_kinds(const std::optional<std::string>& list)
{
    std::vector<Kind> kinds;
    if (!list) {
        for (auto [word, kind] : all_words)
            kinds.push_back(kind);
        return kinds;
    }
    std::set<Kind> chosen;
    std::string_view rest = *list;
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
                "invalid --all list: '{}' (expected shm, msg, sem, pshm, pmsg or psem, comma-separated)", *list)));
        if (comma == std::string_view::npos)
            break;
        rest.remove_prefix(comma + 1);
    }
    for (auto [word, kind] : all_words)
        if (chosen.contains(kind))
            kinds.push_back(kind);
    return kinds;
}

// -A sweeps orphans in every namespace: ids, keys and names are per
// namespace (--ns looks into one), and a sweep of --all everywhere is one
// typo from wiping every container's IPC.
Result<void> check_all_namespaces(const Options& o)
{
    if (!o.all_namespaces)
        return {};
    if (!o.targets.empty() || !o.operands.empty())
        return std::unexpected(usage_error("--all-namespaces cannot be combined with ids, keys or names "
                                           "(they are per namespace: use --ns for one)"));
    if (o.ns)
        return std::unexpected(usage_error("--all-namespaces cannot be combined with --ns"));
    if (!o.orphans)
        return std::unexpected(usage_error("--all-namespaces removes orphans only: add --orphans"));
    return {};
}

Result<RemovalPlan> plan(const Options& o)
{
    RemovalPlan plan;
    for (const auto& typed : o.targets) {
        auto t = parse_target(typed.kind, typed.by, typed.text);
        if (!t)
            return std::unexpected(t.error());
        plan.targets.push_back(std::move(*t));
    }
    if (auto ok = parse_operands(o, plan); !ok)
        return std::unexpected(ok.error());
    if (o.all.given || o.orphans) {
        auto kinds = parse_kinds(o.all.value);
        if (!kinds)
            return std::unexpected(kinds.error());
        plan.all_kinds = std::move(*kinds);
    }
    plan.orphans = o.orphans;
    plan.dry_run = o.dry_run;
    if (auto ok = check_all_namespaces(o); !ok)
        return std::unexpected(ok.error());
    plan.all_namespaces = o.all_namespaces;
    if (auto ok = parse_narrowing(o, plan); !ok)
        return std::unexpected(ok.error());
    if (plan.filters.active() && plan.all_kinds.empty())
        return std::unexpected(usage_error("--owner and --older-than narrow --all or --orphans: add -a or --orphans"));
    if (plan.targets.empty() && plan.all_kinds.empty())
        return std::unexpected(usage_error("nothing to remove: name an object or use --all or --orphans"));
    return plan;
}

} // namespace xipcrm
