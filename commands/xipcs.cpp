// xipcs — list and inspect IPC objects (placeholder until the command lands).
#include <ipcutil/cli.hpp>
#include <ipcutil/sysv.hpp>
#include <ipcutil/posix.hpp>
#include <ipcutil/parse.hpp>
#include <fmt/format.h>

namespace {
struct Options {};

std::unique_ptr<CLI::App> make_app(Options&)
{
    return ipcutil::cli::make_app("Show information on IPC facilities.", "xipcs [options]");
}

int run(Options&)
{
    using namespace ipcutil;
    auto& out = cli::Out::get();
    for (Kind k : {Kind::sysv_shm, Kind::sysv_msg, Kind::sysv_sem}) {
        auto list = list_sysv(k);
        if (!list) { cli::report(list.error()); return exit_failure; }
        for (auto& o : *list)
            out.write(fmt::format("{} {} {} {:o}\n", kind_name(k), format_key(o.key), o.id, o.mode));
    }
    return exit_ok;
}
}  // namespace

int main(int argc, char** argv)
{
    return ipcutil::cli::main<Options>(argc, argv, "xipcs", make_app, run);
}
