#include <gtest/gtest.h>

#include "libipcutil/list/filter.hpp"

using namespace ipcutil;
using namespace std::chrono_literals;

namespace {

Object made(uid_t uid, std::optional<std::time_t> ctime)
{
    Object o;
    o.uid = uid;
    o.ctime = ctime;
    return o;
}

} // namespace

TEST(Filters, EmptyMatchesEverything)
{
    const Filters f;
    EXPECT_TRUE(f.empty());
    EXPECT_TRUE(f.matches(made(0, std::nullopt), 1000));
    EXPECT_TRUE(f.matches(made(1234, 5), 1000));
}

TEST(Filters, Owner)
{
    Filters f;
    f.owner = 1000;
    EXPECT_FALSE(f.empty());
    EXPECT_TRUE(f.matches(made(1000, 1), 10));
    EXPECT_FALSE(f.matches(made(0, 1), 10));
}

TEST(Filters, OlderThan)
{
    Filters f;
    f.older_than = 1h;
    const std::time_t now = 100000;
    EXPECT_TRUE(f.matches(made(0, now - 3600), now)); // exactly an hour
    EXPECT_TRUE(f.matches(made(0, now - 7200), now));
    EXPECT_FALSE(f.matches(made(0, now - 3599), now));
    EXPECT_FALSE(f.matches(made(0, now + 10), now));     // a clock that went back
    EXPECT_FALSE(f.matches(made(0, std::nullopt), now)); // unknown age
}

TEST(Filters, Both)
{
    Filters f;
    f.owner = 7;
    f.older_than = 10s;
    EXPECT_TRUE(f.matches(made(7, 0), 100));
    EXPECT_FALSE(f.matches(made(8, 0), 100));
    EXPECT_FALSE(f.matches(made(7, 95), 100));
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
