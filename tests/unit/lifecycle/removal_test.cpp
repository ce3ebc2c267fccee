#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/stat.h>

#include <cerrno>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "libipcutil/lifecycle/removal.hpp"

using namespace ipcutil;
using namespace std::chrono_literals;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

namespace {

constexpr std::time_t now = 1'700'000'000;

std::string key_of(const Object& o)
{
    return is_sysv(o.kind) ? std::string(kind_name(o.kind)) + ":" + std::to_string(o.id)
                           : std::string(kind_name(o.kind)) + ":" + o.name;
}

// The orphan re-check's own system calls, for recheck_orphan (orphans.hpp).
struct FakeOrphanSys : Sys {
    int shm_err = 0;
    shmid_ds shm{};
    int shm_stat(int, shmid_ds& out) override
    {
        if (shm_err == 0)
            out = shm;
        return shm_err;
    }
    int lstat_err = 0;
    struct stat st = [] {
        struct stat s {};
        s.st_mode = S_IFREG | 0600;
        s.st_ino = 77;
        s.st_uid = 1000;
        return s;
    }();
    int lstat(const std::string&, struct stat& out) override
    {
        if (lstat_err == 0)
            out = st;
        return lstat_err;
    }
    int kill(pid_t, int) override { return ESRCH; }
};

// A system that answers what the test says, and records what was removed.
struct FakeRemovalSys : RemovalSys {
    std::map<Kind, Result<std::vector<Object>>> lists;       // listing per kind (missing: empty)
    std::map<Kind, std::vector<std::string>> posix_warnings; // list_posix's warnings
    std::map<key_t, Result<int>> keys;                       // sysv_id_for_key (missing: ENOENT)
    std::map<std::string, Result<Object>> restats;           // by key_of (missing: the listed object)
    std::map<std::string, int> remove_errors;                // by key_of
    std::set<std::string> refused;                           // may_remove false, by key_of
    std::optional<Error> attribution_error, rescan_error;    // the /proc passes fail
    std::map<std::string, std::vector<Holder>> holders;      // by key_of, for both passes
    FakeOrphanSys orphan_sys;                                // recheck_orphan's syscalls
    std::set<pid_t> running;                                 // process_running
    std::vector<std::string> removed;                        // what remove() removed, in order

    Result<std::vector<Object>> list(Kind kind)
    {
        auto it = lists.find(kind);
        return it == lists.end() ? Result<std::vector<Object>>(std::vector<Object>{}) : it->second;
    }
    Result<std::vector<Object>> list_sysv(Kind kind) override { return list(kind); }
    Result<std::vector<Object>> list_posix(Kind kind, std::vector<std::string>& warnings) override
    {
        warnings = posix_warnings[kind];
        return list(kind);
    }
    Result<int> sysv_id_for_key(Kind kind, key_t key) override
    {
        auto it = keys.find(key);
        if (it == keys.end())
            return std::unexpected(sys_error("find", std::string(kind_words(kind)), ENOENT));
        return it->second;
    }
    Result<Object> stat_posix(Kind kind, const std::string& name) override
    {
        auto all = list(kind);
        if (all)
            for (const Object& o : *all)
                if (o.name == name)
                    return o;
        return std::unexpected(sys_error("stat", "/dev/shm/" + name, ENOENT));
    }
    Result<AttributionStats> attribute_holders(std::span<Object> objects) override
    {
        if (attribution_error)
            return std::unexpected(*attribution_error);
        for (Object& o : objects)
            o.holders = holders[key_of(o)];
        return AttributionStats{};
    }
    Result<std::vector<std::vector<Holder>>> rescan_holders(std::span<const Object> objects) override
    {
        if (rescan_error)
            return std::unexpected(*rescan_error);
        std::vector<std::vector<Holder>> out;
        for (const Object& o : objects)
            out.push_back(holders[key_of(o)]);
        return out;
    }
    Recheck recheck_orphan(const Object& listed, std::span<const Holder> fresh, const OrphanPolicy& policy) override
    {
        return ipcutil::recheck_orphan(listed, fresh, policy, orphan_sys);
    }
    bool may_remove(const Object& object) override { return !refused.contains(key_of(object)); }
    Result<Object> restat(const Object& listed) override
    {
        auto it = restats.find(key_of(listed));
        return it == restats.end() ? Result<Object>(listed) : it->second;
    }
    Result<void> remove(const Object& object) override
    {
        if (auto it = remove_errors.find(key_of(object)); it != remove_errors.end())
            return std::unexpected(sys_error("remove", describe(object), it->second));
        removed.push_back(key_of(object));
        return {};
    }
    bool process_running(pid_t pid) override { return running.contains(pid); }
    std::time_t now() override { return ::now; }
};

// Everything the removal told, in order, as the lines a reader would see.
struct Recorder : RemovalEvents {
    std::vector<std::string> lines;
    std::vector<std::string> problems;
    void removing(const Object& o) override { lines.push_back("removing " + removal_name(o)); }
    void skipping(const Object& o, std::string_view why) override
    {
        lines.push_back("skipping " + removal_name(o) + ": " + std::string(why));
    }
    void problem(std::string_view message) override
    {
        problems.emplace_back(message);
        lines.push_back("problem " + std::string(message));
    }
    void listed() override { lines.emplace_back("listed"); }
};

Object shm(int id, key_t key = 0x1234, uid_t uid = 1000)
{
    Object o;
    o.kind = Kind::sysv_shm;
    o.id = id;
    o.key = key;
    o.uid = o.cuid = uid;
    o.cpid = 100;
    o.ctime = now - 3600;
    o.atime = now - 3000;
    return o;
}

Object posix(Kind kind, std::string name, uid_t uid = 1000)
{
    Object o;
    o.kind = kind;
    o.name = std::move(name);
    o.uid = o.cuid = uid;
    o.inode = 77;
    o.ctime = now - 3600;
    o.dtime = now - 3600;
    return o;
}

RemovalTarget by_id(Kind kind, int id)
{
    RemovalTarget t;
    t.kind = kind;
    t.by = RemovalTarget::By::id;
    t.id = id;
    return t;
}

RemovalTarget by_key(Kind kind, key_t key)
{
    RemovalTarget t;
    t.kind = kind;
    t.by = RemovalTarget::By::key;
    t.key = key;
    return t;
}

RemovalTarget by_name(Kind kind, std::string name)
{
    RemovalTarget t;
    t.kind = kind;
    t.by = RemovalTarget::By::name;
    t.name = std::move(name);
    return t;
}

} // namespace

