// RocksStore: opening, closing and the read path. Mutations are in rocks_store_write.cc, reindex and
// verification in rocks_store_maintenance.cc.
#include "storage/rocks_store.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "core/fuzzy_keys.h"
#include "rocksdb/write_batch.h"
#include "storage/name_postings.h"
#include "storage/rocksdb_options.h"
#include "storage/rocksdb_slice.h"
#include "storage/rocksdb_status.h"

namespace aka::storage {
namespace {

constexpr int kMaxPageSize = 1000;

absl::Status ClosedError() { return absl::FailedPreconditionError("the store is closed"); }

// Collects the keys a WriteBatch puts, merges or deletes in the families Write() keeps caches of: entities
// (the entity cache) and names (the posting cache).
class CachedRowsOfBatch : public rocksdb::WriteBatch::Handler {
 public:
  CachedRowsOfBatch(uint32_t entities_id, uint32_t names_id) : entities_id_(entities_id), names_id_(names_id) {}

  const std::vector<std::string>& entity_keys() const { return entity_keys_; }
  const std::vector<std::string>& name_keys() const { return name_keys_; }
  // The batch range-deleted names rows (the reindex drops the family): every cached list may be stale.
  bool names_range_deleted() const { return names_range_deleted_; }

  rocksdb::Status PutCF(uint32_t family, const rocksdb::Slice& key, const rocksdb::Slice&) override {
    return Note(family, key);
  }
  rocksdb::Status DeleteCF(uint32_t family, const rocksdb::Slice& key) override { return Note(family, key); }
  rocksdb::Status SingleDeleteCF(uint32_t family, const rocksdb::Slice& key) override {
    return Note(family, key);
  }
  rocksdb::Status MergeCF(uint32_t family, const rocksdb::Slice& key, const rocksdb::Slice&) override {
    return Note(family, key);
  }
  // The store never range-deletes entities; if it ever did, the whole entity cache would have to go.
  rocksdb::Status DeleteRangeCF(uint32_t family, const rocksdb::Slice&, const rocksdb::Slice&) override {
    if (family == names_id_) names_range_deleted_ = true;
    return family == entities_id_ ? rocksdb::Status::NotSupported("range delete of entities") : rocksdb::Status::OK();
  }

 private:
  rocksdb::Status Note(uint32_t family, const rocksdb::Slice& key) {
    if (family == entities_id_) entity_keys_.push_back(key.ToString());
    if (family == names_id_) name_keys_.push_back(key.ToString());
    return rocksdb::Status::OK();
  }

