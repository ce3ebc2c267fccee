#include "ipcutil/handles.hpp"

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

ShmAttach& ShmAttach::operator=(ShmAttach&& other) noexcept
{
    if (this != &other) {
        reset();
        addr_ = take(other.addr_, static_cast<void*>(nullptr));
        size_ = take(other.size_, std::size_t{0});
    }
    return *this;
}

void ShmAttach::reset()
{
    if (addr_ != nullptr)
        ::shmdt(addr_);
    addr_ = nullptr;
    size_ = 0;
}

Mapping& Mapping::operator=(Mapping&& other) noexcept
{
    if (this != &other) {
        reset();
        addr_ = take(other.addr_, static_cast<void*>(nullptr));
        size_ = take(other.size_, std::size_t{0});
    }
    return *this;
}

void Mapping::reset()
{
    if (addr_ != nullptr)
        ::munmap(addr_, size_);
    addr_ = nullptr;
    size_ = 0;
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

}  // namespace ipcutil
