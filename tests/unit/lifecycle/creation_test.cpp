#include <cerrno>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "../kernel/fake_sys.hpp"
#include "libipcutil/lifecycle/creation.hpp"
#include "plan/xipcmk_plan.hpp"

using namespace ipcutil;
using ::testing::ElementsAre;

namespace {

// The options as xipcmk reads them; plan_for checks them into the plan
// that create_object is handed.
using CreationRequest = xipcmk::Options;

CreationPlan plan_for(const CreationRequest& r)
{
    auto plan = xipcmk::plan(r);
    EXPECT_TRUE(plan) << plan.error().message();
    return plan.value_or(CreationPlan{});
}

CreationPlan shm_plan(std::string size = "4K")
{
    CreationRequest r;
    r.shm_size = std::move(size);
    return plan_for(r);
}

Object made(Kind kind)
{
    Object o;
    o.kind = kind;
    return o;
}

// The calls that begin with `words` ("*" any one word), in order.
std::vector<std::string> calls(const FakeSys& sys, const std::string& words)
{
    FakeSys probe; // its matcher, on a throwaway log
    std::vector<std::string> out;
    for (const auto& c : sys.calls) {
        probe.calls = {c};
        if (probe.called(words))
            out.push_back(c);
    }
    return out;
}

// The limits a kernel publishes under /proc/sys.
void publish_limits(FakeSys& sys)
{
    sys.add_file("/proc/sys/kernel/shmmax", "4096\n", 0644, 0);
    sys.add_file("/proc/sys/kernel/shmall", "1024\n", 0644, 0);
    sys.add_file("/proc/sys/kernel/shmmni", "4\n", 0644, 0);
    sys.add_file("/proc/sys/kernel/msgmni", "32000\n", 0644, 0);
    sys.add_file("/proc/sys/kernel/msgmax", "8192\n", 0644, 0);
    sys.add_file("/proc/sys/kernel/msgmnb", "16384\n", 0644, 0);
    sys.add_file("/proc/sys/kernel/sem", "32000\t1024000000\t500\t32000\n", 0644, 0);
    for (auto [name, value] :
         {std::pair{"queues_max", "256"}, std::pair{"msg_max", "10"}, std::pair{"msgsize_max", "8192"},
          std::pair{"msg_default", "10"}, std::pair{"msgsize_default", "8192"}})
        sys.add_file(fmt::format("/proc/sys/fs/mqueue/{}", name), fmt::format("{}\n", value), 0644, 0);
}

} // namespace

TEST(Creation, SystemVUnderARandomKeyIsExclusive)
{
    FakeSys sys;
    auto o = create_object(Kind::sysv_shm, shm_plan(), sys);
    ASSERT_TRUE(o) << o.error().message();
    // The key is probed first (shmget KEY 0), then taken with IPC_EXCL.
    EXPECT_EQ(calls(sys, "shmget * 4096").size(), 1U);
    EXPECT_EQ(calls(sys, "shmget * 4096 creat excl 600").size(), 1U);
    EXPECT_EQ(o->kind, Kind::sysv_shm);
    EXPECT_EQ(o->id, 0);
    EXPECT_EQ(o->key, 0); // the random key is not reported without --json
    EXPECT_EQ(o->mode, 0600U);
    EXPECT_EQ(o->size, 4096U);
    ASSERT_EQ(sys.shm.size(), 1U);
    EXPECT_NE(sys.shm.begin()->second.shm_perm.__key, 0);
}

TEST(Creation, ATakenRandomKeyIsRetriedWithAnother)
{
    FakeSys sys;
    sys.fail("msgget * creat excl", EEXIST, 2);
    CreationRequest r;
    r.msg = true;
    auto o = create_object(Kind::sysv_msg, plan_for(r), sys);
    ASSERT_TRUE(o) << o.error().message();
    const auto tries = calls(sys, "msgget * creat excl 600");
    ASSERT_EQ(tries.size(), 3U);
    EXPECT_NE(tries[0], tries[1]); // another key each time
    EXPECT_NE(tries[1], tries[2]);
    EXPECT_EQ(sys.msg.size(), 1U);
}

TEST(Creation, RandomKeysGiveUpAfterSixteenRetriesNamingTheKind)
{
    FakeSys sys;
    sys.fail("semget * 3 creat excl", EEXIST);
    CreationRequest r;
    r.nsems = "3";
    auto o = create_object(Kind::sysv_sem, plan_for(r), sys);
    ASSERT_FALSE(o);
    EXPECT_EQ(calls(sys, "semget * 3 creat excl").size(), 17U);
    EXPECT_EQ(o.error().message(), "create semaphore set: already exists");
}

