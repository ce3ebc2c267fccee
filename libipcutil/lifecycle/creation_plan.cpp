#include "libipcutil/lifecycle/creation_plan.hpp"

#include <climits>

#include <fmt/format.h>

#include "libipcutil/core/parse.hpp"
#include "libipcutil/kernel/posix.hpp"

namespace ipcutil {
namespace {

// glibc refuses semaphore names longer than NAME_MAX once "sem." is added.
constexpr std::size_t sem_name_max = NAME_MAX - 4;
constexpr unsigned sem_value_max = INT_MAX; // SEM_VALUE_MAX on Linux

// The resources to make: sizes and counts, then what says which side they
// are on.  Every refusal names what was typed.
Result<void> plan_kinds(const CreationRequest& q, CreationPlan& p)
{
    if (q.shm_size) {
        auto size = parse_size(*q.shm_size);
        if (!size)
            return std::unexpected(size.error());
        if (*size == 0)
            return std::unexpected(usage_error("invalid size: '0' (a segment holds at least 1 byte)"));
        p.shm_size = *size;
    }
    if (q.nsems) {
        auto n = parse_unsigned(*q.nsems, "number of semaphores", INT_MAX);
        if (!n)
            return std::unexpected(n.error());
        if (*n == 0)
            return std::unexpected(usage_error("invalid number of semaphores: '0' (a set holds at least 1)"));
        p.nsems = *n;
    }
    if (q.pshm_size) {
        auto size = parse_size(*q.pshm_size);
        if (!size)
            return std::unexpected(size.error());
        if (*size > static_cast<std::uint64_t>(LLONG_MAX))
            return std::unexpected(usage_error(fmt::format("size too large: '{}'", *q.pshm_size)));
        p.pshm_size = *size;
    }
    p.msg = q.msg;
    p.pmq = q.pmq;
    p.psem = q.psem;
    if (q.fifo) {
        if (q.fifo->empty())
            return std::unexpected(usage_error("invalid FIFO path: '' (empty)"));
        p.fifo = *q.fifo;
    }
    return {};
}

// The name every POSIX object takes, and the options that belong to one side.
Result<void> plan_names(const CreationRequest& q, CreationPlan& p, bool any_sysv, bool any_posix)
{
    if (q.name) {
        if (!any_posix)
            return std::unexpected(usage_error("--name names POSIX objects: use it with -m, -q or -s"));
        auto name = parse_posix_name(*q.name);
        if (!name)
            return std::unexpected(name.error());
        if (p.psem && name->size() > sem_name_max)
            return std::unexpected(usage_error(fmt::format(
                "invalid POSIX name: '{}' (a semaphore name holds at most {} bytes)", *q.name, sem_name_max)));
        if (p.pshm_size)
            if (auto ok = check_shm_name(*name); !ok)
                return std::unexpected(ok.error());
        p.name = *name;
    } else if (any_posix) {
        return std::unexpected(usage_error("name is required for POSIX IPC: add -n /NAME"));
    }
    if (q.mode) {
        auto mode = parse_mode(*q.mode);
        if (!mode)
            return std::unexpected(mode.error());
        p.mode = *mode;
        p.mode_asked = true;
    }
    if (q.key) {
        if (!any_sysv)
            return std::unexpected(usage_error("--key applies to System V objects: use it with -M, -Q or -S"));
        auto key = parse_key(*q.key, /*allow_private=*/true);
        if (!key)
            return std::unexpected(key.error());
        p.key = *key;
    }
    return {};
}

// The attributes of a POSIX queue or semaphore.
Result<void> plan_attributes(const CreationRequest& q, CreationPlan& p)
{
    if ((q.maxmsg || q.msgsize) && !p.pmq)
        return std::unexpected(usage_error("--maxmsg and --msgsize apply to POSIX message queues: add -q"));
    if (q.maxmsg) {
        auto n = parse_unsigned(*q.maxmsg, "maxmsg", LONG_MAX);
        if (!n)
            return std::unexpected(n.error());
        if (*n == 0)
            return std::unexpected(usage_error("invalid maxmsg: '0' (a queue holds at least 1 message)"));
        p.maxmsg = static_cast<long>(*n);
    }
    if (q.msgsize) {
        auto n = parse_size(*q.msgsize);
        if (!n)
            return std::unexpected(n.error());
        if (*n == 0 || *n > static_cast<std::uint64_t>(LONG_MAX))
            return std::unexpected(usage_error(fmt::format("invalid msgsize: '{}' (at least 1 byte)", *q.msgsize)));
        p.msgsize = static_cast<long>(*n);
    }
    if (q.value) {
        if (!p.psem)
            return std::unexpected(usage_error("--value applies to POSIX semaphores: add -s"));
        auto n = parse_unsigned(*q.value, "value", sem_value_max);
        if (!n)
            return std::unexpected(n.error());
        p.value = static_cast<unsigned>(*n);
        p.value_asked = true;
    }
    return {};
}

} // namespace

std::vector<Kind> CreationPlan::kinds() const
{
    const std::pair<bool, Kind> wanted[] = {{shm_size.has_value(), Kind::sysv_shm},
                                            {pshm_size.has_value(), Kind::posix_shm},
                                            {msg, Kind::sysv_msg},
                                            {pmq, Kind::posix_mq},
                                            {nsems.has_value(), Kind::sysv_sem},
                                            {psem, Kind::posix_sem},
                                            {!fifo.empty(), Kind::fifo}};
    std::vector<Kind> kinds;
    for (auto [want, kind] : wanted)
        if (want)
            kinds.push_back(kind);
    return kinds;
}

Result<CreationPlan> plan_creation(const CreationRequest& request)
{
    CreationPlan p;
    p.exclusive = request.exclusive;
    p.read_back = request.json;
    if (auto ok = plan_kinds(request, p); !ok)
        return std::unexpected(ok.error());
    const bool any_sysv = p.shm_size || p.msg || p.nsems;
    const bool any_posix = p.pshm_size || p.pmq || p.psem;
    if (!any_sysv && !any_posix && p.fifo.empty())
        return std::unexpected(usage_error("nothing to create: give -M, -Q, -S, -m, -q, -s or -f"));
    if (auto ok = plan_names(request, p, any_sysv, any_posix); !ok)
        return std::unexpected(ok.error());
    if (auto ok = plan_attributes(request, p); !ok)
        return std::unexpected(ok.error());
    return p;
}

} // namespace ipcutil
