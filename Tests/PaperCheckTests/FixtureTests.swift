import Foundation
import PaperCheck
import Testing

/// The generated fixture PDFs against their ground truth in Fixtures/expected.json.
@Suite("fixtures")
struct FixtureTests {
    struct Expectation: Decodable, CustomTestStringConvertible, Sendable {
        var file: String
        var profile: String
        var password: String?
        var status: String
        var errors: [String]
        var warnings: [String]
        /// Rule ids that must produce no finding at all, whatever its severity.
        var absent: [String]?
        /// The exact number of findings (any severity) of these rule ids.
        var counts: [String: Int]?
        var note: String?
        var testDescription: String { "\(file) [\(profile)\(password == nil ? "" : ", password")]" }
    }

    static let fixtures = repositoryRoot.appendingPathComponent("Fixtures")
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func expectations() -> [Expectation] {
        struct File: Decodable { var fixtures: [Expectation] }
        guard let data = try? Data(contentsOf: fixtures.appendingPathComponent("expected.json")),
              let file = try? JSONDecoder().decode(File.self, from: data) else { return [] }
        return file.fixtures
    }

    @Test func groundTruthIsThere() {
        #expect(Self.expectations().count >= 20)
    }

    @Test("each fixture gets its expected outcome", arguments: expectations())
    func fixture(_ expected: Expectation) throws {
        let rules = try RuleSet.builtIn()
        let report = PaperCheck.check(Self.fixtures.appendingPathComponent(expected.file), ruleSet: rules,
                                      profile: expected.profile, password: expected.password)
        // "pass" in the ground truth means no error finding; warnings are allowed (status warn).
        let status = report.status == .warn ? "pass" : report.status.rawValue
        #expect(status == expected.status, "\(report.findings.map(\.message))")
        let errors = Set(report.findings.filter { $0.severity == .error }.map(\.ruleId))
        #expect(errors == Set(expected.errors), "\(report.findings.map(\.message))")
        let warnings = Set(report.findings.filter { $0.severity == .warning }.map(\.ruleId))
        #expect(Set(expected.warnings).isSubset(of: warnings), "\(report.findings.map(\.message))")
        for rule in expected.absent ?? [] {
            #expect(!report.findings.contains { $0.ruleId == rule }, "\(rule) must say nothing: \(report.findings.map(\.message))")
        }
        for (rule, count) in expected.counts ?? [:] {
            #expect(report.findings.filter { $0.ruleId == rule }.count == count, "\(rule): \(report.findings.map(\.message))")
        }
        for finding in report.findings {
            #expect(!finding.hint.isEmpty && !finding.reference.isEmpty, "\(finding.ruleId) lacks a hint or reference")
            #expect(!finding.message.contains("{"), "unfilled placeholder: \(finding.message)")
            // Hints hold LaTeX braces; only the check's own placeholder names must be filled.
            let placeholders = Set(CheckRegistry.kind(named: finding.check)?.placeholders ?? [])
            #expect(placeholders.isDisjoint(with: Rule.placeholders(in: finding.hint)), "unfilled placeholder in the hint: \(finding.hint)")
        }
    }

    @Test func margineFindingsCarryMeasuredValuesAndTheOffendingWords() throws {
        let report = PaperCheck.check(Self.fixtures.appendingPathComponent("pdfs/margin_text.pdf"), ruleSet: try RuleSet.builtIn())
        let finding = try #require(report.findings.first { $0.ruleId == "margins" })
        #expect(finding.values["side"] == "right")
        #expect(Double(finding.values["overflow"] ?? "") ?? 0 > 20)
        #expect(finding.box != nil && finding.page != nil)
        #expect(finding.text?.isEmpty == false)
    }

    @Test func extractionReadsTypographyAndFonts() throws {
        let (facts, analysis) = try PaperCheck.inspect(path: Self.fixtures.appendingPathComponent("pdfs/icml_submission.pdf").path)
        #expect(facts.pages.allSatisfy { $0.width == 612 && $0.height == 792 })
        #expect(facts.metadata.author == "Anonymous Submission")
        #expect(facts.fonts.allSatisfy { !$0.name.contains("+") })
        #expect(facts.fonts.contains { $0.name.hasPrefix("NimbusRomNo9L") && $0.isEmbedded && $0.type == .type1 })
        let style = try #require(analysis.bodyStyle)
        #expect(abs(style.fontSize - 9.96) < 0.05)
        #expect(abs((style.baselineStep ?? 0) - 11.955) < 0.2)
        #expect(analysis.columns?.count == 2)
        #expect(analysis.lineNumbers.isPresent)
        #expect(analysis.bodyEnd?.heading.title == "References")
        #expect(!analysis.runningHeads.isEmpty)
    }

    @Test("files that cannot be checked get a typed error", arguments: [
        ("pdfs/empty.pdf", "empty"), ("pdfs/not_a_pdf.pdf", "not-pdf"), ("pdfs/encrypted.pdf", "encrypted"),
        ("pdfs/truncated.pdf", "damaged"), ("pdfs/does-not-exist.pdf", "unreadable"),
    ])
    func unreadable(file: String, code: String) throws {
        let report = PaperCheck.check(Self.fixtures.appendingPathComponent(file), ruleSet: try RuleSet.builtIn())
        #expect(report.status == .error)
        #expect(report.errorCode == code)
        #expect(report.error?.contains(file.split(separator: "/").last.map(String.init) ?? "") == true)
    }

    @Test func wrongPasswordIsNamedAsSuch() throws {
        let report = PaperCheck.check(Self.fixtures.appendingPathComponent("pdfs/encrypted.pdf"), ruleSet: try RuleSet.builtIn(),
                                      password: "guess")
        #expect(report.errorCode == "wrong-password")
    }
}
