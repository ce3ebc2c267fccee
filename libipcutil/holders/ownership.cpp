#include "libipcutil/holders/ownership.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

namespace ipcutil {
namespace {

bool all_hex(std::string_view text)
{
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return std::isxdigit(static_cast<unsigned char>(c));
    });
}

// A full container id: 64 hex digits.
bool container_id(std::string_view text)
{
    return text.size() == 64 && all_hex(text);
}

// "PREFIX<64 hex>SUFFIX" → the id, else empty.
std::string_view wrapped_id(std::string_view component, std::string_view prefix, std::string_view suffix)
{
    if (!component.starts_with(prefix) || !component.ends_with(suffix))
        return {};
    const auto id = component.substr(prefix.size(), component.size() - prefix.size() - suffix.size());
    return container_id(id) ? id : std::string_view{};
}

// systemd escapes unit names: "\x2d" is '-'.
std::string unescape_unit(std::string_view text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 3 < text.size() && text[i + 1] == 'x' && all_hex(text.substr(i + 2, 2))) {
            out += static_cast<char>(std::stoi(std::string(text.substr(i + 2, 2)), nullptr, 16));
            i += 3;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::vector<std::string_view> components(std::string_view path)
{
    std::vector<std::string_view> parts;
    while (!path.empty()) {
        const auto slash = path.find('/');
        const auto part = path.substr(0, slash);
        if (!part.empty())
            parts.push_back(part);
        if (slash == std::string_view::npos)
            break;
        path.remove_prefix(slash + 1);
    }
    return parts;
}

// The pod UID a component names: "pod<uid>" (cgroupfs) or
// "kubepods[-QOS]-pod<uid with underscores>.slice" (systemd).
std::optional<std::string> pod_of(std::string_view c)
{
    std::string uid;
    if (c.starts_with("kubepods") && c.ends_with(".slice")) {
        // "...-pod<uid>.slice": the last "pod" that follows a dash.
        const auto at = c.rfind("pod");
        if (at == std::string_view::npos || at == 0 || c[at - 1] != '-')
            return std::nullopt;
        uid = std::string(c.substr(at + 3, c.size() - at - 3 - 6));
        std::replace(uid.begin(), uid.end(), '_', '-');
    } else if (c.starts_with("pod") && c.size() > 3) {
        uid = std::string(c.substr(3));
    } else {
        return std::nullopt;
    }
    const bool ok = !uid.empty() && std::all_of(uid.begin(), uid.end(), [](char ch) {
        return std::isxdigit(static_cast<unsigned char>(ch)) || ch == '-';
    });
    return ok ? std::optional(uid) : std::nullopt;
}

// The container component `c` names, given the component above it.
std::optional<Container> container_of(std::string_view c, std::string_view parent)
{
    struct Scope {
        std::string_view prefix, suffix, runtime;
    };
    // conmon's own scopes (libpod-conmon-, crio-conmon-) hold the monitor,
    // not the container: their ids do not match these (not 64 hex digits).
    static constexpr std::array<Scope, 8> scopes{{{"docker-", ".scope", "docker"},
                                                  {"libpod-", ".scope", "podman"},
                                                  {"libpod-", "", "podman"},
                                                  {"crio-", ".scope", "cri-o"},
                                                  {"crio-", "", "cri-o"},
                                                  {"cri-containerd-", ".scope", "containerd"},
                                                  {"nerdctl-", ".scope", "containerd"},
                                                  {"containerd-", ".scope", "containerd"}}};
    for (const auto& s : scopes)
        if (const auto id = wrapped_id(c, s.prefix, s.suffix); !id.empty())
            return Container{std::string(s.runtime), std::string(id.substr(0, 12)), {}};
    if (container_id(c))
        // cgroupfs drivers: /docker/ID, else containerd's /NAMESPACE/ID and
        // a Kubernetes pod's /kubepods/QOS/podUID/ID.
        return Container{parent == "docker" ? "docker" : "containerd", std::string(c.substr(0, 12)), {}};
    if (c.starts_with("lxc.payload.") && c.size() > 12)
        return Container{"lxc", std::string(c.substr(12)), {}};
    if ((parent == "lxc" || parent == "lxc.payload") && !c.starts_with("lxc.monitor"))
        return Container{"lxc", std::string(c), {}};
    if (c.starts_with("systemd-nspawn@") && c.ends_with(".service") && c.size() > 23)
        return Container{"nspawn", unescape_unit(c.substr(15, c.size() - 15 - 8)), {}};
    if (parent == "machine.slice" && c.starts_with("machine-") && c.ends_with(".scope") && c.size() > 14)
        return Container{"nspawn", unescape_unit(c.substr(8, c.size() - 8 - 6)), {}};
    return std::nullopt;
}

bool unit_name(std::string_view c)
{
    return c.ends_with(".service") || c.ends_with(".scope");
}

} // namespace

Ownership ownership_of_path(std::string_view path)
{
    Ownership own;
    const auto parts = components(path);
    std::optional<std::string> pod;
    bool under_user_manager = false;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const auto c = parts[i];
        const std::string_view parent = i > 0 ? parts[i - 1] : std::string_view{};
        if (auto p = pod_of(c))
            pod = std::move(p);
        if (auto found = container_of(c, parent))
            own.container = std::move(found);
        if (unit_name(c)) {
            // A unit below user@UID.service belongs to that user's manager.
            own.user_unit = under_user_manager;
            own.unit = unescape_unit(c);
            under_user_manager = under_user_manager || c.starts_with("user@");
        }
    }
    if (own.container && pod)
        own.container->pod = *pod;
    return own;
}

Ownership parse_cgroup(std::string_view text)
{
    Ownership v2, unit_v1, container_v1;
    bool have_v2 = false;
    while (!text.empty()) {
        const auto eol = text.find('\n');
        const auto line = text.substr(0, eol);
        text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
        const auto first = line.find(':');
        const auto second = first == std::string_view::npos ? first : line.find(':', first + 1);
        if (second == std::string_view::npos)
            continue;
        const auto id = line.substr(0, first);
        const auto controllers = line.substr(first + 1, second - first - 1);
        const auto own = ownership_of_path(line.substr(second + 1));
        if (id == "0" && controllers.empty()) {
            v2 = own;
            have_v2 = true;
        } else {
            if (controllers == "name=systemd")
                unit_v1 = own;
            if (own.container && !container_v1.container)
                container_v1 = own;
        }
    }
    // A hybrid system has both: the v2 line is systemd's own tree there too,
    // but a container may show only in the v1 hierarchies.
    Ownership out = have_v2 && (v2.unit || v2.container) ? v2 : unit_v1;
    if (!out.container)
        out.container = container_v1.container;
    return out;
}

std::string container_label(const Container& container)
{
    std::string label;
    if (!container.pod.empty())
        label = "k8s pod " + container.pod + " ";
    return label + container.runtime + " " + container.id;
}

} // namespace ipcutil
