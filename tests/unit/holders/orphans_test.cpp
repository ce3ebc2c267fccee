#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/stat.h>

#include <cerrno>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "libipcutil/holders/orphans.hpp"

using namespace ipcutil;
using namespace std::chrono_literals;

namespace {

constexpr std::time_t now = 1'700'000'000;

// A kernel that answers what the test says: errors or states, no race needed.
struct FakeSys : Sys {
    int shm_err = 0;
    shmid_ds shm{};
    int lstat_err = 0;
    struct stat st {};
    std::set<pid_t> alive;
    std::map<pid_t, int> kill_err; // overrides `alive`
    int shm_calls = 0;
    int lstat_calls = 0;
    std::string last_path;

    int shm_stat(int, shmid_ds& out) override
    {
        ++shm_calls;
        if (shm_err == 0)
            out = shm;
        return shm_err;
    }
    int lstat(const std::string& path, struct stat& out) override
    {
        ++lstat_calls;
        last_path = path;
        if (lstat_err == 0)
            out = st;
        return lstat_err;
    }
    int kill(pid_t pid, int sig) override
    {
        EXPECT_EQ(sig, 0);
        if (auto it = kill_err.find(pid); it != kill_err.end())
            return it->second;
        return alive.contains(pid) ? 0 : ESRCH;
    }
};

OrphanPolicy policy(std::set<pid_t> alive = {}, std::chrono::milliseconds grace = 0ms)
{
    OrphanPolicy p;
    p.now = now;
    p.grace = grace;
    p.pid_alive = [alive](pid_t pid) { return alive.contains(pid); };
    return p;
}

Object sysv_shm(std::uint64_t nattch = 0, pid_t cpid = 100)
{
    Object o;
    o.kind = Kind::sysv_shm;
    o.id = 5;
    o.key = 0x1234;
    o.cuid = 1000;
    o.uid = 1000;
    o.cpid = cpid;
    o.nattch = nattch;
    o.ctime = now - 3600;
    o.atime = now - 3000; // attached once
    o.dtime = now - 60;
    return o;
}

Object posix(Kind kind = Kind::posix_shm)
{
    Object o;
    o.kind = kind;
    o.name = "PostgreSQL.1804289383";
    o.path = kind == Kind::posix_mq ? "/dev/mqueue/" + o.name : "/dev/shm/" + o.name;
    o.inode = 42;
    o.uid = 1000;
    o.ctime = now - 3600;
    o.dtime = now - 3600;
    o.atime = now - 3600;
    return o;
}

} // namespace

// ---- the rule ---------------------------------------------------------------

struct RuleRow {
    const char* what;
    Object object;
    OrphanPolicy policy;
    Verdict expected;
};

class OrphanRule : public ::testing::TestWithParam<RuleRow> {};

TEST_P(OrphanRule, Table)
{
    const auto& row = GetParam();
    EXPECT_EQ(classify_orphan(row.object, row.policy), row.expected)
        << row.what << ": got " << verdict_words(classify_orphan(row.object, row.policy));
    EXPECT_EQ(is_orphan(row.object, row.policy), row.expected == Verdict::orphan) << row.what;
}

