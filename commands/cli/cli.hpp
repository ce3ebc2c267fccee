#pragma once
// What every command shares around CLI11: the help layout, the version
// flag, usage errors with exit 2, getopt-style optional option values, and
// stdout that treats EPIPE as a quiet end.

#include <sys/uio.h>

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

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
/// getopt's optional_argument: `-a shm` is the flag followed by an operand.
/// Declare it with add_optional_value(); after parsing, `given` and `value`
/// say what was typed.
struct OptionalValue {
    std::string short_name; ///< "-a" or empty
    std::string long_name;  ///< "--all"
    std::string value_name; ///< shown in help as [=value_name]
    bool given = false;
    std::optional<std::string> value;
};

/// Make a CLI11 app with the xipc help layout and -h/--help, -V/--version.
/// `usage_line` is what follows "Usage: " (e.g. "xipcs [options]").
[[nodiscard]] std::unique_ptr<CLI::App> make_app(std::string description, std::string usage_line);

/// Declare an OptionalValue on `app` (it must outlive the parse).
CLI::Option* add_optional_value(CLI::App& app, OptionalValue& option, std::string help);

/// Declare --id, --key and --name (one at most): they make every object
/// argument read as a System V id, a System V key or a POSIX name instead of
/// guessed from its form.  `what` names the arguments in the help ("each object").
void add_selector_flags(CLI::App& app, SelectorForm& form, std::string_view what);

/// Parse argv into `app`: prints help/version (exit 0) or a usage error
/// (exit 2).  Returns nullopt when the command should go on and run.
[[nodiscard]] std::optional<int> parse(CLI::App& app, int argc, char** argv);

/// The whole main(): set the program name, ignore SIGPIPE, build the app,
/// parse, run, and flush stdout (a write error is exit 1, EPIPE is quiet).
template <class Options>
int main(int argc, char** argv, const char* name, const std::function<std::unique_ptr<CLI::App>(Options&)>& make,
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
int main(int argc, char** argv, const char* name, const std::function<std::unique_ptr<CLI::App>(Options&)>& make,
         const std::function<int(Options&)>& run)
{
    set_program(name);
    ignore_sigpipe();
    Options options;
    auto app = make(options);
    if (auto done = parse(*app, argc, argv))
        return finish(*done);
    return finish(run(options));
}

} // namespace ipcutil::cli
