/*
 * lexicon.c -- the comparison form of claims and sentences (see lexicon.h).
 *
 * A text becomes its lower-cased words; at each word, the longest phrase
 * of the language's list that starts there is replaced by its canonical
 * words, and for Kazakh every word that names no place then loses its
 * case, plural and possessive endings. Phrases are written as words
 * separated by spaces: "word" is that word, "beginning*" any word that
 * begins so, "*ending" (alone) any word that ends so, whose beginning the
 * replacement keeps where it says "$".
 *
 * What the list holds, per language: other names of places ("the Kazakh
 * capital", "южная столица", "елорда"), number words as digits, and the
 * desk's everyday synonyms for what claims assert (wages, prices, crime,
 * rising and falling, dying, unemployment, comparison: "rivals",
 * "сопоставима с", "тең түсіп"). The replacement is the word claims
 * usually use, so that a claim written in those words and a paraphrase
 * meet. Phrases that deny ("не годится для питья") are replaced whole by
 * what they assert ("непригодна для питья"), so that the negation check
 * of the scan (scan.c) does not read them as a denial.
 */
#include "domain/lexicon.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "base/buf.h"

/* sql/013_matching.sql's ct_match_places() lists the same beginnings, so
   that places are not content terms (test_scan holds the two equal). */
const ct_lexicon_place ct_lexicon_places[] = {
    {"астан", 1, true}, {"astana", 1, true}, {"столиц", 1, true}, {"елорд", 1, true},
    {"capital", 1, true}, {"нурсултан", 1, true},
    {"алмат", 2, true}, {"almaty", 2, true},
    {"шымкент", 3, true}, {"shymkent", 3, true},
    {"караганд", 4, true}, {"қарағанд", 4, true}, {"karagand", 4, true}, {"qaraghand", 4, true},
    {"актоб", 5, true}, {"ақтөб", 5, true}, {"aktob", 5, true}, {"aqtob", 5, true},
    {"павлодар", 6, true}, {"pavlodar", 6, true},
    {"атырау", 7, true}, {"atyrau", 7, true},
    {"тараз", 8, true}, {"taraz", 8, true},
    {"костана", 9, true}, {"қостана", 9, true}, {"kostana", 9, true},
    {"туркестан", 10, true}, {"түркіст", 10, true}, {"turkestan", 10, true},
    {"кызылорд", 11, true}, {"қызылорд", 11, true}, {"kyzylord", 11, true},
    {"петропавл", 12, true}, {"petropavl", 12, true},
    {"өскемен", 13, true}, {"оскемен", 13, true}, {"каменогорск", 13, true}, {"oskemen", 13, true},
    {"kamenogorsk", 13, true},
    {"уральск", 14, true}, {"uralsk", 14, true},
    {"актау", 16, true}, {"ақтау", 16, true}, {"aktau", 16, true},
    {"экибастуз", 17, true}, {"екібастұз", 17, true}, {"ekibastuz", 17, true},
    {"каракас", 20, true}, {"caracas", 20, true}, {"венесуэл", 20, true}, {"venezuel", 20, true},
    {"балхаш", 21, true}, {"балқаш", 21, true}, {"balkhash", 21, true},
    {"алакол", 22, true}, {"алакөл", 22, true}, {"alakol", 22, true},
    {"кокшетау", 23, true}, {"көкшетау", 23, true}, {"kokshetau", 23, true},
    {"талдыкорган", 24, true}, {"талдықорған", 24, true}, {"taldykorgan", 24, true},
    {"темиртау", 25, true}, {"теміртау", 25, true}, {"temirtau", 25, true},
    {"жезказган", 26, true}, {"жезқазған", 26, true}, {"zhezkazgan", 26, true},
    {"semey", 27, true}, {"москв", 34, true}, {"мәскеу", 34, true}, {"moscow", 34, true},
    {"бишкек", 35, true}, {"бішкек", 35, true}, {"bishkek", 35, true},
    {"ташкент", 36, true}, {"tashkent", 36, true}, {"баку", 37, true}, {"baku", 37, true},
    {"тбилис", 38, true}, {"tbilisi", 38, true}, {"новосибирск", 39, true},
    {"novosibirsk", 39, true}, {"омск", 40, true}, {"omsk", 40, true},
    {"лондон", 41, true}, {"london", 41, true}, {"чикаго", 42, true}, {"chicago", 42, true},
    {"йоханнесбург", 43, true}, {"johannesburg", 43, true}, {"богот", 44, true},
    {"bogota", 44, true},
    {"казахстан", 30, false}, {"қазақстан", 30, false}, {"kazakhstan", 30, false},
    {"узбекистан", 31, false}, {"өзбекстан", 31, false}, {"uzbekistan", 31, false},
    {"кыргызстан", 32, false}, {"қырғызстан", 32, false}, {"kyrgyzstan", 32, false},
    {"росси", 33, false}, {"ресей", 33, false}, {"russia", 33, false},
    {NULL, 0, false}};

/* ---- the phrases ----------------------------------------------------------------- */

typedef struct phrase {
    char        lang[3];
    const char *from;          /* words: "word", "beginning*", or alone "*ending" */
    const char *to;            /* canonical words; "$": the word without its ending */
} phrase;

