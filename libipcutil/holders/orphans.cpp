#include "libipcutil/holders/orphans.hpp"

#include <signal.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>

#include <fmt/format.h>

#include "libipcutil/kernel/posix.hpp"

namespace ipcutil {
namespace {

std::optional<std::time_t> unset_if_zero(std::time_t t)
{
    if (t == 0)
        return std::nullopt;
    return t;
}

// Younger than the grace period, measured from `since` (a missing time is
// no evidence of youth).  A time in the future counts as young.
bool within_grace(std::optional<std::time_t> since, const OrphanPolicy& policy)
{
    if (!since || policy.grace.count() <= 0)
        return false;
    const auto age = std::chrono::seconds(policy.now - *since);
    return age < policy.grace;
}

std::optional<std::time_t> newest(std::optional<std::time_t> a, std::optional<std::time_t> b)
{
    if (!a)
        return b;
    if (!b)
        return a;
    return std::max(*a, *b);
}

Recheck unknown(Error error)
{
    Recheck r;
    r.outcome = Recheck::unknown;
    r.error = std::move(error);
    return r;
}

Recheck outcome(Recheck::Outcome o)
{
    Recheck r;
    r.outcome = o;
    return r;
}

// The fresh state of a System V segment, or why there is none.
std::optional<Recheck> refresh_sysv(const Object& listed, Object& fresh, Sys& sys)
{
    shmid_ds ds{};
    if (auto done = sys.shmctl(listed.id, IPC_STAT, &ds); !done) {
        if (done.error() == EIDRM || done.error() == EINVAL)
            return outcome(Recheck::gone);
        return unknown(sys_error("check", describe(listed), done.error()));
    }
    // The id can be reused by a new segment once the old one is gone.
    if (ds.shm_perm.__key != listed.key || ds.shm_perm.cuid != listed.cuid || ds.shm_cpid != listed.cpid)
        return outcome(Recheck::replaced);
    fresh.nattch = ds.shm_nattch;
    fresh.dest = (ds.shm_perm.mode & SHM_DEST) != 0;
    fresh.lpid = ds.shm_lpid;
    fresh.atime = unset_if_zero(ds.shm_atime);
    fresh.dtime = unset_if_zero(ds.shm_dtime);
    fresh.ctime = unset_if_zero(ds.shm_ctime);
    return std::nullopt;
}

// The fresh state of a POSIX object's file, or why there is none.
std::optional<Recheck> refresh_posix(const Object& listed, Object& fresh, Sys& sys)
{
    const std::string path = listed.path.empty() ? posix_path(listed.kind, listed.name) : listed.path;
    const auto st = sys.stat(AT_FDCWD, path, false);
    if (!st) {
        if (st.error() == ENOENT)
            return outcome(Recheck::gone);
        return unknown(sys_error("check", describe(listed), st.error()));
    }
    if (!S_ISREG(st->st_mode) || st->st_ino != listed.inode || st->st_uid != listed.uid)
        return outcome(Recheck::replaced);
    fresh.atime = unset_if_zero(st->st_atime);
    fresh.dtime = unset_if_zero(st->st_mtime);
    fresh.ctime = unset_if_zero(st->st_ctime);
    return std::nullopt;
}

// A zombie's /proc/PID/stat: "PID (COMM) Z ...", where COMM may hold spaces
// and parentheses.
bool zombie(Sys& sys, pid_t pid)
{
    std::string stat;
    if (!sys.read_file(AT_FDCWD, fmt::format("/proc/{}/stat", pid), stat))
        return false; // doubt never makes an orphan
    const std::size_t close = stat.rfind(')');
    return close != std::string::npos && close + 2 < stat.size() && stat[close + 2] == 'Z';
}

} // namespace

bool process_alive(pid_t pid, Sys& sys)
{
    if (pid <= 0)
        return false;
    if (auto probed = sys.kill(pid, 0); !probed && probed.error() == ESRCH)
        return false;
    return !zombie(sys, pid);
}

std::string_view verdict_words(Verdict verdict)
{
    switch (verdict) {
    case Verdict::orphan: return "orphan";
    case Verdict::held: return "mapped or held by a process";
    case Verdict::attached: return "attached";
    case Verdict::creator_alive: return "creator still running";
    case Verdict::creator_unknown: return "creator in another pid namespace";
    case Verdict::fresh: return "younger than the grace period";
    case Verdict::unprovable: return "not provably unused: /proc did not show every process";
    case Verdict::not_applicable: return "never an orphan (nothing attaches to it)";
    }
    return "?";
}

Verdict classify_orphan(const Object& o, const OrphanPolicy& policy, Sys& sys)
{
    switch (o.kind) {
    case Kind::sysv_msg:
    case Kind::sysv_sem:
    case Kind::fifo: return Verdict::not_applicable;
    case Kind::sysv_shm: {
        if (o.nattch > 0)
            return Verdict::attached;
        if (!o.holders.empty())
            return Verdict::held;
        if (!o.atime && within_grace(o.ctime, policy))
            return Verdict::fresh;
        if (o.cpid == 0)
            return Verdict::creator_unknown;
        const bool alive = policy.pid_alive ? policy.pid_alive(o.cpid) : process_alive(o.cpid, sys);
        return alive ? Verdict::creator_alive : Verdict::orphan;
    }
    default:
        if (!o.holders.empty())
            return Verdict::held;
        if (within_grace(newest(o.ctime, o.dtime), policy))
            return Verdict::fresh;
        // Nobody seen holds it: that proves nothing unless /proc showed
        // everybody.
        if (!policy.sight || !policy.sight->full())
            return Verdict::unprovable;
        return Verdict::orphan;
    }
}

Recheck recheck_orphan(const Object& listed, std::span<const Holder> fresh_holders, const OrphanPolicy& policy,
                       Sys& sys)
{
    Object fresh = listed;
    fresh.holders.assign(fresh_holders.begin(), fresh_holders.end());
    if (listed.kind == Kind::sysv_shm) {
        if (auto early = refresh_sysv(listed, fresh, sys))
            return *early;
    } else if (!is_sysv(listed.kind) && listed.kind != Kind::fifo) {
        if (auto early = refresh_posix(listed, fresh, sys))
            return *early;
    }
    Recheck r;
    r.verdict = classify_orphan(fresh, policy, sys);
    r.outcome = r.verdict == Verdict::orphan ? Recheck::still_orphan : Recheck::not_orphan;
    return r;
}

Result<std::vector<std::vector<Holder>>> rescan_holders(std::span<const Object> candidates, AttributionStats* stats,
                                                        Sys& sys)
{
    std::vector<Object> copies(candidates.begin(), candidates.end());
    auto s = attribute_holders(std::span<Object>(copies), {}, sys);
    if (!s)
        return std::unexpected(s.error());
    if (stats != nullptr)
        *stats = *s;
    std::vector<std::vector<Holder>> out;
    out.reserve(copies.size());
    for (Object& o : copies)
        out.push_back(std::move(o.holders));
    return out;
}

} // namespace ipcutil