TEST(Removal, NamedTargetsGoInOrderAndAMissingOneFailsAlone)
{
    FakeRemovalSys sys;
    sys.lists[Kind::sysv_shm] = std::vector<Object>{shm(1), shm(2, 0x99)};
    sys.keys[0x99] = 2;
    RemovalPlan plan;
    plan.targets = {by_id(Kind::sysv_shm, 9), by_key(Kind::sysv_shm, 0x99), by_id(Kind::sysv_shm, 1)};
    Recorder events;
    const RemovalCounts counts = run_removal(plan, events, sys);
    EXPECT_THAT(sys.removed, ElementsAre("sysv-shm:2", "sysv-shm:1"));
    EXPECT_THAT(events.problems, ElementsAre("remove shared memory id 9: not found"));
    EXPECT_EQ(counts.removed, 2);
    EXPECT_EQ(counts.failed, 1);
    EXPECT_EQ(counts.skipped, 0);
    EXPECT_EQ(counts.exit_code(), exit_failure);
}

TEST(Removal, KeyZeroAndUnknownKeysAreFailuresOfTheirOwn)
{
    FakeRemovalSys sys;
    sys.lists[Kind::sysv_msg] = std::vector<Object>{};
    sys.keys[0x42] = std::unexpected(sys_error("find", "message queue key 0x42", EACCES));
    RemovalPlan plan;
    plan.targets = {by_key(Kind::sysv_msg, 0), by_key(Kind::sysv_msg, 0x41), by_key(Kind::sysv_msg, 0x42)};
    Recorder events;
    const RemovalCounts counts = run_removal(plan, events, sys);
    EXPECT_THAT(sys.removed, IsEmpty());
    EXPECT_THAT(events.problems,
                ElementsAre("remove message queue key 0x00000000: invalid key 0 (IPC_PRIVATE names no object; "
                            "remove it by id)",
                            "remove message queue key 0x00000041: not found",
                            "remove message queue key 0x00000042: Permission denied"));
    EXPECT_EQ(counts.failed, 3);
}

TEST(Removal, PosixNamesAreStatedAndTheirErrorsNameTheObject)
{
    FakeRemovalSys sys;
    sys.lists[Kind::posix_mq] = std::vector<Object>{posix(Kind::posix_mq, "q")};
    RemovalPlan plan;
    plan.targets = {by_name(Kind::posix_mq, "none"), by_name(Kind::posix_mq, "q")};
    Recorder events;
    const RemovalCounts counts = run_removal(plan, events, sys);
    EXPECT_THAT(sys.removed, ElementsAre("posix-mq:q"));
    EXPECT_THAT(events.problems, ElementsAre("remove POSIX message queue /none: not found"));
    EXPECT_EQ(counts.removed, 1);
    EXPECT_EQ(counts.failed, 1);
}

