// The note a listing gives when the orphan rule could not prove POSIX
// objects unused (audit.hpp).
#include <gtest/gtest.h>

#include "libipcutil/list/audit.hpp"

using namespace ipcutil;

namespace {

constexpr std::time_t now = 1'700'000'000;

std::vector<ObjectList> one_posix_shm()
{
    Object o;
    o.kind = Kind::posix_shm;
    o.name = "left";
    o.ctime = o.dtime = now - 3600; // older than any grace
    return {ObjectList{Kind::posix_shm, {o}}};
}

Filter orphans()
{
    Filter f;
    f.orphans = true;
    f.policy.now = now;
    f.policy.pid_alive = [](pid_t) { return false; };
    return f;
}

} // namespace

TEST(Audit, SightWarningOnlyWhenAPosixObjectCannotBeProvenUnused)
{
    Filter f = orphans();
    f.policy.sight = ProcSight{}; // the holder pass saw every process
    EXPECT_FALSE(orphan_sight_warning(f, one_posix_shm()));

    ProcSight hidden;
    hidden.hidden_by = "hidepid=invisible";
    f.policy.sight = hidden;
    EXPECT_EQ(orphan_sight_warning(f, one_posix_shm()),
              "POSIX objects no process was seen to hold are not listed as orphans: " + hidden.why());
    // Nothing that could be called an orphan, no note.
    EXPECT_FALSE(orphan_sight_warning(f, {}));
    // Without --orphans nothing is called an orphan either.
    f.orphans = false;
    EXPECT_FALSE(orphan_sight_warning(f, one_posix_shm()));

    f = orphans(); // no holder pass at all
    EXPECT_EQ(orphan_sight_warning(f, one_posix_shm()),
              "POSIX objects no process was seen to hold are not listed as orphans: no /proc pass was made");
}
