// The lsipc face (lsipc.hpp) on made-up objects: every form, the list of
// one object, several kinds, escaping.
#include <cstdlib>

#include <gtest/gtest.h>

#include "libipcutil/list/lsipc.hpp"

using namespace ipcutil;

namespace {

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

TableRequest request(std::vector<Kind> kinds)
{
    TableRequest r;
    r.kinds = std::move(kinds);
    r.now = 1700000000;
    return r;
}

std::string format(const TableRequest& r, std::vector<ObjectList> lists)
{
    auto out = format_objects(r, ObjectsRead{std::move(lists), {}});
    EXPECT_TRUE(out) << (out ? "" : out.error().message());
    return out ? *out : std::string();
}

} // namespace

TEST(Lsipc, JsonIsTypedAndEmptyKindsAreEmptyArrays)
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

TEST(Lsipc, Booleans)
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

TEST(Lsipc, JsonArrays)
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

TEST(Lsipc, RawExportAndBytes)
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

TEST(Lsipc, ColumnsFollowTimeCreatorAndPidOptions)
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

TEST(Lsipc, ListFormAsLsipc)
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

TEST(Lsipc, SeveralKinds)
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

TEST(Lsipc, NamesAreEscapedInEveryTextFormAndKeptInJson)
{
    auto r = request({Kind::posix_shm});
    r.columns = "NAME,SIZE";
    r.bytes = true;
    Object o = full_object(Kind::posix_shm);
    o.name = "a\x1b[31mb\nc\xff";
    r.format = TableRequest::Format::raw;
    EXPECT_EQ(format(r, {{Kind::posix_shm, {o}}}), "NAME SIZE\n/a\\x1b[31mb\\x0ac\\xff 1500000\n");
    r.format = TableRequest::Format::export_pairs;
    EXPECT_EQ(format(r, {{Kind::posix_shm, {o}}}), "NAME=\"/a\\x1b[31mb\\x0ac\\xff\" SIZE=\"1500000\"\n");
    r.format = TableRequest::Format::table;
    EXPECT_EQ(format(r, {{Kind::posix_shm, {o}}}), "NAME                    SIZE\n/a\\x1b[31mb\\x0ac\\xff 1500000\n");
    // The list of one object is written here, not by libsmartcols: escaped too.
    r.name = "x";
    EXPECT_EQ(format(r, {{Kind::posix_shm, {o}}}),
              "Name:                               /a\\x1b[31mb\\x0ac\\xff                \n"
              "Size:                               1500000                             \n");
    // JSON keeps the real characters, JSON-escaped; a byte that is not UTF-8
    // becomes U+FFFD, so the document stays valid.
    r.name.reset();
    r.format = TableRequest::Format::json;
    const std::string json = format(r, {{Kind::posix_shm, {o}}});
    EXPECT_NE(json.find("\"name\": \"/a\\u001b[31mb\\nc\xef\xbf\xbd\""), std::string::npos) << json;
}

TEST(Lsipc, WhatToRead)
{
    auto r = request({Kind::sysv_shm, Kind::posix_shm, Kind::sysv_shm});
    EXPECT_EQ(objects_to_read(r).kinds, (std::vector<Kind>{Kind::sysv_shm, Kind::posix_shm}));
    r.columns = "ID";
    EXPECT_EQ(objects_to_read(r).kinds, (std::vector<Kind>{Kind::sysv_shm})); // POSIX shm has no ID
    r.columns.reset();
    r.id = 3;
    EXPECT_EQ(objects_to_read(r).kinds, (std::vector<Kind>{Kind::sysv_shm}));
    EXPECT_TRUE(shows_holders(r)); // the list of one object shows every column, PIDS too
    r.list = true;
    EXPECT_FALSE(shows_holders(r));
    r.pid_columns = true;
    EXPECT_TRUE(shows_holders(r));
}