static const phrase phrases[] = {
    /* English: places */
    {"en", "kazakh capital", "astana"}, {"en", "capital of kazakhstan", "astana"},
    {"en", "kazakhstan s capital", "astana"}, {"en", "nur sultan", "astana"},
    {"en", "southern capital", "almaty"}, {"en", "kazakhstan s southern capital", "almaty"},
    {"en", "kazakhstan s largest city", "almaty"}, {"en", "largest city", "almaty"},
    {"en", "venezuelan capital", "caracas"}, {"en", "capital of venezuela", "caracas"},
    {"en", "capital*", "astana"}, {"en", "kazakh", "kazakhstan"},
    {"en", "the country s", "kazakhstan"}, {"en", "the country", "kazakhstan"},
    /* English: numbers */
    {"en", "one", "1"}, {"en", "two", "2"}, {"en", "three", "3"}, {"en", "four", "4"},
    {"en", "five", "5"}, {"en", "six", "6"}, {"en", "seven", "7"}, {"en", "eight", "8"},
    {"en", "nine", "9"}, {"en", "ten", "10"}, {"en", "twelve", "12"}, {"en", "fifteen", "15"},
    {"en", "twenty", "20"}, {"en", "thirty", "30"}, {"en", "forty", "40"}, {"en", "fifty", "50"},
    {"en", "sixty", "60"}, {"en", "seventy", "70"}, {"en", "eighty", "80"}, {"en", "ninety", "90"},
    {"en", "hundred", "100"}, {"en", "a quarter", "25 percent"}, {"en", "quarter", "25 percent"},
    {"en", "three in ten", "30 percent"}, {"en", "one in ten", "10 percent"},
    {"en", "one in five", "20 percent"}, {"en", "one in four", "25 percent"},
    {"en", "one in three", "33 percent"}, {"en", "a third", "33 percent"},
    {"en", "third", "33 percent"}, {"en", "half", "50 percent"}, {"en", "per cent", "percent"},
    {"en", "twice", "2 times"}, {"en", "double*", "2 times"}, {"en", "triple*", "3 times"},
    {"en", "threefold", "3 times"}, {"en", "twofold", "2 times"},
    /* English: what claims assert */
    {"en", "crime ridden", "crime"}, {"en", "criminal*", "crime"}, {"en", "dangerous", "crime"},
    {"en", "violent", "crime"}, {"en", "unsafe", "crime"}, {"en", "as dangerous as", "crime like"},
    {"en", "as crime ridden as", "crime like"}, {"en", "as violent as", "crime like"},
    {"en", "as unsafe as", "crime like"}, {"en", "as criminal as", "crime like"},
    {"en", "rival", "like"}, {"en", "rivals", "like"}, {"en", "rivalled", "like"},
    {"en", "comparable to", "like"}, {"en", "comparable with", "like"},
    {"en", "on a par with", "like"}, {"en", "on par with", "like"}, {"en", "similar to", "like"},
    {"en", "no different from", "like"}, {"en", "not unlike", "like"}, {"en", "much like", "like"},
    {"en", "just like", "like"}, {"en", "the same as", "like"}, {"en", "on a level with", "like"},
    {"en", "that of", ""},
    {"en", "salary", "wages"}, {"en", "salaries", "wages"}, {"en", "pay", "wages"},
    {"en", "earnings", "wages"}, {"en", "takes home", "wages"}, {"en", "take home", "wages"},
    {"en", "income", "wages"}, {"en", "incomes", "wages"}, {"en", "wage", "wages"},
    {"en", "are up", "rose"}, {"en", "is up", "rose"}, {"en", "was up", "rose"},
    {"en", "were up", "rose"}, {"en", "up by", "rose by"}, {"en", "jumped", "rose"},
    {"en", "climbed to", "reached"}, {"en", "climbed", "rose"}, {"en", "increased", "rose"},
    {"en", "grew", "rose"}, {"en", "soared", "rose"}, {"en", "surged", "rose"},
    {"en", "went up", "rose"}, {"en", "percent more", "percent rose"},
    {"en", "higher", "rose"},
    {"en", "rise", "rose"}, {"en", "risen", "rose"}, {"en", "rising", "rose"},
    {"en", "fall", "fell"}, {"en", "fallen", "fell"}, {"en", "falling", "fell"},
    {"en", "dropped", "fell"}, {"en", "declined", "fell"}, {"en", "decreased", "fell"},
    {"en", "plunged", "fell"}, {"en", "shrank", "fell"}, {"en", "halved", "fell by 50 percent"},
    {"en", "half as much", "fell by 50 percent"},
    {"en", "cut in half", "fell by 50 percent"}, {"en", "cut by half", "fell by 50 percent"},
    {"en", "year on year", "in a year"}, {"en", "on a year earlier", "in a year"},
    {"en", "a year earlier", "in a year"}, {"en", "12 months ago", "a year ago"},
    {"en", "12 months", "a year"}, {"en", "annually", "a year"}, {"en", "every year", "a year"},
    {"en", "each year", "a year"}, {"en", "per year", "a year"}, {"en", "past year", "last year"},
    {"en", "crude oil", "oil"}, {"en", "crude", "oil"}, {"en", "foreign sales", "exports"},
    {"en", "sales abroad", "exports"}, {"en", "shipped", "exports"},
    {"en", "shipments", "exports"},
    {"en", "polluted air", "smog"}, {"en", "air pollution", "smog"}, {"en", "haze", "smog"},
    {"en", "die", "kills"}, {"en", "died", "kills"}, {"en", "deaths", "kills people"},
    {"en", "lives", "people"}, {"en", "residents", "people"}, {"en", "citizens", "people"},
    {"en", "surveillance cameras", "cameras"}, {"en", "smart cameras", "cameras"},
    {"en", "cctv cameras", "cameras"}, {"en", "capable of analysing video", "video analytics"},
    {"en", "analysing video", "video analytics"}, {"en", "video analysis", "video analytics"},
    {"en", "ai powered", "video analytics"},
    {"en", "home loan*", "mortgage"}, {"en", "housing loan*", "mortgage"},
    {"en", "mortgages", "mortgage"}, {"en", "interest rate*", "rates"}, {"en", "interest", "rates"},
    {"en", "face", "reached"}, {"en", "stand at", "reached"}, {"en", "stands at", "reached"},
    {"en", "travellers", "passengers"}, {"en", "travelers", "passengers"},
    {"en", "passenger traffic", "passengers"}, {"en", "passed through", "handled"},
    {"en", "air gateway", "airport"},
    {"en", "young people", "youth"}, {"en", "young", "youth"}, {"en", "out of work", "unemployment"},
    {"en", "jobless", "unemployment"}, {"en", "unemployed", "unemployment"},
    {"en", "cannot find a job", "unemployment"}, {"en", "can t find a job", "unemployment"},
    {"en", "unable to find a job", "unemployment"}, {"en", "unable to find work", "unemployment"},
    {"en", "cannot find work", "unemployment"}, {"en", "without a job", "unemployment"},
    {"en", "without work", "unemployment"},
    /* English: more of a desk's everyday words for the same */
    {"en", "twelve months", "a year"}, {"en", "previous year", "last year"},
    {"en", "prior year", "last year"}, {"en", "over the year", "in a year"},
    {"en", "within a year", "in a year"}, {"en", "in just a year", "in a year"},
    {"en", "paychecks", "wages"}, {"en", "pay packets", "wages"}, {"en", "pay cheques", "wages"},
    {"en", "earn", "wages"}, {"en", "earns", "wages"}, {"en", "earning", "wages"},
    {"en", "paid", "wages"}, {"en", "air hub", "airport"}, {"en", "airport s", "airport"},
    {"en", "served", "handled"}, {"en", "processed", "handled"}, {"en", "welcomed", "handled"},
    {"en", "flyers", "passengers"}, {"en", "fliers", "passengers"},
    {"en", "air travellers", "passengers"}, {"en", "have no job", "unemployment"},
    {"en", "has no job", "unemployment"}, {"en", "have no work", "unemployment"},
    {"en", "out of a job", "unemployment"}, {"en", "without jobs", "unemployment"},
    {"en", "joblessness", "unemployment"}, {"en", "put up", "installed"},
    {"en", "set up", "installed"}, {"en", "mounted", "installed"}, {"en", "deployed", "installed"},
    {"en", "rolled out", "installed"}, {"en", "fitted", "installed"},
    {"en", "cctv", "cameras"}, {"en", "toxic air", "smog"}, {"en", "dirty air", "smog"},
    {"en", "pollution", "smog"}, {"en", "claims the lives of", "kills"},
    {"en", "claims lives", "kills people"}, {"en", "premature deaths", "kills people"},
    {"en", "hit", "reached"}, {"en", "touched", "reached"}, {"en", "petroleum", "oil"},
    {"en", "crime rate*", "crime"}, {"en", "crime level*", "crime"}, {"en", "lawless*", "crime"},
    {"en", "no safer than", "crime like"}, {"en", "as bad as", "like"},
    {"en", "sank", "fell"}, {"en", "slumped", "fell"}, {"en", "tumbled", "fell"},

    /* Russian: places */
    {"ru", "столиц* казахстан*", "астана"}, {"ru", "казахстанск* столиц*", "астана"},
    {"ru", "нур султан*", "астана"}, {"ru", "южн* столиц*", "алматы"},
    {"ru", "столиц* венесуэл*", "каракас"}, {"ru", "венесуэльск* столиц*", "каракас"},
    {"ru", "венесуэльск*", "каракас"}, {"ru", "столиц*", "астана"}, {"ru", "алматинц*", "алматы"},
    {"ru", "алматинк*", "алматы"}, {"ru", "алматинск*", "алматы"}, {"ru", "астанчан*", "астана"},
    {"ru", "шымкентц*", "шымкент"}, {"ru", "шымкентск*", "шымкент"},
    {"ru", "казахстанк*", "женщины казахстан"}, {"ru", "казахстанц*", "казахстан"},
    {"ru", "в стране", "в казахстан"},
    /* Russian: numbers */
    {"ru", "один", "1"}, {"ru", "одна", "1"}, {"ru", "два", "2"}, {"ru", "две", "2"},
    {"ru", "двух", "2"}, {"ru", "три", "3"}, {"ru", "трёх", "3"}, {"ru", "трех", "3"},
    {"ru", "четыре", "4"}, {"ru", "четырёх", "4"}, {"ru", "четырех", "4"}, {"ru", "пять", "5"},
    {"ru", "пяти", "5"}, {"ru", "шесть", "6"}, {"ru", "шести", "6"}, {"ru", "семь", "7"},
    {"ru", "семи", "7"}, {"ru", "восемь", "8"}, {"ru", "восьми", "8"}, {"ru", "девять", "9"},
    {"ru", "девяти", "9"}, {"ru", "десять", "10"}, {"ru", "десяти", "10"},
    {"ru", "двенадцать", "12"}, {"ru", "двенадцати", "12"}, {"ru", "пятнадцать", "15"},
    {"ru", "пятнадцати", "15"}, {"ru", "двадцать", "20"}, {"ru", "двадцати", "20"},
    {"ru", "тридцать", "30"}, {"ru", "тридцати", "30"}, {"ru", "сорок", "40"}, {"ru", "сорока", "40"},
    {"ru", "пятьдесят", "50"}, {"ru", "пятидесяти", "50"}, {"ru", "шестьдесят", "60"},
    {"ru", "шестидесяти", "60"}, {"ru", "семьдесят", "70"}, {"ru", "семидесяти", "70"},
    {"ru", "восемьдесят", "80"}, {"ru", "восьмидесяти", "80"}, {"ru", "девяносто", "90"},
    {"ru", "девяноста", "90"}, {"ru", "сто", "100"},
    {"ru", "процента", "процентов"}, {"ru", "процент", "процентов"},
    {"ru", "втрое", "в 3 раза"}, {"ru", "троекратно", "в 3 раза"}, {"ru", "вдвое", "в 2 раза"},
    {"ru", "двукратно", "в 2 раза"}, {"ru", "каждое второе", "50 процентов"},
    {"ru", "каждый второй", "50 процентов"},
    {"ru", "половин*", "50 процентов"}, {"ru", "треть", "33 процента"},
    {"ru", "трети", "33 процента"}, {"ru", "вчетверо", "в 4 раза"}, {"ru", "каждый пятый", "20 процентов"},
    /* Russian: what claims assert */
    {"ru", "криминал*", "преступность"}, {"ru", "криминоген*", "преступность"},
    {"ru", "преступлен*", "преступность"}, {"ru", "опасн*", "преступность"},
    {"ru", "опаснее всего", "самый преступность"}, {"ru", "так же", ""},
    {"ru", "ничем не уступает", "как"}, {"ru", "не уступает", "как"}, {"ru", "сравним*", "как"},
    {"ru", "сопоставим*", "как"}, {"ru", "похож* на", "как"}, {"ru", "лидирует*", "самый"},
    {"ru", "наиболее", "самый"}, {"ru", "больше всего", "самый"},
    {"ru", "перв* мест*", "самый"}, {"ru", "столичн*", "астана"},
    {"ru", "заработк*", "зарплата"}, {"ru", "заработн* плат*", "зарплата"},
{"ru", "оклад*", "зарплата"}, {"ru", "доход*", "зарплата"},
    {"ru", "получает", "зарплата"}, {"ru", "получают", "зарплата"},
    {"ru", "увеличил*", "выросла"}, {"ru", "прибавил*", "выросла"}, {"ru", "больше", "выросла"},
    {"ru", "подскочил*", "выросла"}, {"ru", "повыс*", "поднимут"}, {"ru", "вырастет", "поднимут"},
    {"ru", "12 месяцев", "год"}, {"ru", "год назад", "год"}, {"ru", "ежегодно", "в год"},
    {"ru", "каждый год", "в год"},
    {"ru", "водопроводн* вод*", "вода из под крана"}, {"ru", "из кран*", "из под крана"},
    {"ru", "из водопровода", "из под крана"},
    {"ru", "не годится для питья", "непригодна для питья"},
    {"ru", "не пригодна для питья", "непригодна для питья"},
    {"ru", "нельзя пить", "непригодна для питья"}, {"ru", "пить нельзя", "непригодна для питья"},
    {"ru", "утроил*", "подорожали в 3 раза"}, {"ru", "дороже", "подорожали"},
    {"ru", "выросл* в цене", "подорожали"}, {"ru", "стоимость проезда", "билеты"},
    {"ru", "проезд*", "билеты"}, {"ru", "железнодорожн* билет*", "билеты на поезд"},
    {"ru", "пенсионн* возраст*", "пенсионный возраст"},
    {"ru", "пенсионн* планк*", "пенсионный возраст"},
    {"ru", "выйти на пенсию", "пенсионный возраст"}, {"ru", "уйти на пенсию", "пенсионный возраст"},
    {"ru", "уходить на пенсию", "пенсионный возраст"}, {"ru", "выход* на пенсию", "пенсионный возраст"},
    {"ru", "на заслуженный отдых", "пенсионный возраст"}, {"ru", "не раньше", "до"},
    {"ru", "не ранее", "до"},
    {"ru", "загрязн* воздух*", "смог"}, {"ru", "уносит жизни", "убивает"},
    {"ru", "уносят жизни", "убивает"}, {"ru", "сводит в могилу", "убивает"},
    {"ru", "умира*", "убивает"}, {"ru", "гибн*", "убивает"}, {"ru", "погиба*", "убивает"},
    {"ru", "смертей", "убивает человек"}, {"ru", "горожан*", "человек"}, {"ru", "жителей", "человек"},
    {"ru", "умн* камер*", "камер видеоаналитики"}, {"ru", "видеоанализ*", "видеоаналитики"},
    {"ru", "смонтирова*", "установили"}, {"ru", "обзавел*", "установили"},
    {"ru", "монтаж*", "установили"}, {"ru", "установ*", "установили"}, {"ru", "интеллектуальн* камер*", "камер видеоаналитики"},
    {"ru", "анализировать видео*", "видеоаналитики"},
    /* Russian: more of a desk's everyday words for the same */
    {"ru", "двенадцать месяцев", "год"}, {"ru", "за последний год", "за год"},
    {"ru", "за минувший год", "за год"}, {"ru", "за прошедший год", "за год"},
    {"ru", "за истекший год", "за год"}, {"ru", "сарыаркинск*", "сарыарка"},
    {"ru", "небезопасн*", "преступность"}, {"ru", "бандит*", "преступность"},
    {"ru", "словно в", "как в"}, {"ru", "будто в", "как в"}, {"ru", "точно как", "как"},
    {"ru", "не лучше чем в", "как в"}, {"ru", "не безопаснее чем в", "как в"},
    {"ru", "не безопаснее", "как"}, {"ru", "на уровне", "как"}, {"ru", "на одном уровне с", "как"},
    {"ru", "ничем не отличается от", "как"}, {"ru", "не отличается от", "как"},
    {"ru", "жалованье", "зарплата"}, {"ru", "жалованья", "зарплата"}, {"ru", "получк*", "зарплата"},
    {"ru", "зарабатыва*", "зарплата"}, {"ru", "заработал*", "зарплата"},
    {"ru", "стоимость билетов", "билеты"}, {"ru", "цены на билеты", "билеты"},
    {"ru", "цена билета", "билеты"}, {"ru", "ж д билеты", "билеты на поезд"},
    {"ru", "увеличат", "поднимут"}, {"ru", "поднимется", "поднимут"}, {"ru", "сдвинут", "поднимут"},
    {"ru", "грязн* воздух*", "смог"}, {"ru", "смертельн*", "убивает"},
    {"ru", "смарт камер*", "камер видеоаналитики"}, {"ru", "поставили", "установили"},
    {"ru", "разместили", "установили"}, {"ru", "смонтировали", "установили"},
    {"ru", "с искусственным интеллектом", "видеоаналитики"},
    {"ru", "питьев*", "для питья"},

    /* Kazakh: places */
    {"kk", "венесуэла* астана*", "каракас"}, {"kk", "оңтүстік астана*", "алматы"},
    {"kk", "қазақстан астана*", "астана"}, {"kk", "елорда*", "астана"},
    /* Kazakh: numbers */
    {"kk", "бір", "1"}, {"kk", "екі", "2"}, {"kk", "үш", "3"}, {"kk", "төрт", "4"}, {"kk", "бес", "5"},
    {"kk", "алты", "6"}, {"kk", "жеті", "7"}, {"kk", "сегіз", "8"}, {"kk", "тоғыз", "9"},
    {"kk", "он", "10"}, {"kk", "жиырма", "20"}, {"kk", "отыз", "30"}, {"kk", "қырық", "40"},
    {"kk", "елу", "50"}, {"kk", "алпыс", "60"}, {"kk", "жетпіс", "70"}, {"kk", "сексен", "80"},
    {"kk", "тоқсан", "90"}, {"kk", "жүз", "100"},
    {"kk", "бірі", "1"}, {"kk", "екеуі", "2"}, {"kk", "үштен бірі", "33 пайыз"},
    {"kk", "төрттен бірі", "25 пайыз"}, {"kk", "бестен бір*", "20 пайыз"}, {"kk", "әр бесінші", "20 пайыз"},
    {"kk", "әрбір бесінші", "20 пайыз"}, {"kk", "әрбір екінші*", "50 пайыз"},
    {"kk", "әр екінші*", "50 пайыз"}, {"kk", "тең жартысы", "50 пайыз"},
    {"kk", "жарты*", "50 пайыз"},
    /* Kazakh: what claims assert */
    {"kk", "тең түс*", "сияқты"}, {"kk", "кем түспейді", "сияқты"}, {"kk", "кем емес", "сияқты"},
    {"kk", "секілді", "сияқты"}, {"kk", "салыстыр*", "сияқты"}, {"kk", "бірдей", "сияқты"}, {"kk", "ұқсас*", "сияқты"},
    {"kk", "*тағыдай", "$ сияқты"}, {"kk", "*дағыдай", "$ сияқты"},
    {"kk", "*тегідей", "$ сияқты"}, {"kk", "*дегідей", "$ сияқты"},
    {"kk", "құны", "бағасы"}, {"kk", "құнының", "бағасы"}, {"kk", "еселенді", "есе қымбаттады"},
    {"kk", "көп ақша төле*", "қымбаттады"}, {"kk", "білім ошақ*", "мектептер"},
    {"kk", "құлау қаупі", "апатты жағдайда"}, {"kk", "апатты күй*", "апатты жағдайда"},
    {"kk", "көгілдір отын*", "газ"}, {"kk", "тариф*", "бағасы"}, {"kk", "қымбаттайды", "өседі"},
    {"kk", "артады", "өседі"}, {"kk", "өсу*", "өседі"}, {"kk", "өсім*", "өседі"}, {"kk", "көп төлей*", "өседі"}, {"kk", "көтеріледі", "өседі"},
    {"kk", "жұмыс таба алмай*", "жұмыссыздық"}, {"kk", "жұмысы жоқ", "жұмыссыздық"}, {"kk", "жұмыссыз*", "жұмыссыздық"},
    {"kk", "көтерілді", "жетті"},
    {"kk", "кеуіп", "тартылып бітеді"}, {"kk", "құрғап", "тартылып бітеді"},
    {"kk", "құрғайды", "тартылып бітеді"}, {"kk", "жойылып кетеді", "тартылып бітеді"},
    {"kk", "жыл ішінде", "жылда"}, {"kk", "бітеті*", "бітеді"},
    {"kk", "автомагистраль*", "тас жолы"}, {"kk", "трасса*", "тас жолы"}, {"kk", "республикалық маңызы бар жол*", "тас жолы"},
    {"kk", "түгелдей", "толық"}, {"kk", "толығымен", "толық"}, {"kk", "жөндеуден өтті", "жөнделді"},
    {"kk", "жөндеу жұмыстары", "жөнделді"}, {"kk", "амбулатория*", "жерлерде"},
    {"kk", "елді мекен*", "жерлерде"}, {"kk", "медициналық мекеме*", ""},
    {"kk", "толтырылмаған", "жетіспейді"},
    {"kk", "тапшы*", "жетіспейді"},
    {"kk", "жоққа шығар*", "теріске шығарды"},     /* "refuted", as the scan knows it */
    /* Kazakh: more of a desk's everyday words for the same */
    {"kk", "криминогендік", "қылмыс"}, {"kk", "қауіпті", "қылмыс"}, {"kk", "ұқсай*", "сияқты"},
    {"kk", "айырмашылығы жоқ", "сияқты"}, {"kk", "еселен*", "есе қымбаттады"},
    {"kk", "есе өсті", "есе қымбаттады"}, {"kk", "құлағалы тұр*", "апатты жағдайда"},
    {"kk", "шегіне шықты", "жетті"}, {"kk", "шегіне жетті", "жетті"}, {"kk", "құрады", "жетті"},
    {"kk", "онжылдық*", "10 жылда"}, {"kk", "тартылады", "тартылып бітеді"},
    {"kk", "жоғалады", "тартылып бітеді"}, {"kk", "жойылады", "тартылып бітеді"},
    {"kk", "таусылады", "тартылып бітеді"}, {"kk", "құрып бітеді", "тартылып бітеді"},
    {"kk", "жөнделіп бітті", "толық жөнделді"}, {"kk", "жөндеу аяқталды", "толық жөнделді"},
    {"kk", "күре жол*", "тас жолы"}, {"kk", "ауылдарда", "ауылдық жерлерде"},
    {"kk", "ауылдағы", "ауылдық жерлерде"}, {"kk", "ауыл медицина*", "ауылдық жерлерде"},
    {"kk", "бос тұр*", "жетіспейді"}, {"kk", "бос қалған", "жетіспейді"},
    {"kk", "бос орын*", "жетіспейді"},
};

