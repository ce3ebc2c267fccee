#include "libipcutil/list/openmetrics.hpp"

#include <cstdint>
#include <optional>

#include <fmt/format.h>

#include "libipcutil/core/format.hpp"
#include "libipcutil/core/parse.hpp"
#include "libipcutil/core/users.hpp"
#include "libipcutil/list/filter.hpp"

namespace ipcutil {
namespace {

// Kinds the orphan rule can call orphans (the others are never orphans).
bool has_orphans(Kind k)
{
    return k == Kind::sysv_shm || is_posix(k);
}

// One object, as every family sees it: its labels and verdict made once.
struct Row {
    const Object* object = nullptr;
    std::string labels;
    bool orphan = false;
    bool unprovable = false; ///< /proc did not show every process: no verdict either way
};

// One per-object family: its value for a row, or nullopt for no sample.
struct ObjectFamily {
    std::string_view name;
    std::string_view help;
    std::optional<std::int64_t> (*value)(const Row&);
};

std::int64_t as_gauge(std::uint64_t n)
{
    return n > static_cast<std::uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<std::int64_t>(n);
}

bool sized(Kind k)
{
    return k == Kind::sysv_shm || k == Kind::sysv_msg || k == Kind::posix_shm || k == Kind::posix_mq;
}

using V = std::optional<std::int64_t>;

constexpr ObjectFamily object_families[] = {
    {"xipc_object_size_bytes", "Size of a shared memory object, or bytes in use in a message queue.",
     [](const Row& r) { return sized(r.object->kind) ? V(as_gauge(object_bytes(*r.object))) : V(); }},
    {"xipc_object_attachments", "Attach count (nattch) of a System V shared memory segment.",
     [](const Row& r) { return r.object->kind == Kind::sysv_shm ? V(as_gauge(r.object->nattch)) : V(); }},
    {"xipc_object_holders", "Processes that map the object or hold it open.",
     [](const Row& r) { return has_orphans(r.object->kind) ? V(as_gauge(r.object->holders.size())) : V(); }},
    {"xipc_object_messages", "Messages in a message queue.",
     [](const Row& r) {
         const Kind k = r.object->kind;
         return k == Kind::sysv_msg || k == Kind::posix_mq ? V(as_gauge(r.object->messages)) : V();
     }},
    {"xipc_object_semaphores", "Semaphores in a System V semaphore set.",
     [](const Row& r) { return r.object->kind == Kind::sysv_sem ? V(as_gauge(r.object->nsems)) : V(); }},
    {"xipc_object_value", "Value of a POSIX semaphore.",
     [](const Row& r) { return r.object->kind == Kind::posix_sem && r.object->value ? V(*r.object->value) : V(); }},
    {"xipc_object_orphan",
     "1 when the object is an orphan (as xipcs lists them), else 0; no sample when /proc did not show every process.",
     [](const Row& r) { return has_orphans(r.object->kind) && !r.unprovable ? V(r.orphan ? 1 : 0) : V(); }},
    {"xipc_object_change_timestamp_seconds",
     "Time of the last change of the object (CTIME), in seconds since the epoch.",
     [](const Row& r) { return r.object->ctime ? V(static_cast<std::int64_t>(*r.object->ctime)) : V(); }},
};

void family(std::string& out, std::string_view name, std::string_view help)
{
    out += fmt::format("# HELP {} {}\n# TYPE {} gauge\n", name, help, name);
}

// Where a sample is from, over every namespace: ns="N"[,container="X"].
std::string namespace_labels(std::uint64_t ns, std::string_view container)
{
    std::string l = fmt::format(",ns=\"{}\"", ns);
    if (!container.empty())
        l += fmt::format(",container=\"{}\"", openmetrics_label_value(container));
    return l;
}

std::string object_labels(const Object& o, NameCache& names, bool by_namespace)
{
    std::string l = fmt::format("kind=\"{}\"", kind_name(o.kind));
    if (by_namespace)
        l += namespace_labels(o.ns, o.container);
    if (is_posix(o.kind))
        l += fmt::format(",name=\"{}\"", openmetrics_label_value("/" + o.name));
    else
        l += fmt::format(",id=\"{}\",key=\"{}\"", o.id, format_key(o.key));
    l += fmt::format(",owner=\"{}\"", openmetrics_label_value(names.user(o.uid)));
    return l;
}

} // namespace

std::string openmetrics_label_value(std::string_view text)
{
    std::string out;
    for (const char c : printable(text)) {
        if (c == '\\' || c == '"')
            out += '\\';
        out += c;
    }
    return out;
}

std::string openmetrics_text(const std::vector<ObjectList>& lists, const OrphanPolicy& policy,
                             const std::vector<IpcNamespace>* namespaces)
{
    NameCache names;
    std::vector<std::vector<Row>> rows; // per list
    for (const ObjectList& s : lists) {
        auto& kind_rows = rows.emplace_back();
        for (const Object& o : s.objects) {
            const Verdict verdict = has_orphans(o.kind) ? classify_orphan(o, policy) : Verdict::not_applicable;
            kind_rows.push_back({&o, object_labels(o, names, namespaces != nullptr), verdict == Verdict::orphan,
                                 verdict == Verdict::unprovable});
        }
    }
    std::string out;
    const auto per_kind = [&](std::string_view name, std::string_view help, std::uint64_t (*count)(const Row&)) {
        family(out, name, help);
        const auto samples = [&](const IpcNamespace* ns) {
            for (std::size_t i = 0; i < lists.size(); ++i) {
                std::uint64_t total = 0;
                for (const Row& r : rows[i])
                    if (ns == nullptr || r.object->ns == ns->inode)
                        total += count(r);
                out += fmt::format("{}{{kind=\"{}\"{}}} {}\n", name, kind_name(lists[i].kind),
                                   ns != nullptr ? namespace_labels(ns->inode, ns->container) : "", as_gauge(total));
            }
        };
        if (namespaces == nullptr)
            samples(nullptr);
        else
            for (const IpcNamespace& ns : *namespaces)
                samples(&ns);
    };
    per_kind("xipc_objects", "IPC objects, by kind.", [](const Row&) -> std::uint64_t { return 1; });
    per_kind("xipc_bytes", "Bytes held by the objects of a kind: shared memory sizes, bytes in use in queues.",
             [](const Row& r) { return object_bytes(*r.object); });
    per_kind("xipc_orphans", "Objects no live process maps or holds and whose creator is gone (as xipcs lists them).",
             [](const Row& r) -> std::uint64_t { return r.orphan ? 1 : 0; });
    for (const ObjectFamily& f : object_families) {
        bool any = false; // a family without samples is left out altogether
        for (const auto& kind_rows : rows)
            for (const Row& r : kind_rows) {
                const auto v = f.value(r);
                if (!v)
                    continue;
                if (!any)
                    family(out, f.name, f.help);
                any = true;
                out += fmt::format("{}{{{}}} {}\n", f.name, r.labels, *v);
            }
    }
    out += "# EOF\n";
    return out;
}

} // namespace ipcutil
