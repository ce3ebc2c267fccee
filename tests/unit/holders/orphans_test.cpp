#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <set>

#include <gtest/gtest.h>

#include "../kernel/fake_sys.hpp"
#include "libipcutil/holders/orphans.hpp"
#include "libipcutil/kernel/posix.hpp"

using namespace ipcutil;
using namespace std::chrono_literals;

namespace {

constexpr std::time_t now = 1'700'000'000;

// Full sight of /proc: what the rule needs to call a POSIX object unused.
const ProcSight full_sight{};

OrphanPolicy policy(std::set<pid_t> alive = {}, std::chrono::milliseconds grace = 0ms)
{
    OrphanPolicy p;
    p.now = now;
    p.grace = grace;
    p.pid_alive = [alive](pid_t pid) { return alive.contains(pid); };
    p.sight = full_sight;
    return p;
}

OrphanPolicy seeing(std::optional<ProcSight> sight, std::optional<std::chrono::milliseconds> grace = {})
{
    OrphanPolicy p = policy({}, grace.value_or(0ms));
    p.sight = std::move(sight);
    return p;
}

ProcSight sight_without(bool procfs, bool self, std::string hidden, std::size_t unreadable)
{
    ProcSight s;
    s.procfs = procfs;
    s.shows_self = self;
    s.hidden_by = std::move(hidden);
    s.unreadable = unreadable;
    return s;
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
        {"posix: no /proc pass made", posix(), seeing(std::nullopt), Verdict::unprovable},
        {"posix: /proc is not procfs", posix(), seeing(sight_without(false, true, "", 0)), Verdict::unprovable},
        {"posix: /proc of another pid namespace", posix(Kind::posix_mq), seeing(sight_without(true, false, "", 0)),
         Verdict::unprovable},
        {"posix: hidepid hides processes", posix(Kind::posix_sem),
         seeing(sight_without(true, true, "hidepid=invisible", 0)), Verdict::unprovable},
        {"posix: processes unreadable", posix(), seeing(sight_without(true, true, "", 3)), Verdict::unprovable},
        {"posix: partial sight, but held: held", with_holder(posix()), seeing(sight_without(false, true, "", 0)),
         Verdict::held},
        {"posix: partial sight, but fresh: fresh", changed(posix(), now - 2, now - 2),
         seeing(sight_without(true, true, "", 1), 10s), Verdict::fresh},
        {"sysv: partial sight changes nothing (nattch is the kernel's)", sysv_shm(),
         seeing(sight_without(false, false, "hidepid=2", 9)), Verdict::orphan},
        {"sysv msg: never", kind(Kind::sysv_msg), policy(), Verdict::not_applicable},
        {"sysv sem: never", kind(Kind::sysv_sem), policy(), Verdict::not_applicable},
        {"fifo: never", kind(Kind::fifo), policy(), Verdict::not_applicable},
    };
}

} // namespace

INSTANTIATE_TEST_SUITE_P(Rows, OrphanRule, ::testing::ValuesIn(rows()));

TEST(OrphanRule, TheDefaultPredicateIsProcessAliveOverTheSys)
{
    FakeSys sys;
    sys.add_process(1, "init");
    sys.add_process(77, "defunct").zombie();
    OrphanPolicy p;
    p.now = now;
    EXPECT_EQ(classify_orphan(sysv_shm(0, 1), p, sys), Verdict::creator_alive);
    EXPECT_EQ(classify_orphan(sysv_shm(0, 0x3fffffff), p, sys), Verdict::orphan);
    // A zombie creator is gone: it maps nothing and never attaches again.
    EXPECT_EQ(classify_orphan(sysv_shm(0, 77), p, sys), Verdict::orphan);
}

