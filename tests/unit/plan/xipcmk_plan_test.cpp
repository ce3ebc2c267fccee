// xipcmk's command line, read as the command reads it (make_app), and the
// creation plan made of it (plan): kinds in ipcmk's order, parsed values,
// and every refusal.
#include <climits>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "libipcutil/core/parse.hpp"
#include "plan/xipcmk_plan.hpp"
#include "plan_reading.hpp"

using namespace ipcutil;
using ::testing::ElementsAre;
using Outcome = cli::Reading::Outcome;

namespace {

using Reading = PlanReading<xipcmk::Options, xipcmk::make_app, xipcmk::plan>;
const auto planned = Reading::planned;
const auto refusal = Reading::refusal;
const auto misread = Reading::misread;

} // namespace

TEST(XipcmkPlan, KindsComeInIpcmksOrderThenTheFifo)
{
    auto plan = planned({"-f", "/run/x", "-s", "-S", "2", "-q", "-Q", "-m", "1K", "-M", "4K", "-n", "/n"});
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_THAT(plan->kinds(), ElementsAre(Kind::sysv_shm, Kind::posix_shm, Kind::sysv_msg, Kind::posix_mq,
                                           Kind::sysv_sem, Kind::posix_sem, Kind::fifo));
    EXPECT_EQ(plan->shm_size, 4096U);
    EXPECT_EQ(plan->pshm_size, 1024U);
    EXPECT_EQ(plan->nsems, 2U);
    EXPECT_EQ(plan->name, "n");
    EXPECT_EQ(plan->fifo, "/run/x");
}

TEST(XipcmkPlan, LongFormsAndPrefixesBindTheSameOptions)
{
    auto plan = planned({"--shmem", "8K", "--posix-shm=2K", "--queue", "--posix-mq", "--semaphore=3", "--posix-sem",
                         "--na", "/long", "--excl", "--json"});
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_EQ(plan->kinds().size(), 6U);
    EXPECT_EQ(plan->shm_size, 8192U);
    EXPECT_EQ(plan->pshm_size, 2048U);
    EXPECT_EQ(plan->nsems, 3U);
    EXPECT_EQ(plan->name, "long");
    EXPECT_TRUE(plan->exclusive);
    EXPECT_TRUE(plan->read_back);
}

TEST(XipcmkPlan, TheLastOccurrenceOfAnOptionCounts)
{
    auto plan = planned({"-M", "1", "-M2K", "-p", "0644", "--mode=0640"});
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_EQ(plan->shm_size, 2048U);
    EXPECT_EQ(plan->mode, 0640U);
}

