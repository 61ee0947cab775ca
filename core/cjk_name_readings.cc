#include "core/cjk_name_readings.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_split.h"
#include "core/korean_romanization.h"
#include "core/utf8.h"

namespace aka::core {
namespace {

using CharMap = absl::flat_hash_map<std::string, std::string>;

// Sino-Korean readings as Hangul syllables (the Unihan kHangul field; the initial-sound rule applied to
// surnames: 李 이, 林 임, 柳 류/유 as customary). Written as pairs "hanja hangul", simplified forms beside
// traditional ones so that a name typed in either script is read.
constexpr char kKoreanSurnameHanja[] =
    "金김李이朴박崔최鄭정郑정姜강趙조赵조尹윤張장张장林임韓한韩한吳오吴오徐서申신權권权권黃황黄황安안宋송柳류"
    "劉유刘유洪홍全전高고文문梁양孫손孙손裵배裴배白백許허许허南남沈심盧노卢노河하郭곽成성車차车차朱주禹우具구"
    "閔민闵민羅나罗나陳진陈진池지嚴엄严엄蔡채元원千천方방孔공玄현咸함卞변廉염呂여吕여秋추都도蘇소苏소石석宣선"
    "薛설馬마马마吉길延연魏위表표明명奇기潘반王왕琴금玉옥陸육陆육印인孟맹諸제诸제牟모卓탁鞠국魚어鱼어殷은片편"
    "龍용龙용芮예慶경庆경";
// The hanja most used in Korean given names (frequency lists of the Supreme Court's name-hanja registry).
constexpr char kKoreanGivenHanja[] =
    "正정恩은日일一일成성哲철喆철浩호鎬호镐호虎호昊호皓호民민敏민珉민英영永영榮영荣영泳영映영秀수洙수壽수寿수"
    "守수賢현贤현鉉현铉현炫현顯현显현俊준峻준準준准준駿준骏준智지志지知지芝지慧혜惠혜美미淑숙子자順순顺순淳순"
    "植식錫석锡석碩석硕석基기起기紀기纪기男남勳훈勋훈薰훈熏훈在재載재载재宰재大대中중重중仲중東동东동光광明명"
    "泰태太태鎭진镇진振진眞진真진珍진辰진容용勇용熙희姬희姫희喜희希희禧희善선允윤潤윤润윤胤윤相상尙상尚상祥상"
    "宇우佑우友우雨우仁인寅인承승勝승胜승昌창範범范범道도德덕孝효源원遠원远원媛원圭규奎규貞정贞정廷정靜정静정"
    "晶정炳병秉병國국国국漢한汉한翰한海해玉옥蘭란兰란蓮련莲련花화華화华화和화煥환焕환銀은银은雅아娥아夏하慶경"
    "庆경京경敬경景경卿경吉길根근誠성诚성聖성圣성星성世세時시时시詩시诗시信신新신心심愛애爱애然연延연淵연渊연"
    "烈렬鍾종钟종宗종周주珠주柱주直직泉천天천千천鐵철铁철淸청清청靑청青청春춘忠충澤택泽택學학学학恒항亨형炯형"
    "衡형弘홍洪홍會회会회輝휘辉휘雄웅雲운云운運운运운旭욱昱욱律율乙을義의义의利이二이伊이任임林임才재哉재濟제"
    "济제祖조朝조萬만万만";
// The most frequent Japanese surnames (the national rankings of myoji-yurai.net and of the 2010s telephone
// directories, about the first hundred) with their Hepburn readings, long vowels unmarked as in passports.
constexpr char kJapaneseSurnames[] =
    "佐藤:sato|鈴木:suzuki|高橋:takahashi|田中:tanaka|伊藤:ito|渡辺:watanabe|渡邊:watanabe|山本:yamamoto|"
    "中村:nakamura|小林:kobayashi|加藤:kato|吉田:yoshida|山田:yamada|佐々木:sasaki|山口:yamaguchi|松本:matsumoto|"
    "井上:inoue|木村:kimura|林:hayashi|斎藤:saito|斉藤:saito|清水:shimizu|山崎:yamazaki|森:mori|池田:ikeda|"
    "橋本:hashimoto|阿部:abe|石川:ishikawa|山下:yamashita|中島:nakajima|石井:ishii|小川:ogawa|前田:maeda|"
    "岡田:okada|長谷川:hasegawa|藤田:fujita|後藤:goto|近藤:kondo|村上:murakami|遠藤:endo|青木:aoki|坂本:sakamoto|"
    "福田:fukuda|太田:ota|西村:nishimura|藤井:fujii|金子:kaneko|岡本:okamoto|藤原:fujiwara|中野:nakano|"
    "三浦:miura|原田:harada|中川:nakagawa|松田:matsuda|竹内:takeuchi|小野:ono|田村:tamura|中山:nakayama|"
    "和田:wada|石田:ishida|森田:morita|上田:ueda|原:hara|内田:uchida|柴田:shibata|酒井:sakai|宮崎:miyazaki|"
    "横山:yokoyama|高木:takagi|安藤:ando|宮本:miyamoto|大野:ono|小島:kojima|谷口:taniguchi|今井:imai|工藤:kudo|"
    "高田:takada|増田:masuda|丸山:maruyama|杉山:sugiyama|村田:murata|大塚:otsuka|新井:arai|小山:koyama|"
    "平野:hirano|藤本:fujimoto|河野:kono|上野:ueno|野口:noguchi|武田:takeda|松井:matsui|千葉:chiba|岩崎:iwasaki|"
    "菅原:sugawara|木下:kinoshita|久保:kubo|佐野:sano|野村:nomura|松尾:matsuo|市川:ichikawa|菊地:kikuchi|"
    "杉本:sugimoto|古川:furukawa|大西:onishi|島田:shimada|水野:mizuno|桜井:sakurai|高野:takano|吉川:yoshikawa|"
    "山内:yamauchi|西田:nishida|飯田:iida|菅野:sugano|永井:nagai|服部:hattori|秋山:akiyama|中西:nakanishi";
// Common Japanese given names read as a whole (readings that the single kanji do not compose).
constexpr char kJapaneseGivenNames[] =
    "太郎:taro|次郎:jiro|一郎:ichiro|三郎:saburo|四郎:shiro|健太:kenta|翔太:shota|大輔:daisuke|健一:kenichi|"
    "誠:makoto|浩:hiroshi|博:hiroshi|清:kiyoshi|茂:shigeru|隆:takashi|学:manabu|明:akira|翔:sho|蓮:ren|"
    "大翔:hiroto|拓也:takuya|直樹:naoki|和也:kazuya|達也:tatsuya|雄一:yuichi|正:tadashi|勝:masaru|進:susumu|"
    "修:osamu|剛:tsuyoshi|武:takeshi|健:ken|亮:ryo|翼:tsubasa|花子:hanako|洋子:yoko|恵子:keiko|京子:kyoko|"
    "幸子:sachiko|和子:kazuko|節子:setsuko|美智子:michiko|久美子:kumiko|由美子:yumiko|裕子:yuko|智子:tomoko|"
    "直美:naomi|陽子:yoko|真由美:mayumi|愛:ai|美咲:misaki|陽菜:hina|結衣:yui|葵:aoi|優子:yuko|明美:akemi|"
    "千尋:chihiro";
// The kanji most used in Japanese given names with their commonest reading in names, for given names not
// listed whole: read one by one and joined ("健" + "二" -> "kenji").
constexpr char kJapaneseNameKanji[] =
    "太:ta|郎:ro|子:ko|花:hana|美:mi|一:ichi|二:ji|三:zo|健:ken|大:dai|翔:sho|和:kazu|雄:o|夫:o|男:o|明:aki|"
    "恵:e|由:yu|真:ma|愛:ai|優:yu|香:ka|里:ri|奈:na|菜:na|結:yui|陽:haru|浩:hiro|博:hiro|隆:taka|正:masa|"
    "直:nao|信:nobu|幸:yuki|秀:hide|英:hide|光:mitsu|智:tomo|春:haru|輔:suke|介:suke|也:ya|樹:ki|彦:hiko|"
    "人:to|斗:to|平:hei|助:suke|吉:kichi|之:yuki|生:o|悠:yu|千:chi|裕:yu|久:hisa|恭:kyo|京:kyo|紀:ki|沙:sa|"
    "綾:aya|理:ri|絵:e|枝:e|江:e|代:yo|佳:ka|加:ka|希:ki|咲:saki|彩:aya|夏:natsu|秋:aki|純:jun|俊:shun|"
    "孝:taka|武:take|剛:go|康:yasu|義:yoshi|良:yoshi|達:tatsu|拓:taku|誠:makoto|哲:tetsu|輝:teru|弘:hiro";

// Splits UTF-8 into code points (as strings). Empty if ill-formed.
std::vector<std::string> CodePoints(absl::string_view text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    if (utf8::DecodeNext(text, &pos) < 0) return {};
    out.emplace_back(text.substr(start, pos - start));
  }
  return out;
}

// "a1b2c3..." pairs of code points -> map.
CharMap PairTable(absl::string_view pairs) {
  CharMap map;
  const std::vector<std::string> points = CodePoints(pairs);
  for (size_t i = 0; i + 1 < points.size(); i += 2) map.emplace(points[i], points[i + 1]);
  return map;
}

// "key:value|key:value" -> map.
CharMap ListTable(absl::string_view list) {
  CharMap map;
  for (absl::string_view entry : absl::StrSplit(list, '|')) {
    const std::pair<std::string, std::string> kv = absl::StrSplit(entry, absl::MaxSplits(':', 1));
    map.emplace(kv.first, kv.second);
  }
  return map;
}

struct Tables {
  CharMap korean_surnames = PairTable(kKoreanSurnameHanja);
  CharMap korean_given = PairTable(kKoreanGivenHanja);
  CharMap japanese_surnames = ListTable(kJapaneseSurnames);
  CharMap japanese_given = ListTable(kJapaneseGivenNames);
  CharMap japanese_kanji = ListTable(kJapaneseNameKanji);
};

const Tables& GetTables() {
  static const auto* tables = new Tables();
  return *tables;
}

bool IsHan(int32_t c) {
  return c == 0x3005 || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF);
}
bool IsHangulSyllable(int32_t c) { return c >= 0xAC00 && c <= 0xD7A3; }