TEST(ProcessAlive, AnswersOfKillAndZombies)
{
    FakeSys sys;
    sys.add_process(10, "a");
    sys.processes[20] = EPERM;  // another user's
    sys.processes[30] = EINVAL; // an answer nobody expects
    sys.add_process(40, "z").zombie();
    sys.processes[50] = 0; // alive, but no /proc/50/stat to read
    EXPECT_TRUE(process_alive(10, sys));
    EXPECT_TRUE(process_alive(20, sys));
    EXPECT_TRUE(process_alive(30, sys)); // doubt never makes an orphan
    EXPECT_FALSE(process_alive(40, sys));
    EXPECT_TRUE(process_alive(50, sys));  // an unreadable state is doubt too
    EXPECT_FALSE(process_alive(60, sys)); // ESRCH
    EXPECT_FALSE(process_alive(0, sys));
    EXPECT_FALSE(process_alive(-1, sys));
    EXPECT_FALSE(sys.called("kill 0"));
}

TEST(ProcessAlive, ARealZombieIsGoneAndARealProcessAlive)
{
    EXPECT_TRUE(process_alive(::getpid()));
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0)
        ::_exit(0);
    // Until we reap it, the child is a zombie: kill(pid, 0) still succeeds.
    for (int i = 0; i < 2000 && process_alive(child); ++i)
        ::usleep(1000);
    EXPECT_EQ(::kill(child, 0), 0);
    EXPECT_FALSE(process_alive(child));
    ASSERT_EQ(::waitpid(child, nullptr, 0), child);
    EXPECT_FALSE(process_alive(child));
}

TEST(VerdictWords, EveryVerdict)
{
    EXPECT_EQ(verdict_words(Verdict::orphan), "orphan");
    EXPECT_EQ(verdict_words(Verdict::attached), "attached");
    EXPECT_EQ(verdict_words(Verdict::fresh), "younger than the grace period");
    for (Verdict v : {Verdict::held, Verdict::creator_alive, Verdict::creator_unknown, Verdict::unprovable,
                      Verdict::not_applicable})
        EXPECT_FALSE(verdict_words(v).empty());
}

// ---- the re-check before removal -------------------------------------------

namespace {

// The kernel holding segment `o` (id 5) with `nattch` attachments.
FakeSys sys_with_segment(const Object& o, unsigned short nattch)
{
    FakeSys sys;
    shmid_ds& ds = sys.shm[o.id];
    ds.shm_perm.__key = o.key;
    ds.shm_perm.cuid = o.cuid;
    ds.shm_perm.uid = o.uid;
    ds.shm_perm.mode = 0600;
    ds.shm_cpid = o.cpid;
    ds.shm_nattch = nattch;
    ds.shm_ctime = *o.ctime;
    ds.shm_atime = *o.atime;
    ds.shm_dtime = *o.dtime;
    return sys;
}

// The kernel holding the file behind POSIX object `o`, as listed.
FakeSys sys_with_file(const Object& o)
{
    FakeSys sys;
    const std::string path = o.path.empty() ? posix_path(o.kind, o.name) : o.path;
    auto& st = sys.add_file(path, "", 0600, o.uid).st;
    st.st_ino = o.inode;
    st.st_ctime = *o.ctime;
    st.st_mtime = *o.dtime;
    st.st_atime = *o.atime;
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
    EXPECT_EQ(sys.calls, std::vector<std::string>{"shmctl 5 IPC_STAT"});
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
        auto sys = sys_with_segment(o, 0);
        sys.fail("shmctl 5 IPC_STAT", err);
        const auto r = recheck_orphan(o, nobody, policy(), sys);
        EXPECT_EQ(r.outcome, Recheck::gone) << err;
        EXPECT_FALSE(r.error);
    }
    FakeSys empty; // no segment 5 at all
    EXPECT_EQ(recheck_orphan(o, nobody, policy(), empty).outcome, Recheck::gone);
}

TEST(RecheckSysv, CannotCheckLeavesIt)
{
    const Object o = sysv_shm();
    auto sys = sys_with_segment(o, 0);
    sys.fail("shmctl 5 IPC_STAT", EACCES);
    const auto r = recheck_orphan(o, nobody, policy(), sys);
    EXPECT_EQ(r.outcome, Recheck::unknown);
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->message(), "check shared memory id 5: Permission denied");
}

