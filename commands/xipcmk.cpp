// xipcmk — create IPC objects: System V shared memory, message queues and
// semaphore sets, POSIX shared memory, message queues and semaphores, FIFOs.
//
// Drop-in for util-linux ipcmk (same letters, same output lines), with exact
// modes (default 0600 where ipcmk uses 0644), chosen keys, exclusive
// creation, queue attributes, and output for scripts (--quiet, --json).
#include <sys/stat.h>

#include <climits>
#include <ipcutil/cli.hpp>
#include <ipcutil/create.hpp>
#include <ipcutil/json.hpp>
#include <ipcutil/parse.hpp>
#include <ipcutil/posix.hpp>
#include <ipcutil/sysv.hpp>
#include <vector>

#include <fmt/format.h>

namespace {

using namespace ipcutil;

// What was typed; every text is parsed in validate() so that errors read the
// same as in every other xipc command.
struct Options {
    std::string shm_size, nsems, pshm_size, name, fifo, mode, key, maxmsg, msgsize, value;
    bool msg = false, pmq = false, psem = false;
    bool exclusive = false, quiet = false, json = false;
    CLI::App* app = nullptr;
};

// What to create, fully checked.
struct Request {
    std::optional<std::uint64_t> shm_size;
    bool msg = false;
    std::optional<std::uint64_t> nsems;
    std::optional<std::uint64_t> pshm_size;
    bool pmq = false;
    bool psem = false;
    std::string name; // POSIX name, without the '/'
    std::string fifo;
    mode_t mode = default_create_mode;
    std::optional<key_t> key;
    bool exclusive = false;
    std::optional<long> maxmsg, msgsize;
    unsigned value = 0;
    bool read_back = false; // --json: describe objects as the kernel has them
};

// glibc refuses semaphore names longer than NAME_MAX once "sem." is added.
constexpr std::size_t sem_name_max = NAME_MAX - 4;
constexpr unsigned sem_value_max = INT_MAX; // SEM_VALUE_MAX on Linux

std::unique_ptr<CLI::App> make_app(Options& o)
{
    auto app = cli::make_app("Create IPC resources: System V and POSIX shared memory, message queues\n"
                             "and semaphores, and FIFOs.",
                             "xipcmk [options]");
    o.app = app.get();
    // getopt lets a later -M replace an earlier one; so do we.
    app->option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
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

bool given(const Options& o, const char* name)
{
    return o.app->get_option(name)->count() > 0;
}

// Parse and check every option before creating anything.
Result<Request> validate(const Options& o)
{
    Request r;
    if (given(o, "--shmem")) {
        auto size = parse_size(o.shm_size);
        if (!size)
            return std::unexpected(size.error());
        if (*size == 0)
            return std::unexpected(usage_error("invalid size: '0' (a segment holds at least 1 byte)"));
        r.shm_size = *size;
    }
    if (given(o, "--semaphore")) {
        auto n = parse_unsigned(o.nsems, "number of semaphores", INT_MAX);
        if (!n)
            return std::unexpected(n.error());
        if (*n == 0)
            return std::unexpected(usage_error("invalid number of semaphores: '0' (a set holds at least 1)"));
        r.nsems = *n;
    }
    if (given(o, "--posix-shmem")) {
        auto size = parse_size(o.pshm_size);
        if (!size)
            return std::unexpected(size.error());
        if (*size > static_cast<std::uint64_t>(LLONG_MAX))
            return std::unexpected(usage_error(fmt::format("size too large: '{}'", o.pshm_size)));
        r.pshm_size = *size;
    }
    r.msg = o.msg;
    r.pmq = o.pmq;
    r.psem = o.psem;
    r.exclusive = o.exclusive;
    r.read_back = o.json;
    const bool any_sysv = r.shm_size || r.msg || r.nsems;
    const bool any_posix = r.pshm_size || r.pmq || r.psem;
    if (given(o, "--fifo")) {
        if (o.fifo.empty())
            return std::unexpected(usage_error("invalid FIFO path: '' (empty)"));
        r.fifo = o.fifo;
    }
    if (!any_sysv && !any_posix && r.fifo.empty())
        return std::unexpected(usage_error("nothing to create: give -M, -Q, -S, -m, -q, -s or -f"));

    if (given(o, "--name")) {
        if (!any_posix)
            return std::unexpected(usage_error("--name names POSIX objects: use it with -m, -q or -s"));
        auto name = parse_posix_name(o.name);
        if (!name)
            return std::unexpected(name.error());
        if (r.psem && name->size() > sem_name_max)
            return std::unexpected(usage_error(fmt::format(
                "invalid POSIX name: '{}' (a semaphore name holds at most {} bytes)", o.name, sem_name_max)));
        r.name = *name;
    } else if (any_posix) {
        return std::unexpected(usage_error("name is required for POSIX IPC: add -n /NAME"));
    }
    if (given(o, "--mode")) {
        auto mode = parse_mode(o.mode);
        if (!mode)
            return std::unexpected(mode.error());
        r.mode = *mode;
    }
    if (given(o, "--key")) {
        if (!any_sysv)
            return std::unexpected(usage_error("--key applies to System V objects: use it with -M, -Q or -S"));
        auto key = parse_key(o.key, /*allow_private=*/true);
        if (!key)
            return std::unexpected(key.error());
        r.key = *key;
    }
    if ((given(o, "--maxmsg") || given(o, "--msgsize")) && !r.pmq)
        return std::unexpected(usage_error("--maxmsg and --msgsize apply to POSIX message queues: add -q"));
    if (given(o, "--maxmsg")) {
        auto n = parse_unsigned(o.maxmsg, "maxmsg", LONG_MAX);
        if (!n)
            return std::unexpected(n.error());
        if (*n == 0)
            return std::unexpected(usage_error("invalid maxmsg: '0' (a queue holds at least 1 message)"));
        r.maxmsg = static_cast<long>(*n);
    }
    if (given(o, "--msgsize")) {
        auto n = parse_size(o.msgsize);
        if (!n)
            return std::unexpected(n.error());
        if (*n == 0 || *n > static_cast<std::uint64_t>(LONG_MAX))
            return std::unexpected(usage_error(fmt::format("invalid msgsize: '{}' (at least 1 byte)", o.msgsize)));
        r.msgsize = static_cast<long>(*n);
    }
    if (given(o, "--value")) {
        if (!r.psem)
            return std::unexpected(usage_error("--value applies to POSIX semaphores: add -s"));
        auto n = parse_unsigned(o.value, "value", sem_value_max);
        if (!n)
            return std::unexpected(n.error());
        r.value = static_cast<unsigned>(*n);
    }
    return r;
}

// A System V object under the chosen key, or under a fresh random key with
// IPC_EXCL, so that a key picked at random never lands on someone's object.
template <class Create> Result<int> create_sysv(Kind kind, const Request& r, Create create)
{
    if (r.key)
        return create(*r.key, r.exclusive);
    for (int attempt = 0;; ++attempt) {
        auto id = create(random_key(kind), true);
        if (id)
            return id;
        if (id.error().err == EEXIST && attempt < 16)
            continue;
        // A key the user never saw means nothing in the message.
        id.error().object = std::string(kind_words(kind));
        return id;
    }
}

// The object as the kernel now has it (for --json: reading it back costs a
// pass over /proc/sysvipc); what was asked for otherwise, or when it cannot
// be read back (a mode without read permission).
Object sysv_created(Kind kind, int id, const Request& r)
{
    if (r.read_back)
        if (auto o = stat_sysv(kind, id))
            return *o;
    Object o;
    o.kind = kind;
    o.id = id;
    o.key = r.key.value_or(0);
    o.mode = r.mode;
    o.size = r.shm_size.value_or(0);
    o.nsems = r.nsems.value_or(0);
    return o;
}

Object posix_created(Kind kind, const Request& r)
{
    Object o;
    o.kind = kind;
    o.name = r.name;
    o.path = posix_path(kind, r.name);
    o.mode = r.mode;
    return o;
}

void fill_from_fd(Object& o, int fd)
{
    struct stat st {};
    if (::fstat(fd, &st) == 0) {
        o.mode = st.st_mode & 0777;
        o.size = static_cast<std::uint64_t>(st.st_size);
        o.uid = st.st_uid;
        o.gid = st.st_gid;
    }
}

Result<Object> create_one(Kind kind, const Request& r)
{
    switch (kind) {
    case Kind::sysv_shm: {
        auto id = create_sysv(kind, r, [&](key_t k, bool x) { return create_sysv_shm(k, *r.shm_size, r.mode, x); });
        if (!id)
            return std::unexpected(id.error());
        return sysv_created(kind, *id, r);
    }
    case Kind::sysv_msg: {
        auto id = create_sysv(kind, r, [&](key_t k, bool x) { return create_sysv_msg(k, r.mode, x); });
        if (!id)
            return std::unexpected(id.error());
        return sysv_created(kind, *id, r);
    }
    case Kind::sysv_sem: {
        auto id = create_sysv(kind, r, [&](key_t k, bool x) { return create_sysv_sem(k, *r.nsems, r.mode, x); });
        if (!id)
            return std::unexpected(id.error());
        return sysv_created(kind, *id, r);
    }
    case Kind::posix_shm: {
        // Reusing an existing object must not resize it: shrinking memory that
        // another process maps kills that process with SIGBUS.
        if (!r.exclusive)
            if (auto old = stat_posix(kind, r.name); old && old->size != *r.pshm_size)
                return std::unexpected(failure("create", describe(*old),
                                               fmt::format("exists with {} bytes; not resizing it to {} "
                                                           "(remove it first or use another name)",
                                                           old->size, *r.pshm_size)));
        auto fd = create_posix_shm(r.name, *r.pshm_size, r.mode, r.exclusive);
        if (!fd)
            return std::unexpected(fd.error());
        Object o = posix_created(kind, r);
        fill_from_fd(o, fd->get());
        return o;
    }
    case Kind::posix_mq: {
        auto mq = create_posix_mq(r.name, r.maxmsg, r.msgsize, r.mode, r.exclusive);
        if (!mq)
            return std::unexpected(mq.error());
        Object o = posix_created(kind, r);
        fill_from_fd(o, mq->get()); // an mqd_t is a descriptor on Linux
        o.size = 0;
        mq_attr attr{};
        if (::mq_getattr(mq->get(), &attr) == 0) {
            o.maxmsg = attr.mq_maxmsg;
            o.msgsize = attr.mq_msgsize;
            o.messages = static_cast<std::uint64_t>(attr.mq_curmsgs);
        }
        return o;
    }
    case Kind::posix_sem: {
        auto made = create_posix_sem(r.name, r.value, r.mode, r.exclusive);
        if (!made)
            return std::unexpected(made.error());
        if (auto now = stat_posix(kind, r.name)) {
            if (!now->value) // unreadable to us: we know what we set
                now->value = r.value;
            return *now;
        }
        Object o = posix_created(kind, r);
        o.value = r.value;
        return o;
    }
    case Kind::fifo: {
        auto made = create_fifo(r.fifo, r.mode);
        if (!made)
            return std::unexpected(made.error());
        Object o;
        o.kind = kind;
        o.path = r.fifo;
        o.mode = r.mode;
        return o;
    }
    }
    return std::unexpected(failure("create", std::string(kind_words(kind)), "unknown kind"));
}

// Creation errors in words that say what to change.
Error explain(Kind kind, Error error)
{
    if (error.err == EEXIST)
        error.detail = "already exists";
    else if (error.err == EINVAL && kind == Kind::sysv_shm)
        error.detail = "invalid size (outside the system's limits, or larger than the existing segment)";
    else if (error.err == EINVAL && kind == Kind::sysv_sem)
        error.detail = "invalid number of semaphores (more than the system allows, or than the existing set holds)";
    else if (error.err == EINVAL && kind == Kind::posix_mq)
        error.detail = "invalid attributes (above /proc/sys/fs/mqueue/msg_max or msgsize_max needs privilege)";
    return error;
}

// The line ipcmk prints for each object ("Shared memory id: 5").
std::string text_line(const Object& o)
{
    switch (o.kind) {
    case Kind::sysv_shm: return fmt::format("Shared memory id: {}\n", o.id);
    case Kind::sysv_msg: return fmt::format("Message queue id: {}\n", o.id);
    case Kind::sysv_sem: return fmt::format("Semaphore id: {}\n", o.id);
    case Kind::posix_shm: return fmt::format("POSIX shared memory name: /{}\n", o.name);
    case Kind::posix_mq: return fmt::format("POSIX message queue name: /{}\n", o.name);
    case Kind::posix_sem: return fmt::format("POSIX semaphore name: /{}\n", o.name);
    case Kind::fifo: return fmt::format("FIFO path: {}\n", o.path);
    }
    return {};
}

std::string quiet_line(const Object& o)
{
    if (is_sysv(o.kind))
        return fmt::format("{}\n", o.id);
    if (o.kind == Kind::fifo)
        return o.path + "\n";
    return fmt::format("/{}\n", o.name);
}

std::string json_object(const Object& o)
{
    JsonObject j;
    j.add("kind", kind_name(o.kind));
    if (is_sysv(o.kind))
        j.add("id", o.id).add("key", format_key(o.key));
    else if (o.kind == Kind::fifo)
        j.add("path", o.path);
    else
        j.add("name", "/" + o.name).add("path", o.path);
    j.add("mode", fmt::format("{:04o}", o.mode));
    switch (o.kind) {
    case Kind::sysv_shm:
    case Kind::posix_shm: j.add("size", o.size); break;
    case Kind::sysv_sem: j.add("nsems", o.nsems); break;
    case Kind::posix_mq:
        if (o.maxmsg)
            j.add("maxmsg", *o.maxmsg);
        if (o.msgsize)
            j.add("msgsize", *o.msgsize);
        break;
    case Kind::posix_sem:
        if (o.value)
            j.add("value", *o.value);
        break;
    default: break;
    }
    return j.str();
}

int run(Options& o)
{
    auto request = validate(o);
    if (!request)
        return cli::usage(request.error().message());
    const Request& r = *request;

    // The order ipcmk creates in, then what it cannot make.
    const std::pair<bool, Kind> wanted[] = {{r.shm_size.has_value(), Kind::sysv_shm},
                                            {r.pshm_size.has_value(), Kind::posix_shm},
                                            {r.msg, Kind::sysv_msg},
                                            {r.pmq, Kind::posix_mq},
                                            {r.nsems.has_value(), Kind::sysv_sem},
                                            {r.psem, Kind::posix_sem},
                                            {!r.fifo.empty(), Kind::fifo}};

    auto& out = cli::Out::get();
    std::vector<std::string> json;
    int status = exit_ok;
    for (auto [want, kind] : wanted) {
        if (!want)
            continue;
        auto made = create_one(kind, r);
        if (!made) {
            cli::report(explain(kind, made.error()));
            status = exit_failure;
            continue;
        }
        if (o.json)
            json.push_back(json_object(*made));
        else
            out.write(o.quiet ? quiet_line(*made) : text_line(*made));
    }
    if (o.json) {
        out.write("{\n   \"created\": [");
        for (std::size_t i = 0; i < json.size(); ++i)
            out.write(fmt::format("{}\n      {}", i == 0 ? "" : ",", json[i]));
        out.write(json.empty() ? "]\n}\n" : "\n   ]\n}\n");
    }
    return status;
}

} // namespace

int main(int argc, char** argv)
{
    return ipcutil::cli::main<Options>(argc, argv, "xipcmk", make_app, run);
}
