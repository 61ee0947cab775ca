// Makes absl::Mutex, absl::CondVar and absl::Notification visible to ThreadSanitizer in the tsan stage of
// .ci/run (linked into every executable of build-ci-tsan, with -rdynamic; never part of a normal build).
//
// Debian's abseil is not built with -fsanitize=thread, so TSan sees neither its locks nor the atomics behind
// them: every field aka guards with an absl::Mutex would be reported as a race, and so would data gRPC hands
// between threads through its own queues (gpr_mu and grpc_core::Mutex are absl::Mutex). This file defines
// the out-of-line members that lock, unlock and wait; each calls abseil's own definition (found with
// dlsym(RTLD_NEXT)) and tells TSan the order it establishes: "acquire" after a lock is taken, "release" before
// it is given up. Because the executable exports these definitions, calls from gRPC's libraries land here too.
//
// abseil evaluates the Condition of a waiter (aka's code, instrumented) inside Lock, Unlock and Await, on
// whichever thread operates on the mutex at the time, with the lock word held but outside the acquire/release
// annotated here. As abseil's own TSan build does ("all memory accesses are ignored inside of mutex
// operations"), the accesses inside abseil's calls are ignored (IgnoreAccesses below): a condition only reads state
// guarded by its mutex, under that mutex.
//
// What it does not model: a reader lock is treated like a writer lock (a later reader is ordered after an
// earlier one, which could only hide a write made under a reader lock), and lock-free paths inside gRPC stay
// invisible (.ci/tsan.supp). It adds ordering only, so it cannot create a report, only prevent false ones.
#include <dlfcn.h>
#include <sanitizer/tsan_interface.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/base/config.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"

// In libtsan, not declared by <sanitizer/tsan_interface.h> in gcc 12.
extern "C" void __tsan_ignore_thread_begin();
extern "C" void __tsan_ignore_thread_end();

#if !ABSL_OPTION_USE_INLINE_NAMESPACE
#error "expects abseil's inline namespace (absl::<name>::), as Debian's abseil has"
#endif

namespace {

#define AKA_TSAN_STR2(x) #x
#define AKA_TSAN_STR(x) AKA_TSAN_STR2(x)

// abseil's definition of a member: `mangled_tail` is the Itanium mangling after "_ZN4absl<ns>" (class, name,
// parameters), e.g. "5Mutex4LockEv" for absl::Mutex::Lock(); `is_const` for a const member (_ZNK).
template <typename Fn>
Fn Real(const char* mangled_tail, bool is_const = false) {
  const std::string ns = AKA_TSAN_STR(ABSL_OPTION_INLINE_NAMESPACE_NAME);
  const std::string name =
      std::string(is_const ? "_ZNK4absl" : "_ZN4absl") + std::to_string(ns.size()) + ns + mangled_tail;
  void* fn = dlsym(RTLD_NEXT, name.c_str());
  if (fn == nullptr) {
    std::fprintf(stderr, "tsan_absl_sync: %s not found in abseil: %s\n", name.c_str(), dlerror());
    std::abort();
  }
  return reinterpret_cast<Fn>(fn);
}

// Ignores the memory accesses of the current thread while it lives (see the comment at the top).
struct IgnoreAccesses {
  IgnoreAccesses() { __tsan_ignore_thread_begin(); }
  ~IgnoreAccesses() { __tsan_ignore_thread_end(); }
  IgnoreAccesses(const IgnoreAccesses&) = delete;
  IgnoreAccesses& operator=(const IgnoreAccesses&) = delete;
};

// Calls abseil's `real` function with the accesses inside it ignored.
template <typename Fn, typename... Args>
auto CallIgnoringAccesses(Fn real, Args... args) {
  IgnoreAccesses ignore;
  return real(args...);
}

}  // namespace

