// The order of listings (sort.hpp), on made-up objects.
#include <gtest/gtest.h>

#include "libipcutil/list/sort.hpp"

using namespace ipcutil;

namespace {

constexpr std::time_t now = 1'700'000'000;

Object shm(int id, std::uint64_t size, uid_t uid = 0)
{
    Object o;
    o.kind = Kind::sysv_shm;
    o.id = id;
    o.key = 0x100 + id;
    o.size = size;
    o.uid = o.cuid = uid;
    o.cpid = 4242; // gone, by the policies below
    o.ctime = now - 3600;
    o.atime = now - 3000;
    return o;
}

Object posix(Kind kind, std::string name, std::uint64_t size = 0)
{
    Object o;
    o.kind = kind;
    o.name = std::move(name);
    o.size = size;
    o.ctime = o.dtime = now - 60;
    return o;
}

std::vector<int> ids(const ObjectList& l)
{
    std::vector<int> out;
    for (const auto& o : l.objects)
        out.push_back(o.id);
    return out;
}

std::vector<std::string> names(const ObjectList& l)
{
    std::vector<std::string> out;
    for (const auto& o : l.objects)
        out.push_back(o.name);
    return out;
}

} // namespace

TEST(Sort, NeedsHoldersForHolderColumns)
{
    EXPECT_FALSE(sort_needs_holders(""));
    EXPECT_FALSE(sort_needs_holders("size"));
    EXPECT_TRUE(sort_needs_holders("PIDS"));
    EXPECT_TRUE(sort_needs_holders("commands"));
}

TEST(Sort, NumericColumnsNumerically)
{
    std::vector<ObjectList> lists{{Kind::sysv_shm, {shm(1, 100000), shm(2, 9), shm(3, 4096), shm(4, 9)}}};
    sort_lists("size", lists);
    EXPECT_EQ(ids(lists[0]), (std::vector<int>{2, 4, 3, 1})); // stable: 2 before 4
}

TEST(Sort, TextBytewiseAndUnsetLast)
{
    Object a = posix(Kind::posix_shm, "b");
    Object b = posix(Kind::posix_shm, "a");
    Object c = posix(Kind::posix_shm, "c");
    a.ctime = now;
    b.ctime.reset();
    c.ctime = now - 1;
    std::vector<ObjectList> lists{{Kind::posix_shm, {a, b, c}}};
    sort_lists("NAME", lists);
    EXPECT_EQ(names(lists[0]), (std::vector<std::string>{"a", "b", "c"}));
    sort_lists("CTIME", lists);
    EXPECT_EQ(names(lists[0]), (std::vector<std::string>{"c", "b", "a"}));
}

TEST(Sort, ByHolderPids)
{
    Object a = shm(1, 1), b = shm(2, 1), c = shm(3, 1);
    a.holders = {{30, "x"}};
    b.holders = {{4, "x"}, {50, "y"}};
    std::vector<ObjectList> lists{{Kind::sysv_shm, {a, b, c}}};
    sort_lists("PIDS", lists);
    EXPECT_EQ(ids(lists[0]), (std::vector<int>{2, 1, 3})); // [4,50] < [30]; none: last
}

TEST(Sort, LeavesKindsWithoutTheColumnAlone)
{
    Object q1 = posix(Kind::posix_mq, "z", 1), q2 = posix(Kind::posix_mq, "y", 2);
    q1.value = 1;
    std::vector<ObjectList> lists{{Kind::sysv_shm, {shm(1, 2), shm(2, 1)}}, {Kind::posix_mq, {q1, q2}}};
    sort_lists("NSEMS", lists); // semaphore sets only
    EXPECT_EQ(ids(lists[0]), (std::vector<int>{1, 2}));
    EXPECT_EQ(names(lists[1]), (std::vector<std::string>{"z", "y"}));
}

TEST(Sort, ValidateSortColumn)
{
    const Kind shm_only[] = {Kind::sysv_shm};
    const Kind sems[] = {Kind::sysv_sem, Kind::posix_sem};
    EXPECT_TRUE(validate_sort_column("nattch", shm_only));
    EXPECT_TRUE(validate_sort_column("PIDS", sems));
    auto bad = validate_sort_column("SIZE", sems);
    ASSERT_FALSE(bad);
    EXPECT_TRUE(bad.error().usage);
    EXPECT_EQ(bad.error().message(), "column 'SIZE' does not apply to semaphore set or POSIX semaphore");
    bad = validate_sort_column("NOPE", shm_only);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().message(), "unknown column: 'NOPE'");
    EXPECT_FALSE(validate_sort_column("", shm_only));
    EXPECT_EQ(validate_sort_column("K\nEY", shm_only).error().message(), "unknown column: 'K\\x0aEY'");
}
