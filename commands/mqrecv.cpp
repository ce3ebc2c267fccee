// mqrecv — receive messages from a POSIX or System V message queue.
#include <sys/time.h>
#include <sys/uio.h>

#include <climits>
#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/cli.hpp"
#include "libipcutil/core/json_text.hpp"
#include "libipcutil/core/parse.hpp"
#include "libipcutil/core/select.hpp"
#include "libipcutil/core/utf8.hpp"
#include "libipcutil/data/message_queue.hpp"

namespace {

using namespace ipcutil;

struct Options {
    SelectorForm form = SelectorForm::guess;
    std::string queue;
    std::string count;
    bool follow = false;
    std::string timeout;
    bool nonblock = false;
    bool lines = false;
    bool null = false;
    bool print_priority = false;
    bool json = false;
    std::string type;
    bool except = false;
    bool peek = false;
    bool notify = false;
    cli::OptionalValue batch;
};

struct Plan {
    Selector selector;
    QueueOptions open;
    TypeFilter filter;
    Timeout timeout;
    std::uint64_t count = 1; // 0: --follow, no end
    std::size_t batch = 1;   // messages taken, then written, together
    std::optional<char> terminator;
};

// --batch without a value: more than a POSIX queue holds by default (10),
// few enough that a batch of 8 KiB messages stays small (512 KiB).
constexpr std::size_t default_batch = 64;

cli::App make_app(Options& o)
{
    cli::App app("Receive messages from a POSIX or System V message queue.", "mqrecv [options] <queue>");
    app->add_option("queue", o.queue, "/NAME (POSIX), a System V id or 0xKEY");
    app->add_option("-n,--count", o.count, "receive this many messages (default 1)")->type_name("n");
    app->add_flag("-f,--follow", o.follow, "keep receiving until interrupted");
    app->add_option("-T,--timeout", o.timeout, "wait at most this long for each message")->type_name("duration");
    app->add_flag("--nonblock", o.nonblock, "do not wait when the queue is empty");
    app->add_flag("-L,--lines", o.lines, "end each message with a newline");
    app->add_flag("-0,--null", o.null, "end each message with a NUL byte");
    app->add_flag("--print-priority", o.print_priority, "prefix each message with its priority (or type)");
    app->add_flag("-J,--json", o.json, "print one JSON object per message");
    app->add_option("-t,--type", o.type, "System V: 0 any, >0 this type, <0 lowest <= |n|")->type_name("n");
    app->add_flag("--except", o.except, "System V: any type but the one --type names");
    app->add_flag("--peek", o.peek, "System V: copy messages without removing them");
    app->add_flag("--notify", o.notify, "POSIX: wait with mq_notify(3), then receive");
    app.add_optional_value("--batch", o.batch, "n", "write up to n (64) waiting messages at once");
    app.add_selector_flags(o.form, "the queue");
    return app;
}

Result<Plan> plan(const Options& o)
{
    Plan p;
    if (o.queue.empty())
        return std::unexpected(usage_error("no queue given"));
    auto selector = parse_selector(o.queue, o.form);
    if (!selector)
        return std::unexpected(selector.error());
    p.selector = *selector;
    const bool posix = p.selector.type == Selector::Type::name;
    if (auto narrowed = selector_for(p.selector, Kind::posix_mq); !narrowed)
        return std::unexpected(narrowed.error());

    if (!o.count.empty()) {
        if (o.follow)
            return std::unexpected(usage_error("--count and --follow exclude each other"));
        auto n = parse_unsigned(o.count, "count");
        if (!n)
            return std::unexpected(n.error());
        if (*n == 0)
            return std::unexpected(usage_error("invalid count: '0' (receive at least one message)"));
        p.count = *n;
    }
    if (o.follow)
        p.count = 0;
    if (o.lines && o.null)
        return std::unexpected(usage_error("--lines and --null exclude each other"));
    if (o.json && (o.lines || o.null || o.print_priority))
        return std::unexpected(usage_error("--json prints whole lines: no --lines, --null or --print-priority"));
    if (o.lines)
        p.terminator = '\n';
    else if (o.null)
        p.terminator = '\0';

    if (!o.timeout.empty()) {
        if (o.nonblock)
            return std::unexpected(usage_error("--timeout and --nonblock exclude each other"));
        auto t = parse_duration(o.timeout);
        if (!t)
            return std::unexpected(t.error());
        p.timeout = *t;
    }

    for (const auto& [given, name] : {std::pair{!o.type.empty(), "--type"}, {o.except, "--except"}, {o.peek, "--peek"}})
        if (posix && given)
            return std::unexpected(usage_error(fmt::format("{} applies to System V queues", name)));
    if (!posix && o.notify)
        return std::unexpected(usage_error("--notify applies to POSIX queues"));
    if (!o.type.empty()) {
        auto t = parse_signed(o.type, "type");
        if (!t)
            return std::unexpected(t.error());
        if (*t <= LONG_MIN || *t > LONG_MAX)
            return std::unexpected(usage_error(fmt::format("type out of range: '{}'", o.type)));
        p.filter.type = static_cast<long>(*t);
    }
    if (o.except && p.filter.type <= 0)
        return std::unexpected(usage_error("--except needs --type with a number above 0"));
    p.filter.except = o.except;
    if (o.peek && (o.follow || !o.timeout.empty()))
        return std::unexpected(usage_error("--peek does not wait: no --follow or --timeout"));
    if (o.batch.given) {
        if (o.peek)
            return std::unexpected(usage_error("--peek takes nothing from the queue: no --batch"));
        p.batch = default_batch;
        if (o.batch.value) {
            auto n = parse_unsigned(*o.batch.value, "batch size", 65536);
            if (!n)
                return std::unexpected(n.error());
            if (*n == 0)
                return std::unexpected(usage_error("invalid batch size: '0' (a batch holds at least one message)"));
            p.batch = static_cast<std::size_t>(*n);
        }
    }

    p.open.nonblock = o.nonblock;
    p.open.notify = o.notify;
    return p;
}

// "2024-05-01T12:00:00.123456+00:00": local time, microseconds, offset.
std::string iso8601(const timespec& ts)
{
    tm local{};
    ::localtime_r(&ts.tv_sec, &local);
    char text[64];
    const std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &local);
    const long off = local.tm_gmtoff;
    const long aoff = off < 0 ? -off : off;
    return fmt::format("{}.{:06d}{}{:02d}:{:02d}", std::string_view(text, n), ts.tv_nsec / 1000, off < 0 ? '-' : '+',
                       aoff / 3600, aoff / 60 % 60);
}

