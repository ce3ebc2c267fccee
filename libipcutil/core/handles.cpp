#include "libipcutil/core/handles.hpp"

#include <sys/mman.h>
#include <sys/shm.h>
#include <unistd.h>

namespace ipcutil {

Fd& Fd::operator=(Fd&& other) noexcept
{
    if (this != &other)
        reset(other.release());
    return *this;
}

void Fd::reset(int fd)
{
    if (fd_ >= 0)
        ::close(fd_);
    fd_ = fd;
}

void release_attachment(void* address, std::size_t /*size*/)
{
    ::shmdt(address);
}

void release_mapping(void* address, std::size_t size)
{
    ::munmap(address, size);
}

MqDescriptor& MqDescriptor::operator=(MqDescriptor&& other) noexcept
{
    if (this != &other) {
        reset();
        mq_ = take(other.mq_, invalid);
    }
    return *this;
}

void MqDescriptor::reset()
{
    if (mq_ != invalid)
        ::mq_close(mq_);
    mq_ = invalid;
}

Semaphore& Semaphore::operator=(Semaphore&& other) noexcept
{
    if (this != &other) {
        reset();
        sem_ = take(other.sem_, static_cast<sem_t*>(nullptr));
    }
    return *this;
}

void Semaphore::reset()
{
    if (sem_ != nullptr)
        ::sem_close(sem_);
    sem_ = nullptr;
}

} // namespace ipcutil