TEST(Removal, KernelRefusalsAreReportedAndTheRestGoesOn)
{
    FakeRemovalSys sys;
    sys.lists[Kind::sysv_shm] = std::vector<Object>{shm(1), shm(2), shm(3)};
    sys.remove_errors["sysv-shm:1"] = EIDRM;
    sys.remove_errors["sysv-shm:2"] = EACCES;
    RemovalPlan plan;
    plan.targets = {by_id(Kind::sysv_shm, 1), by_id(Kind::sysv_shm, 2), by_id(Kind::sysv_shm, 3)};
    Recorder events;
    const RemovalCounts counts = run_removal(plan, events, sys);
    EXPECT_THAT(sys.removed, ElementsAre("sysv-shm:3"));
    EXPECT_THAT(events.problems, ElementsAre("remove shared memory id 1: already removed",
                                             "remove shared memory id 2: Permission denied"));
    EXPECT_EQ(counts.removed, 1);
    EXPECT_EQ(counts.failed, 2);
}

TEST(Removal, DryRunRemovesNothingAndPredictsRefusalsAndRepeats)
{
    FakeRemovalSys sys;
    sys.lists[Kind::sysv_sem] = std::vector<Object>{[] {
        Object o = shm(4);
        o.kind = Kind::sysv_sem;
        return o;
    }()};
    sys.lists[Kind::posix_shm] = std::vector<Object>{posix(Kind::posix_shm, "locked")};
    sys.refused.insert("posix-shm:locked");
    RemovalPlan plan;
    plan.dry_run = true;
    plan.targets = {by_id(Kind::sysv_sem, 4), by_id(Kind::sysv_sem, 4), by_name(Kind::posix_shm, "locked")};
    Recorder events;
    const RemovalCounts counts = run_removal(plan, events, sys);
    EXPECT_THAT(sys.removed, IsEmpty());
    EXPECT_THAT(events.lines, ElementsAre("removing semaphore id `4'", "problem remove semaphore set id 4: not found",
                                          "problem remove POSIX shared memory /locked: Permission denied"));
    EXPECT_EQ(counts.removed, 1);
    EXPECT_EQ(counts.failed, 2);
    EXPECT_EQ(removal_summary(counts, true), "would remove 1 object, 2 failed");
}

TEST(Removal, AllSweepsTheKindsInOrderSkippingWhatWasAlreadyRemoved)
{
    FakeRemovalSys sys;
    sys.lists[Kind::sysv_shm] = std::vector<Object>{shm(1), shm(2)};
    sys.lists[Kind::posix_shm] = std::vector<Object>{posix(Kind::posix_shm, "a")};
    RemovalPlan plan;
    plan.targets = {by_id(Kind::sysv_shm, 2)};
    plan.all_kinds = {Kind::posix_shm, Kind::sysv_shm};
    Recorder events;
    const RemovalCounts counts = run_removal(plan, events, sys);
    EXPECT_THAT(sys.removed, ElementsAre("sysv-shm:2", "posix-shm:a", "sysv-shm:1"));
    EXPECT_THAT(events.lines,
                ElementsAre("removing shared memory segment id `2'", "listed", "removing POSIX shared memory `/a'",
                            "removing shared memory segment id `1'"));
    EXPECT_EQ(counts.removed, 3);
    EXPECT_EQ(counts.exit_code(), exit_ok);
}

TEST(Removal, AllRechecksEachObjectRightBeforeRemovingIt)
{
    FakeRemovalSys sys;
    sys.lists[Kind::sysv_shm] = std::vector<Object>{shm(1), shm(2), shm(3), shm(4), shm(5)};
    // 1 went meanwhile; 2 is another object now; 3 cannot be read (the kernel
    // decides); 4 changed owner and no longer matches --owner 1000.
    sys.restats["sysv-shm:1"] = std::unexpected(sys_error("check", "shared memory id 1", ENOENT));
    sys.restats["sysv-shm:2"] =
        std::unexpected(failure("check", "shared memory id 2", "replaced by another object since it was listed"));
    sys.restats["sysv-shm:3"] = std::unexpected(sys_error("check", "shared memory id 3", EACCES));
    sys.restats["sysv-shm:4"] = shm(4, 0x1234, 0);
    RemovalPlan plan;
    plan.all_kinds = {Kind::sysv_shm};
    plan.filters.owner = 1000;
    Recorder events;
    const RemovalCounts counts = run_removal(plan, events, sys);
    EXPECT_THAT(sys.removed, ElementsAre("sysv-shm:3", "sysv-shm:5"));
    EXPECT_THAT(events.lines,
                ElementsAre("listed", "skipping shared memory segment id `1': gone before it was removed",
                            "problem check shared memory id 2: replaced by another object since it was listed; left "
                            "in place",
                            "removing shared memory segment id `3'",
                            "skipping shared memory segment id `4': no longer matches; left in place",
                            "removing shared memory segment id `5'"));
    // Gone is not counted; replaced and no longer matching are skipped.
    EXPECT_EQ(counts.removed, 2);
    EXPECT_EQ(counts.failed, 0);
    EXPECT_EQ(counts.skipped, 2);
    EXPECT_EQ(removal_summary(counts, false), "removed 2 objects, 2 skipped");
}

