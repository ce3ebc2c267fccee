// The ipcs face's pure parts: ipc_print_size, the -l clamp,
// ctime text, and whole sections rendered from recorded /proc/sysvipc text
// compared with what util-linux ipcs 2.38.1 printed for the same objects
// (tests/unit/data/ipcs/, recorded with TZ=UTC).
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <limits>
#include <sstream>

#include <gtest/gtest.h>

#include "libipcutil/kernel/sysv.hpp"
#include "libipcutil/list/ipcs_sections.hpp"

using namespace ipcutil;
using namespace ipcutil::ipcs;

namespace {

std::string data(const std::string& name)
{
    std::ifstream in(std::string(XIPC_TEST_DATA) + "/ipcs/" + name);
    EXPECT_TRUE(in) << name;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

class Utc : public ::testing::Test {
  protected:
    void SetUp() override
    {
        const char* tz = std::getenv("TZ");
        saved_ = tz != nullptr ? std::optional<std::string>(tz) : std::nullopt;
        ::setenv("TZ", "UTC", 1);
        ::tzset();
    }
    void TearDown() override
    {
        if (saved_)
            ::setenv("TZ", saved_->c_str(), 1);
        else
            ::unsetenv("TZ");
        ::tzset();
    }

  private:
    std::optional<std::string> saved_;
};

// ipcs's output for a section is "\n" + section + "\n".
std::string section(Kind kind, Format format, Unit unit)
{
    const Kind proc_kind = kind;
    const char* file = kind == Kind::sysv_shm   ? "proc-shm.txt"
                       : kind == Kind::sysv_msg ? "proc-msg.txt"
                                                : "proc-sem.txt";
    const auto objects = parse_proc_sysvipc(proc_kind, data(file));
    NameCache names;
    TimeText times;
    std::string out = "\n";
    sysv_section(out, kind, format, unit, objects, names, times);
    out += '\n';
    return out;
}

} // namespace

TEST(AppendSize, LabelsAndWidths)
{
    std::string out;
    append_size(out, Unit::bytes, "max size of message", 8192, "\n", 0);
    append_size(out, Unit::kbytes, "max seg size", 4000000000, "\n", 0);
    append_size(out, Unit::human, "max seg size", 4000000000, "\n", 0);
    append_size(out, Unit::standard, "used space", 0, " bytes\n", 0);
    append_size(out, Unit::human, "size=", 4096, "\t", 0);
    append_size(out, Unit::standard, "bytes=", 4096, "|", 0);
    append_size(out, Unit::standard, nullptr, 42, "|", -10);
    append_size(out, Unit::human, nullptr, 100000, "|", 6);
    EXPECT_EQ(out, "max size of message (bytes) = 8192\n"
                   "max seg size (kbytes) = 3906250\n"
                   "max seg size = 3.7G\n"
                   "used space = 0 bytes\n"
                   "size=4K\t"
                   "bytes=4096|"
                   "42        |"
                   " 97.7K|");
}

TEST(ShmTotal, ClampsAnOverflowLikeIpcs)
{
    // The kernel's default shmall overflows when multiplied by the page.
    EXPECT_EQ(shm_total(18446744073692774399U, 4096, 1024), 18446744073709551612U);
    EXPECT_EQ(shm_total(18446744073692774399U, 4096, 1), 18446744073709547520U);
    EXPECT_EQ(shm_total(1048576, 4096, 1024), 4194304U);
    EXPECT_EQ(shm_total(1048576, 4096, 1), 4294967296U);
    EXPECT_EQ(shm_total(0, 4096, 1024), 0U);
}

TEST_F(Utc, TimeTextIsCtimeWithoutTheNewline)
{
    TimeText t;
    EXPECT_EQ(t.ctime(0), "Thu Jan  1 00:00:00 1970");
    EXPECT_EQ(t.ctime(1700000000), "Tue Nov 14 22:13:20 2023");
    EXPECT_EQ(t.ctime(1700000000), "Tue Nov 14 22:13:20 2023"); // from the cache
    EXPECT_EQ(t.ctime(1795387686), "Sun Nov 22 22:48:06 2026");
}

TEST_F(Utc, SharedMemorySectionsMatchRecordedIpcs)
{
    EXPECT_EQ(section(Kind::sysv_shm, Format::normal, Unit::standard), data("ipcs-m.txt"));
    EXPECT_EQ(section(Kind::sysv_shm, Format::normal, Unit::human), data("ipcs-m-human.txt"));
    EXPECT_EQ(section(Kind::sysv_shm, Format::pid, Unit::standard), data("ipcs-m-p.txt"));
    EXPECT_EQ(section(Kind::sysv_shm, Format::time, Unit::standard), data("ipcs-m-t.txt"));
}

TEST_F(Utc, MessageQueueSectionsMatchRecordedIpcs)
{
    EXPECT_EQ(section(Kind::sysv_msg, Format::normal, Unit::standard), data("ipcs-q.txt"));
    EXPECT_EQ(section(Kind::sysv_msg, Format::normal, Unit::human), data("ipcs-q-human.txt"));
    EXPECT_EQ(section(Kind::sysv_msg, Format::time, Unit::standard), data("ipcs-q-t.txt"));
    EXPECT_EQ(section(Kind::sysv_msg, Format::pid, Unit::standard), data("ipcs-q-p.txt"));
    EXPECT_EQ(section(Kind::sysv_msg, Format::creator, Unit::standard), data("ipcs-q-c.txt"));
}

TEST_F(Utc, SemaphoreSectionsMatchRecordedIpcs)
{
    EXPECT_EQ(section(Kind::sysv_sem, Format::normal, Unit::standard), data("ipcs-s.txt"));
    EXPECT_EQ(section(Kind::sysv_sem, Format::time, Unit::standard), data("ipcs-s-t.txt"));
    EXPECT_EQ(section(Kind::sysv_sem, Format::creator, Unit::standard), data("ipcs-s-c.txt"));
    // ipcs prints nothing at all for semaphores with -p.
    EXPECT_EQ(section(Kind::sysv_sem, Format::pid, Unit::standard), "\n\n");
}

TEST_F(Utc, DetailsMatchRecordedIpcs)
{
    const auto shm = parse_proc_sysvipc(Kind::sysv_shm, data("proc-shm.txt"));
    ASSERT_EQ(shm.size(), 3U);
    TimeText times;
    std::string out;
    sysv_detail(out, shm[1], {}, Unit::standard, times); // attached, locked, dest: mode 03640
    EXPECT_EQ(out, data("ipcs-m-i1.txt"));

    const auto sem = parse_proc_sysvipc(Kind::sysv_sem, data("proc-sem.txt"));
    ASSERT_EQ(sem.size(), 2U);
    const SemElement elements[] = {{1, 0, 0, 21211}};
    out.clear();
    sysv_detail(out, sem[0], elements, Unit::standard, times);
    EXPECT_EQ(out, data("ipcs-s-i0.txt"));
}

TEST_F(Utc, MessageQueueDetail)
{
    Object q;
    q.kind = Kind::sysv_msg;
    q.id = 32768;
    q.uid = 1000;
    q.gid = 100;
    q.cuid = 0;
    q.cgid = 0;
    q.mode = 0600;
    q.size = 5005;
    q.qbytes = 16384;
    q.messages = 2;
    q.cpid = 77;
    q.lpid = 78;
    q.atime = 1700000000;
    q.ctime = 1700000000;
    TimeText times;
    std::string out;
    sysv_detail(out, q, {}, Unit::human, times);
    EXPECT_EQ(out, "\nMessage Queue msqid=32768\n"
                   "uid=1000\tgid=100\tcuid=0\tcgid=0\tmode=0600\n"
                   "csize=4.9K\tqsize=16K\tqnum=2\tlspid=77\tlrpid=78\n"
                   "send_time=Tue Nov 14 22:13:20 2023  \n"
                   "rcv_time=Not set                   \n"
                   "change_time=Tue Nov 14 22:13:20 2023  \n\n");
}

TEST(LimitsAndUsage, TextOfEachBlock)
{
    SysvLimits l;
    l.msgmni = 32000;
    l.msgmax = 8192;
    l.msgmnb = 16384;
    l.shmmni = 4096;
    l.shmmax = 18446744073692774399U;
    l.shmall = 18446744073692774399U;
    l.semmni = 32000;
    l.semmsl = 32000;
    l.semmns = 1024000000;
    l.semopm = 500;
    std::string out;
    sysv_limits_section(out, Kind::sysv_msg, l, Unit::standard, 4096);
    sysv_limits_section(out, Kind::sysv_shm, l, Unit::standard, 4096);
    sysv_limits_section(out, Kind::sysv_sem, l, Unit::standard, 4096);
    EXPECT_EQ(out, "------ Messages Limits --------\n"
                   "max queues system wide = 32000\n"
                   "max size of message (bytes) = 8192\n"
                   "default max size of queue (bytes) = 16384\n"
                   "------ Shared Memory Limits --------\n"
                   "max number of segments = 4096\n"
                   "max seg size (kbytes) = 18014398509465599\n"
                   "max total shared memory (kbytes) = 18446744073709551612\n"
                   "min seg size (bytes) = 1\n"
                   "------ Semaphore Limits --------\n"
                   "max number of arrays = 32000\n"
                   "max semaphores per array = 32000\n"
                   "max semaphores system wide = 1024000000\n"
                   "max ops per semop call = 500\n"
                   "semaphore max value = 32767\n");
    out.clear();
    sysv_limits_section(out, Kind::sysv_shm, l, Unit::human, 4096);
    EXPECT_EQ(out, "------ Shared Memory Limits --------\n"
                   "max number of segments = 4096\n"
                   "max seg size = 16E\n"
                   "max total shared memory = 16E\n"
                   "min seg size = 1B\n");

    SysvUsage u;
    u.msg_queues = 3;
    u.msg_space = 5005;
    u.shm_segments = 4;
    u.shm_pages = 29;
    u.sem_sets = 1;
    u.sem_semaphores = 3;
    out.clear();
    sysv_usage_section(out, Kind::sysv_msg, u, Unit::standard);
    sysv_usage_section(out, Kind::sysv_shm, u, Unit::standard);
    sysv_usage_section(out, Kind::sysv_sem, u, Unit::standard);
    sysv_usage_section(out, Kind::sysv_msg, u, Unit::bytes);
    EXPECT_EQ(out, "------ Messages Status --------\n"
                   "allocated queues = 3\n"
                   "used headers = 0\n"
                   "used space = 5005 bytes\n"
                   "------ Shared Memory Status --------\n"
                   "segments allocated 4\n"
                   "pages allocated 29\n"
                   "pages resident  0\n"
                   "pages swapped   0\n"
                   "Swap performance: 0 attempts\t 0 successes\n"
                   "------ Semaphore Status --------\n"
                   "used arrays = 1\n"
                   "allocated semaphores = 3\n"
                   "------ Messages Status --------\n"
                   "allocated queues = 3\n"
                   "used headers = 0\n"
                   "used space (bytes) = 5005\n");
}

TEST(ProcParser, ColumnsByHeaderNameAndMalformedRows)
{
    // Columns in another order, one row too short, one with a bad number.
    const std::string text = "       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n"
                             "         5         7   600          3     0     0     0     0          0 1700000000\n"
                             "         5         8   600\n"
                             "         5         x   600          3     0     0     0     0          0 1700000000\n"
                             "\n"
                             "        -1     32768   644          1  1000   100  1000   100 1700000001 1700000000\n";
    std::size_t bad = 0;
    const auto objects = parse_proc_sysvipc(Kind::sysv_sem, text, &bad);
    EXPECT_EQ(bad, 2U);
    ASSERT_EQ(objects.size(), 2U);
    EXPECT_EQ(objects[0].id, 7);
    EXPECT_EQ(objects[0].nsems, 3U);
    EXPECT_FALSE(objects[0].atime);
    EXPECT_EQ(objects[1].id, 32768);
    EXPECT_EQ(objects[1].key, -1);
    EXPECT_EQ(objects[1].uid, 1000U);
    EXPECT_EQ(*objects[1].atime, 1700000001);

    const std::string reordered = "shmid key perms size cpid lpid nattch uid gid cuid cgid atime dtime ctime\n"
                                  "3 16 3600 4096 10 11 1 0 0 0 0 5 6 7\n";
    const auto shm = parse_proc_sysvipc(Kind::sysv_shm, reordered, &bad);
    ASSERT_EQ(shm.size(), 1U);
    EXPECT_EQ(bad, 0U);
    EXPECT_EQ(shm[0].id, 3);
    EXPECT_EQ(shm[0].key, 16);
    EXPECT_TRUE(shm[0].dest);
    EXPECT_TRUE(shm[0].locked);
    EXPECT_EQ(shm[0].mode, 0600U);
    EXPECT_EQ(shm[0].rss, 0U); // no rss column: an older kernel
}

TEST_F(Utc, PosixSections)
{
    Object q;
    q.kind = Kind::posix_mq;
    q.name = "jobs";
    q.mode = 0600;
    q.size = 10;
    q.messages = 2;
    q.maxmsg = 10;
    q.msgsize = 128;
    Object closed = q;
    closed.name = "a-queue-with-a-long-name";
    closed.maxmsg.reset();
    const Object queues[] = {closed, q};
    NameCache names;
    TimeText times;
    std::string out;
    posix_section(out, Kind::posix_mq, Format::normal, Unit::standard, queues, names, times);
    EXPECT_EQ(out, "------ POSIX Message Queues --------\n"
                   "name                      owner      perms      used-bytes   messages    \n"
                   "/a-queue-with-a-long-name root       600        -            -           \n"
                   "/jobs                     root       600        10           2           \n");

    Object s;
    s.kind = Kind::posix_sem;
    s.name = "lock";
    s.mode = 0644;
    s.value = 1;
    s.atime = s.dtime = s.ctime = 1700000000;
    const Object sems[] = {s};
    out.clear();
    posix_section(out, Kind::posix_sem, Format::time, Unit::standard, sems, names, times);
    posix_detail(out, s, Unit::standard, times);
    EXPECT_EQ(out, "------ POSIX Semaphores Access/Modify/Change Times --------\n"
                   "name                 owner      accessed             modified             changed             \n"
                   "/lock                root       Nov 14 22:13:20      Nov 14 22:13:20      Nov 14 22:13:20     \n"
                   "\nPOSIX Semaphore name=/lock\n"
                   "uid=0\tgid=0\tmode=0644\n"
                   "value=1\n"
                   "access_time=Tue Nov 14 22:13:20 2023  \n"
                   "modify_time=Tue Nov 14 22:13:20 2023  \n"
                   "change_time=Tue Nov 14 22:13:20 2023  \n\n");

    Object m;
    m.kind = Kind::posix_shm;
    m.name = "seg";
    m.mode = 0640;
    m.size = 100000;
    const Object segs[] = {m};
    out.clear();
    posix_usage_section(out, Kind::posix_shm, segs, Unit::human);
    posix_usage_section(out, Kind::posix_mq, queues, Unit::standard);
    EXPECT_EQ(out, "------ POSIX Shared Memory Status --------\n"
                   "allocated segments = 1\n"
                   "used space = 97.7K\n"
                   "------ POSIX Message Queues Status --------\n"
                   "allocated queues = 2\n"
                   "queued messages = 2\n"
                   "used space = 10 bytes\n");

    PosixLimits l;
    l.sem_value_max = 2147483647;
    out.clear();
    posix_limits_section(out, Kind::posix_mq, l, Unit::standard);
    posix_limits_section(out, Kind::posix_shm, l, Unit::standard);
    posix_limits_section(out, Kind::posix_sem, l, Unit::standard);
    EXPECT_EQ(out, "unable to fetch POSIX message queue limits\n"
                   "unable to fetch POSIX shared memory limits\n"
                   "------ POSIX Semaphores Limits --------\n"
                   "semaphore max value = 2147483647\n");
}

TEST(PosixSections, PidSectionShowsTheHolders)
{
    Object a;
    a.kind = Kind::posix_shm;
    a.name = "held";
    a.holders = {{101, "x"}, {2202, "y"}};
    Object b = a;
    b.name = "free";
    b.holders.clear();
    const Object segs[] = {a, b};
    NameCache names;
    TimeText times;
    std::string out;
    posix_section(out, Kind::posix_shm, Format::pid, Unit::standard, segs, names, times);
    EXPECT_EQ(out, "------ POSIX Shared Memory Holder PIDs --------\n"
                   "name                 owner      pids      \n"
                   "/held                root       101,2202  \n"
                   "/free                root       -         \n");
}

TEST(PosixSections, NamesAndPathsAreEscapedAndAligned)
{
    Object esc;
    esc.kind = Kind::posix_shm;
    esc.name = "a\x1b[31mred";
    esc.mode = 0600;
    esc.size = 1;
    Object nl = esc;
    nl.name = "x\ny";
    Object bad = esc;
    bad.name = "b\xff\xfe-long-enough-to-widen";
    const Object segs[] = {esc, nl, bad};
    NameCache names;
    TimeText times;
    std::string out;
    posix_section(out, Kind::posix_shm, Format::normal, Unit::standard, segs, names, times);
    EXPECT_EQ(out, "------ POSIX Shared Memory --------\n"
                   "name                            owner      perms      bytes     \n"
                   "/a\\x1b[31mred                   root       600        1         \n"
                   "/x\\x0ay                         root       600        1         \n"
                   "/b\\xff\\xfe-long-enough-to-widen root       600        1         \n");
    out.clear();
    posix_detail(out, nl, Unit::standard, times);
    EXPECT_TRUE(out.starts_with("\nPOSIX Shared Memory name=/x\\x0ay\nuid=0")) << out;

    Object fifo;
    fifo.kind = Kind::fifo;
    fifo.path = "/tmp/f\x1b]0;title\x07";
    fifo.mode = 0644;
    fifo.readers = {5};
    const Object fifos[] = {fifo};
    out.clear();
    fifo_section(out, fifos, names);
    EXPECT_EQ(out, "------ FIFOs --------\n"
                   "path                   owner      perms      readers      writers     \n"
                   "/tmp/f\\x1b]0;title\\x07 root       644        5            -           \n");
}
