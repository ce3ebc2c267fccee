#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/stat.h>

#include <cerrno>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "../kernel/fake_sys.hpp"
#include "libipcutil/kernel/posix.hpp"
#include "libipcutil/lifecycle/removal.hpp"

using namespace ipcutil;
using namespace std::chrono_literals;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

namespace {

// Everything the removal told, in order, as the lines a reader would see;
// `on_listed` runs where xipcrm pauses between listing and removing.
struct Recorder : RemovalEvents {
    std::vector<std::string> lines;
    std::vector<std::string> problems;
    std::function<void()> on_listed;
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
    void listed() override
    {
        lines.emplace_back("listed");
        if (on_listed)
            on_listed();
    }
};

// The objects the kernel was asked to remove, in order.
std::vector<std::string> removed(const FakeSys& sys)
{
    std::vector<std::string> out;
    for (const auto& c : sys.calls)
        if (c.ends_with(" IPC_RMID") || c.starts_with("unlink ") || c.starts_with("mq_unlink "))
            out.push_back(c);
    return out;
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

RemovalPlan orphans_of(std::vector<Kind> kinds)
{
    RemovalPlan plan;
    plan.all_kinds = std::move(kinds);
    plan.orphans = true;
    plan.grace = 0ms;
    return plan;
}

} // namespace

TEST(Removal, NamedTargetsGoInOrderAndAMissingOneFailsAlone)
{
    FakeSys sys;
    sys.add_shm(0x1234, 1);
    sys.add_shm(0x99, 1);
    RemovalPlan plan;
    plan.targets = {by_id(Kind::sysv_shm, 9), by_key(Kind::sysv_shm, 0x99), by_id(Kind::sysv_shm, 0)};
    Recorder events;
    const RemovalCounts counts = run_removal(plan, events, sys);
    EXPECT_THAT(removed(sys), ElementsAre("shmctl 1 IPC_RMID", "shmctl 0 IPC_RMID"));
    EXPECT_THAT(events.problems, ElementsAre("remove shared memory id 9: not found"));
    EXPECT_EQ(counts.removed, 2);
    EXPECT_EQ(counts.failed, 1);
    EXPECT_EQ(counts.skipped, 0);
    EXPECT_EQ(counts.exit_code(), exit_failure);
}

TEST(Removal, NamedTargetsNeedNoListingAndAFailedListingIsNeverNotFound)
{
    FakeSys sys;
    sys.add_shm(0x1234, 1);
    sys.add_shm(0x1235, 1);
    // Neither /proc/sysvipc nor SHM_INFO answers.
    sys.fail("read_file /proc/sysvipc/shm", EACCES);
    sys.fail("shmctl 0 SHM_INFO", EACCES);
    // Segment 1 is unreadable to us besides: the kernel decides.
    sys.fail("shmctl 1 IPC_STAT", EACCES);
    RemovalPlan plan;
    plan.targets = {by_id(Kind::sysv_shm, 0), by_id(Kind::sysv_shm, 1)};
    Recorder events;
    const RemovalCounts counts = run_removal(plan, events, sys);
    EXPECT_THAT(removed(sys), ElementsAre("shmctl 0 IPC_RMID", "shmctl 1 IPC_RMID"));
    EXPECT_THAT(events.problems, IsEmpty());
    EXPECT_EQ(counts.removed, 2);
}

TEST(Removal, KeyZeroAndUnknownKeysAreFailuresOfTheirOwn)
{
    FakeSys sys;
    sys.fail("msgget 0x42", EACCES);
    RemovalPlan plan;
    plan.targets = {by_key(Kind::sysv_msg, 0), by_key(Kind::sysv_msg, 0x41), by_key(Kind::sysv_msg, 0x42)};
    Recorder events;
    const RemovalCounts counts = run_removal(plan, events, sys);
    EXPECT_THAT(removed(sys), IsEmpty());
    EXPECT_THAT(events.problems,
                ElementsAre("remove message queue key 0x00000000: invalid key 0 (IPC_PRIVATE names no object; "
                            "remove it by id)",
                            "remove message queue key 0x00000041: not found",
                            "remove message queue key 0x00000042: Permission denied"));
    EXPECT_EQ(counts.failed, 3);
}

TEST(Removal, PosixNamesAreStatedAndTheirErrorsNameTheObject)
{
    FakeSys sys;
    ASSERT_TRUE(sys.mq_open("/q", O_CREAT | O_RDWR, 0600, nullptr));
    sys.add_dir("/dev/shm/dir");
    RemovalPlan plan;
    plan.targets = {by_name(Kind::posix_mq, "none"), by_name(Kind::posix_mq, "q"), by_name(Kind::posix_shm, "dir")};
    Recorder events;
    const RemovalCounts counts = run_removal(plan, events, sys);
    EXPECT_THAT(removed(sys), ElementsAre("mq_unlink /q"));
    EXPECT_THAT(events.problems, ElementsAre("remove POSIX message queue /none: not found",
                                             "remove POSIX shared memory /dir: not a shared memory object (a "
                                             "directory)"));
    EXPECT_EQ(counts.removed, 1);
    EXPECT_EQ(counts.failed, 2);
}

TEST(Removal, AQueueGoesByNameWithoutTheMount)
{
    FakeSys sys;
    ASSERT_TRUE(sys.mq_open("/q", O_CREAT | O_RDWR, 0600, nullptr));
    ASSERT_TRUE(sys.mq_open("/r", O_CREAT | O_RDWR, 0600, nullptr));
    sys.fs_types["/dev/mqueue"] = FakeSys::tmpfs_magic; // not mounted
    RemovalPlan plan;
    plan.targets = {by_name(Kind::posix_mq, "q"), by_name(Kind::posix_mq, "none")};
    Recorder events;
    RemovalCounts counts = run_removal(plan, events, sys);
    EXPECT_THAT(removed(sys), ElementsAre("mq_unlink /q", "mq_unlink /none"));
    EXPECT_THAT(events.problems, ElementsAre("remove POSIX message queue /none: not found"));
    EXPECT_EQ(counts.removed, 1);

    // --dry-run: asks the queue itself whether it exists, removes nothing.
    plan.dry_run = true;
    plan.targets = {by_name(Kind::posix_mq, "r"), by_name(Kind::posix_mq, "q")};
    Recorder dry;
    counts = run_removal(plan, dry, sys);
    EXPECT_THAT(dry.lines,
                ElementsAre("removing POSIX message queue `/r'", "problem remove POSIX message queue /q: not found"));
    EXPECT_TRUE(sys.files.contains("/dev/mqueue/r"));

    // Only a listing needs the mount: --all says so and goes on.
    RemovalPlan all;
    all.all_kinds = {Kind::posix_mq};
    Recorder listing;
    counts = run_removal(all, listing, sys);
    EXPECT_THAT(listing.problems, ElementsAre(mqueue_not_mounted_warning()));
    EXPECT_EQ(counts.failed, 0);
    EXPECT_TRUE(sys.files.contains("/dev/mqueue/r"));
}

TEST(Removal, KernelRefusalsAreReportedAndTheRestGoesOn)
{
    FakeSys sys;
    for (key_t k : {1, 2, 3})
        sys.add_shm(k, 1);
    sys.fail("shmctl 0 IPC_RMID", EIDRM);
    sys.fail("shmctl 1 IPC_RMID", EACCES);
    RemovalPlan plan;
    plan.targets = {by_id(Kind::sysv_shm, 0), by_id(Kind::sysv_shm, 1), by_id(Kind::sysv_shm, 2)};
    Recorder events;
    const RemovalCounts counts = run_removal(plan, events, sys);
    EXPECT_EQ(sys.shm.size(), 2U);
    EXPECT_FALSE(sys.shm.contains(2));
    EXPECT_THAT(events.problems, ElementsAre("remove shared memory id 0: already removed",
                                             "remove shared memory id 1: Permission denied"));
    EXPECT_EQ(counts.removed, 1);
    EXPECT_EQ(counts.failed, 2);
}

TEST(Removal, DryRunRemovesNothingAndPredictsRefusalsAndRepeats)
{
    FakeSys sys;
    ASSERT_TRUE(sys.semget(0x10, 2, IPC_CREAT | 0600));
    sys.add_file("/dev/shm/locked", "", 0600, 0); // root's, in the sticky /dev/shm
    RemovalPlan plan;
    plan.dry_run = true;
    plan.targets = {by_id(Kind::sysv_sem, 0), by_id(Kind::sysv_sem, 0), by_name(Kind::posix_shm, "locked")};
    Recorder events;
    const RemovalCounts counts = run_removal(plan, events, sys);
    EXPECT_THAT(removed(sys), IsEmpty());
    EXPECT_THAT(events.lines, ElementsAre("removing semaphore id `0'", "problem remove semaphore set id 0: not found",
                                          "problem remove POSIX shared memory /locked: Permission denied"));
    EXPECT_EQ(counts.removed, 1);
    EXPECT_EQ(counts.failed, 2);
    EXPECT_EQ(removal_summary(counts, true), "would remove 1 object, 2 failed");
}

TEST(Removal, AllSweepsTheKindsInOrderSkippingWhatWasAlreadyRemoved)
{
    FakeSys sys;
    sys.add_shm(1, 1);
    sys.add_shm(2, 1);
    sys.add_file("/dev/shm/a", "");
    RemovalPlan plan;
    plan.targets = {by_id(Kind::sysv_shm, 1)};
    plan.all_kinds = {Kind::posix_shm, Kind::sysv_shm};
    Recorder events;
    const RemovalCounts counts = run_removal(plan, events, sys);
    EXPECT_THAT(removed(sys), ElementsAre("shmctl 1 IPC_RMID", "unlink /dev/shm/a", "shmctl 0 IPC_RMID"));
    EXPECT_THAT(events.lines,
                ElementsAre("removing shared memory segment id `1'", "listed", "removing POSIX shared memory `/a'",
                            "removing shared memory segment id `0'"));
    EXPECT_EQ(counts.removed, 3);
    EXPECT_EQ(counts.exit_code(), exit_ok);
}

TEST(Removal, AllRechecksEachObjectRightBeforeRemovingIt)
{
    FakeSys sys;
    for (key_t k = 1; k <= 5; ++k)
        sys.add_shm(k, 1);
    // Listed by SHM_STAT; then 0 goes, 1 is another segment, 2 cannot be
    // read (its owner: the kernel decides), 3 changes owner and no longer
    // matches --owner 1000.
    sys.fail("shmctl 0 IPC_STAT", EIDRM);
    sys.fail("shmctl 2 IPC_STAT", EACCES);
    Recorder events;
    events.on_listed = [&] {
        sys.shm[1].shm_perm.__key = 0x9999;
        sys.shm[3].shm_perm.uid = 0;
    };
    RemovalPlan plan;
    plan.all_kinds = {Kind::sysv_shm};
    plan.filters.owner = 1000;
    const RemovalCounts counts = run_removal(plan, events, sys);
    EXPECT_THAT(removed(sys), ElementsAre("shmctl 2 IPC_RMID", "shmctl 4 IPC_RMID"));
    EXPECT_THAT(events.lines,
                ElementsAre("listed", "skipping shared memory segment id `0': gone before it was removed",
                            "problem check shared memory id 1: replaced by another object since it was listed; left "
                            "in place",
                            "removing shared memory segment id `2'",
                            "skipping shared memory segment id `3': no longer matches; left in place",
                            "removing shared memory segment id `4'"));
    // Gone is not counted; replaced and no longer matching are skipped.
    EXPECT_EQ(counts.removed, 2);
    EXPECT_EQ(counts.failed, 0);
    EXPECT_EQ(counts.skipped, 2);
    EXPECT_EQ(removal_summary(counts, false), "removed 2 objects, 2 skipped");
}

TEST(Removal, AllAppliesTheFiltersWhenListing)
{
    FakeSys sys;
    sys.add_shm(1, 1, 100, 0);
    const int young = sys.add_shm(2, 1);
    sys.shm[young].shm_ctime = sys.clock - 10;
    sys.add_shm(3, 1);
    RemovalPlan plan;
    plan.all_kinds = {Kind::sysv_shm};
    plan.filters.owner = 1000;
    plan.filters.older_than = 60s;
    Recorder events;
    const RemovalCounts counts = run_removal(plan, events, sys);
    EXPECT_THAT(removed(sys), ElementsAre("shmctl 2 IPC_RMID"));
    EXPECT_EQ(counts.removed, 1);
}

TEST(Removal, AKindThatCannotBeListedFailsAndTheOthersGo)
{
    FakeSys sys;
    sys.fail("read_file /proc/sysvipc/msg", EACCES);
    sys.fail("msgctl 0 MSG_INFO", EACCES);
    ASSERT_TRUE(sys.mq_open("/q", O_CREAT | O_RDWR, 0600, nullptr));
    RemovalPlan plan;
    plan.all_kinds = {Kind::sysv_msg, Kind::posix_mq};
    Recorder events;
    const RemovalCounts counts = run_removal(plan, events, sys);
    EXPECT_THAT(removed(sys), ElementsAre("mq_unlink /q"));
    EXPECT_THAT(events.problems, ElementsAre("list message queue: Permission denied"));
    EXPECT_EQ(counts.failed, 1);
    EXPECT_EQ(counts.removed, 1);
}

TEST(Removal, OrphansKeepsOnlyUnusedObjectsWhoseCreatorIsGone)
{
    FakeSys sys;
    const int attached = sys.add_shm(1, 1);
    sys.shm[attached].shm_nattch = 1;
    sys.add_shm(2, 1, 200); // its creator runs
    sys.add_process(200, "creator", 1000);
    const int orphan = sys.add_shm(3, 1);
    sys.add_file("/dev/shm/held", "");
    sys.add_file("/dev/shm/free", "");
    sys.add_process(300, "app", 1000).map("/dev/shm/held");
    Recorder events;
    const RemovalCounts counts = run_removal(orphans_of({Kind::sysv_shm, Kind::posix_shm}), events, sys);
    EXPECT_THAT(removed(sys), ElementsAre(fmt::format("shmctl {} IPC_RMID", orphan), "unlink /dev/shm/free"));
    EXPECT_THAT(events.problems, IsEmpty());
    EXPECT_EQ(counts.removed, 2);
}

TEST(Removal, OrphansWithoutAProcScanRemoveNothing)
{
    FakeSys sys;
    sys.add_file("/dev/shm/a", "");
    sys.fail("open /proc", EACCES);
    Recorder events;
    const RemovalCounts counts = run_removal(orphans_of({Kind::posix_shm}), events, sys);
    EXPECT_THAT(removed(sys), IsEmpty());
    EXPECT_THAT(events.problems, ElementsAre("open /proc: Permission denied; no orphan removed"));
    EXPECT_EQ(counts.failed, 1);
}

TEST(Removal, OrphansWhoseRescanFailsAreAllCountedAsFailed)
{
    FakeSys sys;
    sys.add_file("/dev/shm/a", "");
    sys.add_file("/dev/shm/b", "");
    Recorder events;
    events.on_listed = [&] { sys.fail("open /proc", EACCES); };
    const RemovalCounts counts = run_removal(orphans_of({Kind::posix_shm}), events, sys);
    EXPECT_THAT(removed(sys), IsEmpty());
    EXPECT_EQ(counts.failed, 2);
}

TEST(Removal, OrphansThatCannotBeProvenAreSaidOnceEachAndLeft)
{
    // nobody, under hidepid=2: root's processes are out of sight.
    const auto run = [](const std::function<void(FakeSys&)>& blind, Recorder& events) {
        FakeSys sys;
        const int segment = sys.add_shm(1, 1);
        sys.add_file("/dev/shm/a", "");
        sys.add_sem_file("b", 0);
        blind(sys);
        const RemovalCounts counts =
            run_removal(orphans_of({Kind::sysv_shm, Kind::posix_shm, Kind::posix_sem}), events, sys);
        // The System V segment is proven unused by the kernel's attach count.
        EXPECT_THAT(removed(sys), ElementsAre(fmt::format("shmctl {} IPC_RMID", segment)));
        EXPECT_TRUE(sys.files.contains("/dev/shm/a"));
        EXPECT_TRUE(sys.files.contains("/dev/shm/sem.b"));
        return counts;
    };
    Recorder hidden;
    RemovalCounts counts = run(
        [](FakeSys& sys) {
            sys.files.at("/proc/self/mountinfo").data = "22 1 0:4 / /proc rw - proc proc rw,hidepid=invisible\n";
        },
        hidden);
    EXPECT_THAT(hidden.problems,
                ElementsAre("remove POSIX shared memory /a: cannot prove it an orphan: /proc hides other users' "
                            "processes (hidepid=invisible); left in place",
                            "remove POSIX semaphore /b: cannot prove it an orphan: /proc hides other users' "
                            "processes (hidepid=invisible); left in place"));
    EXPECT_EQ(counts.failed, 2);
    EXPECT_EQ(counts.removed, 1);
    EXPECT_EQ(counts.exit_code(), exit_failure);

    Recorder empty;
    counts = run([](FakeSys& sys) { sys.fs_types["/proc"] = FakeSys::tmpfs_magic; }, empty);
    EXPECT_THAT(empty.problems, ElementsAre("remove POSIX shared memory /a: cannot prove it an orphan: /proc is not a "
                                            "proc file system; left in place",
                                            "remove POSIX semaphore /b: cannot prove it an orphan: /proc is not a "
                                            "proc file system; left in place"));

    Recorder unreadable;
    counts = run([](FakeSys& sys) { sys.add_process(1, "init", 0).unreadable(); }, unreadable);
    EXPECT_EQ(unreadable.problems.size(), 2U);
    EXPECT_EQ(unreadable.problems[0],
              "remove POSIX shared memory /a: cannot prove it an orphan: 1 process could not be read; left in place");

    // Sight that turns partial between the listing and the removal.
    FakeSys sys;
    sys.add_file("/dev/shm/a", "");
    Recorder later;
    later.on_listed = [&] { sys.fs_types["/proc"] = FakeSys::tmpfs_magic; };
    counts = run_removal(orphans_of({Kind::posix_shm}), later, sys);
    EXPECT_THAT(removed(sys), IsEmpty());
    EXPECT_THAT(later.problems, ElementsAre("remove POSIX shared memory /a: cannot prove it an orphan: /proc is not "
                                            "a proc file system; left in place"));
    EXPECT_EQ(counts.failed, 1);
}

TEST(Removal, AnOrphanThatChangedBeforeRemovalIsLeft)
{
    // The re-check's IPC_STAT (the second, after restat's) fails with
    // EIDRM, then with EACCES, then shows an attach; a refused one is not
    // even re-checked.
    const auto run = [](int err, bool attach, bool refused, Recorder& events) {
        FakeSys sys;
        sys.add_shm(0x1234, 1, 100, refused ? 0 : 1000);
        if (err != 0)
            sys.fail("shmctl 0 IPC_STAT", err, -1, 1);
        if (attach)
            events.on_listed = [&] { sys.shm[0].shm_nattch = 1; };
        RemovalPlan plan;
        plan.all_kinds = {Kind::sysv_shm};
        plan.orphans = true;
        const RemovalCounts counts = run_removal(plan, events, sys);
        EXPECT_THAT(removed(sys), IsEmpty());
        return counts;
    };
    Recorder gone, unreadable, busy, refused;
    RemovalCounts c = run(EIDRM, false, false, gone);
    EXPECT_THAT(gone.lines, ElementsAre("listed", "skipping shared memory segment id `0': gone before it was removed"));
    EXPECT_EQ(c.failed + c.skipped + c.removed, 0);

    c = run(EACCES, false, false, unreadable);
    EXPECT_THAT(unreadable.problems, ElementsAre("check shared memory id 0: Permission denied; left in place"));
    EXPECT_EQ(c.failed, 1);

    c = run(0, true, false, busy);
    EXPECT_THAT(busy.lines, ElementsAre("listed", "skipping shared memory segment id `0': no longer an orphan "
                                                  "(attached); left in place"));
    EXPECT_EQ(c.skipped, 1);

    c = run(0, false, true, refused);
    EXPECT_THAT(refused.problems, ElementsAre("remove shared memory id 0: Permission denied"));
    EXPECT_EQ(c.failed, 1);
}

TEST(Removal, AnOrphanReplacedSinceListedIsLeft)
{
    FakeSys sys;
    sys.add_shm(0x1234, 1);
    Recorder events;
    events.on_listed = [&] { sys.shm[0].shm_cpid = 4242; }; // another segment took the id
    RemovalPlan plan;
    plan.all_kinds = {Kind::sysv_shm};
    plan.orphans = true;
    const RemovalCounts counts = run_removal(plan, events, sys);
    EXPECT_THAT(removed(sys), IsEmpty());
    EXPECT_THAT(events.problems,
                ElementsAre("check shared memory id 0: replaced by another object since it was listed; left in place"));
    EXPECT_EQ(counts.skipped, 1);
}

TEST(Removal, NamesAndSummaryReadAsIpcrms)
{
    Object fifo;
    fifo.kind = Kind::fifo;
    fifo.path = "/tmp/f";
    Object shm;
    shm.id = 7;
    Object msg;
    msg.kind = Kind::sysv_msg;
    msg.id = 3;
    Object sem;
    sem.kind = Kind::posix_sem;
    sem.name = "s";
    EXPECT_EQ(removal_name(shm), "shared memory segment id `7'");
    EXPECT_EQ(removal_name(msg), "message queue id `3'");
    EXPECT_EQ(removal_name(sem), "POSIX semaphore `/s'");
    EXPECT_EQ(removal_name(fifo), "FIFO `/tmp/f'");
    EXPECT_EQ(removal_summary(RemovalCounts{}, false), "removed 0 objects");
    EXPECT_EQ(removal_summary(RemovalCounts{1, 1, 0}, false), "removed 1 object, 1 failed");
    EXPECT_EQ(removal_summary(RemovalCounts{2, 0, 1}, true), "would remove 2 objects, 1 skipped");
}
