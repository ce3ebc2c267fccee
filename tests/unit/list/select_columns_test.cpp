// Which columns the lsipc face shows (select_columns.hpp).
#include <gtest/gtest.h>

#include "libipcutil/list/select_columns.hpp"

using namespace ipcutil;

namespace {

TableRequest request(std::vector<Kind> kinds)
{
    TableRequest r;
    r.kinds = std::move(kinds);
    r.now = 1700000000;
    return r;
}

std::vector<std::string> shown(const TableRequest& r, Kind kind)
{
    std::vector<std::string> out;
    for (const Column* c : resolve_columns(r, kind))
        out.emplace_back(c->name);
    return out;
}

} // namespace

TEST(SelectColumns, ParseKeepsNamesAsTyped)
{
    auto l = parse_column_list("+KEY,id");
    EXPECT_TRUE(l.add);
    EXPECT_EQ(l.names, (std::vector<std::string>{"KEY", "id"}));
    l = parse_column_list("A,,B");
    EXPECT_FALSE(l.add);
    EXPECT_EQ(l.names, (std::vector<std::string>{"A", "", "B"}));
    EXPECT_EQ(parse_column_list("").names, (std::vector<std::string>{""}));
}

TEST(SelectColumns, ValidateNamesAgainstTheKinds)
{
    auto r = request({Kind::sysv_shm});
    r.columns = "KEY,nattch";
    EXPECT_TRUE(validate_columns(r));
    r.columns = "+PIDS";
    EXPECT_TRUE(validate_columns(r));

    r.columns = "NOPE";
    auto bad = validate_columns(r);
    ASSERT_FALSE(bad);
    EXPECT_TRUE(bad.error().usage);
    EXPECT_EQ(bad.error().message(), "unknown column: 'NOPE'");

    r.columns = "KEY,NSEMS";
    bad = validate_columns(r);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().message(), "column 'NSEMS' does not apply to shared memory");

    for (const char* empty : {"", "+", "KEY,", ",KEY", "KEY,,ID"}) {
        r.columns = empty;
        EXPECT_FALSE(validate_columns(r)) << empty;
    }

    // A column of any requested kind will do: the others leave it out.
    r = request({Kind::sysv_shm, Kind::sysv_sem});
    r.columns = "NSEMS";
    EXPECT_TRUE(validate_columns(r));
}

TEST(SelectColumns, ARepeatedColumnIsAUsageError)
{
    auto r = request({Kind::sysv_shm});
    for (const char* list : {"ID,ID", "ID,KEY,id", "+SIZE,size"}) {
        r.columns = list;
        const auto bad = validate_columns(r);
        ASSERT_FALSE(bad) << list;
        EXPECT_TRUE(bad.error().usage);
    }
    r.columns = "ID,KEY,id";
    EXPECT_EQ(validate_columns(r).error().message(), "repeated column: 'id'");
    // A default named again with + is no repetition: it is shown once.
    r.columns = "+KEY";
    EXPECT_TRUE(validate_columns(r));
}

TEST(SelectColumns, LimitColumns)
{
    auto r = request({Kind::sysv_shm});
    r.global = true;
    r.columns = "RESOURCE,use%";
    EXPECT_TRUE(validate_columns(r));
    r.columns = "KEY";
    EXPECT_EQ(validate_columns(r).error().message(), "column 'KEY' does not apply to limits");
    r.columns = "BOGUS";
    EXPECT_EQ(validate_columns(r).error().message(), "unknown column: 'BOGUS'");
    r.global = false;
    r.columns = "RESOURCE";
    EXPECT_EQ(validate_columns(r).error().message(), "column 'RESOURCE' does not apply to shared memory");
    r.global = true;
    r.columns = "+LIMIT,RESOURCE";
    std::vector<std::string> names;
    for (const LimitColumn* c : resolve_limit_columns(r))
        names.emplace_back(c->name);
    EXPECT_EQ(names, (std::vector<std::string>{"RESOURCE", "DESCRIPTION", "LIMIT", "USED", "USE%"}));
    r.columns = "LIMIT,RESOURCE";
    names.clear();
    for (const LimitColumn* c : resolve_limit_columns(r))
        names.emplace_back(c->name);
    EXPECT_EQ(names, (std::vector<std::string>{"LIMIT", "RESOURCE"}));
}

TEST(SelectColumns, ResolveFollowsTheExtrasAndTheList)
{
    auto r = request({Kind::sysv_shm});
    r.time_columns = true;
    EXPECT_EQ(shown(r, Kind::sysv_shm),
              (std::vector<std::string>{"KEY", "ID", "PERMS", "OWNER", "SIZE", "NATTCH", "STATUS", "CTIME", "CPID",
                                        "LPID", "ATTACH", "DETACH", "COMMAND"}));
    r = request({Kind::sysv_shm, Kind::sysv_sem});
    r.columns = "nattch,id";
    EXPECT_EQ(shown(r, Kind::sysv_shm), (std::vector<std::string>{"NATTCH", "ID"}));
    EXPECT_EQ(shown(r, Kind::sysv_sem), (std::vector<std::string>{"ID"}));
    r.columns = "NATTCH";
    EXPECT_TRUE(shown(r, Kind::sysv_sem).empty());
}
