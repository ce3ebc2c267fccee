#include "libipcutil/list/columns.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "libipcutil/core/parse.hpp"
#include "libipcutil/core/procfs.hpp"

namespace ipcutil {

std::string Lookup::user_name(uid_t uid)
{
    const std::string& name = names.user(uid);
    return name == std::to_string(uid) ? std::string() : name;
}

std::string Lookup::group_name(gid_t gid)
{
    const std::string& name = names.group(gid);
    return name == std::to_string(gid) ? std::string() : name;
}

const std::string& Lookup::command_line(pid_t pid)
{
    auto it = cmdlines_.find(pid);
    if (it != cmdlines_.end())
        return it->second;
    std::string line;
    if (pid > 0) {
        if (auto text = read_small_file("/proc/" + std::to_string(pid) + "/cmdline")) {
            line = std::move(*text);
            while (!line.empty() && line.back() == '\0')
                line.pop_back();
            std::replace(line.begin(), line.end(), '\0', ' ');
        }
    }
    return cmdlines_.emplace(pid, std::move(line)).first->second;
}

namespace {

// Getter helpers: what an unset value looks like for each field.
Value when(const std::optional<std::time_t>& t)
{
    return t ? Value{Timestamp{*t}} : Value{};
}
Value text_or_unset(std::string s)
{
    return s.empty() ? Value{} : Value{std::move(s)};
}
Value count(std::uint64_t n)
{
    return Value{n};
}
Value pid(pid_t p)
{
    return Value{std::int64_t{p}};
}
Value optional_number(const std::optional<long>& n)
{
    return n ? Value{std::int64_t{*n}} : Value{};
}
Value holder_pids(const Object& o)
{
    Numbers pids;
    for (const auto& h : o.holders)
        pids.push_back(h.pid);
    return pids;
}
Value holder_commands(const Object& o)
{
    Strings commands;
    for (const auto& h : o.holders)
        commands.push_back(h.command);
    return commands;
}
Value shm_status(const Object& o)
{
    // lsipc's wording; an empty status is still a (blank) line in the -i list.
    std::string s;
    if (o.dest)
        s = "dest";
    if (o.locked)
        s += s.empty() ? "locked" : ",locked";
    return s;
}

using J = JsonType;
constexpr Align L = Align::left;
constexpr Align R = Align::right;
using O = const Object&;
using K = Lookup&;

// Columns more than one kind shares, defined once.
constexpr Column key{
    "KEY", "Key", "Resource key", J::string, L, 1, 0, [](O o, K) -> Value { return format_key(o.key); }};
constexpr Column id{"ID", "ID", "Resource ID", J::number, L, 1, 0, [](O o, K) -> Value { return std::int64_t{o.id}; }};
constexpr Column name{
    "NAME", "Name", "POSIX resource name", J::string, L, 1, 0, [](O o, K) -> Value { return "/" + o.name; }};
constexpr Column owner{"OWNER",
                       "Owner",
                       "Owner's username or UID",
                       J::string,
                       R,
                       1,
                       0,
                       [](O o, K k) -> Value { return k.names.user(o.uid); }};
constexpr Column perms{
    "PERMS", "Permissions", "Permissions", J::string, R, 1, 0, [](O o, K) -> Value { return Permissions{o.mode}; }};
constexpr Column cuid{
    "CUID", "Creator UID", "Creator UID", J::number, R, 1, 0, [](O o, K) -> Value { return std::uint64_t{o.cuid}; }};
constexpr Column cuser{"CUSER", "Creator user", "Creator user", J::string, L, 1, 0, [](O o, K k) -> Value {
                           return text_or_unset(k.user_name(o.cuid));
                       }};
constexpr Column cgid{
    "CGID", "Creator GID", "Creator GID", J::number, R, 1, 0, [](O o, K) -> Value { return std::uint64_t{o.cgid}; }};
constexpr Column cgroup{"CGROUP", "Creator group", "Creator group", J::string, L, 1, 0, [](O o, K k) -> Value {
                            return text_or_unset(k.group_name(o.cgid));
                        }};
constexpr Column uid{"UID", "UID", "User ID", J::number, R, 1, 0, [](O o, K) -> Value { return std::uint64_t{o.uid}; }};
constexpr Column user{
    "USER", "User name", "User name", J::string,
    L,      1,           0,           [](O o, K k) -> Value { return text_or_unset(k.user_name(o.uid)); }};
constexpr Column gid{"GID", "GID", "Group ID", J::number,
                     R,     1,     0,          [](O o, K) -> Value { return std::uint64_t{o.gid}; }};
constexpr Column group{"GROUP", "Group name", "Group name", J::string, L, 1, 0, [](O o, K k) -> Value {
                           return text_or_unset(k.group_name(o.gid));
                       }};
constexpr Column ctime{"CTIME",
                       "Last change",
                       "Time of the last change",
                       J::string,
                       R,
                       1,
                       0,
                       [](O o, K) -> Value { return when(o.ctime); }};
constexpr Column usedbytes{
    "USEDBYTES", "Bytes used", "Bytes used", J::number, R, 1, 0, [](O o, K) -> Value { return Bytes{o.size}; }};
constexpr Column msgs{
    "MSGS", "Messages", "Number of messages", J::number, L, 1, 0, [](O o, K) -> Value { return count(o.messages); }};
constexpr Column pids{"PIDS", "Process IDs", "PIDs of the processes that map or hold it",   J::array_number, L,
                      1,      col_holders,   [](O o, K) -> Value { return holder_pids(o); }};
constexpr Column commands{
    "COMMANDS", "Process commands",         "Commands of the processes that map or hold it",   J::array_string, L,
    0,          col_truncate | col_holders, [](O o, K) -> Value { return holder_commands(o); }};
// Where it lives and who it belongs to: unknown is an empty cell (null in
// JSON).  A FIFO is a file, in no IPC namespace.
constexpr Column ns{
    "NS", "IPC namespace", "IPC namespace (inode)", J::number, R, 1, col_namespace, [](O o, K) -> Value {
        if (o.ns == 0)
            return {};
        return std::uint64_t{o.ns};
    }};
constexpr Column container{"CONTAINER",
                           "Container",
                           "Container its IPC namespace belongs to",
                           J::string,
                           L,
                           1,
                           col_namespace | col_truncate,
                           [](O o, K) -> Value {
                               if (o.container.empty())
                                   return {};
                               return o.container;
                           }};
constexpr Column unit{"UNIT",
                      "Systemd unit",
                      "Systemd unit of its holders, or of its creator while alive",
                      J::string,
                      L,
                      1,
                      col_holders | col_unit | col_truncate,
                      [](O o, K) -> Value {
                          if (o.unit.empty())
                              return {};
                          return o.unit;
                      }};
// POSIX objects are files: their times are the file's.
constexpr Column mtime{
    "MTIME", "Last action", "Time of last action (file modification)", J::string, R, 1, 0, [](O o, K) -> Value {
        return when(o.dtime);
    }};
constexpr Column atime{
    "ATIME", "Last access", "Time of last access", J::string, R, 1, 0, [](O o, K) -> Value { return when(o.atime); }};

constexpr Column shm_columns[] = {
    key,
    id,
    owner,
    perms,
    cuid,
    cuser,
    cgid,
    cgroup,
    uid,
    user,
    gid,
    group,
    ctime,
    {"SIZE", "Segment size", "Segment size", J::number, R, 1, 0, [](O o, K) -> Value { return Bytes{o.size}; }},
    {"NATTCH", "Attached processes", "Number of attached processes", J::number, R, 1, 0,
     [](O o, K) -> Value { return count(o.nattch); }},
    {"STATUS", "Status", "Status", J::string, L, 1, col_noextremes, [](O o, K) -> Value { return shm_status(o); }},
    {"ATTACH", "Attach time", "Attach time", J::string, R, 1, 0, [](O o, K) -> Value { return when(o.atime); }},
    {"DETACH", "Detach time", "Detach time", J::string, R, 1, 0, [](O o, K) -> Value { return when(o.dtime); }},
    {"COMMAND", "Creator command", "Creator command line", J::string, L, 0, col_truncate,
     [](O o, K k) -> Value { return text_or_unset(k.command_line(o.cpid)); }},
    {"CPID", "Creator PID", "PID of the creator", J::number, R, 1, 0, [](O o, K) -> Value { return pid(o.cpid); }},
    {"LPID", "Last user PID", "PID of last user", J::number, R, 1, 0, [](O o, K) -> Value { return pid(o.lpid); }},
    {"DEST", "Marked for removal", "Marked for removal (1/0; true/false in JSON)", J::boolean, R, 1, 0,
     [](O o, K) -> Value { return o.dest; }},
    {"LOCKED", "Locked", "Locked in memory (1/0; true/false in JSON)", J::boolean, R, 1, 0,
     [](O o, K) -> Value { return o.locked; }},
    {"RSS", "Resident size", "Resident memory", J::number, R, 1, 0, [](O o, K) -> Value { return Bytes{o.rss}; }},
    {"SWAP", "Swapped size", "Swapped-out memory", J::number, R, 1, 0, [](O o, K) -> Value { return Bytes{o.swap}; }},
    pids,
    commands,
    ns,
    container,
    unit,
};

constexpr Column msg_columns[] = {
    key,
    id,
    owner,
    perms,
    cuid,
    cuser,
    cgid,
    cgroup,
    uid,
    user,
    gid,
    group,
    ctime,
    usedbytes,
    msgs,
    {"SEND", "Msg sent", "Time of last msg sent", J::string, R, 1, 0, [](O o, K) -> Value { return when(o.atime); }},
    {"RECV", "Msg received", "Time of last msg received", J::string, R, 1, 0,
     [](O o, K) -> Value { return when(o.dtime); }},
    {"LSPID", "Msg sender", "PID of the last msg sender", J::number, R, 1, 0,
     [](O o, K) -> Value { return pid(o.cpid); }},
    {"LRPID", "Msg receiver", "PID of the last msg receiver", J::number, R, 1, 0,
     [](O o, K) -> Value { return pid(o.lpid); }},
    pids,
    commands,
    ns,
    container,
    unit,
};

constexpr Column sem_columns[] = {
    key,
    id,
    owner,
    perms,
    cuid,
    cuser,
    cgid,
    cgroup,
    uid,
    user,
    gid,
    group,
    ctime,
    {"NSEMS", "Semaphores", "Number of semaphores", J::number, R, 1, 0, [](O o, K) -> Value { return count(o.nsems); }},
    {"OTIME", "Last operation", "Time of the last operation", J::string, R, 1, 0,
     [](O o, K) -> Value { return when(o.atime); }},
    pids,
    commands,
    ns,
    container,
    unit,
};

constexpr Column pshm_columns[] = {
    name,      owner,
    perms,     cuid,
    cuser,     cgid,
    cgroup,    uid,
    user,      gid,
    group,     {"SIZE", "Size", "Object size", J::number, R, 1, 0, [](O o, K) -> Value { return Bytes{o.size}; }},
    mtime,     ctime,
    atime,     pids,
    commands,  ns,
    container, unit,
};

// A POSIX queue we may not open (another user's 0600 queue): its bytes and
// messages are unknown, not 0 (the ipcs face shows "-").
constexpr Column pmq_usedbytes{"USEDBYTES", "Bytes used", "Bytes used", J::number, R, 1, 0, [](O o, K) -> Value {
                                   return o.maxmsg ? Value{Bytes{o.size}} : Value{};
                               }};
constexpr Column pmq_msgs{"MSGS", "Messages", "Number of messages", J::number, L, 1, 0, [](O o, K) -> Value {
                              return o.maxmsg ? count(o.messages) : Value{};
                          }};

constexpr Column pmq_columns[] = {
    name,
    owner,
    perms,
    cuid,
    cuser,
    cgid,
    cgroup,
    uid,
    user,
    gid,
    group,
    pmq_usedbytes,
    pmq_msgs,
    {"MAXMSG", "Max messages", "Maximum number of messages", J::number, R, 1, 0,
     [](O o, K) -> Value { return optional_number(o.maxmsg); }},
    {"MSGSIZE", "Max message size", "Maximum message size", J::number, R, 1, 0,
     [](O o, K) -> Value { return o.msgsize ? Value{Bytes{static_cast<std::uint64_t>(*o.msgsize)}} : Value{}; }},
    mtime,
    ctime,
    atime,
    pids,
    commands,
    ns,
    container,
    unit,
};

constexpr Column psem_columns[] = {
    name,
    owner,
    perms,
    cuid,
    cuser,
    cgid,
    cgroup,
    uid,
    user,
    gid,
    group,
    {"VALUE", "Value", "Semaphore value", J::number, R, 1, 0, [](O o, K) -> Value { return optional_number(o.value); }},
    mtime,
    ctime,
    atime,
    pids,
    commands,
    ns,
    container,
    unit,
};

// FIFOs: found through the processes holding them, so every one has
// holders; READERS and WRITERS come from the same pass (fdinfo flags).
Value pid_list(const std::vector<pid_t>& list)
{
    return Numbers(list.begin(), list.end());
}

constexpr Column fifo_columns[] = {
    {"PATH", "Path", "FIFO path (\" (deleted)\" when unlinked)", J::string, L, 1, 0,
     [](O o, K) -> Value { return o.path; }},
    {"DEV", "Device", "Device of the FIFO (major:minor)", J::string, R, 1, 0,
     [](O o, K) -> Value { return std::to_string(o.dev >> 32) + ":" + std::to_string(o.dev & 0xffffffffU); }},
    {"INODE", "Inode", "Inode number", J::number, R, 1, 0, [](O o, K) -> Value { return std::uint64_t{o.inode}; }},
    owner,
    perms,
    uid,
    user,
    gid,
    group,
    {"READERS", "Readers", "PIDs holding it open for reading", J::array_number, L, 1, 0,
     [](O o, K) -> Value { return pid_list(o.readers); }},
    {"WRITERS", "Writers", "PIDs holding it open for writing", J::array_number, L, 1, 0,
     [](O o, K) -> Value { return pid_list(o.writers); }},
    mtime,
    ctime,
    atime,
    pids,
    commands,
    ns,
    container,
    unit,
};

using N = std::string_view;
constexpr N shm_defaults[] = {"KEY",    "ID",    "PERMS", "OWNER", "SIZE",   "NATTCH",
                              "STATUS", "CTIME", "CPID",  "LPID",  "COMMAND"};
constexpr N msg_defaults[] = {"KEY", "ID", "PERMS", "OWNER", "USEDBYTES", "MSGS", "LSPID", "LRPID"};
constexpr N sem_defaults[] = {"KEY", "ID", "PERMS", "OWNER", "NSEMS"};
constexpr N pshm_defaults[] = {"NAME", "PERMS", "OWNER", "SIZE", "MTIME"};
constexpr N pmq_defaults[] = {"NAME", "PERMS", "OWNER", "MTIME", "USEDBYTES", "MSGS"};
constexpr N psem_defaults[] = {"NAME", "PERMS", "OWNER", "MTIME", "VALUE"};

constexpr N fifo_defaults[] = {"PATH", "INODE", "PERMS", "OWNER", "READERS", "WRITERS"};
constexpr N fifo_creator[] = {"UID", "GID"};

constexpr N shm_time[] = {"ATTACH", "DETACH"};
constexpr N msg_time[] = {"SEND", "RECV", "CTIME"};
constexpr N sem_time[] = {"OTIME", "CTIME"};
constexpr N posix_time[] = {"ATIME", "CTIME"};
constexpr N sysv_creator[] = {"CUID", "CGID", "UID", "GID"};
constexpr N posix_creator[] = {"CUID", "CGID"};
constexpr N shm_pids[] = {"CPID", "LPID", "PIDS", "COMMANDS"};
constexpr N msg_pids[] = {"LSPID", "LRPID", "PIDS", "COMMANDS"};
constexpr N holder_columns[] = {"PIDS", "COMMANDS"};

const KindColumns tables[] = {
    {Kind::sysv_shm, "sharedmemory", shm_columns, shm_defaults, shm_time, sysv_creator, shm_pids},
    {Kind::sysv_msg, "messages", msg_columns, msg_defaults, msg_time, sysv_creator, msg_pids},
    {Kind::sysv_sem, "semaphores", sem_columns, sem_defaults, sem_time, sysv_creator, holder_columns},
    {Kind::posix_shm, "posixsharedmemory", pshm_columns, pshm_defaults, posix_time, posix_creator, holder_columns},
    {Kind::posix_mq, "posixmessages", pmq_columns, pmq_defaults, posix_time, posix_creator, holder_columns},
    {Kind::posix_sem, "posixsemaphores", psem_columns, psem_defaults, posix_time, posix_creator, holder_columns},
    {Kind::fifo, "fifos", fifo_columns, fifo_defaults, posix_time, fifo_creator, holder_columns},
};

using LR = const LimitRow&;

Value limit_amount(const LimitRow& r, std::uint64_t n)
{
    return r.in_bytes ? Value{Bytes{n}} : Value{n};
}

constexpr LimitColumn limit_table[] = {
    {"RESOURCE", "Resource", "Resource name", J::string, L, 1, 0, [](LR r, K) -> Value { return r.resource; }},
    {"DESCRIPTION", "Description", "Resource description", J::string, L, 1, 0,
     [](LR r, K) -> Value { return r.description; }},
    {"LIMIT", "Limit", "System-wide limit", J::number, R, 1, 0,
     [](LR r, K) -> Value { return limit_amount(r, r.limit); }},
    {"USED", "Used", "Currently used", J::number, R, 1, 0,
     [](LR r, K) -> Value { return r.has_used ? limit_amount(r, r.used) : Value{NotApplicable{}}; }},
    {"USE%", "Use", "Currently use percentage", J::number, R, 1, 0,
     [](LR r, K) -> Value {
         if (!r.has_used || r.limit == 0)
             return NotApplicable{};
         return Percent{static_cast<double>(r.used) / static_cast<double>(r.limit) * 100};
     }},
};

bool same_name(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::toupper(static_cast<unsigned char>(x)) == std::toupper(static_cast<unsigned char>(y));
           });
}

} // namespace

