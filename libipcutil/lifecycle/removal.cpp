#include "libipcutil/lifecycle/removal.hpp"

#include <sys/ipc.h>

#include <map>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "libipcutil/core/format.hpp"
#include "libipcutil/core/parse.hpp"
#include "libipcutil/kernel/posix.hpp"
#include "libipcutil/kernel/remove.hpp"
#include "libipcutil/kernel/sysv.hpp"
#include "libipcutil/list/attribute.hpp"
#include "libipcutil/list/audit.hpp"

namespace ipcutil {
namespace {

struct RealRemovalSys final : RemovalSys {
    Result<std::vector<Object>> list_sysv(Kind kind) override { return ipcutil::list_sysv(kind); }
    Result<std::vector<Object>> list_posix(Kind kind, std::vector<std::string>& warnings) override
    {
        return ipcutil::list_posix(kind, warnings);
    }
    Result<int> sysv_id_for_key(Kind kind, key_t key) override { return ipcutil::sysv_id_for_key(kind, key); }
    Result<Object> stat_posix(Kind kind, const std::string& name) override { return ipcutil::stat_posix(kind, name); }
    Result<AttributionStats> attribute_holders(std::span<Object> objects) override
    {
        return ipcutil::attribute_holders(objects);
    }
    Result<std::vector<std::vector<Holder>>> rescan_holders(std::span<const Object> objects) override
    {
        return ipcutil::rescan_holders(objects);
    }
    Recheck recheck_orphan(const Object& listed, std::span<const Holder> holders, const OrphanPolicy& policy) override
    {
        return ipcutil::recheck_orphan(listed, holders, policy);
    }
    bool may_remove(const Object& object) override { return ipcutil::may_remove(object); }
    Result<Object> restat(const Object& listed) override { return ipcutil::restat(listed); }
    Result<void> remove(const Object& object) override { return remove_object(object); }
    bool process_running(pid_t pid) override { return ipcutil::process_running(pid); }
    std::time_t now() override { return std::time(nullptr); }
};

// One run of a plan: what was done so far, and the counts.
class Remover {
  public:
    Remover(const RemovalPlan& plan, RemovalEvents& events, RemovalSys& sys) : plan_(plan), events_(events), sys_(sys)
    {
    }

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
    // The System V objects of a kind, read once (from /proc/sysvipc, which
    // shows objects the caller may not read).
    const std::vector<Object>& sysv(Kind kind)
    {
        auto it = sysv_.find(kind);
        if (it == sysv_.end()) {
            auto list = sys_.list_sysv(kind);
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
    Result<Object> resolve(const RemovalTarget& t)
    {
        switch (t.by) {
        case RemovalTarget::By::id: return find_sysv(t.kind, t.id, fmt::format("{} id {}", kind_words(t.kind), t.id));
        case RemovalTarget::By::key: {
            const std::string what = fmt::format("{} key {}", kind_words(t.kind), format_key(t.key));
            if (t.key == IPC_PRIVATE)
                return std::unexpected(
                    failure("remove", what, "invalid key 0 (IPC_PRIVATE names no object; remove it by id)"));
            auto id = sys_.sysv_id_for_key(t.kind, t.key);
            if (!id)
                return std::unexpected(sys_error("remove", what, id.error().err));
            return find_sysv(t.kind, *id, what);
        }
        case RemovalTarget::By::name: {
            auto object = sys_.stat_posix(t.kind, t.name);
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
        const std::time_t now = sys_.now();
        for (Kind kind : plan_.all_kinds) {
            std::vector<std::string> warnings;
            auto list = is_sysv(kind) ? sys_.list_sysv(kind) : sys_.list_posix(kind, warnings);
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
    // process that maps or holds them, then only orphans stay.
    void keep_orphans(std::vector<Object>& listed)
    {
        auto stats = sys_.attribute_holders(std::span<Object>(listed));
        if (!stats) {
            // Without /proc nothing can be shown unused: remove nothing.
            events_.problem(stats.error().message() + "; no orphan removed");
            ++counts_.failed;
            listed.clear();
            return;
        }
        if (auto warning = attribution_warning(*stats))
            events_.problem(*warning);
        const OrphanPolicy policy = orphan_policy();
        std::erase_if(listed, [&](const Object& object) { return !is_orphan(object, policy); });
    }

    // Orphans are removed only if they still are: a fresh /proc pass over
    // just them, then, right before each goes, its own re-check.
    void remove_orphans(const std::vector<Object>& orphans)
    {
        if (orphans.empty())
            return;
        auto fresh = sys_.rescan_holders(orphans);
        if (!fresh) {
            events_.problem(fresh.error().message() + "; no orphan removed");
            counts_.failed += static_cast<int>(orphans.size());
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
        if (!sys_.may_remove(listed)) {
            fail(sys_error("remove", describe(listed), EPERM));
            return;
        }
        const Recheck check = sys_.recheck_orphan(listed, holders, orphan_policy());
        switch (check.outcome) {
        case Recheck::still_orphan: act(listed); return;
        case Recheck::gone: events_.skipping(listed, "gone before it was removed"); return;
        case Recheck::not_orphan:
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

    OrphanPolicy orphan_policy() const
    {
        OrphanPolicy policy;
        policy.now = sys_.now();
        policy.grace = plan_.grace;
        // As xipcs: a zombie creator is gone.
        policy.pid_alive = [&sys = sys_](pid_t pid) { return sys.process_running(pid); };
        return policy;
    }

    // Whether `listed` is still there, the same object, and still passes the
    // filters; if not, say why.
    bool still_listed(const Object& listed)
    {
        auto now = sys_.restat(listed);
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
        const bool again = !done_.insert(key_of(*object)).second;
        if (plan_.dry_run) {
            if (again) { // named twice: the first would have removed it
                fail(sys_error("remove", describe(*object), ENOENT));
                return;
            }
            if (!sys_.may_remove(*object)) {
                fail(sys_error("remove", describe(*object), EPERM));
                return;
            }
            events_.removing(*object);
            ++counts_.removed;
            return;
        }
        events_.removing(*object);
        if (auto gone = sys_.remove(*object); !gone) {
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
    RemovalSys& sys_;
    std::map<Kind, std::vector<Object>> sysv_;
    std::set<std::string> done_; // objects already acted on, by key_of
    RemovalCounts counts_;
};

} // namespace

RemovalSys& real_removal_sys()
{
    static RealRemovalSys sys;
    return sys;
}

RemovalCounts run_removal(const RemovalPlan& plan, RemovalEvents& events, RemovalSys& sys)
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
