#include <cerrno>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "libipcutil/list/audit.hpp"
#include "libipcutil/list/listing.hpp"

using namespace ipcutil;
using namespace std::chrono_literals;
using ::testing::ElementsAre;

namespace {

// The usage message plan_listing gives, or "" when it accepts.
std::string refusal(const ListingOptions& o)
{
    auto plan = plan_listing(o);
    if (plan)
        return "";
    EXPECT_TRUE(plan.error().usage);
    return plan.error().message();
}

// --export=FORMAT, as the command line gives it.
ListingOptions exporting(std::string format)
{
    ListingOptions o;
    o.export_given = true;
    o.export_value = std::move(format);
    o.typed = {"--export"};
    return o;
}

} // namespace

TEST(Listing, NoOptionIsTheIpcsFaceOverEveryKind)
{
    auto plan = plan_listing(ListingOptions{});
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_FALSE(plan->lsipc);
    EXPECT_FALSE(plan->openmetrics);
    EXPECT_FALSE(plan->filter.active());
    EXPECT_EQ(plan->ipcs.format, IpcsRequest::Format::normal);
    EXPECT_FALSE(plan->watch);
    EXPECT_FALSE(plan->ns);
}

TEST(Listing, TheLastFormatTypedWinsAsInIpcs)
{
    ListingOptions o;
    o.time = o.pid = o.bytes = o.human = true;
    o.typed = {"--pid", "--human", "--time", "--bytes"};
    auto plan = plan_listing(o);
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_EQ(plan->ipcs.format, IpcsRequest::Format::time);
    EXPECT_TRUE(plan->ipcs.bytes);
    EXPECT_FALSE(plan->ipcs.human);

    o.typed = {"--bytes", "--time", "--human", "--pid"};
    plan = plan_listing(o);
    ASSERT_TRUE(plan);
    EXPECT_EQ(plan->ipcs.format, IpcsRequest::Format::pid);
    EXPECT_FALSE(plan->ipcs.bytes);
    EXPECT_TRUE(plan->ipcs.human);
}

TEST(Listing, AnLsipcOptionChoosesTheTableFace)
{
    ListingOptions o;
    o.msg = o.psem = true;
    o.json = true;
    o.typed = {"--queues", "--posix-semaphores", "--json"};
    auto plan = plan_listing(o);
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_TRUE(plan->lsipc);
    EXPECT_EQ(plan->table.format, TableRequest::Format::json);
    EXPECT_THAT(plan->table.kinds, ElementsAre(Kind::sysv_msg, Kind::posix_sem));

    // Given, even as --global=false: the face is chosen by what was typed.
    ListingOptions g;
    g.typed = {"--global"};
    plan = plan_listing(g);
    ASSERT_TRUE(plan);
    EXPECT_TRUE(plan->lsipc);
    EXPECT_FALSE(plan->table.global);
    EXPECT_EQ(plan->table.kinds.size(), 6U);
}

TEST(Listing, OneObjectInDetail)
{
    ListingOptions o;
    o.id_text = "12";
    o.sem = true;
    o.typed = {"--semaphores", "--id"};
    auto plan = plan_listing(o);
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_EQ(plan->ipcs.id, 12);

    ListingOptions n;
    n.name = "/db";
    n.pshm = true;
    n.typed = {"--posix-shmems", "--name"};
    plan = plan_listing(n);
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_EQ(plan->ipcs.name, "db");
}

TEST(Listing, FaceRefusalsSayWhy)
{
    ListingOptions id_alone;
    id_alone.id_text = "1";
    id_alone.typed = {"--id"};
    EXPECT_EQ(refusal(id_alone), "-i needs exactly one of -m, -q or -s");

    ListingOptions name_sysv;
    name_sysv.name = "x";
    name_sysv.shm = true;
    name_sysv.typed = {"--shmems", "--name"};
    EXPECT_EQ(refusal(name_sysv), "-N names a POSIX object: use it with -M, -Q or -S, not -m, -q or -s");

    ListingOptions two_formats;
    two_formats.json = two_formats.raw = true;
    two_formats.typed = {"--json", "--raw"};
    EXPECT_EQ(refusal(two_formats), "-J, -r, -e, -n and --list are mutually exclusive");

    ListingOptions limits_json;
    limits_json.limits = limits_json.json = true;
    limits_json.typed = {"--limits", "--json"};
    EXPECT_EQ(refusal(limits_json), "-l and -u belong to the ipcs output and cannot be combined with "
                                    "-o, -J, -r, -e, -y, --list, --newline, -P, --time-format or -g (use -g)");

    ListingOptions bad_time;
    bad_time.time_format = "long";
    bad_time.typed = {"--time-format"};
    EXPECT_EQ(refusal(bad_time), "invalid --time-format: 'long' (expected short, full or iso)");
}

