import Foundation
import PaperRules

/// The summary table a program chair triages from: one `tr.file-row` per file with its id, title,
/// verdict, ranked causes, status, pages, producer, a link to the PDF, a duplicate marker and one
/// column per rule (unwaived errors of that rule). Each row carries stable `data-` attributes
/// (`data-verdict`, `data-status`, `data-pages`, `data-producer`, `data-rules`, ...) that the
/// script filters on and tests read; the filter controls stay hidden until the script shows them.
extension HTMLReportRenderer {
    /// What one row shows, worked out once.
    struct ChairRow {
        /// 1-based, the number of the file's section (`#file-N`) and the original order.
        let number: Int
        let file: FileReport
        /// The submission id, or the file name when there is no submission.
        let id: String
        let title: String
        let triage: Triage
        /// Unwaived error findings per rule id.
        let errorsByRule: [String: Int]
        /// The id of the earlier file with the same bytes, if any.
        let duplicate: (id: String, number: Int?)?
    }

    func chairRows(_ report: Report) -> [ChairRow] {
        let numberByPath = Dictionary(report.files.enumerated().map { ($1.path, $0 + 1) }, uniquingKeysWith: { first, _ in first })
        func id(of file: FileReport) -> String { file.submission?.id ?? HTMLReportLinks.displayName(file.path) }
        return report.files.enumerated().map { index, file in
            let duplicate = file.duplicateOf.map { path -> (String, Int?) in
                let number = numberByPath[path]
                return (number.map { id(of: report.files[$0 - 1]) } ?? HTMLReportLinks.displayName(path), number)
            }
            return ChairRow(number: index + 1, file: file, id: id(of: file), title: file.submission?.title ?? "",
                            triage: file.triage ?? Triage.assess(file, profile: profile), errorsByRule: file.errorCountsByRule,
                            duplicate: duplicate)
        }
    }

    /// The profile's rules in order, then any other rule with errors in the report (a report
    /// checked with other rules still shows every count).
    func ruleColumns(_ rows: [ChairRow]) -> [String] {
        var columns = ruleOrder
        var known = Set(columns)
        for row in rows {
            for finding in row.file.findings where row.errorsByRule[finding.ruleId] != nil && !known.contains(finding.ruleId) {
                columns.append(finding.ruleId)
                known.insert(finding.ruleId)
            }
        }
        return columns
    }