/* Kazakh endings taken off a word (longest first), so that at least
   three letters stay: plural, possessive, case, and the participle and
   verbal noun of a verb ("жеткен", "жетуі" → "жет", as "жетті"); after a
   case ending, a possessive one too ("бағасының" → "бағасы" → "баға"). */
static const char *const kk_endings[] = {
    "ғандықтан", "гендіктен", "қандықтан", "кендіктен", "ларының", "лерінің", "дарының",
    "дерінің", "тарының", "терінің", "лардың", "лердің", "дардың", "дердің", "тардың", "тердің", "ларына", "леріне", "ларға", "лерге", "дарға",
    "дерге", "тарға", "терге", "ларда", "лерде", "дарда", "дерде", "тарда", "терде", "ларды",
    "лерді", "дарды", "дерді", "тарды", "терді", "дағы", "дегі", "тағы", "тегі", "лары", "лері",
    "дары", "дері", "тары", "тері", "ның", "нің", "дың", "дің", "тың", "тің", "нан", "нен",
    "дан", "ден", "тан", "тен", "лар", "лер", "дар", "дер", "тар", "тер", "мен", "бен", "пен",
    "ға", "ге", "қа", "ке", "на", "не", "да", "де", "та", "те", "ды", "ді", "ты", "ті", "ны",
    "ні", "сы", "сі", "ған", "ген", "қан", "кен", "уі", "ы", "і", "у", NULL};

