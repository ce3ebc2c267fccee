#pragma once
// A message queue of either family behind one interface: POSIX (/NAME,
// mq_*) and System V (id or 0x key, msg*).  mqsend and mqrecv stream through
// it, so the paths taken once per message do no work they can avoid: POSIX
// messages are sent straight from the caller's bytes, received messages land
// in a buffer with a spare byte after them for the caller's terminator, a
// timeout costs nothing while messages keep coming, and a receiver may take
// the messages already waiting in one go (receive_batch) so that it writes
// them together.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libipcutil/core/error.hpp"
#include "libipcutil/core/handles.hpp"
#include "libipcutil/core/select.hpp"

namespace ipcutil {

/// The longest a send or receive may wait; nullopt waits for ever.
using Timeout = std::optional<std::chrono::milliseconds>;

/// A timeout as messages show it: "200ms", "2s", "1500ms".
[[nodiscard]] std::string format_timeout(std::chrono::milliseconds timeout);

/// How to open a queue.
struct QueueOptions {
    bool send = false;           ///< open for sending (else for receiving)
    bool nonblock = false;       ///< never wait: a full or empty queue ends the call
    bool notify = false;         ///< POSIX: receive with receive_notified()
    bool create = false;         ///< create it when missing (a POSIX name or a System V key)
    mode_t mode = 0600;          ///< for a created queue
    std::optional<long> maxmsg;  ///< POSIX attributes of a created queue;
    std::optional<long> msgsize; ///< unset ones take the system defaults
};

/// How a send or receive ended when nothing failed.
enum class Transfer {
    done,        ///< one message went through
    timed_out,   ///< the timeout passed first
    would_block, ///< non-blocking: the queue was full (send) or empty (receive)
};

/// What receive() took.  `data` points into the queue's buffer and stays
/// valid until the next receive; data[size] is a spare byte the caller may
/// overwrite (with a line terminator, say).  The messages of one
/// receive_batch() lie one after another in that buffer.
struct Message {
    char* data = nullptr;
    std::size_t size = 0;
    long tag = 0; ///< the POSIX priority or the System V type
};

/// A message copied out of a System V queue without removing it.
struct PeekedMessage {
    long type = 0;
    std::string data;
};

/// System V selection, with msgrcv(2)'s meanings: type 0 takes any message,
/// >0 the first of that type (of any other type with `except`), <0 the first
/// of the lowest type <= |type|.
struct TypeFilter {
    long type = 0;
    bool except = false;
};

/// The largest message a queue takes, and what sets that limit.
struct SendLimit {
    std::size_t bytes = 0;
    std::string what; ///< "the message size of POSIX message queue /q"

    /// "9000 bytes is longer than the message size of POSIX message queue /q
    /// (8192 bytes)": both sizes, for the error.
    [[nodiscard]] std::string too_long(std::uint64_t size) const;
};

class Queue {
  public:
    /// Open the queue `selector` names (or create it, see QueueOptions).
    /// A name given as /dev/shm/NAME is refused.
    [[nodiscard]] static Result<Queue> open(const Selector& selector, const QueueOptions& options);

    /// The limit a queue that does not exist yet would get from open() with
    /// `options`, so messages can be checked before anything is created.
    [[nodiscard]] static Result<SendLimit> planned_limit(const Selector& selector, const QueueOptions& options);

    Queue(Queue&&) noexcept = default;
    Queue& operator=(Queue&&) noexcept = default;
    Queue(const Queue&) = delete;
    Queue& operator=(const Queue&) = delete;
    ~Queue() = default;

    [[nodiscard]] bool posix() const { return posix_; }
    /// POSIX: "/NAME".
    [[nodiscard]] const std::string& name() const { return name_; }
    /// System V: the id, and the key (0 when unknown or IPC_PRIVATE).
    [[nodiscard]] int id() const { return id_; }
    [[nodiscard]] key_t key() const { return key_; }
    /// For messages: "POSIX message queue /q", "message queue key 0x0000abcd".
    [[nodiscard]] const std::string& description() const { return description_; }
    [[nodiscard]] const SendLimit& limit() const { return limit_; }

