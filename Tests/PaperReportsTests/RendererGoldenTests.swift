import Foundation
import PaperFacts
import PaperRules
import Testing
@testable import PaperReports

/// Each renderer against a saved expected output. Rewrite the goldens with UPDATE_GOLDENS=1.
@Suite("renderers")
struct RendererGoldenTests {
    static let goldens = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")

    /// A fixed two-file report: one failing with located findings, one that could not be read.
    static func sampleReport() throws -> Report {
        let profile = try #require(try RuleSet.builtIn().profile("icml2016"))
        let failing = FileReport(
            path: "papers/draft <v2>.pdf", status: .fail, pages: 9,
            findings: [
                Finding(ruleId: "margins", check: "contentWithin", severity: .error,
                        message: "Text 30 pt into the right margin on page 2 (text block right edge 541.44 pt, tolerance 3 pt)",
                        page: 2, box: Box(x0: 541.5, y0: 300, x1: 571.44, y1: 310), text: "http://example.org/a&b",
                        values: ["overflow": "30", "side": "right"], hint: "Keep text inside the block.", reference: "Do not alter the style."),
                Finding(ruleId: "fonts-embedded", check: "fontsEmbedded", severity: .warning,
                        message: "standard font Times-Roman is not embedded (pages 4)", page: 4, pages: [4],
                        text: "Times-Roman", values: ["font": "Times-Roman"], hint: "Embed all fonts.", reference: "Embed fonts."),
            ],
            summary: FileSummary(pageSize: "612 x 792 pt", bodyFont: "NimbusRomNo9L-Regu", bodyFontSize: 9.96,
                                 baselineStep: 11.96, columns: 2, bodyPages: 8, lineNumbers: true, fonts: 12))
        let broken = FileReport(path: "papers/empty.pdf", status: .error, pages: nil,
                                findings: [Finding(ruleId: "pdf-readable", check: "pdfReadable", severity: .error,
                                                   message: "papers/empty.pdf: the file is empty (0 bytes); export the PDF again",
                                                   values: ["code": "empty"], hint: "Export again.", reference: "Submissions must be in PDF.")],
                                errorCode: "empty", error: "papers/empty.pdf: the file is empty (0 bytes); export the PDF again")
        return Report(toolVersion: "0.0.0-test", profile: profile, rulesSchemaVersion: 1, files: [failing, broken])
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
        try Self.compare(HumanReportRenderer(useColor: false).render(try Self.sampleReport()), golden: "report.txt")
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
}