const KindColumns& kind_columns(Kind kind)
{
    for (const auto& t : tables)
        if (t.kind == kind)
            return t;
    return tables[std::size(tables) - 1];
}

const Column* find_column(Kind kind, std::string_view wanted)
{
    for (const auto& c : kind_columns(kind).columns)
        if (same_name(c.name, wanted))
            return &c;
    return nullptr;
}

std::span<const LimitColumn> limit_columns()
{
    return limit_table;
}

const LimitColumn* find_limit_column(std::string_view wanted)
{
    for (const auto& c : limit_table)
        if (same_name(c.name, wanted))
            return &c;
    return nullptr;
}

std::string column_help(std::span<const ColumnHelpLine> lines)
{
    std::string out;
    const auto add_line = [&](std::string line, const std::vector<std::string>& words) {
        std::size_t width = line.size();
        for (const auto& word : words) {
            if (width + 1 + word.size() > 79) {
                line += "\n    ";
                width = 4;
            } else {
                line += ' ';
                ++width;
            }
            line += word;
            width += word.size();
        }
        out += line + "\n";
    };
    for (const ColumnHelpLine& l : lines) {
        std::vector<std::string> words;
        if (!l.kind) {
            for (const auto& c : limit_columns())
                words.push_back(fmt::format("{}*", c.name));
        } else {
            const KindColumns& t = kind_columns(*l.kind);
            for (const auto& c : t.columns) {
                const bool by_default = std::find(t.defaults.begin(), t.defaults.end(), c.name) != t.defaults.end();
                words.push_back(fmt::format("{}{}", c.name, by_default ? "*" : ""));
            }
        }
        add_line(fmt::format(" {}:", l.label), words);
    }
    return out;
}

} // namespace ipcutil