namespace {

Object with_holder(Object o)
{
    o.holders.push_back({321, "postgres"});
    return o;
}

Object never_attached(Object o, std::time_t created)
{
    o.atime.reset();
    o.dtime.reset();
    o.ctime = created;
    return o;
}

Object dest(Object o)
{
    o.dest = true;
    return o;
}

Object changed(Object o, std::time_t ctime, std::time_t mtime)
{
    o.ctime = ctime;
    o.dtime = mtime;
    return o;
}

Object kind(Kind k)
{
    Object o;
    o.kind = k;
    o.id = 1;
    o.path = "/run/x.fifo";
    return o;
}

std::vector<RuleRow> rows()
{
    return {
        {"sysv: detached, creator gone", sysv_shm(), policy(), Verdict::orphan},
        {"sysv: attached", sysv_shm(2), policy(), Verdict::attached},
        {"sysv: marked for removal, still attached", dest(sysv_shm(1)), policy(), Verdict::attached},
        {"sysv: mapped by a live process (seen in maps)", with_holder(sysv_shm()), policy(), Verdict::held},
        {"sysv: creator alive", sysv_shm(), policy({100}), Verdict::creator_alive},
        {"sysv: creator pid 0 (another pid namespace)", sysv_shm(0, 0), policy(), Verdict::creator_unknown},
        {"sysv: never attached, younger than grace", never_attached(sysv_shm(), now - 5), policy({}, 10s),
         Verdict::fresh},
        {"sysv: never attached, older than grace", never_attached(sysv_shm(), now - 11), policy({}, 10s),
         Verdict::orphan},
        {"sysv: never attached, exactly grace old", never_attached(sysv_shm(), now - 10), policy({}, 10s),
         Verdict::orphan},
        {"sysv: never attached, no grace", never_attached(sysv_shm(), now), policy(), Verdict::orphan},
        {"sysv: never attached, grace in ms", never_attached(sysv_shm(), now), policy({}, 500ms), Verdict::fresh},
        {"sysv: young but attached before: grace does not spare it", sysv_shm(), policy({}, 24h), Verdict::orphan},
        {"sysv: fresh and creator alive: fresh first", never_attached(sysv_shm(), now), policy({100}, 10s),
         Verdict::fresh},
        {"sysv: created in the future (clock step)", never_attached(sysv_shm(), now + 100), policy({}, 10s),
         Verdict::fresh},
        {"posix shm: nobody maps or holds it", posix(), policy(), Verdict::orphan},
        {"posix shm: held", with_holder(posix()), policy(), Verdict::held},
        {"posix shm: created within grace", changed(posix(), now - 2, now - 2), policy({}, 10s), Verdict::fresh},
        {"posix shm: written within grace", changed(posix(), now - 3600, now - 2), policy({}, 10s), Verdict::fresh},
        {"posix shm: older than grace", posix(), policy({}, 10s), Verdict::orphan},
        {"posix sem: unmapped", posix(Kind::posix_sem), policy(), Verdict::orphan},
        {"posix sem: mapped", with_holder(posix(Kind::posix_sem)), policy(), Verdict::held},
        {"posix mq: no descriptor open", posix(Kind::posix_mq), policy(), Verdict::orphan},
        {"posix mq: a descriptor open", with_holder(posix(Kind::posix_mq)), policy(), Verdict::held},
        {"sysv msg: never", kind(Kind::sysv_msg), policy(), Verdict::not_applicable},
        {"sysv sem: never", kind(Kind::sysv_sem), policy(), Verdict::not_applicable},
        {"fifo: never", kind(Kind::fifo), policy(), Verdict::not_applicable},
    };
}

} // namespace

INSTANTIATE_TEST_SUITE_P(Rows, OrphanRule, ::testing::ValuesIn(rows()));

TEST(OrphanRule, DefaultPidPredicateUsesKill)
{
    // pid 1 always runs; a pid above pid_max never does.
    OrphanPolicy p;
    p.now = now;
    EXPECT_EQ(classify_orphan(sysv_shm(0, 1), p), Verdict::creator_alive);
    EXPECT_EQ(classify_orphan(sysv_shm(0, 0x3fffffff), p), Verdict::orphan);
}

TEST(PidAlive, AnswersOfKill)
{
    FakeSys sys;
    sys.alive = {10};
    sys.kill_err = {{20, EPERM}, {30, EINVAL}};
    EXPECT_TRUE(pid_alive(10, sys));
    EXPECT_TRUE(pid_alive(20, sys));  // another user's process
    EXPECT_TRUE(pid_alive(30, sys));  // doubt never makes an orphan
    EXPECT_FALSE(pid_alive(40, sys)); // ESRCH
    EXPECT_FALSE(pid_alive(0, sys));
    EXPECT_FALSE(pid_alive(-1, sys));
}

TEST(VerdictWords, EveryVerdict)
{
    EXPECT_EQ(verdict_words(Verdict::orphan), "orphan");
    EXPECT_EQ(verdict_words(Verdict::attached), "attached");
    EXPECT_EQ(verdict_words(Verdict::fresh), "younger than the grace period");
    for (Verdict v : {Verdict::held, Verdict::creator_alive, Verdict::creator_unknown, Verdict::not_applicable})
        EXPECT_FALSE(verdict_words(v).empty());
}

