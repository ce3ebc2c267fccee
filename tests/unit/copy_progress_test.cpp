#include <gtest/gtest.h>

#include "ipcutil/copy_progress.hpp"

using namespace ipcutil;

TEST(HumanBytes, Units)
{
    EXPECT_EQ(human_bytes(0), "0 B");
    EXPECT_EQ(human_bytes(1023), "1023 B");
    EXPECT_EQ(human_bytes(1024), "1.0 KiB");
    EXPECT_EQ(human_bytes(1536), "1.5 KiB");
    EXPECT_EQ(human_bytes(1048575), "1.0 MiB"); // never "1024.0 KiB"
    EXPECT_EQ(human_bytes(1ULL << 30), "1.0 GiB");
    EXPECT_EQ(human_bytes(UINT64_MAX), "16.0 EiB");
}

TEST(ProgressText, DoneTotalPercentRate)
{
    EXPECT_EQ(progress_text(512 << 20, 1ULL << 30, 0), "512.0 MiB of 1.0 GiB (50%)");
    EXPECT_EQ(progress_text(512 << 20, 1ULL << 30, 0.5), "512.0 MiB of 1.0 GiB (50%), 1.0 GiB/s");
    EXPECT_EQ(progress_text(0, 0, 0), "0 B of 0 B (100%)");
    EXPECT_EQ(progress_text(1, 3, 0), "1 B of 3 B (33%)");
}
