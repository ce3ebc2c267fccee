#include <climits>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "libipcutil/core/parse.hpp"
#include "libipcutil/lifecycle/creation_plan.hpp"

using namespace ipcutil;
using ::testing::ElementsAre;

namespace {

// The usage message plan_creation gives, or "" when it accepts.
std::string refusal(const CreationRequest& r)
{
    auto plan = plan_creation(r);
    if (plan)
        return "";
    EXPECT_TRUE(plan.error().usage);
    return plan.error().message();
}

CreationRequest shm(std::string size)
{
    CreationRequest r;
    r.shm_size = std::move(size);
    return r;
}

} // namespace

TEST(CreationPlan, KindsComeInIpcmksOrderThenTheFifo)
{
    CreationRequest r;
    r.fifo = "/run/x";
    r.psem = true;
    r.nsems = "2";
    r.pmq = true;
    r.msg = true;
    r.pshm_size = "1K";
    r.shm_size = "4K";
    r.name = "/n";
    auto plan = plan_creation(r);
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_THAT(plan->kinds(), ElementsAre(Kind::sysv_shm, Kind::posix_shm, Kind::sysv_msg, Kind::posix_mq,
                                           Kind::sysv_sem, Kind::posix_sem, Kind::fifo));
    EXPECT_EQ(plan->shm_size, 4096U);
    EXPECT_EQ(plan->pshm_size, 1024U);
    EXPECT_EQ(plan->nsems, 2U);
    EXPECT_EQ(plan->name, "n");
    EXPECT_EQ(plan->fifo, "/run/x");
}

TEST(CreationPlan, DefaultsAreMode0600ARandomKeyAndNoReadBack)
{
    CreationRequest r;
    r.msg = true;
    auto plan = plan_creation(r);
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_THAT(plan->kinds(), ElementsAre(Kind::sysv_msg));
    EXPECT_EQ(plan->mode, 0600U);
    EXPECT_FALSE(plan->key);
    EXPECT_FALSE(plan->exclusive);
    EXPECT_FALSE(plan->read_back);
    EXPECT_FALSE(plan->maxmsg);
    EXPECT_FALSE(plan->msgsize);
    EXPECT_EQ(plan->value, 0U);
}

TEST(CreationPlan, TakesModeKeyExclusiveAndJson)
{
    CreationRequest r = shm("1");
    r.mode = "u=rw,g=r";
    r.key = "0x1234";
    r.exclusive = true;
    r.json = true;
    auto plan = plan_creation(r);
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_EQ(plan->mode, 0640U);
    EXPECT_EQ(plan->key, 0x1234);
    EXPECT_TRUE(plan->exclusive);
    EXPECT_TRUE(plan->read_back);

    r.key = "0"; // IPC_PRIVATE: always a new object
    plan = plan_creation(r);
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_EQ(plan->key, 0);
}

TEST(CreationPlan, QueueAndSemaphoreAttributes)
{
    CreationRequest r;
    r.pmq = true;
    r.psem = true;
    r.name = "q";
    r.maxmsg = "5";
    r.msgsize = "1K";
    r.value = "2147483647";
    auto plan = plan_creation(r);
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_EQ(plan->maxmsg, 5);
    EXPECT_EQ(plan->msgsize, 1024);
    EXPECT_EQ(plan->value, 2147483647U);
}

TEST(CreationPlan, RefusesNothingToCreate)
{
    EXPECT_EQ(refusal({}), "nothing to create: give -M, -Q, -S, -m, -q, -s or -f");
    CreationRequest r;
    r.mode = "600";
    r.exclusive = true;
    EXPECT_EQ(refusal(r), "nothing to create: give -M, -Q, -S, -m, -q, -s or -f");
}

TEST(CreationPlan, RefusesEmptyResources)
{
    EXPECT_EQ(refusal(shm("0")), "invalid size: '0' (a segment holds at least 1 byte)");
    EXPECT_EQ(refusal(shm("4Q")), parse_size("4Q").error().message());

    CreationRequest r;
    r.nsems = "0";
    EXPECT_EQ(refusal(r), "invalid number of semaphores: '0' (a set holds at least 1)");
    r.nsems = "2147483648";
    EXPECT_EQ(refusal(r), parse_unsigned("2147483648", "number of semaphores", INT_MAX).error().message());

    r = {};
    r.fifo = "";
    EXPECT_EQ(refusal(r), "invalid FIFO path: '' (empty)");
}

