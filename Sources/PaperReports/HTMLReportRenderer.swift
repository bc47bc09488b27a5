import Foundation
import PaperFacts
import PaperRules

/// One self-contained HTML file for people who read reports in a browser, on a desk or a phone:
/// a header with the counts, a summary table with one row per file (`tr.file-row`, each linking
/// to the file's section), then per file its findings grouped by rule with their evidence, and
/// thumbnails of the annotated pages.
///
/// - Self-contained: CSS and script are inline, images are `data:image/png;base64,` URIs, and a
///   Content-Security-Policy forbids every other fetch, so opening the file makes no request.
/// - Safe: every string that comes from a PDF or a path (paths, messages, text, values, metadata,
///   waiver reasons) is escaped with `escape(_:)`; the only script is `script`, allowed by its hash.
/// - Readable without JavaScript. The script only adds sorting by column and a status filter to
///   the summary table, and records on `<body>` how many thumbnails loaded
///   (`data-thumbnails-loaded`, out of `data-thumbnails`); opened as `REPORT.html#verify-images`
///   it loads every thumbnail eagerly first, which `Scripts/browser-test.sh` relies on.
/// - A thumbnail opens to full width in place (`<details>`): browsers refuse to navigate to a
///   `data:` URI from a link, and a second copy of the image would double the file.
public struct HTMLReportRenderer: ReportRenderer {
    /// PNGs of annotated pages: `images[path][page]`, with `path` as in the report's files.
    public var images: [String: [Int: Data]]
    /// Thumbnails shown per file; pages with errors come first when some must be left out.
    public var maxImagesPerFile: Int
    /// The document title and heading; by default `papercheck report: <profile id>`.
    public var title: String?
    /// Findings listed per rule before the rest are folded into a `<details>`.
    public var maxFindingsPerRule = 10
    let ruleOrder: [String]
    let profileSource: String?

    /// A renderer for reports checked against `profile`, whose rule order the findings follow.
    /// - Parameters:
    ///   - images: PNGs of annotated pages by file path and page number (see `AnnotatedPageRenderer`);
    ///     bytes that are not a PNG are left out.
    ///   - maxImagesPerFile: thumbnails shown per file; the report says how many more there were.
    ///   - title: the page title, instead of `papercheck report: <profile id>`.
    public init(profile: Profile, images: [String: [Int: Data]] = [:], maxImagesPerFile: Int = 6, title: String? = nil) {
        self.images = images
        self.maxImagesPerFile = maxImagesPerFile
        self.title = title
        ruleOrder = profile.rules.map(\.id)
        profileSource = profile.source
    }

