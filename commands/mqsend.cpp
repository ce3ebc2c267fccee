// mqsend — send messages to a POSIX or System V message queue.
#include <mqueue.h>
#include <unistd.h>

#include <climits>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/cli.hpp"
#include "libipcutil/core/parse.hpp"
#include "libipcutil/core/select.hpp"
#include "libipcutil/data/message_queue.hpp"
#include "libipcutil/data/record_split.hpp"
#include "libipcutil/kernel/sys.hpp"

namespace {

using namespace ipcutil;

struct Options {
    SelectorForm form = SelectorForm::guess;
    std::string queue;
    std::vector<std::string> messages;
    bool lines = false;
    bool null = false;
    std::string priority;
    std::string type;
    std::string timeout;
    bool nonblock = false;
    bool create = false;
    std::string maxmsg;
    std::string msgsize;
    std::string mode;
};

// Everything run() needs, parsed and checked before anything is opened.
struct Plan {
    Selector selector;
    QueueOptions open;
    long tag = 0; // priority or type
    Timeout timeout;
    std::optional<char> delimiter;
    bool from_stdin = false;
};

cli::App make_app(Options& o)
{
    cli::App app("Send messages to a POSIX or System V message queue.", "mqsend [options] <queue> [message...]");
    app->add_option("queue", o.queue, "/NAME (POSIX), a System V id or 0xKEY");
    app->add_option("message", o.messages, "one message each; none: read standard input");
    app->add_flag("-L,--lines", o.lines, "send each line of standard input as a message");
    app->add_flag("-0,--null", o.null, "send each NUL-terminated record of standard input");
    app->add_option("-p,--priority", o.priority, "POSIX message priority (default 0)")->type_name("n");
    app->add_option("-t,--type", o.type, "System V message type, above 0 (default 1)")->type_name("n");
    app->add_option("-T,--timeout", o.timeout, "wait at most this long for room in the queue")->type_name("duration");
    app->add_flag("--nonblock", o.nonblock, "do not wait when the queue is full");
    app->add_flag("-c,--create", o.create, "create the queue if it does not exist");
    app->add_option("--maxmsg", o.maxmsg, "POSIX: messages a created queue holds")->type_name("n");
    app->add_option("--msgsize", o.msgsize, "POSIX: message size of a created queue")->type_name("size");
    app->add_option("--mode", o.mode, "permissions of a created queue (default 0600)")->type_name("mode");
    app.add_selector_flags(o.form, "the queue");
    return app;
}

// Turn the options into a Plan, or the one usage error they deserve.
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

    if (o.lines && o.null)
        return std::unexpected(usage_error("--lines and --null exclude each other"));
    if ((o.lines || o.null) && !o.messages.empty())
        return std::unexpected(usage_error(
            fmt::format("--{} reads standard input: give no message arguments", o.lines ? "lines" : "null")));
    if (o.lines)
        p.delimiter = '\n';
    else if (o.null)
        p.delimiter = '\0';
    p.from_stdin = o.messages.empty();

    if (posix && !o.type.empty())
        return std::unexpected(usage_error("--type applies to System V queues; use --priority for POSIX queues"));
    if (!posix && !o.priority.empty())
        return std::unexpected(usage_error("--priority applies to POSIX queues; use --type for System V queues"));
    if (!o.priority.empty()) {
        const long prio_max = ::sysconf(_SC_MQ_PRIO_MAX);
        auto prio =
            parse_unsigned(o.priority, "priority", static_cast<std::uint64_t>(prio_max > 0 ? prio_max - 1 : 31));
        if (!prio)
            return std::unexpected(prio.error());
        p.tag = static_cast<long>(*prio);
    }
    p.tag = posix ? p.tag : 1;
    if (!o.type.empty()) {
        auto type = parse_unsigned(o.type, "type", LONG_MAX);
        if (!type)
            return std::unexpected(type.error());
        if (*type == 0)
            return std::unexpected(usage_error("invalid type: '0' (System V message types start at 1)"));
        p.tag = static_cast<long>(*type);
    }

    if (!o.timeout.empty()) {
        if (o.nonblock)
            return std::unexpected(usage_error("--timeout and --nonblock exclude each other"));
        auto t = parse_duration(o.timeout);
        if (!t)
            return std::unexpected(t.error());
        p.timeout = *t;
    }

