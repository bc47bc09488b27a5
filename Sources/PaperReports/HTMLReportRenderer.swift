import Foundation
import PaperFacts
import PaperRules

/// The HTML report, for people who read reports in a browser, on a desk or a phone, and for the
/// program chair who triages a batch: a header with the counts, the chair's summary table (one
/// `tr.file-row` per file: id, title, verdict, ranked causes, status, pages, producer, PDF link,
/// duplicates, one column per rule; see `HTMLChairTable.swift`), then per file its findings
/// grouped by rule with their evidence, and the annotated pages.
///
/// - Images: embedded as `data:image/png;base64,` URIs (`images`: one self-contained file), or
///   files beside the report that it links relatively (`imageFiles`: a batch of thousands stays
///   small). The Content-Security-Policy allows only those (`img-src data:` or `'self'`), inline
///   CSS and the one script by its hash, so opening the file makes no other request.
/// - Safe: every string that comes from a PDF or a path (paths, ids, titles, producers, messages,
///   text, values, metadata, waiver reasons) is escaped with `escape(_:)`, and link targets are
///   percent-encoded (`HTMLReportLinks`).
/// - Readable without JavaScript: the table, the sections and the thumbnails are plain markup.
///   The script (`HTMLReportAssets.script`) adds filters, sorting by any column, the large view
///   of a page (one `<dialog>` showing the thumbnail's own image: no second copy of its bytes),
///   and records on `<body>` how many thumbnails loaded (`data-thumbnails-loaded`, out of
///   `data-thumbnails`); opened as `REPORT.html#verify-images` it loads every thumbnail eagerly
///   first, which `Scripts/browser-test.sh` relies on.
public struct HTMLReportRenderer: ReportRenderer {
    /// PNGs of annotated pages to embed: `images[path][page]`, with `path` as in the report's files.
    public var images: [String: [Int: Data]]
    /// PNG files beside the report to link instead of embedding: `imageFiles[path][page]`. A page
    /// found here is not looked up in `images`.
    public var imageFiles: [String: [Int: HTMLImageFile]]
    /// Thumbnails shown per file; pages with errors come first when some must be left out.
    public var maxImagesPerFile: Int
    /// The document title and heading; by default `papercheck report: <profile id>`.
    public var title: String?
    /// Findings listed per rule before the rest are folded into a `<details>`.
    public var maxFindingsPerRule = 10
    /// The folder the report is written to, which links to the PDFs are relative to (absolute, or
    /// relative to `workingDirectory`); nil for the working directory (a report on standard output).
    public var linkBase: String?
    /// The folder relative paths in the report are relative to.
    public var workingDirectory: String
    /// Whether file names link to the PDFs; false where the PDFs are not beside the report (the
    /// server's answer, whose upload is gone), so no link leads nowhere.
    public var linksFiles = true
    /// Markup put first in `<main>`, as it is: the server's verdict and pass code. The caller
    /// escapes what it puts there.
    public var preface: String?
    let profile: Profile
    let ruleOrder: [String]
    let profileSource: String?

    /// A renderer for reports checked against `profile`, whose rules give the verdicts, the rule
    /// columns and the order of the findings.
    /// - Parameters:
    ///   - images: PNGs of annotated pages by file path and page number (see `AnnotatedPageRenderer`),
    ///     embedded; bytes that are not a PNG are left out.
    ///   - imageFiles: PNG files beside the report by file path and page number, linked.
    ///   - maxImagesPerFile: thumbnails shown per file; the report says how many more there were.
    ///   - title: the page title, instead of `papercheck report: <profile id>`.
    ///   - linkBase: the report's folder, for the relative links to the PDFs; nil for the working directory.
    ///   - workingDirectory: what relative paths are relative to; the process's by default.
    public init(profile: Profile, images: [String: [Int: Data]] = [:], imageFiles: [String: [Int: HTMLImageFile]] = [:],
                maxImagesPerFile: Int = 6, title: String? = nil, linkBase: String? = nil,
                workingDirectory: String = FileManager.default.currentDirectoryPath) {
        self.images = images
        self.imageFiles = imageFiles
        self.maxImagesPerFile = maxImagesPerFile
        self.title = title
        self.linkBase = linkBase
        self.workingDirectory = workingDirectory
        self.profile = profile
        ruleOrder = profile.rules.map(\.id)
        profileSource = profile.source
    }

