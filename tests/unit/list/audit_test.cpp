// The liveness test of the orphan audit (audit.hpp).
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "libipcutil/holders/orphans.hpp"
#include "libipcutil/list/audit.hpp"

using namespace ipcutil;

TEST(Audit, ProcessRunningCountsZombiesAsGone)
{
    EXPECT_TRUE(process_running(::getpid()));
    EXPECT_FALSE(process_running(0));
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0)
        ::_exit(0);
    // Until we reap it, the child is a zombie: kill(pid, 0) still succeeds.
    for (int i = 0; i < 2000 && process_running(child); ++i)
        ::usleep(1000);
    EXPECT_TRUE(pid_alive(child));
    EXPECT_FALSE(process_running(child));
    ASSERT_EQ(::waitpid(child, nullptr, 0), child);
    EXPECT_FALSE(process_running(child));
}
