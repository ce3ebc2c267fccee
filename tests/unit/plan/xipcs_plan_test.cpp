// xipcs's command line, read as the command reads it (make_app), and the
// listing plan made of it (plan): the face, the last format typed, one
// object in detail, --export=openmetrics, the audit, and every refusal.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "libipcutil/list/audit.hpp"
#include "plan/xipcs_plan.hpp"
#include "plan_reading.hpp"

using namespace ipcutil;
using namespace std::chrono_literals;
using ::testing::ElementsAre;
using Outcome = cli::Reading::Outcome;

namespace {

using Reading = PlanReading<xipcs::Options, xipcs::make_app, xipcs::plan>;
const auto planned = Reading::planned;
const auto refusal = Reading::refusal;
const auto misread = Reading::misread;

} // namespace

TEST(XipcsPlan, NoOptionIsTheIpcsFaceOverEveryKind)
{
    auto plan = planned({});
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_FALSE(plan->lsipc);
    EXPECT_FALSE(plan->openmetrics);
    EXPECT_FALSE(plan->filter.active());
    EXPECT_EQ(plan->ipcs.format, IpcsRequest::Format::normal);
    EXPECT_FALSE(plan->watch);
    EXPECT_FALSE(plan->ns);
}

TEST(XipcsPlan, TheLastFormatTypedWinsAsInIpcs)
{
    auto plan = planned({"-p", "--human", "-t", "-b"});
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_EQ(plan->ipcs.format, IpcsRequest::Format::time);
    EXPECT_TRUE(plan->ipcs.bytes);
    EXPECT_FALSE(plan->ipcs.human);

    plan = planned({"-b", "--time", "--hum", "-p"});
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_EQ(plan->ipcs.format, IpcsRequest::Format::pid);
    EXPECT_FALSE(plan->ipcs.bytes);
    EXPECT_TRUE(plan->ipcs.human);

    // In one cluster as in separate words.
    plan = planned({"-ctb", "--human", "-bc"});
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_EQ(plan->ipcs.format, IpcsRequest::Format::creator);
    EXPECT_TRUE(plan->ipcs.bytes);
}

TEST(XipcsPlan, AnLsipcOptionChoosesTheTableFace)
{
    auto plan = planned({"-q", "--posix-semaphores", "--json"});
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_TRUE(plan->lsipc);
    EXPECT_EQ(plan->table.format, TableRequest::Format::json);
    EXPECT_THAT(plan->table.kinds, ElementsAre(Kind::sysv_msg, Kind::posix_sem));

    plan = planned({"--numer"});
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_TRUE(plan->lsipc);
    EXPECT_TRUE(plan->table.numeric_perms);
    EXPECT_EQ(plan->table.kinds.size(), 6U);
}

TEST(XipcsPlan, OneObjectInDetail)
{
    auto plan = planned({"-s", "-i", "12"});
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_EQ(plan->ipcs.id, 12);

    plan = planned({"-M", "--name=/db"});
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_EQ(plan->ipcs.name, "db");
}

TEST(XipcsPlan, FaceRefusalsSayWhy)
{
    EXPECT_EQ(refusal({"-i", "1"}), "-i needs exactly one of -m, -q or -s");
    EXPECT_EQ(refusal({"-m", "-N", "x"}), "-N names a POSIX object: use it with -M, -Q or -S, not -m, -q or -s");
    EXPECT_EQ(refusal({"-J", "-r"}), "-J, -r, -e, -n and --list are mutually exclusive");
    EXPECT_EQ(refusal({"-l", "-J"}), "-l and -u belong to the ipcs output and cannot be combined with "
                                     "-o, -J, -r, -e, -y, --list, --newline, -P, --time-format or -g (use -g)");
    EXPECT_EQ(refusal({"--time-format", "long"}), "invalid --time-format: 'long' (expected short, full or iso)");
    EXPECT_EQ(refusal({"-F", "-g"}), "--fifos cannot be combined with --global");
}

TEST(XipcsPlan, OpenMetricsIsAnOutputOfItsOwn)
{
    auto plan = planned({"--export=openmetrics", "--orphans", "--grace", "1s"});
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_TRUE(plan->openmetrics);
    EXPECT_TRUE(plan->lsipc);
    EXPECT_EQ(plan->filter.policy.grace, 1s);

    EXPECT_EQ(refusal({"--export=openmetrics", "--orphans", "-p"}),
              "--export=openmetrics cannot be combined with --pid");
    EXPECT_EQ(refusal({"--export=openmetrics", "-e"}), "--export=openmetrics cannot be combined with -e");
    EXPECT_EQ(refusal({"--export=csv"}), "invalid --export format: 'csv' (expected openmetrics)");

    // --export alone is -e.
    plan = planned({"--export"});
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_EQ(plan->table.format, TableRequest::Format::export_pairs);
    EXPECT_FALSE(plan->openmetrics);
}

