import Foundation
import Testing
@testable import PaperRules

@Suite("waivers")
struct WaiverTests {
    static func finding(_ ruleID: String, _ severity: Severity = .error, page: Int? = nil, pages: [Int]? = nil) -> Finding {
        Finding(ruleId: ruleID, check: "contentWithin", severity: severity, message: "\(ruleID) problem", page: page, pages: pages)
    }

    static func report(_ path: String, _ findings: [Finding]) -> FileReport {
        FileReport(path: path, status: FileReport.status(of: findings), pages: 9, findings: findings)
    }

    // MARK: - Globs

    @Test("globs match the whole path or its last component", arguments: [
        ("papers/*.pdf", "papers/a.pdf", true),
        ("papers/*.pdf", "papers/sub/a.pdf", false),
        ("papers/**/*.pdf", "papers/sub/deeper/a.pdf", true),
        ("papers/**/*.pdf", "papers/a.pdf", true),
        ("papers/**", "papers/sub/a.pdf", true),
        ("**/a.pdf", "x/y/a.pdf", true),
        ("**/a.pdf", "a.pdf", true),
        ("draft?.pdf", "submissions/draft2.pdf", true),
        ("draft?.pdf", "submissions/draft12.pdf", false),
        ("*.pdf", "deep/er/paper.pdf", true),
        ("*", "any/thing.pdf", true),
        ("paper.pdf", "paper.pdf", true),
        ("paper.pdf", "other/paper.pdf", true),
        ("paper.pdf", "paper.pdf.bak", false),
        ("papers/a.pdf", "./papers/a.pdf", true),
        ("./papers/a.pdf", "papers/a.pdf", true),
        ("p?pers/a.pdf", "p/pers/a.pdf", false),
        ("*.PDF", "a.pdf", false),
        ("a*b*c.pdf", "aXXbYYc.pdf", true),
        ("a*b*c.pdf", "aXXcYYb.pdf", false),
    ])
    func globs(pattern: String, path: String, matches: Bool) {
        #expect(FileGlob(pattern).matches(path) == matches, "\(pattern) against \(path)")
    }

    /// The plain backtracking definition of a glob match, which the matcher must agree with.
    static func backtracking(_ tokens: ArraySlice<FileGlob.Token>, _ text: ArraySlice<Character>) -> Bool {
        guard let token = tokens.first else { return text.isEmpty }
        let rest = tokens.dropFirst()
        switch token {
        case let .literal(character):
            return text.first == character && backtracking(rest, text.dropFirst())
        case .anyCharacter:
            guard let first = text.first, first != "/" else { return false }
            return backtracking(rest, text.dropFirst())
        case .anyRunWithinComponent:
            let end = text.firstIndex(of: "/") ?? text.endIndex
            return (text.startIndex...end).contains { backtracking(rest, text[$0...]) }
        case .anyRun:
            return (text.startIndex...text.endIndex).contains { backtracking(rest, text[$0...]) }
        case .anyDirectories:
            return backtracking(rest, text) || text.indices.contains { text[$0] == "/" && backtracking(rest, text[($0 + 1)...]) }
        }
    }

    static func words(_ alphabet: [String], upTo length: Int) -> [String] {
        var all = [""], last = [""]
        for _ in 0..<length {
            last = last.flatMap { word in alphabet.map { word + $0 } }
            all += last
        }
        return all
    }

    @Test func matcherAgreesWithBacktrackingOnEveryShortGlobAndPath() {
        let paths = Self.words(["a", "b", "/"], upTo: 5) + ["./a/b", "a/./b"]
        for pattern in Self.words(["a", "/", "?", "*", "**/", "."], upTo: 4) {
            let glob = FileGlob(pattern)
            for path in paths {
                let full = Array(path.hasPrefix("./") ? String(path.dropFirst(2)) : path)
                var expected = Self.backtracking(glob.tokens[...], full[...])
                if !expected, let slash = full.lastIndex(of: "/") {
                    expected = Self.backtracking(glob.tokens[...], full[(slash + 1)...])
                }
                if glob.matches(path) != expected {
                    Issue.record("\(pattern) against \(path): \(!expected), expected \(expected)")
                    return
                }
            }
        }
    }

