import Foundation
import PaperCheck
import Testing

/// The venue files of examples/rules, as a user would run them: each loads beneath the built-in
/// rules, judges real fixture PDFs by its own rules, and its hints speak its own limits.
@Suite("example venue rules")
struct VenueRulesTests {
    static let folder = FixtureTests.repositoryRoot.appendingPathComponent("examples/rules")

    static func check(_ fixture: String, with rules: String) throws -> FileReport {
        let ruleSet = try RuleSet.load(path: folder.appendingPathComponent(rules).path)
        return PaperCheck.check(FixtureTests.fixtures.appendingPathComponent("pdfs/" + fixture), ruleSet: ruleSet)
    }

    static func errorRules(_ report: FileReport) -> Set<String> {
        Set(report.findings.filter { $0.severity == .error }.map(\.ruleId))
    }

    @Test("every file in examples/rules loads, and its default profile has rules")
    func everyExampleLoads() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".json") }
        #expect(files.count >= 2)
        for file in files {
            let ruleSet = try RuleSet.load(path: Self.folder.appendingPathComponent(file).path)
            #expect(ruleSet.profile(nil)?.rules.isEmpty == false, "\(file)")
        }
    }

    @Test("the A4 one-column venue: an A4 two-column paper fails only on columns, a Letter one-column paper only on size")
    func a4OneColumnVenue() throws {
        #expect(Self.errorRules(try Self.check("a4.pdf", with: "a4-one-column.json")) == ["one-column"])
        let letter = try Self.check("one_column.pdf", with: "a4-one-column.json")
        #expect(Self.errorRules(letter) == ["page-size"])
        let size = try #require(letter.findings.first { $0.ruleId == "page-size" })
        #expect(size.message.contains("expected 595.28 x 841.89 pt (A4)"))
    }

    @Test("a venue that extends icml2016 with a 4-page limit says 4 pages in its messages and hints")
    func shortPaperVenueSpeaksItsOwnLimits() throws {
        #expect(try Self.check("icml_submission.pdf", with: "icml2016-short.json").status == .pass)
        let long = try Self.check("eleven_pages.pdf", with: "icml2016-short.json")
        let limits = long.findings.filter { $0.ruleId == "page-limit" }
        #expect(limits.map(\.message).contains { $0.hasSuffix("at most 4 allowed") })
        #expect(limits.map(\.message).contains { $0.hasPrefix("11 pages in all; at most 5 allowed") })
        for finding in limits {
            #expect(finding.hint.contains("Shorten the body to 4 pages") && finding.hint.contains("up to 5 pages in all"))
            #expect(!finding.hint.contains("8 pages") && !finding.hint.contains("10 pages"))
        }
    }
}
