import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import PaperFacts
import PaperRules
import Testing
@testable import PaperReports

/// Each renderer against a saved expected output. Rewrite the goldens with UPDATE_GOLDENS=1.
@Suite("renderers")
struct RendererGoldenTests {
    static let goldens = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")

    static func sampleProfile() throws -> Profile {
        try #require(try RuleSet.builtIn().profile("icml2016"))
    }

    /// A fixed two-file report: one failing with located findings (one of them waived, one info),
    /// one that could not be read; and a run-level notice for a waiver that matched nothing.
    static func sampleReport() throws -> Report {
        let profile = try sampleProfile()
        let failing = FileReport(
            path: "papers/draft <v2>.pdf", status: .fail, pages: 9,
            findings: [
                Finding(ruleId: "margins", check: "contentWithin", severity: .error,
                        message: "Text 30 pt into the right margin on page 2 (text block right edge 541.44 pt, tolerance 3 pt)",
                        page: 2, box: Box(x0: 541.5, y0: 300, x1: 571.44, y1: 310), text: "http://example.org/a&b",
                        values: ["overflow": "30", "side": "right"], hint: "Keep text inside the block.", reference: "Do not alter the style.",
                        measured: Quantity(30, .pt), expected: Quantity(3, .pt), side: .right),
                Finding(ruleId: "margins", check: "contentWithin", severity: .error,
                        message: "page numbers in the bottom margin on pages 2-3 (35 pt outside the text block)",
                        page: 2, pages: [2, 3], box: Box(x0: 303, y0: 744, x1: 309, y1: 750.2), text: "2",
                        values: ["overflow": "35", "side": "bottom", "pages": "2-3"], hint: "Do not add page numbers.",
                        reference: "Do not alter the style.",
                        occurrences: [Occurrence(page: 2, box: Box(x0: 303, y0: 744, x1: 309, y1: 750.2), text: "2", measured: "35 pt bottom"),
                                      Occurrence(page: 3, box: Box(x0: 303, y0: 744, x1: 309, y1: 750.2), text: "3", measured: "35 pt bottom")]),
                Finding(ruleId: "fonts-embedded", check: "fontsEmbedded", severity: .warning,
                        message: "standard font Times-Roman is not embedded (pages 4)", page: 4, pages: [4],
                        text: "Times-Roman", values: ["font": "Times-Roman"], hint: "Embed all fonts.", reference: "Embed fonts."),
                Finding(ruleId: "page-limit", check: "pageCount", severity: .error,
                        message: "9 pages of body, at most 8: 12.5% over", pages: [1, 2, 3, 4, 5, 6, 7, 8, 9],
                        values: ["bodyPages": "9", "maxBodyPages": "8"], hint: "Shorten the paper.",
                        reference: "Papers must not exceed 8 pages.", waived: true,
                        waiver: "Accepted by the chairs: \"one extra page\", mail of 3 May"),
                Finding(ruleId: "line-numbers", check: "lineNumbers", severity: .info,
                        message: "line numbers found on pages 1-9", pages: [1, 2, 3, 4, 5, 6, 7, 8, 9],
                        values: [:], hint: "", reference: "Submissions carry line numbers."),
            ],
            summary: FileSummary(pageSize: "612 x 792 pt", bodyFont: "NimbusRomNo9L-Regu", bodyFontSize: 9.96,
                                 baselineStep: 11.96, columns: 2, bodyPages: 8, lineNumbers: true, fonts: 12))
        let broken = FileReport(path: "papers/empty.pdf", status: .error, pages: nil,
                                findings: [Finding(ruleId: "pdf-readable", check: "pdfReadable", severity: .error,
                                                   message: "papers/empty.pdf: the file is empty (0 bytes); export the PDF again",
                                                   values: ["code": "empty"], hint: "Export again.", reference: "Submissions must be in PDF.")],
                                errorCode: "empty", error: "papers/empty.pdf: the file is empty (0 bytes); export the PDF again")
        let staleWaiver = Waiver(file: "old/*.pdf", rule: "margins", reason: "Figure 3, agreed with the chairs")
        return Report(toolVersion: "0.0.0-test", profile: profile, rulesSchemaVersion: 1, files: [failing, broken],
                      notices: [staleWaiver.unmatchedNotice()])
    }

    static func compare(_ rendered: String, golden name: String) throws {
        let url = goldens.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1" {
            try rendered.write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(rendered == expected, "\(name) differs; rerun with UPDATE_GOLDENS=1 if the change is intended")
    }

    @Test func human() throws {
        // Text from the PDF that would retitle the terminal, reverse the line or start a C1
        // sequence is shown escaped.
        var report = try Self.sampleReport()
        report.files[0].findings[0].text = "http://example.org/a&b\u{1B}]0;owned\u{07}\u{202E}fdp.exe"
        report.files[0].findings[3].waiver = "Accepted by the chairs: \"one extra page\", mail of 3 May\u{9B}2J"
        try Self.compare(HumanReportRenderer(useColor: false).render(report), golden: "report.txt")
    }