/* A Kazakh verb that denies keeps its ending: the scan reads the denial
   from it (ct_lexicon_kk_negative); so does "жалған" (kk_not_participles). */
const char *const ct_lexicon_negations[] = {
    "не", "нет", "ни", "никак", "вовсе", "емес", "жоқ", "not", "no", "never", "nothing",
    "nowhere", "cannot", "isn", "wasn", "aren", "weren", "didn", "doesn", "don", "hasn",
    "haven", "hadn", "couldn", "wouldn", "shouldn", "mustn", "needn", "mightn", NULL};

const char *const ct_lexicon_kk_denials_after[] = {
    "емес", "емеспін", "емеспіз", "емессің", "емессіз", "емессіңдер", "емессіздер",
    "жоқ", "жоқпын", "жоқпыз", "жоқсың", "жоқсыз", "жоқсыңдар", "жоқсыздар", NULL};

const char *const ct_lexicon_modals[][2] = {
    {"will", "will"}, {"would", "would"}, {"wouldn", "would"},
    {"shall", "shall"}, {"shan", "shall"}, {"may", "may"}, {"might", "might"},
    {"mightn", "might"}, {"could", "could"}, {"couldn", "could"}, {"should", "should"},
    {"shouldn", "should"}, {"must", "must"}, {"mustn", "must"}, {"can", "can"},
    {"cannot", "can"}, {"будет", "будет"}, {"будут", "будет"}, {"буду", "будет"},
    {"будем", "будет"}, {"будете", "будет"}, {"будешь", "будет"}, {"бы", "бы"},
    {"может", "может"}, {"могут", "может"}, {"мог", "мог"}, {"могла", "мог"},
    {"могло", "мог"}, {"могли", "мог"}, {"должен", "должен"}, {"должна", "должен"},
    {"должно", "должен"}, {"должны", "должен"}, {NULL, NULL}};

