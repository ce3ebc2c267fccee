#include "libipcutil/data/message_queue.hpp"

#include <fcntl.h>
#include <mqueue.h>
#include <sys/msg.h>
#include <sys/time.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>

#include <fmt/format.h>

#include "libipcutil/core/parse.hpp"
#include "libipcutil/kernel/posix.hpp"
#include "libipcutil/kernel/sysv.hpp"

namespace ipcutil {
namespace {

using std::chrono::milliseconds;

volatile std::sig_atomic_t g_alarm_fired = 0;

extern "C" void on_alarm(int /*signal*/)
{
    g_alarm_fired = 1;
}

// System V calls have no timed form: a timer signal interrupts the blocking
// call instead (EINTR; the handler is installed without SA_RESTART).  The
// timer repeats every 10 ms after it first fires, so a signal that lands just
// before the call blocks is followed by one that interrupts it.  The handler
// is installed once: a stream into a full queue arms a timer per message.
class Alarm {
  public:
    explicit Alarm(milliseconds timeout)
    {
        static const bool installed = [] {
            struct sigaction sa {};
            sa.sa_handler = on_alarm;
            sigemptyset(&sa.sa_mask);
            ::sigaction(SIGALRM, &sa, nullptr);
            sigset_t set;
            sigemptyset(&set);
            sigaddset(&set, SIGALRM);
            ::sigprocmask(SIG_UNBLOCK, &set, nullptr);
            return true;
        }();
        (void)installed;
        g_alarm_fired = 0;
        itimerval t{};
        t.it_value.tv_sec = static_cast<time_t>(timeout.count() / 1000);
        t.it_value.tv_usec = static_cast<suseconds_t>(timeout.count() % 1000 * 1000);
        t.it_interval.tv_usec = 10000;
        ::setitimer(ITIMER_REAL, &t, nullptr);
    }
    Alarm(const Alarm&) = delete;
    Alarm& operator=(const Alarm&) = delete;
    ~Alarm()
    {
        const itimerval off{};
        ::setitimer(ITIMER_REAL, &off, nullptr);
    }
    [[nodiscard]] static bool fired() { return g_alarm_fired != 0; }
};

// The outcome of one System V call made under a timeout.
struct SysvCall {
    ssize_t result = -1;
    int err = 0;
    bool timed_out = false;
};

// Run `call(flags)` (msgsnd or msgrcv) honouring --nonblock and a timeout.
// With a timeout, a first IPC_NOWAIT attempt means a queue that keeps up
// never arms the timer.
template <class Call> SysvCall sysv_wait(Call call, bool nonblock, Timeout timeout)
{
    const auto attempt = [&](int flags) {
        for (;;) {
            const ssize_t r = call(flags);
            if (r >= 0)
                return SysvCall{r, 0, false};
            if (errno != EINTR || (flags & IPC_NOWAIT) != 0)
                return SysvCall{-1, errno, false};
            if (timeout && Alarm::fired())
                return SysvCall{-1, 0, true};
        }
    };
    if (nonblock || !timeout)
        return attempt(nonblock ? IPC_NOWAIT : 0);
    SysvCall first = attempt(IPC_NOWAIT);
    if (first.result >= 0 || (first.err != EAGAIN && first.err != ENOMSG))
        return first;
    if (timeout->count() <= 0)
        return SysvCall{-1, 0, true};
    const Alarm alarm(*timeout);
    return attempt(0);
}

// An absolute CLOCK_REALTIME deadline, as mq_timedsend/mq_timedreceive want.
timespec realtime_deadline(milliseconds timeout)
{
    timespec ts{};
    ::clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += static_cast<time_t>(timeout.count() / 1000);
    ts.tv_nsec += static_cast<long>(timeout.count() % 1000 * 1000000);
    if (ts.tv_nsec >= 1000000000) {
        ts.tv_sec += 1;
        ts.tv_nsec -= 1000000000;
    }
    return ts;
}

std::string sysv_description(const Selector& selector)
{
    if (selector.type == Selector::Type::key)
        return fmt::format("message queue key {}", format_key(selector.key));
    return fmt::format("message queue id {}", selector.id);
}

SendLimit sysv_limit(std::uint64_t msgmax, std::optional<std::uint64_t> capacity, const std::string& description,
                     bool planned)
{
    if (capacity && *capacity < msgmax)
        return {static_cast<std::size_t>(*capacity), planned ? "the capacity (msgmnb) of a new message queue"
                                                             : fmt::format("the capacity (qbytes) of {}", description)};

    return {static_cast<std::size_t>(msgmax), "msgmax, the largest System V message"};
}

Result<SysvLimits> read_sysv_limits()
{
    auto limits = sysv_limits();
    if (!limits)
        return std::unexpected(limits.error());
    return limits;
}

} // namespace

std::string format_timeout(std::chrono::milliseconds timeout)
{
    if (timeout.count() % 1000 == 0)
        return fmt::format("{}s", timeout.count() / 1000);
    return fmt::format("{}ms", timeout.count());
}

std::string SendLimit::too_long(std::uint64_t size) const
{
    return fmt::format("{} bytes is longer than {} ({} bytes)", size, what, bytes);
}

Result<SendLimit> Queue::planned_limit(const Selector& selector, const QueueOptions& options)
{
    if (selector.type == Selector::Type::name) {
        if (options.msgsize)
            return SendLimit{static_cast<std::size_t>(*options.msgsize),
                             fmt::format("the message size of POSIX message queue /{}", selector.name)};
        auto limits = mq_limits();
        if (!limits)
            return std::unexpected(limits.error());
        return SendLimit{static_cast<std::size_t>(limits->msgsize_default),
                         fmt::format("the message size of POSIX message queue /{}", selector.name)};
    }
    auto limits = read_sysv_limits();
    if (!limits)
        return std::unexpected(limits.error());
    return sysv_limit(limits->msgmax, limits->msgmnb, sysv_description(selector), true);
}

Result<Queue> Queue::open(const Selector& selector, const QueueOptions& options)
{
    Queue q;
    q.nonblock_ = options.nonblock;
    q.notify_ = options.notify;
    auto opened =
        selector.type == Selector::Type::name ? q.open_posix(selector, options) : q.open_sysv(selector, options);
    if (!opened)
        return std::unexpected(opened.error());
    return q;
}

Result<void> Queue::open_posix(const Selector& selector, const QueueOptions& options)
{
    posix_ = true;
    name_ = "/" + selector.name;
    description_ = fmt::format("POSIX message queue {}", name_);
    if (auto narrowed = selector_for(selector, Kind::posix_mq); !narrowed)
        return std::unexpected(narrowed.error());
    int access = options.send ? O_WRONLY : O_RDONLY;
    if (options.nonblock || options.notify)
        access |= O_NONBLOCK;
    if (options.create) {
        auto mq = create_posix_mq(selector.name, options.maxmsg, options.msgsize, options.mode, false, access);
        if (!mq)
            return std::unexpected(mq.error());
        mq_ = std::move(*mq);
    } else {
        mq_ = MqDescriptor(::mq_open(name_.c_str(), access));
        if (!mq_)
            return std::unexpected(sys_error("open", description_, errno));
    }
    mq_attr attr{};
    if (::mq_getattr(mq_.get(), &attr) < 0)
        return std::unexpected(sys_error("read the attributes of", description_, errno));
    limit_ = {static_cast<std::size_t>(attr.mq_msgsize), fmt::format("the message size of {}", description_)};
    if (!options.send)
        layout(limit_.bytes);
    return {};
}

Result<void> Queue::open_sysv(const Selector& selector, const QueueOptions& options)
{
    posix_ = false;
    description_ = sysv_description(selector);
    if (selector.type == Selector::Type::key) {
        key_ = selector.key;
        id_ = ::msgget(key_, 0);
        if (id_ < 0 && errno == ENOENT && options.create) {
            auto id = create_sysv_msg(key_, options.mode, false);
            if (!id)
                return std::unexpected(id.error());
            id_ = *id;
        } else if (id_ < 0) {
            return std::unexpected(sys_error("open", description_, errno));
        }
    } else {
        id_ = selector.id;
    }
    // IPC_STAT tells whether an id exists and gives the queue's capacity; a
    // queue we may write but not read refuses it, and msgsnd still decides.
    std::optional<std::uint64_t> capacity;
    msqid_ds ds{};
    if (::msgctl(id_, IPC_STAT, &ds) == 0) {
        capacity = ds.msg_qbytes;
        key_ = ds.msg_perm.__key;
    } else if (errno == EINVAL || errno == EIDRM) {
        return std::unexpected(sys_error("open", description_, ENOENT));
    } else if (errno != EACCES && errno != EPERM) {
        return std::unexpected(sys_error("open", description_, errno));
    }
    auto limits = read_sysv_limits();
    if (!limits)
        return std::unexpected(limits.error());
    limit_ = sysv_limit(limits->msgmax, capacity, description_, false);
    if (!options.send)
        layout(std::max<std::size_t>(limit_.bytes, limits->msgmax));
    return {};
}

Result<Transfer> Queue::send(std::string_view data, long tag, Timeout timeout)
{
    if (!posix_)
        return send_sysv(data, tag, timeout);
    const auto prio = static_cast<unsigned>(tag);
    const timespec deadline = timeout ? realtime_deadline(*timeout) : timespec{};
    for (;;) {
        const int r = timeout ? ::mq_timedsend(mq_.get(), data.data(), data.size(), prio, &deadline)
                              : ::mq_send(mq_.get(), data.data(), data.size(), prio);
        if (r == 0)
            return Transfer::done;
        switch (errno) {
        case EINTR: continue;
        case EAGAIN: return Transfer::would_block;
        case ETIMEDOUT: return Transfer::timed_out;
        default: return std::unexpected(sys_error("send to", description_, errno));
        }
    }
}

Result<Transfer> Queue::send_sysv(std::string_view data, long tag, Timeout timeout)
{
    // msgsnd wants the mtype and the text in one buffer.
    if (buffer_.size() < sizeof(long) + data.size())
        buffer_.resize(sizeof(long) + data.size());
    std::memcpy(buffer_.data(), &tag, sizeof tag);
    std::memcpy(buffer_.data() + sizeof(long), data.data(), data.size());
    const SysvCall c =
        sysv_wait([&](int flags) { return static_cast<ssize_t>(::msgsnd(id_, buffer_.data(), data.size(), flags)); },
                  nonblock_, timeout);
    if (c.timed_out)
        return Transfer::timed_out;
    if (c.result >= 0)
        return Transfer::done;
    if (c.err == EAGAIN)
        return Transfer::would_block;
    return std::unexpected(sys_error("send to", description_, c.err));
}

void Queue::layout(std::size_t payload)
{
    payload_ = payload;
    slots_ = std::clamp<std::size_t>(batch_bytes / (payload + 1), 1, batch_wanted_);
    // The first message's mtype (System V), then each message and its spare byte.
    buffer_.resize(text_start() + slots_ * (payload + 1));
}

std::size_t Queue::reserve_batch(std::size_t max)
{
    batch_wanted_ = std::max<std::size_t>(max, 1);
    layout(payload_);
    return slots_;
}

Result<Transfer> Queue::receive(Message& out, const TypeFilter& filter, Timeout timeout)
{
    return posix_ ? receive_posix(text_start(), out, true, timeout)
                  : receive_sysv(text_start(), out, filter, true, timeout);
}

Result<Transfer> Queue::receive_batch(std::vector<Message>& out, std::size_t max, const TypeFilter& filter,
                                      Timeout timeout)
{
    out.clear();
    Message m;
    auto first = notify_ ? receive_notified(m, timeout) : receive(m, filter, timeout);
    if (!first || *first != Transfer::done)
        return first;
    out.push_back(m);
    max = std::min(max, slots_);
    while (out.size() < max) {
        // Right after the last message's spare byte: a batch is one run of bytes.
        const auto at = static_cast<std::size_t>(out.back().data + out.back().size + 1 - buffer_.data());
        auto more =
            posix_ ? receive_posix(at, m, false, std::nullopt) : receive_sysv(at, m, filter, false, std::nullopt);
        if (!more || *more != Transfer::done)
            break; // the queue is empty, or the next receive will say what went wrong
        out.push_back(m);
    }
    return Transfer::done;
}

Result<Transfer> Queue::receive_posix(std::size_t at, Message& out, bool wait, Timeout timeout)
{
    char* const data = buffer_.data() + at;
    wait = wait && !nonblock_;
    // Not waiting on a blocking descriptor: a deadline long past (the epoch)
    // makes mq_timedreceive return at once, ETIMEDOUT when the queue is
    // empty.  The kernel does not even arm a timer for a zero deadline, and
    // the descriptor's flags stay as they are (no mq_setattr per batch).
    const bool probe = !wait && !nonblock_ && !notify_;
    const bool timed = probe || (wait && timeout);
    const timespec deadline = wait && timeout ? realtime_deadline(*timeout) : timespec{};
    for (;;) {
        unsigned prio = 0;
        const ssize_t n = timed ? ::mq_timedreceive(mq_.get(), data, payload_, &prio, &deadline)
                                : ::mq_receive(mq_.get(), data, payload_, &prio);
        if (n >= 0) {
            out = Message{data, static_cast<std::size_t>(n), static_cast<long>(prio)};
            return Transfer::done;
        }
        switch (errno) {
        case EINTR: continue;
        case EAGAIN: return Transfer::would_block;
        case ETIMEDOUT: return probe ? Transfer::would_block : Transfer::timed_out;
        case EMSGSIZE: {
            // The queue was replaced by one with larger messages.  Within a
            // batch, leave the message for the next receive; else follow it.
            mq_attr attr{};
            if (at == text_start() && ::mq_getattr(mq_.get(), &attr) == 0
                && static_cast<std::size_t>(attr.mq_msgsize) > payload_) {
                layout(static_cast<std::size_t>(attr.mq_msgsize));
                return receive_posix(at, out, wait, timeout);
            }
            if (at != text_start())
                return Transfer::would_block;
            return std::unexpected(sys_error("receive from", description_, EMSGSIZE));
        }
        default: return std::unexpected(sys_error("receive from", description_, errno));
        }
    }
}

Result<Transfer> Queue::receive_sysv(std::size_t at, Message& out, const TypeFilter& filter, bool wait, Timeout timeout)
{
    const int except = filter.except ? MSG_EXCEPT : 0;
    for (;;) {
        // msgrcv puts the mtype right before the text.  Within a batch that
        // is the end of the message before: keep those bytes aside.
        char* const head = buffer_.data() + at - sizeof(long);
        char kept[sizeof(long)];
        std::memcpy(kept, head, sizeof kept);
        const auto call = [&](int flags) { return ::msgrcv(id_, head, payload_, filter.type, flags | except); };
        const SysvCall c = wait ? sysv_wait(call, nonblock_, timeout) : sysv_wait(call, true, std::nullopt);
        long type = 0;
        std::memcpy(&type, head, sizeof type);
        std::memcpy(head, kept, sizeof kept);
        if (c.timed_out)
            return Transfer::timed_out;
        if (c.result >= 0) {
            out = Message{head + sizeof(long), static_cast<std::size_t>(c.result), type};
            return Transfer::done;
        }
        if (c.err == ENOMSG || c.err == EAGAIN)
            return Transfer::would_block;
        if (c.err != E2BIG)
            return std::unexpected(sys_error("receive from", description_, c.err));
        // A message larger than msgmax is now (msgmax was lowered after it
        // was sent); msgrcv left it in the queue.  Within a batch, leave it
        // for the next receive; else make room.
        if (at != text_start())
            return Transfer::would_block;
        layout(payload_ * 2);
    }
}

Result<Transfer> Queue::receive_notified(Message& out, Timeout timeout)
{
    const int signo = SIGRTMIN;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, signo);
    ::sigprocmask(SIG_BLOCK, &set, nullptr);
    const auto deadline =
        timeout ? std::chrono::steady_clock::now() + *timeout : std::chrono::steady_clock::time_point::max();
    for (;;) {
        // The descriptor is non-blocking: this only takes what is there.
        auto got = receive_posix(text_start(), out, false, std::nullopt);
        if (!got || *got == Transfer::done || nonblock_)
            return got;
        sigevent ev{};
        ev.sigev_notify = SIGEV_SIGNAL;
        ev.sigev_signo = signo;
        if (::mq_notify(mq_.get(), &ev) < 0) {
            if (errno == EBUSY)
                return std::unexpected(failure("wait for a message on", description_,
                                               "another process is registered for its notification"));
            return std::unexpected(sys_error("wait for a message on", description_, errno));
        }
        // A message that arrived before we registered sends no notification.
        got = receive_posix(text_start(), out, false, std::nullopt);
        if (!got || *got == Transfer::done) {
            ::mq_notify(mq_.get(), nullptr);
            return got;
        }
        int r = 0;
        if (timeout) {
            const auto left =
                std::max(deadline - std::chrono::steady_clock::now(), std::chrono::steady_clock::duration{});
            const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
            const timespec ts{static_cast<time_t>(ns / 1000000000), static_cast<long>(ns % 1000000000)};
            r = ::sigtimedwait(&set, nullptr, &ts);
        } else {
            r = ::sigwaitinfo(&set, nullptr);
        }
        if (r < 0 && errno == EAGAIN) {
            ::mq_notify(mq_.get(), nullptr);
            got = receive_posix(text_start(), out, false, std::nullopt); // one last look
            if (!got || *got == Transfer::done)
                return got;
            return Transfer::timed_out;
        }
        // Notified (or interrupted): look again; someone else may have been quicker.
    }
}