TEST(Creation, OnlyEexistIsRetried)
{
    FakeSys sys;
    sys.fail("shmget * 4096 creat", ENOSPC);
    auto o = create_object(Kind::sysv_shm, shm_plan(), sys);
    ASSERT_FALSE(o);
    EXPECT_EQ(calls(sys, "shmget * 4096 creat").size(), 1U);
    EXPECT_EQ(o.error().object, "shared memory");
    EXPECT_EQ(o.error().err, ENOSPC);
    EXPECT_EQ(o.error().message(), "create shared memory: No space left on device"); // no limits to name
}

TEST(Creation, AKernelLimitIsNamedWithTheSysctlThatRaisesIt)
{
    FakeSys sys;
    publish_limits(sys);
    sys.fail("shmget * 8192 creat", EINVAL);
    EXPECT_EQ(create_object(Kind::sysv_shm, shm_plan("8K"), sys).error().message(),
              "create shared memory: size 8192 is above the limit kernel.shmmax (4096 bytes); raise it with: "
              "sysctl -w kernel.shmmax=8192");
    sys.fail("shmget * 100 creat", ENOSPC);
    for (key_t k = 1; k <= 4; ++k)
        sys.add_shm(k, 1);
    EXPECT_EQ(create_object(Kind::sysv_shm, shm_plan("100"), sys).error().message(),
              "create shared memory: the limit kernel.shmmni (4 segments) is reached; raise it with: "
              "sysctl -w kernel.shmmni=8");
    sys.shm.clear();
    EXPECT_EQ(create_object(Kind::sysv_shm, shm_plan("100"), sys).error().message(),
              "create shared memory: the limit kernel.shmall (1024 pages of shared memory in all) would be passed; "
              "raise it with: sysctl -w kernel.shmall=2048");
    sys.fail("msgget * creat", ENOSPC);
    CreationRequest q;
    q.msg = true;
    EXPECT_EQ(create_object(Kind::sysv_msg, plan_for(q), sys).error().message(),
              "create message queue: the limit kernel.msgmni (32000 message queues) is reached; raise it with: "
              "sysctl -w kernel.msgmni=64000");
    CreationRequest s;
    s.nsems = "32001";
    sys.fail("semget * 32001 creat", EINVAL);
    EXPECT_EQ(create_object(Kind::sysv_sem, plan_for(s), sys).error().message(),
              "create semaphore set: 32001 semaphores is above the limit of 32000 per set (SEMMSL, the first field "
              "of kernel.sem); raise it with: sysctl -w kernel.sem=\"32001 1024032000 500 32000\"");
}

TEST(Creation, AQueueLimitIsNamedForWhoAsks)
{
    FakeSys sys;
    publish_limits(sys);
    sys.fail("mq_open /q", EINVAL);
    CreationRequest r;
    r.pmq = true;
    r.name = "/q";
    r.maxmsg = "100";
    EXPECT_EQ(create_object(Kind::posix_mq, plan_for(r), sys).error().message(),
              "create POSIX message queue /q: maxmsg 100 is above the limit fs.mqueue.msg_max (10); raise it with: "
              "sysctl -w fs.mqueue.msg_max=100");
    // Root (CAP_SYS_RESOURCE) is above the sysctl; only the kernel's
    // ceiling stops it.
    sys.self.caps = std::uint64_t{1} << cap_sys_resource;
    r.maxmsg = "100000";
    EXPECT_EQ(create_object(Kind::posix_mq, plan_for(r), sys).error().message(),
              "create POSIX message queue /q: maxmsg 100000 is above the kernel's ceiling of 65536 (no sysctl "
              "raises it)");
    sys.self.caps = 0;
    r.maxmsg.reset();
    r.msgsize = "1M";
    EXPECT_EQ(create_object(Kind::posix_mq, plan_for(r), sys).error().message(),
              "create POSIX message queue /q: msgsize 1048576 is above the limit fs.mqueue.msgsize_max (8192); raise "
              "it with: sysctl -w fs.mqueue.msgsize_max=1048576");
    FakeSys full;
    publish_limits(full);
    full.fail("mq_open /q", ENOSPC);
    r.msgsize.reset();
    EXPECT_EQ(create_object(Kind::posix_mq, plan_for(r), full).error().message(),
              "create POSIX message queue /q: the limit fs.mqueue.queues_max (256 queues) is reached; raise it with: "
              "sysctl -w fs.mqueue.queues_max=512");
}

