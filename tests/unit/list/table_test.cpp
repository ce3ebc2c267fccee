// The column tables (columns.hpp), the value formatting (humanize.hpp) and
// the output engine on made-up objects (table.hpp format_sections).
#include <algorithm>
#include <cstdlib>
#include <set>

#include <gtest/gtest.h>

#include "libipcutil/core/format.hpp"
#include "libipcutil/list/columns.hpp"
#include "libipcutil/list/table.hpp"

using namespace ipcutil;

namespace {

constexpr Kind listed_kinds[] = {Kind::sysv_shm,  Kind::sysv_msg, Kind::sysv_sem,
                                 Kind::posix_shm, Kind::posix_mq, Kind::posix_sem};

// Times in these tests are UTC whatever the machine says.
class Utc : public ::testing::Environment {
  public:
    void SetUp() override
    {
        ::setenv("TZ", "UTC", 1);
        ::tzset();
    }
};
const auto* const utc = ::testing::AddGlobalTestEnvironment(new Utc);

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

TableRequest request(std::vector<Kind> kinds)
{
    TableRequest r;
    r.kinds = std::move(kinds);
    r.now = 1700000000;
    return r;
}

std::string format(const TableRequest& r, std::vector<TableSection> sections)
{
    auto out = format_sections(r, sections);
    EXPECT_TRUE(out) << (out ? "" : out.error().message());
    return out ? *out : std::string();
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

TEST(Humanize, SizesAsUtilLinux)
{
    // Each checked against lsipc -m (util-linux 2.38.1) on real segments.
    const std::pair<std::uint64_t, const char*> cases[] = {
        {0, "0B"},
        {1, "1B"},
        {1023, "1023B"},
        {1024, "1K"},
        {1025, "1K"},
        {1075, "1K"},
        {1076, "1.1K"},
        {1126, "1.1K"},
        {1536, "1.5K"},
        {1997, "2K"},
        {2047, "2K"},
        {1048575, "1024K"},
        {1048576, "1M"},
        {1500000, "1.4M"},
        {10485761, "10M"},
        {123456789, "117.7M"},
        {1073741823, "1024M"},
        {1073741824, "1G"},
        {5000000000, "4.7G"},
        {UINT64_MAX, "16E"},
    };
    for (auto [bytes, text] : cases)
        EXPECT_EQ(human_size(bytes), text) << bytes;
}

TEST(Humanize, Modes)
{
    EXPECT_EQ(mode_string(0644), "rw-r--r--");
    EXPECT_EQ(mode_string(0), "---------");
    EXPECT_EQ(mode_string(0777), "rwxrwxrwx");
    EXPECT_EQ(mode_string(04755), "rwsr-xr-x");
    EXPECT_EQ(mode_string(01640), "rw-r----T");
    EXPECT_EQ(mode_octal(0644), "0644");
    EXPECT_EQ(mode_octal(0), "0");
}

TEST(Humanize, Times)
{
    const std::time_t t = 1700000000; // 2023-11-14 22:13:20 UTC, a Tuesday
    EXPECT_EQ(time_iso(t), "2023-11-14T22:13:20+00:00");
    EXPECT_EQ(time_full(t), "Tue Nov 14 22:13:20 2023");
    EXPECT_EQ(time_short(t, t + 60), "22:13");
    EXPECT_EQ(time_short(t, t + 30 * 86400), "Nov14");
    EXPECT_EQ(time_short(t, t + 90 * 86400), "2023-Nov14");
}

TEST(Validate, Columns)
{
    auto r = request({Kind::sysv_shm});
    r.columns = "KEY,nattch";
    EXPECT_TRUE(validate_table_request(r));
    r.columns = "+PIDS";
    EXPECT_TRUE(validate_table_request(r));

    r.columns = "NOPE";
    auto bad = validate_table_request(r);
    ASSERT_FALSE(bad);
    EXPECT_TRUE(bad.error().usage);
    EXPECT_EQ(bad.error().message(), "unknown column: 'NOPE'");

    r.columns = "KEY,NSEMS";
    bad = validate_table_request(r);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().message(), "column 'NSEMS' does not apply to shared memory");

    for (const char* empty : {"", "+", "KEY,", ",KEY", "KEY,,ID"}) {
        r.columns = empty;
        EXPECT_FALSE(validate_table_request(r)) << empty;
    }

    // A column of any requested kind will do: the others leave it out.
    r = request({Kind::sysv_shm, Kind::sysv_sem});
    r.columns = "NSEMS";
    EXPECT_TRUE(validate_table_request(r));
}

TEST(Validate, OptionsThatDoNotGoTogether)
{
    auto r = request({Kind::sysv_shm});
    r.time_columns = true;
    r.columns = "KEY";
    EXPECT_FALSE(validate_table_request(r));
    r.columns = "+KEY";
    EXPECT_TRUE(validate_table_request(r));

    r = request({Kind::sysv_shm});
    r.global = true;
    EXPECT_TRUE(validate_table_request(r));
    r.creator_columns = true;
    EXPECT_FALSE(validate_table_request(r));
    r.creator_columns = false;
    r.id = 3;
    EXPECT_FALSE(validate_table_request(r));
    r.id.reset();
    r.columns = "RESOURCE,USE%";
    EXPECT_TRUE(validate_table_request(r));
    r.columns = "KEY";
    EXPECT_FALSE(validate_table_request(r));

    r = request({Kind::sysv_shm});
    r.name = "x";
    EXPECT_FALSE(validate_table_request(r)); // -N names POSIX objects
    r = request({Kind::posix_shm});
    r.id = 1;
    EXPECT_FALSE(validate_table_request(r)); // -i names System V objects
    EXPECT_FALSE(validate_table_request(request({})));
}

TEST(Format, JsonIsTypedAndEmptyKindsAreEmptyArrays)
{
    auto r = request({Kind::sysv_shm, Kind::sysv_msg});
    r.format = TableRequest::Format::json;
    r.columns = "+PIDS,COMMANDS,ATTACH";
    Object o = full_object(Kind::sysv_shm);
    o.holders.clear();
    o.atime.reset();
    const std::string out = format(r, {{Kind::sysv_shm, {o}}, {Kind::sysv_msg, {}}});
    EXPECT_NE(out.find("\"key\": \"0x00001234\""), std::string::npos) << out;
    EXPECT_NE(out.find("\"id\": 7,"), std::string::npos) << out;
    EXPECT_NE(out.find("\"size\": 1500000,"), std::string::npos) << out;
    EXPECT_NE(out.find("\"ctime\": \"2023-11-14T22:13:20+00:00\""), std::string::npos) << out;
    EXPECT_NE(out.find("\"attach\": null"), std::string::npos) << out;
    EXPECT_NE(out.find("\"pids\": []"), std::string::npos) << out;
    EXPECT_NE(out.find("\"commands\": []"), std::string::npos) << out;
    EXPECT_NE(out.find("\"messages\": []"), std::string::npos) << out;
    EXPECT_EQ(out.find("\"dest\":"), std::string::npos) << out; // not asked for
    EXPECT_EQ(out.front(), '{');
    EXPECT_EQ(out.substr(out.size() - 2), "}\n");
}

TEST(Format, Booleans)
{
    auto r = request({Kind::sysv_shm});
    r.columns = "DEST,LOCKED";
    Object o = full_object(Kind::sysv_shm);
    o.dest = true;
    o.locked = false;
    r.format = TableRequest::Format::raw;
    EXPECT_EQ(format(r, {{Kind::sysv_shm, {o}}}), "DEST LOCKED\n1 0\n");
    r.format = TableRequest::Format::json;
    const std::string out = format(r, {{Kind::sysv_shm, {o}}});
    EXPECT_NE(out.find("\"dest\": true,"), std::string::npos) << out;
    EXPECT_NE(out.find("\"locked\": false"), std::string::npos) << out;
}

TEST(Format, JsonArrays)
{
    auto r = request({Kind::posix_mq});
    r.format = TableRequest::Format::json;
    r.columns = "NAME,PIDS,COMMANDS";
    const std::string out = format(r, {{Kind::posix_mq, {full_object(Kind::posix_mq)}}});
    EXPECT_EQ(out, "{\n"
                   "   \"posixmessages\": [\n"
                   "      {\n"
                   "         \"name\": \"/jobs\",\n"
                   "         \"pids\": [\n"
                   "             101, 202\n"
                   "         ],\n"
                   "         \"commands\": [\n"
                   "             \"postgres\", \"psql\"\n"
                   "         ]\n"
                   "      }\n"
                   "   ]\n"
                   "}\n");
}

TEST(Format, RawExportAndBytes)
{
    auto r = request({Kind::sysv_shm});
    r.columns = "ID,SIZE,PERMS,PIDS";
    r.format = TableRequest::Format::raw;
    const Object o = full_object(Kind::sysv_shm);
    EXPECT_EQ(format(r, {{Kind::sysv_shm, {o}}}), "ID SIZE PERMS PIDS\n7 1.4M rw-r----- 101,202\n");
    r.bytes = true;
    r.numeric_perms = true;
    r.noheadings = true;
    EXPECT_EQ(format(r, {{Kind::sysv_shm, {o}}}), "7 1500000 0640 101,202\n");
    r.format = TableRequest::Format::export_pairs;
    EXPECT_EQ(format(r, {{Kind::sysv_shm, {o}}}), "ID=\"7\" SIZE=\"1500000\" PERMS=\"0640\" PIDS=\"101,202\"\n");
    r.format = TableRequest::Format::newline;
    EXPECT_EQ(format(r, {{Kind::sysv_shm, {o}}}), "ID=\"7\"\nSIZE=\"1500000\"\nPERMS=\"0640\"\nPIDS=\"101,202\"\n");
}

TEST(Format, ColumnsFollowTimeCreatorAndPidOptions)
{
    auto r = request({Kind::sysv_shm});
    r.format = TableRequest::Format::raw;
    const auto first_line = [&] {
        const std::string out = format(r, {{Kind::sysv_shm, {full_object(Kind::sysv_shm)}}});
        return out.substr(0, out.find('\n'));
    };
    EXPECT_EQ(first_line(), "KEY ID PERMS OWNER SIZE NATTCH STATUS CTIME CPID LPID COMMAND");
    r.time_columns = true;
    EXPECT_EQ(first_line(), "KEY ID PERMS OWNER SIZE NATTCH STATUS CTIME CPID LPID ATTACH DETACH COMMAND");
    r.time_columns = false;
    r.creator_columns = true;
    EXPECT_EQ(first_line(), "KEY ID PERMS OWNER SIZE NATTCH STATUS CTIME CPID LPID COMMAND CUID CGID UID GID");
    r.creator_columns = false;
    r.pid_columns = true;
    EXPECT_EQ(first_line(), "KEY ID PERMS OWNER SIZE NATTCH STATUS CTIME CPID LPID COMMAND PIDS COMMANDS");
    r.pid_columns = false;
    r.columns = "+rss,KEY"; // adds RSS; KEY is already there
    EXPECT_EQ(first_line(), "KEY ID PERMS OWNER SIZE NATTCH STATUS CTIME CPID LPID COMMAND RSS");
    r.columns = "nattch,id";
    EXPECT_EQ(first_line(), "NATTCH ID");
}

TEST(Format, ListFormAsLsipc)
{
    auto r = request({Kind::posix_sem});
    r.name = "jobs";
    r.columns = "NAME,VALUE,CTIME,ATIME";
    Object o = full_object(Kind::posix_sem);
    o.atime.reset(); // unset: left out of the list
    EXPECT_EQ(format(r, {{Kind::posix_sem, {o}}}),
              "Name:                               /jobs                               \n"
              "Value:                              5                                   \n"
              "Last change:                        Tue Nov 14 22:13:20 2023            \n");
    r.list = true; // --list: a table after all
    EXPECT_EQ(format(r, {{Kind::posix_sem, {o}}}), "NAME  VALUE CTIME ATIME\n/jobs     5 22:13 \n");
}

TEST(Format, SeveralKinds)
{
    auto r = request({Kind::sysv_shm, Kind::sysv_sem, Kind::posix_shm});
    r.format = TableRequest::Format::raw;
    r.columns = "ID,NSEMS";
    // shm shows ID, sem shows ID and NSEMS, POSIX shm has neither: left out.
    EXPECT_EQ(format(r, {{Kind::sysv_shm, {full_object(Kind::sysv_shm)}},
                         {Kind::sysv_sem, {full_object(Kind::sysv_sem)}},
                         {Kind::posix_shm, {full_object(Kind::posix_shm)}}}),
              "ID\n7\n\nID NSEMS\n7 4\n");
    r.format = TableRequest::Format::json;
    const std::string json = format(r, {{Kind::sysv_shm, {}}, {Kind::sysv_sem, {}}, {Kind::posix_shm, {}}});
    EXPECT_EQ(json, "{\n   \"sharedmemory\": [],\n   \"semaphores\": []\n}\n");
}

TEST(Format, ColumnHelpNamesEveryColumn)
{
    const std::string help = column_help();
    for (Kind kind : listed_kinds)
        for (const auto& c : kind_columns(kind).columns)
            EXPECT_NE(help.find(std::string(c.name)), std::string::npos) << c.name;
    std::size_t start = 0;
    while (start < help.size()) {
        const std::size_t end = help.find('\n', start);
        EXPECT_LE(end - start, 79U) << help.substr(start, end - start);
        start = end + 1;
    }
}
