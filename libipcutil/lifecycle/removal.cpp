#include "libipcutil/lifecycle/removal.hpp"

#include <sys/ipc.h>

#include <algorithm>
#include <set>
#include <span>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "libipcutil/core/format.hpp"
#include "libipcutil/core/parse.hpp"
#include "libipcutil/holders/orphans.hpp"
#include "libipcutil/kernel/objects.hpp"
#include "libipcutil/kernel/posix.hpp"
#include "libipcutil/kernel/sysv.hpp"
#include "libipcutil/list/attribute.hpp"
#include "libipcutil/list/audit.hpp"

namespace ipcutil {
namespace {

// One run of a plan: what was done so far, and the counts.
class Remover {
  public:
    Remover(const RemovalPlan& plan, RemovalEvents& events, Sys& sys) : plan_(plan), events_(events), sys_(sys) {}

    RemovalCounts run()
    {
        for (const RemovalTarget& t : plan_.targets)
            act(resolve(t));
        if (!plan_.all_kinds.empty()) {
            std::vector<Object> listed = candidates();
            if (plan_.orphans)
                keep_orphans(listed);
            events_.listed();
            if (plan_.orphans)
                remove_orphans(listed);
            else
                for (const Object& object : listed)
                    if (still_listed(object))
                        act(object);
        }
        return counts_;
    }

  private:
    // The System V object an id names, by IPC_STAT: no listing, so that a
    // listing that fails is never taken for "not found".
    Result<Object> find_sysv(Kind kind, int id, const std::string& what)
    {
        auto object = stat_sysv(kind, id, sys_);
        if (object)
            return object;
        const int err = object.error().err;
        if (err != EACCES && err != EPERM)
            return std::unexpected(sys_error("remove", what, err));
        // Unreadable to us: its /proc row says whose it is (for --dry-run);
        // without one the kernel decides.
        if (auto all = list_sysv(kind, sys_))
            for (Object& o : *all)
                if (o.id == id)
                    return std::move(o);
        Object bare;
        bare.kind = kind;
        bare.id = id;
        unknown_owner_.insert(key_of(bare));
        return bare;
    }

    // A POSIX name: stat'ed; a queue while /dev/mqueue is not mounted goes
    // by name all the same (mq_unlink needs no mount, only a listing does).
    Result<Object> find_posix(Kind kind, const std::string& name)
    {
        const std::string what = fmt::format("{} /{}", kind_words(kind), name);
        if (kind == Kind::posix_mq && !mqueue_mounted(sys_)) {
            if (plan_.dry_run)
                if (auto open = sys_.mq_open("/" + name, O_RDONLY | O_NONBLOCK, 0, nullptr);
                    !open && open.error() == ENOENT)
                    return std::unexpected(sys_error("remove", what, ENOENT));
            Object bare;
            bare.kind = kind;
            bare.name = name;
            unknown_owner_.insert(key_of(bare));
            return bare;
        }
        auto object = stat_posix(kind, name, sys_);
        if (!object) {
            Error e = object.error();
            e.op = "remove";
            e.object = what;
            return std::unexpected(e);
        }
        return object;
    }

    // The object a command-line target names, or why there is none.
    Result<Object> resolve(const RemovalTarget& t)
    {
        switch (t.by) {
        case RemovalTarget::By::id: return find_sysv(t.kind, t.id, fmt::format("{} id {}", kind_words(t.kind), t.id));
        case RemovalTarget::By::key: {
            const std::string what = fmt::format("{} key {}", kind_words(t.kind), format_key(t.key));
            if (t.key == IPC_PRIVATE)
                return std::unexpected(
                    failure("remove", what, "invalid key 0 (IPC_PRIVATE names no object; remove it by id)"));
            auto id = sysv_id_for_key(t.kind, t.key, sys_);
            if (!id)
                return std::unexpected(sys_error("remove", what, id.error().err));
            return find_sysv(t.kind, *id, what);
        }
        case RemovalTarget::By::name: return find_posix(t.kind, t.name);
        }
        return std::unexpected(failure("remove", "", "unknown target"));
    }

    // Every object of the --all kinds that passes the filters, minus those
    // already handled.  (A later filter, such as orphans, is one more step
    // over this list.)
    std::vector<Object> candidates()
    {
        std::vector<Object> out;
        const std::time_t now = sys_.now();
        for (Kind kind : plan_.all_kinds) {
            std::vector<std::string> warnings;
            auto list = is_sysv(kind) ? list_sysv(kind, sys_) : list_posix(kind, warnings, sys_);
            for (const auto& w : warnings)
                events_.problem(w);
            if (!list) {
                fail(list.error());
                continue;
            }
            for (Object& object : *list)
                if (plan_.filters.keeps(object, now) && !done_.contains(key_of(object)))
                    out.push_back(std::move(object));
        }
        return out;
    }

    // The orphan rule over the listed objects: one /proc pass finds every
    // process that maps or holds them, then only orphans stay.  What the
    // pass could not prove unused (it did not see every process) is said
    // once per object and left.
    void keep_orphans(std::vector<Object>& listed)
    {
        auto stats = attribute_holders(std::span<Object>(listed), {}, sys_);
        if (!stats) {
            // Without /proc nothing can be shown unused: remove nothing.
            events_.problem(stats.error().message() + "; no orphan removed");
            ++counts_.failed;
            listed.clear();
            return;
        }
        const OrphanPolicy policy = orphan_policy(stats->sight);
        bool unprovable = false;
        std::erase_if(listed, [&](const Object& object) {
            const Verdict verdict = classify_orphan(object, policy, sys_);
            if (verdict == Verdict::unprovable) {
                cannot_prove(object, stats->sight);
                unprovable = true;
            }
            return verdict != Verdict::orphan;
        });
        if (!unprovable)
            if (auto warning = attribution_warning(*stats))
                events_.problem(*warning);
    }

