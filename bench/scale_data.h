// The scale benchmark's data set: entities built deterministically from a names.tsv of real names (grouped by
// source and entity id) plus generated entities (two tokens of a real name swapped for other real tokens; a
// reordered alias; a numbered alias), so that any entity's names - and so the queries - can be recomputed
// from its number without reading the database back.
#ifndef AKA_BENCH_SCALE_DATA_H_
#define AKA_BENCH_SCALE_DATA_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/normalizer.h"

namespace aka::bench {

// Bump when the generated data changes: it names the cached database directory.
inline constexpr int kDataVersion = 1;

struct Query {
  std::string name;
  // The entity the query was derived from (empty for misses).
  std::string entity_id;
};

struct ScaleData {
  int64_t entities = 0;
  int64_t names = 0;
  // 0 when the database was reused from an earlier run.
  double import_names_per_second = 0;
  // CPU time per imported name: of the whole process (RocksDB's flush and compaction threads included, up to
  // the closing flush) and of the writing thread alone. Unlike the rate, not inflated by a loaded machine.
  double import_process_cpu_us_per_name = 0;
  double import_thread_cpu_us_per_name = 0;
  std::vector<Query> exact, normalized, one_typo, misses;
};

// Builds the database at `db` with `entities` entities through Store::UpsertEntities, `import_batch` entities
// per call (1: Store::UpsertEntity, one per call), unless a complete one from an earlier run is there; then
// derives the query sets (20k queries each).
absl::StatusOr<ScaleData> BuildOrReuseScaleDb(const std::string& names_tsv, const std::string& db, int64_t entities,
                                              int64_t import_batch, const core::Normalizer& normalizer);

}  // namespace aka::bench

#endif  // AKA_BENCH_SCALE_DATA_H_
