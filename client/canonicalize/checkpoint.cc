#include "client/canonicalize/checkpoint.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "client/canonicalize/output_file.h"
#include "common/status_macros.h"

namespace aka::canonicalize {
namespace {

constexpr char kMagic[] = "aka-canonicalize-checkpoint";
constexpr int kVersion = 1;

}  // namespace

bool JobFingerprint::operator==(const JobFingerprint& other) const {
  return input_size == other.input_size && input_mtime_ns == other.input_mtime_ns && format == other.format &&
         column == other.column && result_columns == other.result_columns;
}

std::string DescribeFingerprintMismatch(const JobFingerprint& expected, const JobFingerprint& found) {
  std::vector<std::string> reasons;
  if (expected.input_size != found.input_size || expected.input_mtime_ns != found.input_mtime_ns) {
    reasons.push_back(absl::StrCat("the input file changed (size ", found.input_size, " -> ", expected.input_size,
                                   ", mtime ", found.input_mtime_ns, " -> ", expected.input_mtime_ns, " ns)"));
  }
  if (expected.format != found.format) {
    reasons.push_back(absl::StrCat("the format changed (", found.format, " -> ", expected.format, ")"));
  }
  if (expected.column != found.column) {
    reasons.push_back(absl::StrCat("the name column changed ('", found.column, "' -> '", expected.column, "')"));
  }
  if (expected.result_columns != found.result_columns) reasons.push_back("the result column names changed");
  return absl::StrJoin(reasons, "; ");
}

absl::Status WriteCheckpoint(const std::string& path, const Checkpoint& checkpoint) {
  const RowCounters& c = checkpoint.counters;
  const JobFingerprint& f = checkpoint.fingerprint;
  std::string text = absl::StrCat(kMagic, " ", kVersion, "\n",                           //
                                  "input_offset ", checkpoint.input_offset, "\n",         //
                                  "input_line ", checkpoint.input_line, "\n",             //
                                  "output_bytes ", checkpoint.output_bytes, "\n",         //
                                  "errors_bytes ", checkpoint.errors_bytes, "\n",         //
                                  "rows ", c.rows, "\nmatched ", c.matched, "\nambiguous ", c.ambiguous,
                                  "\nno_match ", c.no_match, "\nerrors ", c.errors, "\n");
  absl::StrAppend(&text, "input_size ", f.input_size, "\ninput_mtime_ns ", f.input_mtime_ns, "\n",
                  "format ", absl::CEscape(f.format), "\ncolumn ", absl::CEscape(f.column), "\n",
                  "result_columns ", absl::CEscape(f.result_columns), "\nend\n");
  const std::string tmp_path = path + ".tmp";
  {
    ASSIGN_OR_RETURN(std::unique_ptr<OutputFile> tmp, OutputFile::Open(tmp_path));
    RETURN_IF_ERROR(tmp->Append(text));
    RETURN_IF_ERROR(tmp->Close());
  }
  if (std::rename(tmp_path.c_str(), path.c_str()) != 0) {
    return absl::DataLossError(absl::StrCat("rename ", tmp_path, " to ", path, ": ", std::strerror(errno)));
  }
  return SyncParentDirectory(path);
}

absl::StatusOr<Checkpoint> ReadCheckpoint(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) return absl::NotFoundError(absl::StrCat("no checkpoint at ", path));
    return absl::FailedPreconditionError(absl::StrCat("cannot read ", path, ": ", std::strerror(errno)));
  }
  std::stringstream contents;
  contents << in.rdbuf();
  const auto corrupt = [&](const std::string& why) {
    return absl::DataLossError(absl::StrCat("checkpoint ", path, " is unusable (", why,
                                            "); delete it and the output to start over"));
  };
  std::vector<std::string> lines = absl::StrSplit(contents.str(), '\n', absl::SkipEmpty());
  if (lines.empty() || lines.front() != absl::StrCat(kMagic, " ", kVersion)) return corrupt("unknown header");
  if (lines.back() != "end") return corrupt("incomplete");
  std::map<std::string, std::string> values;
  for (size_t i = 1; i + 1 < lines.size(); ++i) {
    std::pair<std::string, std::string> kv = absl::StrSplit(lines[i], absl::MaxSplits(' ', 1));
    std::string value;
    if (!absl::CUnescape(kv.second, &value)) return corrupt(absl::StrCat("bad value for ", kv.first));
    values[kv.first] = value;
  }
  Checkpoint checkpoint;
  RowCounters& c = checkpoint.counters;
  JobFingerprint& f = checkpoint.fingerprint;
  const std::map<std::string, int64_t*> numbers = {
      {"input_offset", &checkpoint.input_offset}, {"input_line", &checkpoint.input_line},
      {"output_bytes", &checkpoint.output_bytes}, {"errors_bytes", &checkpoint.errors_bytes},
      {"rows", &c.rows}, {"matched", &c.matched}, {"ambiguous", &c.ambiguous}, {"no_match", &c.no_match},
      {"errors", &c.errors}, {"input_size", &f.input_size}, {"input_mtime_ns", &f.input_mtime_ns}};
  const std::map<std::string, std::string*> strings = {
      {"format", &f.format}, {"column", &f.column}, {"result_columns", &f.result_columns}};
  if (values.size() != numbers.size() + strings.size()) return corrupt("wrong set of keys");
  for (const auto& [key, target] : numbers) {
    auto it = values.find(key);
    if (it == values.end() || !absl::SimpleAtoi(it->second, target)) return corrupt(absl::StrCat("bad ", key));
  }
  for (const auto& [key, target] : strings) {
    auto it = values.find(key);
    if (it == values.end()) return corrupt(absl::StrCat("missing ", key));
    *target = it->second;
  }
  return checkpoint;
}

}  // namespace aka::canonicalize
