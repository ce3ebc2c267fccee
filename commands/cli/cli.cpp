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

App::App(std::string description, std::string usage_line)
    : app_(std::make_unique<CLI::App>(std::move(description), g_program))
{
    app_->formatter(std::make_shared<HelpFormatter>(std::move(usage_line)));
    help_ = app_->set_help_flag("-h,--help", "display this help");
    version_text_ = fmt::format("{} (xipc) {}", g_program, XIPC_VERSION);
    version_ = app_->set_version_flag("-V,--version", version_text_, "display version");
    app_->option_defaults()->always_capture_default(false);
    // As getopt: a later -o replaces an earlier one.  (Lists keep every
    // occurrence: TakeLast keeps as many values as an option holds.)
    app_->option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    // Operands nobody takes are refused in our words, not CLI11's.
    app_->allow_extras();
}

CLI::Option* App::add_optional_value(const std::string& names, OptionalValue& into, std::string_view value_name,
                                     const std::string& help)
{
    // CLI11 sees a bare flag; read() gives it its attached value.
    auto* opt = app_->add_flag(names, help);
    opt->type_name(fmt::format("[={}]", value_name));
    optional_values_.emplace_back(opt, &into);
    return opt;
}

void App::add_selector_flags(SelectorForm& form, std::string_view what)
{
    const std::pair<const char*, SelectorForm> flags[] = {
        {"--id", SelectorForm::id}, {"--key", SelectorForm::key}, {"--name", SelectorForm::name}};
    const char* meaning[] = {"a System V id", "a System V key (decimal too)", "a POSIX name (digits too)"};
    std::vector<CLI::Option*> added;
    for (std::size_t i = 0; i < std::size(flags); ++i) {
        const SelectorForm f = flags[i].second;
        added.push_back(app_->add_flag_callback(
            flags[i].first, [&form, f] { form = f; }, fmt::format("read {} as {}", what, meaning[i])));
    }
    for (CLI::Option* a : added)
        for (CLI::Option* b : added)
            if (a != b)
                a->excludes(b);
}

std::string App::help() const
{
    return app_->help();
}

namespace {

// How an option is typed in messages and handed to CLI11: its first long
// name, else its letter.
std::string spelling(const CLI::Option* opt)
{
    const auto& l = opt->get_lnames();
    return l.empty() ? "-" + opt->get_snames().at(0) : "--" + l.front();
}

} // namespace

Reading App::read(const std::vector<std::string>& args)
{
    typed_.clear();
    for (auto [opt, into] : optional_values_)
        *into = OptionalValue{};
    // Every named option as getopt_long would see it, -h and -V last as in
    // the help (and in the candidates of an ambiguous prefix).
    std::vector<CLI::Option*> options;
    for (CLI::Option* opt : app_->get_options())
        if (opt->nonpositional() && opt != help_ && opt != version_)
            options.push_back(opt);
    options.push_back(help_);
    options.push_back(version_);
    std::vector<OptionSpec> specs;
    for (CLI::Option* opt : options) {
        OptionSpec spec;
        for (const auto& s : opt->get_snames())
            spec.short_names += s;
        spec.long_names = opt->get_lnames();
        const bool optional = std::any_of(optional_values_.begin(), optional_values_.end(),
                                          [opt](const auto& ov) { return ov.first == opt; });
        spec.argument = optional                       ? Argument::optional
                        : opt->get_expected_max() == 0 ? Argument::none
                                                       : Argument::required;
        spec.ends_scan = opt == help_ || opt == version_;
        specs.push_back(std::move(spec));
    }
    const Scan scan = scan_argv(specs, args);
    if (scan.error)
        return {Reading::Outcome::usage_error, *scan.error};
    if (scan.ended_by)
        return {options[*scan.ended_by] == help_ ? Reading::Outcome::help : Reading::Outcome::version, ""};
    if (auto problem = bind(scan, options))
        return {Reading::Outcome::usage_error, std::move(*problem)};
    return {};
}