TEST(XipcsPlan, TheAuditOptionsMakeTheFilter)
{
    auto plan = planned({"--orphans", "--owner", "0", "--older-than", "2m", "--min-size=4K", "--sort", "KEY"});
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_TRUE(plan->filter.orphans);
    EXPECT_EQ(plan->filter.policy.grace, default_orphan_grace);
    EXPECT_EQ(plan->filter.owner, 0U);
    EXPECT_EQ(plan->filter.older_than, 120s);
    EXPECT_EQ(plan->filter.min_size, 4096U);
    EXPECT_EQ(plan->sort, "KEY");
    // The orphan rule's own liveness predicate, and no sight until a holder
    // pass is made.
    EXPECT_FALSE(plan->filter.policy.pid_alive);
    EXPECT_FALSE(plan->filter.policy.sight);
}

TEST(XipcsPlan, AuditRefusalsSayWhy)
{
    EXPECT_EQ(refusal({"--grace", "1s"}), "--grace goes with --orphans or --export=openmetrics");
    EXPECT_EQ(refusal({"--owner", "no such user here"}), "invalid owner: 'no such user here' (no such user)");
    EXPECT_EQ(refusal({"--orphans", "-m", "-i", "3"}),
              "--orphans, --owner, --older-than, --min-size and --sort filter listings: "
              "not with -i, -N, -l, -u or -g");
    EXPECT_EQ(refusal({"--watch=50ms"}), "--watch interval too short: '50ms' (at least 100ms)");
    EXPECT_EQ(refusal({"--ns", "0"}), "invalid process id: '0'");
    EXPECT_EQ(refusal({"--sort", "NOPE"}), "--sort: unknown column: 'NOPE'");
    EXPECT_EQ(refusal({"-s", "--sort", "SIZE"}), "--sort: column 'SIZE' does not apply to semaphore set");
}

TEST(XipcsPlan, SortAloneFiltersNothing)
{
    auto plan = planned({"--sort", "size"});
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_EQ(plan->sort, "size");
    EXPECT_FALSE(plan->filter.active());
    EXPECT_EQ(refusal({"-m", "-i", "3", "--sort", "KEY"}),
              "--orphans, --owner, --older-than, --min-size and --sort filter listings: "
              "not with -i, -N, -l, -u or -g");
}

TEST(XipcsPlan, WatchAndNs)
{
    auto plan = planned({"--watch", "--ns", "42"});
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_EQ(plan->watch, 2s);
    EXPECT_EQ(plan->ns, NamespaceSource{pid_t{42}});
    plan = planned({"--ns", "/proc/42/ns/ipc"});
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_EQ(plan->ns, NamespaceSource{NamespaceFile{"/proc/42/ns/ipc"}});
    plan = planned({"--wat=1500ms"});
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_EQ(plan->watch, 1500ms);
}

TEST(XipcsPlan, OptionErrorsAreWordedAsGetopt)
{
    EXPECT_EQ(misread({"--global=false"}), "option '--global' doesn't allow an argument");
    EXPECT_EQ(misread({"--numeric-perms=no"}), "option '--numeric-perms' doesn't allow an argument");
    EXPECT_EQ(misread({"--bogus"}), "unrecognized option '--bogus'");
    EXPECT_EQ(misread({"-Z"}), "invalid option -- 'Z'");
    EXPECT_EQ(misread({"-m", "-i"}), "option requires an argument -- 'i'");
    EXPECT_EQ(misread({"--id"}), "option '--id' requires an argument");
    EXPECT_EQ(misread({"--no"}), "option '--no' is ambiguous; possibilities: '--noheadings' '--notruncate'");
    EXPECT_EQ(misread({"--watch", "2"}), "unexpected argument: '2' (a value for --watch must be attached: --watch=2)");
    EXPECT_EQ(misread({"extra-operand"}), "unexpected argument: 'extra-operand'");
    // --name is exact, so not ambiguous with --newline or --noheadings.
    xipcs::Options o;
    auto app = xipcs::make_app(o);
    EXPECT_EQ(app.read({"-M", "--name", "x"}).outcome, Outcome::run);
    EXPECT_EQ(o.name, "x");
}

TEST(XipcsPlan, AllNamespacesInEveryFaceButNotWithOneObjectOrTheLimits)
{
    auto plan = planned({"-A"});
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_TRUE(plan->all_namespaces);
    EXPECT_FALSE(plan->lsipc);
    plan = planned({"--all-namespaces", "-J", "--orphans"});
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_TRUE(plan->all_namespaces);
    EXPECT_TRUE(plan->table.namespace_columns); // NS and CONTAINER lead the defaults
    EXPECT_TRUE(plan->filter.orphans);
    plan = planned({"-J"});
    ASSERT_TRUE(plan);
    EXPECT_FALSE(plan->all_namespaces);
    EXPECT_FALSE(plan->table.namespace_columns);
    EXPECT_EQ(refusal({"-A", "-m", "-i", "1"}), "--all-namespaces cannot be combined with --id");
    EXPECT_EQ(refusal({"-A", "-N", "x"}), "--all-namespaces cannot be combined with --name");
    EXPECT_EQ(refusal({"-A", "--ns", "1"}), "--all-namespaces cannot be combined with --ns");
    EXPECT_EQ(refusal({"-A", "-l"}), "--all-namespaces cannot be combined with --limits");
    EXPECT_EQ(refusal({"-A", "-u"}), "--all-namespaces cannot be combined with --summary");
    EXPECT_EQ(refusal({"-A", "-g"}), "--all-namespaces cannot be combined with --global");
}