    p.open.send = true;
    p.open.nonblock = o.nonblock;
    for (const auto& [given, name] :
         {std::pair{!o.maxmsg.empty(), "--maxmsg"}, {!o.msgsize.empty(), "--msgsize"}, {!o.mode.empty(), "--mode"}})
        if (given && !o.create)
            return std::unexpected(usage_error(fmt::format("{} needs --create", name)));
    if (o.create && p.selector.type == Selector::Type::id)
        return std::unexpected(
            usage_error("--create needs a POSIX /NAME or a System V 0xKEY (an id names an existing queue)"));
    if (!posix && (!o.maxmsg.empty() || !o.msgsize.empty()))
        return std::unexpected(usage_error("--maxmsg and --msgsize apply to POSIX queues"));
    p.open.create = o.create;
    if (!o.mode.empty()) {
        auto mode = parse_mode(o.mode);
        if (!mode)
            return std::unexpected(mode.error());
        p.open.mode = *mode;
    } else {
        p.open.mode = default_create_mode;
    }
    if (!o.maxmsg.empty()) {
        auto n = parse_unsigned(o.maxmsg, "maxmsg", LONG_MAX);
        if (!n)
            return std::unexpected(n.error());
        if (*n == 0)
            return std::unexpected(usage_error("invalid maxmsg: '0' (a queue holds at least one message)"));
        p.open.maxmsg = static_cast<long>(*n);
    }
    if (!o.msgsize.empty()) {
        auto n = parse_size(o.msgsize);
        if (!n)
            return std::unexpected(n.error());
        if (*n == 0 || *n > LONG_MAX)
            return std::unexpected(usage_error(fmt::format("invalid message size: '{}'", o.msgsize)));
        p.open.msgsize = static_cast<long>(*n);
    }
    return p;
}

// Every argument message must fit before the first is sent.
bool arguments_fit(const Options& o, const SendLimit& limit)
{
    bool fit = true;
    for (std::size_t i = 0; i < o.messages.size(); ++i) {
        if (o.messages[i].size() <= limit.bytes)
            continue;
        cli::report(failure("send", fmt::format("message {}", i + 1),
                            limit.too_long(o.messages[i].size()) + "; nothing was sent"));
        fit = false;
    }
    return fit;
}

std::string sent_before(std::uint64_t sent)
{
    if (sent == 0)
        return "nothing was sent";
    return fmt::format("{} message{} sent before it", sent, sent == 1 ? " was" : "s were");
}

// Send one message; returns the exit code that ends the run, or nullopt to go on.
std::optional<int> send_one(Queue& queue, const Plan& p, std::string_view data, std::uint64_t sent)
{
    auto r = queue.send(data, p.tag, p.timeout);
    if (!r) {
        cli::report(r.error());
        return exit_failure;
    }
    if (*r == Transfer::done)
        return std::nullopt;
    const std::string why = *r == Transfer::timed_out
                                ? fmt::format("timed out after {}: the queue is full", format_timeout(*p.timeout))
                                : std::string("the queue is full");
    if (sent == 0) {
        cli::report(failure("send to", queue.description(), why));
        return exit_timeout;
    }
    cli::report(failure("send to", queue.description(),
                        fmt::format("{}; {} message{} sent", why, sent, sent == 1 ? " was" : "s were")));
    return exit_failure;
}

int send_stdin(Queue& queue, const Options& o, const Plan& p)
{
    RecordReader reader(STDIN_FILENO, p.delimiter, queue.limit().bytes);
    const char* unit = o.lines ? "line" : "record";
    std::uint64_t sent = 0;
    for (;;) {
        auto record = reader.next();
        if (!record) {
            cli::report(record.error());
            return exit_failure;
        }
        if (!*record)
            return exit_ok;
        if ((*record)->too_long) {
            const std::string what = p.delimiter ? fmt::format("{} {}", unit, sent + 1) : "standard input";
            cli::report(failure("send", what, queue.limit().too_long((*record)->size) + "; " + sent_before(sent)));
            return exit_failure;
        }
        if (auto done = send_one(queue, p, (*record)->data, sent))
            return *done;
        ++sent;
    }
}

int run(Options& o)
{
    auto p = plan(o);
    if (!p)
        return cli::usage(p.error().message());

    // Open the queue; one that --create would make is checked against the
    // limit it would get, so an oversized message creates nothing.
    QueueOptions existing = p->open;
    existing.create = false;
    auto queue = Queue::open(p->selector, existing);
    if (!queue && p->open.create && queue.error().err == ENOENT) {
        auto limit = Queue::planned_limit(p->selector, p->open);
        if (!limit) {
            cli::report(limit.error());
            return exit_failure;
        }
        if (!arguments_fit(o, *limit))
            return exit_failure;
        queue = Queue::open(p->selector, p->open);
    }
    if (!queue) {
        cli::report(queue.error());
        return queue.error().exit_code();
    }
    if (p->from_stdin)
        return send_stdin(*queue, o, *p);
    if (!arguments_fit(o, queue->limit()))
        return exit_failure;
    std::uint64_t sent = 0;
    for (const auto& m : o.messages) {
        if (auto done = send_one(*queue, *p, m, sent))
            return *done;
        ++sent;
    }
    return exit_ok;
}

} // namespace

int main(int argc, char** argv)
{
    return ipcutil::cli::main<Options>(argc, argv, "mqsend", make_app, run);
}
