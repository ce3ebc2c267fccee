// The column tables (columns.hpp), on made-up objects.
#include <algorithm>
#include <set>

#include <gtest/gtest.h>

#include "libipcutil/list/columns.hpp"

using namespace ipcutil;

namespace {

constexpr Kind listed_kinds[] = {Kind::sysv_shm,  Kind::sysv_msg, Kind::sysv_sem,
                                 Kind::posix_shm, Kind::posix_mq, Kind::posix_sem};

// An object with every field set, so every getter has something to show.
Object full_object(Kind kind)
{
    Object o;
    o.kind = kind;
    o.id = 7;
    o.key = 0x1234;
    o.name = "jobs";
    o.uid = o.cuid = 0;
    o.gid = o.cgid = 0;
    o.mode = 0640;
    o.size = 1500000;
    o.nattch = 2;
    o.dest = true;
    o.messages = 3;
    o.nsems = 4;
    o.maxmsg = 10;
    o.msgsize = 8192;
    o.value = 5;
    o.atime = o.dtime = o.ctime = std::time_t{1700000000};
    o.holders = {{101, "postgres"}, {202, "psql"}};
    return o;
}

bool fits_json_type(const Value& v, JsonType t)
{
    if (std::holds_alternative<std::monostate>(v) || std::holds_alternative<NotApplicable>(v))
        return true; // null in every type
    switch (t) {
    case JsonType::number:
        return std::holds_alternative<std::int64_t>(v) || std::holds_alternative<std::uint64_t>(v)
               || std::holds_alternative<Bytes>(v) || std::holds_alternative<Percent>(v);
    case JsonType::string:
        return std::holds_alternative<std::string>(v) || std::holds_alternative<Timestamp>(v)
               || std::holds_alternative<Permissions>(v);
    case JsonType::boolean: return std::holds_alternative<bool>(v);
    case JsonType::array_number: return std::holds_alternative<Numbers>(v);
    case JsonType::array_string: return std::holds_alternative<Strings>(v);
    }
    return false;
}

std::vector<std::string> names(std::span<const std::string_view> list)
{
    return {list.begin(), list.end()};
}

} // namespace

TEST(Columns, EveryKindHasAWellFormedTable)
{
    for (Kind kind : listed_kinds) {
        const KindColumns& t = kind_columns(kind);
        EXPECT_EQ(t.kind, kind);
        EXPECT_FALSE(t.json_key.empty());
        ASSERT_FALSE(t.columns.empty()) << kind_name(kind);
        std::set<std::string_view> seen;
        for (const auto& c : t.columns) {
            EXPECT_TRUE(seen.insert(c.name).second) << "duplicate " << c.name;
            EXPECT_FALSE(c.label.empty()) << c.name;
            EXPECT_FALSE(c.help.empty()) << c.name;
            ASSERT_NE(c.get, nullptr) << c.name;
            EXPECT_TRUE(std::all_of(c.name.begin(), c.name.end(), [](char ch) {
                return (ch >= 'A' && ch <= 'Z') || ch == '%';
            })) << c.name;
        }
        // Every name the defaults and the -t/-c/-p extras use is a column.
        for (auto list : {t.defaults, t.time_extra, t.creator_extra, t.pid_extra})
            for (auto n : list)
                EXPECT_NE(find_column(kind, n), nullptr) << kind_name(kind) << " " << n;
        // PIDS and COMMANDS are reserved in every kind.
        EXPECT_NE(find_column(kind, "PIDS"), nullptr);
        EXPECT_NE(find_column(kind, "COMMANDS"), nullptr);
    }
}

TEST(Columns, JsonKeysAreDistinct)
{
    std::set<std::string_view> keys;
    for (Kind kind : listed_kinds)
        EXPECT_TRUE(keys.insert(kind_columns(kind).json_key).second);
    EXPECT_EQ(kind_columns(Kind::sysv_shm).json_key, "sharedmemory");
    EXPECT_EQ(kind_columns(Kind::sysv_msg).json_key, "messages");
    EXPECT_EQ(kind_columns(Kind::sysv_sem).json_key, "semaphores");
    EXPECT_EQ(kind_columns(Kind::posix_shm).json_key, "posixsharedmemory");
    EXPECT_EQ(kind_columns(Kind::posix_mq).json_key, "posixmessages");
    EXPECT_EQ(kind_columns(Kind::posix_sem).json_key, "posixsemaphores");
}

TEST(Columns, GettersMatchTheirJsonType)
{
    Lookup lookup;
    for (Kind kind : listed_kinds) {
        const Object o = full_object(kind);
        for (const auto& c : kind_columns(kind).columns)
            EXPECT_TRUE(fits_json_type(c.get(o, lookup), c.json)) << kind_name(kind) << " " << c.name;
    }
    LimitRow row{"SHMMNI", "Shared memory segments", 4096, true, 2, false};
    for (const auto& c : limit_columns())
        EXPECT_TRUE(fits_json_type(c.get(row, lookup), c.json)) << c.name;
}

