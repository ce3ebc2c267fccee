// The ipcs face: read what the request needs, once, and string the sections
// of ipcs_sections.cpp together in ipcs's order (queues, shared memory,
// semaphores; System V first, then POSIX).
#include "libipcutil/list/ipcs_text.hpp"

#include <semaphore.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <climits>

#include <fmt/format.h>

#include "libipcutil/core/users.hpp"
#include "libipcutil/kernel/fifos.hpp"
#include "libipcutil/kernel/posix.hpp"
#include "libipcutil/kernel/sysv.hpp"
#include "libipcutil/list/audit.hpp"
#include "libipcutil/list/ipcs_sections.hpp"

namespace ipcutil {
namespace {

using ipcs::Format;
using ipcs::Unit;

constexpr Kind sysv_order[] = {Kind::sysv_msg, Kind::sysv_shm, Kind::sysv_sem};
constexpr Kind posix_order[] = {Kind::posix_mq, Kind::posix_shm, Kind::posix_sem};

Error not_found(std::string what)
{
    return sys_error("find", std::move(what), ENOENT);
}

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

class Renderer {
  public:
    Renderer(const IpcsRequest& request, std::string& out, std::vector<std::string>& warnings)
        : r_(request), out_(out), warnings_(warnings), unit_(request.human   ? Unit::human
                                                             : request.bytes ? Unit::bytes
                                                                             : Unit::standard)
    {
    }

    Result<void> run()
    {
        if (r_.id)
            return sysv_detail(*r_.id);
        if (r_.name)
            return posix_detail(*r_.name);
        const bool any = r_.shm || r_.msg || r_.sem || r_.pshm || r_.pmq || r_.psem || r_.fifo;
        const bool every = r_.all || !any;
        reserve(every);
        if (r_.filter && r_.format != Format::limits && r_.format != Format::summary)
            prefetch(every);
        out_ += '\n';
        for (Kind kind : sysv_order)
            if (every || selected(kind)) {
                sysv_block(kind);
                out_ += '\n';
            }
        for (Kind kind : posix_order)
            if (every || selected(kind)) {
                posix_block(kind);
                out_ += '\n';
            }
        if (r_.fifo) {
            fifo_block();
            out_ += '\n';
        }
        return status_;
    }

  private:
    bool selected(Kind kind) const
    {
        switch (kind) {
        case Kind::sysv_msg: return r_.msg;
        case Kind::sysv_shm: return r_.shm;
        case Kind::sysv_sem: return r_.sem;
        case Kind::posix_mq: return r_.pmq;
        case Kind::posix_shm: return r_.pshm;
        case Kind::posix_sem: return r_.psem;
        default: return false;
        }
    }

    // The filter hook: read every kind shown, then let it filter them all.
    void prefetch(bool every)
    {
        filtered_.emplace();
        const auto read = [&](Kind kind, Result<std::vector<Object>> objects) {
            if (!objects) {
                failed(objects.error());
                objects.emplace();
            }
            filtered_->push_back({kind, std::move(*objects)});
        };
        for (Kind kind : sysv_order)
            if ((every || selected(kind)) && !(kind == Kind::sysv_sem && r_.format == Format::pid))
                read(kind, sysv_in_ipcs_order(kind));
        if (r_.format != Format::pid)
            for (Kind kind : posix_order)
                if (every || selected(kind))
                    read(kind, list_posix(kind, warnings_));
        if (r_.fifo)
            read(Kind::fifo, std::vector<Object>{}); // the hook's holder pass finds them
        r_.filter(*filtered_);
    }

    // The objects of a kind in the order the unfiltered listing shows them.
    static Result<std::vector<Object>> sysv_in_ipcs_order(Kind kind)
    {
        std::vector<Object> objects;
        auto done = for_each_sysv(kind, [&](const Object& o) { objects.push_back(o); });
        if (!done)
            return std::unexpected(done.error());
        return objects;
    }

    // What the filter hook left of `kind` (empty when it was not read).
    std::span<const Object> filtered(Kind kind) const
    {
        for (const auto& s : *filtered_)
            if (s.kind == kind)
                return s.objects;
        return {};
    }

    // Size the output once from the kernel's object counts (three calls in
    // all): growing a multi-megabyte string by doubling costs more than
    // formatting it.
    void reserve(bool every)
    {
        if (r_.format == Format::limits || r_.format == Format::summary)
            return;
        auto u = sysv_usage();
        if (!u)
            return;
        const std::uint64_t rows = (every || r_.msg ? u->msg_queues : 0) + (every || r_.shm ? u->shm_segments : 0)
                                   + (every || r_.sem ? u->sem_sets : 0);
        constexpr std::uint64_t row_bytes = 96; // the widest rows (-t) are about 90 bytes
        out_.reserve(out_.size() + static_cast<std::size_t>(rows * row_bytes) + 4096);
    }

    // Keep going after a failure; the first one decides the exit status.
    void failed(Error e)
    {
        if (status_)
            status_ = std::unexpected(std::move(e));
        else
            warnings_.push_back(e.message());
    }

