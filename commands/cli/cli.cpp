#include "cli/cli.hpp"

#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

namespace ipcutil::cli {
namespace {

std::string g_program = "xipc";

// Every OptionalValue declared for the app being parsed.
std::vector<OptionalValue*>& registry()
{
    static std::vector<OptionalValue*> r;
    return r;
}

// Help in the util-linux layout: one line per option, short and long forms,
// <arg> required, [=arg] optional, -h and -V last.
class HelpFormatter : public CLI::Formatter {
  public:
    explicit HelpFormatter(std::string usage_line) : usage_line_(std::move(usage_line)) {}

    std::string make_help(const CLI::App* app, std::string /*name*/, CLI::AppFormatMode /*mode*/) const override
    {
        std::string out = fmt::format("\nUsage:\n {}\n", usage_line_);
        if (!app->get_description().empty())
            out += fmt::format("\n{}\n", app->get_description());
        out += "\nOptions:\n";
        std::vector<const CLI::Option*> last;
        for (const CLI::Option* opt : app->get_options()) {
            if (opt->get_positional() && opt->nonpositional() == false)
                continue;
            if (opt->get_group().empty())
                continue;
            const auto& s = opt->get_snames();
            const bool tail = (!s.empty() && (s[0] == "h" || s[0] == "V"));
            if (tail) {
                last.push_back(opt);
                continue;
            }
            out += line(opt);
        }
        out += "\n";
        for (const CLI::Option* opt : last)
            out += line(opt);
        if (!app->get_footer().empty())
            out += fmt::format("\n{}\n", app->get_footer());
        return out;
    }

  private:
    static std::string line(const CLI::Option* opt)
    {
        std::string names;
        for (const auto& s : opt->get_snames())
            names += fmt::format("-{}, ", s);
        if (names.empty())
            names = "    ";
        const auto& l = opt->get_lnames();
        if (!l.empty())
            names += "--" + l[0];
        else if (names.size() >= 2)
            names.resize(names.size() - 2);
        const std::string type = opt->get_type_name();
        if (!type.empty() && type.front() == '[')
            names += type; // optional value, already "[=name]" or " [name]"
        else if (opt->get_expected_max() > 0 && !type.empty())
            names += fmt::format(" <{}>", type);
        std::string desc = opt->get_description();
        if (names.size() + 1 < 28)
            return fmt::format(" {:<28}{}\n", names, desc);
        return fmt::format(" {}\n {:<28}{}\n", names, "", desc);
    }

    std::string usage_line_;
};

} // namespace

const std::string& program()
{
    return g_program;
}

void set_program(const char* name)
{
    g_program = name;
}

void ignore_sigpipe()
{
    std::signal(SIGPIPE, SIG_IGN);
}

void report(std::string_view message)
{
    Out::get().flush();
    // One line, whatever the message quotes: a name or an argument with a
    // newline or another control character in it shows it as \xNN.
    std::string line = fmt::format("{}: ", g_program);
    for (const char c : message) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f)
            line += fmt::format("\\x{:02x}", u);
        else
            line += c;
    }
    line += '\n';
    (void)!::write(STDERR_FILENO, line.data(), line.size());
}

void report(const Error& error)
{
    report(error.message());
}

int usage(std::string_view message)
{
    report(message);
    const std::string hint = fmt::format("Try '{} --help' for more information.\n", g_program);
    (void)!::write(STDERR_FILENO, hint.data(), hint.size());
    return exit_usage;
}

std::unique_ptr<CLI::App> make_app(std::string description, std::string usage_line)
{
    auto app = std::make_unique<CLI::App>(std::move(description), g_program);
    app->formatter(std::make_shared<HelpFormatter>(std::move(usage_line)));
    app->set_help_flag("-h,--help", "display this help");
    app->set_version_flag("-V,--version", fmt::format("{} (xipc) {}", g_program, XIPC_VERSION), "display version");
    app->option_defaults()->always_capture_default(false);
    return app;
}

CLI::Option* add_optional_value(CLI::App& app, OptionalValue& option, std::string help)
{
    std::string names = option.short_name.empty() ? option.long_name : option.short_name + "," + option.long_name;
    // CLI11 sees only the bare flag; parse() peels attached values off first.
    registry().push_back(&option);
    auto* opt = app.add_flag(names, option.given, help);
    opt->type_name(fmt::format("[={}]", option.value_name));
    return opt;
}

void add_selector_flags(CLI::App& app, SelectorForm& form, std::string_view what)
{
    const std::pair<const char*, SelectorForm> flags[] = {
        {"--id", SelectorForm::id}, {"--key", SelectorForm::key}, {"--name", SelectorForm::name}};
    const char* meaning[] = {"a System V id", "a System V key (decimal too)", "a POSIX name (digits too)"};
    std::vector<CLI::Option*> added;
    for (std::size_t i = 0; i < std::size(flags); ++i) {
        const SelectorForm f = flags[i].second;
        added.push_back(app.add_flag_callback(
            flags[i].first, [&form, f] { form = f; }, fmt::format("read {} as {}", what, meaning[i])));
    }
    for (CLI::Option* a : added)
        for (CLI::Option* b : added)
            if (a != b)
                a->excludes(b);
}

