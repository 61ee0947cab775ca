// StreamSlots: a bound on how many streaming calls of one kind run at once. Each stream holds a slot from
// its start until its reactor is done; past the bound a new stream is refused with RESOURCE_EXHAUSTED instead
// of growing memory and threads without limit (issue: "concurrent streams are bounded").
#ifndef AKA_SERVICE_STREAM_SLOTS_H_
#define AKA_SERVICE_STREAM_SLOTS_H_

#include <atomic>

namespace aka::service {

// Thread-safe, lock-free.
class StreamSlots {
 public:
  // `capacity` 0 means unbounded.
  explicit StreamSlots(int capacity) : capacity_(capacity) {}

  // Takes a slot; false (and nothing taken) when all `capacity` slots are in use.
  bool TryAcquire() {
    int active = active_.fetch_add(1, std::memory_order_acq_rel);
    if (capacity_ > 0 && active >= capacity_) {
      active_.fetch_sub(1, std::memory_order_acq_rel);
      return false;
    }
    return true;
  }

  // Gives back a slot taken by a successful TryAcquire.
  void Release() { active_.fetch_sub(1, std::memory_order_acq_rel); }

  int capacity() const { return capacity_; }
  int active() const { return active_.load(std::memory_order_acquire); }

 private:
  const int capacity_;
  std::atomic<int> active_{0};
};

}  // namespace aka::service

#endif  // AKA_SERVICE_STREAM_SLOTS_H_
