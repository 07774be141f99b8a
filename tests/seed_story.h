/*
 * seed_story.h -- the worked example of ../shared/seed (Qazaq24 / NUR.KZ,
 * 22.12.2025) as request bodies, shared by the suites that walk it.
 *
 * The story says the deputy spoke at a session of the Astana maslikhat
 * "this month" (December 2025) and that the police answered the same day;
 * it gives no day, so the example uses 1 December for both. The apology is
 * dated by the report that records it.
 */
#ifndef CT_SEED_STORY_H
#define CT_SEED_STORY_H

#define SEED_QUOTE_EXACT  "сравнив ситуацию в столице Казахстана с криминогенной обстановкой в Венесуэле"
#define SEED_QUOTE_PREFIX "является наиболее проблемным с точки зрения преступности, "
#define SEED_CLAIM_TEXT \
    "Район Сарыарка — наиболее проблемный с точки зрения преступности, " \
    "а криминогенная обстановка в Астане как в Венесуэле, как в Каракасе."

/* printf format: %s = article id */
#define SEED_CLAIM_BODY \
    "{\"text\":\"" SEED_CLAIM_TEXT "\"," \
    "\"claimant\":{\"name\":\"Талгат Ергалиев\",\"role\":\"депутат маслихата Астаны\"}," \
    "\"said_at\":\"2025-12-01\",\"venue\":\"сессия маслихата Астаны\",\"language\":\"ru\"," \
    "\"article\":{\"id\":\"%s\",\"url\":\"https://qazaq24.com/kasymbek-astana-safe\"," \
    "\"quote\":{\"exact\":\"" SEED_QUOTE_EXACT "\",\"prefix\":\"" SEED_QUOTE_PREFIX "\"," \
    "\"suffix\":\".\"}}}"

#define SEED_POLICE_BODY \
    "{\"kind\":\"rebuttal\",\"by\":{\"name\":\"Департамент полиции Астаны\"}," \
    "\"issued_at\":\"2025-12-01T18:00:00+05:00\"," \
    "\"summary\":\"Полиция в тот же день опровергла заявление: преступлений против личности " \
    "стало меньше на 10–30 % по районам.\",\"url\":\"https://police.astana.kz/statement\"}"

#define SEED_APOLOGY_BODY \
    "{\"kind\":\"apology\",\"by\":{\"name\":\"Талгат Ергалиев\",\"role\":\"депутат маслихата Астаны\"}," \
    "\"issued_at\":\"2025-12-22\",\"summary\":\"Депутат публично извинился за свои слова.\"}"

#define SEED_MAYOR_BODY \
    "{\"kind\":\"rebuttal\",\"by\":{\"name\":\"Женис Касымбек\",\"role\":\"аким Астаны\"}," \
    "\"issued_at\":\"2025-12-22T11:00:00+05:00\"," \
    "\"summary\":\"Аким назвал заявление необоснованным: в мировом рейтинге столиц Астана — " \
    "один из самых безопасных городов.\",\"url\":\"https://www.nur.kz/kasymbek-crime\"}"

#define SEED_REVIEW_BODY \
    "{\"expected_version\":%lld,\"status\":\"rebutted\",\"rating\":\"False\"," \
    "\"note\":\"Опровергнуто полицией и акимом; автор извинился.\",\"publish\":true}"

#endif
