// Legal forms ("Ltd", "LLC", "ООО", "S.A. de C.V.", "有限公司") recognised at the end or start of a normalized
// token list and split off, so that they are compared as a feature of their own and never as name tokens
// (watchman #483: "BELLETECH CORP" must not match "11420 CORP." on "corp").
//
// Canonical codes and their spellings (normalized tokens; the normalizer has already folded punctuation,
// transliterated Cyrillic and Han, and split "GmbH" into "gmb h"):
//   ltd       ltd, limited, co ltd, co limited, company ltd, company limited, limited company, ltd co,
//             ltd sti (Turkish), you xian gong si (有限公司). "Co., Ltd." is one class with "Ltd": the "Co"
//             adds nothing that tells two companies apart, so it is split off with the "Ltd".
//   llc       llc, l l c, limited liability company / co, you xian ze ren gong si (有限责任公司)
//   ooo       ooo, obshchestvo s ogranichennoy otvetstvennostyu (and transliteration variants); tov (ТОВ)
//   jsc       jsc, joint stock company, ao, aktsionernoe obshchestvo; ojsc (oao, open ...), pjsc (pao,
//             public ...), cjsc (zao, closed ...)
//   corp      corp, corporation; inc: inc, incorporated; co: a bare trailing "co" / "company"
//   gmbh, ag, kg, gmbh_co_kg, sa (s a, sociedad anonima, societe anonyme), sa_de_cv, sas, spa, srl, sarl,
//   bv, nv, plc, pty_ltd, pte_ltd, sdn_bhd, bhd, llp, lp, kk, fze, fzco, pt (leading only), jsc_ltd
//   (gu fen you xian gong si, 股份有限公司)
// Forms accepted at the start of a name (the Russian and Ukrainian order "ООО Ромашка", "JSC ARGUMENT",
// "LIMITED LIABILITY COMPANY SBERBANK CAPITAL", Indonesian "PT"): ooo, tov, llc, the jsc family, pt, and
// their spelled-out forms. Every other form is recognised only at the end.
#ifndef AKA_CORE_LEGAL_FORMS_H_
#define AKA_CORE_LEGAL_FORMS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace aka::core {

struct NameParts {
  // The tokens that name the organization, in their order, without the legal form(s).
  std::vector<std::string> name_tokens;
  // Canonical code of the legal form ("ltd", "llc", "jsc", ...); empty if none was found. When a name has a
  // form at both ends ("OOO ROMASHKA LLC") both are split off and this is the trailing one.
  std::string legal_form;
};

// Splits the legal form off the end and/or start of `tokens` (normalized tokens), longest spelling first.
// Never leaves an empty name, nor a name that is itself a legal form: then nothing is split off (a company
// called "Co. Ltd" stays ["co", "ltd"] with no form, not ["co"] with "ltd"; cleanco #77, #81). Thread-safe.
NameParts SplitLegalForm(const std::vector<std::string>& tokens);

// As above, for a name written in Han characters when `written_in_han` is true: then only the Chinese forms
// (有限公司, 有限责任公司, 股份有限公司 as pinyin) are recognised, because pinyin syllables look like Latin
// forms ("澳门..." -> "ao men ...", and "ao" is the Russian AO).
NameParts SplitLegalForm(const std::vector<std::string>& tokens, bool written_in_han);

// The family of equivalent forms `code` belongs to: "limited" (ltd, llc, ooo, tov, pty_ltd, pte_ltd,
// jsc_ltd: translations of "limited (liability) company"), "joint_stock" (jsc, ojsc, pjsc, cjsc: Russian
// companies re-register between them), "corporation" (corp, inc), "sa" (sa, sa_de_cv, sas, spa), "srl"
// (srl, sarl); any other code is its own family. Empty for an empty code.
std::string LegalFormFamily(absl::string_view code);

enum class LegalFormAgreement {
  kNeutral,     // either name has no legal form, or one is the weak "co": nothing learned
  kEqual,       // the same canonical code ("Company Limited" vs "Ltd")
  kCompatible,  // the same family ("OOO" vs "LLC", "OJSC" vs "PJSC")
  kConflict,    // different families ("GmbH" vs "Inc"): likely different legal entities
};

LegalFormAgreement CompareLegalForms(absl::string_view a, absl::string_view b);

// True unless CompareLegalForms(a, b) is kConflict: equal, same family, or either empty (neutral).
bool LegalFormsCompatible(absl::string_view a, absl::string_view b);

}  // namespace aka::core

#endif  // AKA_CORE_LEGAL_FORMS_H_
