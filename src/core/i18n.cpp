#include "core/i18n.h"

#include <array>
#include <cstdlib>

namespace kiosk {

namespace {

struct LanguageInfo {
    const char* code;
    const char* native_name;
};

// Latin and Cyrillic languages: the scripts the bundled Noto fonts cover and
// ImGui lays out (left to right, no shaping).
constexpr std::array<LanguageInfo, 18> kLanguages{{
    {"en", "English"},
    {"az", "Azərbaycanca"},
    {"ru", "Русский"},
    {"tr", "Türkçe"},
    {"de", "Deutsch"},
    {"fr", "Français"},
    {"es", "Español"},
    {"it", "Italiano"},
    {"uk", "Українська"},
    {"pl", "Polski"},
    {"nl", "Nederlands"},
    {"pt", "Português"},
    {"cs", "Čeština"},
    {"kk", "Қазақша"},
    {"uz", "Oʻzbekcha"},
    {"sv", "Svenska"},
    {"ro", "Română"},
    {"bs", "Bosanski"},
}};

constexpr int kUiCount = static_cast<int>(UiText::Count_);
using Words = std::array<const char*, kUiCount>;

constexpr Words kEnglish{
    "Touch the screen to explore",
    "Home",
    "Back",
    "Language",
    "Timeline",
    "Panels",
    "Larger text",
    "High contrast",
    "Are you still there?",
    "Touch anywhere to continue. The exhibit will start again in {0} seconds.",
    "Continue",
    "Illustration",
    "Map",
    "Photograph",
    "Panel {0} of {1}",
    "Close",
    "The exhibit is not available at the moment.",
    "We apologise. Staff have been informed.",
    "Undated",
    "Image {0} of {1}",
    "Play",
    "Pause",
    "Listen",
    "Synthetic voice",
    "Enlarge",
    "Video",
};

constexpr Words kAzerbaijani{
    "Tanış olmaq üçün ekrana toxunun",
    "Əsas səhifə",
    "Geri",
    "Dil",
    "Xronologiya",
    "Bölmələr",
    "Böyük şrift",
    "Yüksək kontrast",
    "Siz hələ buradasınız?",
    "Davam etmək üçün ekrana toxunun. Sərgi {0} saniyədən sonra yenidən başlayacaq.",
    "Davam et",
    "İllüstrasiya",
    "Xəritə",
    "Fotoşəkil",
    "Bölmə {0} / {1}",
    "Bağla",
    "Sərgi hazırda əlçatan deyil.",
    "Üzr istəyirik. Əməkdaşlara məlumat verilib.",
    "Tarixsiz",
    "Şəkil {0} / {1}",
    "Oynat",
    "Fasilə",
    "Dinləyin",
    "Sintetik səs",
    "Böyüt",
    "Video",
};

constexpr Words kRussian{
    "Коснитесь экрана, чтобы начать",
    "Главная",
    "Назад",
    "Язык",
    "Хронология",
    "Разделы",
    "Крупный шрифт",
    "Высокий контраст",
    "Вы ещё здесь?",
    "Коснитесь экрана, чтобы продолжить. Экспозиция начнётся заново через {0} с.",
    "Продолжить",
    "Иллюстрация",
    "Карта",
    "Фотография",
    "Раздел {0} из {1}",
    "Закрыть",
    "Экспозиция сейчас недоступна.",
    "Приносим извинения. Сотрудники уже извещены.",
    "Без даты",
    "Изображение {0} из {1}",
    "Смотреть",
    "Пауза",
    "Слушать",
    "Синтезированный голос",
    "Увеличить",
    "Видео",
};

const Words* WordsFor(const std::string& lang) {
    if (lang == "az") return &kAzerbaijani;
    if (lang == "ru") return &kRussian;
    if (lang == "en") return &kEnglish;
    return nullptr;
}

constexpr std::array<const char*, 12> kMonthsEn{"January",   "February", "March",    "April",
                                                "May",       "June",     "July",     "August",
                                                "September", "October",  "November", "December"};
constexpr std::array<const char*, 12> kMonthsAz{"yanvar",   "fevral",  "mart",   "aprel",
                                                "may",      "iyun",    "iyul",   "avqust",
                                                "sentyabr", "oktyabr", "noyabr", "dekabr"};
// Russian: nominative for "month year", genitive after a day number.
constexpr std::array<const char*, 12> kMonthsRuNom{"январь",   "февраль", "март",   "апрель",
                                                   "май",      "июнь",    "июль",   "август",
                                                   "сентябрь", "октябрь", "ноябрь", "декабрь"};
constexpr std::array<const char*, 12> kMonthsRuGen{"января",   "февраля", "марта",  "апреля",
                                                   "мая",      "июня",    "июля",   "августа",
                                                   "сентября", "октября", "ноября", "декабря"};

bool AllDigits(const std::string& s, size_t from, size_t n) {
    if (from + n > s.size()) return false;
    for (size_t i = from; i < from + n; ++i)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

} // namespace

bool IsKnownLanguage(const std::string& code) {
    for (const auto& l : kLanguages)
        if (code == l.code) return true;
    return false;
}

std::string NativeLanguageName(const std::string& code) {
    for (const auto& l : kLanguages)
        if (code == l.code) return l.native_name;
    return code;
}

std::vector<std::string> KnownLanguages() {
    std::vector<std::string> out;
    for (const auto& l : kLanguages)
        out.emplace_back(l.code);
    return out;
}

bool HasUiTranslation(const std::string& code) {
    return WordsFor(code) != nullptr;
}

std::string Tr(UiText what, const std::string& lang) {
    const Words* words = WordsFor(lang);
    if (!words) words = &kEnglish;
    return (*words)[static_cast<size_t>(what)];
}

std::string TrFormat(UiText what, const std::string& lang, int a, int b) {
    std::string s = Tr(what, lang);
    for (auto [key, value] : {std::pair{"{0}", a}, std::pair{"{1}", b}}) {
        size_t pos = s.find(key);
        if (pos != std::string::npos) s.replace(pos, 3, std::to_string(value));
    }
    return s;
}

bool IsValidPartialDate(const std::string& d) {
    if (!AllDigits(d, 0, 4)) return false;
    if (d.size() == 4) return true;
    if (d.size() != 7 && d.size() != 10) return false;
    if (d[4] != '-' || !AllDigits(d, 5, 2)) return false;
    const int month = std::atoi(d.substr(5, 2).c_str());
    if (month < 1 || month > 12) return false;
    if (d.size() == 7) return true;
    if (d[7] != '-' || !AllDigits(d, 8, 2)) return false;
    const int year = std::atoi(d.substr(0, 4).c_str());
    const int day = std::atoi(d.substr(8, 2).c_str());
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    constexpr std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const int max_day = days[static_cast<size_t>(month - 1)] + (month == 2 && leap ? 1 : 0);
    return day >= 1 && day <= max_day;
}

std::string FormatDate(const std::string& iso, const std::string& lang) {
    if (!IsValidPartialDate(iso)) return iso;
    const std::string year = iso.substr(0, 4);
    if (iso.size() == 4) return year;
    const auto m = static_cast<size_t>(std::atoi(iso.substr(5, 2).c_str()) - 1);
    if (iso.size() == 7) {
        if (lang == "az") return std::string(kMonthsAz[m]) + " " + year;
        if (lang == "ru") return std::string(kMonthsRuNom[m]) + " " + year;
        return std::string(kMonthsEn[m]) + " " + year;
    }
    const std::string day = std::to_string(std::atoi(iso.substr(8, 2).c_str()));
    if (lang == "az") return day + " " + kMonthsAz[m] + " " + year;
    if (lang == "ru") return day + " " + kMonthsRuGen[m] + " " + year;
    if (lang == "en") return day + " " + kMonthsEn[m] + " " + year;
    return iso; // ISO dates read the same everywhere when we lack the month names
}

} // namespace kiosk
