#include <sys/shm.h>

#include <cerrno>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "fake_sys.hpp"
#include "libipcutil/kernel/posix.hpp"
#include "libipcutil/kernel/sysv.hpp"

using namespace ipcutil;

namespace {

// Recorded from a 6.x kernel.
constexpr const char* shm_text =
    "       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      "
    "dtime      ctime                   rss                  swap\n"
    "1716516886          0   644                   100  2084     0      0     0     0     0     0          0       "
    "   0 1795385819                     0                     0\n"
    "         0         32  3600               1048576  4242  4243      2  1000   100     0     0 1795385900 "
    "1795385901 1795385819                  8192                  4096\n";

constexpr const char* msg_text =
    "       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      "
    "ctime\n"
    " 270615769          0   644          12          3   101   102     0     0     0     0 1795385820          0 "
    "1795385819\n";

constexpr const char* sem_text =
    "       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n"
    "1368133491          0   644          3     0     0     0     0          0 1795385819\n"
    "        -1          1   600          1    65534 65534     0     0 1795385830 1795385819\n";

} // namespace

TEST(ProcSysvipc, SharedMemory)
{
    std::size_t bad = 99;
    const auto objects = parse_proc_sysvipc(Kind::sysv_shm, shm_text, &bad);
    EXPECT_EQ(bad, 0U);
    ASSERT_EQ(objects.size(), 2U);
    const auto& a = objects[0];
    EXPECT_EQ(a.kind, Kind::sysv_shm);
    EXPECT_EQ(a.key, 1716516886);
    EXPECT_EQ(a.id, 0);
    EXPECT_EQ(a.mode, 0644U);
    EXPECT_EQ(a.size, 100U);
    EXPECT_EQ(a.cpid, 2084);
    EXPECT_EQ(a.nattch, 0U);
    EXPECT_FALSE(a.atime.has_value());
    EXPECT_FALSE(a.dtime.has_value());
    EXPECT_EQ(a.ctime.value(), 1795385819);
    EXPECT_FALSE(a.dest);

    const auto& b = objects[1];
    EXPECT_EQ(b.id, 32);
    EXPECT_EQ(b.mode, 0600U); // 03600: SHM_DEST | SHM_LOCKED | 0600
    EXPECT_TRUE(b.dest);
    EXPECT_TRUE(b.locked);
    EXPECT_EQ(b.uid, 1000U);
    EXPECT_EQ(b.gid, 100U);
    EXPECT_EQ(b.lpid, 4243);
    EXPECT_EQ(b.nattch, 2U);
    EXPECT_EQ(b.atime.value(), 1795385900);
    EXPECT_EQ(b.rss, 8192U);
    EXPECT_EQ(b.swap, 4096U);
}

TEST(ProcSysvipc, MessageQueues)
{
    const auto objects = parse_proc_sysvipc(Kind::sysv_msg, msg_text);
    ASSERT_EQ(objects.size(), 1U);
    EXPECT_EQ(objects[0].size, 12U);
    EXPECT_EQ(objects[0].messages, 3U);
    EXPECT_EQ(objects[0].cpid, 101);
    EXPECT_EQ(objects[0].lpid, 102);
    EXPECT_EQ(objects[0].atime.value(), 1795385820);
    EXPECT_FALSE(objects[0].dtime.has_value());
}

TEST(ProcSysvipc, Semaphores)
{
    const auto objects = parse_proc_sysvipc(Kind::sysv_sem, sem_text);
    ASSERT_EQ(objects.size(), 2U);
    EXPECT_EQ(objects[0].nsems, 3U);
    EXPECT_EQ(objects[1].key, -1); // key 0xffffffff is printed signed
    EXPECT_EQ(objects[1].uid, 65534U);
    EXPECT_EQ(objects[1].atime.value(), 1795385830);
}

TEST(ProcSysvipc, MalformedLinesAreSkippedAndCounted)
{
    std::string text = std::string(sem_text) + "garbage line\n" + "  12 x 600 1 0 0 0 0 0 0\n" + "  12 5 600\n"
                       + "  12 6 6z0 1 0 0 0 0 0 0\n" + "\n";
    std::size_t bad = 0;
    const auto objects = parse_proc_sysvipc(Kind::sysv_sem, text, &bad);
    EXPECT_EQ(objects.size(), 2U);
    EXPECT_EQ(bad, 4U);
}