    /// Send one message with a POSIX priority or a System V type.  The caller
    /// checks its size against limit() first.
    [[nodiscard]] Result<Transfer> send(std::string_view data, long tag, Timeout timeout);

    /// Take one message.  `filter` applies to System V queues only.
    [[nodiscard]] Result<Transfer> receive(Message& out, const TypeFilter& filter, Timeout timeout);

    /// POSIX: wait with mq_notify(3) until a message arrives, then take it
    /// (the queue must have been opened with `notify`).
    [[nodiscard]] Result<Transfer> receive_notified(Message& out, Timeout timeout);

    /// Make room for batches of up to `max` messages and return how many a
    /// batch may hold: `max`, or fewer when messages are so large that
    /// `max` of them would need more than batch_bytes of buffer (one at
    /// least).  Without a call a batch holds one message.
    std::size_t reserve_batch(std::size_t max);

    /// The buffer a batch may take (1 MiB), unless one message needs more.
    static constexpr std::size_t batch_bytes = 1 << 20;

    /// Take one message as receive() does (receive_notified() for a queue
    /// opened with `notify`), then, without waiting, the messages already
    /// waiting behind it, until `out` holds `max` (at most reserve_batch()'s
    /// number) or none is left.  The batch replaces what `out` held; its
    /// messages stay valid until the next receive.  A problem met after the
    /// first message only ends the batch: the next receive reports it.
    [[nodiscard]] Result<Transfer> receive_batch(std::vector<Message>& out, std::size_t max, const TypeFilter& filter,
                                                 Timeout timeout);

    /// System V: copies of every message, in queue order, leaving the queue
    /// as it was (msgrcv MSG_COPY).  A kernel without MSG_COPY gives an
    /// Error with err ENOSYS.
    [[nodiscard]] Result<std::vector<PeekedMessage>> peek();

  private:
    Queue() = default;
    // Take a message whose bytes go to buffer_[at...]; `wait` false never
    // blocks.  `at` is text_start() for the first message of a batch.
    Result<Transfer> receive_posix(std::size_t at, Message& out, bool wait, Timeout timeout);
    Result<Transfer> receive_sysv(std::size_t at, Message& out, const TypeFilter& filter, bool wait, Timeout timeout);
    // Size the receive buffer for batches of messages up to `payload` bytes.
    void layout(std::size_t payload);
    [[nodiscard]] std::size_t text_start() const { return posix_ ? 0 : sizeof(long); }
    Result<Transfer> send_sysv(std::string_view data, long tag, Timeout timeout);
    Result<void> open_posix(const Selector& selector, const QueueOptions& options);
    Result<void> open_sysv(const Selector& selector, const QueueOptions& options);

    bool posix_ = true;
    bool nonblock_ = false;
    bool notify_ = false;
    std::string name_;
    int id_ = -1;
    key_t key_ = 0;
    std::string description_;
    SendLimit limit_;
    MqDescriptor mq_;
    // Receiving: the messages of a batch one after another, each followed
    // by its spare byte, with room for slots_ messages of up to payload_
    // bytes (System V: after the first message's mtype).  Sending to
    // System V: the mtype, then the text.
    std::vector<char> buffer_;
    std::size_t payload_ = 0;
    std::size_t slots_ = 1;
    std::size_t batch_wanted_ = 1;
};

/// The positions (indexes into `types`, which are in queue order) of the
/// messages that successive msgrcv(2) calls with `filter` would take, in the
/// order they would take them.  --peek shows what receiving would.
[[nodiscard]] std::vector<std::size_t> receive_order(const std::vector<long>& types, const TypeFilter& filter);

} // namespace ipcutil
