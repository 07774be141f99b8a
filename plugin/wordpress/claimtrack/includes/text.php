<?php
/**
 * text.php -- a post's text as readers see it, and passages highlighted in
 * its HTML by code-point offsets.
 *
 * claimtrack anchors mentions in plain text and answers offsets in Unicode
 * code points of that text (POST /articles/{id}/anchor). A post is HTML, so
 * "the text" here is one precise thing: the concatenation, in document
 * order, of the text nodes of the post's rendered content (the_content),
 * as libxml's HTML parser (PHP's DOM) reads it, with entities decoded and
 * without the text of script, style, template and noscript elements. The
 * same function gives the text that is anchored when a post is saved
 * (anchor.php) and the text whose offsets are highlighted when it is shown
 * (reader.php), so an offset means the same character in both; reader.php
 * also compares the text's SHA-1 with the one last anchored and highlights
 * nothing when they differ (a passage is never marked at a stale offset).
 *
 * Highlighting splits text nodes (DOMText::splitText counts code points)
 * and wraps each piece of a passage in <mark class="ct-highlight">: a
 * passage across two paragraphs becomes two marks, the markup around it is
 * left whole. Whitespace-only pieces are not wrapped.
 */
if (!defined('ABSPATH')) {
    exit;
}

final class Claimtrack_Html
{
    private const SKIP = ['script' => 1, 'style' => 1, 'template' => 1, 'noscript' => 1];

    private DOMDocument $doc;
    private DOMElement $root;
    /** @var array<int, array{0: DOMText, 1: int, 2: int}> text nodes with their [start, end) in code points */
    private array $nodes = [];
    private string $text = '';

    private function __construct(DOMDocument $doc, DOMElement $root)
    {
        $this->doc = $doc;
        $this->root = $root;
        $this->collect($root);
    }

    /** Parse a fragment of HTML (UTF-8); null if libxml cannot. */
    public static function parse(string $html): ?self
    {
        $doc = new DOMDocument('1.0', 'UTF-8');
        $previous = libxml_use_internal_errors(true);
        $loaded = $doc->loadHTML('<?xml encoding="UTF-8"?><html><body><div id="claimtrack-fragment">'
            . $html . '</div></body></html>', LIBXML_NONET | LIBXML_HTML_NODEFDTD | LIBXML_COMPACT);
        libxml_clear_errors();
        libxml_use_internal_errors($previous);
        $root = $loaded ? $doc->getElementById('claimtrack-fragment') : null;
        return $root instanceof DOMElement ? new self($doc, $root) : null;
    }

    private function collect(DOMNode $parent): void
    {
        $offset = count($this->nodes) ? end($this->nodes)[2] : 0;
        foreach ($parent->childNodes as $child) {
            if ($child instanceof DOMText) {
                $length = mb_strlen($child->data, 'UTF-8');
                $this->nodes[] = [$child, $offset, $offset + $length];
                $this->text .= $child->data;
                $offset += $length;
            } elseif ($child instanceof DOMElement && !isset(self::SKIP[strtolower($child->tagName)])) {
                $this->collect($child);
                $offset = count($this->nodes) ? end($this->nodes)[2] : 0;
            }
        }
    }

    /** The text readers see: what claimtrack anchors against. */
    public function text(): string
    {
        return $this->text;
    }

    /**
     * Wrap passages in <mark class="ct-highlight" data-claim-id="C">, the
     * first piece of each with id="ct-mention-M".
     *
     * @param array $passages each ['start' => int, 'end' => int, 'claim_id' => int, 'mention_id' => int],
     *                        offsets in code points of text(), start inclusive, end exclusive;
     *                        a passage overlapping an earlier one, empty or outside the text is skipped
     * @return int the number of passages marked
     */
    public function highlight(array $passages): int
    {
        usort($passages, fn ($a, $b) => [$a['start'], $a['end']] <=> [$b['start'], $b['end']]);
        $kept = [];
        $last_end = 0;
        $length = count($this->nodes) ? end($this->nodes)[2] : 0;
        foreach ($passages as $p) {
            if ($p['start'] >= $last_end && $p['start'] < $p['end'] && $p['end'] <= $length) {
                $kept[] = $p;
                $last_end = $p['end'];
            }
        }
        /* Right to left: splitting a node keeps its first part in the same
           DOMText, so the offsets still to visit stay valid. */
        foreach (array_reverse($kept) as $p) {
            $this->mark($p);
        }
        return count($kept);
    }

    private function mark(array $p): void
    {
        $pieces = [];
        foreach ($this->nodes as [$node, $start, $end]) {
            if ($end > $p['start'] && $start < $p['end']) {
                $pieces[] = [$node, max($p['start'], $start) - $start, min($p['end'], $end) - $start];
            }
        }
        $first = $this->first_wrappable($pieces);
        for ($i = count($pieces) - 1; $i >= 0; $i--) {
            [$node, $from, $to] = $pieces[$i];
            $this->wrap($node, $from, $to, $p, $i === $first);
        }
    }

    /** The index of the first piece that is not whitespace only (it carries the mention's id). */
    private function first_wrappable(array $pieces): int
    {
        foreach ($pieces as $i => [$node, $from, $to]) {
            if (trim(mb_substr($node->data, $from, $to - $from, 'UTF-8')) !== '') {
                return $i;
            }
        }
        return -1;
    }

    private function wrap(DOMText $node, int $from, int $to, array $p, bool $with_id): void
    {
        if (trim(mb_substr($node->data, $from, $to - $from, 'UTF-8')) === '') {
            return;
        }
        $piece = $from > 0 ? $node->splitText($from) : $node;
        if ($to - $from < mb_strlen($piece->data, 'UTF-8')) {
            $piece->splitText($to - $from);
        }
        $mark = $this->doc->createElement('mark');
        $mark->setAttribute('class', 'ct-highlight');
        $mark->setAttribute('data-claim-id', (string) (int) $p['claim_id']);
        if ($with_id) {
            $mark->setAttribute('id', 'ct-mention-' . (int) $p['mention_id']);
        }
        $piece->parentNode->replaceChild($mark, $piece);
        $mark->appendChild($piece);
    }

    /** The fragment as HTML again. */
    public function html(): string
    {
        $out = '';
        foreach ($this->root->childNodes as $child) {
            $out .= $this->doc->saveHTML($child);
        }
        return $out;
    }
}

/** The text of a fragment of HTML, as Claimtrack_Html reads it ('' when it cannot be parsed). */
function claimtrack_html_text(string $html): string
{
    $parsed = Claimtrack_Html::parse($html);
    return $parsed ? $parsed->text() : '';
}