TEST(ProcSysvipc, EmptyAndHeaderOnly)
{
    EXPECT_TRUE(parse_proc_sysvipc(Kind::sysv_shm, "").empty());
    EXPECT_TRUE(parse_proc_sysvipc(Kind::sysv_msg, "key msqid perms\n").empty());
}

TEST(ProcSysvipc, ColumnsFoundByName)
{
    // A kernel that orders columns differently (or adds some) still parses.
    const char* text = "semid key extra perms nsems uid gid cuid cgid otime ctime\n"
                       "7 42 zz 640 2 1 2 3 4 0 100\n";
    const auto objects = parse_proc_sysvipc(Kind::sysv_sem, text);
    ASSERT_EQ(objects.size(), 1U);
    EXPECT_EQ(objects[0].id, 7);
    EXPECT_EQ(objects[0].key, 42);
    EXPECT_EQ(objects[0].mode, 0640U);
    EXPECT_EQ(objects[0].cgid, 4U);
}

TEST(MqQsize, Parses)
{
    EXPECT_EQ(parse_mq_qsize("QSIZE:129          NOTIFY:0     SIGNO:0     NOTIFY_PID:0     \n").value(), 129U);
    EXPECT_EQ(parse_mq_qsize("QSIZE:0 ").value(), 0U);
    EXPECT_FALSE(parse_mq_qsize(""));
    EXPECT_FALSE(parse_mq_qsize("QSIZE:"));
    EXPECT_FALSE(parse_mq_qsize("QSIZE:x"));
    EXPECT_FALSE(parse_mq_qsize("NOTIFY:0"));
}

// ---- through the seam ----------------------------------------------------------

TEST(SysvStat, AnIdThatNamesNothingIsNotFound)
{
    FakeSys sys;
    for (Kind kind : {Kind::sysv_shm, Kind::sysv_msg, Kind::sysv_sem}) {
        auto o = stat_sysv(kind, 99999, sys);
        ASSERT_FALSE(o);
        EXPECT_EQ(o.error().err, ENOENT);
    }
    EXPECT_EQ(stat_sysv(Kind::sysv_shm, 99999, sys).error().message(), "find shared memory id 99999: not found");
    const int id = sys.add_shm(0x42, 10);
    sys.fail(fmt::format("shmctl {} IPC_STAT", id), EIDRM);
    EXPECT_EQ(stat_sysv(Kind::sysv_shm, id, sys).error().message(),
              fmt::format("find shared memory id {}: not found", id));
}

TEST(SysvList, FromProcOrElseFromTheStatInterface)
{
    FakeSys sys;
    sys.add_shm(0x1, 1);
    sys.add_shm(0x2, 2);
    auto all = list_sysv(Kind::sysv_shm, sys);
    ASSERT_TRUE(all) << all.error().message();
    ASSERT_EQ(all->size(), 2U);
    EXPECT_EQ((*all)[1].size, 2U);
    EXPECT_TRUE(sys.called("shmctl 0 SHM_INFO"));
    sys.add_file("/proc/sysvipc/shm", shm_text, 0444, 0);
    all = list_sysv(Kind::sysv_shm, sys);
    ASSERT_TRUE(all);
    EXPECT_EQ(all->size(), 2U);
    EXPECT_EQ((*all)[1].id, 32); // /proc's rows, sorted by id
    sys.fail("read_file /proc/sysvipc/msg", EACCES);
    sys.fail("msgctl 0 MSG_INFO", EPERM);
    EXPECT_EQ(list_sysv(Kind::sysv_msg, sys).error().message(), "list message queue: Permission denied");
}

TEST(SysvRemove, GoneAndRemovedMeanwhileReadAsIpcrm)
{
    FakeSys sys;
    const int id = sys.add_shm(0x1, 1);
    EXPECT_TRUE(remove_sysv(Kind::sysv_shm, id, sys));
    EXPECT_EQ(remove_sysv(Kind::sysv_shm, id, sys).error().message(),
              fmt::format("remove shared memory id {}: not found", id));
    sys.fail("semctl 3 IPC_RMID", EIDRM);
    EXPECT_EQ(remove_sysv(Kind::sysv_sem, 3, sys).error().message(), "remove semaphore set id 3: already removed");
}
