#include <sys/sysmacros.h>

#include <cerrno>
#include <string>

#include <gtest/gtest.h>

#include "../kernel/fake_sys.hpp"
#include "libipcutil/holders/namespaces.hpp"

using namespace ipcutil;

namespace {

TEST(ParseNs, AllDigitsIsAProcess)
{
    EXPECT_EQ(parse_ns("42"), NamespaceSource{pid_t{42}});
    EXPECT_EQ(parse_ns("1"), NamespaceSource{pid_t{1}});
    EXPECT_EQ(parse_ns("007"), NamespaceSource{pid_t{7}});
    EXPECT_EQ(parse_ns("2147483647"), NamespaceSource{pid_t{2147483647}});
}

TEST(ParseNs, AnythingElseIsANamespaceFile)
{
    for (const char* path : {"/proc/42/ns/ipc", "/run/netns-like/x", "ipc", "./42", "-1", "+4", " 4", "4 ", "0x10"})
        EXPECT_EQ(parse_ns(path), NamespaceSource{NamespaceFile{path}}) << path;
}

TEST(ParseNs, BadProcessIdsAndEmptyAreUsageErrors)
{
    const auto refusal = [](std::string_view text) {
        auto ns = parse_ns(text);
        EXPECT_FALSE(ns) << text;
        EXPECT_TRUE(!ns && ns.error().usage) << text;
        return ns ? std::string() : ns.error().message();
    };
    EXPECT_EQ(refusal("0"), "invalid process id: '0'");
    EXPECT_EQ(refusal("000"), "invalid process id: '0'");
    EXPECT_EQ(refusal("2147483648"), "process id out of range: '2147483648' (at most 2147483647)");
    EXPECT_EQ(refusal("99999999999999999999999"), "invalid process id: '99999999999999999999999'");
    EXPECT_EQ(refusal(""), "invalid process id or namespace file: ''");
}

TEST(IpcOnlyNote, NamesTheFileEscaped)
{
    EXPECT_EQ(ipc_only_note(NamespaceFile{"/run/ipc\x1b"}),
              "no process is in the IPC namespace /run/ipc\\x1b: entered it alone, so the POSIX objects listed "
              "are this mount namespace's");
}

// /proc with processes whose ns/ipc is the IPC namespace (dev, ino) or
// another one; each has an ns/mnt to open.
class MountNamespaceOf : public ::testing::Test {
  protected:
    const dev_t nsfs = makedev(0, 4);
    static constexpr ino_t wanted = 4026532300;

    void process(pid_t pid, ino_t ipc)
    {
        sys.add_process(pid, "p");
        const std::string dir = fmt::format("/proc/{}/ns/", pid);
        auto& n = sys.add_file(dir + "ipc", "", 0444, 0);
        n.st.st_dev = nsfs;
        n.st.st_ino = ipc;
        sys.add_file(dir + "mnt", "", 0444, 0);
    }
    [[nodiscard]] bool opened_mnt_of(pid_t pid) const { return sys.called(fmt::format("open /proc/{}/ns/mnt", pid)); }

    FakeSys sys;
};

TEST_F(MountNamespaceOf, TheLowestPidInTheNamespace)
{
    process(50, 4026531839);
    process(1000, wanted);
    process(300, wanted); // listed after 1000 ("1000" < "300"), chosen first
    auto mnt = mount_namespace_of(nsfs, wanted, sys);
    ASSERT_TRUE(mnt) << mnt.error().message();
    ASSERT_TRUE(mnt->has_value());
    EXPECT_TRUE(opened_mnt_of(300));
    EXPECT_FALSE(opened_mnt_of(1000));
    EXPECT_FALSE(opened_mnt_of(50));
}

TEST_F(MountNamespaceOf, TheSameInodeOnAnotherDeviceIsAnotherNamespace)
{
    process(300, wanted);
    auto mnt = mount_namespace_of(makedev(0, 5), wanted, sys);
    ASSERT_TRUE(mnt) << mnt.error().message();
    EXPECT_FALSE(mnt->has_value());
}

TEST_F(MountNamespaceOf, AProcessThatExitsOnTheWayIsPassedOver)
{
    process(300, wanted);
    process(400, wanted);
    process(500, wanted);
    sys.fail("open /proc/300/ns/mnt", ENOENT); // exited after its ns/ipc was read
    sys.fail("open /proc/400", ESRCH);         // exited before
    auto mnt = mount_namespace_of(nsfs, wanted, sys);
    ASSERT_TRUE(mnt) << mnt.error().message();
    ASSERT_TRUE(mnt->has_value());
    EXPECT_TRUE(opened_mnt_of(500));
}

TEST_F(MountNamespaceOf, NoneWhenNoProcessIsInIt)
{
    process(300, 4026531839);
    auto mnt = mount_namespace_of(nsfs, wanted, sys);
    ASSERT_TRUE(mnt) << mnt.error().message();
    EXPECT_FALSE(mnt->has_value());
    EXPECT_FALSE(opened_mnt_of(300));
}

TEST_F(MountNamespaceOf, AnUnreadableProcIsAFailure)
{
    process(300, wanted);
    sys.fail("list_dir /proc", EACCES);
    auto mnt = mount_namespace_of(nsfs, wanted, sys);
    ASSERT_FALSE(mnt);
    EXPECT_EQ(mnt.error().message(), "read /proc: Permission denied");
}

} // namespace
