#include "bench/scale_data.h"

#include <time.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "bench/bench_util.h"
#include "common/status_macros.h"
#include "core/name_validation.h"
#include "storage/keys.h"
#include "storage/store.h"

namespace aka::bench {
namespace {

constexpr size_t kQueriesPerSet = 20000;
constexpr char kCompleteMarker[] = "/SCALE_BENCH_COMPLETE";

// Real entities in file order: the names of one (source, entity id), primary name first.
struct RealData {
  std::vector<std::vector<std::string>> entities;
  // Every word of every name that is purely alphabetic and at least 4 letters: material for new names.
  std::vector<std::string> vocabulary;
};

absl::StatusOr<RealData> ReadNames(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  RealData data;
  absl::flat_hash_map<std::string, size_t> index;
  absl::flat_hash_map<std::string, bool> seen_words;
  std::string line;
  std::getline(in, line);  // header: name source entity_id name_type
  while (std::getline(in, line)) {
    std::vector<std::string> fields = absl::StrSplit(line, '\t');
    // A few source rows carry control characters the store rightly refuses; they are not names.
    if (fields.size() < 3 || !core::ValidateName(fields[0], "name", 1024).ok()) continue;
    const std::string key = absl::StrCat(fields[1], "\t", fields[2]);
    auto [it, inserted] = index.emplace(key, data.entities.size());
    if (inserted) data.entities.emplace_back();
    data.entities[it->second].push_back(fields[0]);
    for (absl::string_view word : absl::StrSplit(fields[0], ' ', absl::SkipEmpty())) {
      if (word.size() >= 4 && std::all_of(word.begin(), word.end(), absl::ascii_isalpha) &&
          seen_words.emplace(std::string(word), true).second) {
        data.vocabulary.emplace_back(word);
      }
    }
  }
  if (data.entities.empty() || data.vocabulary.empty()) return absl::InvalidArgumentError(path + ": no names");
  return data;
}

// The names of entity number `n` (1-based, the n-th created, so its id is FormatEntityId(n)).
std::vector<std::string> EntityNames(const RealData& data, int64_t n) {
  const size_t real = data.entities.size();
  if (static_cast<size_t>(n) <= real) return data.entities[n - 1];
  std::mt19937_64 rng(static_cast<uint64_t>(n) * 0x9E3779B97F4A7C15ull);
  const std::vector<std::string>& base = data.entities[rng() % real];
  std::vector<std::string> tokens = absl::StrSplit(base[rng() % base.size()], ' ', absl::SkipEmpty());
  // Two tokens replaced by random real words: new distinctive names with real spelling and length.
  for (int swaps = 0; swaps < 2; ++swaps) {
    const std::string& word = data.vocabulary[rng() % data.vocabulary.size()];
    if (tokens.size() < 2) {
      tokens.push_back(word);
    } else {
      tokens[rng() % tokens.size()] = word;
    }
  }
  const std::string canonical = absl::StrJoin(tokens, " ");
  std::vector<std::string> reversed(tokens.rbegin(), tokens.rend());
  return {canonical, absl::StrJoin(reversed, " "), absl::StrCat(canonical, " ", n % 997 + 1)};
}

std::string Respell(const std::string& name) {
  std::string lower = absl::AsciiStrToLower(name);
  if (lower == name) lower = absl::AsciiStrToUpper(name);
  return "\xE2\x80\x98" + absl::StrReplaceAll(lower, {{" ", "-"}}) + "\xE2\x80\x99";
}

// One substitution or deletion inside the longest alphabetic word of at least 6 letters; empty if none.
std::string OneTypo(const std::string& name, std::mt19937_64* rng) {
  std::vector<std::string> words = absl::StrSplit(name, ' ');
  size_t best = words.size();
  for (size_t i = 0; i < words.size(); ++i) {
    if (words[i].size() >= 6 && std::all_of(words[i].begin(), words[i].end(), absl::ascii_isalpha) &&
        (best == words.size() || words[i].size() > words[best].size())) {
      best = i;
    }
  }
  if (best == words.size()) return "";
  std::string& word = words[best];
  const size_t position = 1 + (*rng)() % (word.size() - 2);  // never the first or last letter
  if ((*rng)() % 2 == 0) {
    word.erase(position, 1);
  } else {
    const char replacement = static_cast<char>('a' + (*rng)() % 26);
    word[position] = absl::ascii_isupper(word[position]) ? absl::ascii_toupper(replacement) : replacement;
  }
  return absl::StrJoin(words, " ");
}

// CPU seconds `clock` (CLOCK_PROCESS_CPUTIME_ID: all threads, RocksDB's flushes and compactions included;
// CLOCK_THREAD_CPUTIME_ID: the calling thread) has counted.
double CpuSeconds(clockid_t clock) {
  timespec now{};
  clock_gettime(clock, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

absl::Status Import(const RealData& data, const std::string& db, int64_t entities, int64_t batch,
                    const core::Normalizer& normalizer, ScaleData* out) {
  std::error_code ignored;
  std::filesystem::remove_all(db, ignored);
  storage::StoreOptions options;
  options.path = db;
  options.normalizer = &normalizer;
  ASSIGN_OR_RETURN(std::unique_ptr<storage::Store> store, storage::Store::Open(options));
  const Clock::time_point start = Clock::now();
  const double process_cpu_start = CpuSeconds(CLOCK_PROCESS_CPUTIME_ID);
  const double thread_cpu_start = CpuSeconds(CLOCK_THREAD_CPUTIME_ID);
  int64_t names = 0;
  std::vector<v1::Entity> pending;
  for (int64_t n = 1; n <= entities; ++n) {
    const std::vector<std::string> entity_names = EntityNames(data, n);
    v1::Entity& entity = pending.emplace_back();
    entity.set_type("organization");
    entity.set_canonical_name(entity_names[0]);
    for (size_t i = 1; i < entity_names.size(); ++i) entity.add_aliases()->set_name(entity_names[i]);
    (*entity.mutable_external_ids())["scale"] = absl::StrCat(n);
    if (static_cast<int64_t>(pending.size()) < batch && n < entities) continue;
    // One entity per call through the single path, else one bulk call (one WriteBatch) per `batch` entities.
    std::vector<storage::WriteResult> written;
    if (batch == 1) {
      ASSIGN_OR_RETURN(storage::WriteResult one, store->UpsertEntity(std::move(pending.front()), 0));
      written.push_back(std::move(one));
    } else {
      ASSIGN_OR_RETURN(written, store->UpsertEntities(std::move(pending), storage::ChangeContext()));
    }
    pending.clear();
    const int64_t first = n + 1 - static_cast<int64_t>(written.size());
    for (size_t i = 0; i < written.size(); ++i) {
      const std::string expected = storage::FormatEntityId(static_cast<uint64_t>(first) + i);
      if (written[i].entity.id() != expected) {
        return absl::InternalError(absl::StrCat("entity ", first + i, " got id ", written[i].entity.id()));
      }
      names += 1 + written[i].entity.aliases_size();
    }
    if (n / 100000 != (n - static_cast<int64_t>(written.size())) / 100000) {
      std::fprintf(stderr, "imported %lld entities, %lld names, %.0f names/s\n", static_cast<long long>(n),
                   static_cast<long long>(names), names / SecondsSince(start));
    }
  }
  const double thread_cpu = CpuSeconds(CLOCK_THREAD_CPUTIME_ID) - thread_cpu_start;
  out->import_names_per_second = names / SecondsSince(start);
  out->names = names;
  // Close flushes the memtables: their cost belongs to the import.
  RETURN_IF_ERROR(store->Close());
  out->import_process_cpu_us_per_name = (CpuSeconds(CLOCK_PROCESS_CPUTIME_ID) - process_cpu_start) * 1e6 / names;
  out->import_thread_cpu_us_per_name = thread_cpu * 1e6 / names;
  std::ofstream marker(db + kCompleteMarker);
  marker << names << "\n";
  return marker.good() ? absl::OkStatus() : absl::InternalError("cannot write the completion marker");
}

}  // namespace

absl::StatusOr<ScaleData> BuildOrReuseScaleDb(const std::string& names_tsv, const std::string& db, int64_t entities,
                                              int64_t import_batch, const core::Normalizer& normalizer) {
  ASSIGN_OR_RETURN(const RealData data, ReadNames(names_tsv));
  ScaleData out;
  out.entities = entities;
  std::ifstream marker(db + kCompleteMarker);
  if (!(marker >> out.names)) RETURN_IF_ERROR(Import(data, db, entities, import_batch, normalizer, &out));

  std::mt19937_64 rng(42);
  while (out.exact.size() < kQueriesPerSet) {
    const int64_t n = 1 + static_cast<int64_t>(rng() % static_cast<uint64_t>(entities));
    const std::string id = storage::FormatEntityId(static_cast<uint64_t>(n));
    const std::vector<std::string> names = EntityNames(data, n);
    const std::string& name = names[rng() % names.size()];
    out.exact.push_back({name, id});
    out.normalized.push_back({Respell(name), id});
    std::string typo = OneTypo(name, &rng);
    if (!typo.empty()) out.one_typo.push_back({std::move(typo), id});
    out.misses.push_back({absl::StrCat("Qzvrantholm Xyboretz ", rng() % 100000), ""});
  }
  return out;
}

}  // namespace aka::bench
