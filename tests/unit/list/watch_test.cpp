// The --watch frame (watch.hpp).
#include <cstdlib>
#include <ctime>

#include <gtest/gtest.h>

#include "libipcutil/list/watch.hpp"

using namespace ipcutil;
using namespace std::chrono_literals;

namespace {

constexpr std::time_t now = 1'700'000'000;

} // namespace

TEST(Watch, IntervalText)
{
    EXPECT_EQ(interval_text(2s), "2s");
    EXPECT_EQ(interval_text(200ms), "0.2s");
    EXPECT_EQ(interval_text(1500ms), "1.5s");
    EXPECT_EQ(interval_text(1250ms), "1.25s");
}

TEST(Watch, HeaderPutsTheTimeOnTheRightWhenItFits)
{
    ::setenv("TZ", "UTC", 1);
    ::tzset();
    const std::string h = watch_header(2s, "xipcs -m", now, 60);
    EXPECT_EQ(h, "Every 2s: xipcs -m" + std::string(60 - 18 - 24, ' ') + "Tue Nov 14 22:13:20 2023");
    EXPECT_EQ(watch_header(2s, "xipcs -m", now, 30), "Every 2s: xipcs -m");
}

TEST(Watch, FrameRedrawsInPlaceWithinTheScreen)
{
    const std::string frame = redraw_frame("head", "one\ntwo\n", {10, 24});
    EXPECT_EQ(frame, "\033[Hhead\033[K\n\033[K\none\033[K\ntwo\033[K\033[J");
    // Cut to the width (at a character boundary) and to the height.
    EXPECT_EQ(redraw_frame("h", "abcdef\n\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\nlast\n", {3, 4}),
              "\033[Hh\033[K\n\033[K\nabc\033[K\n\xc3\xa9\xc3\xa9\xc3\xa9\033[K\033[J");
}
