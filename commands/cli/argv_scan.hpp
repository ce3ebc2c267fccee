#pragma once
// The command line as getopt_long reads it (glibc, with argument
// permutation): long options by any unambiguous prefix, an exact name
// winning over longer ones; `--flag=value` refused; short options in
// clusters (`-vn`, `-ashm`, `-p0600`); a required argument attached or in
// the next word, whatever it looks like; an optional one only attached;
// `--` ends the options, and nothing after it is looked at.  Errors are
// worded as glibc 2.36 words them, without the program name.
//
// Every command's option parsing goes through this scan before CLI11 sees
// anything (cli::App::read), so the rules hold for every option of every
// command, present and future.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace ipcutil::cli {

/// How an option takes its argument (getopt_long's has_arg).
enum class Argument { none, required, optional };

/// One option as the scan sees it.
struct OptionSpec {
    std::string short_names;             ///< its letters ("n"), maybe none
    std::vector<std::string> long_names; ///< without the dashes ("dry-run"), maybe none
    Argument argument = Argument::none;
    bool ends_scan = false; ///< --help, --version: nothing after it is looked at
};

/// One option occurrence, in the order typed.
struct ScannedOption {
    std::size_t spec = 0;             ///< its index in the specs
    std::optional<std::string> value; ///< always set for a required argument
    bool by_letter = false;           ///< typed as -x, not as --name
};

/// One operand (a word that is not an option nor an option's argument).
struct ScannedOperand {
    std::string text;
    /// The optional-argument option typed right before it without a value,
    /// whose value it may have been meant to be (`--watch 2`).
    std::optional<std::size_t> after_optional;
};

/// What the scan made of the arguments.
struct Scan {
    std::vector<ScannedOption> options;
    std::vector<ScannedOperand> operands; ///< in order, those after `--` included
    std::optional<std::size_t> ended_by;  ///< the ends_scan option met, when one was
    std::optional<std::string> error;     ///< the first problem, as getopt words it
};

/// Read `args` (argv without argv[0]) against `specs`.  The scan stops at
/// the first error or the first ends_scan option, whichever comes first.
[[nodiscard]] Scan scan_argv(std::span<const OptionSpec> specs, std::span<const std::string> args);

} // namespace ipcutil::cli