TEST(Removal, AllAppliesTheFiltersWhenListing)
{
    FakeRemovalSys sys;
    Object young = shm(2);
    young.ctime = now - 10;
    sys.lists[Kind::sysv_shm] = std::vector<Object>{shm(1, 0x1, 0), young, shm(3)};
    RemovalPlan plan;
    plan.all_kinds = {Kind::sysv_shm};
    plan.filters.owner = 1000;
    plan.filters.older_than = 60s;
    Recorder events;
    const RemovalCounts counts = run_removal(plan, events, sys);
    EXPECT_THAT(sys.removed, ElementsAre("sysv-shm:3"));
    EXPECT_EQ(counts.removed, 1);
}

TEST(Removal, AKindThatCannotBeListedFailsAndTheOthersGo)
{
    FakeRemovalSys sys;
    sys.lists[Kind::sysv_msg] = std::unexpected(sys_error("read", "/proc/sysvipc/msg", EACCES));
    sys.lists[Kind::posix_mq] = std::vector<Object>{posix(Kind::posix_mq, "q")};
    sys.posix_warnings[Kind::posix_mq] = {"/dev/mqueue is not mounted"};
    RemovalPlan plan;
    plan.all_kinds = {Kind::sysv_msg, Kind::posix_mq};
    Recorder events;
    const RemovalCounts counts = run_removal(plan, events, sys);
    EXPECT_THAT(sys.removed, ElementsAre("posix-mq:q"));
    EXPECT_THAT(events.problems,
                ElementsAre("read /proc/sysvipc/msg: Permission denied", "/dev/mqueue is not mounted"));
    // The warning is not a failure.
    EXPECT_EQ(counts.failed, 1);
    EXPECT_EQ(counts.removed, 1);
}

TEST(Removal, OrphansKeepsOnlyUnusedObjectsWhoseCreatorIsGone)
{
    FakeRemovalSys sys;
    Object attached = shm(1);
    attached.nattch = 1;
    Object creator_alive = shm(2);
    creator_alive.cpid = 200;
    Object held = posix(Kind::posix_shm, "held");
    sys.lists[Kind::sysv_shm] = std::vector<Object>{attached, creator_alive, shm(3)};
    sys.lists[Kind::posix_shm] = std::vector<Object>{held, posix(Kind::posix_shm, "free")};
    sys.running = {200};
    sys.holders["posix-shm:held"] = {Holder{300, "app"}};
    sys.orphan_sys.shm.shm_perm.__key = 0x1234;
    sys.orphan_sys.shm.shm_perm.cuid = 1000;
    sys.orphan_sys.shm.shm_cpid = 100;
    RemovalPlan plan;
    plan.all_kinds = {Kind::sysv_shm, Kind::posix_shm};
    plan.orphans = true;
    plan.grace = 0ms;
    Recorder events;
    const RemovalCounts counts = run_removal(plan, events, sys);
    EXPECT_THAT(sys.removed, ElementsAre("sysv-shm:3", "posix-shm:free"));
    EXPECT_THAT(events.problems, IsEmpty());
    EXPECT_EQ(counts.removed, 2);
}

TEST(Removal, OrphansWithoutAProcScanRemoveNothing)
{
    FakeRemovalSys sys;
    sys.lists[Kind::posix_shm] = std::vector<Object>{posix(Kind::posix_shm, "a")};
    sys.attribution_error = sys_error("read", "/proc", EACCES);
    RemovalPlan plan;
    plan.all_kinds = {Kind::posix_shm};
    plan.orphans = true;
    Recorder events;
    const RemovalCounts counts = run_removal(plan, events, sys);
    EXPECT_THAT(sys.removed, IsEmpty());
    EXPECT_THAT(events.problems, ElementsAre("read /proc: Permission denied; no orphan removed"));
    EXPECT_EQ(counts.failed, 1);
}

