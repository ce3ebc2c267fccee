// xipcrm -A: the same removal in every IPC namespace that has a process.
#include <fmt/format.h>

#include "libipcutil/lifecycle/removal.hpp"

namespace ipcutil {
namespace {

std::string encode_counts(const RemovalCounts& c)
{
    return fmt::format("{} {} {}", c.removed, c.failed, c.skipped);
}

std::optional<RemovalCounts> decode_counts(const std::string& text)
{
    RemovalCounts c;
    char end = 0;
    if (std::sscanf(text.c_str(), "%d %d %d%c", &c.removed, &c.failed, &c.skipped, &end) != 3)
        return std::nullopt;
    return c;
}

void add(RemovalCounts& sum, const RemovalCounts& more)
{
    sum.removed += more.removed;
    sum.failed += more.failed;
    sum.skipped += more.skipped;
}

} // namespace

RemovalCounts run_removal_everywhere(const RemovalPlan& plan, RemovalEvents& events, const RunInChild& in_child)
{
    RemovalCounts sum;
    auto scan = scan_ipc_namespaces(true);
    if (!scan) {
        events.problem(scan.error().message());
        ++sum.failed;
        return sum;
    }
    if (scan->unreadable > 0) {
        events.problem(unseen_namespaces(scan->unreadable).message());
        ++sum.failed;
    }
    RemovalPlan here = plan;
    here.all_namespaces = false;
    here.ns.reset();
    for (const IpcNamespace& ns : scan->namespaces) {
        if (ns.own) {
            events.in_namespace(&ns);
            add(sum, run_removal(here, events));
            events.in_namespace(nullptr);
            continue;
        }
        auto done = in_child([&]() -> Result<std::string> {
            if (auto entered = enter_ipc_namespace(ns, ProcView::ours); !entered)
                return std::unexpected(entered.error());
            events.in_namespace(&ns);
            const RemovalCounts counts = run_removal(here, events);
            events.flush();
            return encode_counts(counts);
        });
        const auto counts = done ? decode_counts(*done) : std::nullopt;
        if (!counts) {
            events.problem(done
                               ? failure("remove orphans in", namespace_title(ns), "the child process failed").message()
                               : done.error().message());
            ++sum.failed;
            continue;
        }
        add(sum, *counts);
    }
    return sum;
}

} // namespace ipcutil