const char *const ct_lexicon_not_denying[][2] = {
    {"not", "only"}, {"not", "just"}, {"not", "merely"}, {"не", "только"}, {"не", "лишь"},
    {"не", "просто"}, {"ни", "много"}, {"ни", "мало"}, {NULL, NULL}};

const char *const ct_lexicon_denying_prefixes[] = {
    "un", "in", "im", "il", "ir", "dis", "non", "anti", "без", "бес", "анти", NULL};

const char *const ct_lexicon_kk_negative[] = {
    "майды", "мейді", "пайды", "пейді", "маған", "меген", "баған", "беген", "паған", "пеген",
    "мады", "меді", "пады", "педі",
    "маймын", "меймін", "паймын", "пеймін", "маймыз", "мейміз", "паймыз", "пейміз",
    "майсың", "мейсің", "пайсың", "пейсің", "мадым", "медім", "падым", "педім",
    "мадық", "медік", "падық", "педік", "мадың", "медің", "падың", "педің", NULL};

/* Words that end as a participle and are none: "жалған" (false) is no
   form of "жал"; kept whole with whatever follows, for the scan's
   denials. */
static const char *const kk_not_participles[] = {"жалған", NULL};

/* Whether a word starts with one of list's words (NULL-ended). */
static bool starts_with_any(const char *word, size_t len, const char *const *list)
{
    for (size_t k = 0; list[k]; k++) {
        size_t n = strlen(list[k]);
        if (len >= n && memcmp(word, list[k], n) == 0)
            return true;
    }
    return false;
}

