#include <cerrno>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "libipcutil/list/listing.hpp"

using namespace ipcutil;
using ::testing::ElementsAre;

TEST(Listing, EveryProblemIsReportedInOrderAndAnyFailureFails)
{
    ListingFrame frame;
    frame.problems.warn("a");
    EXPECT_THAT(frame.messages(), ElementsAre("a"));
    EXPECT_EQ(frame.problems.exit_code(), exit_ok);
    frame.problems.fail(failure("read", "/proc/sysvipc/shm", "gone"));
    frame.problems.warn("b");
    frame.problems.fail(sys_error("find", "POSIX shared memory /a\nb", ENOENT));
    EXPECT_THAT(frame.messages(),
                ElementsAre("a", "read /proc/sysvipc/shm: gone", "b", "find POSIX shared memory /a\\x0ab: not found"));
    EXPECT_EQ(frame.problems.exit_code(), exit_failure);
}

TEST(Listing, WatchCommandIsTheCommandLineWithoutItsPath)
{
    using namespace std::string_view_literals;
    EXPECT_EQ(watch_command("xipcs", "/usr/bin/xipcs\0-m\0--watch=1s\0"sv), "xipcs -m --watch=1s");
    EXPECT_EQ(watch_command("xipcs", "xipcs\0"sv), "xipcs");
    EXPECT_EQ(watch_command("xipcs", ""), "xipcs");
}