TEST(Creation, AChosenKeyIsReusedOnlyAsAsked)
{
    CreationRequest r;
    r.shm_size = "1";
    r.key = "0x42";
    FakeSys sys;
    auto first = create_object(Kind::sysv_shm, plan_for(r), sys);
    ASSERT_TRUE(first) << first.error().message();
    EXPECT_EQ(first->key, 0x42);

    // The same again: the same segment, quietly.
    auto again = create_object(Kind::sysv_shm, plan_for(r), sys);
    ASSERT_TRUE(again) << again.error().message();
    EXPECT_EQ(again->id, first->id);
    EXPECT_EQ(sys.shm.size(), 1U);

    // Another size, another mode: each is named, nothing changes.
    r.shm_size = "2";
    r.mode = "640";
    auto other = create_object(Kind::sysv_shm, plan_for(r), sys);
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().message(),
              "create shared memory key 0x00000042: exists with size 1 (not 2), mode 0600 (not 0640); left as it is");
    EXPECT_EQ(sys.shm.at(first->id).shm_segsz, 1U);

    // --exclusive refuses it whatever it is.
    r.shm_size = "1";
    r.mode.reset();
    r.exclusive = true;
    EXPECT_EQ(create_object(Kind::sysv_shm, plan_for(r), sys).error().message(),
              "create shared memory key 0x00000042: already exists");

    // Unreadable to us: the kernel's own answer to the reuse decides.
    r.exclusive = false;
    sys.fail("shmctl 0 IPC_STAT", EACCES);
    sys.fail("shmget 0x42 1 creat 600", EACCES);
    EXPECT_EQ(create_object(Kind::sysv_shm, plan_for(r), sys).error().message(),
              "create shared memory key 0x00000042: Permission denied");
}

TEST(Creation, JsonReadsSystemVObjectsBack)
{
    CreationRequest r;
    r.shm_size = "1";
    r.json = true;
    FakeSys sys;
    auto o = create_object(Kind::sysv_shm, plan_for(r), sys);
    ASSERT_TRUE(o) << o.error().message();
    EXPECT_TRUE(sys.called("shmctl 0 IPC_STAT"));
    EXPECT_EQ(o->key, sys.shm.at(0).shm_perm.__key);
    EXPECT_EQ(o->cpid, sys.self.pid);

    // Unreadable (a mode without read permission): what was asked for.
    sys.fail("shmctl 1 IPC_STAT", EACCES);
    o = create_object(Kind::sysv_shm, plan_for(r), sys);
    ASSERT_TRUE(o);
    EXPECT_EQ(o->id, 1);
    EXPECT_EQ(o->key, 0);
    EXPECT_EQ(o->size, 1U);
}

TEST(Creation, PosixShmemIsNeverResized)
{
    CreationRequest r;
    r.pshm_size = "20";
    r.name = "/data";
    FakeSys sys;
    sys.add_file("/dev/shm/data", std::string(10, 'x'));
    auto o = create_object(Kind::posix_shm, plan_for(r), sys);
    ASSERT_FALSE(o);
    EXPECT_EQ(o.error().message(), "create POSIX shared memory /data: exists with size 10 (not 20); left as it is");
    EXPECT_EQ(sys.files.at("/dev/shm/data").data, std::string(10, 'x'));
    EXPECT_FALSE(sys.called("ftruncate"));

    // The same size is reused; with --exclusive O_EXCL refuses it instead.
    r.pshm_size = "10";
    EXPECT_TRUE(create_object(Kind::posix_shm, plan_for(r), sys));
    EXPECT_FALSE(sys.called("ftruncate"));
    r.exclusive = true;
    EXPECT_EQ(create_object(Kind::posix_shm, plan_for(r), sys).error().message(),
              "create POSIX shared memory /data: already exists");
}

TEST(Creation, ADirectoryInDevShmIsNotSharedMemory)
{
    FakeSys sys;
    sys.add_dir("/dev/shm/dir");
    CreationRequest r;
    r.pshm_size = "1";
    r.name = "/dir";
    EXPECT_EQ(create_object(Kind::posix_shm, plan_for(r), sys).error().message(),
              "create POSIX shared memory /dir: not a shared memory object (a directory)");
}