std::string Join(const std::vector<std::string>& points, size_t from, size_t to) {
  std::string out;
  for (size_t i = from; i < to; ++i) out += points[i];
  return out;
}

// The reading of a Japanese given name: whole from the table, else kanji by kanji. Empty if not covered.
std::string JapaneseGivenReading(const std::vector<std::string>& points, size_t from) {
  const Tables& tables = GetTables();
  const auto whole = tables.japanese_given.find(Join(points, from, points.size()));
  if (whole != tables.japanese_given.end()) return whole->second;
  std::string reading;
  for (size_t i = from; i < points.size(); ++i) {
    const auto it = tables.japanese_kanji.find(points[i]);
    if (it == tables.japanese_kanji.end()) return "";
    reading += it->second;
  }
  return reading;
}

}  // namespace

std::string KoreanHanjaReading(absl::string_view han) {
  const std::vector<std::string> points = CodePoints(han);
  if (points.size() < 2 || points.size() > 4) return "";
  const Tables& tables = GetTables();
  const auto surname = tables.korean_surnames.find(points[0]);
  if (surname == tables.korean_surnames.end()) return "";
  std::string hangul = surname->second;
  for (size_t i = 1; i < points.size(); ++i) {
    const auto it = tables.korean_given.find(points[i]);
    if (it == tables.korean_given.end()) return "";
    hangul += it->second;
  }
  return hangul;
}