// ---- the re-check before removal -------------------------------------------

namespace {

FakeSys sys_with_segment(const Object& o, unsigned short nattch)
{
    FakeSys sys;
    sys.shm.shm_perm.__key = o.key;
    sys.shm.shm_perm.cuid = o.cuid;
    sys.shm.shm_perm.uid = o.uid;
    sys.shm.shm_perm.mode = 0600;
    sys.shm.shm_cpid = o.cpid;
    sys.shm.shm_nattch = nattch;
    sys.shm.shm_ctime = *o.ctime;
    sys.shm.shm_atime = *o.atime;
    sys.shm.shm_dtime = *o.dtime;
    return sys;
}

FakeSys sys_with_file(const Object& o)
{
    FakeSys sys;
    sys.st.st_mode = S_IFREG | 0600;
    sys.st.st_ino = o.inode;
    sys.st.st_uid = o.uid;
    sys.st.st_ctime = *o.ctime;
    sys.st.st_mtime = *o.dtime;
    sys.st.st_atime = *o.atime;
    return sys;
}

const std::vector<Holder> nobody;

} // namespace

TEST(RecheckSysv, StillOrphan)
{
    const Object o = sysv_shm();
    auto sys = sys_with_segment(o, 0);
    const auto r = recheck_orphan(o, nobody, policy(), sys);
    EXPECT_EQ(r.outcome, Recheck::still_orphan);
    EXPECT_EQ(r.verdict, Verdict::orphan);
    EXPECT_EQ(sys.shm_calls, 1);
    EXPECT_FALSE(r.error);
}

TEST(RecheckSysv, AttachedSinceListing)
{
    const Object o = sysv_shm();
    auto sys = sys_with_segment(o, 1);
    const auto r = recheck_orphan(o, nobody, policy(), sys);
    EXPECT_EQ(r.outcome, Recheck::not_orphan);
    EXPECT_EQ(r.verdict, Verdict::attached);
}

TEST(RecheckSysv, MappedAccordingToTheFreshScan)
{
    const Object o = sysv_shm();
    auto sys = sys_with_segment(o, 0);
    const std::vector<Holder> fresh{{77, "psql"}};
    const auto r = recheck_orphan(o, fresh, policy(), sys);
    EXPECT_EQ(r.outcome, Recheck::not_orphan);
    EXPECT_EQ(r.verdict, Verdict::held);
}

TEST(RecheckSysv, RemovedMeanwhile)
{
    const Object o = sysv_shm();
    for (int err : {EIDRM, EINVAL}) {
        FakeSys sys;
        sys.shm_err = err;
        const auto r = recheck_orphan(o, nobody, policy(), sys);
        EXPECT_EQ(r.outcome, Recheck::gone) << err;
        EXPECT_FALSE(r.error);
    }
}

TEST(RecheckSysv, CannotCheckLeavesIt)
{
    const Object o = sysv_shm();
    FakeSys sys;
    sys.shm_err = EACCES;
    const auto r = recheck_orphan(o, nobody, policy(), sys);
    EXPECT_EQ(r.outcome, Recheck::unknown);
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->message(), "check shared memory id 5: Permission denied");
}

TEST(RecheckSysv, IdReusedByAnotherSegment)
{
    const Object o = sysv_shm();
    auto key = sys_with_segment(o, 0);
    key.shm.shm_perm.__key = 0x9999;
    EXPECT_EQ(recheck_orphan(o, nobody, policy(), key).outcome, Recheck::replaced);
    auto creator = sys_with_segment(o, 0);
    creator.shm.shm_cpid = 4242;
    EXPECT_EQ(recheck_orphan(o, nobody, policy(), creator).outcome, Recheck::replaced);
    auto cuid = sys_with_segment(o, 0);
    cuid.shm.shm_perm.cuid = 0;
    EXPECT_EQ(recheck_orphan(o, nobody, policy(), cuid).outcome, Recheck::replaced);
}

