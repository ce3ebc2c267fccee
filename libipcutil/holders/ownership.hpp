#pragma once
// Who a process belongs to, read from its /proc/PID/cgroup: the container
// (Docker, Podman, containerd, CRI-O, Kubernetes pods, LXC, systemd-nspawn)
// and the systemd unit.  Both cgroup versions (v1 hierarchies, the v2
// "0::" line) and both drivers (cgroupfs paths such as /docker/ID and
// systemd slices such as /system.slice/docker-ID.scope) are understood.
// Pure functions of the text, so recorded files test them.

#include <optional>
#include <string>
#include <string_view>

namespace ipcutil {

/// A container a process runs in.  `runtime` is one of "docker", "podman",
/// "containerd", "cri-o", "lxc", "nspawn"; `id` is the runtime's short id (12
/// hex digits) or, for LXC and nspawn, the container's name.  `pod` is the
/// Kubernetes pod UID (dashes, as kubectl shows it) when the container is in
/// a pod.
struct Container {
    std::string runtime;
    std::string id;
    std::string pod;

    bool operator==(const Container&) const = default;
};

/// Ownership of one process.  Either may be unknown (a host process has no
/// container; a process outside systemd's tree has no unit).
struct Ownership {
    std::optional<Container> container;
    /// The systemd unit (service or scope) the process runs in, system or
    /// user, e.g. "postgresql@15-main.service", "session-3.scope".
    std::optional<std::string> unit;
    /// True when `unit` is a unit of a user's systemd (user@UID.service).
    bool user_unit = false;
};

/// Read /proc/PID/cgroup text (one "ID:CONTROLLERS:PATH" line per
/// hierarchy).  The v2 line wins; on a v1-only system the name=systemd
/// hierarchy gives the unit and the first hierarchy that names a container
/// gives the container.
[[nodiscard]] Ownership parse_cgroup(std::string_view text);

/// The ownership a single cgroup path describes.
[[nodiscard]] Ownership ownership_of_path(std::string_view path);

/// How a container is shown in one column or a header: "docker 3f2a1c9e0b7d",
/// "lxc web", "k8s pod 5b0c…-… cri-o 3f2a1c9e0b7d".
[[nodiscard]] std::string container_label(const Container& container);

} // namespace ipcutil
