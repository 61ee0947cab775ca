#include "core/legal_forms.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace aka::core {
namespace {

enum class Position { kEnd, kStartOrEnd };

struct FormPattern {
  // Space-separated token alternatives, "|" between the spellings of one token.
  const char* pattern;
  const char* code;
  Position position;
};

constexpr Position kEnd = Position::kEnd;
constexpr Position kAny = Position::kStartOrEnd;

// Russian spelled-out forms appear both in ICU's transliteration ("obsestvo") and in the OFAC / BGN
// romanization ("obshchestvo"), so every spelling is listed.
#define AKA_OBSHCHESTVO "obshchestvo|obschestvo|obsestvo|obshestvo"
#define AKA_AKTSIONERNOE "aktsionernoe|aktsionernoye|akcionernoe|aktsionernoje"

constexpr FormPattern kPatterns[] = {
    {"ltd|limited", "ltd", kEnd},
    {"co|company ltd|limited", "ltd", kEnd},
    {"limited company|co", "ltd", kEnd},
    {"ltd co", "ltd", kEnd},
    {"ltd|limited sti|sirketi", "ltd", kEnd},
    {"you xian gong si", "ltd", kEnd},
    {"youxian gongsi", "ltd", kEnd},
    {"llc", "llc", kAny},
    {"l l c", "llc", kAny},
    {"limited liability company|co", "llc", kAny},
    {"you xian ze ren gong si", "llc", kEnd},
    {"youxian zeren gongsi", "llc", kEnd},
    {"gu fen you xian gong si", "jsc_ltd", kEnd},
    {"ooo", "ooo", kAny},
    {AKA_OBSHCHESTVO " s ogranichennoy|ogranichennoi|ogranicennoj|ogranichennoj|ogranichenoy "
     "otvetstvennostyu|otvetstvennostiu|otvetstvennostu|otvetstvennostju|otvetstvennostyou",
     "ooo", kAny},
    {"tov", "tov", kAny},
    {"jsc|ao", "jsc", kAny},
    {"joint stock company|co", "jsc", kAny},
    {"jointstock company", "jsc", kAny},
    {AKA_AKTSIONERNOE " " AKA_OBSHCHESTVO, "jsc", kAny},
    {"ojsc|oao", "ojsc", kAny},
    {"open joint stock company|co", "ojsc", kAny},
    {"otkrytoe|otkrytoye " AKA_AKTSIONERNOE " " AKA_OBSHCHESTVO, "ojsc", kAny},
    {"pjsc|pao", "pjsc", kAny},
    {"public joint stock company|co", "pjsc", kAny},
    {"publichnoe|publichnoye|publicnoe " AKA_AKTSIONERNOE " " AKA_OBSHCHESTVO, "pjsc", kAny},
    {"cjsc|zao", "cjsc", kAny},
    {"closed joint stock company|co", "cjsc", kAny},
    {"zakrytoe|zakrytoye " AKA_AKTSIONERNOE " " AKA_OBSHCHESTVO, "cjsc", kAny},
    {"corp|corporation", "corp", kEnd},
    {"inc|incorporated", "inc", kEnd},
    {"co|company", "co", kEnd},
    {"gmbh", "gmbh", kEnd},
    {"gmb h", "gmbh", kEnd},
    {"gesellschaft mit beschrankter haftung", "gmbh", kEnd},
    {"gmbh and co kg", "gmbh_co_kg", kEnd},
    {"gmb h and co kg", "gmbh_co_kg", kEnd},
    {"gmbh co kg", "gmbh_co_kg", kEnd},
    {"ag|aktiengesellschaft", "ag", kEnd},
    {"kg", "kg", kEnd},
    {"sa", "sa", kEnd},
    {"s a", "sa", kEnd},
    {"sociedad anonima", "sa", kEnd},
    {"societe anonyme", "sa", kEnd},
    {"sa de cv", "sa_de_cv", kEnd},
    {"s a de c v", "sa_de_cv", kEnd},
    {"sa de c v", "sa_de_cv", kEnd},
    {"s a de cv", "sa_de_cv", kEnd},
    {"sas", "sas", kEnd},
    {"s a s", "sas", kEnd},
    {"spa", "spa", kEnd},
    {"s p a", "spa", kEnd},
    {"srl", "srl", kEnd},
    {"s r l", "srl", kEnd},
    {"s de rl", "srl", kEnd},
    {"s de r l", "srl", kEnd},
    {"sarl", "sarl", kEnd},
    {"s a r l", "sarl", kEnd},
    {"bv", "bv", kEnd},
    {"b v", "bv", kEnd},
    {"nv", "nv", kEnd},
    {"n v", "nv", kEnd},
    {"plc", "plc", kEnd},
    {"p l c", "plc", kEnd},
    {"public limited company", "plc", kEnd},
    {"pty ltd|limited", "pty_ltd", kEnd},
    {"proprietary limited", "pty_ltd", kEnd},
    {"pte ltd|limited", "pte_ltd", kEnd},
    {"sdn bhd", "sdn_bhd", kEnd},
    {"bhd|berhad", "bhd", kEnd},
    {"llp", "llp", kEnd},
    {"l l p", "llp", kEnd},
    {"limited liability partnership", "llp", kEnd},
    {"lp", "lp", kEnd},
    {"l p", "lp", kEnd},
    {"limited partnership", "lp", kEnd},
    {"kk", "kk", kEnd},
    {"kabushiki kaisha|gaisha", "kk", kEnd},
    {"fze", "fze", kEnd},
    {"fzco", "fzco", kEnd},
    {"fz llc", "llc", kEnd},
    {"pt", "pt", kAny},
};

#undef AKA_OBSHCHESTVO
#undef AKA_AKTSIONERNOE

struct FormInfo {
  std::string code;
  bool leading_allowed;
  bool chinese;  // a pinyin spelling of a Chinese form
};

struct FormTable {
  absl::flat_hash_map<std::string, FormInfo> forms;  // spelling (tokens joined by ' ') -> form
  size_t max_tokens = 0;
};

// Appends every spelling of `slots[index..]` to `prefix` and records it.
void Expand(const std::vector<std::vector<std::string>>& slots, size_t index, const std::string& prefix,
            const FormInfo& info, FormTable* table) {
  if (index == slots.size()) {
    table->forms.emplace(prefix, info);
    return;
  }
  for (const std::string& spelling : slots[index]) {
    Expand(slots, index + 1, prefix.empty() ? spelling : prefix + " " + spelling, info, table);
  }
}

const FormTable& Forms() {
  static const FormTable* const table = [] {
    auto* t = new FormTable();
    for (const FormPattern& p : kPatterns) {
      std::vector<std::vector<std::string>> slots;
      for (absl::string_view slot : absl::StrSplit(p.pattern, ' ', absl::SkipEmpty())) {
        slots.push_back(absl::StrSplit(slot, '|'));
      }
      t->max_tokens = std::max(t->max_tokens, slots.size());
      const bool chinese = slots.size() >= 2 && (slots[0][0] == "you" || slots[0][0] == "youxian" ||
                                                  slots[0][0] == "gu");
      Expand(slots, 0, "", FormInfo{p.code, p.position == kAny, chinese}, t);
    }
    return t;
  }();
  return *table;
}

// The form spelled by tokens[begin, end), or null.
const FormInfo* Lookup(const std::vector<std::string>& tokens, size_t begin, size_t end, std::string* scratch) {
  scratch->clear();
  for (size_t i = begin; i < end; ++i) {
    if (i > begin) scratch->push_back(' ');
    scratch->append(tokens[i]);
  }
  const auto& forms = Forms().forms;
  auto it = forms.find(*scratch);
  return it == forms.end() ? nullptr : &it->second;
}

// Length in tokens of the longest form ending at `end` that leaves at least one token in [begin, end).
size_t TrailingForm(const std::vector<std::string>& tokens, size_t begin, size_t end, bool han,
                    std::string* scratch, const FormInfo** info) {
  const size_t available = end - begin;
  for (size_t k = std::min(Forms().max_tokens, available - 1); k >= 1; --k) {
    const FormInfo* found = Lookup(tokens, end - k, end, scratch);
    if (found == nullptr || (han && !found->chinese)) continue;
    // "Smith and Co": the "co" belongs to the name.
    if (found->code == "co" && tokens[end - k - 1] == "and") continue;
    *info = found;
    return k;
  }
  return 0;
}

size_t LeadingForm(const std::vector<std::string>& tokens, size_t begin, size_t end, std::string* scratch,
                   const FormInfo** info) {
  const size_t available = end - begin;
  for (size_t k = std::min(Forms().max_tokens, available - 1); k >= 1; --k) {
    const FormInfo* found = Lookup(tokens, begin, begin + k, scratch);
    if (found == nullptr || !found->leading_allowed) continue;
    *info = found;
    return k;
  }
  return 0;
}

}  // namespace

