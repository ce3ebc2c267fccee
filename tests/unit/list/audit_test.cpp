// The listing filters and sort (audit.hpp), the OpenMetrics exposition
// (openmetrics.hpp) and the --watch frame (watch.hpp), on made-up objects.
#include <sys/wait.h>
#include <unistd.h>

#include <set>

#include <gtest/gtest.h>

#include "libipcutil/list/audit.hpp"
#include "libipcutil/list/openmetrics.hpp"
#include "libipcutil/list/watch.hpp"

using namespace ipcutil;
using namespace std::chrono_literals;

namespace {

constexpr std::time_t now = 1'700'000'000;

Object shm(int id, std::uint64_t size, uid_t uid = 0)
{
    Object o;
    o.kind = Kind::sysv_shm;
    o.id = id;
    o.key = 0x100 + id;
    o.size = size;
    o.uid = o.cuid = uid;
    o.cpid = 4242; // gone, by the policies below
    o.ctime = now - 3600;
    o.atime = now - 3000;
    return o;
}

Object posix(Kind kind, std::string name, std::uint64_t size = 0)
{
    Object o;
    o.kind = kind;
    o.name = std::move(name);
    o.size = size;
    o.ctime = o.dtime = now - 60;
    return o;
}

ListingFilter filter()
{
    ListingFilter f;
    f.policy.now = now;
    f.policy.pid_alive = [](pid_t pid) { return pid == 1; };
    f.policy.sight = ProcSight{}; // the holder pass saw every process
    return f;
}

std::vector<int> ids(const TableSection& s)
{
    std::vector<int> out;
    for (const auto& o : s.objects)
        out.push_back(o.id);
    return out;
}

std::vector<std::string> names(const TableSection& s)
{
    std::vector<std::string> out;
    for (const auto& o : s.objects)
        out.push_back(o.name);
    return out;
}

TEST(Audit, ObjectBytesCountsSizesAndQueuedBytesNotSemaphores)
{
    EXPECT_EQ(object_bytes(shm(1, 4096)), 4096U);
    Object q = posix(Kind::posix_mq, "q", 12);
    EXPECT_EQ(object_bytes(q), 12U);
    q.kind = Kind::sysv_msg;
    EXPECT_EQ(object_bytes(q), 12U);
    EXPECT_EQ(object_bytes(posix(Kind::posix_sem, "s", 32)), 0U);
    Object set;
    set.kind = Kind::sysv_sem;
    set.nsems = 4;
    EXPECT_EQ(object_bytes(set), 0U);
}

TEST(Audit, OwnerMinSizeAndAge)
{
    auto f = filter();
    f.owner = 1000;
    EXPECT_TRUE(keeps(f, shm(1, 1, 1000)));
    EXPECT_FALSE(keeps(f, shm(1, 1, 0)));

    f = filter();
    f.min_size = 4096;
    EXPECT_TRUE(keeps(f, shm(1, 4096)));
    EXPECT_FALSE(keeps(f, shm(1, 4095)));
    EXPECT_FALSE(keeps(f, posix(Kind::posix_sem, "s", 32)));

    f = filter();
    f.older_than = 30min;
    EXPECT_TRUE(keeps(f, shm(1, 1)));                    // changed an hour ago
    EXPECT_FALSE(keeps(f, posix(Kind::posix_shm, "x"))); // a minute ago
    Object never = shm(2, 1);
    never.ctime.reset();
    EXPECT_FALSE(keeps(f, never)); // no change time: no evidence of age
    f.older_than = 3600s;
    EXPECT_TRUE(keeps(f, shm(1, 1))); // exactly that old counts
    f.older_than = 3601s;
    EXPECT_FALSE(keeps(f, shm(1, 1)));
}

TEST(Audit, OrphansFollowTheRule)
{
    auto f = filter();
    f.orphans = true;
    EXPECT_TRUE(keeps(f, shm(1, 1)));
    Object held = shm(2, 1);
    held.holders = {{7, "x"}};
    EXPECT_FALSE(keeps(f, held));
    Object creator_alive = shm(3, 1);
    creator_alive.cpid = 1;
    EXPECT_FALSE(keeps(f, creator_alive));
    Object queue = shm(4, 1);
    queue.kind = Kind::sysv_msg;
    EXPECT_FALSE(keeps(f, queue));
    // POSIX: modified a minute ago, fresh within a 5 minute grace period.
    EXPECT_TRUE(keeps(f, posix(Kind::posix_shm, "a")));
    f.policy.grace = 5min;
    EXPECT_FALSE(keeps(f, posix(Kind::posix_shm, "a")));
}

TEST(Audit, NeedsHoldersForOrphansAndHolderColumns)
{
    auto f = filter();
    EXPECT_FALSE(f.active());
    EXPECT_FALSE(f.needs_holders());
    f.sort = "size";
    EXPECT_TRUE(f.active());
    EXPECT_FALSE(f.needs_holders());
    f.sort = "PIDS";
    EXPECT_TRUE(f.needs_holders());
    f.sort = "commands";
    EXPECT_TRUE(f.needs_holders());
    f.sort.clear();
    f.orphans = true;
    EXPECT_TRUE(f.needs_holders());
}

TEST(Audit, SortNumericColumnsNumerically)
{
    std::vector<TableSection> sections{{Kind::sysv_shm, {shm(1, 100000), shm(2, 9), shm(3, 4096), shm(4, 9)}}};
    auto f = filter();
    f.sort = "size";
    apply_filter(f, sections);
    EXPECT_EQ(ids(sections[0]), (std::vector<int>{2, 4, 3, 1})); // stable: 2 before 4
}

TEST(Audit, SortTextBytewiseAndUnsetLast)
{
    Object a = posix(Kind::posix_shm, "b");
    Object b = posix(Kind::posix_shm, "a");
    Object c = posix(Kind::posix_shm, "c");
    a.ctime = now;
    b.ctime.reset();
    c.ctime = now - 1;
    std::vector<TableSection> sections{{Kind::posix_shm, {a, b, c}}};
    auto f = filter();
    f.sort = "NAME";
    apply_filter(f, sections);
    EXPECT_EQ(names(sections[0]), (std::vector<std::string>{"a", "b", "c"}));
    f.sort = "CTIME";
    apply_filter(f, sections);
    EXPECT_EQ(names(sections[0]), (std::vector<std::string>{"c", "b", "a"}));
}

TEST(Audit, SortByHolderPids)
{
    Object a = shm(1, 1), b = shm(2, 1), c = shm(3, 1);
    a.holders = {{30, "x"}};
    b.holders = {{4, "x"}, {50, "y"}};
    std::vector<TableSection> sections{{Kind::sysv_shm, {a, b, c}}};
    auto f = filter();
    f.sort = "PIDS";
    apply_filter(f, sections);
    EXPECT_EQ(ids(sections[0]), (std::vector<int>{2, 1, 3})); // [4,50] < [30]; none: last
}

TEST(Audit, SortLeavesKindsWithoutTheColumnAlone)
{
    Object q1 = posix(Kind::posix_mq, "z", 1), q2 = posix(Kind::posix_mq, "y", 2);
    q1.value = 1;
    std::vector<TableSection> sections{{Kind::sysv_shm, {shm(1, 2), shm(2, 1)}}, {Kind::posix_mq, {q1, q2}}};
    auto f = filter();
    f.sort = "NSEMS"; // semaphore sets only
    apply_filter(f, sections);
    EXPECT_EQ(ids(sections[0]), (std::vector<int>{1, 2}));
    EXPECT_EQ(names(sections[1]), (std::vector<std::string>{"z", "y"}));
}

TEST(Audit, ValidateSortColumn)
{
    const Kind shm_only[] = {Kind::sysv_shm};
    const Kind sems[] = {Kind::sysv_sem, Kind::posix_sem};
    EXPECT_TRUE(validate_sort_column("nattch", shm_only));
    EXPECT_TRUE(validate_sort_column("PIDS", sems));
    auto bad = validate_sort_column("SIZE", sems);
    ASSERT_FALSE(bad);
    EXPECT_TRUE(bad.error().usage);
    EXPECT_EQ(bad.error().message(), "column 'SIZE' does not apply to semaphore set or POSIX semaphore");
    bad = validate_sort_column("NOPE", shm_only);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().message(), "unknown column: 'NOPE'");
    EXPECT_FALSE(validate_sort_column("", shm_only));
}