    void cannot_prove(const Object& object, const ProcSight& sight)
    {
        events_.problem(
            fmt::format("remove {}: cannot prove it an orphan: {}; left in place", describe(object), sight.why()));
        ++counts_.failed;
    }

    // Orphans are removed only if they still are: a fresh /proc pass over
    // just them, then, right before each goes, its own re-check.
    void remove_orphans(const std::vector<Object>& orphans)
    {
        if (orphans.empty())
            return;
        AttributionStats stats;
        auto fresh = rescan_holders(orphans, &stats, sys_);
        if (!fresh) {
            events_.problem(fresh.error().message() + "; no orphan removed");
            counts_.failed += static_cast<int>(orphans.size());
            return;
        }
        for (std::size_t i = 0; i < orphans.size(); ++i)
            if (still_listed(orphans[i]))
                act_orphan(orphans[i], (*fresh)[i], stats.sight);
    }

    void act_orphan(const Object& listed, const std::vector<Holder>& holders, const ProcSight& sight)
    {
        // The kernel would refuse: say so without looking further (the
        // re-check itself may need read permission we lack).
        if (!may_remove(listed, sys_)) {
            fail(sys_error("remove", describe(listed), EPERM));
            return;
        }
        const Recheck check = recheck_orphan(listed, holders, orphan_policy(sight), sys_);
        switch (check.outcome) {
        case Recheck::still_orphan: act(listed); return;
        case Recheck::gone: events_.skipping(listed, "gone before it was removed"); return;
        case Recheck::not_orphan:
            if (check.verdict == Verdict::unprovable) {
                cannot_prove(listed, sight);
                return;
            }
            events_.skipping(listed,
                             fmt::format("no longer an orphan ({}); left in place", verdict_words(check.verdict)));
            ++counts_.skipped;
            return;
        case Recheck::replaced:
            events_.problem(fmt::format("check {}: replaced by another object since it was listed; left in place",
                                        printable(describe(listed))));
            ++counts_.skipped;
            return;
        case Recheck::unknown:
            events_.problem((check.error ? check.error->message() : "check " + printable(describe(listed)))
                            + "; left in place");
            ++counts_.failed;
            return;
        }
    }

    OrphanPolicy orphan_policy(const ProcSight& sight) const
    {
        OrphanPolicy policy;
        policy.now = sys_.now();
        policy.grace = plan_.grace;
        policy.sight = sight;
        return policy;
    }

    // Whether `listed` is still there, the same object, and still passes the
    // filters; if not, say why.
    bool still_listed(const Object& listed)
    {
        auto now = restat(listed, sys_);
        if (!now) {
            if (now.error().err == ENOENT) {
                events_.skipping(listed, "gone before it was removed");
                return false;
            }
            if (now.error().detail.empty()) {
                // Unreadable now: let the kernel decide as for a named object.
                return true;
            }
            events_.problem(now.error().message() + "; left in place");
            ++counts_.skipped;
            return false;
        }
        if (!plan_.filters.keeps(*now, sys_.now())) {
            events_.skipping(listed, "no longer matches; left in place");
            ++counts_.skipped;
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
        const std::string key = key_of(*object);
        const bool again = !done_.insert(key).second;
        if (plan_.dry_run) {
            if (again) { // named twice: the first would have removed it
                fail(sys_error("remove", describe(*object), ENOENT));
                return;
            }
            // An object whose owner we could not learn: the kernel would say.
            if (!unknown_owner_.contains(key) && !may_remove(*object, sys_)) {
                fail(sys_error("remove", describe(*object), EPERM));
                return;
            }
            events_.removing(*object);
            ++counts_.removed;
            return;
        }
        events_.removing(*object);
        if (auto gone = remove_object(*object, sys_); !gone) {
            fail(gone.error());
            return;
        }
        ++counts_.removed;
    }

    void fail(const Error& error)
    {
        events_.problem(error.message());
        ++counts_.failed;
    }

    static std::string key_of(const Object& o)
    {
        return is_sysv(o.kind) ? fmt::format("{}:{}", kind_name(o.kind), o.id)
                               : fmt::format("{}:{}", kind_name(o.kind), o.name);
    }

    const RemovalPlan& plan_;
    RemovalEvents& events_;
    Sys& sys_;
    std::set<std::string> done_;          // objects already acted on, by key_of
    std::set<std::string> unknown_owner_; // named objects found without their owner, by key_of
    RemovalCounts counts_;
};

} // namespace

RemovalCounts run_removal(const RemovalPlan& plan, RemovalEvents& events, Sys& sys)
{
    return Remover(plan, events, sys).run();
}

std::string removal_name(const Object& o)
{
    switch (o.kind) {
    case Kind::sysv_shm: return fmt::format("shared memory segment id `{}'", o.id);
    case Kind::sysv_msg: return fmt::format("message queue id `{}'", o.id);
    case Kind::sysv_sem: return fmt::format("semaphore id `{}'", o.id);
    case Kind::fifo: return fmt::format("FIFO `{}'", printable(o.path));
    default: return fmt::format("{} `/{}'", kind_words(o.kind), printable(o.name));
    }
}

std::string removal_summary(const RemovalCounts& counts, bool dry_run)
{
    const auto objects = [](int n) { return fmt::format("{} object{}", n, n == 1 ? "" : "s"); };
    std::string line = dry_run ? fmt::format("would remove {}", objects(counts.removed))
                               : fmt::format("removed {}", objects(counts.removed));
    if (counts.failed > 0)
        line += fmt::format(", {} failed", counts.failed);
    if (counts.skipped > 0)
        line += fmt::format(", {} skipped", counts.skipped);
    return line;
}

} // namespace ipcutil
