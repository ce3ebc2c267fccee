#include <cerrno>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "libipcutil/lifecycle/creation.hpp"

using namespace ipcutil;
using ::testing::ElementsAre;

namespace {

// A system that records every call and answers as told; nothing real is
// created.  Descriptors are invalid: fstat and mq_getattr are faked too.
struct FakeSys final : CreationSys {
    std::vector<std::string> calls;
    int eexist_left = 0;    // System V creation fails with EEXIST this many times
    int sysv_err = 0;       // then with this errno, if set
    key_t next_key = 0x100; // random_key hands out next_key, next_key + 1, ...
    int posix_err = 0;      // POSIX and FIFO creation fails with this errno, if set
    Result<Object> sysv_stat = std::unexpected(sys_error("stat", "", EACCES));
    Result<Object> posix_stat = std::unexpected(sys_error("stat", "", ENOENT));
    std::optional<struct stat> fd_stat;
    std::optional<mq_attr> attr;

    Result<int> sysv(std::string what, key_t key, bool exclusive)
    {
        calls.push_back(fmt::format("{} {:#x}{}", what, key, exclusive ? " excl" : ""));
        if (eexist_left > 0) {
            --eexist_left;
            return std::unexpected(sys_error("create", fmt::format("key {:#x}", key), EEXIST));
        }
        if (sysv_err != 0)
            return std::unexpected(sys_error("create", fmt::format("key {:#x}", key), sysv_err));
        return 7;
    }
    Result<int> create_sysv_shm(key_t key, std::uint64_t size, mode_t mode, bool exclusive) override
    {
        return sysv(fmt::format("shm {} {:o}", size, mode), key, exclusive);
    }
    Result<int> create_sysv_msg(key_t key, mode_t mode, bool exclusive) override
    {
        return sysv(fmt::format("msg {:o}", mode), key, exclusive);
    }
    Result<int> create_sysv_sem(key_t key, std::uint64_t nsems, mode_t mode, bool exclusive) override
    {
        return sysv(fmt::format("sem {} {:o}", nsems, mode), key, exclusive);
    }
    key_t random_key(Kind) override { return next_key++; }
    Result<void> posix(std::string call, std::string object)
    {
        calls.push_back(call);
        if (posix_err != 0)
            return std::unexpected(sys_error("create", object, posix_err));
        return {};
    }
    Result<Fd> create_posix_shm(const std::string& name, std::uint64_t size, mode_t mode, bool exclusive) override
    {
        auto made = posix(fmt::format("pshm {} {} {:o}{}", name, size, mode, exclusive ? " excl" : ""), name);
        if (!made)
            return std::unexpected(made.error());
        return Fd();
    }
    Result<MqDescriptor> create_posix_mq(const std::string& name, std::optional<long> maxmsg,
                                         std::optional<long> msgsize, mode_t mode, bool exclusive) override
    {
        auto made = posix(fmt::format("pmq {} {} {} {:o}{}", name, maxmsg.value_or(-1), msgsize.value_or(-1), mode,
                                      exclusive ? " excl" : ""),
                          name);
        if (!made)
            return std::unexpected(made.error());
        return MqDescriptor();
    }
    Result<void> create_posix_sem(const std::string& name, unsigned value, mode_t mode, bool exclusive) override
    {
        return posix(fmt::format("psem {} {} {:o}{}", name, value, mode, exclusive ? " excl" : ""), name);
    }
    Result<void> create_fifo(const std::string& path, mode_t mode) override
    {
        return posix(fmt::format("fifo {} {:o}", path, mode), path);
    }
    Result<Object> stat_sysv(Kind, int id) override
    {
        calls.push_back(fmt::format("stat_sysv {}", id));
        return sysv_stat;
    }
    Result<Object> stat_posix(Kind, const std::string& name) override
    {
        calls.push_back("stat_posix " + name);
        return posix_stat;
    }
    bool fstat(int, struct stat& st) override
    {
        if (fd_stat)
            st = *fd_stat;
        return fd_stat.has_value();
    }
    bool mq_getattr(mqd_t, mq_attr& out) override
    {
        if (attr)
            out = *attr;
        return attr.has_value();
    }
};

CreationPlan shm_plan()
{
    CreationPlan r;
    r.shm_size = 4096;
    return r;
}

CreationPlan posix_plan(bool CreationPlan::*kind, std::string name = "n")
{
    CreationPlan r;
    r.*kind = true;
    r.name = std::move(name);
    return r;
}

Object made(Kind kind)
{
    Object o;
    o.kind = kind;
    return o;
}

} // namespace

TEST(Creation, SystemVUnderARandomKeyIsExclusive)
{
    FakeSys sys;
    auto o = create_object(Kind::sysv_shm, shm_plan(), sys);
    ASSERT_TRUE(o) << o.error().message();
    EXPECT_THAT(sys.calls, ElementsAre("shm 4096 600 0x100 excl"));
    EXPECT_EQ(o->kind, Kind::sysv_shm);
    EXPECT_EQ(o->id, 7);
    EXPECT_EQ(o->key, 0); // the random key is not reported without --json
    EXPECT_EQ(o->mode, 0600U);
    EXPECT_EQ(o->size, 4096U);
}

