#pragma once
// Move-only owners for every kernel handle.  Command code never calls close,
// shmdt, munmap, mq_close or sem_close itself.

#include <mqueue.h>
#include <semaphore.h>
#include <sys/types.h>

#include <cstddef>
#include <utility>

namespace ipcutil {

/// Exchange `value` for `empty` and return the old value (a move helper).
template <class T> T take(T& value, T empty)
{
    return std::exchange(value, empty);
}

/// A file descriptor.
class Fd {
  public:
    Fd() = default;
    explicit Fd(int fd) : fd_(fd) {}
    Fd(Fd&& other) noexcept : fd_(take(other.fd_, -1)) {}
    Fd& operator=(Fd&& other) noexcept;
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() { reset(); }

    [[nodiscard]] int get() const { return fd_; }
    [[nodiscard]] explicit operator bool() const { return fd_ >= 0; }
    [[nodiscard]] int release() { return take(fd_, -1); }
    void reset(int fd = -1);

  private:
    int fd_ = -1;
};

/// A range of memory owned until `Release` gives it back: the common shape
/// of an attachment and a mapping.
template <void (*Release)(void*, std::size_t)> class OwnedRange {
  public:
    OwnedRange() = default;
    OwnedRange(void* address, std::size_t size) : addr_(address), size_(size) {}
    OwnedRange(OwnedRange&& other) noexcept
        : addr_(take(other.addr_, static_cast<void*>(nullptr))), size_(take(other.size_, std::size_t{0}))
    {
    }
    OwnedRange& operator=(OwnedRange&& other) noexcept
    {
        if (this != &other) {
            reset();
            addr_ = take(other.addr_, static_cast<void*>(nullptr));
            size_ = take(other.size_, std::size_t{0});
        }
        return *this;
    }
    OwnedRange(const OwnedRange&) = delete;
    OwnedRange& operator=(const OwnedRange&) = delete;
    ~OwnedRange() { reset(); }

    [[nodiscard]] void* data() const { return addr_; }
    [[nodiscard]] std::size_t size() const { return size_; }
    [[nodiscard]] explicit operator bool() const { return addr_ != nullptr; }
    void reset()
    {
        if (addr_ != nullptr)
            Release(addr_, size_);
        addr_ = nullptr;
        size_ = 0;
    }

  private:
    void* addr_ = nullptr;
    std::size_t size_ = 0;
};

void release_attachment(void* address, std::size_t size); ///< shmdt
void release_mapping(void* address, std::size_t size);    ///< munmap

/// A System V shared memory attachment (shmat/shmdt).
using ShmAttach = OwnedRange<release_attachment>;
/// An mmap'ed region (mmap/munmap).
using Mapping = OwnedRange<release_mapping>;

/// A POSIX message queue descriptor (mq_open/mq_close).
class MqDescriptor {
  public:
    MqDescriptor() = default;
    explicit MqDescriptor(mqd_t mq) : mq_(mq) {}
    MqDescriptor(MqDescriptor&& other) noexcept : mq_(take(other.mq_, invalid)) {}
    MqDescriptor& operator=(MqDescriptor&& other) noexcept;
    MqDescriptor(const MqDescriptor&) = delete;
    MqDescriptor& operator=(const MqDescriptor&) = delete;
    ~MqDescriptor() { reset(); }

    [[nodiscard]] mqd_t get() const { return mq_; }
    [[nodiscard]] explicit operator bool() const { return mq_ != invalid; }
    void reset();

  private:
    static constexpr mqd_t invalid = static_cast<mqd_t>(-1);
    mqd_t mq_ = invalid;
};

/// A POSIX named semaphore (sem_open/sem_close).
class Semaphore {
  public:
    Semaphore() = default;
    explicit Semaphore(sem_t* sem) : sem_(sem) {}
    Semaphore(Semaphore&& other) noexcept : sem_(take(other.sem_, static_cast<sem_t*>(nullptr))) {}
    Semaphore& operator=(Semaphore&& other) noexcept;
    Semaphore(const Semaphore&) = delete;
    Semaphore& operator=(const Semaphore&) = delete;
    ~Semaphore() { reset(); }

    [[nodiscard]] sem_t* get() const { return sem_; }
    [[nodiscard]] explicit operator bool() const { return sem_ != nullptr; }
    void reset();

  private:
    sem_t* sem_ = nullptr;
};

} // namespace ipcutil