NameParts SplitLegalForm(const std::vector<std::string>& tokens) { return SplitLegalForm(tokens, false); }

NameParts SplitLegalForm(const std::vector<std::string>& tokens, bool written_in_han) {
  NameParts parts;
  if (tokens.size() < 2) {
    parts.name_tokens = tokens;
    return parts;
  }
  std::string scratch;
  size_t begin = 0;
  size_t end = tokens.size();
  // Forms found, outermost trailing first, then the leading one. Up to two trailing forms ("SHIPPING CO
  // LLC") so that the same company with its form in front ("LLC ... SHIPPING CO") keeps the same name.
  std::vector<const FormInfo*> found;
  for (int round = 0; round < 2 && end - begin >= 2; ++round) {
    const FormInfo* info = nullptr;
    const size_t k = TrailingForm(tokens, begin, end, written_in_han, &scratch, &info);
    if (k == 0) break;
    end -= k;
    found.push_back(info);
  }
  if (!written_in_han && end - begin >= 2) {
    const FormInfo* info = nullptr;
    const size_t k = LeadingForm(tokens, begin, end, &scratch, &info);
    if (k > 0) {
      begin += k;
      found.push_back(info);
    }
  }
  // What is left must not be a legal form itself: "Co. Ltd" is a name, not "Co" with the form "Ltd"
  // (cleanco #81: half stripped).
  if (!found.empty() && Lookup(tokens, begin, end, &scratch) != nullptr) {
    parts.name_tokens = tokens;
    return parts;
  }
  parts.name_tokens.assign(tokens.begin() + begin, tokens.begin() + end);
  // The bare "co" says the least, so any other form wins over it.
  for (const FormInfo* info : found) {
    if (info->code != "co") {
      parts.legal_form = info->code;
      break;
    }
  }
  if (parts.legal_form.empty() && !found.empty()) parts.legal_form = found.front()->code;
  return parts;
}

