// shmcat — read and write System V and POSIX shared memory from the shell.
//
// Reading copies each object's bytes to stdout in order, kernel-side where it
// can (sendfile for POSIX objects) and otherwise straight from a read-only
// attachment; --hex and --strings show them as hexdump -C and strings would.
// Writing takes all of stdin first, so an input that does not fit is refused
// before the segment is touched.
#include <unistd.h>

#include <csignal>
#include <optional>

#include <fmt/format.h>

#include "cli/cli.hpp"
#include "libipcutil/core/parse.hpp"
#include "libipcutil/core/select.hpp"
#include "libipcutil/data/copy_progress.hpp"
#include "libipcutil/data/fd_copy.hpp"
#include "libipcutil/data/hexdump.hpp"
#include "libipcutil/data/shm_view.hpp"
#include "libipcutil/data/strings_scan.hpp"
#include "libipcutil/kernel/posix.hpp"
#include "libipcutil/kernel/sysv.hpp"

namespace {
using namespace ipcutil;

struct Options {
    std::vector<std::string> objects;
    std::string offset;
    std::string length;
    bool hex = false;
    cli::OptionalValue strings;
    bool progress = false;
    std::string write;
    bool truncate = false;
    std::string create;
    SelectorForm form = SelectorForm::guess;
};

cli::App make_app(Options& o)
{
    cli::App app("Copy shared memory segments to standard output, or standard input into one.",
                 "shmcat [options] <object>...\n shmcat [options] -w <object> < input");
    app->add_option("-o,--offset", o.offset, "start at this byte of each segment")->type_name("size");
    app->add_option("-l,--length", o.length, "copy at most this many bytes")->type_name("size");
    app->add_flag("-x,--hex", o.hex, "show the bytes as hexdump -C does");
    app.add_optional_value("--strings", o.strings, "min", "show printable runs of at least min (4) bytes");
    app->add_flag("--progress", o.progress, "show a progress line on standard error");
    app->add_option("-w,--write", o.write, "copy standard input into the object")->type_name("object");
    app->add_flag("--truncate", o.truncate, "with -w: resize the POSIX object to fit");
    app->add_option("--create", o.create, "with -w: create the object with this size")->type_name("size");
    app.add_selector_flags(o.form, "each object");
    app->add_option("objects", o.objects, "System V id or 0x key, or POSIX /name");
    app->footer("An object is a System V id (123), a System V key (0x1a2b), or a POSIX\n"
                "shared memory name (/name or /dev/shm/name); --id, --key or --name says\n"
                "which when the form alone does not.");
    return app;
}

enum class View { bytes, hex, strings };

// Everything run() acts on, checked before anything is read or written.
struct Plan {
    std::uint64_t offset = 0;
    std::optional<std::uint64_t> length;
    View view = View::bytes;
    std::size_t min_string = 4;
    ProgressMode progress = ProgressMode::off;
    std::vector<Selector> objects; // to read, or the one to write
    bool write = false;
    bool truncate = false;
    std::optional<std::uint64_t> create;
};

Result<std::uint64_t> size_option(std::string_view option, const std::string& text)
{
    auto v = parse_size(text);
    if (!v)
        return std::unexpected(usage_error(fmt::format("{}: {}", option, v.error().message())));
    return v;
}

Result<Selector> shm_selector(std::string_view text, SelectorForm form)
{
    auto s = parse_selector(text, form);
    if (!s)
        return s;
    return selector_for(*s, Kind::posix_shm);
}

Result<Plan> validate(const Options& o)
{
    Plan p;
    p.write = !o.write.empty();
    p.truncate = o.truncate;
    if (p.write && !o.objects.empty())
        return std::unexpected(usage_error("-w writes one object; name no other objects"));
    if (!p.write && o.objects.empty())
        return std::unexpected(usage_error("no object given"));
    if (!p.write && (o.truncate || !o.create.empty()))
        return std::unexpected(usage_error(fmt::format("{} needs -w", o.truncate ? "--truncate" : "--create")));
    if (o.truncate && !o.create.empty())
        return std::unexpected(usage_error("--truncate and --create cannot be combined"));
    if (o.hex && o.strings.given)
        return std::unexpected(usage_error("--hex and --strings cannot be combined"));
    if (p.write && (o.hex || o.strings.given || !o.length.empty()))
        return std::unexpected(usage_error(
            fmt::format("{} is for reading; -w writes all of standard input", o.hex             ? "--hex"
                                                                              : o.strings.given ? "--strings"
                                                                                                : "--length")));

    if (!o.offset.empty()) {
        auto v = size_option("--offset", o.offset);
        if (!v)
            return std::unexpected(v.error());
        p.offset = *v;
    }
    if (!o.length.empty()) {
        auto v = size_option("--length", o.length);
        if (!v)
            return std::unexpected(v.error());
        p.length = *v;
    }
    if (o.strings.given) {
        p.view = View::strings;
        if (o.strings.value) {
            auto v = parse_unsigned(*o.strings.value, "minimum string length", 1 << 20);
            if (!v || *v == 0)
                return std::unexpected(
                    usage_error(fmt::format("--strings: invalid minimum string length: '{}'", *o.strings.value)));
            p.min_string = static_cast<std::size_t>(*v);
        }
    }
    if (o.hex)
        p.view = View::hex;
    p.progress = o.progress ? ProgressMode::on : ::isatty(STDERR_FILENO) ? ProgressMode::automatic : ProgressMode::off;

    for (const auto& text : p.write ? std::vector{o.write} : o.objects) {
        auto s = shm_selector(text, o.form);
        if (!s)
            return std::unexpected(s.error());
        p.objects.push_back(std::move(*s));
    }
    if (!p.write)
        return p;

    const Selector& target = p.objects.front();
    const bool posix = target.type == Selector::Type::name;
    if (o.truncate && !posix)
        return std::unexpected(usage_error("--truncate: System V segments cannot be resized"));
    if (!o.create.empty()) {
        auto v = size_option("--create", o.create);
        if (!v)
            return std::unexpected(v.error());
        p.create = *v;
        if (target.type == Selector::Type::id)
            return std::unexpected(usage_error("--create needs a 0x key or a /name, not an id"));
        if (posix)
            if (auto ok = check_shm_name(target.name); !ok)
                return std::unexpected(ok.error());
        if (!posix && *p.create == 0)
            return std::unexpected(usage_error("--create: a System V segment needs at least 1 byte"));
        if (p.offset > *p.create)
            return std::unexpected(usage_error(
                fmt::format("--offset {} is past the end of the --create size ({} bytes)", p.offset, *p.create)));
    }
    return p;
}

// A progress line for one copy, on stderr.
ProgressMeter meter(const Plan& p, const std::string& label, std::uint64_t total)
{
    return ProgressMeter(p.progress, fmt::format("{}: {}", cli::program(), label), total, ::isatty(STDERR_FILENO) != 0,
                         [](std::string_view line) { (void)!::write(STDERR_FILENO, line.data(), line.size()); });
}

// A refused object is bad input (exit 2), but not a misuse of the options:
// no "Try --help" line.
int refuse(const Error& e)
{
    cli::report(e);
    return exit_usage;
}

int fail(const Error& e)
{
    cli::report(e);
    return exit_failure;
}

// Show a mapped range as hex or strings, a piece at a time.
Result<void> show_view(const Plan& p, const ShmView& view, ProgressMeter& progress)
{
    auto& out = cli::Out::get();
    HexDumper hex(p.offset);
    StringsScanner strings(p.min_string);
    std::string text;
    const auto bytes = view.bytes();
    constexpr std::size_t piece = 1 << 20;
    for (std::size_t at = 0;; at += piece) {
        const bool last = at >= bytes.size();
        const auto chunk =
            last ? std::span<const unsigned char>() : bytes.subspan(at, std::min(piece, bytes.size() - at));
        text.clear();
        if (p.view == View::hex)
            last ? hex.finish(text) : hex.feed(chunk, text);
        else
            last ? strings.finish(text) : strings.feed(chunk, text);
        if (!out.write(text))
            return std::unexpected(sys_error("write", "standard output", out.error()));
        if (last)
            return {};
        progress.update(at + chunk.size());
    }
}

Result<void> read_one(const Plan& p, const ShmObject& object, const std::string& label)
{
    if (p.offset > object.size)
        return std::unexpected(
            failure("read", object.words, fmt::format("offset {} is past its end ({} bytes)", p.offset, object.size)));
    const std::uint64_t length = std::min(p.length.value_or(UINT64_MAX), object.size - p.offset);
    if (p.length == 0U)
        return {}; // as hexdump -n 0: not even the end offset

    auto progress = meter(p, label, length);
    auto& out = cli::Out::get();
    if (p.view == View::bytes && !out.flush())
        return std::unexpected(sys_error("write", "standard output", out.error()));
    if (p.view == View::bytes && object.posix) {
        // Kernel-side: into a pipe, the pages themselves.
        auto copied =
            copy_file_to_fd(STDOUT_FILENO, object.fd.get(), p.offset, length, object.words, progress.callback());
        if (!copied)
            return copied;
    } else {
        auto view = object.view(p.offset, length, false);
        if (!view)
            return std::unexpected(view.error());
        // Straight from the attachment: no copy of our own, and none at all
        // into a pipe.
        auto done = p.view == View::bytes ? send_memory(STDOUT_FILENO, view->data(), view->size(), progress.callback())
                                          : show_view(p, *view, progress);
        if (!done)
            return done;
    }
    progress.finish(length);
    return {};
}

int read_all(const Plan& p)
{
    // Find every object first: a planted symlink or a non-file under
    // /dev/shm refuses the whole command before a byte is read.
    std::vector<Result<ShmObject>> objects;
    for (const Selector& s : p.objects) {
        objects.push_back(open_shm_object(s, false));
        if (!objects.back() && objects.back().error().usage)
            return refuse(objects.back().error());
    }
    grow_pipe(STDOUT_FILENO);
    int code = exit_ok;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        auto done = objects[i] ? read_one(p, *objects[i], p.objects[i].text) : std::unexpected(objects[i].error());
        objects[i] = std::unexpected(Error{}); // closed, detached: nothing stays open behind us
        if (done)
            continue;
        if (done.error().err == EPIPE)
            return code; // the reader has all it wanted
        cli::report(done.error());
        code = exit_failure;
    }
    return code;
}

