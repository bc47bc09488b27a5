/// The fixed parts of the HTML report: its Content-Security-Policy, script and style sheet.
enum HTMLReportAssets {
    /// Only inline styles, the report's images and the one script below (by its SHA-256) may
    /// load. Embedded images are `data:` URIs; linked ones are files beside the report, which
    /// `'self'` allows (the report's own origin: its folder on `file:`, its server over http),
    /// nothing remote. `HTMLReportTests` checks that the hash matches `script`.
    static func contentSecurityPolicy(linkedImages: Bool) -> String {
        "default-src 'none'; img-src \(linkedImages ? "'self'" : "data:"); style-src 'unsafe-inline'; "
            + "script-src '\(scriptHash)'; base-uri 'none'; form-action 'none'"
    }

    /// `sha256-` and the base64 SHA-256 of `script`'s UTF-8 bytes
    /// (`printf %s "$script" | openssl dgst -sha256 -binary | base64`).
    static let scriptHash = "sha256-NFpUn9Nj/t4E3r34u1NMMoj7EZFO7AH4fDmNiMrRdkc="

    /// Filters, sorting, the large view of a page, and the thumbnail load count. Plain ES5, no
    /// `innerHTML`: text from the report is only ever read and compared, never parsed as markup.
    static let script = """

        (function () {
          'use strict';
          var body = document.body;
          var each = function (list, action) { Array.prototype.forEach.call(list, action); };
          var byId = function (id) { return document.getElementById(id); };

          // The summary table: filters and sorting.
          var table = byId('summary-table');
          if (table && table.tBodies.length) {
            var tbody = table.tBodies[0];
            var rows = Array.prototype.slice.call(tbody.rows);
            var heads = table.tHead.rows[0].cells;
            var searchText = rows.map(function (row) {
              return [row.getAttribute('data-id'), row.getAttribute('data-title'), row.getAttribute('data-path')]
                .join('\\n').toLowerCase();
            });
            each(heads, function (th, column) {
              var button = document.createElement('button');
              button.type = 'button';
              while (th.firstChild) { button.appendChild(th.firstChild); }
              th.appendChild(button);
              button.addEventListener('click', function () {
                var ascending = th.getAttribute('aria-sort') !== 'ascending';
                each(heads, function (other) { other.removeAttribute('aria-sort'); });
                th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
                var numeric = th.getAttribute('data-sort') === 'number';
                var keyed = rows.map(function (row) {
                  var cell = row.cells[column];
                  var value = cell.hasAttribute('data-value') ? cell.getAttribute('data-value') : cell.textContent;
                  var number = parseFloat(value);
                  return { row: row, index: parseInt(row.getAttribute('data-index'), 10),
                           key: numeric ? (isNaN(number) ? -1 : number) : value.toLowerCase() };
                });
                // Ties keep the report's order, in both directions.
                keyed.sort(function (a, b) {
                  var order = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
                  return (ascending ? order : -order) || a.index - b.index;
                });
                var fragment = document.createDocumentFragment();
                keyed.forEach(function (item) { fragment.appendChild(item.row); });
                tbody.appendChild(fragment);
              });
            });

            var controls = byId('filters');
            var count = byId('shown-count');
            var field = {
              verdict: byId('filter-verdict'), rule: byId('filter-rule'), producer: byId('filter-producer'),
              status: byId('filter-status'), min: byId('filter-pages-min'), max: byId('filter-pages-max'),
              text: byId('filter-text')
            };
            var apply = function () {
              var verdict = field.verdict.value, rule = field.rule.value, producer = field.producer.value;
              var status = field.status.value, text = field.text.value.trim().toLowerCase();
              var min = parseFloat(field.min.value), max = parseFloat(field.max.value);
              var shown = 0;
              rows.forEach(function (row, index) {
                var pages = parseFloat(row.getAttribute('data-pages'));
                var rowStatus = row.getAttribute('data-status');
                var visible = (!verdict || row.getAttribute('data-verdict') === verdict) &&
                  (!rule || (' ' + row.getAttribute('data-rules') + ' ').indexOf(' ' + rule + ' ') >= 0) &&
                  (!producer || '=' + row.getAttribute('data-producer') === producer) &&
                  (!status || rowStatus === status || (status === 'not-pass' && rowStatus !== 'pass')) &&
                  (isNaN(min) || pages >= min) && (isNaN(max) || pages <= max) &&
                  (!text || searchText[index].indexOf(text) >= 0);
                row.hidden = !visible;
                var section = byId(row.getAttribute('data-section'));
                if (section) { section.hidden = !visible; }
                if (visible) { shown += 1; }
              });
              count.textContent = shown + ' of ' + rows.length + ' shown';
            };
            if (controls && count) {
              controls.hidden = false;
              each(controls.querySelectorAll('select, input'), function (input) {
                input.addEventListener('input', apply);
                input.addEventListener('change', apply);
              });
              byId('filter-clear').addEventListener('click', function () {
                each(controls.querySelectorAll('select, input'), function (input) { input.value = ''; });
                apply();
              });
              apply();
            }
          }

          // The large view: one dialog showing the clicked thumbnail's own image.
          var viewer = null, viewerImage = null, viewerCaption = null;
          var closeViewer = function () {
            if (!viewer || !viewer.hasAttribute('open')) { return; }
            if (viewer.close) { viewer.close(); } else { viewer.removeAttribute('open'); }
          };
          var openViewer = function (thumb) {
            if (!viewer) {
              viewer = document.createElement('dialog');
              viewer.id = 'page-viewer';
              viewer.className = 'viewer';
              var bar = document.createElement('div');
              bar.className = 'viewer-bar';
              viewerCaption = document.createElement('span');
              viewerCaption.className = 'viewer-caption';
              var close = document.createElement('button');
              close.type = 'button';
              close.className = 'viewer-close';
              close.textContent = 'Close';
              close.addEventListener('click', closeViewer);
              bar.appendChild(viewerCaption);
              bar.appendChild(close);
              viewerImage = document.createElement('img');
              viewerImage.className = 'viewer-image';
              viewer.appendChild(bar);
              viewer.appendChild(viewerImage);
              // A click on the backdrop (the dialog itself, outside its content) closes it too.
              viewer.addEventListener('click', function (event) { if (event.target === viewer) { closeViewer(); } });
              viewer.addEventListener('close', function () { viewerImage.removeAttribute('src'); });
              body.appendChild(viewer);
            }
            viewerImage.src = thumb.getAttribute('src');
            viewerImage.alt = thumb.alt;
            viewerCaption.textContent = thumb.alt;
            if (viewer.showModal) { viewer.showModal(); } else { viewer.setAttribute('open', ''); }
          };
          document.addEventListener('click', function (event) {
            var opener = event.target.closest ? event.target.closest('.page-open') : null;
            var thumb = opener && opener.querySelector('img.thumb');
            if (!thumb || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) { return; }
            event.preventDefault();
            openViewer(thumb);
          });
          document.addEventListener('keydown', function (event) {
            if (event.key === 'Escape' || event.key === 'Esc') { closeViewer(); }
          });

          // How many thumbnails loaded, for Scripts/browser-test.sh.
          var thumbs = document.querySelectorAll('img.thumb');
          var eager = window.location.hash === '#verify-images';
          var loaded = 0, failed = 0;
          var update = function () {
            body.setAttribute('data-thumbnails-loaded', String(loaded));
            body.setAttribute('data-thumbnails-failed', String(failed));
          };
          each(thumbs, function (img) {
            var settle = function () {
              if (img.hasAttribute('data-loaded')) { return; }
              var ok = img.naturalWidth > 0;
              img.setAttribute('data-loaded', ok ? '1' : '0');
              if (ok) { loaded += 1; } else { failed += 1; }
              update();
            };
            if (eager) { img.loading = 'eager'; }
            if (img.complete && img.naturalWidth > 0) { settle(); return; }
            img.addEventListener('load', settle);
            img.addEventListener('error', settle);
          });
          update();
        })();

        """