class Printer {
  public:
    Printer(const Options& o, const Plan& p, const Queue& q) : options_(o), plan_(p), queue_(q) {}

    // Add one message to what the next write() writes.  data[size] must be
    // writable (room for the terminator) and stay valid until then.
    void add(char* data, std::size_t size, long tag)
    {
        auto& out = cli::Out::get();
        if (options_.json) {
            out.write(json(std::string_view(data, size), tag));
        } else if (options_.print_priority) {
            out.write(fmt::format("{}\t", tag));
            out.write(std::string_view(data, size));
            if (plan_.terminator)
                out.put(*plan_.terminator);
        } else {
            // The common streaming case: no copy.  Messages that lie one
            // after another (a batch does) go out as one piece.
            if (plan_.terminator)
                data[size++] = *plan_.terminator;
            if (!pieces_.empty() && static_cast<char*>(pieces_.back().iov_base) + pieces_.back().iov_len == data)
                pieces_.back().iov_len += size;
            else
                pieces_.push_back({data, size});
        }
    }

    // Write what was added, before anything more is taken from the queue.
    // False once stdout is gone.
    bool write()
    {
        auto& out = cli::Out::get();
        if (pieces_.empty())
            return out.flush();
        const bool written = out.write_vector(pieces_);
        pieces_.clear();
        return written;
    }

  private:
    std::string json(std::string_view data, long tag) const
    {
        timespec now{};
        ::clock_gettime(CLOCK_REALTIME, &now);
        std::string head =
            queue_.posix()
                ? fmt::format(R"({{"queue":"{}","priority":{})", json_escape(queue_.name()), tag)
                : fmt::format(R"({{"queue":{},"key":"{}","type":{})", queue_.id(), format_key(queue_.key()), tag);
        const bool text = valid_utf8(data);
        return fmt::format(R"({},"size":{},"data":"{}","encoding":"{}","time":"{}"}})"
                           "\n",
                           head, data.size(), text ? json_escape(data) : base64(data), text ? "utf-8" : "base64",
                           iso8601(now));
    }

    const Options& options_;
    const Plan& plan_;
    const Queue& queue_;
    std::vector<iovec> pieces_;
};

// --peek: what receiving would take, left in the queue.
int peek(Queue& queue, Printer& printer, const Plan& p)
{
    auto messages = queue.peek();
    if (!messages) {
        if (messages.error().err == ENOSYS) {
            cli::report(failure("peek at", queue.description(),
                                "this kernel has no MSG_COPY (it needs CONFIG_CHECKPOINT_RESTORE), "
                                "so --peek cannot copy messages; nothing was received"));
            return exit_failure;
        }
        cli::report(messages.error());
        return exit_failure;
    }
    std::vector<long> types;
    for (const auto& m : *messages)
        types.push_back(m.type);
    const auto order = receive_order(types, p.filter);
    if (order.empty()) {
        cli::report(failure("peek at", queue.description(), "no message"));
        return exit_timeout;
    }
    std::uint64_t shown = 0;
    for (const std::size_t i : order) {
        if (p.count != 0 && shown == p.count)
            break;
        auto& m = (*messages)[i];
        const std::size_t size = m.data.size();
        m.data.push_back('\0'); // the spare byte add() may use
        printer.add(m.data.data(), size, m.type);
        if (!printer.write())
            break;
        ++shown;
    }
    return exit_ok;
}

int run(Options& o)
{
    auto p = plan(o);
    if (!p)
        return cli::usage(p.error().message());
    auto queue = Queue::open(p->selector, p->open);
    if (!queue) {
        cli::report(queue.error());
        return queue.error().exit_code();
    }
    Printer printer(o, *p, *queue);
    if (o.peek)
        return peek(*queue, printer, *p);

    // Take a message (with --batch, those waiting behind it too), write it,
    // and only then take the next.
    const std::size_t batch = queue->reserve_batch(p->batch);
    std::uint64_t received = 0;
    std::vector<Message> messages;
    while (p->count == 0 || received < p->count) {
        const std::size_t want = p->count == 0 ? batch : std::min<std::uint64_t>(batch, p->count - received);
        auto r = queue->receive_batch(messages, want, p->filter, p->timeout);
        if (!r) {
            cli::report(r.error());
            return exit_failure;
        }
        if (*r != Transfer::done) {
            if (received > 0)
                return exit_ok;
            const std::string why = *r == Transfer::timed_out
                                        ? fmt::format("no message within {}", format_timeout(*p->timeout))
                                        : std::string("the queue is empty");
            cli::report(failure("receive from", queue->description(), why));
            return exit_timeout;
        }
        for (const Message& m : messages)
            printer.add(m.data, m.size, m.tag);
        received += messages.size();
        if (!printer.write())
            break;
    }
    return exit_ok;
}

} // namespace

int main(int argc, char** argv)
{
    return ipcutil::cli::main<Options>(argc, argv, "mqrecv", make_app, run);
}