TEST(RecheckSysv, PidPredicateFallsBackToSys)
{
    const Object o = sysv_shm();
    auto sys = sys_with_segment(o, 0);
    OrphanPolicy p = policy();
    p.pid_alive = nullptr;
    sys.kill_err = {{o.cpid, EPERM}}; // the creator runs, as another user
    const auto r = recheck_orphan(o, nobody, p, sys);
    EXPECT_EQ(r.outcome, Recheck::not_orphan);
    EXPECT_EQ(r.verdict, Verdict::creator_alive);
}

TEST(RecheckPosix, StillOrphan)
{
    const Object o = posix();
    auto sys = sys_with_file(o);
    const auto r = recheck_orphan(o, nobody, policy(), sys);
    EXPECT_EQ(r.outcome, Recheck::still_orphan);
    EXPECT_EQ(sys.last_path, "/dev/shm/PostgreSQL.1804289383");
    EXPECT_EQ(sys.shm_calls, 0);
}

TEST(RecheckPosix, PathFromNameWhenNotListed)
{
    Object o = posix(Kind::posix_sem);
    o.path.clear();
    o.name = "jobs";
    auto sys = sys_with_file(o);
    EXPECT_EQ(recheck_orphan(o, nobody, policy(), sys).outcome, Recheck::still_orphan);
    EXPECT_EQ(sys.last_path, "/dev/shm/sem.jobs");
}

TEST(RecheckPosix, HeldNow)
{
    const Object o = posix(Kind::posix_mq);
    auto sys = sys_with_file(o);
    const std::vector<Holder> fresh{{88, "mqrecv"}};
    const auto r = recheck_orphan(o, fresh, policy(), sys);
    EXPECT_EQ(r.outcome, Recheck::not_orphan);
    EXPECT_EQ(r.verdict, Verdict::held);
}

TEST(RecheckPosix, WrittenWithinGraceSinceListing)
{
    const Object o = posix();
    auto sys = sys_with_file(o);
    sys.st.st_mtime = now - 1;
    const auto r = recheck_orphan(o, nobody, policy({}, 30s), sys);
    EXPECT_EQ(r.outcome, Recheck::not_orphan);
    EXPECT_EQ(r.verdict, Verdict::fresh);
}

TEST(RecheckPosix, UnlinkedMeanwhile)
{
    const Object o = posix();
    FakeSys sys;
    sys.lstat_err = ENOENT;
    EXPECT_EQ(recheck_orphan(o, nobody, policy(), sys).outcome, Recheck::gone);
}

TEST(RecheckPosix, CannotCheckLeavesIt)
{
    const Object o = posix();
    for (int err : {EACCES, EIO}) {
        FakeSys sys;
        sys.lstat_err = err;
        const auto r = recheck_orphan(o, nobody, policy(), sys);
        EXPECT_EQ(r.outcome, Recheck::unknown) << err;
        ASSERT_TRUE(r.error);
        EXPECT_EQ(r.error->err, err);
        EXPECT_EQ(r.error->object, "POSIX shared memory /PostgreSQL.1804289383");
    }
}

TEST(RecheckPosix, ReplacedByAnotherFile)
{
    const Object o = posix();
    auto inode = sys_with_file(o);
    inode.st.st_ino = 43;
    EXPECT_EQ(recheck_orphan(o, nobody, policy(), inode).outcome, Recheck::replaced);
    auto owner = sys_with_file(o);
    owner.st.st_uid = 0;
    EXPECT_EQ(recheck_orphan(o, nobody, policy(), owner).outcome, Recheck::replaced);
    auto link = sys_with_file(o);
    link.st.st_mode = S_IFLNK | 0777;
    EXPECT_EQ(recheck_orphan(o, nobody, policy(), link).outcome, Recheck::replaced);
}

TEST(Recheck, KindsThatAreNeverOrphans)
{
    for (Kind k : {Kind::sysv_msg, Kind::sysv_sem, Kind::fifo}) {
        FakeSys sys;
        const auto r = recheck_orphan(kind(k), nobody, policy(), sys);
        EXPECT_EQ(r.outcome, Recheck::not_orphan);
        EXPECT_EQ(r.verdict, Verdict::not_applicable);
        EXPECT_EQ(sys.shm_calls + sys.lstat_calls, 0);
    }
}