TEST(Creation, ATakenRandomKeyIsRetriedWithAnother)
{
    FakeSys sys;
    sys.eexist_left = 2;
    CreationPlan r;
    r.msg = true;
    auto o = create_object(Kind::sysv_msg, r, sys);
    ASSERT_TRUE(o) << o.error().message();
    EXPECT_THAT(sys.calls, ElementsAre("msg 600 0x100 excl", "msg 600 0x101 excl", "msg 600 0x102 excl"));
}

TEST(Creation, RandomKeysGiveUpAfterSixteenRetriesNamingTheKind)
{
    FakeSys sys;
    sys.eexist_left = 100;
    CreationPlan r;
    r.nsems = 3;
    auto o = create_object(Kind::sysv_sem, r, sys);
    ASSERT_FALSE(o);
    EXPECT_EQ(sys.calls.size(), 17U);
    EXPECT_EQ(sys.calls.back(), "sem 3 600 0x110 excl");
    EXPECT_EQ(o.error().message(), "create semaphore set: already exists");
}

TEST(Creation, OnlyEexistIsRetried)
{
    FakeSys sys;
    sys.sysv_err = ENOSPC;
    auto o = create_object(Kind::sysv_shm, shm_plan(), sys);
    ASSERT_FALSE(o);
    EXPECT_EQ(sys.calls.size(), 1U);
    EXPECT_EQ(o.error().object, "shared memory");
    EXPECT_EQ(o.error().err, ENOSPC);
}

TEST(Creation, AChosenKeyIsUsedOnceAndExclusiveOnlyWhenAsked)
{
    CreationPlan r;
    r.shm_size = 1;
    r.key = 0x42;
    r.mode = 0640;
    FakeSys sys;
    sys.eexist_left = 1;
    auto o = create_object(Kind::sysv_shm, r, sys);
    ASSERT_FALSE(o);
    EXPECT_THAT(sys.calls, ElementsAre("shm 1 640 0x42"));
    EXPECT_EQ(o.error().message(), "create key 0x42: already exists");

    r.exclusive = true;
    FakeSys ok;
    auto made = create_object(Kind::sysv_shm, r, ok);
    ASSERT_TRUE(made) << made.error().message();
    EXPECT_THAT(ok.calls, ElementsAre("shm 1 640 0x42 excl"));
    EXPECT_EQ(made->key, 0x42);
    EXPECT_EQ(made->mode, 0640U);
}

TEST(Creation, InvalidArgumentsSayWhatToChange)
{
    FakeSys sys;
    sys.sysv_err = EINVAL;
    CreationPlan r;
    r.shm_size = 1;
    r.nsems = 1;
    r.msg = true;
    r.key = 0x42;
    const CreationPlan p = r;
    EXPECT_EQ(create_object(Kind::sysv_shm, p, sys).error().message(),
              "create key 0x42: invalid size (outside the system's limits, or larger than the existing segment)");
    EXPECT_EQ(create_object(Kind::sysv_sem, p, sys).error().message(),
              "create key 0x42: invalid number of semaphores (more than the system allows, or than the existing "
              "set holds)");
    EXPECT_EQ(create_object(Kind::sysv_msg, p, sys).error().message(), "create key 0x42: " + errno_text(EINVAL));

    sys.posix_err = EINVAL;
    EXPECT_EQ(create_object(Kind::posix_mq, posix_plan(&CreationPlan::pmq), sys).error().message(),
              "create n: invalid attributes (above /proc/sys/fs/mqueue/msg_max or msgsize_max needs privilege)");
    sys.posix_err = EEXIST;
    EXPECT_EQ(create_object(Kind::posix_sem, posix_plan(&CreationPlan::psem), sys).error().message(),
              "create n: already exists");
}

TEST(Creation, JsonReadsSystemVObjectsBack)
{
    CreationPlan r;
    r.shm_size = 1;
    r.read_back = true;
    FakeSys sys;
    Object kernel = made(Kind::sysv_shm);
    kernel.id = 7;
    kernel.key = 0x1234;
    kernel.size = 1;
    kernel.cpid = 99;
    sys.sysv_stat = kernel;
    auto o = create_object(Kind::sysv_shm, r, sys);
    ASSERT_TRUE(o) << o.error().message();
    EXPECT_THAT(sys.calls, ElementsAre("shm 1 600 0x100 excl", "stat_sysv 7"));
    EXPECT_EQ(o->key, 0x1234);
    EXPECT_EQ(o->cpid, 99);

    // Unreadable (a mode without read permission): what was asked for.
    sys.sysv_stat = std::unexpected(sys_error("stat", "", EACCES));
    o = create_object(Kind::sysv_shm, r, sys);
    ASSERT_TRUE(o);
    EXPECT_EQ(o->id, 7);
    EXPECT_EQ(o->key, 0);
    EXPECT_EQ(o->size, 1U);
}

