// SetAssociativeSlots: the storage of a bounded cache keyed by string, without the bookkeeping of an LRU list
// and hash index. A key's hash picks one set of kWays slots; Find compares that set's hashes and keys, Put
// replaces the set's least recently used slot in place (no node allocated, no index erased from). For caches
// whose working set is often many times their capacity (the resolver's analysis and entity caches at a million
// entities), where nearly every lookup is a miss and an LRU list's per-miss erase/insert costs as much as the
// value itself. Not thread-safe: callers shard it and hold a lock per instance.
#ifndef AKA_COMMON_SET_ASSOCIATIVE_SLOTS_H_
#define AKA_COMMON_SET_ASSOCIATIVE_SLOTS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace aka {

// Value must be default-constructible and movable; a default Value is what an empty slot holds.
template <typename Value>
class SetAssociativeSlots {
 public:
  // Slots per set: a key can be held in any of this many places.
  static constexpr size_t kWays = 4;

  // `sets` sets of kWays slots (0: holds nothing).
  explicit SetAssociativeSlots(size_t sets) : slots_(sets * kWays) {}

  size_t capacity() const { return slots_.size(); }

  // The value held for `key` (whose hash is `hash`; any hash function, the same for every call), marked as
  // the set's most recently used; null if it is not held.
  Value* Find(uint64_t hash, absl::string_view key) {
    Slot* slot = SlotOf(hash, key);
    if (slot == nullptr) return nullptr;
    slot->last_used = ++tick_;
    return &slot->value;
  }

  // Holds `value` for `key`: in the key's own slot if it has one, else in the least recently used slot of its
  // set. Returns the value displaced (a default Value if the slot was empty), for the caller to destroy after
  // releasing its lock.
  Value Put(uint64_t hash, absl::string_view key, Value value) {
    if (slots_.empty()) return value;
    Slot* victim = SlotOf(hash, key);
    if (victim == nullptr) {
      Slot* set = SetOf(hash);
      victim = set;
      for (size_t way = 1; way < kWays; ++way) {
        if (set[way].last_used < victim->last_used) victim = &set[way];
      }
    }
    Value displaced = std::exchange(victim->value, std::move(value));
    victim->hash = hash;
    victim->last_used = ++tick_;
    victim->key.assign(key.data(), key.size());
    return displaced;
  }

  // Empties `key`'s slot; returns the value it held (a default Value if none).
  Value Erase(uint64_t hash, absl::string_view key) {
    Slot* slot = SlotOf(hash, key);
    if (slot == nullptr) return Value();
    slot->last_used = 0;
    return std::exchange(slot->value, Value());
  }

  // Empties every slot.
  void Clear() {
    for (Slot& slot : slots_) {
      slot.last_used = 0;
      slot.value = Value();
    }
  }

  // Slots holding a value.
  size_t size() const {
    size_t held = 0;
    for (const Slot& slot : slots_) held += slot.last_used != 0 ? 1 : 0;
    return held;
  }

 private:
  struct Slot {
    uint64_t hash = 0;
    uint64_t last_used = 0;  // tick_ at the last Find or Put; 0: empty (the least recently used of all)
    std::string key;
    Value value{};
  };

  // The set's first slot. The hash is mixed first: a caller that shards by the low bits of the same hash
  // hands one instance only hashes that agree in those bits.
  Slot* SetOf(uint64_t hash) {
    const uint64_t mixed = (hash ^ (hash >> 29)) * 0xbf58476d1ce4e5b9ULL;
    return &slots_[(mixed >> 32) % (slots_.size() / kWays) * kWays];
  }

  Slot* SlotOf(uint64_t hash, absl::string_view key) {
    if (slots_.empty()) return nullptr;
    Slot* set = SetOf(hash);
    for (size_t way = 0; way < kWays; ++way) {
      if (set[way].last_used != 0 && set[way].hash == hash && set[way].key == key) return &set[way];
    }
    return nullptr;
  }

  std::vector<Slot> slots_;
  uint64_t tick_ = 0;
};

// Sums `count(shard.slots)` over `shards` (each with a `mutex` guarding its `slots`), each under its lock: the
// size or capacity of a cache sharded over several SetAssociativeSlots.
template <typename Shards, typename Count>
size_t SumOverShards(Shards& shards, const Count& count) {
  size_t total = 0;
  for (auto& shard : shards) {
    absl::MutexLock lock(&shard.mutex);
    total += count(shard.slots);
  }
  return total;
}

}  // namespace aka

#endif  // AKA_COMMON_SET_ASSOCIATIVE_SLOTS_H_
