import Foundation
import PaperFacts
import PaperRules
import Testing
@testable import PaperReports

/// The HTML report: its golden, escaping of everything a PDF or a path can carry, no external
/// fetches, and the thumbnail cap.
@Suite("html report")
struct HTMLReportRendererTests {
    /// A 34 x 44 PNG (white, a red frame, grey dots) standing in for an annotated page.
    static let samplePNG = Data(base64Encoded: """
        iVBORw0KGgoAAAANSUhEUgAAACIAAAAsCAIAAACPL/3lAAAAnUlEQVR42u2XYQqAMAiFPcTuf5FdpbtUEERY29SpLHixf3vwTZ8PifaUj4CZx9RaW1Lb1QcmiCFt2iRDhHEpkRIYA4yjVU3MVsr8GWDOF4VjrqqZTturAeZWvzEqP3qYp5rptJ6LvGE6w8ipMbax1mHM0bE0zRBPB4ykxCXjGYXB9sT2TN6evuNACYxePH1HDvFEPBHP38QTP+zrYA4Rozl9YZnhrgAAAABJRU5ErkJggg==
        """, options: .ignoreUnknownCharacters) ?? Data()

    /// The sample report with thumbnails of pages 2, 4 and 9 of the failing file, two shown.
    static func goldenRenderer() throws -> HTMLReportRenderer {
        HTMLReportRenderer(profile: try RendererGoldenTests.sampleProfile(),
                           images: ["papers/draft <v2>.pdf": [2: samplePNG, 4: samplePNG, 9: samplePNG]],
                           maxImagesPerFile: 2)
    }

    @Test func golden() throws {
        let rendered = try Self.goldenRenderer().render(try RendererGoldenTests.sampleReport())
        try RendererGoldenTests.compare(rendered, golden: "report.html")
        #expect(Self.count("<tr class=\"file-row", in: rendered) == 2)
        #expect(Self.count("<img ", in: rendered) == 2)
        #expect(rendered.contains("1 more page with findings not shown"))
        #expect(rendered.contains("alt=\"page 2 of draft &lt;v2&gt;.pdf\""))
        #expect(rendered.contains("<body data-thumbnails=\"2\">"))
        // Every row links to a section that exists.
        for index in 1...2 {
            #expect(rendered.contains("href=\"#file-\(index)\""))
            #expect(rendered.contains("id=\"file-\(index)\""))
        }
    }

    @Test func samplePNGIsAPNG() {
        #expect(HTMLReportRenderer.isPNG(Self.samplePNG))
        let size = HTMLReportRenderer.pngSize(Self.samplePNG)
        #expect(size?.width == 34 && size?.height == 44)
    }

    @Test func escapesTheFiveCharactersAndControls() {
        #expect(HTMLReportRenderer.escape(#"<a href="x">&'b'</a>"#) == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;b&#39;&lt;/a&gt;")
        #expect(HTMLReportRenderer.escape("a\u{0}b\u{1B}c\td\n") == "a\u{FFFD}b\u{FFFD}c\td\n")
    }

