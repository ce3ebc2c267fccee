#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "libipcutil/list/listing.hpp"

using namespace ipcutil;
using ::testing::ElementsAre;

TEST(Listing, FrameMessagesAreTheWarningsThenTheFailure)
{
    ListingFrame frame;
    frame.warnings = {"a", "b"};
    EXPECT_THAT(frame.messages(), ElementsAre("a", "b"));
    frame.error = failure("read", "/proc/sysvipc/shm", "gone");
    EXPECT_THAT(frame.messages(), ElementsAre("a", "b", "read /proc/sysvipc/shm: gone"));
}

TEST(Listing, WatchCommandIsTheCommandLineWithoutItsPath)
{
    using namespace std::string_view_literals;
    EXPECT_EQ(watch_command("xipcs", "/usr/bin/xipcs\0-m\0--watch=1s\0"sv), "xipcs -m --watch=1s");
    EXPECT_EQ(watch_command("xipcs", "xipcs\0"sv), "xipcs");
    EXPECT_EQ(watch_command("xipcs", ""), "xipcs");
}