TEST(Creation, PosixShmemIsDescribedFromItsDescriptor)
{
    CreationRequest r;
    r.pshm_size = "4K";
    r.name = "/data";
    r.mode = "0644";
    FakeSys sys;
    auto o = create_object(Kind::posix_shm, plan_for(r), sys);
    ASSERT_TRUE(o) << o.error().message();
    EXPECT_THAT(calls(sys, "ftruncate"), ElementsAre("ftruncate /dev/shm/data 4096"));
    EXPECT_EQ(o->path, "/dev/shm/data");
    EXPECT_EQ(o->mode, 0644U);
    EXPECT_EQ(o->size, 4096U);
    EXPECT_EQ(o->uid, sys.self.euid);

    // fstat failed: what was asked for, nothing more.
    FakeSys blind;
    blind.fail("fstat", EIO, -1, 1); // the creation's own check passes
    o = create_object(Kind::posix_shm, plan_for(r), blind);
    ASSERT_TRUE(o) << o.error().message();
    EXPECT_EQ(o->mode, 0644U);
    EXPECT_EQ(o->size, 0U);
}

TEST(Creation, PosixQueuesCarryTheirAttributesAndAreReusedOnlyAsAsked)
{
    CreationRequest r;
    r.pmq = true;
    r.name = "/q";
    r.maxmsg = "4";
    r.msgsize = "128";
    FakeSys sys;
    auto o = create_object(Kind::posix_mq, plan_for(r), sys);
    ASSERT_TRUE(o) << o.error().message();
    EXPECT_EQ(o->path, "/dev/mqueue/q");
    EXPECT_EQ(o->size, 0U);
    EXPECT_EQ(o->maxmsg, 4);
    EXPECT_EQ(o->msgsize, 128);

    r.maxmsg = "9";
    r.msgsize = "1K";
    EXPECT_EQ(create_object(Kind::posix_mq, plan_for(r), sys).error().message(),
              "create POSIX message queue /q: exists with maxmsg 4 (not 9), msgsize 128 (not 1024); left as it is");
    // Asked for nothing but the name: reused, quietly.
    r.maxmsg.reset();
    r.msgsize.reset();
    o = create_object(Kind::posix_mq, plan_for(r), sys);
    ASSERT_TRUE(o) << o.error().message();
    EXPECT_EQ(o->maxmsg, 4);
    EXPECT_EQ(sys.queues.size(), 1U);
}

TEST(Creation, PosixSemaphoresKeepTheValueSetAndAreReusedOnlyAsAsked)
{
    CreationRequest r;
    r.psem = true;
    r.name = "/lock";
    r.value = "3";
    FakeSys sys;
    auto o = create_object(Kind::posix_sem, plan_for(r), sys);
    ASSERT_TRUE(o) << o.error().message();
    EXPECT_EQ(o->path, "/dev/shm/sem.lock");
    EXPECT_EQ(o->value, 3);

    EXPECT_TRUE(create_object(Kind::posix_sem, plan_for(r), sys)); // as asked
    r.value = "4";
    r.mode = "0660";
    EXPECT_EQ(create_object(Kind::posix_sem, plan_for(r), sys).error().message(),
              "create POSIX semaphore /lock: exists with value 3 (not 4), mode 0600 (not 0660); left as it is");
    r.value.reset();
    r.mode.reset();
    EXPECT_TRUE(create_object(Kind::posix_sem, plan_for(r), sys)); // nothing asked

    // Its value unreadable to us: we know what we set.
    FakeSys blind;
    blind.fail("read /dev/shm/sem.lock", EACCES);
    r.value = "3";
    o = create_object(Kind::posix_sem, plan_for(r), blind);
    ASSERT_TRUE(o);
    EXPECT_EQ(o->value, 3);
}

TEST(Creation, Fifos)
{
    CreationRequest r;
    r.fifo = "/run/x";
    r.mode = "0620";
    FakeSys sys;
    sys.add_dir("/run");
    auto o = create_object(Kind::fifo, plan_for(r), sys);
    ASSERT_TRUE(o);
    EXPECT_THAT(calls(sys, "mkfifo"), ElementsAre("mkfifo /run/x"));
    EXPECT_EQ(sys.files.at("/run/x").st.st_mode, S_IFIFO | 0620);
    EXPECT_EQ(o->path, "/run/x");
    EXPECT_EQ(o->mode, 0620U);
    EXPECT_EQ(create_object(Kind::fifo, plan_for(r), sys).error().message(), "create FIFO /run/x: already exists");
}