TEST(Removal, OrphansWhoseRescanFailsAreAllCountedAsFailed)
{
    FakeRemovalSys sys;
    sys.lists[Kind::posix_shm] = std::vector<Object>{posix(Kind::posix_shm, "a"), posix(Kind::posix_shm, "b")};
    sys.rescan_error = sys_error("read", "/proc", EACCES);
    RemovalPlan plan;
    plan.all_kinds = {Kind::posix_shm};
    plan.orphans = true;
    plan.grace = 0ms;
    Recorder events;
    const RemovalCounts counts = run_removal(plan, events, sys);
    EXPECT_THAT(sys.removed, IsEmpty());
    EXPECT_EQ(counts.failed, 2);
}

TEST(Removal, AnOrphanThatChangedBeforeRemovalIsLeft)
{
    // The segment's re-check (IPC_STAT) fails with EIDRM, then with
    // EACCES, then shows an attach; a refused one is not even re-checked.
    const auto run = [](int shm_err, std::uint64_t nattch, bool refused, Recorder& events) {
        FakeRemovalSys sys;
        sys.lists[Kind::sysv_shm] = std::vector<Object>{shm(5)};
        sys.orphan_sys.shm_err = shm_err;
        sys.orphan_sys.shm.shm_perm.__key = 0x1234;
        sys.orphan_sys.shm.shm_perm.cuid = 1000;
        sys.orphan_sys.shm.shm_cpid = 100;
        sys.orphan_sys.shm.shm_nattch = nattch;
        if (refused)
            sys.refused.insert("sysv-shm:5");
        RemovalPlan plan;
        plan.all_kinds = {Kind::sysv_shm};
        plan.orphans = true;
        const RemovalCounts counts = run_removal(plan, events, sys);
        EXPECT_THAT(sys.removed, IsEmpty());
        return counts;
    };
    Recorder gone, unreadable, busy, refused;
    RemovalCounts c = run(EIDRM, 0, false, gone);
    EXPECT_THAT(gone.lines, ElementsAre("listed", "skipping shared memory segment id `5': gone before it was removed"));
    EXPECT_EQ(c.failed + c.skipped + c.removed, 0);

    c = run(EACCES, 0, false, unreadable);
    EXPECT_THAT(unreadable.problems, ElementsAre("check shared memory id 5: Permission denied; left in place"));
    EXPECT_EQ(c.failed, 1);

    c = run(0, 1, false, busy);
    EXPECT_THAT(busy.lines, ElementsAre("listed", "skipping shared memory segment id `5': no longer an orphan "
                                                  "(attached); left in place"));
    EXPECT_EQ(c.skipped, 1);

    c = run(0, 0, true, refused);
    EXPECT_THAT(refused.problems, ElementsAre("remove shared memory id 5: Permission denied"));
    EXPECT_EQ(c.failed, 1);
}

TEST(Removal, AnOrphanReplacedSinceListedIsLeft)
{
    FakeRemovalSys sys;
    sys.lists[Kind::sysv_shm] = std::vector<Object>{shm(5)};
    sys.orphan_sys.shm.shm_perm.__key = 0x7777; // another segment took the id
    RemovalPlan plan;
    plan.all_kinds = {Kind::sysv_shm};
    plan.orphans = true;
    Recorder events;
    const RemovalCounts counts = run_removal(plan, events, sys);
    EXPECT_THAT(sys.removed, IsEmpty());
    EXPECT_THAT(events.problems,
                ElementsAre("check shared memory id 5: replaced by another object since it was listed; left in place"));
    EXPECT_EQ(counts.skipped, 1);
}

TEST(Removal, NamesAndSummaryReadAsIpcrms)
{
    Object fifo;
    fifo.kind = Kind::fifo;
    fifo.path = "/tmp/f";
    Object msg = shm(3);
    msg.kind = Kind::sysv_msg;
    EXPECT_EQ(removal_name(shm(7)), "shared memory segment id `7'");
    EXPECT_EQ(removal_name(msg), "message queue id `3'");
    EXPECT_EQ(removal_name(posix(Kind::posix_sem, "s")), "POSIX semaphore `/s'");
    EXPECT_EQ(removal_name(fifo), "FIFO `/tmp/f'");
    EXPECT_EQ(removal_summary(RemovalCounts{}, false), "removed 0 objects");
    EXPECT_EQ(removal_summary(RemovalCounts{1, 1, 0}, false), "removed 1 object, 1 failed");
    EXPECT_EQ(removal_summary(RemovalCounts{2, 0, 1}, true), "would remove 2 objects, 1 skipped");
}
