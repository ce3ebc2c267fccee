#include "cli/argv_scan.hpp"

#include <algorithm>
#include <string_view>

#include <fmt/format.h>

namespace ipcutil::cli {
namespace {

// A long name typed, and the spec and full name it stands for.
struct LongMatch {
    std::size_t spec = 0;
    std::string_view name;
};

class Scanner {
  public:
    Scanner(std::span<const OptionSpec> specs, std::span<const std::string> args) : specs_(specs), args_(args) {}

    Scan run()
    {
        for (i_ = 0; i_ < args_.size() && !done(); ++i_) {
            const std::string& arg = args_[i_];
            std::optional<std::size_t> optional_before = pending_optional_;
            pending_optional_.reset();
            if (arg == "--") {
                for (++i_; i_ < args_.size(); ++i_)
                    scan_.operands.push_back({args_[i_], std::nullopt});
                break;
            }
            if (arg.starts_with("--"))
                long_option(arg);
            else if (arg.size() > 1 && arg[0] == '-')
                short_options(arg);
            else
                scan_.operands.push_back({arg, optional_before});
        }
        return std::move(scan_);
    }

  private:
    [[nodiscard]] bool done() const { return scan_.error || scan_.ended_by; }

    void fail(std::string message) { scan_.error = std::move(message); }

    // Record one occurrence; an ends_scan option ends the scan.
    void take(std::size_t spec, std::optional<std::string> value, bool by_letter)
    {
        if (specs_[spec].argument == Argument::optional && !value)
            pending_optional_ = spec;
        scan_.options.push_back({spec, std::move(value), by_letter});
        if (specs_[spec].ends_scan)
            scan_.ended_by = spec;
    }

    // The argument in the next word, if there is one.
    std::optional<std::string> next_word()
    {
        if (i_ + 1 >= args_.size())
            return std::nullopt;
        return args_[++i_];
    }

    // The option `typed` (without "--" and "=value") names: its exact name,
    // else the one option it is a prefix of; else the error, worded with
    // the whole word `arg` as glibc words it.
    std::optional<LongMatch> find_long(std::string_view typed, const std::string& arg)
    {
        std::vector<LongMatch> prefixed;
        for (std::size_t s = 0; s < specs_.size(); ++s)
            for (const auto& name : specs_[s].long_names) {
                if (name == typed)
                    return LongMatch{s, name};
                if (name.starts_with(typed))
                    prefixed.push_back({s, name});
            }
        if (prefixed.empty()) {
            fail(fmt::format("unrecognized option '{}'", arg));
            return std::nullopt;
        }
        // Several names of one option are one candidate.
        const std::size_t first = prefixed.front().spec;
        if (std::all_of(prefixed.begin(), prefixed.end(), [&](const LongMatch& m) { return m.spec == first; }))
            return prefixed.front();
        std::string message = fmt::format("option '{}' is ambiguous; possibilities:", arg);
        for (std::size_t k = 0; k < prefixed.size(); ++k)
            if (k == 0 || prefixed[k].spec != first)
                message += fmt::format(" '--{}'", prefixed[k].name);
        fail(std::move(message));
        return std::nullopt;
    }

    void long_option(const std::string& arg)
    {
        const std::string_view body = std::string_view(arg).substr(2);
        const auto eq = body.find('=');
        const auto match = find_long(body.substr(0, eq), arg);
        if (!match)
            return;
        const bool attached = eq != std::string_view::npos;
        std::optional<std::string> value;
        if (attached)
            value = std::string(body.substr(eq + 1));
        switch (specs_[match->spec].argument) {
        case Argument::none:
            if (attached)
                return fail(fmt::format("option '--{}' doesn't allow an argument", match->name));
            break;
        case Argument::required:
            if (!attached)
                value = next_word();
            if (!value)
                return fail(fmt::format("option '--{}' requires an argument", match->name));
            break;
        case Argument::optional: break;
        }
        take(match->spec, std::move(value), false);
    }

    void short_options(const std::string& arg)
    {
        for (std::size_t j = 1; j < arg.size() && !done(); ++j) {
            const char c = arg[j];
            const auto spec = std::find_if(specs_.begin(), specs_.end(), [c](const OptionSpec& s) {
                return s.short_names.find(c) != std::string::npos;
            });
            if (spec == specs_.end())
                return fail(fmt::format("invalid option -- '{}'", c));
            const auto index = static_cast<std::size_t>(spec - specs_.begin());
            const bool rest = j + 1 < arg.size();
            switch (spec->argument) {
            case Argument::none: take(index, std::nullopt, true); continue;
            case Argument::required: {
                auto value = rest ? std::optional<std::string>(arg.substr(j + 1)) : next_word();
                if (!value)
                    return fail(fmt::format("option requires an argument -- '{}'", c));
                return take(index, std::move(value), true);
            }
            case Argument::optional:
                return take(index, rest ? std::optional<std::string>(arg.substr(j + 1)) : std::nullopt, true);
            }
        }
    }

    std::span<const OptionSpec> specs_;
    std::span<const std::string> args_;
    std::size_t i_ = 0;
    std::optional<std::size_t> pending_optional_;
    Scan scan_;
};

} // namespace

Scan scan_argv(std::span<const OptionSpec> specs, std::span<const std::string> args)
{
    return Scanner(specs, args).run();
}

} // namespace ipcutil::cli