    @Test func boxesAreRoundedToHundredthsOfAPoint() {
        #expect(HTMLReportRenderer.box(Box(x0: 394.6824881999999, y0: 708.3053572, x1: 571.4389387999999, y1: 717))
            == "x 394.68-571.44, y 708.31-717 pt (top-left origin)")
    }

    static let attacks = ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "'><svg onload=alert(1)>"]

    /// A report where every string a PDF or a user controls carries markup.
    static func hostileReport() throws -> Report {
        let evil = attacks.joined(separator: " ")
        let finding = Finding(ruleId: "margins" + attacks[0], check: "contentWithin", severity: .error, message: "msg " + evil,
                              page: 1, box: Box(x0: 1, y0: 2, x1: 3, y1: 4), text: "text " + evil,
                              values: [attacks[1]: attacks[0], "side": evil], hint: "hint " + evil,
                              reference: "ref " + evil)
        var waived = finding
        waived.waived = true
        waived.waiver = "reason " + evil
        var file = FileReport(path: "dir/\(attacks[1])/\(attacks[0]).pdf", status: .fail, pages: 1, findings: [finding, waived],
                              summary: FileSummary(pageSize: evil, bodyFont: evil, bodyFontSize: 10, baselineStep: 12,
                                                   columns: 2, bodyPages: 1, lineNumbers: false, fonts: 1, producer: evil))
        file.duplicateOf = evil
        file.submission = Submission(id: evil, title: "title " + evil)
        var broken = FileReport(path: "javascript:" + evil + ".pdf", status: .error, pages: nil, findings: [finding],
                                errorCode: evil, error: "error " + evil)
        broken.triage = Triage(verdict: .checkByHand, causes: [
            Triage.Cause(ruleId: evil, triage: .checkByHand, severity: .error, text: "cause " + evil, count: 1),
        ])
        broken.duplicateOf = file.path
        var report = Report(toolVersion: evil, profile: try RendererGoldenTests.sampleProfile(), rulesSchemaVersion: 1,
                            files: [file, broken], notices: [finding])
        report.profile.title = evil
        report.profile.id = evil
        return report
    }

    @Test func everyStringFromAPDFIsEscaped() throws {
        let report = try Self.hostileReport()
        let images = [report.files[0].path: [1: Self.samplePNG]]
        let rendered = HTMLReportRenderer(profile: try RendererGoldenTests.sampleProfile(), images: images,
                                          title: Self.attacks[0]).render(report)
        let lower = rendered.lowercased()
        // The one script element is ours, at the end.
        #expect(Self.count("<script", in: lower) == 1)
        let ours = "<script>" + HTMLReportAssets.script + "</script>\n</body>\n</html>\n"
        #expect(rendered.hasSuffix(ours))
        // No markup from the report became a tag or an attribute. Escaped text holds no < > or ",
        // so a tag's names and attributes are what remains once its quoted values are dropped.
        let tags = Self.tags(in: lower).map { $0.replacingOccurrences(of: "\"[^\"]*\"", with: "\"\"", options: .regularExpression) }
        for marker in ["onerror", "onload", "svg", "src=x", "javascript:", "alert"] {
            #expect(!tags.contains { $0.contains(marker) }, "raw \(marker) in a tag")
        }
        #expect(Set(tags.compactMap { $0.split(separator: " ").first.map(String.init) }).isSubset(of: Self.ourTagNames))
        // Every <img> is a thumbnail we wrote, and the markup came through as text.
        #expect(Self.count("<img ", in: rendered) == Self.count("<img class=\"thumb\" loading=\"lazy\" src=\"data:image/png;base64,", in: rendered))
        #expect(rendered.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(rendered.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
        #expect(rendered.contains("&#39;&gt;&lt;svg onload=alert(1)&gt;"))
        // Links go only to the report's sections or, percent-encoded, to the files: never a scheme.
        let hrefs = Self.attributeValues("href", in: rendered)
        #expect(!hrefs.isEmpty)
        for href in hrefs {
            #expect(href.hasPrefix("#file-") || href == "#summary" || href.allSatisfy { $0.isLetter || $0.isNumber || "-._~/%".contains($0) },
                    "unexpected link \(href)")
            #expect(!href.lowercased().hasPrefix("javascript:"))
        }
        #expect(hrefs.contains { $0.hasPrefix("javascript%3A") })
    }

    /// The values of every `name="..."` attribute (values hold no `"`: they are escaped).
    static func attributeValues(_ name: String, in html: String) -> [String] {
        html.components(separatedBy: " \(name)=\"").dropFirst().compactMap { $0.split(separator: "\"", maxSplits: 1).first.map(String.init) }
    }

    @Test("no resource is fetched from elsewhere", arguments: [false, true])
    func selfContained(hostile: Bool) throws {
        var report = hostile ? try Self.hostileReport() : try RendererGoldenTests.sampleReport()
        report.files[0].findings[0].text = "see https://example.org/x.png and http://example.org/y.css"
        let rendered = HTMLReportRenderer(profile: try RendererGoldenTests.sampleProfile(),
                                          images: [report.files[0].path: [1: Self.samplePNG]]).render(report)
        let lower = rendered.lowercased()
        for forbidden in ["src=\"http", "href=\"http", "src=\"//", "href=\"//", "@import", "url(", "<link", "<iframe",
                          "<object", "<embed", "<base", "srcset"] {
            #expect(!lower.contains(forbidden), "found \(forbidden)")
        }
        // URLs from the report appear only as text between tags, never inside one.
        #expect(!Self.tags(in: lower).contains { $0.contains("http:") || $0.contains("https:") || $0.contains("//") })
        #expect(rendered.contains("https://example.org/x.png"))
        #expect(lower.contains("default-src 'none'; img-src data:"))
    }

    @Test func thumbnailsAreCappedAndErrorPagesComeFirst() throws {
        let report = try RendererGoldenTests.sampleReport()
        let path = report.files[0].path
        let pages = Dictionary(uniqueKeysWithValues: (1...10).map { ($0, Self.samplePNG) })
        let base = HTMLReportRenderer(profile: try RendererGoldenTests.sampleProfile()).render(report)
        let capped = HTMLReportRenderer(profile: try RendererGoldenTests.sampleProfile(),
                                        images: [path: pages, "not/in/report.pdf": pages], maxImagesPerFile: 3).render(report)
        #expect(Self.count("<img ", in: capped) == 3)
        #expect(capped.contains("7 more pages with findings not shown"))
        // Pages 2 and 3 hold errors, page 4 the warning; page 1 comes only after them.
        for page in [2, 3, 4] { #expect(capped.contains("alt=\"page \(page) of draft &lt;v2&gt;.pdf\"")) }
        #expect(!capped.contains("alt=\"page 1 of"))
        // The file grows by the three thumbnails and little else.
        let thumbnailBytes = 3 * Self.samplePNG.base64EncodedString().utf8.count
        #expect(capped.utf8.count <= base.utf8.count + thumbnailBytes + 3 * 300)

        let none = HTMLReportRenderer(profile: try RendererGoldenTests.sampleProfile(), images: [path: pages],
                                      maxImagesPerFile: 0).render(report)
        #expect(Self.count("<img ", in: none) == 0)
        #expect(none.contains("10 more pages with findings not shown"))
    }

    @Test func bytesThatAreNotAPNGAreLeftOut() throws {
        let report = try RendererGoldenTests.sampleReport()
        let rendered = HTMLReportRenderer(profile: try RendererGoldenTests.sampleProfile(),
                                          images: [report.files[0].path: [2: Data("<svg onload=alert(1)>".utf8)]]).render(report)
        #expect(Self.count("<img ", in: rendered) == 0)
        #expect(!rendered.contains("more page"))
    }

    @Test func emptyReportSaysSo() throws {
        let report = Report(toolVersion: "1", profile: try RendererGoldenTests.sampleProfile(), rulesSchemaVersion: 1, files: [])
        let rendered = HTMLReportRenderer(profile: try RendererGoldenTests.sampleProfile()).render(report)
        #expect(rendered.contains("No files were checked."))
        #expect(Self.count("<tr class=\"file-row", in: rendered) == 0)
    }

    @Test func formatPicksTheHTMLRenderer() throws {
        #expect(ReportFormat(rawValue: "html") == .html)
        #expect(ReportFormat.html.renderer(profile: try RendererGoldenTests.sampleProfile()) is HTMLReportRenderer)
    }

    /// The elements the renderer writes; anything else would have come from the report.
    static let ourTagNames: Set<String> = [
        "!doctype", "html", "/html", "head", "/head", "meta", "title", "/title", "style", "/style", "body", "/body",
        "header", "/header", "main", "/main", "footer", "/footer", "section", "/section", "h1", "/h1", "h2", "/h2",
        "h3", "/h3", "p", "/p", "ul", "/ul", "li", "/li", "strong", "/strong", "code", "/code", "q", "/q", "span",
        "/span", "a", "/a", "div", "/div", "dl", "/dl", "dt", "/dt", "dd", "/dd", "table", "/table", "thead", "/thead",
        "tbody", "/tbody", "tr", "/tr", "th", "/th", "td", "/td", "label", "/label", "select", "/select", "option",
        "/option", "details", "/details", "summary", "/summary", "img", "script", "/script", "input", "button", "/button",
    ]

    /// The inside of every tag (between `<` and `>`), the script's body left out: it holds `<` and `>` as operators.
    static func tags(in html: String) -> [String] {
        var text = html
        if let start = text.range(of: "<script>"), let end = text.range(of: "</script>", range: start.upperBound..<text.endIndex) {
            text.replaceSubrange(start.upperBound..<end.lowerBound, with: "")
        }
        var tags: [String] = []
        var current: String?
        for character in text {
            if character == "<" {
                current = ""
            } else if character == ">", let tag = current {
                tags.append(tag)
                current = nil
            } else if current != nil {
                current?.append(character)
            }
        }
        return tags
    }

    static func count(_ needle: String, in haystack: String) -> Int {
        haystack.components(separatedBy: needle).count - 1
    }
}
