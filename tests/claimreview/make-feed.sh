#!/bin/sh
# make-feed.sh [N] -- a DataFeed of N ClaimReviews (default 20000) on stdout,
# for measuring `claimtrack import` on a feed of realistic size and shape.
#
# The items cycle through the shapes fact-checkers publish: a ClaimReview in
# a DataFeedItem; Google's shape (a DataFeedItem whose Claim carries a review
# without datePublished, dated by the entry's dateCreated); a review with
# HTML-escaped, marked-up text and a -1 on -1/-1 rating; a reviewer known
# only by its url, with {"@value"} ratings and an organisation as claimant.
# Every review has its own url and claim, so a first import imports all N.
set -eu
n=${1:-20000}
awk -v n="$n" 'BEGIN {
    printf "{\"@context\":\"https://schema.org\",\"@type\":\"DataFeed\",";
    printf "\"name\":\"Generated fact-check feed\",\"dataFeedElement\":[\n";
    for (i = 0; i < n; i++) {
        day = sprintf("2025-%02d-%02d", i % 12 + 1, i % 28 + 1);
        if (i % 4 == 0)
            printf "{\"@type\":\"DataFeedItem\",\"dateCreated\":\"%sT08:00:00Z\",\"item\":" \
                   "{\"@type\":\"ClaimReview\",\"url\":\"https://factcheck.afp.com/generated/%d\"," \
                   "\"claimReviewed\":\"Generated claim number %d about public spending\"," \
                   "\"author\":{\"@type\":\"Organization\",\"name\":\"AFP Fact Check\"," \
                   "\"url\":\"https://factcheck.afp.com\"},\"datePublished\":\"%s\"," \
                   "\"reviewRating\":{\"@type\":\"Rating\",\"ratingValue\":1,\"bestRating\":5," \
                   "\"worstRating\":1,\"alternateName\":\"False\"},\"itemReviewed\":{\"@type\":\"Claim\"," \
                   "\"author\":{\"@type\":\"Person\",\"name\":\"Deputy %d\",\"jobTitle\":\"deputy\"}," \
                   "\"datePublished\":\"%s\",\"firstAppearance\":{\"@type\":\"CreativeWork\"," \
                   "\"url\":\"https://www.youtube.com/watch?v=gen%d\"}}}}", day, i, i, day, i % 97, day, i;
        else if (i % 4 == 1)
            printf "{\"@type\":\"DataFeedItem\",\"dateCreated\":\"%sT09:30:00Z\",\"item\":[" \
                   "{\"@type\":\"Claim\",\"author\":{\"@type\":\"GovernmentOrganization\"," \
                   "\"name\":\"Ministry %d\"},\"datePublished\":\"%s\",\"appearance\":[{\"@type\":" \
                   "\"CreativeWork\",\"url\":\"https://gov.example.kz/press/%d\"}],\"review\":[" \
                   "{\"@type\":\"ClaimReview\",\"url\":\"https://factcheck.kz/en/generated-%d/\"," \
                   "\"author\":{\"@type\":\"Organization\",\"name\":\"Factcheck.kz\"}," \
                   "\"claimReviewed\":\"Prices of item %d will not rise\",\"reviewRating\":" \
                   "{\"@type\":\"Rating\",\"alternateName\":\"Misleading\"}}]}]}", day, i % 13, day, i, i, i;
        else if (i % 4 == 2)
            printf "{\"@type\":\"ClaimReview\",\"url\":\"https://www.washingtonpost.example/fc/%d/" \
                   "?utm_source=feed\",\"claimReviewed\":\"<p>The wall &amp;quot;pays for itself&amp;quot;" \
                   " &#8212; claim <b>%d</b></p>\",\"author\":{\"@type\":\"Organization\"," \
                   "\"name\":\"The Washington Post\"},\"datePublished\":\"%sT05:00:00-0500\"," \
                   "\"reviewRating\":{\"@type\":\"Rating\",\"ratingValue\":\"-1\",\"worstRating\":\"-1\"," \
                   "\"bestRating\":\"-1\",\"alternateName\":\"Fuzzy math\"},\"itemReviewed\":{\"@type\":" \
                   "\"Claim\",\"author\":{\"@type\":\"Person\",\"name\":\"Senator %d\"}}}", i, i, day, i % 53;
        else
            printf "{\"@type\":\"http://schema.org/ClaimReview\",\"url\":\"http://www.politifact.example/" \
                   "factchecks/%d/\",\"claimReviewed\":[\"Unemployment fell by %d percent\"]," \
                   "\"author\":{\"@type\":\"Organization\",\"url\":\"https://www.politifact.example/\"}," \
                   "\"datePublished\":{\"@value\":\"%s\"},\"reviewRating\":{\"@type\":\"Rating\"," \
                   "\"ratingValue\":{\"@value\":\"2\"},\"bestRating\":\"6\",\"worstRating\":\"1\"," \
                   "\"alternateName\":\"Mostly False\"},\"itemReviewed\":{\"@type\":\"Claim\"," \
                   "\"author\":{\"@type\":\"PoliticalParty\",\"name\":\"Party %d\"}}}", i, i, day, i % 7;
        printf "%s\n", i + 1 < n ? "," : "";
    }
    print "]}";
}'
