#include <gtest/gtest.h>

#include "libipcutil/core/procfs.hpp"

using namespace ipcutil;

TEST(ProcPid, OnlyAPositiveDecimalPidNamesAProcess)
{
    EXPECT_EQ(proc_pid("1"), 1);
    EXPECT_EQ(proc_pid("4194304"), 4194304);
    for (const char* other : {"", "0", "-1", "self", "sys", "12a", " 12", "+3", "99999999999"})
        EXPECT_FALSE(proc_pid(other)) << other;
}
