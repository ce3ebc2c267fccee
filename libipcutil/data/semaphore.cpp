#include "libipcutil/data/semaphore.hpp"

#include <fcntl.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/stat.h>

#include <cerrno>
#include <climits>
#include <ctime>

#include <fmt/format.h>

#include "libipcutil/core/json_text.hpp"
#include "libipcutil/core/parse.hpp"
#include "libipcutil/kernel/posix.hpp"
#include "libipcutil/kernel/sysv.hpp"

namespace ipcutil {
namespace {

using Clock = std::chrono::steady_clock;

union SemctlArg {
    int val;
    semid_ds* buf;
    unsigned short* array;
};

timespec to_timespec(std::chrono::nanoseconds ns)
{
    const auto secs = std::chrono::duration_cast<std::chrono::seconds>(ns);
    return timespec{static_cast<time_t>(secs.count()), static_cast<long>((ns - secs).count())};
}

std::string sysv_description(const Selector& selector)
{
    if (selector.type == Selector::Type::key)
        return fmt::format("semaphore set key {}", format_key(selector.key));
    return fmt::format("semaphore set id {}", selector.id);
}

Error bad_op(std::string_view piece)
{
    return usage_error(fmt::format("invalid operation: '{}' (expected MEMBER:DELTA, as 0:-1 or 1:+1)", quote(piece)));
}

Result<SemOp> parse_one_op(std::string_view piece, std::uint64_t value_max)
{
    const std::size_t colon = piece.find(':');
    if (colon == std::string_view::npos)
        return std::unexpected(bad_op(piece));
    const std::string_view member = piece.substr(0, colon);
    std::string_view delta = piece.substr(colon + 1);
    auto num = parse_unsigned(member, "member", USHRT_MAX);
    if (!num && num.error().detail.starts_with("invalid"))
        return std::unexpected(bad_op(piece));
    if (!num)
        return std::unexpected(usage_error(
            fmt::format("member out of range: '{}' in '{}' (at most {})", quote(member), quote(piece), USHRT_MAX)));
    // An optional sign: "+1" and "-1", never "+-1".
    if (delta.starts_with('+')) {
        delta.remove_prefix(1);
        if (delta.starts_with('-'))
            return std::unexpected(bad_op(piece));
    }
    auto d = parse_signed(delta, "delta");
    const std::string_view digits = delta.starts_with('-') ? delta.substr(1) : delta;
    const bool number = !digits.empty() && digits.find_first_not_of("0123456789") == std::string_view::npos;
    if (!d && !number)
        return std::unexpected(bad_op(piece));
    const std::uint64_t magnitude =
        d ? (*d < 0 ? static_cast<std::uint64_t>(-(*d + 1)) + 1 : static_cast<std::uint64_t>(*d)) : UINT64_MAX;
    if (magnitude > value_max)
        return std::unexpected(usage_error(
            fmt::format("delta out of range: '{}' (at most {} either way, SEMVMX)", quote(piece), value_max)));
    return SemOp{static_cast<unsigned>(*num), static_cast<int>(*d)};
}

// The outcome of one semop(2)/semtimedop(2) call.
Result<SemWait> sysv_result(int rc, int err, bool nonblock, std::string_view op, const std::string& description)
{
    if (rc == 0)
        return SemWait::done;
    switch (err) {
    case EAGAIN: return nonblock ? SemWait::would_block : SemWait::timed_out;
    case EINTR: return SemWait::interrupted;
    case EINVAL: return std::unexpected(sys_error(std::string(op), description, ENOENT));
    case ERANGE:
        return std::unexpected(failure(std::string(op), description,
                                       fmt::format("a value would go above {} (SEMVMX)", sem_value_max(false))));
    case EFBIG: return std::unexpected(failure(std::string(op), description, "a member is out of range"));
    case E2BIG:
        return std::unexpected(failure(std::string(op), description, "more operations than one call takes (SEMOPM)"));
    default: return std::unexpected(sys_error(std::string(op), description, err));
    }
}

// Apply `ops` to set `id` at once, waiting as `limit` says: semop(2), or
// semtimedop(2) with what is left until the deadline (recomputed on every
// call, so a caller that waits again after a signal keeps its deadline).
Result<SemWait> sysv_semop(int id, std::span<const SemOp> ops, bool undo, const SemWaitLimit& limit,
                           std::string_view op, const std::string& description)
{
    std::vector<sembuf> buf;
    buf.reserve(ops.size());
    const auto flags = static_cast<short>(undo ? SEM_UNDO : 0);
    for (const SemOp& o : ops)
        buf.push_back(sembuf{static_cast<unsigned short>(o.num), static_cast<short>(o.delta), flags});
    std::optional<Clock::duration> left;
    if (limit.deadline && !limit.nonblock)
        left = *limit.deadline - Clock::now();
    // Non-blocking, or the time is up: one attempt that does not wait.
    if (limit.nonblock || (left && *left <= Clock::duration::zero()))
        for (sembuf& b : buf)
            b.sem_flg = static_cast<short>(b.sem_flg | IPC_NOWAIT);
    int rc = 0;
    if (left && *left > Clock::duration::zero()) {
        const timespec rel = to_timespec(*left);
        rc = ::semtimedop(id, buf.data(), buf.size(), &rel);
    } else {
        rc = ::semop(id, buf.data(), buf.size());
    }
    return sysv_result(rc, errno, limit.nonblock, op, description);
}

} // namespace

std::uint64_t sem_value_max(bool posix)
{
    if (posix)
        return posix_sem_value_max;
    auto limits = sysv_limits();
    return limits ? limits->semvmx : SysvLimits{}.semvmx;
}

Result<std::vector<SemOp>> parse_sem_ops(std::string_view text, std::uint64_t value_max, std::uint64_t max_ops)
{
    std::vector<SemOp> ops;
    for (std::size_t start = 0;;) {
        const std::size_t comma = text.find(',', start);
        const std::string_view piece =
            text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        if (piece.empty())
            return std::unexpected(
                usage_error(fmt::format("invalid operation list: '{}' (an empty operation)", quote(text))));
        auto op = parse_one_op(piece, value_max);
        if (!op)
            return std::unexpected(op.error());
        ops.push_back(*op);
        if (comma == std::string_view::npos)
            break;
        start = comma + 1;
    }
    if (ops.size() > max_ops)
        return std::unexpected(
            usage_error(fmt::format("too many operations: {} (at most {} in one call, SEMOPM)", ops.size(), max_ops)));
    return ops;
}

Result<void> check_members(std::span<const unsigned> members, unsigned nsems, std::string_view description)
{
    for (const unsigned m : members)
        if (m >= nsems)
            return std::unexpected(
                failure("", std::string(description),
                        nsems == 1 ? fmt::format("no member {} (it has one member, 0)", m)
                                   : fmt::format("no member {} (it has {} members, 0 to {})", m, nsems, nsems - 1)));
    return {};
}

std::string sem_members_text(const SemObject& sem, std::span<const SemMember> members)
{
    if (sem.posix())
        return members.empty() ? std::string() : fmt::format("{}\n", members.front().value);
    std::string out = fmt::format("{:>6} {:>5} {:>6} {:>6} {:>7}\n", "SEMNUM", "VALUE", "NCOUNT", "ZCOUNT", "PID");
    for (const SemMember& m : members)
        out += fmt::format("{:>6} {:>5} {:>6} {:>6} {:>7}\n", m.num, m.value, m.ncount, m.zcount, m.pid);
    return out;
}

std::string sem_members_json(const SemObject& sem, std::span<const SemMember> members)
{
    JsonObject o;
    if (sem.posix()) {
        o.add_raw("name", json_string(sem.name()));
        if (!members.empty())
            o.add("value", members.front().value);
        return o.str() + "\n";
    }
    std::string list = "[";
    for (const SemMember& m : members) {
        if (list.size() > 1)
            list += ", ";
        list += JsonObject()
                    .add("num", m.num)
                    .add("value", m.value)
                    .add("ncount", m.ncount)
                    .add("zcount", m.zcount)
                    .add("pid", m.pid)
                    .str();
    }
    list += "]";
    return o.add("id", sem.id()).add("key", format_key(sem.key())).add_raw("members", list).str() + "\n";
}

Result<SemObject> SemObject::open(const Selector& selector, const SemOpenOptions& options)
{
    SemObject s;
    auto opened =
        selector.type == Selector::Type::name ? s.open_posix(selector, options) : s.open_sysv(selector, options);
    if (!opened)
        return std::unexpected(opened.error());
    return s;
}

Result<void> SemObject::open_posix(const Selector& selector, const SemOpenOptions& options)
{
    posix_ = true;
    name_ = "/" + selector.name;
    description_ = fmt::format("POSIX semaphore {}", name_);
    nsems_ = 1;
    if (selector.folder == Selector::Folder::mqueue)
        return std::unexpected(
            usage_error(fmt::format("invalid semaphore: '{}' (not a semaphore)", quote(selector.text))));
    if (options.create) {
        // Exclusive first, so that created() is true only for ours.
        auto made = create_posix_sem(selector.name, options.value, options.mode, true);
        if (made)
            created_ = true;
        else if (made.error().err != EEXIST || options.exclusive)
            return std::unexpected(made.error());
    }
    // Look before sem_open maps it: a link, a directory or a FIFO planted in
    // the world-writable /dev/shm is refused, and so is a file shorter than
    // a sem_t, which would fault on first touch.
    auto fd = open_posix_file(Kind::posix_sem, selector.name, O_RDONLY | O_NONBLOCK);
    if (!fd) {
        Error e = fd.error();
        e.usage = e.err == ELOOP || e.err == EMEDIUMTYPE;
        if (!e.usage)
            e.object = description_;
        return std::unexpected(e);
    }
    struct stat st {};
    if (::fstat(fd->get(), &st) < 0)
        return std::unexpected(sys_error("stat", description_, errno));
    if (static_cast<std::uint64_t>(st.st_size) < sizeof(sem_t)) {
        Error e = failure("open", posix_path(Kind::posix_sem, selector.name),
                          fmt::format("{} bytes, too small for a semaphore; refusing it", st.st_size));
        e.usage = true;
        return std::unexpected(e);
    }
    if (options.read_only)
        return {};
    sem_t* sem = ::sem_open(name_.c_str(), 0);
    if (sem == SEM_FAILED)
        return std::unexpected(sys_error("open", description_, errno));
    sem_ = Semaphore(sem);
    return {};
}

Result<void> SemObject::open_sysv(const Selector& selector, const SemOpenOptions& options)
{
    posix_ = false;
    description_ = sysv_description(selector);
    if (selector.type == Selector::Type::key) {
        key_ = selector.key;
        Result<int> id = std::unexpected(Error{});
        if (options.create) {
            id = create_sysv_sem(key_, options.nsems, options.mode, true);
            created_ = id.has_value();
            if (!id && (id.error().err != EEXIST || options.exclusive))
                return std::unexpected(id.error());
        }
        if (!created_)
            id = sysv_id_for_key(Kind::sysv_sem, key_);
        if (!id)
            return std::unexpected(id.error());
        id_ = *id;
    } else {
        id_ = selector.id;
    }
    // IPC_STAT gives the members and tells whether an id exists.  A set we
    // may alter but not read refuses it; each operation still decides.
    auto found = stat_sysv(Kind::sysv_sem, id_);
    if (found) {
        nsems_ = static_cast<unsigned>(found->nsems);
        key_ = found->key;
    } else if (found.error().err == EINVAL || found.error().err == EIDRM) {
        return std::unexpected(sys_error("open", description_, ENOENT));
    } else if (found.error().err != EACCES && found.error().err != EPERM) {
        return std::unexpected(found.error());
    }
    if (created_ && options.value > 0) {
        // A new set starts at zero: give every member its value, or leave no
        // half-made set behind.
        std::vector<unsigned short> values(options.nsems, static_cast<unsigned short>(options.value));
        SemctlArg arg{};
        arg.array = values.data();
        if (::semctl(id_, 0, SETALL, arg) < 0) {
            const int err = errno;
            (void)remove_sysv(Kind::sysv_sem, id_);
            return std::unexpected(sys_error("set the values of", description_, err));
        }
    }
    return {};
}

Result<long> SemObject::posix_value() const
{
    if (sem_) {
        int v = 0;
        if (::sem_getvalue(sem_.get(), &v) < 0)
            return std::unexpected(sys_error("read", description_, errno));
        return v;
    }
    auto o = stat_posix(Kind::posix_sem, name_.substr(1));
    if (!o)
        return std::unexpected(o.error());
    if (!o->value)
        return std::unexpected(sys_error("read", description_, EACCES));
    return *o->value;
}

Result<SemWait> SemObject::take_posix(const SemWaitLimit& limit)
{
    int rc = 0;
    if (limit.nonblock) {
        rc = ::sem_trywait(sem_.get());
    } else if (limit.deadline) {
        const timespec at = to_timespec(limit.deadline->time_since_epoch());
        rc = ::sem_clockwait(sem_.get(), CLOCK_MONOTONIC, &at);
    } else {
        rc = ::sem_wait(sem_.get());
    }
    if (rc == 0)
        return SemWait::done;
    switch (errno) {
    case EAGAIN: return SemWait::would_block;
    case ETIMEDOUT: return SemWait::timed_out;
    case EINTR: return SemWait::interrupted;
    default: return std::unexpected(sys_error("wait on", description_, errno));
    }
}

Result<SemWait> SemObject::take(unsigned num, bool undo, const SemWaitLimit& limit)
{
    if (posix_)
        return take_posix(limit);
    const SemOp op{num, -1};
    return sysv_semop(id_, std::span(&op, 1), undo, limit, "wait on", description_);
}

Result<SemWait> SemObject::apply(std::span<const SemOp> ops, bool undo, const SemWaitLimit& limit)
{
    if (posix_)
        return std::unexpected(failure("operate on", description_, "a POSIX semaphore takes no operation list"));
    return sysv_semop(id_, ops, undo, limit, "operate on", description_);
}

Result<void> SemObject::post(unsigned num, std::uint64_t count, bool undo)
{
    const std::uint64_t max = sem_value_max(posix_);
    if (posix_) {
        // POSIX has no "add n": check the room first, then post n times.
        auto value = posix_value();
        if (!value)
            return std::unexpected(value.error());
        if (count > max - static_cast<std::uint64_t>(*value))
            return std::unexpected(
                failure("post", description_,
                        fmt::format("its value {} plus {} would be above {} (SEM_VALUE_MAX)", *value, count, max)));
        for (std::uint64_t i = 0; i < count; ++i) {
            if (::sem_post(sem_.get()) == 0)
                continue;
            const int err = errno;
            if (i == 0)
                return std::unexpected(sys_error("post", description_, err));
            return std::unexpected(
                failure("post", description_, fmt::format("{} after {} of {}", errno_text(err), i, count)));
        }
        return {};
    }
    if (count > max || count > SHRT_MAX)
        return std::unexpected(failure("post", description_, fmt::format("{} is above {} (SEMVMX)", count, max)));
    sembuf b{static_cast<unsigned short>(num), static_cast<short>(count), static_cast<short>(undo ? SEM_UNDO : 0)};
    if (::semop(id_, &b, 1) == 0)
        return {};
    const int err = errno;
    if (err == ERANGE) {
        const int value = ::semctl(id_, static_cast<int>(num), GETVAL);
        return std::unexpected(failure(
            "post", description_,
            value >= 0 ? fmt::format("member {}'s value {} plus {} would be above {} (SEMVMX)", num, value, count, max)
                       : fmt::format("the value would go above {} (SEMVMX)", max)));
    }
    auto r = sysv_result(-1, err, true, "post", description_);
    return r ? Result<void>{} : std::unexpected(r.error());
}

Result<void> SemObject::set_value(unsigned num, unsigned value)
{
    if (posix_)
        return std::unexpected(failure("set", description_, "a POSIX semaphore has no way to set its value"));
    SemctlArg arg{};
    arg.val = static_cast<int>(value);
    if (::semctl(id_, static_cast<int>(num), SETVAL, arg) == 0)
        return {};
    const int err = errno;
    if (err == ERANGE)
        return std::unexpected(
            failure("set", description_, fmt::format("{} is above {} (SEMVMX)", value, sem_value_max(false))));
    return std::unexpected(sys_error("set", description_, err == EINVAL ? ENOENT : err));
}

Result<std::vector<SemMember>> SemObject::members() const
{
    if (posix_) {
        auto value = posix_value();
        if (!value)
            return std::unexpected(value.error());
        return std::vector<SemMember>{SemMember{0, *value, 0, 0, 0}};
    }
    if (!nsems_)
        return std::unexpected(sys_error("read", description_, EACCES));
    auto elements = sem_elements(id_, *nsems_);
    if (!elements)
        return std::unexpected(elements.error());
    std::vector<SemMember> out;
    out.reserve(elements->size());
    for (std::size_t i = 0; i < elements->size(); ++i) {
        const SemElement& e = (*elements)[i];
        out.push_back(SemMember{static_cast<unsigned>(i), e.value, e.ncount, e.zcount, e.pid});
    }
    return out;
}

} // namespace ipcutil