std::string JapaneseKanjiReading(absl::string_view han) {
  const std::vector<std::string> points = CodePoints(han);
  if (points.size() < 2 || points.size() > 6) return "";
  const Tables& tables = GetTables();
  // The longest listed surname that leaves a readable given name of one to three kanji.
  for (size_t length = std::min<size_t>(3, points.size() - 1); length >= 1; --length) {
    if (points.size() - length > 3) break;
    const auto surname = tables.japanese_surnames.find(Join(points, 0, length));
    if (surname == tables.japanese_surnames.end()) continue;
    const std::string given = JapaneseGivenReading(points, length);
    if (!given.empty()) return surname->second + " " + given;
  }
  return "";
}

std::vector<NameReading> PersonNameReadings(absl::string_view name) {
  std::string letters;
  bool han = false;
  bool hangul = false;
  size_t pos = 0;
  while (pos < name.size()) {
    const size_t start = pos;
    const int32_t c = utf8::DecodeNext(name, &pos);
    if (c == ' ') continue;
    if (IsHan(c)) {
      han = true;
    } else if (IsHangulSyllable(c)) {
      hangul = true;
    } else {
      return {};
    }
    letters.append(name.data() + start, pos - start);
  }
  std::vector<NameReading> readings;
  if (han == hangul) return readings;  // empty, or mixed
  const std::string korean = hangul ? letters : KoreanHanjaReading(letters);
  for (std::string& spelling : KoreanNameSpellings(korean)) {
    readings.push_back({std::move(spelling), NameScript::kHangul});
  }
  if (han) {
    std::string japanese = JapaneseKanjiReading(letters);
    if (!japanese.empty()) readings.push_back({std::move(japanese), NameScript::kJapanese});
  }
  return readings;
}

}  // namespace aka::core
