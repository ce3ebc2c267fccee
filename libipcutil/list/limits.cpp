#include "libipcutil/list/limits.hpp"

#include <semaphore.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <string>

#include "libipcutil/kernel/posix.hpp"
#include "libipcutil/kernel/sysv.hpp"
#include "libipcutil/list/ipcs_sections.hpp"

namespace ipcutil {
namespace {

void msg_rows(const SysvLimits& l, std::vector<LimitRow>& rows)
{
    const auto queues = list_sysv(Kind::sysv_msg);
    const std::uint64_t used = queues ? queues->size() : 0;
    rows.push_back({"MSGMNI", "Number of message queues", l.msgmni, true, used, false});
    rows.push_back({"MSGMAX", "Max size of message (bytes)", l.msgmax, false, 0, true});
    rows.push_back({"MSGMNB", "Default max size of queue (bytes)", l.msgmnb, false, 0, true});
}

void shm_rows(const SysvLimits& l, std::vector<LimitRow>& rows)
{
    std::uint64_t segments = 0;
    std::uint64_t bytes = 0;
    if (const auto all = list_sysv(Kind::sysv_shm)) {
        segments = all->size();
        for (const auto& o : *all)
            bytes += o.size;
    }
    const auto page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
    rows.push_back({"SHMMNI", "Shared memory segments", l.shmmni, true, segments, false});
    rows.push_back({"SHMALL", "Shared memory pages", l.shmall, true, bytes / page, false});
    rows.push_back({"SHMMAX", "Max size of shared memory segment (bytes)", l.shmmax, false, 0, true});
    rows.push_back({"SHMMIN", "Min size of shared memory segment (bytes)", l.shmmin, false, 0, true});
}

void sem_rows(const SysvLimits& l, std::vector<LimitRow>& rows)
{
    std::uint64_t sets = 0;
    std::uint64_t sems = 0;
    if (const auto all = list_sysv(Kind::sysv_sem)) {
        sets = all->size();
        for (const auto& o : *all)
            sems += o.nsems;
    }
    rows.push_back({"SEMMNI", "Number of semaphore identifiers", l.semmni, true, sets, false});
    rows.push_back({"SEMMNS", "Total number of semaphores", l.semmns, true, sems, false});
    rows.push_back({"SEMMSL", "Max semaphores per semaphore set.", l.semmsl, false, 0, false});
    rows.push_back({"SEMOPM", "Max number of operations per semop(2)", l.semopm, false, 0, false});
    rows.push_back({"SEMVMX", "Semaphore max value", l.semvmx, false, 0, false});
}

void pmq_rows(std::vector<LimitRow>& rows, Problems& problems)
{
    auto l = mq_limits();
    if (!l) {
        problems.fail(l.error());
        return;
    }
    std::vector<std::string> warnings;
    const auto queues = list_posix(Kind::posix_mq, warnings);
    problems.warn_all(std::move(warnings));
    const std::uint64_t used = queues ? queues->size() : 0;
    rows.push_back({"MQUMNI", "Number of POSIX message queues", l->queues_max, true, used, false});
    rows.push_back({"MQUMAX", "Max size of POSIX message (bytes)", l->msgsize_max, false, 0, true});
    rows.push_back({"MQUMNB", "Max messages per POSIX message queue", l->msg_max, false, 0, false});
}

using ipcs::Format;
using ipcs::Unit;

// The words ipcs uses when a -l or -u block cannot be read.
const char* limits_failure(Kind kind)
{
    switch (kind) {
    case Kind::sysv_msg: return "unable to fetch message limits\n";
    case Kind::sysv_sem: return "unable to fetch semaphore limits\n";
    default: return "unable to fetch shared memory limits\n";
    }
}

const char* usage_failure(Kind kind)
{
    switch (kind) {
    case Kind::sysv_msg: return "kernel not configured for message queues\n";
    case Kind::sysv_sem: return "kernel not configured for semaphores\n";
    default: return "kernel not configured for shared memory\n";
    }
}

ipcs::PosixLimits posix_limits()
{
    ipcs::PosixLimits l;
    struct statvfs fs {};
    if (::statvfs(shm_dir, &fs) == 0)
        l.shm = ipcs::PosixLimits::Shm{static_cast<std::uint64_t>(fs.f_blocks) * fs.f_frsize,
                                       static_cast<std::uint64_t>(fs.f_files)};
    if (auto mq = mq_limits())
        l.mq = *mq;
    l.sem_value_max = SEM_VALUE_MAX;
    return l;
}

} // namespace

std::string ipcs_limits_text(const IpcsRequest& r, Problems& problems)
{
    constexpr Kind sysv_order[] = {Kind::sysv_msg, Kind::sysv_shm, Kind::sysv_sem};
    constexpr Kind posix_order[] = {Kind::posix_mq, Kind::posix_shm, Kind::posix_sem};
    const Unit unit = r.human ? Unit::human : r.bytes ? Unit::bytes : Unit::standard;
    const bool limits = r.format == Format::limits;
    std::string out = "\n";
    std::optional<Result<SysvLimits>> sysv;
    std::optional<Result<SysvUsage>> usage;
    for (Kind kind : sysv_order) {
        if (!r.shows(kind))
            continue;
        if (limits) {
            if (!sysv)
                sysv = sysv_limits();
            if (*sysv)
                ipcs::sysv_limits_section(out, kind, **sysv, unit, static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE)));
            else
                out += limits_failure(kind);
        } else {
            if (!usage)
                usage = sysv_usage();
            if (*usage)
                ipcs::sysv_usage_section(out, kind, **usage, unit);
            else
                out += usage_failure(kind);
        }
        out += '\n';
    }
    std::optional<ipcs::PosixLimits> posix;
    for (Kind kind : posix_order) {
        if (!r.shows(kind))
            continue;
        if (limits) {
            if (!posix)
                posix = posix_limits();
            ipcs::posix_limits_section(out, kind, *posix, unit);
        } else {
            std::vector<std::string> warnings;
            auto objects = list_posix(kind, warnings);
            problems.warn_all(std::move(warnings));
            if (!objects) {
                problems.fail(objects.error());
                objects.emplace();
            }
            ipcs::posix_usage_section(out, kind, *objects, unit);
        }
        out += '\n';
    }
    return out;
}

std::vector<LimitRow> read_limit_rows(std::span<const Kind> kinds, Problems& problems)
{
    const auto wants = [&](Kind k) { return std::find(kinds.begin(), kinds.end(), k) != kinds.end(); };
    std::vector<LimitRow> rows;
    if (wants(Kind::sysv_msg) || wants(Kind::sysv_shm) || wants(Kind::sysv_sem)) {
        auto l = sysv_limits();
        if (!l) {
            problems.fail(l.error());
            return rows;
        }
        if (wants(Kind::sysv_msg))
            msg_rows(*l, rows);
        if (wants(Kind::posix_mq))
            pmq_rows(rows, problems);
        if (wants(Kind::sysv_shm))
            shm_rows(*l, rows);
        if (wants(Kind::sysv_sem))
            sem_rows(*l, rows);
    } else if (wants(Kind::posix_mq)) {
        pmq_rows(rows, problems);
    }
    return rows;
}

} // namespace ipcutil