TEST(Columns, SystemVDefaultsAreLsipcs)
{
    using V = std::vector<std::string>;
    EXPECT_EQ(names(kind_columns(Kind::sysv_shm).defaults),
              (V{"KEY", "ID", "PERMS", "OWNER", "SIZE", "NATTCH", "STATUS", "CTIME", "CPID", "LPID", "COMMAND"}));
    EXPECT_EQ(names(kind_columns(Kind::sysv_msg).defaults),
              (V{"KEY", "ID", "PERMS", "OWNER", "USEDBYTES", "MSGS", "LSPID", "LRPID"}));
    EXPECT_EQ(names(kind_columns(Kind::sysv_sem).defaults), (V{"KEY", "ID", "PERMS", "OWNER", "NSEMS"}));
    EXPECT_EQ(names(kind_columns(Kind::sysv_shm).time_extra), (V{"ATTACH", "DETACH"}));
    EXPECT_EQ(names(kind_columns(Kind::sysv_msg).time_extra), (V{"SEND", "RECV", "CTIME"}));
    EXPECT_EQ(names(kind_columns(Kind::sysv_sem).time_extra), (V{"OTIME", "CTIME"}));
    EXPECT_EQ(names(kind_columns(Kind::sysv_sem).creator_extra), (V{"CUID", "CGID", "UID", "GID"}));
}

TEST(Columns, FindIsCaseInsensitiveAndPerKind)
{
    ASSERT_NE(find_column(Kind::sysv_shm, "nattch"), nullptr);
    EXPECT_EQ(find_column(Kind::sysv_shm, "nattch")->name, "NATTCH");
    EXPECT_EQ(find_column(Kind::sysv_shm, "NSEMS"), nullptr);
    EXPECT_EQ(find_column(Kind::sysv_shm, "NAME"), nullptr);
    EXPECT_NE(find_column(Kind::posix_mq, "MaxMsg"), nullptr);
    EXPECT_EQ(find_column(Kind::posix_mq, "KEY"), nullptr);
    EXPECT_NE(find_limit_column("use%"), nullptr);
    EXPECT_EQ(find_limit_column("KEY"), nullptr);
}

TEST(Columns, GettersReadTheRightFields)
{
    Lookup lookup;
    Object o = full_object(Kind::sysv_shm);
    o.dest = true;
    o.locked = true;
    const auto get = [&](Kind kind, std::string_view name) { return find_column(kind, name)->get(o, lookup); };
    EXPECT_EQ(std::get<std::string>(get(Kind::sysv_shm, "KEY")), "0x00001234");
    EXPECT_EQ(std::get<std::int64_t>(get(Kind::sysv_shm, "ID")), 7);
    EXPECT_EQ(std::get<std::string>(get(Kind::sysv_shm, "STATUS")), "dest,locked");
    EXPECT_EQ(std::get<std::string>(get(Kind::sysv_shm, "OWNER")), "root");
    EXPECT_EQ(std::get<Bytes>(get(Kind::sysv_shm, "SIZE")).value, 1500000U);
    EXPECT_EQ(std::get<Numbers>(get(Kind::sysv_shm, "PIDS")), (Numbers{101, 202}));
    EXPECT_EQ(std::get<Strings>(get(Kind::sysv_shm, "COMMANDS")), (Strings{"postgres", "psql"}));
    EXPECT_EQ(std::get<std::string>(get(Kind::posix_mq, "NAME")), "/jobs");
    EXPECT_EQ(std::get<std::int64_t>(get(Kind::posix_mq, "MAXMSG")), 10);
    EXPECT_EQ(std::get<std::int64_t>(get(Kind::posix_sem, "VALUE")), 5);
    o.atime.reset();
    o.value.reset();
    EXPECT_TRUE(std::holds_alternative<std::monostate>(get(Kind::sysv_shm, "ATTACH")));
    EXPECT_TRUE(std::holds_alternative<std::monostate>(get(Kind::posix_sem, "VALUE")));
    o.dest = o.locked = false;
    EXPECT_EQ(std::get<std::string>(get(Kind::sysv_shm, "STATUS")), "");
}

TEST(Columns, HelpNamesEveryColumnWithinEightyColumns)
{
    const ColumnHelpLine lines[] = {{"-m", Kind::sysv_shm},  {"-q", Kind::sysv_msg}, {"-s", Kind::sysv_sem},
                                    {"-M", Kind::posix_shm}, {"-Q", Kind::posix_mq}, {"-S", Kind::posix_sem},
                                    {"-F", Kind::fifo},      {"-g", std::nullopt}};
    const std::string help = column_help(lines);
    for (Kind kind : all_kinds)
        for (const auto& c : kind_columns(kind).columns)
            EXPECT_NE(help.find(std::string(c.name)), std::string::npos) << c.name;
    EXPECT_NE(help.find(" -g: RESOURCE* DESCRIPTION* LIMIT* USED* USE%*\n"), std::string::npos) << help;
    EXPECT_TRUE(help.starts_with(" -m: KEY* ID* OWNER* PERMS* CUID ")) << help;
    std::size_t start = 0;
    while (start < help.size()) {
        const std::size_t end = help.find('\n', start);
        EXPECT_LE(end - start, 79U) << help.substr(start, end - start);
        start = end + 1;
    }
}