    /// The complete document, ending in a newline.
    public func render(_ report: Report) -> String {
        let heading = title ?? "papercheck report: \(report.profile.id)"
        let shown = report.files.enumerated().map { index, file in (index + 1, file, thumbnails(for: file)) }
        let thumbnailCount = shown.reduce(0) { $0 + $1.2.shown.count }
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="\(Self.contentSecurityPolicy)">
            <meta name="generator" content="papercheck \(Self.escape(report.tool.version))">
            <title>\(Self.escape(heading))</title>
            <style>
            \(Self.styleSheet)</style>
            </head>
            <body data-thumbnails="\(thumbnailCount)">

            """
        out += header(report, heading: heading)
        out += "<main>\n"
        out += summaryTable(report)
        if let notices = report.notices, !notices.isEmpty {
            out += "<section id=\"notices\" class=\"notices\">\n<h2>Notices about the run</h2>\n"
            out += groupedByRule(notices)
            out += "</section>\n"
        }
        for (number, file, pictures) in shown {
            out += fileSection(file, number: number, thumbnails: pictures)
        }
        out += "</main>\n"
        out += "<footer><p>Made by papercheck \(Self.escape(report.tool.version)). "
            + "Boxes on the pages are in PDF points from the top-left corner; the dashed blue frame is the text block.</p></footer>\n"
        out += "<script>" + Self.script + "</script>\n</body>\n</html>\n"
        return out
    }

    // MARK: - Header and summary

    private func header(_ report: Report, heading: String) -> String {
        let summary = report.summary
        var out = "<header>\n<h1>\(Self.escape(heading))</h1>\n"
        out += "<p class=\"meta\">\(Self.escape(report.tool.name)) \(Self.escape(report.tool.version)) · profile <code>"
            + Self.escape(report.profile.id) + "</code> (" + Self.escape(report.profile.title) + ")"
        if let profileSource, !profileSource.isEmpty { out += " · rules from " + Self.escape(profileSource) }
        out += "</p>\n<ul class=\"counts\">\n"
        out += "<li><strong>\(summary.files)</strong> file\(summary.files == 1 ? "" : "s")</li>\n"
        let statuses: [(Int, FileStatus, String)] = [
            (summary.pass, .pass, "passed"), (summary.warn, .warn, "with warnings"),
            (summary.fail, .fail, "failed"), (summary.error, .error, "could not be checked"),
        ]
        for (count, status, label) in statuses {
            out += "<li class=\"status-\(status.rawValue)\"><strong>\(count)</strong> \(label)</li>\n"
        }
        out += "<li><strong>\(summary.errors)</strong> error\(summary.errors == 1 ? "" : "s")</li>\n"
        out += "<li><strong>\(summary.warnings)</strong> warning\(summary.warnings == 1 ? "" : "s")</li>\n"
        if summary.waived > 0 { out += "<li><strong>\(summary.waived)</strong> waived</li>\n" }
        out += "</ul>\n</header>\n"
        return out
    }

    private func summaryTable(_ report: Report) -> String {
        var out = "<section id=\"summary\">\n<h2>Summary</h2>\n"
        guard !report.files.isEmpty else { return out + "<p>No files were checked.</p>\n</section>\n" }
        out += """
            <p class="filter" hidden><label>Show <select id="status-filter">
            <option value="">all files</option><option value="not-pass">files with problems</option>
            <option value="fail">failed</option><option value="error">could not be checked</option>
            <option value="warn">with warnings</option><option value="pass">passed</option>
            </select></label></p>
            <div class="table-wrap">
            <table id="summary-table">
            <thead><tr><th>File</th><th>Status</th><th class="num" data-type="number">Pages</th><th class="num" data-type="number">Errors</th><th class="num" data-type="number">Warnings</th><th>First error</th></tr></thead>
            <tbody>

            """
        for (index, file) in report.files.enumerated() {
            let status = file.status.rawValue
            let firstError = Self.firstError(of: file) ?? ""
            let clipped = firstError.count > 140 ? String(firstError.prefix(139)) + "…" : firstError
            let titleAttribute = clipped == firstError ? "" : " title=\"\(Self.escape(firstError))\""
            out += "<tr class=\"file-row status-\(status)\" data-status=\"\(status)\">"
            out += "<td class=\"path\"><a href=\"#file-\(index + 1)\">\(Self.escape(file.path))</a></td>"
            out += "<td data-value=\"\(Self.statusRank(file.status))\"><span class=\"badge status-\(status)\">\(status)</span></td>"
            out += "<td class=\"num\" data-value=\"\(file.pages ?? -1)\">\(file.pages.map(String.init) ?? "–")</td>"
            out += "<td class=\"num\">\(file.errorCount)</td>"
            out += "<td class=\"num\">\(file.warningCount)</td>"
            out += "<td class=\"first-error\"\(titleAttribute)>\(Self.escape(clipped))</td></tr>\n"
        }
        out += "</tbody>\n</table>\n</div>\n</section>\n"
        return out
    }

    /// The first error that counts: a finding no waiver covers, or why the file could not be checked.
    static func firstError(of file: FileReport) -> String? {
        if file.isUnchecked, let error = file.error { return error }
        return file.findings.first { $0.severity == .error && !$0.isWaived }?.message
    }

    private static func statusRank(_ status: FileStatus) -> Int {
        switch status {
        case .pass: 0
        case .warn: 1
        case .fail: 2
        case .error: 3
        case .missing: 4
        }
    }

    // MARK: - Files

    private func fileSection(_ file: FileReport, number: Int, thumbnails: Thumbnails) -> String {
        let status = file.status.rawValue
        var out = "<section class=\"file status-\(status)\" id=\"file-\(number)\" data-status=\"\(status)\">\n"
        out += "<h2><span class=\"badge status-\(status)\">\(status)</span> <span class=\"path\">\(Self.escape(file.path))</span></h2>\n"
        out += "<p class=\"file-meta\">" + (fileFacts(file).map(Self.escape) + ["<a href=\"#summary\">back to the summary</a>"])
            .joined(separator: " · ") + "</p>\n"
        // A file that could not be checked normally carries the pdf-readable finding saying why.
        if file.isUnchecked, file.findings.isEmpty {
            out += "<p class=\"unreadable\">Could not be checked"
                + (file.errorCode.map { " (<code>\(Self.escape($0))</code>)" } ?? "")
                + (file.error.map { ": " + Self.escape($0) } ?? "") + "</p>\n"
        }
        if let summary = file.summary { out += summaryFacts(summary) }
        if file.findings.isEmpty {
            out += "<p class=\"clean\">No findings.</p>\n"
        } else {
            out += groupedByRule(file.findings)
        }
        if !thumbnails.shown.isEmpty || thumbnails.hidden > 0 {
            out += "<h3>Annotated pages</h3>\n<div class=\"thumbs\">\n"
            let name = Self.escape(file.path.split(separator: "/").last.map(String.init) ?? file.path)
            for (page, png, size) in thumbnails.shown {
                let dimensions = size.map { " width=\"\($0.width)\" height=\"\($0.height)\"" } ?? ""
                out += "<details class=\"page\"><summary><img class=\"thumb\" loading=\"lazy\" src=\"data:image/png;base64,"
                    + png.base64EncodedString() + "\"\(dimensions) alt=\"page \(page) of \(name)\">"
                    + "<span class=\"caption\">page \(page)</span></summary></details>\n"
            }
            out += "</div>\n"
            if thumbnails.hidden > 0 {
                out += "<p class=\"more\">\(thumbnails.hidden) more page\(thumbnails.hidden == 1 ? "" : "s") with findings not shown</p>\n"
            }
        }
        out += "</section>\n"
        return out
    }

    private func fileFacts(_ file: FileReport) -> [String] {
        var facts: [String] = []
        if let pages = file.pages { facts.append("\(pages) page\(pages == 1 ? "" : "s")") }
        if !file.isUnchecked {
            facts.append("\(file.errorCount) error\(file.errorCount == 1 ? "" : "s")")
            facts.append("\(file.warningCount) warning\(file.warningCount == 1 ? "" : "s")")
        }
        if file.waivedCount > 0 { facts.append("\(file.waivedCount) waived") }
        if let duplicate = file.duplicateOf { facts.append("same bytes as " + duplicate) }
        if let milliseconds = file.durationMilliseconds { facts.append("checked in \(milliseconds) ms") }
        return facts
    }

    private func summaryFacts(_ summary: FileSummary) -> String {
        var rows: [(String, String)] = []
        if let size = summary.pageSize { rows.append(("page size", size)) }
        if let font = summary.bodyFont {
            rows.append(("body font", font + (summary.bodyFontSize.map { ", " + FindingText.number($0) + " pt" } ?? "")))
        }
        if let step = summary.baselineStep { rows.append(("baseline step", FindingText.number(step) + " pt")) }
        if let columns = summary.columns { rows.append(("columns", "\(columns)")) }
        if let bodyPages = summary.bodyPages { rows.append(("body pages", "\(bodyPages)")) }
        rows.append(("line numbers", summary.lineNumbers ? "yes" : "no"))
        rows.append(("fonts", "\(summary.fonts)"))
        return "<dl class=\"facts\">" + rows.map { "<div><dt>\(Self.escape($0.0))</dt><dd>\(Self.escape($0.1))</dd></div>" }.joined()
            + "</dl>\n"
    }

    /// Findings grouped by rule, in the profile's rule order and then by first appearance.
    private func groupedByRule(_ findings: [Finding]) -> String {
        var order: [String] = []
        var byRule: [String: [Finding]] = [:]
        for finding in findings {
            if byRule[finding.ruleId] == nil { order.append(finding.ruleId) }
            byRule[finding.ruleId, default: []].append(finding)
        }
        let rank = Dictionary(ruleOrder.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let sorted = order.enumerated().sorted { left, right in
            (rank[left.element] ?? ruleOrder.count + left.offset) < (rank[right.element] ?? ruleOrder.count + right.offset)
        }.map(\.element)
        var out = ""
        for ruleID in sorted {
            guard let group = byRule[ruleID], let first = group.first else { continue }
            let counted = group.filter { !$0.isWaived }
            let label = counted.map(\.severity).max()?.rawValue ?? "waived"
            let pages = group.flatMap(\.allPages)
            out += "<div class=\"rule sev-\(label)\">\n<h3><span class=\"badge sev-\(label)\">\(label)</span> <code>"
                + Self.escape(ruleID) + "</code>"
                + (pages.isEmpty ? "" : " <span class=\"where\">" + (Set(pages).count == 1 ? "page " : "pages ")
                    + PageList.text(pages) + "</span>")
                + (group.count > 1 ? " <span class=\"count\">\(group.count) findings</span>" : "") + "</h3>\n"
            out += "<ul class=\"findings\">\n"
            for finding in group.prefix(maxFindingsPerRule) { out += findingItem(finding) }
            out += "</ul>\n"
            if group.count > maxFindingsPerRule {
                out += "<details class=\"more-findings\"><summary>\(group.count - maxFindingsPerRule) more</summary>\n<ul class=\"findings\">\n"
                for finding in group.dropFirst(maxFindingsPerRule) { out += findingItem(finding) }
                out += "</ul>\n</details>\n"
            }
            if !first.hint.isEmpty { out += "<p class=\"hint\"><strong>Fix:</strong> \(Self.escape(first.hint))</p>\n" }
            if !first.reference.isEmpty {
                out += "<p class=\"reference\"><strong>Guideline:</strong> \(Self.escape(first.reference))</p>\n"
            }
            out += "</div>\n"
        }
        return out
    }

    private func findingItem(_ finding: Finding) -> String {
        let severity = finding.severity.rawValue
        var out = "<li class=\"finding sev-\(severity)\(finding.isWaived ? " waived" : "")\">"
        out += "<span class=\"badge sev-\(severity)\">\(severity)</span> "
        if finding.isWaived { out += "<span class=\"badge waived\">waived</span> " }
        out += "<span class=\"message\">\(Self.escape(finding.message))</span>"
        var evidence: [(String, String)] = []
        if let pages = FindingText.pages(of: finding) { evidence.append(("where", Self.escape(pages))) }
        if let box = finding.box { evidence.append(("box", Self.escape(Self.box(box)))) }
        if let text = finding.text, !text.isEmpty { evidence.append(("text", "<q>" + Self.escape(text) + "</q>")) }
        if !finding.values.isEmpty {
            let values = finding.values.sorted { $0.key < $1.key }
                .map { "<code>\(Self.escape($0.key))</code> \(Self.escape($0.value))" }.joined(separator: ", ")
            evidence.append(("measured", values))
        }
        if finding.isWaived { evidence.append(("waiver", Self.escape(finding.waiver ?? ""))) }
        if !evidence.isEmpty {
            out += "<dl class=\"evidence\">" + evidence.map { "<div><dt>\($0.0)</dt><dd>\($0.1)</dd></div>" }.joined() + "</dl>"
        }
        return out + "</li>\n"
    }

    /// `x 394.68-571.44, y 708.31-717.21 pt (top-left origin)`: to 0.01 pt, which is all a reader needs.
    static func box(_ box: Box) -> String {
        let rounded = [box.x0, box.x1, box.y0, box.y1].map { FindingText.number(($0 * 100).rounded() / 100) }
        return "x \(rounded[0])-\(rounded[1]), y \(rounded[2])-\(rounded[3]) pt (top-left origin)"
    }

    // MARK: - Thumbnails

    struct Thumbnails {
        var shown: [(page: Int, png: Data, size: (width: Int, height: Int)?)] = []
        var hidden = 0
    }

    /// The file's PNGs, at most `maxImagesPerFile`: pages with errors first, then warnings, then
    /// the rest, each by page number; shown in page order.
    func thumbnails(for file: FileReport) -> Thumbnails {
        guard let pages = images[file.path] else { return Thumbnails() }
        let valid = pages.filter { Self.isPNG($0.value) }
        func rank(_ page: Int) -> Int {
            file.findings.filter { !$0.isWaived && $0.allPages.contains(page) }
                .map(\.severity.rank).max() ?? -1
        }
        let chosen = valid.keys.sorted().map { ($0, rank($0)) }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
            .prefix(max(0, maxImagesPerFile)).map(\.0).sorted()
        var thumbnails = Thumbnails(hidden: valid.count - chosen.count)
        for page in chosen {
            guard let png = valid[page] else { continue }
            thumbnails.shown.append((page, png, Self.pngSize(png)))
        }
        return thumbnails
    }

    private static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    static func isPNG(_ data: Data) -> Bool {
        data.count > pngSignature.count && data.prefix(pngSignature.count).elementsEqual(pngSignature)
    }

    /// Width and height from the PNG's IHDR chunk, so that the page keeps its layout while
    /// lazy images load.
    static func pngSize(_ data: Data) -> (width: Int, height: Int)? {
        let bytes = [UInt8](data.prefix(24))
        guard bytes.count == 24, isPNG(data), bytes[12...15].elementsEqual(Array("IHDR".utf8)) else { return nil }
        func bigEndian(_ range: Range<Int>) -> Int { bytes[range].reduce(0) { $0 << 8 | Int($1) } }
        let width = bigEndian(16..<20), height = bigEndian(20..<24)
        return width > 0 && height > 0 ? (width, height) : nil
    }

    // MARK: - Escaping

    /// Escapes text for HTML element content and quoted attribute values: `& < > " '` become
    /// character references, and control characters other than tab and line breaks become U+FFFD.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                out.unicodeScalars.append(value < 0x20 || (0x7F...0x9F).contains(value) ? "\u{FFFD}" : scalar)
            }
        }
        return out
    }

    // MARK: - Fixed parts

    /// Only inline styles, `data:` images and the one script below (by its SHA-256) may load.
    /// `HTMLReportTests` checks that the hash matches `script`.
    static let contentSecurityPolicy = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
        + "script-src '\(scriptHash)'; base-uri 'none'; form-action 'none'"

    /// `sha256-` and the base64 SHA-256 of `script`'s UTF-8 bytes.
    static let scriptHash = "sha256-DlX9z08AyzDktxvkr9ZE7B4JxX6XRK2Za/qkPkW9TP0="

    /// Sorting and filtering of the summary table, and the thumbnail load count. Plain ES5.
    static let script = """

        (function () {
          'use strict';
          var body = document.body;
          var table = document.getElementById('summary-table');
          if (table && table.tBodies.length) {
            var tbody = table.tBodies[0];
            var heads = table.tHead.rows[0].cells;
            Array.prototype.forEach.call(heads, function (th, column) {
              var button = document.createElement('button');
              button.type = 'button';
              button.textContent = th.textContent;
              th.textContent = '';
              th.appendChild(button);
              button.addEventListener('click', function () {
                var ascending = th.getAttribute('aria-sort') !== 'ascending';
                Array.prototype.forEach.call(heads, function (other) { other.removeAttribute('aria-sort'); });
                th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
                var numeric = th.getAttribute('data-type') === 'number' || column === 1;
                var rows = Array.prototype.slice.call(tbody.rows);
                var key = function (row) {
                  var cell = row.cells[column];
                  var value = cell.hasAttribute('data-value') ? cell.getAttribute('data-value') : cell.textContent;
                  return numeric ? parseFloat(value) || 0 : value.toLowerCase();
                };
                rows.sort(function (a, b) {
                  var x = key(a), y = key(b);
                  var order = x < y ? -1 : x > y ? 1 : 0;
                  return ascending ? order : -order;
                });
                rows.forEach(function (row) { tbody.appendChild(row); });
              });
            });
            var filter = document.getElementById('status-filter');
            if (filter) {
              filter.parentNode.parentNode.hidden = false;
              filter.addEventListener('change', function () {
                var wanted = filter.value;
                var items = document.querySelectorAll('tr.file-row, section.file');
                Array.prototype.forEach.call(items, function (item) {
                  var status = item.getAttribute('data-status');
                  item.hidden = !(wanted === '' || status === wanted || (wanted === 'not-pass' && status !== 'pass'));
                });
              });
            }
          }
          var thumbs = document.querySelectorAll('img.thumb');
          var eager = window.location.hash === '#verify-images';
          var loaded = 0, failed = 0;
          var update = function () {
            body.setAttribute('data-thumbnails-loaded', String(loaded));
            body.setAttribute('data-thumbnails-failed', String(failed));
          };
          Array.prototype.forEach.call(thumbs, function (img) {
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
        header, main, footer { max-width: 1100px; margin: 0 auto; padding: 0 16px; }
        header { padding-top: 16px; }
        h1 { font-size: 1.5em; margin: 0.3em 0; overflow-wrap: anywhere; }
        h2 { font-size: 1.25em; margin: 1.2em 0 0.4em; overflow-wrap: anywhere; }
        h3 { font-size: 1em; margin: 0.8em 0 0.3em; }
        code, q { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; overflow-wrap: anywhere; }
        .meta, .file-meta, footer { color: var(--muted); }
        .counts { display: flex; flex-wrap: wrap; gap: 6px 18px; list-style: none; padding: 0; margin: 0.5em 0; }
        .table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; border: 1px solid var(--line); border-radius: 6px; }
        table { border-collapse: collapse; width: 100%; min-width: 640px; }
        th, td { padding: 6px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
        th { background: #f1f3f4; white-space: nowrap; }
        th button { font: inherit; font-weight: bold; background: none; border: 0; padding: 0; cursor: pointer; }
        th[aria-sort="ascending"] button::after { content: " \\25B2"; }
        th[aria-sort="descending"] button::after { content: " \\25BC"; }
        .num { text-align: right; }
        td.path { overflow-wrap: anywhere; min-width: 12em; }
        .badge { display: inline-block; padding: 0 6px; border-radius: 4px; font-size: 0.8em; font-weight: bold; text-transform: uppercase; color: #fff; background: var(--muted); }
        .status-pass.badge { background: var(--pass); }
        .status-warn.badge, .sev-warning.badge { background: var(--warn); }
        .status-fail.badge, .status-error.badge, .sev-error.badge { background: var(--fail); }
        .sev-info.badge { background: var(--info); }
        .badge.waived, .sev-waived.badge { background: #80868b; }
        .counts .status-fail strong, .counts .status-error strong { color: var(--fail); }
        .counts .status-warn strong { color: var(--warn); }
        .counts .status-pass strong { color: var(--pass); }
        section.file { border-top: 2px solid var(--line); margin-top: 1.5em; }
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
        details.page summary { list-style: none; cursor: zoom-in; }
        details.page summary::-webkit-details-marker { display: none; }
        details.page img { display: block; width: 240px; max-width: 100%; height: auto; border: 1px solid var(--line); }
        details.page[open] { flex-basis: 100%; }
        details.page[open] summary { cursor: zoom-out; }
        details.page[open] img { width: auto; max-width: 100%; }
        .caption { display: block; color: var(--muted); font-size: 0.9em; }
        .more { color: var(--muted); font-style: italic; }
        footer { margin: 2em auto; font-size: 0.9em; }
        @media (max-width: 600px) {
          body { font-size: 14px; }
          details.page img { width: 140px; }
        }

        """
}
