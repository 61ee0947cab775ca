// libFuzzer target: name validation and the normalization pipeline on arbitrary bytes. Both run on every
// name a caller sends, so neither may crash, hang or leak on hostile input; beyond that, the forms of one
// name must agree with each other, because the index keys are built from them and a disagreement would store
// keys no lookup can produce.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "core/name_validation.h"
#include "core/normalizer.h"

namespace {

const aka::core::Normalizer& SharedNormalizer() {
  // Built once: ICU transliterators take far longer to build than one input takes to normalize.
  static const aka::core::Normalizer* const normalizer = [] {
    auto created = aka::core::Normalizer::Create();
    if (!created.ok()) {
      std::fprintf(stderr, "Normalizer::Create: %s\n", created.status().ToString().c_str());
      std::abort();
    }
    return created->release();
  }();
  return *normalizer;
}

void Check(bool condition, const char* what, absl::string_view input) {
  if (condition) return;
  std::fprintf(stderr, "invariant broken: %s (input of %zu bytes)\n", what, input.size());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view input(reinterpret_cast<const char*>(data), size);

  const absl::Status valid = aka::core::ValidateName(input);
  Check(valid.ok() || valid.code() == absl::StatusCode::kInvalidArgument,
        "ValidateName returns OK or INVALID_ARGUMENT only", input);
  Check(valid.ok() || !valid.message().empty(), "a refusal says why", input);
  // A small limit exercises the length rule on inputs the fuzzer keeps short.
  (void)aka::core::ValidateName(input, "alias", 16);

  const aka::core::NormalizedName name = SharedNormalizer().Normalize(input);
  Check(absl::StrJoin(name.tokens, " ") == name.normalized, "tokens joined by spaces give normalized", input);
  Check(absl::StrJoin(name.tokens, "") == name.compact, "tokens concatenated give compact", input);
  for (const std::string& token : name.tokens) Check(!token.empty(), "no empty token", input);
  Check(name.normalized.find("  ") == std::string::npos, "normalized has single spaces", input);
  return 0;
}