TEST(CreationPlan, PosixShmemMayBeEmptyButNotPastAnOffT)
{
    CreationRequest r;
    r.pshm_size = "0";
    r.name = "/z";
    auto plan = plan_creation(r);
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_EQ(plan->pshm_size, 0U);

    r.pshm_size = "8E";
    EXPECT_EQ(refusal(r), "size too large: '8E'");
}

TEST(CreationPlan, SizesAreCheckedBeforeNothingToCreate)
{
    CreationRequest r = shm("x");
    r.name = "/n"; // would be refused too, but the size comes first
    EXPECT_EQ(refusal(r), parse_size("x").error().message());
}

TEST(CreationPlan, NamesBelongToPosixObjects)
{
    CreationRequest r = shm("1");
    r.name = "/n";
    EXPECT_EQ(refusal(r), "--name names POSIX objects: use it with -m, -q or -s");

    r = {};
    r.pmq = true;
    EXPECT_EQ(refusal(r), "name is required for POSIX IPC: add -n /NAME");

    r.name = "a/b";
    EXPECT_EQ(refusal(r), parse_posix_name("a/b").error().message());

    // A semaphore's file is sem.NAME, so its name is 4 bytes shorter.
    r.name = std::string(252, 's');
    EXPECT_EQ(refusal(r), "");
    r.psem = true;
    EXPECT_EQ(refusal(r),
              "invalid POSIX name: '" + std::string(252, 's') + "' (a semaphore name holds at most 251 bytes)");
    r.name = "/" + std::string(251, 's');
    EXPECT_EQ(refusal(r), "");
}

TEST(CreationPlan, ModesAndKeysAreChecked)
{
    CreationRequest r = shm("1");
    r.mode = "1777";
    EXPECT_EQ(refusal(r), parse_mode("1777").error().message());

    r = shm("1");
    r.key = "0xzz";
    EXPECT_EQ(refusal(r), parse_key("0xzz", true).error().message());

    r = {};
    r.fifo = "/run/x";
    r.key = "5";
    EXPECT_EQ(refusal(r), "--key applies to System V objects: use it with -M, -Q or -S");
}

TEST(CreationPlan, QueueAttributesNeedAPosixQueue)
{
    CreationRequest r = shm("1");
    r.maxmsg = "5";
    EXPECT_EQ(refusal(r), "--maxmsg and --msgsize apply to POSIX message queues: add -q");
    r.maxmsg.reset();
    r.msgsize = "5";
    EXPECT_EQ(refusal(r), "--maxmsg and --msgsize apply to POSIX message queues: add -q");

    r = {};
    r.pmq = true;
    r.name = "/q";
    r.maxmsg = "0";
    EXPECT_EQ(refusal(r), "invalid maxmsg: '0' (a queue holds at least 1 message)");
    r.maxmsg = "-1";
    EXPECT_EQ(refusal(r), parse_unsigned("-1", "maxmsg", LONG_MAX).error().message());
    r.maxmsg.reset();
    r.msgsize = "0";
    EXPECT_EQ(refusal(r), "invalid msgsize: '0' (at least 1 byte)");
    r.msgsize = "8E";
    EXPECT_EQ(refusal(r), "invalid msgsize: '8E' (at least 1 byte)");
    r.msgsize = "big";
    EXPECT_EQ(refusal(r), parse_size("big").error().message());
}

TEST(CreationPlan, ValueNeedsAPosixSemaphore)
{
    CreationRequest r;
    r.pmq = true;
    r.name = "/q";
    r.value = "1";
    EXPECT_EQ(refusal(r), "--value applies to POSIX semaphores: add -s");
    r.psem = true;
    r.value = "2147483648";
    EXPECT_EQ(refusal(r), parse_unsigned("2147483648", "value", INT_MAX).error().message());
}

TEST(CreationPlan, TheFirstProblemInOptionOrderWins)
{
    // --name before --mode before --key before the queue attributes.
    CreationRequest r;
    r.pmq = true;
    r.name = "a/b";
    r.mode = "x";
    r.maxmsg = "0";
    EXPECT_EQ(refusal(r), parse_posix_name("a/b").error().message());
    r.name = "/q";
    EXPECT_EQ(refusal(r), parse_mode("x").error().message());
    r.mode.reset();
    EXPECT_EQ(refusal(r), "invalid maxmsg: '0' (a queue holds at least 1 message)");
}