    /// Runs `body` on a thread of its own and waits for its answer; the bound only keeps a hang
    /// from stalling the suite, it is not a timing.
    static func answerWithoutHanging(_ body: @escaping @Sendable () -> Bool) -> Bool? {
        final class Box: @unchecked Sendable { var value: Bool? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        Thread {
            box.value = body()
            done.signal()
        }.start()
        guard done.wait(timeout: .now() + 60) == .success else { return nil }
        return box.value
    }

    @Test("stars that backtrack on each other cost pattern length times path length", arguments: [
        (String(repeating: "*a", count: 40) + "*b", String(repeating: "a", count: 400), false),
        (String(repeating: "**a", count: 40) + "**b", String(repeating: "a/", count: 200), false),
        (String(repeating: "*a", count: 40) + "*b", String(repeating: "a", count: 400) + "b", true),
        (String(repeating: "**/a", count: 40) + "b", String(repeating: "a/", count: 200) + "b", false),
    ])
    func pathologicalGlobs(pattern: String, path: String, matches: Bool) {
        #expect(Self.answerWithoutHanging { FileGlob(pattern).matches(path) } == matches)
    }

    @Test func twoHundredThousandDirectoryStarsDoNotOverflowTheStack() {
        let pattern = String(repeating: "**/", count: 200_000) + "a.pdf"
        #expect(Self.answerWithoutHanging { FileGlob(pattern).matches("x/y/a.pdf") } == true)
        #expect(Self.answerWithoutHanging { FileGlob(pattern).matches("x/y/b.pdf") } == false)
    }

    // MARK: - Decoding

    @Test func decodesAWaiversFile() throws {
        let json = #"""
        {"$schema": "../schemas/waivers.schema.json", "schemaVersion": 1, "waivers": [
          {"file": "papers/*.pdf", "rule": "margins", "pages": [2, 3], "reason": "Figure 3 was accepted as is."},
          {"file": "**", "rule": "fonts-embedded", "reason": "Publisher embeds the fonts."}
        ]}
        """#
        let set = try WaiverSet.decode(Data(json.utf8))
        #expect(set.waivers == [
            Waiver(file: "papers/*.pdf", rule: "margins", pages: [2, 3], reason: "Figure 3 was accepted as is."),
            Waiver(file: "**", rule: "fonts-embedded", reason: "Publisher embeds the fonts."),
        ])
    }

    @Test("decoding errors name the file and the JSON path", arguments: [
        (#"{"schemaVersion": 1, "waivers": [{"file": "a.pdf", "rule": "margins"}]}"#,
         "w.json: waivers[0].reason: required key is missing"),
        (#"{"schemaVersion": 1, "waivers": [{"file": "a.pdf", "rule": "margins", "reason": "  "}]}"#,
         "w.json: waivers[0].reason: must not be empty"),
        (#"{"schemaVersion": 1, "waivers": [{"file": "a.pdf", "rule": "m", "reason": "r"}, {"file": 3, "rule": "m", "reason": "r"}]}"#,
         "w.json: waivers[1].file: expected a string, found a number"),
        (#"{"schemaVersion": 1, "waivers": [{"file": "a.pdf", "rule": "m", "reason": "r", "pages": [1, "2"]}]}"#,
         "w.json: waivers[0].pages[1]: expected a whole number, found a string"),
        (#"{"schemaVersion": 1, "waivers": [{"file": "a.pdf", "rule": "m", "reason": "r", "pages": [0]}]}"#,
         "w.json: waivers[0].pages[0]: pages are numbered from 1, found 0"),
        (#"{"schemaVersion": 1, "waivers": [{"file": "a.pdf", "rule": "m", "reason": "r", "pages": []}]}"#,
         "w.json: waivers[0].pages: must list at least one page"),
        (#"{"schemaVersion": 1, "waivers": [{"file": "a.pdf", "rule": "m", "reason": "r", "page": 2}]}"#,
         "w.json: waivers[0].page: unknown key"),
        (#"{"schemaVersion": 2, "waivers": []}"#, "w.json: schemaVersion: version 2 is not supported"),
        (#"{"waivers": []}"#, "w.json: schemaVersion: required key is missing"),
        (#"{"schemaVersion": 1, "waivers": {}}"#, "w.json: waivers: expected an array, found an object"),
        (#"{"schemaVersion": 1, "waivers": [}"#, "w.json: not valid JSON"),
    ])
    func decodingErrors(json: String, expected: String) {
        do {
            _ = try WaiverSet.decode(Data(json.utf8), file: "w.json")
            Issue.record("\(json) decoded")
        } catch {
            #expect(error.description.hasPrefix(expected), "got: \(error.description)")
        }
    }

    @Test func loadNamesAMissingFile() {
        #expect(throws: WaiverSetError(path: "", message: "cannot read the file; check the path", file: "/nonexistent/w.json")) {
            try WaiverSet.load(path: "/nonexistent/w.json")
        }
    }

    // MARK: - Applying

    @Test("a waived finding stays, marked, and no longer counts for the status")
    func waivedFindingsStayButDoNotCount() {
        let set = WaiverSet(waivers: [Waiver(file: "papers/*.pdf", rule: "margins", reason: "accepted")])
        let original = Self.report("papers/a.pdf", [Self.finding("margins"), Self.finding("fonts-embedded", .warning)])
        #expect(original.status == .fail)
        let applied = set.apply(to: original)
        #expect(applied.findings.count == 2)
        #expect(applied.findings[0].waived == true)
        #expect(applied.findings[0].waiver == "accepted")
        #expect(applied.findings[1].waived == nil)
        #expect(applied.status == .warn)
        #expect(applied.errorCount == 0)
        #expect(applied.warningCount == 1)
        #expect(applied.waivedCount == 1)
    }

    @Test func everyFindingWaivedPasses() {
        let set = WaiverSet(waivers: [Waiver(file: "*.pdf", rule: "margins", reason: "r"),
                                      Waiver(file: "*.pdf", rule: "fonts-embedded", reason: "r")])
        let applied = set.apply(to: Self.report("x/a.pdf", [Self.finding("margins"), Self.finding("fonts-embedded", .warning)]))
        #expect(applied.status == .pass)
    }

    @Test("a waiver with pages covers only findings all of whose pages it lists")
    func pagesRestrictTheWaiver() {
        let waiver = Waiver(file: "**", rule: "margins", pages: [2, 3], reason: "r")
        #expect(waiver.covers(Self.finding("margins", page: 2), inFile: "a.pdf"))
        #expect(waiver.covers(Self.finding("margins", pages: [2, 3]), inFile: "a.pdf"))
        #expect(!waiver.covers(Self.finding("margins", pages: [2, 4]), inFile: "a.pdf"))
        #expect(!waiver.covers(Self.finding("margins", page: 4), inFile: "a.pdf"))
        #expect(!waiver.covers(Self.finding("margins"), inFile: "a.pdf"))
        #expect(!waiver.covers(Self.finding("columns", page: 2), inFile: "a.pdf"))
    }

    @Test("the first waiver that covers a finding gives the reason")
    func firstWaiverWins() {
        let set = WaiverSet(waivers: [Waiver(file: "a.pdf", rule: "margins", reason: "first"),
                                      Waiver(file: "*", rule: "margins", reason: "second")])
        #expect(set.apply(to: Self.report("a.pdf", [Self.finding("margins")])).findings[0].waiver == "first")
    }

    @Test("files that could not be checked are not waived")
    func unreadableFilesStayErrors() {
        let broken = FileReport(path: "a.pdf", status: .error, pages: nil, findings: [Self.finding("pdf-readable")],
                                errorCode: "empty", error: "empty")
        let set = WaiverSet(waivers: [Waiver(file: "a.pdf", rule: "pdf-readable", reason: "r")])
        #expect(set.apply(to: broken) == broken)
        #expect(set.unmatched(after: [broken]) == set.waivers)
    }

    @Test func unmatchedWaiversBecomeNotices() throws {
        let used = Waiver(file: "papers/*.pdf", rule: "margins", reason: "accepted")
        let stale = Waiver(file: "old/*.pdf", rule: "margins", pages: [1], reason: "Figure 3, agreed")
        let set = WaiverSet(waivers: [used, stale])
        let reports = [set.apply(to: Self.report("papers/a.pdf", [Self.finding("margins", page: 1)]))]
        #expect(set.unmatched(after: reports) == [stale])
        let notices = set.unmatchedNotices(after: reports)
        let notice = try #require(notices.first)
        #expect(notices.count == 1)
        #expect(notice.ruleId == "waivers")
        #expect(notice.check == "waivers")
        #expect(notice.severity == .warning)
        #expect(notice.message == "waiver for rule margins on files old/*.pdf matched nothing: Figure 3, agreed")
        #expect(notice.values["pages"] == "1")
    }

    // MARK: - Reports

    @Test("the summary counts waived findings apart, and notices appear only when there are some")
    func reportSummaryAndNotices() throws {
        let profile = try #require(try RuleSet.builtIn().profile("icml2016"))
        let set = WaiverSet(waivers: [Waiver(file: "*.pdf", rule: "margins", reason: "r"),
                                      Waiver(file: "nothing/*.pdf", rule: "margins", reason: "stale")])
        let files = [set.apply(to: Self.report("a.pdf", [Self.finding("margins"), Self.finding("columns")]))]
        let report = Report(toolVersion: "t", profile: profile, rulesSchemaVersion: 1, files: files,
                            notices: set.unmatchedNotices(after: files))
        #expect(report.summary.errors == 1)
        #expect(report.summary.waived == 1)
        #expect(report.summary.fail == 1)
        #expect(report.notices?.count == 1)
        let plain = Report(toolVersion: "t", profile: profile, rulesSchemaVersion: 1, files: files)
        #expect(plain.notices == nil)
    }

    @Test("nil waiver fields and empty notices are absent from the JSON, and old reports still decode")
    func codableStaysBackwardCompatible() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let plain = String(decoding: try encoder.encode(Self.finding("margins", page: 2)), as: UTF8.self)
        #expect(!plain.contains("waive"))
        var waived = Self.finding("margins", page: 2)
        waived.waived = true
        waived.waiver = "ok"
        let marked = String(decoding: try encoder.encode(waived), as: UTF8.self)
        #expect(marked.contains(#""waived":true"#) && marked.contains(#""waiver":"ok""#))

        let profile = try #require(try RuleSet.builtIn().profile("icml2016"))
        let report = Report(toolVersion: "t", profile: profile, rulesSchemaVersion: 1, files: [])
        let json = String(decoding: try encoder.encode(report), as: UTF8.self)
        #expect(!json.contains("notices"))
        // A report written before waivers existed: no `waived` in the summary, no waiver fields.
        let old = json.replacingOccurrences(of: #","waived":0"#, with: "")
        #expect(!old.contains("waived"))
        let decoded = try JSONDecoder().decode(Report.self, from: Data(old.utf8))
        #expect(decoded.summary.waived == 0)
    }
}
