// The bundled default data set (the project's data/ folder): which files in it are read and in what order.
// akad calls ReadDefaultData once, when it creates a new database, unless started with --no-default-data;
// because every entity carries external ids ("misp", "ofac"), loading the same data again finds the existing
// entities instead of duplicating them.
#ifndef AKA_FORMATS_DEFAULT_DATA_H_
#define AKA_FORMATS_DEFAULT_DATA_H_

#include <string>

#include "absl/status/status.h"
#include "formats/entity_source.h"

namespace aka::formats {

// Reads, in this order: every data_dir/misp-galaxy/*.json (sorted by file name, ReadMispGalaxy), then the
// data_dir/ofac-sdn folder (ReadOfacSdn) if it exists. Entities go to `sink`, skipped records to `skipped`
// (may be null). NOT_FOUND if `data_dir` is missing or holds neither source; otherwise the first reader
// error or sink error, which stops the read. Deterministic: the same folder always gives the same entities
// in the same order.
absl::Status ReadDefaultData(const std::string& data_dir, const EntitySink& sink, const SkipSink& skipped);

}  // namespace aka::formats

#endif  // AKA_FORMATS_DEFAULT_DATA_H_
