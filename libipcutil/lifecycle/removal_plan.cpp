#include "libipcutil/lifecycle/removal_plan.hpp"

#include <set>
#include <utility>

#include <fmt/format.h>

#include "libipcutil/core/parse.hpp"
#include "libipcutil/core/select.hpp"
#include "libipcutil/holders/namespaces.hpp"

namespace ipcutil {
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
    const bool mq = kind == Kind::posix_mq;
    if ((sel->folder == Selector::Folder::shm && mq) || (sel->folder == Selector::Folder::mqueue && !mq))
        return std::unexpected(usage_error(fmt::format("invalid name: '{}' (not a {})", text, kind_words(kind))));
    std::string name = sel->name;
    // /dev/shm/sem.NAME is the file behind semaphore /NAME.
    if (kind == Kind::posix_sem && sel->folder == Selector::Folder::shm) {
        if (!name.starts_with("sem.") || name.size() == 4)
            return std::unexpected(
                usage_error(fmt::format("invalid name: '{}' (semaphore files are /dev/shm/sem.NAME)", text)));
        name.erase(0, 4);
    }
    return name;
}

// The legacy form `shm|msg|sem ID...`, or a refusal that says why.
Result<void> parse_operands(const RemovalRequest& r, RemovalPlan& plan)
{
    if (r.operands.empty())
        return {};
    const std::string& first = r.operands.front();
    if (r.all && !r.all_list)
        return std::unexpected(usage_error(fmt::format(
            "unknown argument: '{}' (a list for -a must be attached: -a{} or --all={})", first, first, first)));
    const std::pair<std::string_view, Kind> legacy[] = {
        {"shm", Kind::sysv_shm}, {"msg", Kind::sysv_msg}, {"sem", Kind::sysv_sem}};
    for (auto [word, kind] : legacy) {
        if (first != word)
            continue;
        if (r.operands.size() < 2)
            return std::unexpected(usage_error(fmt::format("not enough arguments: '{}' needs ids", first)));
        for (std::size_t i = 1; i < r.operands.size(); ++i) {
            auto t = parse_removal_target(kind, RemovalTarget::By::id, r.operands[i]);
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
Result<void> parse_narrowing(const RemovalRequest& r, RemovalPlan& plan)
{
    if (r.grace) {
        if (!r.orphans)
            return std::unexpected(usage_error("--grace goes with --orphans"));
        auto grace = parse_duration(*r.grace);
        if (!grace)
            return std::unexpected(grace.error());
        plan.grace = *grace;
    }
    if (r.ns) {
        auto pid = parse_ns_pid(*r.ns);
        if (!pid)
            return std::unexpected(pid.error());
        plan.ns = *pid;
    }
    if (r.owner) {
        auto uid = parse_owner(*r.owner);
        if (!uid)
            return std::unexpected(uid.error());
        plan.filters.owner = *uid;
    }
    if (r.older_than) {
        auto age = parse_duration(*r.older_than);
        if (!age)
            return std::unexpected(age.error());
        plan.filters.older_than = *age;
    }
    return {};
}

} // namespace

Result<RemovalTarget> parse_removal_target(Kind kind, RemovalTarget::By by, std::string_view text)
{
    RemovalTarget t;
    t.kind = kind;
    t.by = by;
    switch (by) {
    case RemovalTarget::By::id: {
        auto id = parse_id(text);
        if (!id)
            return std::unexpected(id.error());
        t.id = *id;
        break;
    }
    case RemovalTarget::By::key: {
        auto key = parse_key(text, /*allow_private=*/true);
        if (!key)
            return std::unexpected(key.error());
        t.key = *key;
        break;
    }
    case RemovalTarget::By::name: {
        auto name = parse_target_name(kind, text);
        if (!name)
            return std::unexpected(name.error());
        t.name = std::move(*name);
        break;
    }
    }
    return t;
}

Result<std::vector<Kind>> parse_removal_kinds(const std::optional<std::string>& list)
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

Result<RemovalPlan> plan_removal(const RemovalRequest& r)
{
    RemovalPlan plan;
    for (const auto& typed : r.targets) {
        auto t = parse_removal_target(typed.kind, typed.by, typed.text);
        if (!t)
            return std::unexpected(t.error());
        plan.targets.push_back(std::move(*t));
    }
    if (auto ok = parse_operands(r, plan); !ok)
        return std::unexpected(ok.error());
    if (r.all || r.orphans) {
        auto kinds = parse_removal_kinds(r.all_list);
        if (!kinds)
            return std::unexpected(kinds.error());
        plan.all_kinds = std::move(*kinds);
    }
    plan.orphans = r.orphans;
    plan.dry_run = r.dry_run;
    if (auto ok = parse_narrowing(r, plan); !ok)
        return std::unexpected(ok.error());
    if (plan.filters.active() && plan.all_kinds.empty())
        return std::unexpected(usage_error("--owner and --older-than narrow --all or --orphans: add -a or --orphans"));
    if (plan.targets.empty() && plan.all_kinds.empty())
        return std::unexpected(usage_error("nothing to remove: name an object or use --all or --orphans"));
    return plan;
}

} // namespace ipcutil
