<?php
// text.php -- the WordPress plugin's includes/text.php: a post's text as
// anchoring counts it (code points of the text nodes of the_content) and
// passages highlighted in its HTML by those offsets. No WordPress and no
// database: the class is plain PHP over DOM and mbstring. The last line is
// "php-text: N passed, M failed".
define('ABSPATH', '/nonexistent/');
require __DIR__ . '/../../plugin/wordpress/claimtrack/includes/text.php';

$passed = 0;
$failed = 0;
function check(bool $ok, string $what): void {
    global $passed, $failed;
    if ($ok) { $passed++; } else { $failed++; echo "FAIL $what\n"; }
}
function same($got, $want, string $what): void {
    check($got === $want, $what . ($got === $want ? '' : "\n  got:  " . var_export($got, true) . "\n  want: " . var_export($want, true)));
}
/** Highlight [start, end) of claim 7 / mention 3 and give the HTML back. */
function marked(string $html, int $start, int $end): string {
    $doc = Claimtrack_Html::parse($html);
    $doc->highlight([['start' => $start, 'end' => $end, 'claim_id' => 7, 'mention_id' => 3]]);
    return $doc->html();
}

// the text: text nodes in order, entities decoded, code points
$html = "<p>Аким &laquo;Астаны&raquo; сказал:</p>\n\n<p>Это <em>не</em> Каракас&nbsp;👍.</p>";
$doc = Claimtrack_Html::parse($html);
same($doc->text(), "Аким «Астаны» сказал:\n\nЭто не Каракас\u{00A0}👍.", 'the text of two paragraphs, entities decoded, the newlines between them kept');
same(mb_strlen($doc->text(), 'UTF-8'), 40, 'its length in code points (the emoji is one)');
same(claimtrack_html_text('<p>a<script>var x = "b";</script>c<style>p{}</style>d</p>'), 'acd', 'script and style are not text');
same(claimtrack_html_text(''), '', 'an empty post has an empty text');

// a passage inside one text node: split, the rest untouched
same(marked('<p>Астана как Каракас.</p>', 7, 18), '<p>Астана <mark class="ct-highlight" data-claim-id="7" id="ct-mention-3">как Каракас</mark>.</p>', 'a passage inside one text node');
// across inline markup: one mark per text node, the <em> left whole
same(marked('<p>Это <em>не</em> Каракас.</p>', 0, 14), '<p><mark class="ct-highlight" data-claim-id="7" id="ct-mention-3">Это </mark><em><mark class="ct-highlight" data-claim-id="7">не</mark></em><mark class="ct-highlight" data-claim-id="7"> Каракас</mark>.</p>', 'across an <em>: three marks, the id on the first');
// across two paragraphs: the whitespace between them is not wrapped
same(marked("<p>один два</p>\n<p>три четыре</p>", 5, 12), "<p>один <mark class=\"ct-highlight\" data-claim-id=\"7\" id=\"ct-mention-3\">два</mark></p>\n<p><mark class=\"ct-highlight\" data-claim-id=\"7\">три</mark> четыре</p>", 'across two paragraphs, the newline between them not marked');
// offsets after an astral character count it once
same(marked('<p>👍 Каракас</p>', 2, 9), '<p>👍 <mark class="ct-highlight" data-claim-id="7" id="ct-mention-3">Каракас</mark></p>', 'an emoji before the passage counts as one code point');
// an entity in the source is one character of the text, and is written back as a character
same(marked('<p>A&amp;B как Каракас</p>', 8, 15), '<p>A&amp;B как <mark class="ct-highlight" data-claim-id="7" id="ct-mention-3">Каракас</mark></p>', 'an entity counts as the one character it stands for');

// passages that cannot be marked are left out, and say how many were
$doc = Claimtrack_Html::parse('<p>abcdef</p>');
same($doc->highlight([['start' => 0, 'end' => 3, 'claim_id' => 1, 'mention_id' => 1],
                      ['start' => 2, 'end' => 5, 'claim_id' => 2, 'mention_id' => 2],     // overlaps the first
                      ['start' => 4, 'end' => 4, 'claim_id' => 3, 'mention_id' => 3],     // empty
                      ['start' => 5, 'end' => 9, 'claim_id' => 4, 'mention_id' => 4]]),   // past the end
     1, 'overlapping, empty and out-of-range passages are skipped');
same($doc->html(), '<p><mark class="ct-highlight" data-claim-id="1" id="ct-mention-1">abc</mark>def</p>', 'only the first passage is marked');
// two passages in one text node, given in any order
$doc = Claimtrack_Html::parse('<p>one two three</p>');
same($doc->highlight([['start' => 8, 'end' => 13, 'claim_id' => 2, 'mention_id' => 9],
                      ['start' => 0, 'end' => 3, 'claim_id' => 1, 'mention_id' => 8]]), 2, 'two passages in one text node');
same($doc->html(), '<p><mark class="ct-highlight" data-claim-id="1" id="ct-mention-8">one</mark> two <mark class="ct-highlight" data-claim-id="2" id="ct-mention-9">three</mark></p>', 'both marked where they are');
// markup from the database or the post is escaped on the way back out
same(marked('<p>&lt;script&gt;x&lt;/script&gt; y</p>', 0, 8), '<p><mark class="ct-highlight" data-claim-id="7" id="ct-mention-3">&lt;script&gt;</mark>x&lt;/script&gt; y</p>', 'text that looks like markup stays text');

echo "php-text: $passed passed, $failed failed\n";
exit($failed === 0 && $passed > 0 ? 0 : 1);