TEST(RecheckSysv, IdReusedByAnotherSegment)
{
    const Object o = sysv_shm();
    auto key = sys_with_segment(o, 0);
    key.shm[5].shm_perm.__key = 0x9999;
    EXPECT_EQ(recheck_orphan(o, nobody, policy(), key).outcome, Recheck::replaced);
    auto creator = sys_with_segment(o, 0);
    creator.shm[5].shm_cpid = 4242;
    EXPECT_EQ(recheck_orphan(o, nobody, policy(), creator).outcome, Recheck::replaced);
    auto cuid = sys_with_segment(o, 0);
    cuid.shm[5].shm_perm.cuid = 0;
    EXPECT_EQ(recheck_orphan(o, nobody, policy(), cuid).outcome, Recheck::replaced);
}

TEST(RecheckSysv, PidPredicateFallsBackToSys)
{
    const Object o = sysv_shm();
    auto sys = sys_with_segment(o, 0);
    OrphanPolicy p = policy();
    p.pid_alive = nullptr;
    sys.processes[o.cpid] = EPERM; // the creator runs, as another user
    const auto r = recheck_orphan(o, nobody, p, sys);
    EXPECT_EQ(r.outcome, Recheck::not_orphan);
    EXPECT_EQ(r.verdict, Verdict::creator_alive);
    EXPECT_TRUE(sys.called("kill 100 0"));
}

TEST(RecheckPosix, StillOrphan)
{
    const Object o = posix();
    auto sys = sys_with_file(o);
    const auto r = recheck_orphan(o, nobody, policy(), sys);
    EXPECT_EQ(r.outcome, Recheck::still_orphan);
    EXPECT_EQ(sys.calls, std::vector<std::string>{"lstat /dev/shm/PostgreSQL.1804289383"});
}