TEST(XipcmkPlan, DefaultsAreMode0600ARandomKeyAndNoReadBack)
{
    auto plan = planned({"-Q"});
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

TEST(XipcmkPlan, TakesModeKeyExclusiveAndJson)
{
    auto plan = planned({"-M", "1", "-p", "u=rw,g=r", "-k", "0x1234", "-x", "--json"});
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_EQ(plan->mode, 0640U);
    EXPECT_EQ(plan->key, 0x1234);
    EXPECT_TRUE(plan->exclusive);
    EXPECT_TRUE(plan->read_back);

    plan = planned({"-M", "1", "-k", "0"}); // IPC_PRIVATE: always a new object
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_EQ(plan->key, 0);
}

TEST(XipcmkPlan, QueueAndSemaphoreAttributes)
{
    auto plan = planned({"-q", "-s", "-n", "q", "--maxmsg", "5", "--msgsize", "1K", "--value", "2147483647"});
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_EQ(plan->maxmsg, 5);
    EXPECT_EQ(plan->msgsize, 1024);
    EXPECT_EQ(plan->value, 2147483647U);
}

TEST(XipcmkPlan, RefusesNothingToCreate)
{
    EXPECT_EQ(refusal({}), "nothing to create: give -M, -Q, -S, -m, -q, -s or -f");
    EXPECT_EQ(refusal({"-p", "600", "-x"}), "nothing to create: give -M, -Q, -S, -m, -q, -s or -f");
}

TEST(XipcmkPlan, RefusesEmptyResources)
{
    EXPECT_EQ(refusal({"-M", "0"}), "invalid size: '0' (a segment holds at least 1 byte)");
    EXPECT_EQ(refusal({"-M", "4Q"}), parse_size("4Q").error().message());
    EXPECT_EQ(refusal({"-S", "0"}), "invalid number of semaphores: '0' (a set holds at least 1)");
    EXPECT_EQ(refusal({"-S", "2147483648"}),
              parse_unsigned("2147483648", "number of semaphores", INT_MAX).error().message());

    // An empty option value never reaches the plan; the plan refuses it too.
    EXPECT_EQ(misread({"-f", ""}), "--fifo: empty argument");
    xipcmk::Options o;
    o.fifo = "";
    EXPECT_EQ(xipcmk::plan(o).error().message(), "invalid FIFO path: '' (empty)");
}

TEST(XipcmkPlan, PosixShmemMayBeEmptyButNotPastAnOffT)
{
    auto plan = planned({"-m", "0", "-n", "/z"});
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_EQ(plan->pshm_size, 0U);
    EXPECT_EQ(refusal({"-m", "8E", "-n", "/z"}), "size too large: '8E'");
}

TEST(XipcmkPlan, SizesAreCheckedBeforeNothingToCreate)
{
    // The name would be refused too, but the size comes first.
    EXPECT_EQ(refusal({"-M", "x", "-n", "/n"}), parse_size("x").error().message());
}

TEST(XipcmkPlan, NamesBelongToPosixObjects)
{
    EXPECT_EQ(refusal({"-M", "1", "-n", "/n"}), "--name names POSIX objects: use it with -m, -q or -s");
    EXPECT_EQ(refusal({"-q"}), "name is required for POSIX IPC: add -n /NAME");
    EXPECT_EQ(refusal({"-q", "-n", "a/b"}), parse_posix_name("a/b").error().message());

    // A semaphore's file is sem.NAME, so its name is 4 bytes shorter.
    const std::string long_name(252, 's');
    EXPECT_EQ(refusal({"-q", "-n", long_name}), "");
    EXPECT_EQ(refusal({"-q", "-s", "-n", long_name}),
              "invalid POSIX name: '" + long_name + "' (a semaphore name holds at most 251 bytes)");
    EXPECT_EQ(refusal({"-q", "-s", "-n", "/" + std::string(251, 's')}), "");
}

TEST(XipcmkPlan, ModesAndKeysAreChecked)
{
    EXPECT_EQ(refusal({"-M", "1", "-p", "1777"}), parse_mode("1777").error().message());
    EXPECT_EQ(refusal({"-M", "1", "-k", "0xzz"}), parse_key("0xzz", true).error().message());
    EXPECT_EQ(refusal({"-f", "/run/x", "-k", "5"}), "--key applies to System V objects: use it with -M, -Q or -S");
}

TEST(XipcmkPlan, QueueAttributesNeedAPosixQueue)
{
    const std::string attributes = "--maxmsg and --msgsize apply to POSIX message queues: add -q";
    EXPECT_EQ(refusal({"-M", "1", "--maxmsg", "5"}), attributes);
    EXPECT_EQ(refusal({"-M", "1", "--msgsize", "5"}), attributes);
    EXPECT_EQ(refusal({"-q", "-n", "/q", "--maxmsg", "0"}), "invalid maxmsg: '0' (a queue holds at least 1 message)");
    EXPECT_EQ(refusal({"-q", "-n", "/q", "--maxmsg", "-1"}),
              parse_unsigned("-1", "maxmsg", LONG_MAX).error().message());
    EXPECT_EQ(refusal({"-q", "-n", "/q", "--msgsize", "0"}), "invalid msgsize: '0' (at least 1 byte)");
    EXPECT_EQ(refusal({"-q", "-n", "/q", "--msgsize", "8E"}), "invalid msgsize: '8E' (at least 1 byte)");
    EXPECT_EQ(refusal({"-q", "-n", "/q", "--msgsize", "big"}), parse_size("big").error().message());
}

TEST(XipcmkPlan, ValueNeedsAPosixSemaphore)
{
    EXPECT_EQ(refusal({"-q", "-n", "/q", "--value", "1"}), "--value applies to POSIX semaphores: add -s");
    EXPECT_EQ(refusal({"-q", "-s", "-n", "/q", "--value", "2147483648"}),
              parse_unsigned("2147483648", "value", INT_MAX).error().message());
}

TEST(XipcmkPlan, TheFirstProblemInOptionOrderWins)
{
    // --name before --mode before --key before the queue attributes.
    EXPECT_EQ(refusal({"-q", "-n", "a/b", "-p", "x", "--maxmsg", "0"}), parse_posix_name("a/b").error().message());
    EXPECT_EQ(refusal({"-q", "-n", "/q", "-p", "x", "--maxmsg", "0"}), parse_mode("x").error().message());
    EXPECT_EQ(refusal({"-q", "-n", "/q", "--maxmsg", "0"}), "invalid maxmsg: '0' (a queue holds at least 1 message)");
}

TEST(XipcmkPlan, OptionErrorsAreWordedAsGetopt)
{
    EXPECT_EQ(misread({"--exclusive=0", "-M", "1"}), "option '--exclusive' doesn't allow an argument");
    EXPECT_EQ(misread({"--json=no", "-M", "1"}), "option '--json' doesn't allow an argument");
    EXPECT_EQ(misread({"-M"}), "option requires an argument -- 'M'");
    EXPECT_EQ(misread({"--shmem"}), "option '--shmem' requires an argument");
    EXPECT_EQ(misread({"--posix-s", "1"}), "option '--posix-s' is ambiguous; possibilities: '--posix-shmem' "
                                           "'--posix-semaphore'");
    EXPECT_EQ(misread({"--m", "1"}), "option '--m' is ambiguous; possibilities: '--mode' '--maxmsg' '--msgsize'");
    EXPECT_EQ(misread({"-M", "1", "extra"}), "unexpected argument: 'extra'");
    EXPECT_EQ(misread({"--json", "--quiet", "-M", "1"}), "mutually exclusive arguments: --json --quiet");
    EXPECT_EQ(misread({"--quiet", "-Q", "--json"}), "mutually exclusive arguments: --quiet --json");
}

TEST(XipcmkPlan, SharedMemoryNamesNeverLandAmongSemaphores)
{
    xipcmk::Options r;
    r.pshm_size = "1";
    r.name = "/sem.y";
    auto plan = xipcmk::plan(r);
    ASSERT_FALSE(plan);
    EXPECT_TRUE(plan.error().usage);
    EXPECT_EQ(plan.error().message(), "invalid POSIX shared memory name: '/sem.y' (/dev/shm/sem.NAME is the file of "
                                      "semaphore /NAME: shared memory named sem.* would be taken for a semaphore)");
    // A semaphore or a queue may be called so.
    r.pshm_size.reset();
    r.psem = r.pmq = true;
    EXPECT_TRUE(xipcmk::plan(r));
}