/* Whether a Kazakh word keeps its ending in the comparison form: a verb
   that denies, or a word that only looks like a participle. */
static bool kk_keeps_ending(const char *word, size_t len)
{
    return starts_with_any(word, len, kk_not_participles) ||
           ct_lexicon_ending(word, len, ct_lexicon_kk_negative, 1) != 0;
}

/* ---- words ----------------------------------------------------------------------- */

typedef struct wordlist {
    char  **w;
    size_t  n, cap;
} wordlist;

bool ct_lexicon_word_char(int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
           c == UTF8PROC_CATEGORY_ND || c == UTF8PROC_CATEGORY_MN;
}

static bool push_word(wordlist *l, ct_buf *word)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        char **w = realloc(l->w, cap * sizeof *w);
        if (w == NULL)
            return false;
        l->w = w;
        l->cap = cap;
    }
    char *s = ct_buf_take(word);
    if (s == NULL)
        return false;
    l->w[l->n++] = s;
    return true;
}

static void words_free(wordlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->w[i]);
    free(l->w);
}

/* The lower-cased words of text[0, len). */
static bool split(const char *text, size_t len, wordlist *out)
{
    ct_buf word = CT_BUF_INIT;
    bool ok = true;

    for (size_t at = 0; ok && at <= len;) {
        utf8proc_int32_t cp = -1;
        utf8proc_ssize_t k = at < len ? utf8proc_iterate((const utf8proc_uint8_t *)text + at,
                                                         (utf8proc_ssize_t)(len - at), &cp)
                                      : 0;
        bool letter = k > 0 && ct_lexicon_word_char(cp);
        if (letter) {
            utf8proc_uint8_t enc[4];
            utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_tolower(cp), enc);
            ct_buf_append_len(&word, (const char *)enc, (size_t)m);
            ok = !word.failed;
        } else if (word.len > 0) {
            ok = push_word(out, &word);
        }
        if (k <= 0)
            break;
        at += (size_t)k;
    }
    ct_buf_free(&word);
    return ok;
}

/* ---- matching a phrase ----------------------------------------------------------- */

static bool ends_with(const char *word, const char *ending, size_t n)
{
    size_t len = strlen(word);
    return len > n && memcmp(word + len - n, ending, n) == 0;
}

/* Whether one word of a phrase (pattern[0, n)) matches word. */
static bool token_matches(const char *pattern, size_t n, const char *word)
{
    if (n > 0 && pattern[n - 1] == '*')
        return strncmp(word, pattern, n - 1) == 0;
    return strlen(word) == n && memcmp(word, pattern, n) == 0;
}

/* How many words of w from at the phrase takes (0: it does not match). */
static size_t phrase_length(const char *from, const wordlist *w, size_t at)
{
    size_t taken = 0;
    if (from[0] == '*')
        return ends_with(w->w[at], from + 1, strlen(from + 1)) ? 1 : 0;
    for (const char *p = from; *p; taken++) {
        size_t n = strcspn(p, " ");
        if (at + taken >= w->n || !token_matches(p, n, w->w[at + taken]))
            return 0;
        p += n;
        p += *p == ' ';
    }
    return taken;
}

/* Whether phrase p could start at word: its first word's first two bytes
   (all phrases but "*ending" ones begin with at least two fixed bytes),
   the check that spares comparing most phrases word by word. */
static bool may_start(const phrase *p, const char *word)
{
    return p->from[0] == '*' || (word[0] == p->from[0] && word[0] != '\0' && word[1] == p->from[1]);
}

/* The phrase of the language taking most words from at (NULL: none). */
static const phrase *longest_phrase(const char *lang, const wordlist *w, size_t at, size_t *taken)
{
    const phrase *best = NULL;
    *taken = 0;
    for (size_t i = 0; i < sizeof phrases / sizeof *phrases; i++) {
        if (memcmp(phrases[i].lang, lang, 2) != 0 || !may_start(&phrases[i], w->w[at]))
            continue;
        size_t n = phrase_length(phrases[i].from, w, at);
        if (n > *taken) {
            best = &phrases[i];
            *taken = n;
        }
    }
    return best;
}

/* ---- Kazakh endings --------------------------------------------------------------- */