Result<std::vector<PeekedMessage>> Queue::peek()
{
    std::vector<PeekedMessage> out;
    for (long index = 0;; ++index) {
        const ssize_t n = ::msgrcv(id_, buffer_.data(), payload_, index, MSG_COPY | IPC_NOWAIT);
        if (n < 0) {
            if (errno == ENOMSG)
                return out;
            if (errno == E2BIG) {
                layout(payload_ * 2);
                --index;
                continue;
            }
            return std::unexpected(sys_error("peek at", description_, errno));
        }
        long type = 0;
        std::memcpy(&type, buffer_.data(), sizeof type);
        out.push_back({type, std::string(buffer_.data() + sizeof(long), static_cast<std::size_t>(n))});
    }
}

std::vector<std::size_t> receive_order(const std::vector<long>& types, const TypeFilter& filter)
{
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < types.size(); ++i) {
        const long t = types[i];
        const bool take = filter.type == 0 || (filter.type < 0 && t <= -filter.type)
                          || (filter.type > 0 && (filter.except ? t != filter.type : t == filter.type));
        if (take)
            order.push_back(i);
    }
    // Negative: the lowest type first, queue order among equals.
    if (filter.type < 0)
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return types[a] < types[b]; });
    return order;
}

} // namespace ipcutil