namespace {
// The refusal for an operand typed after an optional-value option
// (`--watch 2`), when there is one.
std::optional<std::string> detached_value(const std::vector<std::string>& typed)
{
    for (std::size_t i = 0; i + 1 < typed.size() && typed[i] != "--"; ++i)
        for (const OptionalValue* ov : registry())
            if ((typed[i] == ov->long_name || (!ov->short_name.empty() && typed[i] == ov->short_name))
                && !typed[i + 1].starts_with("-"))
                return fmt::format("unexpected argument: '{}' (a value for {} must be attached: {}={})",
                                   quote(typed[i + 1]), ov->long_name, ov->long_name, quote(typed[i + 1]));
    return std::nullopt;
}
} // namespace

std::optional<int> parse(CLI::App& app, int argc, char** argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    // Peel "--long=value" and "-svalue" off optional-value options.
    for (auto& a : args) {
        if (a == "--")
            break;
        for (OptionalValue* ov : registry()) {
            const std::string eq = ov->long_name + "=";
            if (a.starts_with(eq)) {
                ov->value = a.substr(eq.size());
                a = ov->long_name;
            } else if (!ov->short_name.empty() && a.size() > 2 && a.starts_with(ov->short_name) && a[1] != '-') {
                ov->value = a.substr(ov->short_name.size());
                if (!ov->value->empty() && ov->value->front() == '=')
                    ov->value->erase(0, 1);
                a = ov->short_name;
            }
        }
    }
    const std::vector<std::string> typed = args;
    std::reverse(args.begin(), args.end());
    try {
        app.parse(args);
    } catch (const CLI::CallForHelp&) {
        auto& out = Out::get();
        out.write(app.help());
        return exit_ok;
    } catch (const CLI::CallForVersion& e) {
        auto& out = Out::get();
        out.write(fmt::format("{}\n", e.what()));
        return exit_ok;
    } catch (const CLI::ExtrasError& e) {
        // `xipcs --watch 2`: getopt reads the 2 as an operand, which says
        // little unless the way to attach it is shown.
        if (auto hint = detached_value(typed))
            return usage(*hint);
        return usage(e.what());
    } catch (const CLI::ParseError& e) {
        std::string what = e.what();
        if (!what.empty() && what.back() == '\n')
            what.pop_back();
        return usage(what);
    }
    // Commands read an empty option string as "not given": `-o ''` must not
    // quietly mean "no offset".  No option of the suite takes an empty value.
    for (const CLI::Option* opt : app.get_options()) {
        if (opt->get_positional() || opt->get_expected_max() == 0 || opt->count() == 0)
            continue;
        const auto& results = opt->results();
        if (std::any_of(results.begin(), results.end(), [](const std::string& r) { return r.empty(); })) {
            const auto& l = opt->get_lnames();
            return usage(fmt::format("{}: empty argument", l.empty() ? "-" + opt->get_snames().at(0) : "--" + l[0]));
        }
    }
    for (OptionalValue* ov : registry()) {
        const std::string name = ov->long_name;
        ov->given = app.get_option(name)->count() > 0;
        if (!ov->given)
            ov->value.reset();
    }
    return std::nullopt;
}

Out& Out::get()
{
    static Out out;
    return out;
}

bool Out::write(std::string_view text)
{
    if (epipe_ || failed_)
        return false;
    // A large piece (a whole listing) goes straight out, without a copy.
    if (text.size() >= 64 * 1024)
        return write_direct(text.data(), text.size());
    buffer_.append(text);
    if (buffer_.size() >= 64 * 1024)
        return flush();
    return true;
}

bool Out::write_direct(const void* data, std::size_t size)
{
    if (!flush())
        return false;
    const auto* p = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t n = ::write(STDOUT_FILENO, p, size);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            (errno == EPIPE ? epipe_ : failed_) = true;
            errno_ = errno;
            return false;
        }
        p += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

bool Out::write_vector(std::span<iovec> pieces)
{
    if (pieces.size() == 1)
        return write_direct(pieces[0].iov_base, pieces[0].iov_len);
    if (!flush())
        return false;
    while (!pieces.empty()) {
        const auto count = static_cast<int>(std::min<std::size_t>(pieces.size(), IOV_MAX));
        const ssize_t n = ::writev(STDOUT_FILENO, pieces.data(), count);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            (errno == EPIPE ? epipe_ : failed_) = true;
            errno_ = errno;
            return false;
        }
        // Drop what went out; a short write leaves part of a piece.
        auto left = static_cast<std::size_t>(n);
        while (!pieces.empty() && left >= pieces.front().iov_len) {
            left -= pieces.front().iov_len;
            pieces = pieces.subspan(1);
        }
        if (left > 0) {
            pieces.front().iov_base = static_cast<char*>(pieces.front().iov_base) + left;
            pieces.front().iov_len -= left;
        }
    }
    return true;
}

bool Out::flush()
{
    if (epipe_ || failed_)
        return false;
    std::string pending;
    pending.swap(buffer_);
    if (pending.empty())
        return true;
    return write_direct(pending.data(), pending.size());
}

int finish(int code)
{
    auto& out = Out::get();
    out.flush();
    if (out.failed()) {
        report(sys_error("write", "standard output", out.error()));
        return exit_failure;
    }
    return code;
}

} // namespace ipcutil::cli