TEST(Listing, OpenMetricsIsAnOutputOfItsOwn)
{
    ListingOptions o = exporting("openmetrics");
    o.orphans = true;
    o.grace = "1s";
    o.typed.push_back("--grace");
    auto plan = plan_listing(o);
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_TRUE(plan->openmetrics);
    EXPECT_TRUE(plan->lsipc);
    EXPECT_EQ(plan->filter.policy.grace, 1s);

    o.pid = true;
    o.typed.push_back("--pid");
    EXPECT_EQ(refusal(o), "--export=openmetrics cannot be combined with --pid");

    EXPECT_EQ(refusal(exporting("csv")), "invalid --export format: 'csv' (expected openmetrics)");
}

TEST(Listing, TheAuditOptionsMakeTheFilter)
{
    ListingOptions o;
    o.orphans = true;
    o.owner = "0";
    o.older_than = "2m";
    o.min_size = "4K";
    o.typed = {"--orphans", "--owner", "--older-than", "--min-size"};
    auto plan = plan_listing(o);
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_TRUE(plan->filter.orphans);
    EXPECT_EQ(plan->filter.policy.grace, default_orphan_grace);
    EXPECT_EQ(plan->filter.owner, 0U);
    EXPECT_EQ(plan->filter.older_than, 120s);
    EXPECT_EQ(plan->filter.min_size, 4096U);
    EXPECT_TRUE(plan->filter.policy.pid_alive);
}

TEST(Listing, AuditRefusalsSayWhy)
{
    ListingOptions grace;
    grace.grace = "1s";
    grace.typed = {"--grace"};
    EXPECT_EQ(refusal(grace), "--grace goes with --orphans or --export=openmetrics");

    ListingOptions owner;
    owner.owner = "no such user here";
    owner.typed = {"--owner"};
    EXPECT_EQ(refusal(owner), "unknown user: 'no such user here'");

    ListingOptions detail;
    detail.orphans = detail.shm = true;
    detail.id_text = "3";
    detail.typed = {"--orphans", "--shmems", "--id"};
    EXPECT_EQ(refusal(detail), "--orphans, --owner, --older-than, --min-size and --sort filter listings: "
                               "not with -i, -N, -l, -u or -g");

    ListingOptions watch;
    watch.watch_given = true;
    watch.watch_value.emplace("50ms");
    watch.typed = {"--watch"};
    EXPECT_EQ(refusal(watch), "--watch interval too short: '50ms' (at least 100ms)");

    ListingOptions ns;
    ns.ns = "0";
    ns.typed = {"--ns"};
    EXPECT_EQ(refusal(ns), "invalid process id: '0'");
}

TEST(Listing, WatchAndNs)
{
    ListingOptions o;
    o.watch_given = true;
    o.ns = "42";
    o.typed = {"--watch", "--ns"};
    auto plan = plan_listing(o);
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_EQ(plan->watch, 2s);
    EXPECT_EQ(plan->ns, 42);
    o.watch_value.emplace("1500ms");
    plan = plan_listing(o);
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_EQ(plan->watch, 1500ms);
}

TEST(Listing, EveryProblemIsReportedInOrderAndAnyFailureFails)
{
    ListingFrame frame;
    frame.problems.warn("a");
    EXPECT_THAT(frame.messages(), ElementsAre("a"));
    EXPECT_EQ(frame.problems.exit_code(), exit_ok);
    frame.problems.fail(failure("read", "/proc/sysvipc/shm", "gone"));
    frame.problems.warn("b");
    frame.problems.fail(sys_error("find", "POSIX shared memory /a\nb", ENOENT));
    EXPECT_THAT(frame.messages(),
                ElementsAre("a", "read /proc/sysvipc/shm: gone", "b", "find POSIX shared memory /a\\x0ab: not found"));
    EXPECT_EQ(frame.problems.exit_code(), exit_failure);
}

TEST(Listing, SortIsCheckedAndNamedByItsOption)
{
    ListingOptions o;
    o.sort = "size";
    o.typed = {"--sort"};
    auto plan = plan_listing(o);
    ASSERT_TRUE(plan) << plan.error().message();
    EXPECT_EQ(plan->sort, "size");
    EXPECT_FALSE(plan->filter.active());

    o.sort = "NOPE";
    EXPECT_EQ(refusal(o), "--sort: unknown column: 'NOPE'");
    o.sort = "NSEMS";
    o.shm = true;
    EXPECT_EQ(refusal(o), "--sort: column 'NSEMS' does not apply to shared memory");
    o.sort = "";
    EXPECT_EQ(refusal(o), "--sort needs a column name");
}

TEST(Listing, WatchCommandIsTheCommandLineWithoutItsPath)
{
    using namespace std::string_view_literals;
    EXPECT_EQ(watch_command("xipcs", "/usr/bin/xipcs\0-m\0--watch=1s\0"sv), "xipcs -m --watch=1s");
    EXPECT_EQ(watch_command("xipcs", "xipcs\0"sv), "xipcs");
    EXPECT_EQ(watch_command("xipcs", ""), "xipcs");
}