  const uint32_t entities_id_;
  const uint32_t names_id_;
  std::vector<std::string> entity_keys_;
  std::vector<std::string> name_keys_;
  bool names_range_deleted_ = false;
};

// Refuses to open a database holding column families this binary does not know: they belong to a newer
// schema whose invariants we would silently break.
absl::Status CheckNoUnknownFamilies(const RocksDbConfig& config, const std::string& path) {
  std::vector<std::string> existing;
  const rocksdb::Status listed = rocksdb::DB::ListColumnFamilies(config.db_options, path, &existing);
  if (!listed.ok()) return absl::OkStatus();  // No database yet (or unreadable: DB::Open will say why).
  for (const std::string& name : existing) {
    const bool known = std::any_of(config.column_families.begin(), config.column_families.end(),
                                   [&name](const rocksdb::ColumnFamilyDescriptor& d) { return d.name == name; });
    if (!known) {
      return absl::FailedPreconditionError(absl::StrCat(
          "database ", path, " has column family \"", name, "\" unknown to this version of aka"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<Store>> Store::Open(const StoreOptions& options) {
  ASSIGN_OR_RETURN(std::unique_ptr<RocksStore> store, RocksStore::Open(options));
  return std::unique_ptr<Store>(std::move(store));
}

absl::StatusOr<std::unique_ptr<RocksStore>> RocksStore::Open(const StoreOptions& options) {
  if (options.path.empty()) return absl::InvalidArgumentError("StoreOptions.path: is empty");
  if (options.normalizer == nullptr) return absl::InvalidArgumentError("StoreOptions.normalizer: is null");
  const RocksDbConfig config = MakeRocksDbConfig(options);
  RETURN_IF_ERROR(CheckNoUnknownFamilies(config, options.path));

  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw_db = nullptr;
  const rocksdb::Status opened =
      rocksdb::DB::Open(config.db_options, options.path, config.column_families, &handles, &raw_db);
  std::unique_ptr<rocksdb::DB> db(raw_db);
  RETURN_IF_ERROR(FromRocksDbStatus(opened, absl::StrCat("opening database ", options.path)));

  // From here the store owns the DB: any failure below closes it through the destructor.
  std::unique_ptr<RocksStore> store(new RocksStore(options, std::move(db), std::move(handles)));
  RETURN_IF_ERROR(store->Initialize());
  return store;
}

RocksStore::RocksStore(const StoreOptions& options, std::unique_ptr<rocksdb::DB> db,
                       std::vector<rocksdb::ColumnFamilyHandle*> handles)
    : options_(options),
      db_(std::move(db)),
      handles_(std::move(handles)),
      entity_cache_(options.entity_cache_entries),
      posting_cache_(options.posting_cache_bytes) {}

RocksStore::~RocksStore() {
  bool open;
  {
    absl::ReaderMutexLock lock(&db_mu_);
    open = db_ != nullptr;
  }
  // A destructor cannot report the status; callers that care call Close() themselves.
  if (open) Close().IgnoreError();
}

absl::Status RocksStore::Initialize() {
  absl::MutexLock write_lock(&write_mu_);
  absl::ReaderMutexLock db_lock(&db_mu_);
  ASSIGN_OR_RETURN(std::optional<std::string> schema,
                   ReadValue(ColumnFamilyId::kMeta, EncodeMetaKey(MetaField::kSchemaVersion), "reading meta"));
  if (!schema.has_value()) {
    // A new database: record the layout and start the counters, so that every later Open finds them.
    rocksdb::WriteBatch batch;
    auto put = [this, &batch](MetaField field, uint64_t value) ABSL_SHARED_LOCKS_REQUIRED(db_mu_) {
      return FromRocksDbStatus(
          batch.Put(Family(ColumnFamilyId::kMeta), EncodeMetaKey(field), EncodeMetaValue(value)),
          "building meta batch");
    };
    RETURN_IF_ERROR(put(MetaField::kSchemaVersion, kSchemaVersion));
    RETURN_IF_ERROR(put(MetaField::kNameKeysVersion, core::kNameKeysVersion));
    RETURN_IF_ERROR(put(MetaField::kNextId, 1));
    RETURN_IF_ERROR(put(MetaField::kEntityCount, 0));
    RETURN_IF_ERROR(put(MetaField::kEverWritten, 0));
    RETURN_IF_ERROR(put(MetaField::kTokenDocuments, 0));
    RETURN_IF_ERROR(put(MetaField::kFuzzyKeysVersion, core::kFuzzyKeysVersion));
    RETURN_IF_ERROR(Write(&batch, "initializing meta"));
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(const uint64_t schema_version, DecodeMetaValue(*schema));
  if (schema_version > kSchemaVersion) {
    return absl::FailedPreconditionError(
        absl::StrCat("database ", options_.path, " has schema version ", schema_version,
                     "; this version of aka reads up to ", kSchemaVersion));
  }
  ASSIGN_OR_RETURN(next_id_, ReadMeta(MetaField::kNextId, 1));
  ASSIGN_OR_RETURN(const uint64_t count, ReadMeta(MetaField::kEntityCount, 0));
  entity_count_ = static_cast<int64_t>(count);
  ASSIGN_OR_RETURN(const uint64_t ever_written, ReadMeta(MetaField::kEverWritten, 0));
  ever_written_ = ever_written != 0;
  // A database from before the change log has none: its first change gets sequence 1.
  ASSIGN_OR_RETURN(const uint64_t last_sequence, ReadMeta(MetaField::kLastSequence, 0));
  last_sequence_ = static_cast<int64_t>(last_sequence);
  {
    absl::MutexLock lock(&published_mu_);
    published_sequence_ = last_sequence_;
  }
  RETURN_IF_ERROR(LoadNegativeNames());
  ASSIGN_OR_RETURN(const uint64_t name_keys_version, ReadMeta(MetaField::kNameKeysVersion, 0));
  // A database from before the fuzzy family has no fuzzy_keys_version: 0 never equals a real version.
  ASSIGN_OR_RETURN(const uint64_t fuzzy_keys_version, ReadMeta(MetaField::kFuzzyKeysVersion, 0));
  // A database of an older schema has the older names layout (keys.h): the rebuild writes the current one.
  if (schema_version < kSchemaVersion || name_keys_version != core::kNameKeysVersion ||
      fuzzy_keys_version != core::kFuzzyKeysVersion) {
    RETURN_IF_ERROR(RebuildNameIndex());  // Also refills token_statistics_.
    return absl::OkStatus();
  }
  return LoadTokenStatistics();
}

absl::Status RocksStore::Close() {
  {
    // Change-feed waiters return at once instead of holding the feed open until their deadline.
    absl::MutexLock lock(&published_mu_);
    closing_ = true;
  }
  absl::MutexLock write_lock(&write_mu_);
  absl::MutexLock db_lock(&db_mu_);
  if (db_ == nullptr) return ClosedError();
  // Flushing the memtables makes the next Open fast (no WAL to replay) and leaves a clean state on disk.
  std::vector<rocksdb::ColumnFamilyHandle*> flushable(handles_.begin(), handles_.end());
  absl::Status status = FromRocksDbStatus(db_->Flush(rocksdb::FlushOptions(), flushable), "flushing");
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    const absl::Status destroyed =
        FromRocksDbStatus(db_->DestroyColumnFamilyHandle(handle), "releasing a column family");
    if (status.ok()) status = destroyed;
  }
  handles_.clear();
  const absl::Status closed = FromRocksDbStatus(db_->Close(), absl::StrCat("closing database ", options_.path));
  if (status.ok()) status = closed;
  // Released even on error: a DB that failed to close cannot be used either, and the files are unlocked.
  db_.reset();
  entity_cache_.Clear();
  posting_cache_.Clear();
  return status;
}

absl::Status RocksStore::CheckOpen() const { return db_ == nullptr ? ClosedError() : absl::OkStatus(); }

rocksdb::ColumnFamilyHandle* RocksStore::Family(ColumnFamilyId id) const {
  return handles_[static_cast<int>(id)];
}

absl::StatusOr<std::optional<std::string>> RocksStore::ReadValue(ColumnFamilyId family, absl::string_view key,
                                                                 absl::string_view doing,
                                                                 const rocksdb::Snapshot* snapshot) const {
  rocksdb::ReadOptions read_options;
  read_options.snapshot = snapshot;
  std::string value;
  const rocksdb::Status status = db_->Get(read_options, Family(family), ToSlice(key),
                                          &value);
  if (status.IsNotFound()) return std::nullopt;
  RETURN_IF_ERROR(FromRocksDbStatus(status, doing));
  return value;
}

absl::StatusOr<aka::v1::Entity> RocksStore::ReadEntity(absl::string_view id) const {
  ASSIGN_OR_RETURN(const std::string key, EncodeEntityKey(id));
  ASSIGN_OR_RETURN(std::optional<std::string> value,
                   ReadValue(ColumnFamilyId::kEntities, key, absl::StrCat("reading entity ", id)));
  if (!value.has_value()) return absl::NotFoundError(absl::StrCat("entity ", id, " not found"));
  aka::v1::Entity entity;
  if (!entity.ParseFromString(*value)) {
    return absl::DataLossError(absl::StrCat("entity ", id, ": stored record does not parse"));
  }
  return entity;
}

absl::StatusOr<uint64_t> RocksStore::ReadMeta(MetaField field, uint64_t if_absent) const {
  ASSIGN_OR_RETURN(std::optional<std::string> value,
                   ReadValue(ColumnFamilyId::kMeta, EncodeMetaKey(field), "reading meta"));
  if (!value.has_value()) return if_absent;
  return DecodeMetaValue(*value);
}

absl::Status RocksStore::Write(rocksdb::WriteBatch* batch, absl::string_view doing) {
  rocksdb::WriteOptions write_options;
  write_options.sync = options_.sync_writes;
  const absl::Status written = FromRocksDbStatus(db_->Write(write_options, batch), doing);
  // Also after a failed write: whether it reached the DB is unknown, and forgetting is always safe.
  CachedRowsOfBatch rows(Family(ColumnFamilyId::kEntities)->GetID(), Family(ColumnFamilyId::kNames)->GetID());
  const absl::Status read_back = FromRocksDbStatus(batch->Iterate(&rows), "reading back a write batch");
  // The names keys first and whatever happens next: a list the batch changed must not be served again.
  if (!read_back.ok() || rows.names_range_deleted()) {
    posting_cache_.Clear();
  } else {
    for (const std::string& key : rows.name_keys()) posting_cache_.Invalidate(key);
  }
  RETURN_IF_ERROR(read_back);
  for (const std::string& key : rows.entity_keys()) {
    ASSIGN_OR_RETURN(const std::string id, DecodeEntityKey(key));
    entity_cache_.Invalidate(id);
  }
  return written;
}

absl::StatusOr<bool> RocksStore::IsNew() const {
  absl::MutexLock write_lock(&write_mu_);
  absl::ReaderMutexLock db_lock(&db_mu_);
  RETURN_IF_ERROR(CheckOpen());
  return !ever_written_;
}

absl::StatusOr<int64_t> RocksStore::CountEntities() const {
  absl::MutexLock write_lock(&write_mu_);
  absl::ReaderMutexLock db_lock(&db_mu_);
  RETURN_IF_ERROR(CheckOpen());
  return entity_count_;
}

absl::StatusOr<aka::v1::Entity> RocksStore::GetEntity(absl::string_view id) const {
  ASSIGN_OR_RETURN(const std::shared_ptr<const aka::v1::Entity> entity, GetEntityShared(id));
  return *entity;
}

absl::StatusOr<std::shared_ptr<const aka::v1::Entity>> RocksStore::GetEntityShared(absl::string_view id) const {
  absl::ReaderMutexLock lock(&db_mu_);
  RETURN_IF_ERROR(CheckOpen());
  if (std::shared_ptr<const aka::v1::Entity> cached = entity_cache_.Find(id)) return cached;
  // Read before the DB read: a write committing in between makes Insert refuse what may be stale.
  const uint64_t generation = entity_cache_.Generation(id);
  ASSIGN_OR_RETURN(aka::v1::Entity entity, ReadEntity(id));
  auto shared = std::make_shared<const aka::v1::Entity>(std::move(entity));
  entity_cache_.Insert(shared, generation);
  return shared;
}

absl::StatusOr<EntityPage> RocksStore::ListEntities(absl::string_view page_token, int page_size,
                                                    absl::string_view type) const {
  if (page_size < 1 || page_size > kMaxPageSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_size: is ", page_size, "; it must be between 1 and ", kMaxPageSize));
  }
  std::string start_key;
  if (!page_token.empty()) {
    absl::StatusOr<std::string> key = EncodeEntityKey(page_token);
    if (!key.ok()) return absl::InvalidArgumentError(absl::StrCat("page_token: ", key.status().message()));
    start_key = *std::move(key);
  }

  absl::ReaderMutexLock lock(&db_mu_);
  RETURN_IF_ERROR(CheckOpen());
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), Family(ColumnFamilyId::kEntities)));
  if (start_key.empty()) {
    it->SeekToFirst();
  } else {
    it->Seek(start_key);
    // The token is the last id already returned; it may have been deleted since, then Seek lands after it.
    if (it->Valid() && it->key() == start_key) it->Next();
  }
  EntityPage page;
  for (; it->Valid(); it->Next()) {
    aka::v1::Entity entity;
    if (!entity.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
      ASSIGN_OR_RETURN(const std::string id, DecodeEntityKey(ToStringView(it->key())));
      return absl::DataLossError(absl::StrCat("entity ", id, ": stored record does not parse"));
    }
    if (!type.empty() && entity.type() != type) continue;
    page.entities.push_back(std::move(entity));
    if (static_cast<int>(page.entities.size()) == page_size) {
      it->Next();
      if (it->Valid()) page.next_page_token = page.entities.back().id();
      break;
    }
  }
  RETURN_IF_ERROR(FromRocksDbStatus(it->status(), "listing entities"));
  return page;
}

absl::Status RocksStore::LookupKey(const core::NameKey& key, std::vector<IndexHit>* hits) const {
  std::vector<std::vector<IndexHit>> all;
  RETURN_IF_ERROR(LookupKeys({key}, &all));
  for (IndexHit& hit : all.front()) hits->push_back(std::move(hit));
  return absl::OkStatus();
}

absl::Status RocksStore::LookupKeys(const std::vector<core::NameKey>& keys,
                                    std::vector<std::vector<IndexHit>>* hits) const {
  absl::ReaderMutexLock lock(&db_mu_);
  RETURN_IF_ERROR(CheckOpen());
  return LookupKeysLocked(keys, hits);
}

absl::Status RocksStore::LookupKeysLocked(const std::vector<core::NameKey>& keys,
                                          std::vector<std::vector<IndexHit>>* hits) const {
  hits->assign(keys.size(), {});
  // The keys the posting cache does not hold, read with one MultiGet, with their position in `keys`.
  std::vector<std::string> missed;
  std::vector<size_t> missed_at;
  for (size_t i = 0; i < keys.size(); ++i) {
    ASSIGN_OR_RETURN(std::string encoded, EncodeNamePrefix(keys[i]));
    if (posting_cache_.Find(encoded, &(*hits)[i])) continue;
    missed.push_back(std::move(encoded));
    missed_at.push_back(i);
  }
  if (missed.empty()) return absl::OkStatus();
  // Read before the DB read: a write committing in between makes Insert refuse what may be stale.
  std::vector<uint64_t> generations(missed.size());
  for (size_t m = 0; m < missed.size(); ++m) generations[m] = posting_cache_.Generation(missed[m]);
  std::vector<std::vector<IndexHit>> read;
  RETURN_IF_ERROR(ReadPostingLists(ColumnFamilyId::kNames, missed, &read));
  for (size_t m = 0; m < missed.size(); ++m) {
    posting_cache_.Insert(missed[m], read[m], generations[m]);
    (*hits)[missed_at[m]] = std::move(read[m]);
  }
  return absl::OkStatus();
}

absl::Status RocksStore::ReadPostingLists(ColumnFamilyId family, const std::vector<std::string>& keys,
                                          std::vector<std::vector<IndexHit>>* lists) const {
  lists->assign(keys.size(), {});
  if (keys.empty()) return absl::OkStatus();
  std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
  std::vector<rocksdb::PinnableSlice> values(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  db_->MultiGet(rocksdb::ReadOptions(), Family(family), keys.size(), slices.data(), values.data(), statuses.data());
  for (size_t i = 0; i < keys.size(); ++i) {
    if (statuses[i].IsNotFound()) continue;
    RETURN_IF_ERROR(FromRocksDbStatus(statuses[i], absl::StrCat("reading ", ColumnFamilyName(family), " key \"",
                                                                absl::CHexEscape(keys[i]), "\"")));
    RETURN_IF_ERROR(DecodePostingList(ToStringView(values[i]), &(*lists)[i]));
  }
  return absl::OkStatus();
}

}  // namespace aka::storage