std::string too_long(const Plan& p, bool posix, std::uint64_t input, std::uint64_t size)
{
    if (p.create)
        return fmt::format("input ({} bytes) is longer than the --create size ({} bytes{})", input, size,
                           p.offset ? fmt::format(" from offset {}", p.offset) : "");
    return fmt::format("input ({} bytes) is longer than the segment ({} bytes{}){}", input, size,
                       p.offset ? fmt::format(" from offset {}", p.offset) : "",
                       posix ? "; --truncate resizes it" : "");
}

int write_one(const Plan& p)
{
    const Selector& s = p.objects.front();
    // The target as it is now: it must exist unless --create makes it.
    ShmObject target;
    if (p.create) {
        target.words = shm_words(s);
        target.posix = s.type == Selector::Type::name;
        target.size = *p.create;
    } else {
        auto found = open_shm_object(s, true);
        if (!found)
            return found.error().usage ? refuse(found.error()) : fail(found.error());
        target = std::move(*found);
        if (!p.truncate && p.offset > target.size)
            return fail(failure("write", target.words,
                                fmt::format("offset {} is past its end ({} bytes)", p.offset, target.size)));
    }

    // All of stdin before the segment is touched, so a long input is refused
    // with the segment as it was.
    const std::uint64_t room = p.truncate ? UINT64_MAX : target.size - p.offset;
    auto input = take_input(STDIN_FILENO, room, "standard input");
    if (!input)
        return fail(input.error());
    if (input->size > room)
        return fail(failure("write", target.words, too_long(p, target.posix, input->size, target.size)));

    if (p.create && target.posix) {
        auto made = create_posix_shm(s.name, target.size, default_create_mode, true);
        if (!made)
            return fail(made.error());
        target.fd = std::move(*made);
    } else if (p.create) {
        auto made = create_sysv_shm(s.key, target.size, default_create_mode, true);
        if (!made)
            return fail(made.error());
        target.id = *made;
    }
    if (p.truncate) {
        target.size = p.offset + input->size;
        if (::ftruncate(target.fd.get(), static_cast<off_t>(target.size)) < 0)
            return fail(sys_error("resize", target.words, errno));
    }

    auto view = target.view(p.offset, input->size, true);
    if (!view)
        return fail(view.error());
    auto progress = meter(p, s.text, input->size);
    if (auto r = read_exact(input->fd, input->start, view->data(), view->size(), "standard input", progress.callback());
        !r)
        return fail(r.error());
    progress.finish(input->size);
    if (!input->spool) // leave a regular stdin where a reader of it expects
        (void)::lseek(input->fd, static_cast<off_t>(input->start + input->size), SEEK_SET);
    return exit_ok;
}

// A POSIX object truncated by someone else while mapped: the next read of
// the mapping faults.  Say so rather than die of SIGBUS.
void on_sigbus(int /*signal*/)
{
    static constexpr char message[] = "shmcat: the object shrank while it was being read\n";
    (void)!::write(STDERR_FILENO, message, sizeof message - 1);
    ::_exit(exit_failure);
}

int run(Options& o)
{
    auto plan = validate(o);
    if (!plan)
        return cli::usage(plan.error().message());
    std::signal(SIGBUS, on_sigbus);
    return plan->write ? write_one(*plan) : read_all(*plan);
}

} // namespace

int main(int argc, char** argv)
{
    return ipcutil::cli::main<Options>(argc, argv, "shmcat", make_app, run);
}
