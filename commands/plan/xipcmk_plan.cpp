#include "plan/xipcmk_plan.hpp"

#include <climits>

#include <fmt/format.h>

#include "libipcutil/core/parse.hpp"
#include "libipcutil/kernel/posix.hpp"

namespace xipcmk {

using namespace ipcutil;

cli::App make_app(Options& o)
{
    cli::App app("Create IPC resources: System V and POSIX shared memory, message queues\n"
                 "and semaphores, and FIFOs.",
                 "xipcmk [options]");
    app->add_option("-M,--shmem", o.shm_size, "create a System V shared memory segment of <size>")->type_name("size");
    app->add_option("-m,--posix-shmem", o.pshm_size, "create POSIX shared memory of <size>")->type_name("size");
    app->add_option("-S,--semaphore", o.nsems, "create a System V semaphore set of <number>")->type_name("number");
    app->add_flag("-s,--posix-semaphore", o.psem, "create a POSIX semaphore");
    app->add_flag("-Q,--queue", o.msg, "create a System V message queue");
    app->add_flag("-q,--posix-mqueue", o.pmq, "create a POSIX message queue");
    app->add_option("-f,--fifo", o.fifo, "create a FIFO at <path>")->type_name("path");
    app->add_option("-n,--name", o.name, "name of the POSIX resources (/NAME)")->type_name("name");
    app->add_option("-p,--mode", o.mode, "permissions, octal or u=rw,g=r (default 0600)")->type_name("mode");
    app->add_option("-k,--key", o.key, "System V key to use instead of a random one")->type_name("key");
    app->add_flag("-x,--exclusive", o.exclusive, "fail if the object already exists");
    app->add_option("--maxmsg", o.maxmsg, "POSIX queue: most messages it holds")->type_name("number");
    app->add_option("--msgsize", o.msgsize, "POSIX queue: largest message")->type_name("size");
    app->add_option("--value", o.value, "POSIX semaphore: initial value (default 0)")->type_name("number");
    auto* quiet = app->add_flag("--quiet", o.quiet, "print only the id, name or path, one per line");
    app->add_flag("--json", o.json, "describe what was created in JSON")->excludes(quiet);
    app->footer("<size> may be followed by K, M, G, T, P or E (KiB, MiB, ...; KB, MB, ... are\n"
                "powers of 1000).");
    return app;
}

namespace {

// glibc refuses semaphore names longer than NAME_MAX once "sem." is added.
constexpr std::size_t sem_name_max = NAME_MAX - 4;
constexpr unsigned sem_value_max = INT_MAX; // SEM_VALUE_MAX on Linux

// The resources to make: sizes and counts, then what says which side they
// are on.  Every refusal names what was typed.
Result<void> plan_kinds(const Options& o, CreationPlan& p)
{
    if (o.shm_size) {
        auto size = parse_size(*o.shm_size);
        if (!size)
            return std::unexpected(size.error());
        if (*size == 0)
            return std::unexpected(usage_error("invalid size: '0' (a segment holds at least 1 byte)"));
        p.shm_size = *size;
    }
    if (o.nsems) {
        auto n = parse_unsigned(*o.nsems, "number of semaphores", INT_MAX);
        if (!n)
            return std::unexpected(n.error());
        if (*n == 0)
            return std::unexpected(usage_error("invalid number of semaphores: '0' (a set holds at least 1)"));
        p.nsems = *n;
    }
    if (o.pshm_size) {
        auto size = parse_size(*o.pshm_size);
        if (!size)
            return std::unexpected(size.error());
        if (*size > static_cast<std::uint64_t>(LLONG_MAX))
            return std::unexpected(usage_error(fmt::format("size too large: '{}'", *o.pshm_size)));
        p.pshm_size = *size;
    }
    p.msg = o.msg;
    p.pmq = o.pmq;
    p.psem = o.psem;
    if (o.fifo) {
        if (o.fifo->empty())
            return std::unexpected(usage_error("invalid FIFO path: '' (empty)"));
        p.fifo = *o.fifo;
    }
    return {};
}

// The name every POSIX object takes, and the options that belong to one side.
Result<void> plan_names(const Options& o, CreationPlan& p, bool any_sysv, bool any_posix)
{
    if (o.name) {
        if (!any_posix)
            return std::unexpected(usage_error("--name names POSIX objects: use it with -m, -q or -s"));
        auto name = parse_posix_name(*o.name);
        if (!name)
            return std::unexpected(name.error());
        if (p.psem && name->size() > sem_name_max)
            return std::unexpected(usage_error(fmt::format(
                "invalid POSIX name: '{}' (a semaphore name holds at most {} bytes)", *o.name, sem_name_max)));
        if (p.pshm_size)
            if (auto ok = check_shm_name(*name); !ok)
                return std::unexpected(ok.error());
        p.name = *name;
    } else if (any_posix) {
        return std::unexpected(usage_error("name is required for POSIX IPC: add -n /NAME"));
    }
    if (o.mode) {
        auto mode = parse_mode(*o.mode);
        if (!mode)
            return std::unexpected(mode.error());
        p.mode = *mode;
        p.mode_asked = true;
    }
    if (o.key) {
        if (!any_sysv)
            return std::unexpected(usage_error("--key applies to System V objects: use it with -M, -Q or -S"));
        auto key = parse_key(*o.key, /*allow_private=*/true);
        if (!key)
            return std::unexpected(key.error());
        p.key = *key;
    }
    return {};
}

// The attributes of a POSIX queue or semaphore.
Result<void> plan_attributes(const Options& o, CreationPlan& p)
{
    if ((o.maxmsg || o.msgsize) && !p.pmq)
        return std::unexpected(usage_error("--maxmsg and --msgsize apply to POSIX message queues: add -q"));
    if (o.maxmsg) {
        auto n = parse_unsigned(*o.maxmsg, "maxmsg", LONG_MAX);
        if (!n)
            return std::unexpected(n.error());
        if (*n == 0)
            return std::unexpected(usage_error("invalid maxmsg: '0' (a queue holds at least 1 message)"));
        p.maxmsg = static_cast<long>(*n);
    }
    if (o.msgsize) {
        auto n = parse_size(*o.msgsize);
        if (!n)
            return std::unexpected(n.error());
        if (*n == 0 || *n > static_cast<std::uint64_t>(LONG_MAX))
            return std::unexpected(usage_error(fmt::format("invalid msgsize: '{}' (at least 1 byte)", *o.msgsize)));
        p.msgsize = static_cast<long>(*n);
    }
    if (o.value) {
        if (!p.psem)
            return std::unexpected(usage_error("--value applies to POSIX semaphores: add -s"));
        auto n = parse_unsigned(*o.value, "value", sem_value_max);
        if (!n)
            return std::unexpected(n.error());
        p.value = static_cast<unsigned>(*n);
        p.value_asked = true;
    }
    return {};
}

} // namespace

Result<CreationPlan> plan(const Options& o)
{
    CreationPlan p;
    p.exclusive = o.exclusive;
    p.read_back = o.json;
    if (auto ok = plan_kinds(o, p); !ok)
        return std::unexpected(ok.error());
    const bool any_sysv = p.shm_size || p.msg || p.nsems;
    const bool any_posix = p.pshm_size || p.pmq || p.psem;
    if (!any_sysv && !any_posix && p.fifo.empty())
        return std::unexpected(usage_error("nothing to create: give -M, -Q, -S, -m, -q, -s or -f"));
    if (auto ok = plan_names(o, p, any_sysv, any_posix); !ok)
        return std::unexpected(ok.error());
    if (auto ok = plan_attributes(o, p); !ok)
        return std::unexpected(ok.error());
    return p;
}

} // namespace xipcmk
