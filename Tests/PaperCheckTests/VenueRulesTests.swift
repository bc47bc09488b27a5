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

/// Two content rules in one profile: extraction serves both (it probes outside the region they
/// share), so each finds what it finds alone, whatever their order.
@Suite("rules independent of each other")
struct IndependentRulesTests {
    static let wide = #"{"id": "wide", "check": "contentWithin", "severity": "error", "hint": "h", "reference": "r", "parameters": {"textBlock": {"left": 40, "top": 50, "right": 560, "bottom": 730}, "tolerance": 3}}"#
    static let icml = #"{"id": "icml", "check": "contentWithin", "severity": "error", "hint": "h", "reference": "r", "parameters": {"textBlock": {"left": 55.44, "top": 67.06, "right": 541.44, "bottom": 715.06}, "tolerance": 3, "allowedZones": ["runningHead", "lineNumbers"], "lastLineDepth": 5}}"#

    static func report(_ rules: [String], in fixture: String) throws -> FileReport {
        let json = #"{"schemaVersion": 1, "default": "p", "profiles": [{"id": "p", "rules": ["# + rules.joined(separator: ", ") + "]}]}"
        let ruleSet = try RuleSet.decode(Data(json.utf8), file: "two.json")
        return PaperCheck.check(FixtureTests.fixtures.appendingPathComponent("pdfs/" + fixture), ruleSet: ruleSet)
    }

    /// Each finding as rule id, message and the rules that found the same cause.
    static func findings(_ report: FileReport) -> Set<String> {
        Set(report.findings.map { "\($0.ruleId): \($0.message) [also \($0.values["alsoReportedBy"] ?? "-")]" })
    }

    @Test("two content rules report the same findings in either order, and each finds beside the other what it finds alone",
          arguments: ["margin_vector.pdf", "margin_text.pdf", "page_numbers.pdf"])
    func orderDoesNotMatter(_ fixture: String) throws {
        let icmlFirst = try Self.report([Self.icml, Self.wide], in: fixture)
        let wideFirst = try Self.report([Self.wide, Self.icml], in: fixture)
        #expect(Self.findings(icmlFirst) == Self.findings(wideFirst))
        // Nothing is lost: each rule's finding alone is there under its id or named by the one kept at its place.
        for (rule, id) in [(Self.icml, "icml"), (Self.wide, "wide")] {
            let alone = try Self.report([rule], in: fixture).findings
            #expect(!alone.isEmpty, "the fixture must give \(id) something to find")
            for finding in alone {
                let same = icmlFirst.findings.contains { $0.ruleId == id && $0.message == finding.message }
                let named = icmlFirst.findings.contains { other in
                    other.page == finding.page && (other.values["alsoReportedBy"] ?? "").contains(id)
                }
                #expect(same || named, "\(id) lost: \(finding.message)")
            }
        }
    }

    @Test("the profile probes outside the region both blocks share and keeps the shallowest depth")
    func needsCombine() throws {
        let json = #"{"schemaVersion": 1, "default": "p", "profiles": [{"id": "p", "rules": ["# + Self.wide + ", " + Self.icml + "]}]}"
        let needs = try #require(try RuleSet.decode(Data(json.utf8), file: "two.json").profile(nil)).needs
        #expect(needs.inkProbeRegion == Box(x0: 52.44, y0: 64.06, x1: 544.44, y1: 718.06))
        #expect(needs.lastLineDepth == 0)
        #expect(needs.textBlocks.count == 2)
    }
}
