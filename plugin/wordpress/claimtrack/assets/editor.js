/*
 * editor.js -- the block editor's "Fact check" sidebar.
 *
 * Tag a passage: the editor selects words inside one block; "Use the
 * selected passage" reads the selection from the block editor's store
 * (block, attribute, offsets of its rich text) and keeps the quote with up
 * to 32 characters of context on each side (a W3C TextQuoteSelector:
 * exact, prefix, suffix). The form sends it with the claim's fields to
 * POST /wp-json/claimtrack/v1/posts/{post}/claims; the server adds the
 * post's article id and address, records the claim and anchors the post.
 *
 * Claims of this post: each with its status, where its mentions were found
 * (or that they are orphaned), and a form to link a response.
 *
 * Suggested repeats: the passages the scan on save took for repeats of
 * known claims (GET /wp-json/claimtrack/v1/posts/{post}/suggestions),
 * each with the claim, the sentence (the passage marked), its score and
 * method, and Confirm (it becomes a mention of the claim) or Dismiss (never
 * suggested again for this post). Loaded again after each save. No JSX and
 * no build step: wp.element.createElement over WordPress's own packages.
 */
(function (wp, settings) {
    'use strict';
    var el = wp.element.createElement;
    var useState = wp.element.useState;
    var useEffect = wp.element.useEffect;
    var c = wp.components;
    var __ = wp.i18n.__;
    var CONTEXT = 32;
    var base = '/claimtrack/v1';

    function errorText(err) {
        if (err && err.error && err.error.message) {
            return err.error.message + (err.error.field ? ' (' + err.error.field + ')' : '');
        }
        return (err && err.message) || __('The request failed.', 'claimtrack');
    }

    /* The selection inside one block, as {exact, prefix, suffix}, or a reason. */
    function selectedQuote() {
        var store = wp.data.select('core/block-editor');
        var start = store.getSelectionStart();
        var end = store.getSelectionEnd();
        if (!start || !start.clientId || !end || start.clientId !== end.clientId || !start.attributeKey) {
            return {reason: __('Select a passage inside one paragraph first.', 'claimtrack')};
        }
        var a = Math.min(start.offset, end.offset);
        var b = Math.max(start.offset, end.offset);
        if (a === b) {
            return {reason: __('Select a passage inside one paragraph first.', 'claimtrack')};
        }
        var block = store.getBlock(start.clientId);
        var html = String(block.attributes[start.attributeKey] || '');
        var text = wp.richText.create({html: html}).text;
        return {
            exact: text.slice(a, b),
            prefix: text.slice(Math.max(0, a - CONTEXT), a),
            suffix: text.slice(b, b + CONTEXT)
        };
    }

    function field(label, value, onChange, extra) {
        return el(c.TextControl, Object.assign({label: label, value: value, onChange: onChange}, extra || {}));
    }

    function TagForm(props) {
        var s = useState({quote: null, text: '', name: '', role: '', said_at: settings.today, venue: '',
                          language: settings.language, source_url: ''});
        var form = s[0], setForm = s[1];
        var m = useState(null), message = m[0], setMessage = m[1];
        var b = useState(false), busy = b[0], setBusy = b[1];
        function set(key) { return function (v) { var n = Object.assign({}, form); n[key] = v; setForm(n); }; }

        function useSelection() {
            var q = selectedQuote();
            if (q.reason) { setMessage({error: q.reason}); return; }
            setForm(Object.assign({}, form, {quote: q, text: form.text || q.exact}));
            setMessage(null);
        }
        function submit() {
            var body = {text: form.text, claimant: {name: form.name}, said_at: form.said_at,
                        language: form.language, quote: form.quote};
            if (form.role) { body.claimant.role = form.role; }
            if (form.venue) { body.venue = form.venue; }
            if (form.source_url) { body.source_url = form.source_url; }
            setBusy(true);
            wp.apiFetch({path: base + '/posts/' + settings.postId + '/claims', method: 'POST', data: body})
                .then(function (claim) {
                    setMessage({ok: __('Claim tagged', 'claimtrack') + ' #' + claim.id});
                    setForm(Object.assign({}, form, {quote: null, text: ''}));
                    props.onChange();
                })
                .catch(function (err) { setMessage({error: errorText(err)}); })
                .finally(function () { setBusy(false); });
        }
        return el('div', {className: 'claimtrack-tag'},
            el(c.Button, {variant: 'secondary', onMouseDown: function (e) { e.preventDefault(); },
                          onClick: useSelection, className: 'claimtrack-use-selection'},
               __('Use the selected passage', 'claimtrack')),
            form.quote && el('blockquote', {className: 'claimtrack-quote'}, form.quote.exact),
            el(c.TextareaControl, {label: __('Claim, as said', 'claimtrack'), value: form.text, onChange: set('text'),
                                   className: 'claimtrack-field-text'}),
            field(__('Claimant', 'claimtrack'), form.name, set('name'), {className: 'claimtrack-field-claimant'}),
            field(__('Claimant\'s role', 'claimtrack'), form.role, set('role'), {className: 'claimtrack-field-role'}),
            field(__('Said on', 'claimtrack'), form.said_at, set('said_at'), {type: 'date', className: 'claimtrack-field-said'}),
            field(__('Where (venue)', 'claimtrack'), form.venue, set('venue'), {className: 'claimtrack-field-venue'}),
            el(c.SelectControl, {label: __('Language of the claim', 'claimtrack'), value: form.language,
                                 onChange: set('language'), className: 'claimtrack-field-language',
                                 options: [{value: 'ru', label: 'Русский'}, {value: 'kk', label: 'Қазақша'},
                                           {value: 'en', label: 'English'}]}),
            field(__('Source address', 'claimtrack'), form.source_url, set('source_url'),
                  {type: 'url', className: 'claimtrack-field-source'}),
            message && el('p', {className: message.error ? 'claimtrack-error' : 'claimtrack-ok', role: 'status'},
                          message.error || message.ok),
            el(c.Button, {variant: 'primary', isBusy: busy, disabled: busy || !form.quote,
                          onClick: submit, className: 'claimtrack-tag-submit'}, __('Tag claim', 'claimtrack')));
    }

    function ResponseForm(props) {
        var s = useState({kind: 'rebuttal', name: '', role: '', issued_at: settings.today, summary: '', url: ''});
        var form = s[0], setForm = s[1];
        var m = useState(null), message = m[0], setMessage = m[1];
        function set(key) { return function (v) { var n = Object.assign({}, form); n[key] = v; setForm(n); }; }
        var kinds = (props.vocabulary && props.vocabulary.response_kinds) || [];
        function submit() {
            var body = {kind: form.kind, by: {name: form.name}, issued_at: form.issued_at, summary: form.summary};
            if (form.role) { body.by.role = form.role; }
            if (form.url) { body.url = form.url; }
            wp.apiFetch({path: base + '/claims/' + props.claim.id + '/responses', method: 'POST', data: body})
                .then(function () { setMessage({ok: __('Response linked', 'claimtrack')}); props.onChange(); })
                .catch(function (err) { setMessage({error: errorText(err)}); });
        }
        return el('div', {className: 'claimtrack-response-form'},
            el(c.SelectControl, {label: __('Kind', 'claimtrack'), value: form.kind, onChange: set('kind'),
                                 options: kinds.map(function (k) {
                                     return {value: k.key, label: (k.labels && (k.labels[settings.language] || k.labels.en)) || k.key};
                                 })}),
            field(__('By', 'claimtrack'), form.name, set('name')),
            field(__('Their role', 'claimtrack'), form.role, set('role')),
            field(__('Issued on', 'claimtrack'), form.issued_at, set('issued_at'), {type: 'date'}),
            el(c.TextareaControl, {label: __('What it says', 'claimtrack'), value: form.summary, onChange: set('summary')}),
            field(__('Address', 'claimtrack'), form.url, set('url'), {type: 'url'}),
            message && el('p', {className: message.error ? 'claimtrack-error' : 'claimtrack-ok', role: 'status'},
                          message.error || message.ok),
            el(c.Button, {variant: 'secondary', onClick: submit}, __('Link response', 'claimtrack')));
    }

    function ClaimItem(props) {
        var claim = props.claim;
        var mine = (claim.mentions || []).filter(function (x) { return x.article_id === settings.articleId; });
        return el('div', {className: 'claimtrack-claim', 'data-claim-id': claim.id},
            el('p', null, el('strong', null, '#' + claim.id + ' '), claim.text),
            el('p', null, __('Status', 'claimtrack') + ': ' + claim.status +
               (claim.published_at ? ' · ' + __('published', 'claimtrack') : '') +
               ' · ' + __('responses', 'claimtrack') + ': ' + (claim.responses || []).length),
            mine.map(function (x) {
                return el('p', {key: x.id, className: x.orphaned ? 'claimtrack-orphaned' : ''},
                          x.orphaned ? __('Passage not found in the post: sent to the review queue', 'claimtrack')
                                     : __('Passage', 'claimtrack') + ': «' + x.quote.exact + '»' +
                                       (x.anchor_method ? ' (' + x.anchor_method + ')' : ''));
            }),
            el(c.PanelBody, {title: __('Link a response', 'claimtrack'), initialOpen: false},
               el(ResponseForm, {claim: claim, vocabulary: props.vocabulary, onChange: props.onChange})));
    }

    /* One pending suggestion: the claim, the passage with its context, and the two decisions. */
    function SuggestionItem(props) {
        var sg = props.suggestion;
        var b = useState(false), busy = b[0], setBusy = b[1];
        function decide(decision) {
            setBusy(true);
            wp.apiFetch({path: base + '/posts/' + settings.postId + '/suggestions/' + sg.id + '/' + decision,
                         method: 'POST', data: {}})
                .then(function () { props.onChange(decision); })
                .catch(function (err) { props.onError(errorText(err)); })
                .finally(function () { setBusy(false); });
        }
        return el('div', {className: 'claimtrack-suggestion', 'data-suggestion-id': sg.id},
            el('p', null, el('strong', null, '#' + sg.claim_id + ' '), sg.claim_text),
            el('blockquote', {className: 'claimtrack-quote'},
               (sg.prefix || '').trim() ? '…' + sg.prefix : '', el('mark', null, sg.quote),
               (sg.suffix || '').trim() ? sg.suffix + '…' : ''),
            el('p', {className: 'claimtrack-score'},
               __('Score', 'claimtrack') + ': ' + sg.score + ' · ' + sg.method),
            el(c.Button, {variant: 'primary', isBusy: busy, disabled: busy, className: 'claimtrack-confirm',
                          onClick: function () { decide('confirm'); }}, __('Confirm', 'claimtrack')),
            ' ',
            el(c.Button, {variant: 'secondary', disabled: busy, className: 'claimtrack-dismiss',
                          onClick: function () { decide('dismiss'); }}, __('Dismiss', 'claimtrack')));
    }

    /* The post's pending suggestions, loaded again whenever a save ends. */
    function Suggestions(props) {
        var s = useState(null), list = s[0], setList = s[1];
        var e = useState(null), error = e[0], setError = e[1];
        var saving = wp.data.useSelect(function (select) {
            var editor = select('core/editor');
            return editor.isSavingPost() && !editor.isAutosavingPost();
        }, []);
        function load() {
            wp.apiFetch({path: base + '/posts/' + settings.postId + '/suggestions'})
                .then(function (r) { setList(r.suggestions); setError(null); })
                .catch(function (err) { setError(errorText(err)); });
        }
        useEffect(function () { if (!saving) { load(); } }, [saving]);
        function changed(decision) {
            load();
            if (decision === 'confirm') { props.onChange(); }
        }
        return el('div', {className: 'claimtrack-suggestions'},
            error && el('p', {className: 'claimtrack-error', role: 'status'}, error),
            list && list.length === 0 && el('p', null, __('No suggested repeats.', 'claimtrack')),
            (list || []).map(function (sg) {
                return el(SuggestionItem, {key: sg.id, suggestion: sg, onChange: changed, onError: setError});
            }));
    }

    /* The language of this post's notices: the post's claimtrack_locale meta (saved with the post). */
    function NoticeLanguage() {
        var locale = wp.data.useSelect(function (select) {
            return (select('core/editor').getEditedPostAttribute('meta') || {}).claimtrack_locale || '';
        }, []);
        var editPost = wp.data.useDispatch('core/editor').editPost;
        return el(c.SelectControl, {
            label: __('Notices on this post in', 'claimtrack'), value: locale, className: 'claimtrack-field-locale',
            onChange: function (v) { editPost({meta: {claimtrack_locale: v}}); },
            options: [{value: '', label: __('the site\'s language', 'claimtrack')}, {value: 'ru_RU', label: 'Русский'},
                      {value: 'kk_KZ', label: 'Қазақша'}, {value: 'en_US', label: 'English'}]});
    }

    function Sidebar() {
        var s = useState(null), claims = s[0], setClaims = s[1];
        var v = useState(null), vocabulary = v[0], setVocabulary = v[1];
        var e = useState(null), error = e[0], setError = e[1];
        function load() {
            wp.apiFetch({path: base + '/posts/' + settings.postId + '/claims'})
                .then(function (r) { setClaims(r.claims); })
                .catch(function (err) { setError(errorText(err)); });
        }
        useEffect(function () {
            load();
            wp.apiFetch({path: base + '/vocabulary'}).then(setVocabulary).catch(function () {});
        }, []);
        return el(wp.editPost.PluginSidebar, {name: 'claimtrack', title: __('Fact check', 'claimtrack'),
                                              icon: 'flag', className: 'claimtrack-sidebar'},
            el(c.PanelBody, {title: __('Suggested repeats of known claims', 'claimtrack'), initialOpen: true},
               el(Suggestions, {onChange: load})),
            el(c.PanelBody, {title: __('Tag a disputed claim', 'claimtrack'), initialOpen: true},
               el(TagForm, {onChange: load})),
            el(c.PanelBody, {title: __('Readers\' notices', 'claimtrack'), initialOpen: false},
               el(NoticeLanguage)),
            el(c.PanelBody, {title: __('Claims in this post', 'claimtrack'), initialOpen: true},
               error && el('p', {className: 'claimtrack-error'}, error),
               claims && claims.length === 0 && el('p', null, __('None yet.', 'claimtrack')),
               (claims || []).map(function (claim) {
                   return el(ClaimItem, {key: claim.id, claim: claim, vocabulary: vocabulary, onChange: load});
               })));
    }

    wp.plugins.registerPlugin('claimtrack', {render: Sidebar, icon: 'flag'});
})(window.wp, window.claimtrackEditor);
