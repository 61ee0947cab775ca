// RETURN_IF_ERROR and ASSIGN_OR_RETURN for absl::Status / absl::StatusOr. Debian's abseil 20220623 ships
// neither, so they are written once here (semantics as in abseil's internal status_macros.h).
#ifndef AKA_COMMON_STATUS_MACROS_H_
#define AKA_COMMON_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Evaluates `expr` (an absl::Status); returns it from the current function if it is not OK.
#define RETURN_IF_ERROR(expr)                            \
  do {                                                   \
    ::absl::Status aka_status_macro_status_ = (expr);    \
    if (!aka_status_macro_status_.ok()) {                \
      return aka_status_macro_status_;                   \
    }                                                    \
  } while (0)

#define AKA_STATUS_MACROS_CONCAT_INNER_(x, y) x##y
#define AKA_STATUS_MACROS_CONCAT_(x, y) AKA_STATUS_MACROS_CONCAT_INNER_(x, y)

// ASSIGN_OR_RETURN(lhs, expr): evaluates `expr` (an absl::StatusOr<T>); returns its status if not OK,
// otherwise moves the value into `lhs` (which may be a declaration: `ASSIGN_OR_RETURN(auto x, F());`).
#define ASSIGN_OR_RETURN(lhs, expr) \
  AKA_ASSIGN_OR_RETURN_IMPL_(AKA_STATUS_MACROS_CONCAT_(aka_statusor_, __LINE__), lhs, expr)

#define AKA_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                               \
  if (!statusor.ok()) {                                 \
    return std::move(statusor).status();                \
  }                                                     \
  lhs = std::move(statusor).value()

#endif  // AKA_COMMON_STATUS_MACROS_H_
