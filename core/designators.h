// Threat-actor designators: a vendor prefix and a number that together name one actor ("APT31", "TA412",
// "UNC2452", "DEV-0537", "Storm-0558", MITRE "G0128", 360's "APT-C-36", Secureworks "Threat Group-3390").
// The number is the identity: "APT 3", "APT 13" and "APT 310" are never "APT 31".
//
// Tokens here are normalized tokens, where letter-digit boundaries and dashes are already split
// ("APT-C-36" -> "apt c 36", "G0128" -> "g 0128").
//
// Leading zeros: a designator number compares without its leading zeros, so "G0128" = "G128",
// "APT 031" = "APT 31" and "DEV-0537" = "DEV-537": vendors pad to a fixed width (MITRE and Microsoft use four
// digits) and people drop the padding; the digits that remain still differ whenever the designators do.
#ifndef AKA_CORE_DESIGNATORS_H_
#define AKA_CORE_DESIGNATORS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace aka::core {

struct Designator {
  // Canonical prefix: "apt", "apt-c", "apt-q", "ta", "unc", "dev", "storm", "g", "temp", "fin", "uac",
  // "uat", "tag", "tg" (Threat Group), "atk", "itg", "uta", "atg", "cl-sta", "cl-cri", "tgr-sta", "utg-q" ...
  std::string prefix;
  // Decimal digits without leading zeros ("0128" -> "128"; "0" stays "0").
  std::string number;

  friend bool operator==(const Designator& a, const Designator& b) {
    return a.prefix == b.prefix && a.number == b.number;
  }
};

// Rewrites spelled-out designators and canonicalizes designator numbers, for the index and the query alike:
//   "advanced persistent threat [group|actor] N" -> "apt N"     "threat group N" -> "tg N"
//   a designator prefix followed by a number keeps its tokens, and the number loses its leading zeros
//   ("g 0128" -> "g 128", "storm 0558" -> "storm 558").
// Other tokens are returned unchanged and in order. Thread-safe.
std::vector<std::string> ExpandDesignators(const std::vector<std::string>& tokens);

// The designators in `tokens` (as returned by ExpandDesignators), in order: each known prefix (longest
// first: "apt c 36" is apt-c/36, not apt) directly followed by a numeric token.
std::vector<Designator> ExtractDesignators(const std::vector<std::string>& tokens);

enum class DesignatorAgreement {
  kNone,             // neither name has a designator
  kOneSided,         // only one name has designators
  kEqual,            // some designator is in both (same prefix and number)
  kDifferentPrefix,  // both have designators but share no prefix ("TA412" vs "APT31": say nothing)
  kConflict,         // a prefix in both, with different numbers and none equal ("APT31" vs "APT3")
};

DesignatorAgreement CompareDesignators(const std::vector<Designator>& a, const std::vector<Designator>& b);

}  // namespace aka::core

#endif  // AKA_CORE_DESIGNATORS_H_