    static let styleSheet = """
        :root { --fail: #b3261e; --warn: #a15c00; --pass: #1e6b2f; --info: #1f5fa8; --muted: #5f6368; --line: #dadce0; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #202124; background: #fff; }
        header, main, footer { max-width: 1500px; margin: 0 auto; padding: 0 16px; }
        header { padding-top: 16px; }
        h1 { font-size: 1.5em; margin: 0.3em 0; overflow-wrap: anywhere; }
        h2 { font-size: 1.25em; margin: 1.2em 0 0.4em; overflow-wrap: anywhere; }
        h3 { font-size: 1em; margin: 0.8em 0 0.3em; }
        code, q { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; overflow-wrap: anywhere; }
        .meta, .file-meta, .file-path, footer { color: var(--muted); }
        .counts { display: flex; flex-wrap: wrap; gap: 6px 18px; list-style: none; padding: 0; margin: 0.5em 0; }
        .filters { display: flex; flex-wrap: wrap; gap: 6px 16px; align-items: center; margin: 0.5em 0; }
        .filters[hidden] { display: none; }
        .filters input[type="number"] { width: 5em; }
        .filters select, .filters input, .filters button { font: inherit; font-size: 0.92em; }
        .shown { color: var(--muted); margin: 0.3em 0; }
        .table-wrap { overflow: auto; max-height: 85vh; -webkit-overflow-scrolling: touch; border: 1px solid var(--line); border-radius: 6px; }
        table { border-collapse: collapse; width: 100%; font-size: 0.92em; }
        th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
        th { background: #f1f3f4; white-space: nowrap; vertical-align: bottom; position: sticky; top: 0; z-index: 1; }
        th button { font: inherit; font-weight: bold; background: none; border: 0; padding: 0; cursor: pointer; color: inherit; }
        th[aria-sort="ascending"] button::after { content: " \\25B2"; }
        th[aria-sort="descending"] button::after { content: " \\25BC"; }
        th.rule-col { padding: 4px 2px; font-size: 0.85em; font-weight: normal; }
        th.rule-col span { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; display: inline-block; }
        th.rule-col[aria-sort] button::after { display: block; }
        td.rule-count { text-align: center; padding: 4px 2px; min-width: 1.8em; }
        td.rule-count.failing { background: #fce8e6; color: var(--fail); font-weight: bold; }
        tr.file-row[hidden] { display: none; }
        .num { text-align: right; }
        td.paper, td.file, td.producer { white-space: nowrap; }
        td.paper, td.file { max-width: 12em; overflow: hidden; text-overflow: ellipsis; }
        td.title { min-width: 12em; }
        .dup { display: block; font-size: 0.85em; color: var(--warn); overflow: hidden; text-overflow: ellipsis; }
        .cause-list { list-style: none; margin: 0; padding: 0; min-width: 12em; max-width: 20em; }
        .cause-list li { display: inline; }
        .cause-list li + li::before { content: "; "; color: var(--muted); }
        .cause.sev-warning, .more-causes { color: var(--muted); }
        .badge { display: inline-block; padding: 0 6px; border-radius: 4px; font-size: 0.8em; font-weight: bold; text-transform: uppercase; color: #fff; background: var(--muted); white-space: nowrap; }
        .status-pass.badge, .verdict-ok.badge { background: var(--pass); }
        .status-warn.badge, .sev-warning.badge { background: var(--warn); }
        .status-fail.badge, .status-error.badge, .sev-error.badge { background: var(--fail); }
        .badge[class*="verdict-"] { text-transform: none; font-size: 0.85em; }
        .verdict-desk-reject.badge { background: #7a1010; }
        .verdict-fix-before-camera-ready.badge { background: #b35c00; }
        .verdict-check-by-hand.badge { background: #5b3fa0; }
        .verdict-missing.badge, .status-missing.badge { background: #3c4043; }
        .sev-info.badge { background: var(--info); }
        .badge.waived, .sev-waived.badge { background: #80868b; }
        .counts .status-fail strong, .counts .status-error strong { color: var(--fail); }
        .counts .status-warn strong { color: var(--warn); }
        .counts .status-pass strong { color: var(--pass); }
        section.file { border-top: 2px solid var(--line); margin-top: 1.5em; }
        section.file[hidden] { display: none; }
        .verdict { margin: 0.2em 0; }
        .rule { border-left: 4px solid var(--line); padding: 0 0 0 12px; margin: 0.8em 0; }
        .rule.sev-error { border-color: var(--fail); }
        .rule.sev-warning { border-color: var(--warn); }
        .rule.sev-info { border-color: var(--info); }
        .findings { padding-left: 1.2em; margin: 0.3em 0; }
        .finding { margin: 0.4em 0; overflow-wrap: anywhere; }
        .finding.waived .message { text-decoration: line-through; color: var(--muted); }
        .evidence { margin: 0.2em 0 0; font-size: 0.92em; }
        .evidence div, .facts div { display: flex; gap: 8px; }
        .evidence dt, .facts dt { color: var(--muted); min-width: 6em; }
        .evidence dd, .facts dd { margin: 0; overflow-wrap: anywhere; }
        .facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 2px 16px; font-size: 0.92em; }
        .hint, .reference { margin: 0.2em 0; }
        .unreadable { color: var(--fail); overflow-wrap: anywhere; }
        .thumbs { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start; }
        .page-open { cursor: zoom-in; display: block; color: inherit; text-decoration: none; }
        details.page summary { list-style: none; }
        details.page summary::-webkit-details-marker { display: none; }
        .page img.thumb { display: block; width: 180px; max-width: 100%; height: auto; border: 1px solid var(--line); }
        details.page[open] { flex-basis: 100%; }
        details.page[open] summary { cursor: zoom-out; }
        details.page[open] img.thumb { width: auto; max-width: 100%; }
        .caption { display: block; color: var(--muted); font-size: 0.9em; }
        .more { color: var(--muted); font-style: italic; }
        dialog.viewer { padding: 0; border: 0; border-radius: 6px; max-width: 96vw; max-height: 96vh; overflow: auto; }
        dialog.viewer::backdrop { background: rgba(0, 0, 0, 0.7); }
        .viewer-bar { position: sticky; top: 0; display: flex; justify-content: space-between; align-items: center; gap: 12px; padding: 6px 10px; background: #f1f3f4; }
        .viewer-close { font: inherit; }
        .viewer-image { display: block; max-width: 100%; height: auto; }
        footer { margin: 2em auto; font-size: 0.9em; }
        @media (max-width: 600px) {
          body { font-size: 14px; }
          .page img.thumb { width: 120px; }
        }

        """
}