    @Test func humanWithColourOnlyAddsEscapes() throws {
        let coloured = HumanReportRenderer(useColor: true).render(try Self.sampleReport())
        let plain = HumanReportRenderer(useColor: false).render(try Self.sampleReport())
        #expect(coloured.contains("\u{1B}[1;31mFAIL"))
        let stripped = coloured.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        #expect(stripped == plain)
    }

    @Test func json() throws {
        let rendered = JSONReportRenderer().render(try Self.sampleReport())
        try Self.compare(rendered, golden: "report.json")
        let decoded = try JSONDecoder().decode(Report.self, from: Data(rendered.utf8))
        #expect(decoded == (try Self.sampleReport()))
    }

    @Test func csv() throws {
        var report = try Self.sampleReport()
        report.files[0].sha256 = String(repeating: "ab", count: 32)
        report.files[1].duplicateOf = "=HYPERLINK(\"x\")"
        report.files[0].submission = Submission(id: "17", title: "Draft, second version")
        // Rows carry the triage the batch gives them; without one, the renderer assesses the file.
        report.files[1].triage = Triage.assess(report.files[1], profile: try Self.sampleProfile())
        let rendered = CSVReportRenderer(profile: try Self.sampleProfile()).render(report)
        try Self.compare(rendered, golden: "report.csv")
        // A formula-looking value is neutralised and quotes are doubled.
        #expect(rendered.contains("\"'=HYPERLINK(\"\"x\"\")\""))
        // The fixed columns, then one per rule of the profile, named by its id.
        let ruleIds = try Self.sampleProfile().rules.map(\.id)
        #expect(rendered.hasPrefix((CSVReportRenderer.header + ruleIds).joined(separator: ",") + "\r\n"))
    }

    @Test("a leading tab or carriage return is a formula to a spreadsheet too", arguments: [
        ("\tcmd|' /C calc'!A0", "'\tcmd|' /C calc'!A0"),
        ("\r=1+1", "\"'\r=1+1\""),
        ("\r\n=1+1", "\"'\r\n=1+1\""),
        ("=1+1", "'=1+1"),
        ("a\t=1", "a\t=1"),
    ])
    func csvNeutralisesEveryFormulaStart(field: String, escaped: String) {
        #expect(CSVReportRenderer.escape(field) == escaped)
    }

    @Test func jsonLines() throws {
        let report = try Self.sampleReport()
        let rendered = JSONLinesReportRenderer().render(report)
        try Self.compare(rendered, golden: "report.jsonl")
        #expect(rendered.split(separator: "\n").count == report.files.count)
        // Lines read back into the same file reports, as --resume does.
        #expect(JSONLinesReportRenderer.parse(rendered) == report.files)
        #expect(JSONLinesReportRenderer.parse(rendered + "{\"cut\": ").count == report.files.count)
    }

    @Test func junit() throws {
        let rendered = JUnitReportRenderer(profile: try Self.sampleProfile()).render(try Self.sampleReport())
        try Self.compare(rendered, golden: "report.junit.xml")
        // Well-formed XML with one suite per file plus the notices, one case per rule of the profile.
        let document = try XMLDocument(data: Data(rendered.utf8))
        let suites = try document.nodes(forXPath: "/testsuites/testsuite")
        #expect(suites.count == 3)
        let profileRules = try Self.sampleProfile().rules.count
        #expect(try document.nodes(forXPath: "/testsuites/testsuite[1]/testcase").count == profileRules)
        #expect(try document.nodes(forXPath: "//testsuite[1]/testcase[@name='margins']/failure").count == 2)
        // The waived error and the info finding do not fail their test cases.
        #expect(try document.nodes(forXPath: "//testsuite[1]/testcase[@name='page-limit']/failure").isEmpty)
        #expect(try document.nodes(forXPath: "//testsuite[2]/testcase/error").count == 1)
        let name = try #require(suites.first as? XMLElement)?.attribute(forName: "name")?.stringValue
        #expect(name == "papers/draft <v2>.pdf")
    }

    @Test func humanVerboseListsTheFoldedPlacesAndTextCannotDriveTheTerminal() throws {
        let verbose = HumanReportRenderer(useColor: false, verbose: true).render(try Self.sampleReport())
        #expect(verbose.contains("      page 3: 35 pt bottom \"3\""))
        #expect(!verbose.contains("places folded"))
    }