static size_t letters(const char *s, size_t bytes)
{
    size_t n = 0;
    for (size_t i = 0; i < bytes; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

size_t ct_lexicon_ending(const char *word, size_t len, const char *const *endings,
                         size_t min_letters)
{
    for (size_t k = 0; endings[k]; k++) {
        size_t n = strlen(endings[k]);
        if (len > n && memcmp(word + len - n, endings[k], n) == 0 &&
            letters(word, len - n) >= min_letters)
            return n;
    }
    return 0;
}

bool ct_lexicon_kk_lacks(const char *word, size_t len)
{
    static const char *const privative[] = {"сыз", "сіз", NULL};

    for (size_t k = 0; privative[k]; k++) {
        size_t n = strlen(privative[k]);
        for (const char *at = strstr(word, privative[k]); at && (size_t)(at - word) + n <= len;
             at = strstr(at + 1, privative[k])) {
            size_t before = (size_t)(at - word), after = len - before - n;
            if (letters(word, before) >= 3 && letters(at + n, after) <= 4)
                return true;
        }
    }
    return false;
}

/* The bytes of the Kazakh ending word[0, len) ends with (0: none), if
   three letters stay before it. */
static size_t kk_ending(const char *word, size_t len)
{
    return ct_lexicon_ending(word, len, kk_endings, 3);
}

/* Whether ending[0, n) is a case ending: it leaves a possessive ending
   that may be taken off too. */
static bool kk_case(const char *ending, size_t n)
{
    static const char *const cases[] = {
        "ның", "нің", "на", "не", "да", "де", "дағы", "дегі", "нан", "нен", "мен", NULL};
    for (size_t k = 0; cases[k]; k++)
        if (strlen(cases[k]) == n && memcmp(ending, cases[k], n) == 0)
            return true;
    return false;
}

/* The bytes of the possessive ending word[0, len) ends with (0: none). */
static size_t kk_possessive(const char *word, size_t len)
{
    static const char *const possessive[] = {"сы", "сі", "ы", "і", NULL};
    return ct_lexicon_ending(word, len, possessive, 3);
}

/* ---- the comparison form ------------------------------------------------------------ */

/* ---- places and numbers ----------------------------------------------------------- */

/* The id of the place word names (-1: none). */
static int place_of(const char *word)
{
    for (size_t p = 0; ct_lexicon_places[p].prefix; p++)
        if (strncmp(word, ct_lexicon_places[p].prefix, strlen(ct_lexicon_places[p].prefix)) == 0)
            return ct_lexicon_places[p].id;
    return -1;
}

const char *ct_lexicon_number_language(const char *word)
{
    for (const phrase *p = phrases; p < phrases + sizeof phrases / sizeof phrases[0]; p++)
        if (strcmp(p->from, word) == 0 && strspn(p->to, "0123456789") == strlen(p->to))
            return p->lang;
    return NULL;
}

int ct_lexicon_month_of(const char *word)
{
    /* Russian and Kazakh by their stems, which take endings ("июня",
       "мамырда"); May in Russian, English, and the abbreviations of both
       ("сент.", "Sept.") whole ("мама" is no month, nor "mar" or "may"
       within a longer word, nor "дека" or "октава"). */
    static const struct { const char *word; int month; bool stem; } months[] = {
        {"январ", 1, true}, {"феврал", 2, true}, {"март", 3, true}, {"апрел", 4, true},
        {"май", 5, false}, {"мая", 5, false}, {"мае", 5, false}, {"маю", 5, false},
        {"маем", 5, false}, {"июн", 6, true}, {"июл", 7, true}, {"август", 8, true},
        {"сентябр", 9, true}, {"октябр", 10, true}, {"ноябр", 11, true}, {"декабр", 12, true},
        {"қаңтар", 1, true}, {"ақпан", 2, true}, {"наурыз", 3, true}, {"сәуір", 4, true},
        {"мамыр", 5, true}, {"маусым", 6, true}, {"шілде", 7, true}, {"тамыз", 8, true},
        {"қыркүйек", 9, true}, {"қазан", 10, true}, {"қараша", 11, true}, {"желтоқсан", 12, true},
        {"january", 1, false}, {"february", 2, false}, {"march", 3, false}, {"april", 4, false},
        {"may", 5, false}, {"june", 6, false}, {"july", 7, false}, {"august", 8, false},
        {"september", 9, false}, {"october", 10, false}, {"november", 11, false},
        {"december", 12, false}, {"jan", 1, false}, {"feb", 2, false}, {"mar", 3, false},
        {"apr", 4, false},
        {"jun", 6, false}, {"jul", 7, false}, {"aug", 8, false}, {"sep", 9, false},
        {"sept", 9, false}, {"oct", 10, false}, {"nov", 11, false}, {"dec", 12, false},
        {"янв", 1, false}, {"фев", 2, false}, {"февр", 2, false}, {"апр", 4, false},
        {"авг", 8, false}, {"сент", 9, false}, {"окт", 10, false}, {"нояб", 11, false},
        {"дек", 12, false}};

    for (size_t i = 0; i < sizeof months / sizeof months[0]; i++) {
        size_t n = strlen(months[i].word);
        if (strncmp(word, months[i].word, n) == 0 && (months[i].stem || word[n] == '\0'))
            return months[i].month;
    }
    return 0;
}

const char *const ct_lexicon_ru_number_endings[] = {
    "и", "ью", "ю", "ь", "а", "у", "х", "м", "ух", "ум", "умя", "мя", "ёх", "ём", "ех", "ем", "емя",
    "ьмя", NULL};

const char *const ct_lexicon_ru_one_endings[] = {
    "ого", "ому", "им", "ом", "ой", "ну", "на", "но", "ни", "них", "ним", "ними", "ной", "ного",
    "ному", "ном", NULL};

const char *const ct_lexicon_kk_number_extensions[] = {"піс", "пыс", "нші", "ншы", "неше", NULL};

const char *const ct_lexicon_opposites[][2] = {
    {"up", "down"}, {"increase", "decrease"}, {"increased", "decreased"},
    {"increases", "decreases"}, {"increasing", "decreasing"}, {"import", "export"},
    {"imports", "exports"}, {"imported", "exported"}, {"inflow", "outflow"},
    {"inflows", "outflows"}, {"за", "против"}, {"до", "после"},
    /* another speaker or subject */
    {"мы", "вы"}, {"он", "она"}, {"он", "они"}, {"она", "они"}, {"біз", "сіз"},
    {"we", "you"}, {"he", "she"}, {"his", "her"},
    /* another time: what is, said of what was */
    {"is", "was"}, {"are", "were"}, {NULL, NULL}};

const char *const ct_lexicon_en_number_suffixes[] = {
    "teen", "een", "ty", "y", "th", "h", "s", "fold", NULL};

int ct_lexicon_place_id(const char *word)
{
    char *end = NULL;
    if (strncmp(word, "place", 5) != 0 || word[5] < '0' || word[5] > '9')
        return -1;
    long id = strtol(word + 5, &end, 10);
    return *end == '\0' && id < 64 ? (int)id : -1;
}

bool ct_lexicon_place_is_city(int id)
{
    for (size_t p = 0; ct_lexicon_places[p].prefix; p++)
        if (ct_lexicon_places[p].id == id)
            return ct_lexicon_places[p].city;
    return false;
}

static bool digits(const char *w)
{
    return w[0] && strspn(w, "0123456789") == strlen(w);
}

static unsigned long long multiplier(const char *word)
{
    static const struct { const char *prefix; unsigned long long times; } words[] = {
        {"тыс", 1000}, {"мың", 1000}, {"thousand", 1000}, {"млн", 1000000},
        {"миллион", 1000000}, {"million", 1000000}, {"млрд", 1000000000},
        {"миллиард", 1000000000}, {"billion", 1000000000}};
    for (size_t k = 0; k < sizeof words / sizeof *words; k++)
        if (strncmp(word, words[k].prefix, strlen(words[k].prefix)) == 0)
            return words[k].times;
    return 0;
}

/*
 * The number that starts at w->w[at], as one word of digits: groups of
 * three digits after a leading group of one to three continue it ("20
 * 000", "10,000"), and a following "тысяч", "мың", "million"... multiplies
 * it ("20 тысяч" and "20 000" are both "20000"); tens followed by units
 * are their sum ("60 5" from "шестидесяти пяти" is "65"). *taken: its
 * words.
 */
static void number_word(const wordlist *w, size_t at, char *out, size_t size, size_t *taken)
{
    unsigned long long value = strtoull(w->w[at], NULL, 10);
    size_t i = at;
    if (strlen(w->w[at]) <= 3)
        while (i + 1 < w->n && digits(w->w[i + 1]) && strlen(w->w[i + 1]) == 3 && value < 1000000000ULL)
            value = value * 1000 + strtoull(w->w[++i], NULL, 10);
    if (i == at && value >= 20 && value <= 90 && value % 10 == 0 && i + 1 < w->n &&
        strlen(w->w[i + 1]) == 1 && w->w[i + 1][0] >= '1' && w->w[i + 1][0] <= '9')
        value += strtoull(w->w[++i], NULL, 10);     /* "шестидесяти пяти", "twenty-five" */
    if (i + 1 < w->n && multiplier(w->w[i + 1]) && value < 1000000ULL)
        value *= multiplier(w->w[++i]);
    *taken = i - at + 1;
    if (strlen(w->w[at]) > 18)
        snprintf(out, size, "%.*s", (int)(size - 1), w->w[at]);
    else
        snprintf(out, size, "%llu", value);
}

/* ---- the comparison form ------------------------------------------------------------ */

/* Append one word (word[0, n)): a place as "place<id>" (see lexicon.h);
   a Kazakh word without its ending, unless it is a verb that denies. */
static void emit(ct_buf *out, const char *lang, const char *word, size_t n)
{
    if (n == 0)
        return;
    if (out->len > 0)
        ct_buf_append(out, " ");
    int place = place_of(word);
    if (place >= 0) {
        ct_buf_appendf(out, "place%d", place);
        return;
    }
    if (memcmp(lang, "kk", 2) == 0 && !kk_keeps_ending(word, n)) {
        size_t cut = kk_ending(word, n);
        n -= cut;
        if (cut > 0 && kk_case(word + n, cut))
            n -= kk_possessive(word, n);
    }
    /* the text's own "place7" (or "place7ның" without its ending) names no place */
    bool marker = n > 5 && strncmp(word, "place", 5) == 0 && strspn(word + 5, "0123456789") >= n - 5;
    ct_buf_append_len(out, word, marker ? 5 : n);
}

/* Push what phrase p replaces its words with; "$" is the first word
   without the ending the phrase names. */
static bool push_replacement(wordlist *out, const phrase *p, const char *word)
{
    bool ok = true;
    for (const char *t = p->to; ok && *t;) {
        size_t n = strcspn(t, " ");
        ct_buf one = CT_BUF_INIT;
        if (n == 1 && t[0] == '$')
            ct_buf_append_len(&one, word, strlen(word) - strlen(p->from + 1));
        else
            ct_buf_append_len(&one, t, n);
        ok = !one.failed && (one.len == 0 || push_word(out, &one));
        ct_buf_free(&one);
        t += n;
        t += *t == ' ';
    }
    return ok;
}

/* First pass: the phrases of the language replaced. */
static bool replace_phrases(const char *lang, const wordlist *in, wordlist *out)
{
    bool ok = true;
    for (size_t at = 0; ok && at < in->n;) {
        size_t taken = 0;
        const phrase *p = longest_phrase(lang, in, at, &taken);
        if (p) {
            ok = push_replacement(out, p, in->w[at]);
        } else {
            ct_buf one = CT_BUF_INIT;
            ct_buf_append(&one, in->w[at]);
            ok = !one.failed && push_word(out, &one);
            ct_buf_free(&one);
        }
        at += taken ? taken : 1;
    }
    return ok;
}

char *ct_lexicon_normalize(const char *language, const char *text, size_t len)
{
    wordlist raw = {0}, replaced = {0};
    ct_buf out = CT_BUF_INIT;
    char lang[3] = {0};
    char *result = NULL;

    for (int i = 0; i < 2 && language && language[i]; i++)
        lang[i] = (char)(language[i] >= 'A' && language[i] <= 'Z' ? language[i] + 32 : language[i]);
    if (split(text, len, &raw) && replace_phrases(lang, &raw, &replaced)) {
        for (size_t at = 0; at < replaced.n;) {       /* second pass: numbers, places, endings */
            size_t taken = 1;
            char number[32];
            if (digits(replaced.w[at])) {
                number_word(&replaced, at, number, sizeof number, &taken);
                emit(&out, lang, number, strlen(number));
            } else {
                emit(&out, lang, replaced.w[at], strlen(replaced.w[at]));
            }
            at += taken;
        }
        if (!out.failed)
            result = out.len ? ct_buf_take(&out) : strdup("");
    }
    ct_buf_free(&out);
    words_free(&raw);
    words_free(&replaced);
    return result;
}