TEST(Audit, AttributionWarningOnlyWhenPartial)
{
    AttributionStats stats;
    EXPECT_FALSE(attribution_warning(stats));
    stats.unreadable = 2;
    // As root the note is left out (its advice would be wrong); as another
    // user it is partial_attribution_note.
    const auto note = attribution_warning(stats);
    if (::geteuid() == 0)
        EXPECT_FALSE(note);
    else
        EXPECT_EQ(note, partial_attribution_note(stats));
}

// ---- OpenMetrics -------------------------------------------------------------

TEST(OpenMetrics, LabelValuesAreEscapedAndUtf8)
{
    EXPECT_EQ(openmetrics_label_value("plain"), "plain");
    EXPECT_EQ(openmetrics_label_value("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    EXPECT_EQ(openmetrics_label_value("caf\xc3\xa9"), "caf\xc3\xa9");
    EXPECT_EQ(openmetrics_label_value("x\xff"
                                      "y\xc3"),
              "x\xef\xbf\xbdy\xef\xbf\xbd");
}

TEST(OpenMetrics, PerKindAndPerObjectGauges)
{
    Object seg = shm(3, 4096);
    seg.nattch = 0;
    Object used = shm(4, 100);
    used.nattch = 2;
    used.holders = {{10, "a"}, {11, "b"}};
    Object q = posix(Kind::posix_mq, "jobs", 12);
    q.messages = 2;
    q.holders = {{10, "a"}};
    Object set;
    set.kind = Kind::sysv_sem;
    set.id = 9;
    set.nsems = 3;
    const std::vector<TableSection> sections{
        {Kind::sysv_shm, {seg, used}}, {Kind::sysv_sem, {set}}, {Kind::posix_mq, {q}}, {Kind::posix_sem, {}}};
    OrphanPolicy policy;
    policy.now = now;
    policy.pid_alive = [](pid_t) { return false; };
    policy.sight = ProcSight{};
    const std::string text = openmetrics_text(sections, policy);
    const auto has = [&](const std::string& line) { return text.find(line + "\n") != std::string::npos; };
    EXPECT_TRUE(has("# TYPE xipc_objects gauge"));
    EXPECT_TRUE(has("xipc_objects{kind=\"sysv-shm\"} 2"));
    EXPECT_TRUE(has("xipc_objects{kind=\"posix-sem\"} 0"));
    EXPECT_TRUE(has("xipc_bytes{kind=\"sysv-shm\"} 4196"));
    EXPECT_TRUE(has("xipc_bytes{kind=\"posix-mq\"} 12"));
    EXPECT_TRUE(has("xipc_orphans{kind=\"sysv-shm\"} 1"));
    EXPECT_TRUE(has("xipc_orphans{kind=\"posix-mq\"} 0"));
    EXPECT_TRUE(has("xipc_object_size_bytes{kind=\"sysv-shm\",id=\"3\",key=\"0x00000103\",owner=\"root\"} 4096"));
    EXPECT_TRUE(has("xipc_object_attachments{kind=\"sysv-shm\",id=\"4\",key=\"0x00000104\",owner=\"root\"} 2"));
    EXPECT_TRUE(has("xipc_object_holders{kind=\"posix-mq\",name=\"/jobs\",owner=\"root\"} 1"));
    EXPECT_TRUE(has("xipc_object_messages{kind=\"posix-mq\",name=\"/jobs\",owner=\"root\"} 2"));
    EXPECT_TRUE(has("xipc_object_semaphores{kind=\"sysv-sem\",id=\"9\",key=\"0x00000000\",owner=\"root\"} 3"));
    EXPECT_TRUE(has("xipc_object_orphan{kind=\"sysv-shm\",id=\"3\",key=\"0x00000103\",owner=\"root\"} 1"));
    EXPECT_TRUE(has("xipc_object_orphan{kind=\"sysv-shm\",id=\"4\",key=\"0x00000104\",owner=\"root\"} 0"));
    // No POSIX semaphore: no value family at all.
    EXPECT_EQ(text.find("xipc_object_value"), std::string::npos);
    // Ends with # EOF, once.
    ASSERT_GE(text.size(), 6U);
    EXPECT_EQ(text.substr(text.size() - 6), "# EOF\n");
    EXPECT_EQ(text.find("# EOF"), text.size() - 6);
    // Each family's samples follow its HELP and TYPE, never interleaved.
    std::string last_family;
    std::set<std::string> seen;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t nl = text.find('\n', pos);
        const std::string line = text.substr(pos, nl - pos);
        pos = nl + 1;
        if (line.starts_with("# TYPE ")) {
            last_family = line.substr(7, line.find(' ', 7) - 7);
            EXPECT_TRUE(seen.insert(last_family).second) << last_family;
        } else if (!line.starts_with("#")) {
            EXPECT_EQ(line.substr(0, line.find('{')), last_family) << line;
        }
    }
}

// ---- --watch ------------------------------------------------------------------

TEST(Watch, IntervalText)
{
    EXPECT_EQ(interval_text(2s), "2s");
    EXPECT_EQ(interval_text(200ms), "0.2s");
    EXPECT_EQ(interval_text(1500ms), "1.5s");
    EXPECT_EQ(interval_text(1250ms), "1.25s");
}

TEST(Watch, HeaderPutsTheTimeOnTheRightWhenItFits)
{
    ::setenv("TZ", "UTC", 1);
    ::tzset();
    const std::string h = watch_header(2s, "xipcs -m", now, 60);
    EXPECT_EQ(h, "Every 2s: xipcs -m" + std::string(60 - 18 - 24, ' ') + "Tue Nov 14 22:13:20 2023");
    EXPECT_EQ(watch_header(2s, "xipcs -m", now, 30), "Every 2s: xipcs -m");
}

TEST(Watch, FrameRedrawsInPlaceWithinTheScreen)
{
    const std::string frame = redraw_frame("head", "one\ntwo\n", {10, 24});
    EXPECT_EQ(frame, "\033[Hhead\033[K\n\033[K\none\033[K\ntwo\033[K\033[J");
    // Cut to the width (at a character boundary) and to the height.
    EXPECT_EQ(redraw_frame("h", "abcdef\n\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\nlast\n", {3, 4}),
              "\033[Hh\033[K\n\033[K\nabc\033[K\n\xc3\xa9\xc3\xa9\xc3\xa9\033[K\033[J");
}

} // namespace