    func summaryTable(_ rows: [ChairRow]) -> String {
        var out = "<section id=\"summary\">\n<h2>Summary</h2>\n"
        guard !rows.isEmpty else { return out + "<p>No files were checked.</p>\n</section>\n" }
        let rules = ruleColumns(rows)
        // Without a submissions list there are no titles: no empty column then.
        let titles = rows.contains { !$0.title.isEmpty }
        out += filterControls(rows, rules: rules)
        out += "<p id=\"shown-count\" class=\"shown\" aria-live=\"polite\">\(rows.count) of \(rows.count) shown</p>\n"
        out += "<div class=\"table-wrap\">\n<table id=\"summary-table\">\n<thead><tr>"
        out += "<th scope=\"col\">Paper</th>" + (titles ? "<th scope=\"col\">Title</th>" : "") + "<th scope=\"col\" data-sort=\"number\">Verdict</th>"
            + "<th scope=\"col\">Causes</th><th scope=\"col\" data-sort=\"number\">Status</th>"
            + "<th scope=\"col\" class=\"num\" data-sort=\"number\">Pages</th><th scope=\"col\">Producer</th><th scope=\"col\">PDF</th>"
        for rule in rules {
            out += "<th scope=\"col\" class=\"rule-col\" data-sort=\"number\" data-rule=\"\(Self.escape(rule))\" title=\"\(Self.escape(rule))\">"
                + "<span>\(Self.escape(rule))</span></th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        for row in rows { out += tableRow(row, rules: rules, titles: titles) }
        out += "</tbody>\n</table>\n</div>\n</section>\n"
        return out
    }

    private func tableRow(_ row: ChairRow, rules: [String], titles: Bool) -> String {
        let file = row.file
        let status = file.status.rawValue
        let verdict = row.triage.verdict.rawValue
        let producer = file.summary?.producer ?? ""
        let failing = rules.filter { row.errorsByRule[$0] != nil }
        var attributes: [(String, String)] = [
            ("data-index", String(row.number)), ("data-section", "file-\(row.number)"), ("data-id", row.id),
            ("data-title", row.title), ("data-path", file.path), ("data-verdict", verdict), ("data-status", status),
            ("data-pages", file.pages.map(String.init) ?? ""), ("data-producer", Self.producerFamily(producer)),
            ("data-rules", failing.joined(separator: " ")),
        ]
        if let duplicate = row.duplicate { attributes.append(("data-duplicate-of", duplicate.id)) }
        var out = "<tr class=\"file-row status-\(status) verdict-\(verdict)\""
            + attributes.map { " \($0.0)=\"\(Self.escape($0.1))\"" }.joined() + ">"
        // Paper: the id, linking to the file's section; a duplicate says of which paper.
        out += "<td class=\"paper\"><a href=\"#file-\(row.number)\" title=\"\(Self.escape(file.path))\">\(Self.escape(row.id))</a>"
        if let duplicate = row.duplicate {
            let target = duplicate.number.map { "<a href=\"#file-\($0)\">\(Self.escape(duplicate.id))</a>" } ?? Self.escape(duplicate.id)
            out += "<span class=\"dup\" title=\"same bytes as \(Self.escape(file.duplicateOf ?? ""))\">same bytes as \(target)</span>"
        }
        out += "</td>"
        if titles { out += "<td class=\"title\"" + Self.clippedCell(row.title, limit: 90) + "</td>" }
        out += "<td data-value=\"\(Self.verdictRank(row.triage.verdict))\"><span class=\"badge verdict-\(verdict)\">\(Self.escape(Self.verdictLabel(row.triage.verdict)))</span></td>"
        out += "<td class=\"causes\">" + causesList(row.triage) + "</td>"
        out += "<td data-value=\"\(file.status.rank)\"><span class=\"badge status-\(status)\">\(status)</span></td>"
        out += "<td class=\"num\" data-value=\"\(file.pages ?? -1)\">\(file.pages.map(String.init) ?? "–")</td>"
        out += "<td class=\"producer\"" + Self.clippedCell(producer, limit: 20) + "</td>"
        out += "<td class=\"file\">" + pdfLink(file) + "</td>"
        for rule in rules {
            let count = row.errorsByRule[rule] ?? 0
            out += count == 0 ? "<td class=\"rule-count\" data-value=\"0\"></td>"
                : "<td class=\"rule-count failing\" data-value=\"\(count)\" title=\"\(Self.escape(rule)): \(count) error\(count == 1 ? "" : "s")\">\(count)</td>"
        }
        return out + "</tr>\n"
    }

    /// The file name, one line, linking to the PDF (to the archive for a zip member), the full
    /// path in `title`. A missing submission has no file to link to, nor an upload that is gone.
    func pdfLink(_ file: FileReport) -> String {
        let name = Self.escape(HTMLReportLinks.displayName(file.path))
        guard linksFiles, file.status != .missing else { return "<span title=\"\(Self.escape(file.path))\">\(name)</span>" }
        let href = HTMLReportLinks.href(for: file.path, from: linkBase, workingDirectory: workingDirectory)
        return "<a class=\"pdf\" href=\"\(Self.escape(href))\" title=\"\(Self.escape(file.path))\">\(name)</a>"
    }

    /// The ranked causes: the first three, then how many more, all of them in `title`.
    private func causesList(_ triage: Triage) -> String {
        guard !triage.causes.isEmpty else { return "" }
        let shown = triage.causes.prefix(3)
        var out = "<ul class=\"cause-list\"" + (triage.causes.count > shown.count ? " title=\"\(Self.escape(triage.summary))\"" : "") + ">"
        for cause in shown {
            out += "<li class=\"cause triage-\(cause.triage.rawValue) sev-\(cause.severity.rawValue)\">\(Self.escape(cause.text))</li>"
        }
        if triage.causes.count > shown.count { out += "<li class=\"more-causes\">+\(triage.causes.count - shown.count) more</li>" }
        return out + "</ul>"
    }

    /// The rest of a `<td` start tag and its content: the text clipped to `limit` characters,
    /// the whole of it in `title` when clipped.
    static func clippedCell(_ text: String, limit: Int) -> String {
        guard text.count > limit else { return ">" + escape(text) }
        return " title=\"\(escape(text))\">" + escape(String(text.prefix(limit - 1))) + "…"
    }

    // MARK: - Filters

    private func filterControls(_ rows: [ChairRow], rules: [String]) -> String {
        func options(_ values: [(value: String, label: String, count: Int)]) -> String {
            values.map { "<option value=\"\(Self.escape($0.value))\">\(Self.escape($0.label)) (\($0.count))</option>" }.joined()
        }
        let verdicts = TriageClass.allCases.sorted().compactMap { verdict -> (String, String, Int)? in
            let count = rows.filter { $0.triage.verdict == verdict }.count
            return count == 0 ? nil : (verdict.rawValue, Self.verdictLabel(verdict), count)
        }
        let failing = rules.compactMap { rule -> (String, String, Int)? in
            let count = rows.filter { $0.errorsByRule[rule] != nil }.count
            return count == 0 ? nil : (rule, rule, count)
        }
        var producerCounts: [String: Int] = [:]
        for row in rows { producerCounts[Self.producerFamily(row.file.summary?.producer), default: 0] += 1 }
        // `=` before the family, so that the unknown producer (empty) differs from "any".
        let producers = producerCounts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
            .map { ("=" + $0.key, $0.key.isEmpty ? "unknown" : $0.key, $0.value) }
        let statuses = FileStatus.allCases.compactMap { status -> (String, String, Int)? in
            let count = rows.filter { $0.file.status == status }.count
            return count == 0 ? nil : (status.rawValue, status.rawValue, count)
        }
        let problems = rows.filter { $0.file.status != .pass }.count
        return """
            <div id="filters" class="filters" hidden>
            <label>Verdict <select id="filter-verdict"><option value="">any</option>\(options(verdicts))</select></label>
            <label>Failing rule <select id="filter-rule"><option value="">any</option>\(options(failing))</select></label>
            <label>Producer <select id="filter-producer"><option value="">any</option>\(options(producers))</select></label>
            <label>Status <select id="filter-status"><option value="">any</option><option value="not-pass">not passed (\(problems))</option>\(options(statuses))</select></label>
            <label>Pages <input id="filter-pages-min" type="number" min="0" step="1" inputmode="numeric" placeholder="min" aria-label="at least this many pages"></label>
            <label>to <input id="filter-pages-max" type="number" min="0" step="1" inputmode="numeric" placeholder="max" aria-label="at most this many pages"></label>
            <label>Search <input id="filter-text" type="search" placeholder="id, title or file"></label>
            <button type="button" id="filter-clear">Clear filters</button>
            </div>

            """
    }

    // MARK: - Values

    /// The verdict as a chair reads it.
    static func verdictLabel(_ verdict: TriageClass) -> String {
        verdict.rawValue.replacingOccurrences(of: "-", with: " ")
    }

    /// The place of a verdict in urgency order (0 most urgent), for sorting.
    static func verdictRank(_ verdict: TriageClass) -> Int {
        TriageClass.allCases.sorted().firstIndex(of: verdict) ?? 0
    }

    /// The producer without its version and what follows: `pdfTeX-1.40.16` is `pdfTeX`,
    /// `GPL Ghostscript 9.18` is `GPL Ghostscript`, `iText® 5.3.4 ©2000-2012 1T3XT` is `iText®`; at
    /// most four words. Files of one tool then group under one filter value.
    static func producerFamily(_ producer: String?) -> String {
        guard let producer else { return "" }
        var words: [String] = []
        for piece in producer.split(whereSeparator: \.isWhitespace) {
            if piece.hasPrefix("(") || piece.hasPrefix("©") || piece.hasPrefix("[") { break }
            let endsClause = piece.hasSuffix(",") || piece.hasSuffix(";")
            let word = endsClause ? String(piece.dropLast()) : String(piece)
            if isVersion(word) { break }
            // `pdfTeX-1.40.16`, `pdfeTeX-1.21a`: a version joined by a hyphen ends the name.
            if let dash = word.lastIndex(of: "-"), dash != word.startIndex, isVersion(String(word[word.index(after: dash)...])) {
                words.append(String(word[..<dash]))
                break
            }
            if !word.isEmpty { words.append(word) }
            if endsClause || words.count == 4 { break }
        }
        return words.joined(separator: " ")
    }

    /// `9.18`, `1.21a`, `v2`, `365`, `2016`: digits first (after an optional v), then only digits,
    /// dots, hyphens, underscores and lower-case letters.
    private static func isVersion(_ word: String) -> Bool {
        let scalars = Array((word.hasPrefix("v") ? String(word.dropFirst()) : word).unicodeScalars)
        guard let first = scalars.first, ("0"..."9").contains(first) else { return false }
        return scalars.allSatisfy { ("0"..."9").contains($0) || ("a"..."z").contains($0) || $0 == "." || $0 == "-" || $0 == "_" }
    }
}
