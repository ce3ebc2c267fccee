// xipcrm's command line, read as the command reads it (make_app), and the
// removal plan made of it (plan): targets in the order typed, the legacy
// form, --all lists, the filters, and every refusal.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "plan/xipcrm_plan.hpp"
#include "plan_reading.hpp"

using namespace ipcutil;
using namespace std::chrono_literals;
using ::testing::ElementsAre;
using By = RemovalTarget::By;
using Outcome = cli::Reading::Outcome;

namespace {

using Reading = PlanReading<xipcrm::Options, xipcrm::make_app, xipcrm::plan>;
const auto planned = Reading::planned;
const auto refusal = Reading::refusal;
const auto misread = Reading::misread;

} // namespace

TEST(XipcrmPlan, TargetsKeepTheOrderTypedThenTheLegacyOperands)
{
    auto plan = planned({"--posix-mqueue", "/q", "-M", "0x10", "--queue-id=7", "-m3"});
    ASSERT_TRUE(plan) << plan.error().message();
    ASSERT_EQ(plan->targets.size(), 4U);
    EXPECT_EQ(plan->targets[0].kind, Kind::posix_mq);
    EXPECT_EQ(plan->targets[0].name, "q");
    EXPECT_EQ(plan->targets[1].by, By::key);
    EXPECT_EQ(plan->targets[1].key, 0x10);
    EXPECT_EQ(plan->targets[2].kind, Kind::sysv_msg);
    EXPECT_EQ(plan->targets[2].id, 7);
    EXPECT_EQ(plan->targets[3].kind, Kind::sysv_shm);
    EXPECT_EQ(plan->targets[3].id, 3);
    EXPECT_FALSE(plan->legacy);
    EXPECT_TRUE(plan->all_kinds.empty());

    plan = planned({"sem", "3", "4"});
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_TRUE(plan->legacy);
    ASSERT_EQ(plan->targets.size(), 2U);
    EXPECT_EQ(plan->targets[0].kind, Kind::sysv_sem);
    EXPECT_EQ(plan->targets[1].id, 4);
}

TEST(XipcrmPlan, OneValuePerOccurrenceAsGetopt)
{
    // `-m 1 2`: the 2 is an operand, and a stray one.
    EXPECT_EQ(refusal({"-m", "1", "2"}), "unknown argument: '2' (name objects with -m/-q/-s ID, -M/-Q/-S KEY or "
                                         "--posix-shmem/--posix-mqueue/--posix-semaphore NAME)");
    // A value is the next word, whatever it looks like.
    EXPECT_EQ(refusal({"-m", "-5"}), xipcrm::parse_target(Kind::sysv_shm, By::id, "-5").error().message());
}

TEST(XipcrmPlan, KeyZeroIsAcceptedHereAndRefusedWhenActing)
{
    auto t = xipcrm::parse_target(Kind::sysv_shm, By::key, "0");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->key, 0);
}

TEST(XipcrmPlan, PosixNamesMayBeTheFilesBehindThem)
{
    auto t = xipcrm::parse_target(Kind::posix_sem, By::name, "/dev/shm/sem.lock");
    ASSERT_TRUE(t) << t.error().message();
    EXPECT_EQ(t->name, "lock");
    t = xipcrm::parse_target(Kind::posix_mq, By::name, "/dev/mqueue/q");
    ASSERT_TRUE(t) << t.error().message();
    EXPECT_EQ(t->name, "q");

    t = xipcrm::parse_target(Kind::posix_shm, By::name, "/dev/mqueue/q");
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().message(),
              "invalid object: '/dev/mqueue/q' (not shared memory: /dev/mqueue holds message queues)");
    t = xipcrm::parse_target(Kind::posix_sem, By::name, "/dev/shm/lock");
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().message(),
              "invalid object: '/dev/shm/lock' (not a semaphore: semaphore files are /dev/shm/sem.NAME)");
    t = xipcrm::parse_target(Kind::posix_sem, By::name, "/dev/shm/sem.");
    EXPECT_FALSE(t);
}

TEST(XipcrmPlan, AllListsComeInIpcrmsOrderOnceEach)
{
    auto kinds = xipcrm::parse_kinds(std::nullopt);
    ASSERT_TRUE(kinds);
    EXPECT_THAT(*kinds, ElementsAre(Kind::sysv_shm, Kind::posix_shm, Kind::sysv_sem, Kind::posix_sem, Kind::sysv_msg,
                                    Kind::posix_mq));
    kinds = xipcrm::parse_kinds("pmsg,shm,msg,shm");
    ASSERT_TRUE(kinds);
    EXPECT_THAT(*kinds, ElementsAre(Kind::sysv_shm, Kind::sysv_msg, Kind::posix_mq));
    kinds = xipcrm::parse_kinds("shm,,msg");
    ASSERT_FALSE(kinds);
    EXPECT_EQ(kinds.error().message(),
              "invalid --all list: 'shm,,msg' (expected shm, msg, sem, pshm, pmsg or psem, comma-separated)");
}

