import Foundation
import PaperFacts
import PaperRules
import Testing
@testable import PaperReports

/// The typed measurements survive the JSON report and JSON Lines, and older lines still read.
@Suite("typed findings in reports")
struct TypedFindingReportTests {
    static func finding() -> Finding {
        Finding(ruleId: "page-size", check: "pageSize", severity: .error, message: "m", values: ["measured": "595.28 x 841.89 pt"],
                measured: Quantity(24.94, .pt), expected: Quantity(3, .pt),
                measuredSize: Dimensions(width: 595.28, height: 841.89), expectedSize: Dimensions(width: 612, height: 792),
                side: .bottom)
    }

    @Test func theJSONReportRoundTripsTheMeasurements() throws {
        let file = FileReport(path: "a.pdf", status: .fail, pages: 1, findings: [Self.finding()])
        let report = Report(toolVersion: "t", profile: try RendererGoldenTests.sampleProfile(), rulesSchemaVersion: 1, files: [file])
        let rendered = JSONReportRenderer().render(report)
        #expect(rendered.contains(#""unit" : "pt""#))
        let decoded = try JSONDecoder().decode(Report.self, from: Data(rendered.utf8))
        #expect(decoded.files.first?.findings == [Self.finding()])
        let lines = JSONLinesReportRenderer().render(report)
        #expect(JSONLinesReportRenderer.parse(lines).first?.findings == [Self.finding()])
    }

    @Test func aFindingWithoutMeasurementsWritesNoNewKeys() throws {
        let plain = Finding(ruleId: "x", check: "fileSize", severity: .error, message: "m")
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(plain)) as? [String: Any])
        #expect(Set(object.keys).isDisjoint(with: ["measured", "expected", "measuredSize", "expectedSize", "side"]))
    }

    @Test func resumeLinesWrittenBeforeTheKeysStillDecode() throws {
        let old = #"{"findings":[{"check":"contentWithin","hint":"h","message":"Text 30 pt into the right margin","page":2,"reference":"r","ruleId":"margins","severity":"error","values":{"overflow":"30","side":"right"}}],"pages":9,"path":"a.pdf","profile":"icml2016","schema":"papercheck.result/1","status":"fail"}"#
        let files = JSONLinesReportRenderer.parse(old + "\n")
        let finding = try #require(files.first?.findings.first)
        #expect(finding.values["side"] == "right")
        #expect(finding.measured == nil && finding.expected == nil && finding.side == nil && finding.measuredSize == nil)
    }
}