std::optional<std::string> App::bind(const Scan& scan, const std::vector<CLI::Option*>& options)
{
    // One canonical word per occurrence (and its value in the next word,
    // which CLI11 takes whatever it looks like), then `--` and the
    // operands: CLI11 has nothing left to guess.
    std::vector<std::string> words;
    for (const ScannedOption& s : scan.options) {
        CLI::Option* opt = options[s.spec];
        typed_.push_back({opt, s.value});
        words.push_back(spelling(opt));
        auto ov = std::find_if(optional_values_.begin(), optional_values_.end(),
                               [opt](const auto& o) { return o.first == opt; });
        if (ov != optional_values_.end()) {
            ov->second->given = true;
            ov->second->value = s.value;
            // `-a=shm` is `-ashm`, as xipcrm has always read it (getopt
            // would hand over "=shm").
            if (s.by_letter && s.value && s.value->starts_with('='))
                ov->second->value->erase(0, 1);
        } else if (s.value) {
            // Commands read an empty option string as "not given": `-o ''`
            // must not quietly mean "no offset".  No option of the suite
            // takes an empty value.
            if (s.value->empty())
                return fmt::format("{}: empty argument", spelling(opt));
            words.push_back(*s.value);
        }
    }
    if (!scan.operands.empty())
        words.emplace_back("--");
    for (const ScannedOperand& o : scan.operands)
        words.push_back(o.text);
    // Each option takes exactly its one value: a list option must not eat
    // the `--` or the operands after it.
    for (CLI::Option* opt : options)
        opt->allow_extra_args(false);

    std::reverse(words.begin(), words.end());
    try {
        app_->parse(words);
    } catch (const CLI::ParseError& e) {
        return message_for(e);
    }
    // The operands no positional took (CLI11 keeps our `--` among them).
    std::vector<std::string> extras = app_->remaining();
    if (auto mark = std::find(extras.begin(), extras.end(), "--"); mark != extras.end())
        extras.erase(mark);
    if (!extras.empty()) {
        // Positionals take operands in order: the extras are the last ones.
        const ScannedOperand& first = scan.operands.at(scan.operands.size() - extras.size());
        // `xipcs --watch 2`, `semop --post 3 /s`: getopt reads the 2 (the 3)
        // as an operand, which says little unless the way to attach it is
        // shown, whichever operand ends up the one too many: that value is
        // the argument not expected.
        for (const ScannedOperand& operand : scan.operands)
            if (operand.after_optional) {
                const std::string name = spelling(options[*operand.after_optional]);
                return fmt::format("unexpected argument: '{}' (a value for {} must be attached: {}={})",
                                   quote(operand.text), name, name, quote(operand.text));
            }
        return fmt::format("unexpected argument: '{}'", quote(first.text));
    }
    return std::nullopt;
}

std::string App::message_for(const CLI::ParseError& error) const
{
    const auto given = [](const CLI::Option* o) { return o->count() > 0; };
    if (dynamic_cast<const CLI::ExcludesError*>(&error) != nullptr) {
        // The first two typed that may not go together, as util-linux's
        // err_exclusive_options words it.
        const auto excludes = [](const CLI::Option* a, const CLI::Option* b) {
            const auto set = a->get_excludes();
            return std::any_of(set.begin(), set.end(), [b](const CLI::Option* e) { return e == b; });
        };
        for (std::size_t j = 0; j < typed_.size(); ++j)
            for (std::size_t i = 0; i < j; ++i)
                if (excludes(typed_[i].option, typed_[j].option))
                    return fmt::format("mutually exclusive arguments: {} {}", spelling(typed_[i].option),
                                       spelling(typed_[j].option));
    }
    if (dynamic_cast<const CLI::RequiredError*>(&error) != nullptr) {
        for (const CLI::Option* o : app_->get_options())
            if (o->get_required() && !given(o))
                return fmt::format("no {} given", o->nonpositional() ? spelling(o) : o->get_name());
    }
    return "invalid command line";
}

std::optional<int> App::parse(int argc, char** argv)
{
    const Reading r = read(std::vector<std::string>(argv + 1, argv + argc));
    switch (r.outcome) {
    case Reading::Outcome::run: return std::nullopt;
    case Reading::Outcome::help: Out::get().write(help()); return exit_ok;
    case Reading::Outcome::version: Out::get().write(version() + "\n"); return exit_ok;
    case Reading::Outcome::usage_error: break;
    }
    return usage(r.message);
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
