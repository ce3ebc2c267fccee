#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "libipcutil/holders/ipc_namespaces.hpp"

using namespace ipcutil;
namespace fs = std::filesystem;

TEST(ParseNsLink, InodeOfTheTypeAsked)
{
    EXPECT_EQ(parse_ns_link("ipc:[4026531839]", "ipc"), 4026531839U);
    EXPECT_EQ(parse_ns_link("mnt:[4026531841]", "mnt"), 4026531841U);
    EXPECT_FALSE(parse_ns_link("mnt:[4026531841]", "ipc"));
    for (const char* bad : {"", "ipc", "ipc:[]", "ipc:[0]", "ipc:[12x]", "ipc:[-1]", "ipc:4026531839", "ipc:[1]]",
                            "ipc:[99999999999999999999999]"})
        EXPECT_FALSE(parse_ns_link(bad, "ipc")) << bad;
}

namespace {

Ownership in(const char* cgroup)
{
    return parse_cgroup(cgroup);
}

} // namespace

TEST(NamespaceContainer, OneContainerForAllItsProcesses)
{
    const char* docker =
        "0::/system.slice/docker-3f2a1c9e0b7d5a6c8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5.scope\n";
    const Ownership both[] = {in(docker), in(docker)};
    EXPECT_EQ(namespace_container(both), "docker 3f2a1c9e0b7d");
    // A host process among them (a container sharing the host's namespace
    // with --ipc=host): the namespace is not the container's.
    const Ownership mixed[] = {in(docker), in("0::/system.slice/cron.service\n")};
    EXPECT_EQ(namespace_container(mixed), "");
    const Ownership host[] = {in("0::/init.scope\n")};
    EXPECT_EQ(namespace_container(host), "");
    EXPECT_EQ(namespace_container({}), "");
}

TEST(NamespaceContainer, APodsContainersShareItsNamespace)
{
    const char* pause = "0::/kubepods.slice/kubepods-besteffort.slice/"
                        "kubepods-besteffort-pod5b0c7e1a_2f3d_4e5f_8a9b_0c1d2e3f4a5b.slice/"
                        "cri-containerd-aaaaaaaaaaaa1111111111111111111111111111111111111111111111111111.scope\n";
    const char* app = "0::/kubepods.slice/kubepods-besteffort.slice/"
                      "kubepods-besteffort-pod5b0c7e1a_2f3d_4e5f_8a9b_0c1d2e3f4a5b.slice/"
                      "cri-containerd-bbbbbbbbbbbb2222222222222222222222222222222222222222222222222222.scope\n";
    const Ownership pod[] = {in(pause), in(app)};
    EXPECT_EQ(namespace_container(pod), "k8s pod 5b0c7e1a-2f3d-4e5f-8a9b-0c1d2e3f4a5b");
}

class FakeNamespaces : public ::testing::Test {
  protected:
    void SetUp() override
    {
        char tmpl[] = "/tmp/xipc-ns-test.XXXXXX";
        ASSERT_NE(::mkdtemp(tmpl), nullptr);
        proc_ = tmpl;
        fs::create_directories(proc_ / "self" / "ns");
        fs::create_symlink("ipc:[4026531839]", proc_ / "self" / "ns" / "ipc");
    }
    void TearDown() override { fs::remove_all(proc_); }

    void process(int pid, const char* ns, const char* cgroup)
    {
        const fs::path dir = proc_ / std::to_string(pid);
        fs::create_directories(dir / "ns");
        if (ns != nullptr)
            fs::create_symlink(ns, dir / "ns" / "ipc");
        std::ofstream(dir / "cgroup") << cgroup;
    }

    fs::path proc_;
};

TEST_F(FakeNamespaces, OwnFirstThenByInodeEachOnceWithItsLowestPid)
{
    const char* docker = "0::/docker/3f2a1c9e0b7d5a6c8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5\n";
    process(1, "ipc:[4026531839]", "0::/init.scope\n");
    process(900, "ipc:[4026532300]", docker);
    process(700, "ipc:[4026532300]", docker);
    process(50, "ipc:[4026532200]", "0::/system.slice/jail.service\n");
    process(60, "mnt:[4026532200]", "");   // not an IPC link: skipped
    process(70, nullptr, "");              // exited meanwhile: skipped
    fs::create_directories(proc_ / "sys"); // not a process
    auto scan = scan_ipc_namespaces(true, real_sys(), proc_.string());
    ASSERT_TRUE(scan);
    ASSERT_EQ(scan->namespaces.size(), 3U);
    EXPECT_EQ(scan->namespaces[0], (IpcNamespace{4026531839, 1, 1, "", true}));
    EXPECT_EQ(scan->namespaces[1], (IpcNamespace{4026532200, 50, 1, "", false}));
    EXPECT_EQ(scan->namespaces[2], (IpcNamespace{4026532300, 700, 2, "docker 3f2a1c9e0b7d", false}));
    EXPECT_EQ(scan->unreadable, 0U);
    EXPECT_EQ(namespace_title(scan->namespaces[2]), "IPC namespace 4026532300 (docker 3f2a1c9e0b7d)");
    EXPECT_EQ(namespace_title(scan->namespaces[1]), "IPC namespace 4026532200");

    // Without containers asked for, no cgroup is read.
    auto bare = scan_ipc_namespaces(false, real_sys(), proc_.string());
    ASSERT_TRUE(bare);
    EXPECT_EQ(bare->namespaces[2].container, "");
}

TEST_F(FakeNamespaces, OurOwnNamespaceIsListedEvenWithNoProcessShown)
{
    process(50, "ipc:[4026532200]", "");
    auto scan = scan_ipc_namespaces(false, real_sys(), proc_.string());
    ASSERT_TRUE(scan);
    ASSERT_EQ(scan->namespaces.size(), 2U);
    EXPECT_TRUE(scan->namespaces[0].own);
    EXPECT_EQ(scan->namespaces[0].inode, 4026531839U);
    EXPECT_EQ(scan->namespaces[0].processes, 0U);
}

TEST(ScanIpcNamespaces, AMissingProcIsAFailure)
{
    auto scan = scan_ipc_namespaces(false, real_sys(), "/nonexistent/proc");
    ASSERT_FALSE(scan);
    EXPECT_EQ(scan.error().message(), "read /nonexistent/proc: not found");
}

TEST(NamespaceTitle, AContainerNameNeverReachesATerminalRaw)
{
    // LXC names come from cgroup paths, which a delegated tree lets a user choose.
    const Ownership lxc[] = {parse_cgroup("0::/lxc.payload.web\x1b[2J/init.scope\n")};
    IpcNamespace ns;
    ns.inode = 4026532500;
    ns.container = namespace_container(lxc);
    EXPECT_EQ(ns.container, "lxc web\x1b[2J");
    EXPECT_EQ(namespace_title(ns), "IPC namespace 4026532500 (lxc web\\x1b[2J)");
}
