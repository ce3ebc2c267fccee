#include <sys/stat.h>

#include <cerrno>

#include <gtest/gtest.h>

#include "fake_sys.hpp"
#include "libipcutil/kernel/objects.hpp"
#include "libipcutil/kernel/posix.hpp"

using namespace ipcutil;

TEST(PosixList, ShmAndSemaphoresShareTheFolderQueuesHaveTheirs)
{
    FakeSys sys;
    sys.add_file("/dev/shm/b", "1234");
    sys.add_file("/dev/shm/a", "");
    sys.add_sem_file("s", 7);
    ASSERT_TRUE(sys.mq_open("/q", O_CREAT | O_RDWR, 0640, nullptr));
    std::vector<std::string> warnings;
    auto shm = list_posix(Kind::posix_shm, warnings, sys);
    ASSERT_TRUE(shm) << shm.error().message();
    ASSERT_EQ(shm->size(), 2U);
    EXPECT_EQ((*shm)[0].name, "a");
    EXPECT_EQ((*shm)[1].name, "b");
    EXPECT_EQ((*shm)[1].size, 4U);
    auto sems = list_posix(Kind::posix_sem, warnings, sys);
    ASSERT_EQ(sems->size(), 1U);
    EXPECT_EQ((*sems)[0].name, "s");
    EXPECT_EQ((*sems)[0].path, "/dev/shm/sem.s");
    EXPECT_EQ((*sems)[0].value, 7);
    auto queues = list_posix(Kind::posix_mq, warnings, sys);
    ASSERT_EQ(queues->size(), 1U);
    EXPECT_EQ((*queues)[0].mode, 0640U);
    EXPECT_EQ((*queues)[0].maxmsg, 10);
    EXPECT_TRUE(warnings.empty());
}

TEST(PosixList, AnUnmountedMqueueIsAWarningNotAFailure)
{
    FakeSys sys;
    sys.fs_types["/dev/mqueue"] = FakeSys::tmpfs_magic;
    std::vector<std::string> warnings;
    auto queues = list_posix(Kind::posix_mq, warnings, sys);
    ASSERT_TRUE(queues);
    EXPECT_TRUE(queues->empty());
    EXPECT_EQ(warnings, std::vector<std::string>{mqueue_not_mounted_warning()});
    EXPECT_FALSE(sys.called("open /dev/mqueue"));
}

TEST(PosixStat, WhatIsNoObjectSaysWhatItIs)
{
    FakeSys sys;
    sys.add_dir("/dev/shm/dir");
    sys.add_link("/dev/shm/link", "/etc/hostname");
    auto dir = stat_posix(Kind::posix_shm, "dir", sys);
    ASSERT_FALSE(dir);
    EXPECT_EQ(dir.error().err, EMEDIUMTYPE);
    EXPECT_EQ(dir.error().message(), "stat /dev/shm/dir: not a shared memory object (a directory)");
    auto link = stat_posix(Kind::posix_shm, "link", sys);
    ASSERT_FALSE(link);
    EXPECT_EQ(link.error().message(), "stat /dev/shm/link: not a shared memory object (a symbolic link)");
    auto missing = stat_posix(Kind::posix_sem, "none", sys);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().err, ENOENT);
}

TEST(PosixOpen, RefusesLinksAndNonFiles)
{
    FakeSys sys;
    sys.add_dir("/dev/shm/dir");
    sys.add_link("/dev/shm/link", "/etc/hostname");
    auto link = open_posix_file(Kind::posix_shm, "link", O_RDONLY, sys);
    ASSERT_FALSE(link);
    EXPECT_EQ(link.error().err, ELOOP);
    EXPECT_EQ(link.error().message(), "open /dev/shm/link: is a symbolic link; refusing to follow it");
    for (int flags : {O_RDONLY, O_RDWR}) {
        auto dir = open_posix_file(Kind::posix_shm, "dir", flags, sys);
        ASSERT_FALSE(dir);
        EXPECT_EQ(dir.error().err, EMEDIUMTYPE);
        EXPECT_EQ(dir.error().message(), "open /dev/shm/dir: not a shared memory object (a directory); refusing it");
    }
}

TEST(PosixNames, SharedMemoryNeverTakesASemaphoresName)
{
    EXPECT_TRUE(check_shm_name("data"));
    EXPECT_TRUE(check_shm_name("semaphore"));
    EXPECT_TRUE(check_shm_name("sem"));
    auto bad = check_shm_name("sem.y");
    ASSERT_FALSE(bad);
    EXPECT_TRUE(bad.error().usage);
    EXPECT_EQ(bad.error().message(), "invalid POSIX shared memory name: '/sem.y' (/dev/shm/sem.NAME is the file of "
                                     "semaphore /NAME: shared memory named sem.* would be taken for a semaphore)");
}

TEST(PosixRemove, ByNameEachFamilyItsOwnCall)
{
    FakeSys sys;
    sys.add_file("/dev/shm/m", "");
    sys.add_sem_file("s", 0);
    ASSERT_TRUE(sys.mq_open("/q", O_CREAT | O_RDWR, 0600, nullptr));
    sys.fs_types["/dev/mqueue"] = FakeSys::tmpfs_magic; // a queue goes without the mount
    EXPECT_TRUE(remove_posix(Kind::posix_shm, "m", sys));
    EXPECT_TRUE(remove_posix(Kind::posix_sem, "s", sys));
    EXPECT_TRUE(remove_posix(Kind::posix_mq, "q", sys));
    EXPECT_TRUE(sys.called("unlink /dev/shm/m"));
    EXPECT_TRUE(sys.called("unlink /dev/shm/sem.s"));
    EXPECT_TRUE(sys.called("mq_unlink /q"));
    EXPECT_EQ(remove_posix(Kind::posix_mq, "q", sys).error().message(), "remove POSIX message queue /q: not found");
    sys.add_dir("/dev/shm/dir");
    EXPECT_EQ(remove_posix(Kind::posix_shm, "dir", sys).error().message(),
              "remove POSIX shared memory /dir: not a shared memory object (a directory)");
}

TEST(PosixRemove, MayUnlinkFollowsTheStickyFolderRule)
{
    FakeSys sys; // uid 1000; /dev/shm is root's, mode 1777
    Object mine;
    mine.kind = Kind::posix_shm;
    mine.name = "mine";
    mine.uid = 1000;
    Object theirs = mine;
    theirs.name = "theirs";
    theirs.uid = 0;
    EXPECT_TRUE(may_remove(mine, sys));
    EXPECT_FALSE(may_remove(theirs, sys));
    sys.self.caps = std::uint64_t{1} << cap_fowner;
    EXPECT_TRUE(may_remove(theirs, sys));
    sys.self.caps = 0;
    sys.fail("access /dev/shm", EACCES); // no write permission on the folder
    EXPECT_FALSE(may_remove(mine, sys));
    sys.self.caps = std::uint64_t{1} << cap_dac_override;
    EXPECT_TRUE(may_remove(mine, sys));
}

TEST(PosixRestat, TheSameInodeOrReplaced)
{
    FakeSys sys;
    std::vector<std::string> warnings;
    sys.add_file("/dev/shm/x", "");
    auto listed = list_posix(Kind::posix_shm, warnings, sys).value().at(0);
    EXPECT_TRUE(restat(listed, sys));
    sys.files.erase("/dev/shm/x");
    EXPECT_EQ(restat(listed, sys).error().err, ENOENT);
    sys.add_file("/dev/shm/x", ""); // another inode
    EXPECT_EQ(restat(listed, sys).error().message(),
              "check POSIX shared memory /x: replaced by another object since it was listed");
}
