// The OpenMetrics exposition (openmetrics.hpp), on made-up objects.
#include <set>

#include <gtest/gtest.h>

#include "libipcutil/list/openmetrics.hpp"

using namespace ipcutil;

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

} // namespace

TEST(OpenMetrics, LabelValuesAreEscapedForTheFormatAndTheTerminal)
{
    EXPECT_EQ(openmetrics_label_value("plain"), "plain");
    // A newline, a control byte or a byte outside ASCII is \xNN first (so
    // the value stays one line and UTF-8), then the backslash is escaped
    // as the format wants.
    EXPECT_EQ(openmetrics_label_value("a\"b\\c\nd"), "a\\\"b\\\\c\\\\x0ad");
    EXPECT_EQ(openmetrics_label_value("esc\x1b[31m"), "esc\\\\x1b[31m");
    EXPECT_EQ(openmetrics_label_value("caf\xc3\xa9\xff"), "caf\\\\xc3\\\\xa9\\\\xff");
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
    const std::vector<ObjectList> lists{
        {Kind::sysv_shm, {seg, used}}, {Kind::sysv_sem, {set}}, {Kind::posix_mq, {q}}, {Kind::posix_sem, {}}};
    OrphanPolicy policy;
    policy.now = now;
    policy.pid_alive = [](pid_t) { return false; };
    policy.sight = ProcSight{}; // the holder pass saw every process
    const std::string text = openmetrics_text(lists, policy);
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

TEST(OpenMetrics, PosixObjectsGetNoOrphanSampleWithoutFullSightOfProc)
{
    Object left = posix(Kind::posix_shm, "left", 8);
    left.ctime = left.dtime = now - 3600;
    const std::vector<ObjectList> lists{{Kind::sysv_shm, {shm(3, 4096)}}, {Kind::posix_shm, {left}}};
    OrphanPolicy policy;
    policy.now = now;
    policy.pid_alive = [](pid_t) { return false; };
    ProcSight hidden;
    hidden.hidden_by = "hidepid=invisible";
    policy.sight = hidden;
    const std::string text = openmetrics_text(lists, policy);
    const auto has = [&](const std::string& line) { return text.find(line + "\n") != std::string::npos; };
    // System V segments are judged by the kernel's counts; the POSIX object
    // is neither an orphan nor proven held.
    EXPECT_TRUE(has("xipc_object_orphan{kind=\"sysv-shm\",id=\"3\",key=\"0x00000103\",owner=\"root\"} 1"));
    EXPECT_EQ(text.find("xipc_object_orphan{kind=\"posix-shm\""), std::string::npos);
    EXPECT_TRUE(has("xipc_orphans{kind=\"posix-shm\"} 0"));

    policy.sight = ProcSight{};
    const std::string full = openmetrics_text(lists, policy);
    EXPECT_NE(full.find("xipc_object_orphan{kind=\"posix-shm\",name=\"/left\",owner=\"root\"} 1\n"), std::string::npos);
}

TEST(OpenMetrics, OverEveryNamespaceSamplesNameTheirNamespaceAndContainer)
{
    Object ours = shm(1, 4096);
    ours.ns = 4026531839;
    Object theirs = shm(1, 8192);
    theirs.ns = 4026532211;
    theirs.container = "docker 3f2a1c9e0b7d";
    const std::vector<ObjectList> lists{{Kind::sysv_shm, {ours, theirs}}};
    const std::vector<IpcNamespace> namespaces{{4026531839, 1, 10, "", true},
                                               {4026532211, 700, 2, "docker 3f2a1c9e0b7d", false}};
    OrphanPolicy policy;
    policy.now = now;
    policy.pid_alive = [](pid_t) { return false; };
    policy.sight = ProcSight{};
    const std::string text = openmetrics_text(lists, policy, &namespaces);
    for (const char* line :
         {"xipc_objects{kind=\"sysv-shm\",ns=\"4026531839\"} 1\n",
          "xipc_objects{kind=\"sysv-shm\",ns=\"4026532211\",container=\"docker 3f2a1c9e0b7d\"} 1\n",
          "xipc_bytes{kind=\"sysv-shm\",ns=\"4026532211\",container=\"docker 3f2a1c9e0b7d\"} 8192\n",
          "xipc_object_size_bytes{kind=\"sysv-shm\",ns=\"4026531839\",id=\"1\",key=\"0x00000101\",owner=\"root\"} "
          "4096\n",
          "xipc_object_size_bytes{kind=\"sysv-shm\",ns=\"4026532211\",container=\"docker 3f2a1c9e0b7d\",id=\"1\","
          "key=\"0x00000101\",owner=\"root\"} 8192\n"})
        EXPECT_NE(text.find(line), std::string::npos) << line << "\nin:\n" << text;
    // Without namespaces, no such label.
    EXPECT_EQ(openmetrics_text(lists, policy).find("ns=\""), std::string::npos);
}