TEST(XipcrmPlan, AllTakesItsListAttachedOnly)
{
    auto plan = planned({"-ashm,pmsg"});
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_THAT(plan->all_kinds, ElementsAre(Kind::sysv_shm, Kind::posix_mq));
    plan = planned({"--all=sem"});
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_THAT(plan->all_kinds, ElementsAre(Kind::sysv_sem));
    plan = planned({"--all"});
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_EQ(plan->all_kinds.size(), 6U);
    // A prefix of both --all and --all-namespaces is ambiguous, as getopt says.
    EXPECT_EQ(misread({"--al"}), "option '--al' is ambiguous; possibilities: '--all' '--all-namespaces'");
    EXPECT_EQ(refusal({"-a", "pshm"}),
              "unknown argument: 'pshm' (a list for -a must be attached: -apshm or --all=pshm)");
    EXPECT_EQ(refusal({"--all="}),
              "invalid --all list: '' (expected shm, msg, sem, pshm, pmsg or psem, comma-separated)");
}

TEST(XipcrmPlan, OrphansAloneSweepsEveryKindWithTheDefaultGrace)
{
    auto plan = planned({"--orphans"});
    ASSERT_TRUE(plan);
    EXPECT_TRUE(plan->orphans);
    EXPECT_EQ(plan->all_kinds.size(), 6U);
    EXPECT_EQ(plan->grace, default_orphan_grace);
    EXPECT_FALSE(plan->dry_run);

    plan = planned(
        {"--orphans", "--grace", "250ms", "--all=pshm", "--owner", "0", "--older-than=1m", "--ns", "1", "--dry"});
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_EQ(plan->grace, 250ms);
    EXPECT_THAT(plan->all_kinds, ElementsAre(Kind::posix_shm));
    EXPECT_EQ(plan->filters.owner, 0U);
    EXPECT_EQ(plan->filters.older_than, 60s);
    EXPECT_EQ(plan->ns, NamespaceSource{pid_t{1}});
    EXPECT_TRUE(plan->dry_run);

    plan = planned({"-a", "--ns=/run/ipc-ns"});
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_EQ(plan->ns, NamespaceSource{NamespaceFile{"/run/ipc-ns"}});
}

TEST(XipcrmPlan, RefusalsSayWhy)
{
    EXPECT_EQ(refusal({}), "nothing to remove: name an object or use --all or --orphans");
    EXPECT_EQ(refusal({"-m", "1", "--owner", "0"}),
              "--owner and --older-than narrow --all or --orphans: add -a or --orphans");
    EXPECT_EQ(refusal({"-a", "--grace", "1s"}), "--grace goes with --orphans");
    EXPECT_EQ(refusal({"-a", "--ns", "0"}), "invalid process id: '0'");
    EXPECT_EQ(refusal({"shmem", "1"}), "unknown argument: 'shmem' (name objects with -m/-q/-s ID, -M/-Q/-S KEY or "
                                       "--posix-shmem/--posix-mqueue/--posix-semaphore NAME)");
    EXPECT_EQ(refusal({"msg"}), "not enough arguments: 'msg' needs ids");

    // The first bad argument is the one reported, even when a later one is
    // bad too.
    const std::string first = refusal({"-m", "1", "-m", "x", "--all=bogus"});
    EXPECT_NE(first, "");
    EXPECT_EQ(first.find("bogus"), std::string::npos) << first;
}

TEST(XipcrmPlan, FlagsTakeNoValue)
{
    // `--dry-run=no -a` once removed everything: no flag reads a value.
    EXPECT_EQ(misread({"--dry-run=no", "-a"}), "option '--dry-run' doesn't allow an argument");
    EXPECT_EQ(misread({"--dry=no", "-a"}), "option '--dry-run' doesn't allow an argument");
    EXPECT_EQ(misread({"--orphans=-1", "-a"}), "option '--orphans' doesn't allow an argument");
    EXPECT_EQ(misread({"-a", "--verbose=0"}), "option '--verbose' doesn't allow an argument");
    // A short flag has no way to take one: the letters are more flags.
    EXPECT_EQ(misread({"-nno"}), "invalid option -- 'o'");
    EXPECT_EQ(misread({"--posix-s", "x"}), "option '--posix-s' is ambiguous; possibilities: '--posix-shmem' "
                                           "'--posix-semaphore'");
    EXPECT_EQ(misread({"-m"}), "option requires an argument -- 'm'");
    EXPECT_EQ(misread({"--grace"}), "option '--grace' requires an argument");
}

TEST(XipcrmPlan, AllNamespacesSweepsOrphansOnly)
{
    auto plan = planned({"-A", "--orphans", "--dry-run", "--owner", "root", "--older-than", "1h"});
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_TRUE(plan->all_namespaces);
    EXPECT_TRUE(plan->orphans);
    EXPECT_TRUE(plan->dry_run);
    EXPECT_EQ(refusal({"-A", "-a"}), "--all-namespaces removes orphans only: add --orphans");
    EXPECT_EQ(refusal({"-A"}), "--all-namespaces removes orphans only: add --orphans");
    EXPECT_EQ(refusal({"-A", "--orphans", "-m", "1"}),
              "--all-namespaces cannot be combined with ids, keys or names (they are per namespace: use --ns for one)");
    EXPECT_EQ(refusal({"-A", "--orphans", "shm", "1"}),
              "--all-namespaces cannot be combined with ids, keys or names (they are per namespace: use --ns for one)");
    EXPECT_EQ(refusal({"-A", "--orphans", "--ns", "1"}), "--all-namespaces cannot be combined with --ns");
}
