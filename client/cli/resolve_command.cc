// `aka resolve`: one Resolve call per name, printed as a table or as JSON lines.
#include <ostream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "aka/v1/resolver.pb.h"
#include "client/cli/commands.h"
#include "client/cli/output.h"
#include "google/protobuf/util/time_util.h"
#include "nlohmann/json.hpp"

namespace aka::cli {
namespace {

// ordered_json keeps fields in the order written, so the output reads like the proto and diffs stay small.
using Json = nlohmann::ordered_json;

Json ExplanationJson(const v1::Explanation& explanation) {
  Json features = Json::array();
  for (const v1::ScoreFeature& feature : explanation.features()) {
    features.push_back(Json{{"name", feature.name()},
                            {"value", feature.value()},
                            {"contribution", feature.contribution()},
                            {"detail", feature.detail()}});
  }
  return Json{{"normalized_query", explanation.normalized_query()},
              {"normalized_match", explanation.normalized_match()},
              {"key_kind", v1::MatchKind_Name(explanation.key_kind())},
              {"key", explanation.key()},
              {"features", std::move(features)},
              {"summary", explanation.summary()}};
}

Json CandidateJson(const v1::Candidate& candidate) {
  Json external_ids = Json::object();
  for (const auto& [key, value] : Sorted(candidate.external_ids())) external_ids[key] = value;
  Json json{{"entity_id", candidate.entity_id()},
            {"canonical_name", candidate.canonical_name()},
            {"type", candidate.type()},
            {"score", candidate.score()},
            {"matched_name", candidate.matched_name()},
            {"match_kind", v1::MatchKind_Name(candidate.match_kind())},
            {"matched_source", candidate.matched_source()},
            {"external_ids", std::move(external_ids)}};
  if (candidate.has_explanation()) json["explanation"] = ExplanationJson(candidate.explanation());
  return json;
}

void PrintJson(const std::string& name, const v1::ResolveResponse& response, std::ostream& out) {
  Json candidates = Json::array();
  for (const v1::Candidate& candidate : response.candidates()) candidates.push_back(CandidateJson(candidate));
  Json json{{"name", name}, {"outcome", v1::Outcome_Name(response.outcome())}, {"candidates", std::move(candidates)}};
  // replace: a server must not be able to make the CLI throw with a stray invalid UTF-8 byte.
  out << json.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
}

void PrintJsonError(const std::string& name, const absl::Status& status, std::ostream& out) {
  Json json{{"name", name},
            {"error", Json{{"code", absl::StatusCodeToString(status.code())}, {"message", status.message()}}}};
  out << json.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
}

void PrintExplanation(const v1::Explanation& explanation, const std::string& indent, std::ostream& out) {
  if (!explanation.summary().empty()) out << indent << explanation.summary() << "\n";
  out << indent << "query \"" << explanation.normalized_query() << "\" ~ \"" << explanation.normalized_match()
      << "\" via " << v1::MatchKind_Name(explanation.key_kind()) << " key \"" << explanation.key() << "\"\n";
  for (const v1::ScoreFeature& feature : explanation.features()) {
    out << indent
        << absl::StrFormat("%-14s value %.3f  %+.3f", feature.name(), feature.value(), feature.contribution());
    if (!feature.detail().empty()) out << "  " << feature.detail();
    out << "\n";
  }
}

void PrintTable(const std::string& name, const v1::ResolveResponse& response, bool explain, std::ostream& out) {
  out << Quoted(name) << ": " << v1::Outcome_Name(response.outcome()) << "\n";
  if (response.candidates().empty()) {
    out << "  (no candidates)\n";
    return;
  }
  TextTable table({"SCORE", "ENTITY", "TYPE", "CANONICAL NAME", "MATCHED NAME", "MATCH", "EXTERNAL IDS"});
  for (const v1::Candidate& candidate : response.candidates()) {
    std::string matched = candidate.matched_name();
    if (!candidate.matched_source().empty()) absl::StrAppend(&matched, " (", candidate.matched_source(), ")");
    table.AddRow({FormatScore(candidate.score()), candidate.entity_id(), candidate.type(), candidate.canonical_name(),
                  matched, v1::MatchKind_Name(candidate.match_kind()), JoinKeyValues(candidate.external_ids())});
  }
  table.PrintHeader(out, "  ");
  for (int i = 0; i < response.candidates_size(); ++i) {
    table.PrintRow(out, "  ", i);
    if (explain && response.candidates(i).has_explanation()) {
      PrintExplanation(response.candidates(i).explanation(), "      ", out);
    }
  }
}

}  // namespace

int RunResolve(const ResolveArgs& args, Client& client, std::ostream& out, std::ostream& err) {
  google::protobuf::Timestamp as_of;
  if (!args.as_of.empty() && !google::protobuf::util::TimeUtil::FromString(args.as_of, &as_of)) {
    err << "aka: resolve: --as-of: \"" << args.as_of << "\" is not an RFC 3339 time such as 2026-11-24T10:00:00Z\n";
    return kExitUsage;
  }
  bool all_matched = true;
  bool failed = false;
  for (size_t i = 0; i < args.names.size(); ++i) {
    const std::string& name = args.names[i];
    v1::ResolveRequest request;
    request.set_name(name);
    for (const std::string& type : args.types) request.add_types(type);
    request.set_max_candidates(args.max_candidates);
    request.set_min_score(args.min_score);
    request.set_explain(args.explain);
    if (!args.as_of.empty()) *request.mutable_as_of() = as_of;
    absl::StatusOr<v1::ResolveResponse> response = client.Resolve(request);
    if (!response.ok()) {
      failed = true;
      PrintError(err, absl::StrCat("resolve ", Quoted(name)), response.status());
      if (args.json) PrintJsonError(name, response.status(), out);
      // INVALID_ARGUMENT concerns this name only; anything else (unreachable, deadline, ...) would fail the
      // remaining names the same way, slowly.
      if (response.status().code() != absl::StatusCode::kInvalidArgument) break;
      continue;
    }
    if (response->outcome() != v1::MATCHED) all_matched = false;
    if (args.json) {
      PrintJson(name, *response, out);
    } else {
      if (i > 0) out << "\n";
      PrintTable(name, *response, args.explain, out);
    }
  }
  out.flush();
  if (failed) return kExitRpcError;
  return all_matched ? kExitOk : kExitNegative;
}

}  // namespace aka::cli