TEST(CreationOutput, IpcmksLinesAndQuietLines)
{
    Object shm = made(Kind::sysv_shm), msg = made(Kind::sysv_msg), sem = made(Kind::sysv_sem);
    shm.id = 5;
    msg.id = 6;
    sem.id = 0;
    Object pshm = made(Kind::posix_shm), pmq = made(Kind::posix_mq), psem = made(Kind::posix_sem);
    pshm.name = "a";
    pmq.name = "b";
    psem.name = "c";
    Object fifo = made(Kind::fifo);
    fifo.path = "/run/x";
    EXPECT_EQ(creation_line(shm), "Shared memory id: 5\n");
    EXPECT_EQ(creation_line(msg), "Message queue id: 6\n");
    EXPECT_EQ(creation_line(sem), "Semaphore id: 0\n");
    EXPECT_EQ(creation_line(pshm), "POSIX shared memory name: /a\n");
    EXPECT_EQ(creation_line(pmq), "POSIX message queue name: /b\n");
    EXPECT_EQ(creation_line(psem), "POSIX semaphore name: /c\n");
    EXPECT_EQ(creation_line(fifo), "FIFO path: /run/x\n");
    EXPECT_EQ(creation_quiet_line(shm), "5\n");
    EXPECT_EQ(creation_quiet_line(sem), "0\n");
    EXPECT_EQ(creation_quiet_line(pmq), "/b\n");
    EXPECT_EQ(creation_quiet_line(fifo), "/run/x\n");
}

TEST(CreationOutput, JsonObjects)
{
    Object shm = made(Kind::sysv_shm);
    shm.id = 5;
    shm.key = 0x1234;
    shm.mode = 0640;
    shm.size = 4096;
    EXPECT_EQ(creation_json_object(shm),
              R"({"kind": "sysv-shm", "id": 5, "key": "0x00001234", "mode": "0640", "size": 4096})");
    Object sem = made(Kind::sysv_sem);
    sem.id = 1;
    sem.mode = 0600;
    sem.nsems = 3;
    EXPECT_EQ(creation_json_object(sem),
              R"({"kind": "sysv-sem", "id": 1, "key": "0x00000000", "mode": "0600", "nsems": 3})");
    Object msg = made(Kind::sysv_msg);
    msg.id = 2;
    msg.key = 9;
    msg.mode = 0600;
    EXPECT_EQ(creation_json_object(msg), R"({"kind": "sysv-msg", "id": 2, "key": "0x00000009", "mode": "0600"})");

    Object pmq = made(Kind::posix_mq);
    pmq.name = "q";
    pmq.path = "/dev/mqueue/q";
    pmq.mode = 0600;
    EXPECT_EQ(creation_json_object(pmq),
              R"({"kind": "posix-mq", "name": "/q", "path": "/dev/mqueue/q", "mode": "0600"})");
    pmq.maxmsg = 10;
    pmq.msgsize = 8192;
    EXPECT_EQ(creation_json_object(pmq), R"({"kind": "posix-mq", "name": "/q", "path": "/dev/mqueue/q", )"
                                         R"("mode": "0600", "maxmsg": 10, "msgsize": 8192})");
    Object psem = made(Kind::posix_sem);
    psem.name = "s";
    psem.path = "/dev/shm/sem.s";
    psem.mode = 0600;
    psem.value = 0;
    EXPECT_EQ(creation_json_object(psem),
              R"({"kind": "posix-sem", "name": "/s", "path": "/dev/shm/sem.s", "mode": "0600", "value": 0})");
    Object pshm = made(Kind::posix_shm);
    pshm.name = "m\"";
    pshm.path = "/dev/shm/m\"";
    pshm.mode = 0600;
    EXPECT_EQ(creation_json_object(pshm),
              R"({"kind": "posix-shm", "name": "/m\"", "path": "/dev/shm/m\"", "mode": "0600", "size": 0})");
    Object fifo = made(Kind::fifo);
    fifo.path = "/run/x";
    fifo.mode = 0644;
    EXPECT_EQ(creation_json_object(fifo), R"({"kind": "fifo", "path": "/run/x", "mode": "0644"})");
}

TEST(CreationOutput, TheJsonDocument)
{
    EXPECT_EQ(creation_json({}), "{\n   \"created\": []\n}\n");
    Object a = made(Kind::fifo), b = made(Kind::fifo);
    a.path = "/a";
    b.path = "/b";
    const std::vector<Object> both{a, b};
    EXPECT_EQ(creation_json(both), "{\n   \"created\": [\n"
                                   "      {\"kind\": \"fifo\", \"path\": \"/a\", \"mode\": \"0000\"},\n"
                                   "      {\"kind\": \"fifo\", \"path\": \"/b\", \"mode\": \"0000\"}\n"
                                   "   ]\n}\n");
}