TEST(Creation, PosixShmemIsNeverResized)
{
    CreationPlan r;
    r.pshm_size = 20;
    r.name = "data";
    FakeSys sys;
    Object old = made(Kind::posix_shm);
    old.name = "data";
    old.size = 10;
    sys.posix_stat = old;
    auto o = create_object(Kind::posix_shm, r, sys);
    ASSERT_FALSE(o);
    EXPECT_THAT(sys.calls, ElementsAre("stat_posix data"));
    EXPECT_EQ(o.error().message(), "create POSIX shared memory /data: exists with 10 bytes; not resizing it to 20 "
                                   "(remove it first or use another name)");

    // The same size is reused; with --exclusive O_EXCL refuses it instead.
    r.pshm_size = 10;
    sys.calls.clear();
    EXPECT_TRUE(create_object(Kind::posix_shm, r, sys));
    EXPECT_THAT(sys.calls, ElementsAre("stat_posix data", "pshm data 10 600"));
    r.exclusive = true;
    sys.calls.clear();
    EXPECT_TRUE(create_object(Kind::posix_shm, r, sys));
    EXPECT_THAT(sys.calls, ElementsAre("pshm data 10 600 excl"));
}

TEST(Creation, PosixShmemIsDescribedFromItsDescriptor)
{
    CreationPlan r;
    r.pshm_size = 4096;
    r.name = "data";
    FakeSys sys;
    auto o = create_object(Kind::posix_shm, r, sys);
    ASSERT_TRUE(o);
    EXPECT_EQ(o->path, "/dev/shm/data");
    EXPECT_EQ(o->mode, 0600U);
    EXPECT_EQ(o->size, 0U); // fstat failed: nothing more is known

    struct stat st {};
    st.st_mode = S_IFREG | 0644;
    st.st_size = 8192;
    st.st_uid = 5;
    st.st_gid = 6;
    sys.fd_stat = st;
    o = create_object(Kind::posix_shm, r, sys);
    ASSERT_TRUE(o);
    EXPECT_EQ(o->mode, 0644U);
    EXPECT_EQ(o->size, 8192U);
    EXPECT_EQ(o->uid, 5U);
    EXPECT_EQ(o->gid, 6U);
}

TEST(Creation, PosixQueuesCarryTheirAttributes)
{
    CreationPlan r;
    r.pmq = true;
    r.name = "q";
    r.maxmsg = 4;
    r.msgsize = 128;
    FakeSys sys;
    struct stat st {};
    st.st_mode = 0600;
    st.st_size = 80; // the QSIZE line's length, not a size
    sys.fd_stat = st;
    sys.attr = mq_attr{};
    sys.attr->mq_maxmsg = 4;
    sys.attr->mq_msgsize = 128;
    auto o = create_object(Kind::posix_mq, r, sys);
    ASSERT_TRUE(o);
    EXPECT_THAT(sys.calls, ElementsAre("pmq q 4 128 600"));
    EXPECT_EQ(o->path, "/dev/mqueue/q");
    EXPECT_EQ(o->size, 0U);
    EXPECT_EQ(o->maxmsg, 4);
    EXPECT_EQ(o->msgsize, 128);

    sys.attr.reset();
    o = create_object(Kind::posix_mq, r, sys);
    ASSERT_TRUE(o);
    EXPECT_FALSE(o->maxmsg);
}

TEST(Creation, PosixSemaphoresKeepTheValueSet)
{
    CreationPlan r;
    r.psem = true;
    r.name = "lock";
    r.value = 3;
    FakeSys sys;
    auto o = create_object(Kind::posix_sem, r, sys);
    ASSERT_TRUE(o);
    EXPECT_THAT(sys.calls, ElementsAre("psem lock 3 600", "stat_posix lock"));
    EXPECT_EQ(o->path, "/dev/shm/sem.lock");
    EXPECT_EQ(o->value, 3);

    Object now = made(Kind::posix_sem);
    now.name = "lock";
    now.uid = 42;
    sys.posix_stat = now; // stat'ed, but the value was unreadable
    o = create_object(Kind::posix_sem, r, sys);
    ASSERT_TRUE(o);
    EXPECT_EQ(o->uid, 42U);
    EXPECT_EQ(o->value, 3);
    now.value = 1; // someone posted in between
    sys.posix_stat = now;
    EXPECT_EQ(create_object(Kind::posix_sem, r, sys)->value, 1);
}

TEST(Creation, Fifos)
{
    CreationPlan r;
    r.fifo = "/run/x";
    r.mode = 0620;
    FakeSys sys;
    auto o = create_object(Kind::fifo, r, sys);
    ASSERT_TRUE(o);
    EXPECT_THAT(sys.calls, ElementsAre("fifo /run/x 620"));
    EXPECT_EQ(o->path, "/run/x");
    EXPECT_EQ(o->mode, 0620U);
    sys.posix_err = EEXIST;
    EXPECT_EQ(create_object(Kind::fifo, r, sys).error().message(), "create /run/x: already exists");
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
