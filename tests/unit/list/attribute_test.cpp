// The holder step of listings (attribute.hpp).
#include <unistd.h>

#include <gtest/gtest.h>

#include "libipcutil/list/attribute.hpp"

using namespace ipcutil;

TEST(Attribute, AttributionWarningOnlyWhenPartial)
{
    AttributionStats stats;
    EXPECT_FALSE(attribution_warning(stats));
    stats.unreadable = 2;
    // As root the note is left out (its advice would be wrong); as another
    // user it is partial_attribution_note.
    const auto note = attribution_warning(stats);
    if (::geteuid() == 0)
        EXPECT_FALSE(note);
    else
        EXPECT_EQ(note, partial_attribution_note(stats));
}
