#pragma once
// xipcmk's options, and the creation they ask for: what the command line
// says, bound by make_app, checked and parsed by plan() into the library's
// typed CreationPlan before anything is made.  Pure: nothing is read or
// created here.

#include <optional>
#include <string>

#include "cli/cli.hpp"
#include "libipcutil/lifecycle/creation_plan.hpp"

namespace xipcmk {

/// What was typed; an option with a value is set when it was given (the
/// last occurrence, as getopt).
struct Options {
    std::optional<std::string> shm_size;  ///< -M, --shmem
    std::optional<std::string> nsems;     ///< -S, --semaphore
    std::optional<std::string> pshm_size; ///< -m, --posix-shmem
    bool msg = false;                     ///< -Q, --queue
    bool pmq = false;                     ///< -q, --posix-mqueue
    bool psem = false;                    ///< -s, --posix-semaphore
    std::optional<std::string> fifo;      ///< -f, --fifo
    std::optional<std::string> name;      ///< -n, --name
    std::optional<std::string> mode;      ///< -p, --mode
    std::optional<std::string> key;       ///< -k, --key
    std::optional<std::string> maxmsg;    ///< --maxmsg
    std::optional<std::string> msgsize;   ///< --msgsize
    std::optional<std::string> value;     ///< --value
    bool exclusive = false;               ///< -x, --exclusive
    bool quiet = false;                   ///< --quiet
    bool json = false;                    ///< --json
};

/// xipcmk's options, bound to `o`.
[[nodiscard]] ipcutil::cli::App make_app(Options& o);

/// Check every option and make the plan; the first problem is a usage
/// error (exit 2) and nothing may be created.
[[nodiscard]] ipcutil::Result<ipcutil::CreationPlan> plan(const Options& o);

} // namespace xipcmk
