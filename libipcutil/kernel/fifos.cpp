#include "libipcutil/kernel/fifos.hpp"

#include <fcntl.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <tuple>
#include <utility>

#include <fmt/format.h>

namespace ipcutil {

std::optional<int> parse_fdinfo_flags(std::string_view text)
{
    constexpr std::string_view key = "flags:";
    while (!text.empty()) {
        const std::size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
        if (!line.starts_with(key))
            continue;
        line.remove_prefix(key.size());
        const std::size_t digits = line.find_first_not_of(" \t");
        if (digits == std::string_view::npos)
            return std::nullopt;
        line.remove_prefix(digits);
        unsigned flags = 0;
        const auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), flags, 8);
        if (ec != std::errc{} || end == line.data())
            return std::nullopt;
        return static_cast<int>(flags);
    }
    return std::nullopt;
}

bool flags_read(int flags)
{
    const int mode = flags & O_ACCMODE;
    return mode == O_RDONLY || mode == O_RDWR;
}

bool flags_write(int flags)
{
    const int mode = flags & O_ACCMODE;
    return mode == O_WRONLY || mode == O_RDWR;
}

namespace {

void add_once(std::vector<pid_t>& pids, pid_t pid)
{
    if (std::find(pids.begin(), pids.end(), pid) == pids.end())
        pids.push_back(pid);
}

} // namespace

std::vector<Object> group_fifos(std::span<const FifoSighting> sightings)
{
    std::vector<const FifoSighting*> by_pid;
    by_pid.reserve(sightings.size());
    for (const auto& s : sightings)
        by_pid.push_back(&s);
    std::stable_sort(by_pid.begin(), by_pid.end(),
                     [](const FifoSighting* a, const FifoSighting* b) { return a->pid < b->pid; });
    std::map<std::pair<std::uint64_t, std::uint64_t>, std::size_t> index;
    std::vector<Object> fifos;
    for (const FifoSighting* s : by_pid) {
        const auto [it, fresh] = index.try_emplace({s->dev, s->ino}, fifos.size());
        if (fresh) {
            Object o;
            o.kind = Kind::fifo;
            o.path = s->path;
            o.name = s->path;
            o.inode = static_cast<ino_t>(s->ino);
            o.dev = s->dev;
            o.uid = o.cuid = s->uid;
            o.gid = o.cgid = s->gid;
            o.mode = s->mode;
            o.atime = s->atime;
            o.dtime = s->mtime;
            o.ctime = s->ctime;
            fifos.push_back(std::move(o));
        }
        Object& o = fifos[it->second];
        if (o.holders.empty() || o.holders.back().pid != s->pid)
            o.holders.push_back(Holder{s->pid, s->command});
        if (flags_read(s->flags))
            add_once(o.readers, s->pid);
        if (flags_write(s->flags))
            add_once(o.writers, s->pid);
    }
    std::sort(fifos.begin(), fifos.end(),
              [](const Object& a, const Object& b) { return std::tie(a.path, a.inode) < std::tie(b.path, b.inode); });
    return fifos;
}

Result<std::vector<Object>> list_fifos(AttributionStats* stats, AttributionOptions options, Sys& sys)
{
    std::vector<FifoSighting> sightings;
    options.fifos = &sightings;
    auto done = attribute_holders(std::span<Object* const>{}, options, sys);
    if (!done)
        return std::unexpected(done.error());
    if (stats != nullptr)
        *stats = *done;
    return group_fifos(sightings);
}

Result<void> create_fifo(const std::string& path, mode_t mode, Sys& sys)
{
    if (auto made = sys.mkfifo(path, mode); !made) {
        Error e = sys_error("create", fmt::format("FIFO {}", path), made.error());
        if (e.err == EEXIST)
            e.detail = "already exists";
        return std::unexpected(e);
    }
    return {};
}

Result<void> remove_fifo(const Object& object, Sys& sys)
{
    if (auto done = sys.unlink(AT_FDCWD, object.path); !done)
        return std::unexpected(sys_error("remove", describe(object), done.error()));
    return {};
}

} // namespace ipcutil