    void sysv_block(Kind kind)
    {
        switch (r_.format) {
        case Format::limits:
            if (!limits_)
                limits_ = sysv_limits();
            if (*limits_)
                ipcs::sysv_limits_section(out_, kind, **limits_, unit_,
                                          static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE)));
            else
                out_ += limits_failure(kind);
            break;
        case Format::summary:
            if (!usage_)
                usage_ = sysv_usage();
            if (*usage_)
                ipcs::sysv_usage_section(out_, kind, **usage_, unit_);
            else
                out_ += usage_failure(kind);
            break;
        default: {
            ipcs::sysv_header(out_, kind, r_.format, unit_);
            if (kind == Kind::sysv_sem && r_.format == Format::pid)
                break; // ipcs shows nothing for it
            if (filtered_) {
                for (const Object& o : filtered(kind))
                    ipcs::sysv_row(out_, o, r_.format, unit_, names_, times_);
                break;
            }
            auto done = for_each_sysv(
                kind, [&](const Object& o) { ipcs::sysv_row(out_, o, r_.format, unit_, names_, times_); });
            if (!done)
                failed(done.error());
            break;
        }
        }
    }

    void posix_block(Kind kind)
    {
        if (r_.format == Format::pid)
            return;
        if (r_.format == Format::limits) {
            if (!posix_limits_)
                posix_limits_ = posix_limits();
            ipcs::posix_limits_section(out_, kind, *posix_limits_, unit_);
            return;
        }
        if (filtered_) {
            const auto objects = filtered(kind);
            ipcs::posix_section(out_, kind, r_.format, unit_, objects, names_, times_);
            return;
        }
        auto objects = list_posix(kind, warnings_);
        if (!objects) {
            failed(objects.error());
            objects.emplace();
        }
        if (r_.format == Format::summary)
            ipcs::posix_usage_section(out_, kind, *objects, unit_);
        else
            ipcs::posix_section(out_, kind, r_.format, unit_, *objects, names_, times_);
    }

    // FIFOs are found through the processes holding them: when some could
    // not be read, the list may miss some.
    Result<std::vector<Object>> fifos()
    {
        AttributionStats stats;
        auto objects = list_fifos(&stats);
        if (objects)
            if (auto note = attribution_warning(stats))
                warnings_.push_back(*note);
        return objects;
    }

    void fifo_block()
    {
        if (filtered_) {
            ipcs::fifo_section(out_, filtered(Kind::fifo), names_);
            return;
        }
        auto objects = fifos();
        if (!objects) {
            failed(objects.error());
            objects.emplace();
        }
        ipcs::fifo_section(out_, *objects, names_);
    }

    Result<void> sysv_detail(int id)
    {
        const Kind kind = r_.msg ? Kind::sysv_msg : r_.sem ? Kind::sysv_sem : Kind::sysv_shm;
        if (int(r_.msg) + int(r_.shm) + int(r_.sem) != 1)
            return std::unexpected(usage_error("-i needs exactly one of -m, -q or -s"));
        std::optional<Object> found;
        auto done = for_each_sysv(kind, [&](const Object& o) {
            if (o.id == id)
                found = o;
        });
        if (!done)
            return std::unexpected(done.error());
        if (!found)
            return std::unexpected(not_found(fmt::format("{} id {}", kind_words(kind), id)));
        Object& o = *found;
        std::vector<SemElement> elements;
        if (kind == Kind::sysv_msg) {
            // /proc has no queue capacity; ipcs asks IPC_STAT and shows 0
            // when that is not permitted.
            if (auto st = stat_sysv(kind, id))
                o.qbytes = st->qbytes;
        } else if (kind == Kind::sysv_sem) {
            auto e = sem_elements(id, o.nsems);
            if (!e)
                return std::unexpected(e.error());
            elements = std::move(*e);
        }
        ipcs::sysv_detail(out_, o, elements, unit_, times_);
        return {};
    }

    Result<void> posix_detail(const std::string& name)
    {
        const bool any = r_.pshm || r_.pmq || r_.psem;
        std::optional<Error> problem;
        int shown = 0;
        for (Kind kind : posix_order) {
            if (any && !selected(kind))
                continue;
            // /dev/shm/sem.NAME is the semaphore NAME, not shared memory.
            if (kind == Kind::posix_shm && name.starts_with("sem."))
                continue;
            if (kind == Kind::posix_mq && !mqueue_mounted()) {
                warnings_.push_back(mqueue_not_mounted_warning());
                continue;
            }
            auto o = stat_posix(kind, name);
            if (o) {
                ipcs::posix_detail(out_, *o, unit_, times_);
                ++shown;
            } else if (o.error().err != ENOENT && !problem) {
                problem = o.error();
            }
        }
        if (shown > 0 && problem)
            warnings_.push_back(problem->message());
        if (shown > 0)
            return {};
        if (problem)
            return std::unexpected(*problem);
        int kinds = int(r_.pshm) + int(r_.pmq) + int(r_.psem);
        const std::string what = kinds == 1 ? std::string(kind_words(r_.pmq    ? Kind::posix_mq
                                                                     : r_.psem ? Kind::posix_sem
                                                                               : Kind::posix_shm))
                                            : "POSIX object";
        return std::unexpected(not_found(fmt::format("{} /{}", what, name)));
    }

    const IpcsRequest& r_;
    std::string& out_;
    std::vector<std::string>& warnings_;
    const Unit unit_;
    NameCache names_;
    ipcs::TimeText times_;
    Result<void> status_;
    std::optional<Result<SysvLimits>> limits_;
    std::optional<Result<SysvUsage>> usage_;
    std::optional<ipcs::PosixLimits> posix_limits_;
    std::optional<std::vector<TableSection>> filtered_; // set when the filter hook ran
};

} // namespace

Result<void> render_ipcs(const IpcsRequest& request, std::string& out, std::vector<std::string>& warnings)
{
    return Renderer(request, out, warnings).run();
}

} // namespace ipcutil
