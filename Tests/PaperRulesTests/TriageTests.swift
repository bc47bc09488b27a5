import Foundation
import Testing
@testable import PaperRules

/// `Triage.assess`: one verdict per paper from its rules' `triage` classes, causes ranked, and the
/// rules file's `triage` and `cause` keys validated like the rest of a rule.
@Suite("triage")
struct TriageTests {
    static func finding(_ rule: String, _ severity: Severity = .error, values: [String: String] = [:],
                        occurrences: Int = 0, waived: Bool = false) -> Finding {
        Finding(ruleId: rule, check: "x", severity: severity, message: rule, values: values, waived: waived ? true : nil,
                occurrences: occurrences > 0 ? (1...occurrences).map { Occurrence(page: $0) } : nil)
    }

    static func report(_ findings: [Finding], status: FileStatus? = nil) -> FileReport {
        FileReport(path: "p.pdf", status: status ?? FileReport.status(of: findings), pages: 9, findings: findings)
    }

    static let submission = try! #require(try RuleSet.builtIn().profile("icml2016"))

    @Test func aDeskRejectRuleOutranksFixesAndWarningsWhateverTheOrder() throws {
        let findings = [Self.finding("margins", occurrences: 3), Self.finding("file-size", .warning, values: ["size": "12 MB"]),
                        Self.finding("page-limit", values: ["bodyPages": "10", "totalPages": "12"])]
        let triage = Triage.assess(Self.report(findings), profile: Self.submission)
        #expect(triage.verdict == .deskReject)
        #expect(triage.causes.map(\.text) == ["over length: 10 body pages, 12 in all", "local overflows: 3", "large file: 12 MB"])
        #expect(triage.causes.map(\.triage) == [.deskReject, .fixBeforeCameraReady, .ok])
        #expect(triage.summary == "over length: 10 body pages, 12 in all; local overflows: 3; large file: 12 MB")
    }

    @Test func camerReadyTurnsDeskRejectionsIntoFixes() throws {
        let cameraReady = try #require(try RuleSet.builtIn().profile("icml2016-camera-ready"))
        let triage = Triage.assess(Self.report([Self.finding("page-size", values: ["measured": "595 x 842 pt"])]), profile: cameraReady)
        #expect(triage.verdict == .fixBeforeCameraReady)
        #expect(triage.causes.map(\.text) == ["wrong page size: 595 x 842 pt"])
    }

    @Test func warningsAndWaivedErrorsLeaveThePaperOk() {
        let findings = [Self.finding("line-numbers", .warning), Self.finding("page-size", waived: true)]
        let triage = Triage.assess(Self.report(findings), profile: Self.submission)
        #expect(triage.verdict == .ok)
        #expect(triage.causes.map(\.ruleId) == ["line-numbers"])
        #expect(Triage.assess(Self.report([]), profile: Self.submission) == Triage(verdict: .ok, causes: []))
    }

    @Test func unreadableAndMissingFilesHaveTheirOwnClass() {
        var unreadable = Self.report([Self.finding("pdf-readable")], status: .error)
        unreadable.errorCode = "encrypted"
        #expect(Triage.assess(unreadable, profile: Self.submission).verdict == .checkByHand)
        #expect(Triage.assess(unreadable, profile: Self.submission).causes.map(\.text) == ["cannot be checked (encrypted)"])
        #expect(Triage.assess(Self.report([], status: .missing), profile: Self.submission).verdict == .missing)
    }

    @Test func aCauseWhosePlaceholderTheFindingLacksKeepsItsWords() {
        // A variant that does not measure {totalPages}: the words before the placeholder, never "{totalPages}".
        let triage = Triage.assess(Self.report([Self.finding("page-limit", values: [:])]), profile: Self.submission)
        #expect(triage.causes.map(\.text) == ["over length"])
    }

    @Test func rulesFilesSayTriageAndCauseOrFailNamingThePath() throws {
        func profile(_ extra: String) -> String {
            """
            {"schemaVersion": 1, "default": "v", "profiles": [{"id": "v", "title": "V", "rules": [
              {"id": "size", "check": "pageSize", "severity": "error", "parameters": {"width": 612, "height": 792, "tolerance": 1, "name": "Letter"}, "hint": "h", "reference": "r", \(extra)}]}]}
            """
        }
        let rules = try RuleSet.decode(Data(profile(#""triage": "desk-reject", "cause": "size {measured}, {count} pages""#).utf8))
        let rule = try #require(rules.profile("v")?.rule("size"))
        #expect(rule.triage == .deskReject)
        #expect(rule.cause == "size {measured}, {count} pages")
        #expect(throws: RuleSetError.self) { try RuleSet.decode(Data(profile(#""triage": "reject""#).utf8)) }
        do {
            _ = try RuleSet.decode(Data(profile(#""triage": "missing""#).utf8))
            Issue.record("a class that follows from the status is not a rule's to give")
        } catch {
            #expect(error.description.contains("profiles[0].rules[0].triage"))
            #expect(error.description.contains("desk-reject, fix-before-camera-ready, ok"))
        }
        do {
            _ = try RuleSet.decode(Data(profile(#""cause": "size {mesured}""#).utf8))
            Issue.record("a misspelt placeholder in a cause is an error")
        } catch {
            #expect(error.description.contains("profiles[0].rules[0].cause"))
        }
    }

    @Test func triageAndCauseDoNotChangeTheDigestThatResumeKeys() throws {
        let plain = #"{"schemaVersion": 1, "default": "v", "profiles": [{"id": "v", "title": "V", "rules": [{"id": "size", "check": "pageSize", "severity": "error", "parameters": {"width": 612, "height": 792, "tolerance": 1, "name": "Letter"}, "hint": "h", "reference": "r"}]}]}"#
        let triaged = plain.replacingOccurrences(of: #""reference": "r""#, with: #""reference": "r", "triage": "desk-reject", "cause": "size""#)
        let first = try #require(try RuleSet.decode(Data(plain.utf8)).profile("v"))
        let second = try #require(try RuleSet.decode(Data(triaged.utf8)).profile("v"))
        #expect(first.digest == second.digest)
    }
}