namespace absl {
ABSL_NAMESPACE_BEGIN

// In the manglings, NS0_ stands for absl::<ns>:: (a substitution).
#define AKA_TSAN_REAL(type, ...) static const auto real = Real<type>(__VA_ARGS__)

void Mutex::Lock() {
  AKA_TSAN_REAL(void (*)(Mutex*), "5Mutex4LockEv");
  CallIgnoringAccesses(real, this);
  __tsan_acquire(this);
}

void Mutex::ReaderLock() {
  AKA_TSAN_REAL(void (*)(Mutex*), "5Mutex10ReaderLockEv");
  CallIgnoringAccesses(real, this);
  __tsan_acquire(this);
}

bool Mutex::TryLock() {
  AKA_TSAN_REAL(bool (*)(Mutex*), "5Mutex7TryLockEv");
  const bool locked = CallIgnoringAccesses(real, this);
  if (locked) __tsan_acquire(this);
  return locked;
}

bool Mutex::ReaderTryLock() {
  AKA_TSAN_REAL(bool (*)(Mutex*), "5Mutex13ReaderTryLockEv");
  const bool locked = CallIgnoringAccesses(real, this);
  if (locked) __tsan_acquire(this);
  return locked;
}

void Mutex::Unlock() {
  AKA_TSAN_REAL(void (*)(Mutex*), "5Mutex6UnlockEv");
  __tsan_release(this);
  CallIgnoringAccesses(real, this);
}

void Mutex::ReaderUnlock() {
  AKA_TSAN_REAL(void (*)(Mutex*), "5Mutex12ReaderUnlockEv");
  __tsan_release(this);
  CallIgnoringAccesses(real, this);
}

void Mutex::LockWhen(const Condition& cond) {
  AKA_TSAN_REAL(void (*)(Mutex*, const Condition&), "5Mutex8LockWhenERKNS0_9ConditionE");
  CallIgnoringAccesses(real, this, cond);
  __tsan_acquire(this);
}

void Mutex::ReaderLockWhen(const Condition& cond) {
  AKA_TSAN_REAL(void (*)(Mutex*, const Condition&), "5Mutex14ReaderLockWhenERKNS0_9ConditionE");
  CallIgnoringAccesses(real, this, cond);
  __tsan_acquire(this);
}

bool Mutex::LockWhenWithTimeout(const Condition& cond, Duration timeout) {
  AKA_TSAN_REAL(bool (*)(Mutex*, const Condition&, Duration),
                "5Mutex19LockWhenWithTimeoutERKNS0_9ConditionENS0_8DurationE");
  const bool met = CallIgnoringAccesses(real, this, cond, timeout);
  __tsan_acquire(this);  // held on return either way
  return met;
}

bool Mutex::LockWhenWithDeadline(const Condition& cond, Time deadline) {
  AKA_TSAN_REAL(bool (*)(Mutex*, const Condition&, Time), "5Mutex20LockWhenWithDeadlineERKNS0_9ConditionENS0_4TimeE");
  const bool met = CallIgnoringAccesses(real, this, cond, deadline);
  __tsan_acquire(this);
  return met;
}

void Mutex::Await(const Condition& cond) {
  AKA_TSAN_REAL(void (*)(Mutex*, const Condition&), "5Mutex5AwaitERKNS0_9ConditionE");
  __tsan_release(this);
  CallIgnoringAccesses(real, this, cond);
  __tsan_acquire(this);
}

bool Mutex::AwaitWithTimeout(const Condition& cond, Duration timeout) {
  AKA_TSAN_REAL(bool (*)(Mutex*, const Condition&, Duration), "5Mutex16AwaitWithTimeoutERKNS0_9ConditionENS0_8DurationE");
  __tsan_release(this);
  const bool met = CallIgnoringAccesses(real, this, cond, timeout);
  __tsan_acquire(this);
  return met;
}

bool Mutex::AwaitWithDeadline(const Condition& cond, Time deadline) {
  AKA_TSAN_REAL(bool (*)(Mutex*, const Condition&, Time), "5Mutex17AwaitWithDeadlineERKNS0_9ConditionENS0_4TimeE");
  __tsan_release(this);
  const bool met = CallIgnoringAccesses(real, this, cond, deadline);
  __tsan_acquire(this);
  return met;
}

void CondVar::Wait(Mutex* mu) {
  AKA_TSAN_REAL(void (*)(CondVar*, Mutex*), "7CondVar4WaitEPNS0_5MutexE");
  __tsan_release(mu);
  CallIgnoringAccesses(real, this, mu);
  __tsan_acquire(mu);
}

bool CondVar::WaitWithTimeout(Mutex* mu, Duration timeout) {
  AKA_TSAN_REAL(bool (*)(CondVar*, Mutex*, Duration), "7CondVar15WaitWithTimeoutEPNS0_5MutexENS0_8DurationE");
  __tsan_release(mu);
  const bool timed_out = CallIgnoringAccesses(real, this, mu, timeout);
  __tsan_acquire(mu);
  return timed_out;
}

bool CondVar::WaitWithDeadline(Mutex* mu, Time deadline) {
  AKA_TSAN_REAL(bool (*)(CondVar*, Mutex*, Time), "7CondVar16WaitWithDeadlineEPNS0_5MutexENS0_4TimeE");
  __tsan_release(mu);
  const bool timed_out = CallIgnoringAccesses(real, this, mu, deadline);
  __tsan_acquire(mu);
  return timed_out;
}

// Notification's inline HasBeenNotified() is an (instrumented) acquire load of notified_yet_, so Notify
// releases on that address as well as on the object.
void Notification::Notify() {
  AKA_TSAN_REAL(void (*)(Notification*), "12Notification6NotifyEv");
  __tsan_release(this);
  __tsan_release(&notified_yet_);
  CallIgnoringAccesses(real, this);
}

void Notification::WaitForNotification() const {
  AKA_TSAN_REAL(void (*)(const Notification*), "12Notification19WaitForNotificationEv", true);
  CallIgnoringAccesses(real, this);
  __tsan_acquire(const_cast<Notification*>(this));
}

bool Notification::WaitForNotificationWithTimeout(Duration timeout) const {
  AKA_TSAN_REAL(bool (*)(const Notification*, Duration), "12Notification30WaitForNotificationWithTimeoutENS0_8DurationE", true);
  const bool notified = CallIgnoringAccesses(real, this, timeout);
  if (notified) __tsan_acquire(const_cast<Notification*>(this));
  return notified;
}

bool Notification::WaitForNotificationWithDeadline(Time deadline) const {
  AKA_TSAN_REAL(bool (*)(const Notification*, Time), "12Notification31WaitForNotificationWithDeadlineENS0_4TimeE", true);
  const bool notified = CallIgnoringAccesses(real, this, deadline);
  if (notified) __tsan_acquire(const_cast<Notification*>(this));
  return notified;
}

#undef AKA_TSAN_REAL

ABSL_NAMESPACE_END
}  // namespace absl