    @Test("terminal text shows control characters and bidi overrides escaped and leaves the rest", arguments: [
        ("title\u{1B}]0;owned\u{07}\u{1B}[2J", "title\\x1B]0;owned\\x07\\x1B[2J"),
        ("tab\there\r\n", "tab\\x09here\\x0D\\x0A"),
        ("\u{0}del\u{7F} csi\u{9B}31m nel\u{85} \u{9F}", "\\x00del\\x7F csi\\x9B31m nel\\x85 \\x9F"),
        ("\u{202A}\u{202B}\u{202C}\u{202D}\u{202E}\u{2066}\u{2067}\u{2068}\u{2069}",
         "\\u{202A}\\u{202B}\\u{202C}\\u{202D}\\u{202E}\\u{2066}\\u{2067}\\u{2068}\\u{2069}"),
        ("plain text, ünïcode, a\\x41, \u{A0}\u{200F}\u{2028}👩‍👩‍👧", "plain text, ünïcode, a\\x41, \u{A0}\u{200F}\u{2028}👩‍👩‍👧"),
    ])
    func terminalText(text: String, shown: String) {
        #expect(TerminalText.escaped(text) == shown)
    }

    @Test func junitEscapesMarkupQuotesAndControlCharacters() {
        #expect(JUnitReportRenderer.escapeAttribute("a<b>&\"c'\nd") == "a&lt;b&gt;&amp;&quot;c&apos;&#10;d")
        #expect(JUnitReportRenderer.escapeText("x < y & \u{0}z\n") == "x &lt; y &amp; \u{FFFD}z\n")
    }

    @Test func sarif() throws {
        let rendered = SARIFReportRenderer(profile: try Self.sampleProfile()).render(try Self.sampleReport())
        try Self.compare(rendered, golden: "report.sarif")
        let log = try #require(try JSONSerialization.jsonObject(with: Data(rendered.utf8)) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let results = try #require(run["results"] as? [[String: Any]])
        // Every result points at the descriptor of its rule.
        for result in results {
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(rules[index]["id"] as? String == result["ruleId"] as? String)
        }
        #expect(results.count == 6)
        #expect(results.filter { $0["suppressions"] != nil }.count == 1)
        // The unmatched waiver is a configuration notification, not a result without a location.
        let invocation = try #require((run["invocations"] as? [[String: Any]])?.first)
        #expect((invocation["toolConfigurationNotifications"] as? [[String: Any]])?.count == 1)
        #expect(results.allSatisfy { ($0["locations"] as? [Any])?.count == 1 })
    }

    @Test func sarifURIsAreURIReferences() {
        #expect(SARIFReportRenderer.uri(forPath: "papers/draft <v2>.pdf") == "papers/draft%20%3Cv2%3E.pdf")
        #expect(SARIFReportRenderer.uri(forPath: "/tmp/a b.pdf") == "file:///tmp/a%20b.pdf")
        #expect(SARIFReportRenderer.uri(forPath: "c:x.pdf") == "./c:x.pdf")
        #expect(SARIFReportRenderer.uri(forPath: "é.pdf") == "%C3%A9.pdf")
    }

    @Test func github() throws {
        try Self.compare(GitHubReportRenderer().render(try Self.sampleReport()), golden: "report.github.txt")
    }

    @Test func githubEscapesDataAndProperties() {
        #expect(GitHubReportRenderer.escapeData("50%\r\nok: a,b") == "50%25%0D%0Aok: a,b")
        #expect(GitHubReportRenderer.escapeProperty("a:b,c%") == "a%3Ab%2Cc%25")
    }

    @Test func githubEscapesEveryControlCharacter() throws {
        // ESC and BEL (a terminal title), a C1 CSI, DEL, a tab and a right-to-left override.
        let text = "a\u{1B}]0;x\u{07}b\u{9B}2J\u{7F}\tc\u{202E}d\u{2066}e\u{0}"
        #expect(GitHubReportRenderer.escapeData(text) == "a%1B]0;x%07b%C2%9B2J%7F%09c%E2%80%AEd%E2%81%A6e%00")
        #expect(GitHubReportRenderer.escapeProperty(text) == "a%1B]0;x%07b%C2%9B2J%7F%09c%E2%80%AEd%E2%81%A6e%00")
        let rendered = GitHubReportRenderer().render(Report(
            toolVersion: "0", profile: try Self.sampleProfile(), rulesSchemaVersion: 1,
            files: [FileReport(path: "p\u{1B}[2J.pdf", status: .fail, pages: 1,
                               findings: [Finding(ruleId: "margins", check: "contentWithin", severity: .error,
                                                  message: "text \u{1B}[31mred\u{9B}", values: [:], hint: "", reference: "")])]))
        #expect(!rendered.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || (0x7F...0x9F).contains($0.value) })
        #expect(rendered == "::error file=p%1B[2J.pdf,title=margins::text %1B[31mred%C2%9B\n")
    }

    @Test("every format has a renderer that names every file", arguments: ReportFormat.allCases)
    func everyFormatRenders(format: ReportFormat) throws {
        let rendered = format.renderer(profile: try Self.sampleProfile()).render(try Self.sampleReport())
        #expect(rendered.contains("empty.pdf"))
    }
}