std::string LegalFormFamily(absl::string_view code) {
  static const auto* const families = new absl::flat_hash_map<absl::string_view, absl::string_view>{
      {"ltd", "limited"},      {"llc", "limited"},     {"ooo", "limited"},  {"tov", "limited"},
      {"pty_ltd", "limited"},  {"pte_ltd", "limited"}, {"jsc_ltd", "limited"}, {"jsc", "joint_stock"},
      {"ojsc", "joint_stock"}, {"pjsc", "joint_stock"}, {"cjsc", "joint_stock"}, {"corp", "corporation"},
      {"inc", "corporation"},  {"sa", "sa"},           {"sa_de_cv", "sa"},  {"sas", "sa"},
      {"spa", "sa"},           {"srl", "srl"},         {"sarl", "srl"},
  };
  auto it = families->find(code);
  return std::string(it == families->end() ? code : it->second);
}

LegalFormAgreement CompareLegalForms(absl::string_view a, absl::string_view b) {
  if (a.empty() || b.empty() || a == "co" || b == "co") {
    return a == b && !a.empty() ? LegalFormAgreement::kEqual : LegalFormAgreement::kNeutral;
  }
  if (a == b) return LegalFormAgreement::kEqual;
  return LegalFormFamily(a) == LegalFormFamily(b) ? LegalFormAgreement::kCompatible
                                                  : LegalFormAgreement::kConflict;
}

bool LegalFormsCompatible(absl::string_view a, absl::string_view b) {
  return CompareLegalForms(a, b) != LegalFormAgreement::kConflict;
}

}  // namespace aka::core
