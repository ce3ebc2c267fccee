#pragma once
// What every command shares around CLI11: one App per command (the help
// layout, the version flag, getopt_long's reading of the command line and
// its messages, optional option values), usage errors with exit 2, and
// stdout that treats EPIPE as a quiet end.

#include <sys/uio.h>

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/argv_scan.hpp"
#include "libipcutil/core/error.hpp"
#include "libipcutil/core/select.hpp"

namespace ipcutil::cli {

/// The running command's name, for messages ("xipcs").
[[nodiscard]] const std::string& program();

/// Print "COMMAND: message" on stderr.
void report(std::string_view message);
/// Print an Error as "COMMAND: op object: why" on stderr.
void report(const Error& error);
/// Print a usage error and the "Try 'COMMAND --help'" hint; returns exit_usage.
int usage(std::string_view message);

/// An option whose value may only be attached (`--all=shm`, `-ashm`), as
/// getopt's optional_argument: `-a shm` is the option followed by an
/// operand.  After parsing, `given` says whether it was typed and `value`
/// what was attached to its last occurrence.
struct OptionalValue {
    bool given = false;
    std::optional<std::string> value;
};

/// What a command line comes to.
struct Reading {
    enum class Outcome { run, help, version, usage_error };
    Outcome outcome = Outcome::run;
    std::string message; ///< usage_error: the line after "COMMAND: "
};

/// One command's options: a CLI11 app with the xipc help layout, -h/--help
/// and -V/--version, read as getopt_long reads a command line (argv_scan.hpp)
/// and then bound by CLI11 to the command's Options.  Every message is
/// ours: none of CLI11's reaches the user.
class App {
  public:
    /// `usage_line` is what follows "Usage: " (e.g. "xipcs [options]").
    App(std::string description, std::string usage_line);

    /// Declare options and positionals the CLI11 way: app->add_option(...).
    CLI::App* operator->() const { return app_.get(); }
    CLI::App& operator*() const { return *app_; }

    /// Declare an option whose value may only be attached; `into` must
    /// outlive the parse.  `names` as CLI11's ("-a,--all").
    CLI::Option* add_optional_value(const std::string& names, OptionalValue& into, std::string_view value_name,
                                    const std::string& help);

    /// Declare --id, --key and --name (one at most): they make every object
    /// argument read as a System V id, a System V key or a POSIX name
    /// instead of guessed from its form.  `what` names the arguments in the
    /// help ("each object").
    void add_selector_flags(SelectorForm& form, std::string_view what);

    /// Read a command line (argv without argv[0]) into the bound options.
    /// Prints nothing; a usage error comes back worded.
    [[nodiscard]] Reading read(const std::vector<std::string>& args);

    /// read(), then print help or the version on stdout (exit 0) or the
    /// usage error (exit 2).  Returns nullopt when the command should run.
    [[nodiscard]] std::optional<int> parse(int argc, char** argv);

    /// One option occurrence, in the order typed, with the value given.
    struct Typed {
        const CLI::Option* option = nullptr;
        std::optional<std::string> value;
    };
    /// Every option occurrence of the last read(), in the order typed:
    /// which option came last is the command's to decide.
    [[nodiscard]] const std::vector<Typed>& typed() const { return typed_; }

    [[nodiscard]] std::string help() const;
    [[nodiscard]] const std::string& version() const { return version_text_; }

  private:
    // Hand what the scan found to CLI11; the usage error, if any.
    std::optional<std::string> bind(const Scan& scan, const std::vector<CLI::Option*>& options);
    // A CLI11 parse error (a mutual exclusion, a missing required option)
    // in our words.
    [[nodiscard]] std::string message_for(const CLI::ParseError& error) const;

    std::unique_ptr<CLI::App> app_;
    CLI::Option* help_ = nullptr;
    CLI::Option* version_ = nullptr;
    std::string version_text_;
    std::vector<std::pair<const CLI::Option*, OptionalValue*>> optional_values_;
    std::vector<Typed> typed_;
};

/// The whole main(): set the program name, ignore SIGPIPE, build the app,
/// parse, run, and flush stdout (a write error is exit 1, EPIPE is quiet).
template <class Options>
int main(int argc, char** argv, const char* name, const std::function<App(Options&)>& make,
         const std::function<int(Options&)>& run);

/// Buffered stdout.  write() returns false once stdout is gone (EPIPE) or
/// failed; callers stop producing output then.
class Out {
  public:
    static Out& get();
    bool write(std::string_view text);
    bool put(char c) { return write(std::string_view(&c, 1)); }
    /// Write straight to fd 1 after flushing (large data).
    bool write_direct(const void* data, std::size_t size);
    /// Write the pieces straight to fd 1 after flushing, with as few
    /// writev(2) calls as it takes.  The pieces are consumed.
    bool write_vector(std::span<iovec> pieces);
    bool flush();
    [[nodiscard]] bool broken_pipe() const { return epipe_; }
    [[nodiscard]] bool failed() const { return failed_; }
    [[nodiscard]] int error() const { return errno_; }

  private:
    std::string buffer_;
    bool epipe_ = false;
    bool failed_ = false;
    int errno_ = 0;
};

void set_program(const char* name);
void ignore_sigpipe();
/// The exit code after flushing stdout: `code`, or 1 on a write error
/// (reported), keeping `code` on EPIPE.
[[nodiscard]] int finish(int code);

template <class Options>
int main(int argc, char** argv, const char* name, const std::function<App(Options&)>& make,
         const std::function<int(Options&)>& run)
{
    set_program(name);
    ignore_sigpipe();
    Options options;
    App app = make(options);
    if (auto done = app.parse(argc, argv))
        return finish(*done);
    return finish(run(options));
}

} // namespace ipcutil::cli
