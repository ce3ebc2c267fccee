// The one filter of listings and sweeps (filter.hpp): owner, age, size and
// the orphan rule, on made-up objects.
#include <gtest/gtest.h>

#include "libipcutil/list/filter.hpp"

using namespace ipcutil;
using namespace std::chrono_literals;

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

Filter filter()
{
    Filter f;
    f.policy.pid_alive = [](pid_t pid) { return pid == 1; };
    f.policy.sight = ProcSight{}; // the holder pass saw every process
    return f;
}

Object made(uid_t uid, std::optional<std::time_t> ctime)
{
    Object o;
    o.uid = uid;
    o.ctime = ctime;
    return o;
}

} // namespace

TEST(Filter, EmptyMatchesEverything)
{
    const Filter f;
    EXPECT_FALSE(f.active());
    EXPECT_TRUE(f.keeps(made(0, std::nullopt), 1000));
    EXPECT_TRUE(f.keeps(made(1234, 5), 1000));
}

TEST(Filter, Owner)
{
    Filter f;
    f.owner = 1000;
    EXPECT_TRUE(f.active());
    EXPECT_TRUE(f.keeps(made(1000, 1), 10));
    EXPECT_FALSE(f.keeps(made(0, 1), 10));
}

TEST(Filter, OlderThan)
{
    Filter f;
    f.older_than = 1h;
    const std::time_t now = 100000;
    EXPECT_TRUE(f.keeps(made(0, now - 3600), now)); // exactly an hour
    EXPECT_TRUE(f.keeps(made(0, now - 7200), now));
    EXPECT_FALSE(f.keeps(made(0, now - 3599), now));
    EXPECT_FALSE(f.keeps(made(0, now + 10), now));     // a clock that went back
    EXPECT_FALSE(f.keeps(made(0, std::nullopt), now)); // unknown age
}

TEST(Filter, Both)
{
    Filter f;
    f.owner = 7;
    f.older_than = 10s;
    EXPECT_TRUE(f.keeps(made(7, 0), 100));
    EXPECT_FALSE(f.keeps(made(8, 0), 100));
    EXPECT_FALSE(f.keeps(made(7, 95), 100));
}

TEST(Filter, ObjectBytesCountsSizesAndQueuedBytesNotSemaphores)
{
    EXPECT_EQ(object_bytes(shm(1, 4096)), 4096U);
    Object q = posix(Kind::posix_mq, "q", 12);
    EXPECT_EQ(object_bytes(q), 12U);
    q.kind = Kind::sysv_msg;
    EXPECT_EQ(object_bytes(q), 12U);
    EXPECT_EQ(object_bytes(posix(Kind::posix_sem, "s", 32)), 0U);
    Object set;
    set.kind = Kind::sysv_sem;
    set.nsems = 4;
    EXPECT_EQ(object_bytes(set), 0U);
}

TEST(Filter, OwnerMinSizeAndAge)
{
    auto f = filter();
    f.owner = 1000;
    EXPECT_TRUE(f.keeps(shm(1, 1, 1000), now));
    EXPECT_FALSE(f.keeps(shm(1, 1, 0), now));

    f = filter();
    f.min_size = 4096;
    EXPECT_TRUE(f.keeps(shm(1, 4096), now));
    EXPECT_FALSE(f.keeps(shm(1, 4095), now));
    EXPECT_FALSE(f.keeps(posix(Kind::posix_sem, "s", 32), now));

    f = filter();
    f.older_than = 30min;
    EXPECT_TRUE(f.keeps(shm(1, 1), now));                    // changed an hour ago
    EXPECT_FALSE(f.keeps(posix(Kind::posix_shm, "x"), now)); // a minute ago
    Object never = shm(2, 1);
    never.ctime.reset();
    EXPECT_FALSE(f.keeps(never, now)); // no change time: no evidence of age
    f.older_than = 3600s;
    EXPECT_TRUE(f.keeps(shm(1, 1), now)); // exactly that old counts
    f.older_than = 3601s;
    EXPECT_FALSE(f.keeps(shm(1, 1), now));
}

TEST(Filter, OrphansFollowTheRule)
{
    auto f = filter();
    f.orphans = true;
    EXPECT_TRUE(f.keeps(shm(1, 1), now));
    Object held = shm(2, 1);
    held.holders = {{7, "x"}};
    EXPECT_FALSE(f.keeps(held, now));
    Object creator_alive = shm(3, 1);
    creator_alive.cpid = 1;
    EXPECT_FALSE(f.keeps(creator_alive, now));
    Object queue = shm(4, 1);
    queue.kind = Kind::sysv_msg;
    EXPECT_FALSE(f.keeps(queue, now));
    // POSIX: modified a minute ago, fresh within a 5 minute grace period.
    EXPECT_TRUE(f.keeps(posix(Kind::posix_shm, "a"), now));
    f.policy.grace = 5min;
    EXPECT_FALSE(f.keeps(posix(Kind::posix_shm, "a"), now));
}

TEST(Filter, FilterListsDropsWhatItDoesNotKeep)
{
    std::vector<ObjectList> lists{{Kind::sysv_shm, {shm(1, 10, 1000), shm(2, 10, 0), shm(3, 10, 1000)}},
                                  {Kind::posix_shm, {posix(Kind::posix_shm, "a")}}};
    auto f = filter();
    filter_lists(f, now, lists); // nothing set: everything stays
    EXPECT_EQ(lists[0].objects.size(), 3U);
    f.owner = 1000;
    filter_lists(f, now, lists);
    ASSERT_EQ(lists[0].objects.size(), 2U);
    EXPECT_EQ(lists[0].objects[0].id, 1);
    EXPECT_EQ(lists[0].objects[1].id, 3);
    EXPECT_TRUE(lists[1].objects.empty());
}

TEST(ParseOwner, NamesAndNumbers)
{
    EXPECT_EQ(parse_owner("root").value(), 0U);
    EXPECT_EQ(parse_owner("0").value(), 0U);
    EXPECT_EQ(parse_owner("4321").value(), 4321U);
    for (const char* bad : {"", "no-such-user-xipc", "12x"}) {
        auto r = parse_owner(bad);
        ASSERT_FALSE(r) << bad;
        EXPECT_TRUE(r.error().usage) << bad;
    }
}