    /// The complete document, ending in a newline.
    public func render(_ report: Report) -> String {
        let heading = title ?? "papercheck report: \(report.profile.id)"
        let shown = report.files.enumerated().map { index, file in (index + 1, file, thumbnails(for: file)) }
        let thumbnailCount = shown.reduce(0) { $0 + $1.2.shown.count }
        let linked = shown.contains { $0.2.shown.contains { $0.link != nil } }
        let rows = chairRows(report)
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="\(HTMLReportAssets.contentSecurityPolicy(linkedImages: linked))">
            <meta name="generator" content="papercheck \(Self.escape(report.tool.version))">
            <title>\(Self.escape(heading))</title>
            <style>
            \(HTMLReportAssets.styleSheet)</style>
            </head>
            <body data-thumbnails="\(thumbnailCount)">

            """
        out += header(report, heading: heading, verdicts: rows.map(\.triage.verdict))
        out += "<main>\n"
        if let preface { out += preface }
        out += summaryTable(rows)
        if let notices = report.notices, !notices.isEmpty {
            out += "<section id=\"notices\" class=\"notices\">\n<h2>Notices about the run</h2>\n"
            out += groupedByRule(notices)
            out += "</section>\n"
        }
        for (number, file, pictures) in shown {
            out += fileSection(file, number: number, row: rows[number - 1], thumbnails: pictures)
        }
        out += "</main>\n"
        out += "<footer><p>Made by papercheck \(Self.escape(report.tool.version)). "
            + "Boxes on the pages are in PDF points from the top-left corner; the dashed blue frame is the text block.</p></footer>\n"
        out += "<script>" + HTMLReportAssets.script + "</script>\n</body>\n</html>\n"
        return out
    }

    // MARK: - Header

    private func header(_ report: Report, heading: String, verdicts: [TriageClass]) -> String {
        let summary = report.summary
        var out = "<header>\n<h1>\(Self.escape(heading))</h1>\n"
        out += "<p class=\"meta\">\(Self.escape(report.tool.name)) \(Self.escape(report.tool.version)) · profile <code>"
            + Self.escape(report.profile.id) + "</code> (" + Self.escape(report.profile.title) + ")"
        if let profileSource, !profileSource.isEmpty { out += " · rules from " + Self.escape(profileSource) }
        out += "</p>\n<ul class=\"counts\">\n"
        out += "<li><strong>\(summary.files)</strong> file\(summary.files == 1 ? "" : "s")</li>\n"
        let missing = report.files.filter { $0.status == .missing }.count
        var statuses: [(Int, FileStatus, String)] = [
            (summary.pass, .pass, "passed"), (summary.warn, .warn, "with warnings"),
            (summary.fail, .fail, "failed"), (summary.error, .error, "could not be checked"),
        ]
        if missing > 0 { statuses.append((missing, .missing, "missing")) }
        for (count, status, label) in statuses {
            out += "<li class=\"status-\(status.rawValue)\"><strong>\(count)</strong> \(label)</li>\n"
        }
        out += "<li><strong>\(summary.errors)</strong> error\(summary.errors == 1 ? "" : "s")</li>\n"
        out += "<li><strong>\(summary.warnings)</strong> warning\(summary.warnings == 1 ? "" : "s")</li>\n"
        if summary.waived > 0 { out += "<li><strong>\(summary.waived)</strong> waived</li>\n" }
        out += "</ul>\n"
        // The chair's count: how many papers need which action.
        let counted = TriageClass.allCases.sorted().map { verdict in (verdict, verdicts.filter { $0 == verdict }.count) }
            .filter { $0.1 > 0 }
        if !counted.isEmpty {
            out += "<ul class=\"counts verdicts\">\n"
            for (verdict, count) in counted {
                out += "<li><span class=\"badge verdict-\(verdict.rawValue)\">\(Self.escape(Self.verdictLabel(verdict)))</span> <strong>\(count)</strong></li>\n"
            }
            out += "</ul>\n"
        }
        out += "</header>\n"
        return out
    }

    // MARK: - Files

    private func fileSection(_ file: FileReport, number: Int, row: ChairRow, thumbnails: Thumbnails) -> String {
        let status = file.status.rawValue
        let verdict = row.triage.verdict
        var out = "<section class=\"file status-\(status)\" id=\"file-\(number)\" data-status=\"\(status)\" data-verdict=\"\(verdict.rawValue)\">\n"
        out += "<h2><span class=\"badge status-\(status)\">\(status)</span> "
        if let submission = file.submission {
            out += "<span class=\"paper-id\">\(Self.escape(submission.id))</span>"
                + (submission.title.map { " <span class=\"paper-title\">\(Self.escape($0))</span>" } ?? "") + "</h2>\n"
            out += "<p class=\"file-path\">" + pdfLink(file) + " <span class=\"path\">\(Self.escape(file.path))</span></p>\n"
        } else {
            out += "<span class=\"path\">\(Self.escape(file.path))</span></h2>\n"
        }
        out += "<p class=\"verdict\"><span class=\"badge verdict-\(verdict.rawValue)\">\(Self.escape(Self.verdictLabel(verdict)))</span>"
            + (row.triage.causes.isEmpty ? "" : " " + Self.escape(row.triage.summary)) + "</p>\n"
        var facts = fileFacts(file).map(Self.escape)
        if file.submission == nil, file.status != .missing { facts.append(pdfLink(file)) }
        out += "<p class=\"file-meta\">" + (facts + ["<a href=\"#summary\">back to the summary</a>"]).joined(separator: " · ") + "</p>\n"
        // A file that could not be checked normally carries the pdf-readable finding saying why.
        if file.isUnchecked, file.findings.isEmpty {
            out += "<p class=\"unreadable\">" + (file.status == .missing ? "No PDF" : "Could not be checked")
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
            let name = Self.escape(HTMLReportLinks.displayName(file.path))
            for thumbnail in thumbnails.shown { out += figure(thumbnail, name: name) }
            out += "</div>\n"
            if thumbnails.hidden > 0 {
                out += "<p class=\"more\">\(thumbnails.hidden) more page\(thumbnails.hidden == 1 ? "" : "s") with findings not shown</p>\n"
            }
        }
        out += "</section>\n"
        return out
    }

    /// One page image, shown small. The script opens it large in a dialog; without the script, a
    /// linked image opens in the browser and an embedded one widens in place (`<details>`:
    /// browsers refuse links to `data:` URIs, and a second copy of the bytes would double the file).
    private func figure(_ thumbnail: Thumbnail, name: String) -> String {
        let dimensions = thumbnail.size.map { " width=\"\($0.width)\" height=\"\($0.height)\"" } ?? ""
        let image = "<img class=\"thumb\" loading=\"lazy\" src=\"\(thumbnail.source)\"\(dimensions) alt=\"page \(thumbnail.page) of \(name)\">"
        let caption = "<span class=\"caption\">page \(thumbnail.page)</span>"
        if let link = thumbnail.link {
            return "<div class=\"page\"><a class=\"page-open\" href=\"\(link)\" target=\"_blank\" rel=\"noopener\">"
                + image + caption + "</a></div>\n"
        }
        return "<details class=\"page\"><summary class=\"page-open\">" + image + caption + "</summary></details>\n"
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

    /// A page image as the markup uses it.
    struct Thumbnail {
        let page: Int
        /// The `src`: a `data:` URI, or the percent-encoded relative path of a file.
        let source: String
        /// The same path for the link that opens the image without the script; nil when embedded.
        let link: String?
        let size: (width: Int, height: Int)?
    }

    struct Thumbnails {
        var shown: [Thumbnail] = []
        var hidden = 0
    }

    /// The file's images, at most `maxImagesPerFile`: pages with errors first, then warnings, then
    /// the rest, each by page number; shown in page order. Linked files win over embedded bytes.
    func thumbnails(for file: FileReport) -> Thumbnails {
        let linked = imageFiles[file.path] ?? [:]
        let embedded = (images[file.path] ?? [:]).filter { linked[$0.key] == nil && Self.isPNG($0.value) }
        let pages = Set(linked.keys).union(embedded.keys)
        guard !pages.isEmpty else { return Thumbnails() }
        func rank(_ page: Int) -> Int {
            file.findings.filter { !$0.isWaived && $0.allPages.contains(page) }
                .map(\.severity.rank).max() ?? -1
        }
        let chosen = pages.sorted().map { ($0, rank($0)) }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
            .prefix(max(0, maxImagesPerFile)).map(\.0).sorted()
        var thumbnails = Thumbnails(hidden: pages.count - chosen.count)
        for page in chosen {
            if let image = linked[page] {
                let href = Self.escape(HTMLReportLinks.percentEncoded(image.path))
                let size = image.width.flatMap { width in image.height.map { (width, $0) } }
                thumbnails.shown.append(Thumbnail(page: page, source: href, link: href, size: size))
            } else if let png = embedded[page] {
                thumbnails.shown.append(Thumbnail(page: page, source: "data:image/png;base64," + png.base64EncodedString(),
                                                  link: nil, size: Self.pngSize(png)))
            }
        }
        return thumbnails
    }

    private static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    static func isPNG(_ data: Data) -> Bool {
        data.count > pngSignature.count && data.prefix(pngSignature.count).elementsEqual(pngSignature)
    }

    /// Width and height from the PNG's IHDR chunk (its first 24 bytes are enough), so that the
    /// page keeps its layout while lazy images load.
    public static func pngSize(_ data: Data) -> (width: Int, height: Int)? {
        let bytes = [UInt8](data.prefix(24))
        guard bytes.count == 24, isPNG(data), bytes[12...15].elementsEqual(Array("IHDR".utf8)) else { return nil }
        func bigEndian(_ range: Range<Int>) -> Int { bytes[range].reduce(0) { $0 << 8 | Int($1) } }
        let width = bigEndian(16..<20), height = bigEndian(20..<24)
        return width > 0 && height > 0 ? (width, height) : nil
    }

    // MARK: - Escaping

    /// Escapes text for HTML element content and quoted attribute values: `& < > " '` become
    /// character references, and control characters other than tab and line breaks become U+FFFD.
    /// The policy the report's `<meta>` sets, for a server to send as its header too.
    public static func contentSecurityPolicy(linkedImages: Bool) -> String {
        HTMLReportAssets.contentSecurityPolicy(linkedImages: linkedImages)
    }

    /// `text` safe inside HTML text and quoted attributes.
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
}

/// A page image written beside the report, which the report links instead of embedding.
public struct HTMLImageFile: Sendable, Equatable {
    /// The path relative to the report's folder, not encoded (`report_files/paper_p3.png`).
    public var path: String
    /// The width in pixels, from the PNG header, so the layout holds while the image loads.
    public var width: Int?
    /// The height in pixels.
    public var height: Int?

    /// An image file at `path` (relative to the report's folder), `width` x `height` pixels when known.
    public init(path: String, width: Int? = nil, height: Int? = nil) {
        self.path = path
        self.width = width
        self.height = height
    }
}
