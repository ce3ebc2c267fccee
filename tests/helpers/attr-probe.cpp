// attr-probe — drive libipcutil's holder attribution and orphan rule from the
// command tests and the benchmark, with output simple enough for grep.
//
//   attr-probe [--fifo PATH]... [--verdict] [--grace SECONDS] [--recheck] [--stats]
//
// One line per object of every kind in the namespace (and each --fifo):
//   KIND IDENT HOLDER...      e.g. "sysv-shm 3 812:ipc-hold 815:ipc-hold"
// IDENT is the System V id, /NAME for POSIX objects, the path for FIFOs;
// each HOLDER is PID:COMM; "-" when there is none.  --verdict appends
// "verdict=WORD" (orphan, held, attached, creator-alive, creator-unknown,
// fresh, unprovable, n/a); --recheck re-checks every orphan with a fresh scan and appends
// "recheck=WORD" (still-orphan, not-orphan, gone, replaced, unknown).
// --stats writes "processes=N unreadable=N vanished=N partial=yes|no
// sight=full|partial" on stderr.  Exit 1 if listing or the /proc walk failed.
//
// Links libipcutil (see tests/CMakeLists.txt).
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "libipcutil/holders/orphans.hpp"
#include "libipcutil/holders/proc_scan.hpp"
#include "libipcutil/kernel/posix.hpp"
#include "libipcutil/kernel/sysv.hpp"

using namespace ipcutil;

namespace {

std::string_view verdict_word(Verdict v)
{
    switch (v) {
    case Verdict::orphan: return "orphan";
    case Verdict::held: return "held";
    case Verdict::attached: return "attached";
    case Verdict::creator_alive: return "creator-alive";
    case Verdict::creator_unknown: return "creator-unknown";
    case Verdict::fresh: return "fresh";
    case Verdict::unprovable: return "unprovable";
    case Verdict::not_applicable: return "n/a";
    }
    return "?";
}

std::string_view recheck_word(Recheck::Outcome o)
{
    switch (o) {
    case Recheck::still_orphan: return "still-orphan";
    case Recheck::not_orphan: return "not-orphan";
    case Recheck::gone: return "gone";
    case Recheck::replaced: return "replaced";
    case Recheck::unknown: return "unknown";
    }
    return "?";
}

std::string ident(const Object& o)
{
    if (is_sysv(o.kind))
        return std::to_string(o.id);
    if (o.kind == Kind::fifo)
        return o.path;
    return "/" + o.name;
}

int usage()
{
    std::fputs("usage: attr-probe [--fifo PATH]... [--verdict] [--grace SECONDS] [--recheck] [--stats]\n", stderr);
    return 2;
}

} // namespace

int main(int argc, char** argv)
{
    std::vector<std::string> fifos;
    bool verdicts = false;
    bool recheck = false;
    bool stats_wanted = false;
    long grace = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (a == "--fifo" && i + 1 < argc)
            fifos.emplace_back(argv[++i]);
        else if (a == "--grace" && i + 1 < argc)
            grace = std::strtol(argv[++i], nullptr, 10);
        else if (a == "--verdict")
            verdicts = true;
        else if (a == "--recheck")
            verdicts = recheck = true;
        else if (a == "--stats")
            stats_wanted = true;
        else
            return usage();
    }

    std::vector<Object> objects;
    std::vector<std::string> warnings;
    for (Kind k : {Kind::sysv_shm, Kind::sysv_msg, Kind::sysv_sem}) {
        auto list = list_sysv(k);
        if (!list) {
            std::fprintf(stderr, "attr-probe: %s\n", list.error().message().c_str());
            return 1;
        }
        objects.insert(objects.end(), list->begin(), list->end());
    }
    for (Kind k : {Kind::posix_shm, Kind::posix_mq, Kind::posix_sem}) {
        auto list = list_posix(k, warnings);
        if (!list) {
            std::fprintf(stderr, "attr-probe: %s\n", list.error().message().c_str());
            return 1;
        }
        objects.insert(objects.end(), list->begin(), list->end());
    }
    for (const auto& path : fifos) {
        Object o;
        o.kind = Kind::fifo;
        o.path = o.name = path;
        struct stat st {};
        if (::stat(path.c_str(), &st) == 0)
            o.inode = st.st_ino;
        objects.push_back(o);
    }
    for (const auto& w : warnings)
        std::fprintf(stderr, "attr-probe: %s\n", w.c_str());

    auto stats = attribute_holders(std::span<Object>(objects));
    if (!stats) {
        std::fprintf(stderr, "attr-probe: %s\n", stats.error().message().c_str());
        return 1;
    }
    if (stats_wanted)
        std::fprintf(stderr, "processes=%zu unreadable=%zu vanished=%zu partial=%s sight=%s\n", stats->processes,
                     stats->unreadable, stats->vanished, stats->partial() ? "yes" : "no",
                     stats->sight.full() ? "full" : "partial");

    OrphanPolicy policy;
    policy.now = std::time(nullptr);
    policy.grace = std::chrono::seconds(grace);
    policy.sight = stats->sight;

    std::vector<Object> candidates;
    std::vector<std::vector<Holder>> fresh;
    AttributionStats rescan;
    if (recheck) {
        for (const auto& o : objects)
            if (is_orphan(o, policy))
                candidates.push_back(o);
        auto r = rescan_holders(candidates, &rescan);
        if (!r) {
            std::fprintf(stderr, "attr-probe: %s\n", r.error().message().c_str());
            return 1;
        }
        fresh = std::move(*r);
    }

    std::string out;
    std::size_t next_candidate = 0;
    for (const auto& o : objects) {
        out += fmt::format("{} {}", kind_name(o.kind), ident(o));
        if (o.holders.empty())
            out += " -";
        for (const auto& h : o.holders)
            out += fmt::format(" {}:{}", h.pid, h.command);
        if (verdicts) {
            const Verdict v = classify_orphan(o, policy);
            out += fmt::format(" verdict={}", verdict_word(v));
            if (recheck && v == Verdict::orphan) {
                OrphanPolicy now = policy;
                now.sight = rescan.sight;
                const auto r = recheck_orphan(o, fresh[next_candidate++], now);
                out += fmt::format(" recheck={}", recheck_word(r.outcome));
            }
        }
        out += '\n';
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    return std::fflush(stdout) == 0 ? 0 : 1;
}
