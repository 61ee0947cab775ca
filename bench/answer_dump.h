// Writes resolve answers one per line, so that two builds can be checked to answer byte for byte the same
// (scale_bench --dump, resolve_bench --dump; compare the files with cmp). A line: the query, the outcome, then
// per candidate its entity id, score (%.17g: every bit), match kind and matched name, tab-separated.
#ifndef AKA_BENCH_ANSWER_DUMP_H_
#define AKA_BENCH_ANSWER_DUMP_H_

#include <cstdio>
#include <string>

#include "aka/v1/resolver.pb.h"

namespace aka::bench {

inline void DumpAnswer(std::FILE* out, const std::string& query, const v1::ResolveResponse& response) {
  if (out == nullptr) return;
  std::fprintf(out, "%s\t%s", query.c_str(), v1::Outcome_Name(response.outcome()).c_str());
  for (const v1::Candidate& candidate : response.candidates()) {
    std::fprintf(out, "\t%s %.17g %s %s", candidate.entity_id().c_str(), candidate.score(),
                 v1::MatchKind_Name(candidate.match_kind()).c_str(), candidate.matched_name().c_str());
  }
  std::fprintf(out, "\n");
}

}  // namespace aka::bench

#endif  // AKA_BENCH_ANSWER_DUMP_H_
