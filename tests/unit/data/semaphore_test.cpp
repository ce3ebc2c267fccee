// The pure parts of semop's library: the --op list parser with its limits,
// the member check, and the family limits.  (Operations on real semaphores
// are tested in tests/cli/semop.bats, inside a private IPC namespace.)
#include <climits>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "libipcutil/data/semaphore.hpp"

using namespace ipcutil;

namespace {

constexpr std::uint64_t semvmx = 32767;
constexpr std::uint64_t semopm = 500;

std::string error_of(std::string_view text, std::uint64_t max_ops = semopm)
{
    auto r = parse_sem_ops(text, semvmx, max_ops);
    EXPECT_FALSE(r) << text;
    if (r)
        return {};
    EXPECT_TRUE(r.error().usage) << text;
    return r.error().message();
}

} // namespace

TEST(ParseSemOps, OnePairAndLists)
{
    EXPECT_EQ(*parse_sem_ops("0:-1", semvmx, semopm), (std::vector<SemOp>{{0, -1}}));
    EXPECT_EQ(*parse_sem_ops("0:-1,1:+1", semvmx, semopm), (std::vector<SemOp>{{0, -1}, {1, 1}}));
    EXPECT_EQ(*parse_sem_ops("3:0", semvmx, semopm), (std::vector<SemOp>{{3, 0}}));
    EXPECT_EQ(*parse_sem_ops("2:5,2:-5", semvmx, semopm), (std::vector<SemOp>{{2, 5}, {2, -5}}));
    EXPECT_EQ(*parse_sem_ops("65535:+0", semvmx, semopm), (std::vector<SemOp>{{65535, 0}}));
}

TEST(ParseSemOps, DeltasUpToTheValueLimitEitherWay)
{
    EXPECT_EQ(*parse_sem_ops("0:32767,1:-32767", semvmx, semopm), (std::vector<SemOp>{{0, 32767}, {1, -32767}}));
    EXPECT_EQ(error_of("0:32768"), "delta out of range: '0:32768' (at most 32767 either way, SEMVMX)");
    EXPECT_EQ(error_of("1:-32768"), "delta out of range: '1:-32768' (at most 32767 either way, SEMVMX)");
    EXPECT_EQ(error_of("0:-99999999999999999999"),
              "delta out of range: '0:-99999999999999999999' (at most 32767 either way, SEMVMX)");
}

TEST(ParseSemOps, MalformedPairsNameThemselves)
{
    const std::string expected = " (expected MEMBER:DELTA, as 0:-1 or 1:+1)";
    for (const char* bad :
         {"0", "0:", ":1", "x:1", "0:x", "0:1:2", "0:+-1", "0:++1", "0:--1", "-1:1", "0: 1", "0:1.5", "0x1:1"})
        EXPECT_EQ(error_of(bad), fmt::format("invalid operation: '{}'{}", bad, expected));
    EXPECT_EQ(error_of("0:-1,1"), "invalid operation: '1'" + expected);
    EXPECT_EQ(error_of("0:\x1b"), "invalid operation: '0:\\x1b'" + expected);
}

TEST(ParseSemOps, EmptyPiecesAreRefused)
{
    EXPECT_EQ(error_of(""), "invalid operation list: '' (an empty operation)");
    EXPECT_EQ(error_of("0:-1,"), "invalid operation list: '0:-1,' (an empty operation)");
    EXPECT_EQ(error_of(",0:-1"), "invalid operation list: ',0:-1' (an empty operation)");
    EXPECT_EQ(error_of("0:-1,,1:1"), "invalid operation list: '0:-1,,1:1' (an empty operation)");
}

TEST(ParseSemOps, MembersFitAnUnsignedShort)
{
    EXPECT_EQ(error_of("65536:1"), "member out of range: '65536' in '65536:1' (at most 65535)");
}

TEST(ParseSemOps, AtMostSemopmOperations)
{
    std::string three = "0:1,1:1,2:1";
    EXPECT_TRUE(parse_sem_ops(three, semvmx, 3));
    EXPECT_EQ(error_of(three, 2), "too many operations: 3 (at most 2 in one call, SEMOPM)");
}

TEST(CheckMembers, PassesMembersInRange)
{
    const std::vector<unsigned> members{0, 1, 1};
    EXPECT_TRUE(check_members(members, 2, "semaphore set id 3"));
    EXPECT_TRUE(check_members({}, 1, "semaphore set id 3"));
}

TEST(CheckMembers, NamesTheFirstMissingMemberAndTheSetsSize)
{
    const std::vector<unsigned> members{0, 5, 7};
    auto r = check_members(members, 2, "semaphore set id 3");
    ASSERT_FALSE(r);
    EXPECT_FALSE(r.error().usage);
    EXPECT_EQ(r.error().message(), "semaphore set id 3: no member 5 (it has 2 members, 0 to 1)");
    const std::vector<unsigned> one{1};
    EXPECT_EQ(check_members(one, 1, "semaphore set key 0x00000042").error().message(),
              "semaphore set key 0x00000042: no member 1 (it has one member, 0)");
}

TEST(SemValueMax, PosixIsSemValueMax)
{
    EXPECT_EQ(sem_value_max(true), static_cast<std::uint64_t>(SEM_VALUE_MAX));
    EXPECT_EQ(posix_sem_value_max, static_cast<std::uint64_t>(INT_MAX));
    EXPECT_GE(sem_value_max(false), 1U);
}
