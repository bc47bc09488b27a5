import Foundation
import PaperCheck
import Testing

/// The HTML report on real PDFs: the markup fixture, annotated thumbnails, and the script hash.
@Suite("html report on fixtures")
struct HTMLReportTests {
    static func fixture(_ name: String) -> String {
        FixtureTests.fixtures.appendingPathComponent("pdfs/" + name).path
    }

    static func html(_ files: [String], profileID: String = "vdl2016", images: Bool = true) throws -> String {
        let rules = try RuleSet.builtIn()
        let profile = try #require(rules.profile(profileID))
        let reports = files.map { PaperCheck.check(path: $0, profile: profile) }
        let pictures = images
            ? Dictionary(uniqueKeysWithValues: reports.map { ($0.path, PaperCheck.annotatedPages(for: $0, profile: profile)) })
            : [:]
        let report = Report(toolVersion: PaperCheck.version, profile: profile, rulesSchemaVersion: rules.schemaVersion, files: reports)
        return HTMLReportRenderer(profile: profile, images: pictures).render(report)
    }

    @Test func markupFromThePDFAppearsOnlyEscaped() throws {
        let path = Self.fixture("xss_markup.pdf")
        // The fixture does carry the markup, in /Title and in the finding's text.
        let (facts, _) = try PaperCheck.inspect(path: path)
        #expect(facts.metadata.title?.contains("<script>alert(1)</script>") == true)
        #expect(facts.metadata.title?.contains("<b>markup</b>") == true)
        let report = PaperCheck.check(URL(fileURLWithPath: path), ruleSet: try RuleSet.builtIn(), profile: "vdl2016")
        let margins = try #require(report.findings.first { $0.ruleId == "margins" })
        #expect(margins.text?.contains("<script>alert(1)</script>") == true)

        let rendered = try Self.html([path])
        #expect(rendered.components(separatedBy: "<script").count - 1 == 1)
        #expect(!rendered.contains("<b>markup"))
        #expect(!rendered.contains("alert(1)</script>"))
        #expect(rendered.contains("&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;markup&lt;/b&gt;"))
        #expect(rendered.contains("<img class=\"thumb\""))
    }

    @Test func theScriptHashInThePolicyMatchesTheScript() throws {
        let rendered = try Self.html([Self.fixture("a4.pdf")], images: false)
        let script = try #require(rendered.range(of: "<script>").flatMap { start in
            rendered.range(of: "</script>", range: start.upperBound..<rendered.endIndex).map { rendered[start.upperBound..<$0.lowerBound] }
        })
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("papercheck-script-\(UUID().uuidString).js")
        try Data(script.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let hex = try #require(PaperCheck.sha256(path: file.path))
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(try #require(UInt8(hex[index..<next], radix: 16)))
            index = next
        }
        #expect(rendered.contains("script-src 'sha256-\(Data(bytes).base64EncodedString())'"),
                "update HTMLReportAssets.scriptHash after changing its script")
    }

    /// Writes a report over several fixtures, with annotated pages, to `$PAPERCHECK_HTML_SAMPLE`
    /// when that is set (for `Scripts/browser-test.sh SAMPLE.html SHOT.png 5`).
    @Test func sampleReportWithAnnotatedPages() throws {
        let files = ["margin_text.pdf", "xss_markup.pdf", "a4.pdf", "icml_submission.pdf", "empty.pdf"].map(Self.fixture)
        let rendered = try Self.html(files)
        #expect(rendered.components(separatedBy: "<tr class=\"file-row").count - 1 == files.count)
        // margin_text and xss_markup each have one page with a located finding.
        #expect(rendered.components(separatedBy: "<img class=\"thumb\"").count - 1 == 2)
        #expect(rendered.contains("width=\"850\" height=\"1100\""))
        if let target = ProcessInfo.processInfo.environment["PAPERCHECK_HTML_SAMPLE"], !target.isEmpty {
            try rendered.write(toFile: target, atomically: true, encoding: .utf8)
        }
    }
}
