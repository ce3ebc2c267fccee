#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "libipcutil/lifecycle/removal_plan.hpp"

using namespace ipcutil;
using namespace std::chrono_literals;
using ::testing::ElementsAre;
using By = RemovalTarget::By;

namespace {

// The usage message plan_removal gives, or "" when it accepts.
std::string refusal(const RemovalRequest& r)
{
    auto plan = plan_removal(r);
    if (plan)
        return "";
    EXPECT_TRUE(plan.error().usage);
    return plan.error().message();
}

} // namespace

TEST(RemovalPlan, TargetsKeepTheOrderTypedThenTheLegacyOperands)
{
    RemovalRequest r;
    r.targets = {{Kind::posix_mq, By::name, "/q"}, {Kind::sysv_shm, By::key, "0x10"}, {Kind::sysv_msg, By::id, "7"}};
    auto plan = plan_removal(r);
    ASSERT_TRUE(plan) << plan.error().message();
    ASSERT_EQ(plan->targets.size(), 3U);
    EXPECT_EQ(plan->targets[0].kind, Kind::posix_mq);
    EXPECT_EQ(plan->targets[0].name, "q");
    EXPECT_EQ(plan->targets[1].by, By::key);
    EXPECT_EQ(plan->targets[1].key, 0x10);
    EXPECT_EQ(plan->targets[2].id, 7);
    EXPECT_FALSE(plan->legacy);
    EXPECT_TRUE(plan->all_kinds.empty());

    r.targets.clear();
    r.operands = {"sem", "3", "4"};
    plan = plan_removal(r);
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_TRUE(plan->legacy);
    ASSERT_EQ(plan->targets.size(), 2U);
    EXPECT_EQ(plan->targets[0].kind, Kind::sysv_sem);
    EXPECT_EQ(plan->targets[1].id, 4);
}

TEST(RemovalPlan, KeyZeroIsAcceptedHereAndRefusedWhenActing)
{
    auto t = parse_removal_target(Kind::sysv_shm, By::key, "0");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->key, 0);
}

TEST(RemovalPlan, PosixNamesMayBeTheFilesBehindThem)
{
    auto t = parse_removal_target(Kind::posix_sem, By::name, "/dev/shm/sem.lock");
    ASSERT_TRUE(t) << t.error().message();
    EXPECT_EQ(t->name, "lock");
    t = parse_removal_target(Kind::posix_mq, By::name, "/dev/mqueue/q");
    ASSERT_TRUE(t) << t.error().message();
    EXPECT_EQ(t->name, "q");

    t = parse_removal_target(Kind::posix_shm, By::name, "/dev/mqueue/q");
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().message(),
              "invalid object: '/dev/mqueue/q' (not shared memory: /dev/mqueue holds message queues)");
    t = parse_removal_target(Kind::posix_sem, By::name, "/dev/shm/lock");
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().message(),
              "invalid object: '/dev/shm/lock' (not a semaphore: semaphore files are /dev/shm/sem.NAME)");
    t = parse_removal_target(Kind::posix_sem, By::name, "/dev/shm/sem.");
    EXPECT_FALSE(t);
}

TEST(RemovalPlan, AllListsComeInIpcrmsOrderOnceEach)
{
    auto kinds = parse_removal_kinds(std::nullopt);
    ASSERT_TRUE(kinds);
    EXPECT_THAT(*kinds, ElementsAre(Kind::sysv_shm, Kind::posix_shm, Kind::sysv_sem, Kind::posix_sem, Kind::sysv_msg,
                                    Kind::posix_mq));
    kinds = parse_removal_kinds("pmsg,shm,msg,shm");
    ASSERT_TRUE(kinds);
    EXPECT_THAT(*kinds, ElementsAre(Kind::sysv_shm, Kind::sysv_msg, Kind::posix_mq));
    kinds = parse_removal_kinds("shm,,msg");
    ASSERT_FALSE(kinds);
    EXPECT_EQ(kinds.error().message(),
              "invalid --all list: 'shm,,msg' (expected shm, msg, sem, pshm, pmsg or psem, comma-separated)");
}

TEST(RemovalPlan, OrphansAloneSweepsEveryKindWithTheDefaultGrace)
{
    RemovalRequest r;
    r.orphans = true;
    auto plan = plan_removal(r);
    ASSERT_TRUE(plan);
    EXPECT_TRUE(plan->orphans);
    EXPECT_EQ(plan->all_kinds.size(), 6U);
    EXPECT_EQ(plan->grace, default_orphan_grace);

    r.grace.emplace("250ms");
    r.all = true;
    r.all_list.emplace("pshm");
    r.owner.emplace("0");
    r.older_than.emplace("1m");
    r.ns.emplace("1");
    r.dry_run = true;
    plan = plan_removal(r);
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_EQ(plan->grace, 250ms);
    EXPECT_THAT(plan->all_kinds, ElementsAre(Kind::posix_shm));
    EXPECT_EQ(plan->filters.owner, 0U);
    EXPECT_EQ(plan->filters.older_than, 60s);
    EXPECT_EQ(plan->ns, 1);
    EXPECT_TRUE(plan->dry_run);
}

TEST(RemovalPlan, RefusalsSayWhy)
{
    RemovalRequest nothing;
    EXPECT_EQ(refusal(nothing), "nothing to remove: name an object or use --all or --orphans");

    RemovalRequest owner_alone;
    owner_alone.targets = {{Kind::sysv_shm, By::id, "1"}};
    owner_alone.owner.emplace("0");
    EXPECT_EQ(refusal(owner_alone), "--owner and --older-than narrow --all or --orphans: add -a or --orphans");

    RemovalRequest grace_alone;
    grace_alone.all = true;
    grace_alone.grace.emplace("1s");
    EXPECT_EQ(refusal(grace_alone), "--grace goes with --orphans");

    RemovalRequest ns_zero;
    ns_zero.all = true;
    ns_zero.ns.emplace("0");
    EXPECT_EQ(refusal(ns_zero), "invalid process id: '0'");

    RemovalRequest detached;
    detached.all = true;
    detached.operands = {"pshm"};
    EXPECT_EQ(refusal(detached), "unknown argument: 'pshm' (a list for -a must be attached: -apshm or --all=pshm)");

    RemovalRequest stray;
    stray.operands = {"shmem", "1"};
    EXPECT_EQ(refusal(stray), "unknown argument: 'shmem' (name objects with -m/-q/-s ID, -M/-Q/-S KEY or "
                              "--posix-shmem/--posix-mqueue/--posix-semaphore NAME)");

    RemovalRequest no_ids;
    no_ids.operands = {"msg"};
    EXPECT_EQ(refusal(no_ids), "not enough arguments: 'msg' needs ids");

    // The first bad argument is the one reported, even when a later one is
    // bad too.
    RemovalRequest two_bad;
    two_bad.targets = {{Kind::sysv_shm, By::id, "1"}, {Kind::sysv_shm, By::id, "x"}};
    two_bad.all = true;
    two_bad.all_list.emplace("bogus");
    const std::string first = refusal(two_bad);
    EXPECT_NE(first, "");
    EXPECT_EQ(first.find("bogus"), std::string::npos) << first;
}
