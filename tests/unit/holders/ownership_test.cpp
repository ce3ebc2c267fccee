// Container and unit attribution on /proc/PID/cgroup text as each runtime
// and driver writes it (cgroup v1 and v2, cgroupfs and systemd drivers).
#include <gtest/gtest.h>

#include "libipcutil/holders/ownership.hpp"

namespace {

using ipcutil::Container;
using ipcutil::parse_cgroup;

const std::string id64 = "3f2a1c9e0b7d4c5a8e6f1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6";
const std::string pod = "5b0c8d1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e";
const std::string pod_ = "5b0c8d1e_2f3a_4b5c_8d9e_0f1a2b3c4d5e";

std::optional<Container> container(const std::string& text)
{
    return parse_cgroup(text).container;
}

Container c(std::string runtime, std::string id, std::string pod_uid = {})
{
    return {std::move(runtime), std::move(id), std::move(pod_uid)};
}

TEST(Ownership, HostProcessesHaveNoContainer)
{
    EXPECT_EQ(container("0::/init.scope\n"), std::nullopt);
    EXPECT_EQ(parse_cgroup("0::/init.scope\n").unit, "init.scope");
    EXPECT_EQ(container("0::/\n"), std::nullopt);
    EXPECT_EQ(parse_cgroup("0::/\n").unit, std::nullopt);
    EXPECT_EQ(container(""), std::nullopt);
}

TEST(Ownership, DockerBothDriversBothVersions)
{
    const auto want = c("docker", "3f2a1c9e0b7d");
    EXPECT_EQ(container("0::/system.slice/docker-" + id64 + ".scope\n"), want);
    EXPECT_EQ(parse_cgroup("0::/system.slice/docker-" + id64 + ".scope\n").unit, "docker-" + id64 + ".scope");
    EXPECT_EQ(container("0::/docker/" + id64 + "\n"), want);
    EXPECT_EQ(container("12:pids:/docker/" + id64 + "\n11:memory:/docker/" + id64 + "\n1:name=systemd:/docker/" + id64
                        + "\n"),
              want);
    EXPECT_EQ(container("4:cpu,cpuacct:/system.slice/docker-" + id64 + ".scope\n1:name=systemd:/system.slice/docker-"
                        + id64 + ".scope\n0::/system.slice/docker-" + id64 + ".scope\n"),
              want);
}

TEST(Ownership, PodmanRootfulRootlessAndCgroupfs)
{
    const auto want = c("podman", "3f2a1c9e0b7d");
    EXPECT_EQ(container("0::/machine.slice/libpod-" + id64 + ".scope/container\n"), want);
    EXPECT_EQ(container("0::/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" + id64 + ".scope\n"),
              want);
    EXPECT_EQ(container("0::/libpod_parent/libpod-" + id64 + "\n"), want);
    // conmon, podman's monitor, is not in the container.
    EXPECT_EQ(container("0::/machine.slice/libpod-conmon-" + id64 + ".scope\n"), std::nullopt);
}

TEST(Ownership, ContainerdStandalone)
{
    EXPECT_EQ(container("0::/default/" + id64 + "\n"), c("containerd", "3f2a1c9e0b7d"));
    EXPECT_EQ(container("0::/system.slice/nerdctl-" + id64 + ".scope\n"), c("containerd", "3f2a1c9e0b7d"));
}

TEST(Ownership, KubernetesPodsEveryRuntimeAndDriver)
{
    EXPECT_EQ(container("0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + pod_
                        + ".slice/cri-containerd-" + id64 + ".scope\n"),
              c("containerd", "3f2a1c9e0b7d", pod));
    EXPECT_EQ(container("0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + pod_ + ".slice/crio-"
                        + id64 + ".scope\n"),
              c("cri-o", "3f2a1c9e0b7d", pod));
    EXPECT_EQ(container("0::/kubepods.slice/kubepods-pod" + pod_ + ".slice/docker-" + id64 + ".scope\n"),
              c("docker", "3f2a1c9e0b7d", pod));
    EXPECT_EQ(container("0::/kubepods/burstable/pod" + pod + "/" + id64 + "\n"), c("containerd", "3f2a1c9e0b7d", pod));
    EXPECT_EQ(container("0::/kubepods/besteffort/pod" + pod + "/crio-" + id64 + "\n"), c("cri-o", "3f2a1c9e0b7d", pod));
    EXPECT_EQ(container("11:memory:/kubepods/burstable/pod" + pod + "/" + id64
                        + "\n1:name=systemd:/kubepods/burstable/pod" + pod + "/" + id64 + "\n"),
              c("containerd", "3f2a1c9e0b7d", pod));
    // The pod's sandbox slice alone names no container.
    EXPECT_EQ(container("0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + pod_ + ".slice\n"),
              std::nullopt);
}

TEST(Ownership, LxcAndNspawnByName)
{
    EXPECT_EQ(container("0::/lxc.payload.web/init.scope\n"), c("lxc", "web"));
    EXPECT_EQ(container("0::/lxc.payload/web\n"), c("lxc", "web"));
    EXPECT_EQ(container("4:memory:/lxc/web\n1:name=systemd:/lxc/web\n"), c("lxc", "web"));
    EXPECT_EQ(container("0::/lxc.monitor.web\n"), std::nullopt);
    EXPECT_EQ(container("0::/machine.slice/systemd-nspawn@build\\x2dbox.service/payload/system.slice/foo.service\n"),
              c("nspawn", "build-box"));
    EXPECT_EQ(container("1:name=systemd:/machine.slice/machine-build\\x2dbox.scope\n"), c("nspawn", "build-box"));
}

TEST(Ownership, SystemAndUserUnits)
{
    auto own = parse_cgroup("0::/system.slice/system-postgresql.slice/postgresql@15-main.service\n");
    EXPECT_EQ(own.unit, "postgresql@15-main.service");
    EXPECT_FALSE(own.user_unit);
    own = parse_cgroup("0::/user.slice/user-1000.slice/user@1000.service/app.slice/app-foo.scope\n");
    EXPECT_EQ(own.unit, "app-foo.scope");
    EXPECT_TRUE(own.user_unit);
    own = parse_cgroup("0::/user.slice/user-1000.slice/user@1000.service/app.slice/a.service/b.scope\n");
    EXPECT_EQ(own.unit, "b.scope");
    EXPECT_TRUE(own.user_unit);
    own = parse_cgroup("0::/user.slice/user-1000.slice/session-3.scope\n");
    EXPECT_EQ(own.unit, "session-3.scope");
    EXPECT_FALSE(own.user_unit);
    // v1 only: the name=systemd hierarchy gives the unit.
    own = parse_cgroup("5:memory:/\n1:name=systemd:/system.slice/cron.service\n");
    EXPECT_EQ(own.unit, "cron.service");
    EXPECT_EQ(own.container, std::nullopt);
}

TEST(Ownership, MalformedTextNamesNothing)
{
    EXPECT_EQ(container("garbage\n::\n0:\n"), std::nullopt);
    EXPECT_EQ(container("0::/docker/" + id64.substr(1) + "\n"), std::nullopt);
    EXPECT_EQ(container("0::/system.slice/docker-" + id64 + "x.scope\n"), std::nullopt);
}

TEST(Ownership, Labels)
{
    EXPECT_EQ(ipcutil::container_label(c("docker", "3f2a1c9e0b7d")), "docker 3f2a1c9e0b7d");
    EXPECT_EQ(ipcutil::container_label(c("cri-o", "3f2a1c9e0b7d", pod)), "k8s pod " + pod + " cri-o 3f2a1c9e0b7d");
    EXPECT_EQ(ipcutil::container_label(c("lxc", "web")), "lxc web");
}

} // namespace