TEST(RecheckPosix, PathFromNameWhenNotListed)
{
    Object o = posix(Kind::posix_sem);
    o.path.clear();
    o.name = "jobs";
    auto sys = sys_with_file(o);
    EXPECT_EQ(recheck_orphan(o, nobody, policy(), sys).outcome, Recheck::still_orphan);
    EXPECT_TRUE(sys.called("lstat /dev/shm/sem.jobs"));
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

TEST(RecheckPosix, TheFreshScanSawLessThanEveryProcess)
{
    const Object o = posix();
    auto sys = sys_with_file(o);
    const auto r = recheck_orphan(o, nobody, seeing(sight_without(true, true, "hidepid=2", 0)), sys);
    EXPECT_EQ(r.outcome, Recheck::not_orphan);
    EXPECT_EQ(r.verdict, Verdict::unprovable);
}

TEST(RecheckPosix, WrittenWithinGraceSinceListing)
{
    const Object o = posix();
    auto sys = sys_with_file(o);
    sys.files.at(o.path).st.st_mtime = now - 1;
    const auto r = recheck_orphan(o, nobody, policy({}, 30s), sys);
    EXPECT_EQ(r.outcome, Recheck::not_orphan);
    EXPECT_EQ(r.verdict, Verdict::fresh);
}

TEST(RecheckPosix, UnlinkedMeanwhile)
{
    const Object o = posix();
    FakeSys sys;
    EXPECT_EQ(recheck_orphan(o, nobody, policy(), sys).outcome, Recheck::gone);
}

TEST(RecheckPosix, CannotCheckLeavesIt)
{
    const Object o = posix();
    for (int err : {EACCES, EIO}) {
        auto sys = sys_with_file(o);
        sys.fail("lstat", err);
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
    inode.files.at(o.path).st.st_ino = 43;
    EXPECT_EQ(recheck_orphan(o, nobody, policy(), inode).outcome, Recheck::replaced);
    auto owner = sys_with_file(o);
    owner.files.at(o.path).st.st_uid = 0;
    EXPECT_EQ(recheck_orphan(o, nobody, policy(), owner).outcome, Recheck::replaced);
    auto link = sys_with_file(o);
    link.files.at(o.path).st.st_mode = S_IFLNK | 0777;
    EXPECT_EQ(recheck_orphan(o, nobody, policy(), link).outcome, Recheck::replaced);
}

TEST(Recheck, KindsThatAreNeverOrphans)
{
    for (Kind k : {Kind::sysv_msg, Kind::sysv_sem, Kind::fifo}) {
        FakeSys sys;
        const auto r = recheck_orphan(kind(k), nobody, policy(), sys);
        EXPECT_EQ(r.outcome, Recheck::not_orphan);
        EXPECT_EQ(r.verdict, Verdict::not_applicable);
        EXPECT_TRUE(sys.calls.empty());
    }
}

// ---- sight: what the holder pass could see of /proc ------------------------------

namespace {

// POSIX shared memory /seg and the pass's view of it.
struct Seen {
    AttributionStats stats;
    Object object;
};

Seen scan(FakeSys& sys)
{
    Seen seen;
    seen.object.kind = Kind::posix_shm;
    seen.object.name = "seg";
    seen.object.path = "/dev/shm/seg";
    if (!sys.files.contains(seen.object.path))
        sys.add_file(seen.object.path, "");
    seen.object.inode = sys.files.at(seen.object.path).st.st_ino;
    std::vector<Object> objects{seen.object};
    auto stats = attribute_holders(std::span<Object>(objects), {}, sys);
    EXPECT_TRUE(stats) << stats.error().message();
    seen.stats = stats.value_or(AttributionStats{});
    seen.object = objects.front();
    return seen;
}

Verdict verdict_of(const Seen& seen, FakeSys& sys)
{
    OrphanPolicy p;
    p.now = now;
    p.sight = seen.stats.sight;
    return classify_orphan(seen.object, p, sys);
}

} // namespace

TEST(Sight, FullWhenProcIsProcfsShowsUsAndHidesNothing)
{
    FakeSys sys;
    sys.add_process(300, "app", 1000);
    const Seen seen = scan(sys);
    EXPECT_TRUE(seen.stats.sight.full()) << seen.stats.sight.why();
    EXPECT_FALSE(seen.stats.partial());
    EXPECT_EQ(seen.stats.sight.why(), "");
    EXPECT_EQ(verdict_of(seen, sys), Verdict::orphan);
}

TEST(Sight, AHolderSeenIsProofEnough)
{
    FakeSys sys;
    sys.fs_types["/proc"] = FakeSys::tmpfs_magic;
    auto app = sys.add_process(300, "app", 1000);
    sys.add_file("/dev/shm/seg", "");
    app.map("/dev/shm/seg");
    const Seen seen = scan(sys);
    EXPECT_FALSE(seen.stats.sight.full());
    ASSERT_EQ(seen.object.holders.size(), 1U);
    EXPECT_EQ(verdict_of(seen, sys), Verdict::held);
}

TEST(Sight, AnEmptyTmpfsOverProcShowsNothing)
{
    FakeSys sys;
    sys.fs_types["/proc"] = FakeSys::tmpfs_magic;
    const Seen seen = scan(sys);
    EXPECT_FALSE(seen.stats.sight.procfs);
    EXPECT_TRUE(seen.stats.partial());
    EXPECT_EQ(seen.stats.sight.why(), "/proc is not a proc file system");
    EXPECT_EQ(verdict_of(seen, sys), Verdict::unprovable);
    EXPECT_EQ(partial_attribution_note(seen.stats), "process attribution is partial: /proc is not a proc file system");
}

TEST(Sight, AProcOfAnotherPidNamespaceDoesNotShowUs)
{
    FakeSys sys;
    sys.files.erase("/proc/self"); // the link resolves in our pid namespace only
    const Seen seen = scan(sys);
    EXPECT_FALSE(seen.stats.sight.shows_self);
    EXPECT_EQ(seen.stats.sight.why(), "/proc does not show this process (it is another pid namespace's)");
    EXPECT_EQ(verdict_of(seen, sys), Verdict::unprovable);
}

TEST(Sight, HidepidHidesOtherUsersFromUsButNotFromPtraceOrItsGroup)
{
    FakeSys sys;
    sys.files.at("/proc/self/mountinfo").data =
        "22 1 0:4 / /proc rw - proc proc rw\n"
        "133 22 0:43 / /proc rw,relatime - proc proc rw,hidepid=invisible,gid=27\n";
    Seen seen = scan(sys);
    EXPECT_EQ(seen.stats.sight.hidden_by, "hidepid=invisible");
    EXPECT_EQ(seen.stats.sight.why(), "/proc hides other users' processes (hidepid=invisible)");
    EXPECT_EQ(verdict_of(seen, sys), Verdict::unprovable);
    EXPECT_EQ(partial_attribution_note(seen.stats), "process attribution is partial: /proc hides other users' "
                                                    "processes (hidepid=invisible) (run as root to see them all)");

    sys.self.groups = {27};
    seen = scan(sys);
    EXPECT_TRUE(seen.stats.sight.full());

    sys.self.groups.clear();
    sys.self.caps = std::uint64_t{1} << cap_sys_ptrace;
    seen = scan(sys);
    EXPECT_TRUE(seen.stats.sight.full());
}

TEST(Sight, ProcessesWeCannotReadCountUnlessEvenPtraceCannot)
{
    FakeSys sys;
    sys.add_process(1, "init", 0).unreadable();
    sys.add_process(300, "app", 1000);
    Seen seen = scan(sys);
    EXPECT_EQ(seen.stats.unreadable, 1U);
    EXPECT_EQ(seen.stats.sight.why(), "1 process could not be read");
    EXPECT_EQ(verdict_of(seen, sys), Verdict::unprovable);

    // With CAP_SYS_PTRACE every process is ours to read: one that still is
    // not is walled off beyond any privilege, and not counted.
    sys.self.caps = std::uint64_t{1} << cap_sys_ptrace;
    seen = scan(sys);
    EXPECT_EQ(seen.stats.unreadable, 1U);
    EXPECT_TRUE(seen.stats.sight.full());
    EXPECT_EQ(verdict_of(seen, sys), Verdict::orphan);
}

TEST(Sight, ProcMountOptionsAreTheTopMountsAtThatPoint)
{
    // Recorded from /proc/self/mountinfo on Linux 6.x: /proc mounted again
    // with hidepid over the first, and /proc/sys below it.
    constexpr std::string_view text = "21 26 0:20 / /proc rw,relatime - proc proc rw\n"
                                      "30 21 0:27 / /proc/sys/fs/binfmt_misc rw,relatime - binfmt_misc binfmt_misc rw\n"
                                      "133 21 0:43 / /proc rw,relatime shared:72 - proc proc rw,hidepid=invisible\n";
    EXPECT_EQ(proc_mount_options(text, "/proc"), "rw,hidepid=invisible");
    EXPECT_EQ(proc_mount_options(text.substr(0, 46), "/proc"), "rw");
    // A tmpfs mounted on top hides the proc file system.
    EXPECT_FALSE(proc_mount_options(std::string(text) + "140 133 0:50 / /proc rw - tmpfs none rw\n", "/proc"));
    EXPECT_FALSE(proc_mount_options(text, "/other"));
    EXPECT_FALSE(proc_mount_options("", "/proc"));
    EXPECT_FALSE(proc_mount_options("garbage\n1 2\n", "/proc"));
}

TEST(Sight, WhichHidepidValuesHide)
{
    const Identity nobody{5, 65534, 65534, {}, 0};
    EXPECT_EQ(hidden_by("rw,hidepid=2", nobody), "hidepid=2");
    EXPECT_EQ(hidden_by("rw,hidepid=4", nobody), "hidepid=4");
    EXPECT_EQ(hidden_by("rw,hidepid=ptraceable", nobody), "hidepid=ptraceable");
    // noaccess leaves the directories in sight: the walk counts what it
    // cannot read.
    EXPECT_EQ(hidden_by("rw,hidepid=1", nobody), "");
    EXPECT_EQ(hidden_by("rw,hidepid=noaccess", nobody), "");
    EXPECT_EQ(hidden_by("rw,hidepid=0", nobody), "");
    EXPECT_EQ(hidden_by("rw", nobody), "");
    EXPECT_EQ(hidden_by("rw,hidepid=2,gid=65534", nobody), "");
    EXPECT_EQ(hidden_by("rw,gid=65534,hidepid=invisible", nobody), "");
    EXPECT_EQ(hidden_by("rw,hidepid=2,gid=4", nobody), "hidepid=2");
}
