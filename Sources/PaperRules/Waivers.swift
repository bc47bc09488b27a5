import Foundation

/// A waivers file that cannot be used, reported like a bad rules file, on one line with the JSON
/// path of the bad value: `waivers.json: waivers[2].reason: must not be empty`.
public typealias WaiverSetError = RuleSetError

/// An accepted deviation: findings of one rule on the files a glob matches (optionally only on
/// some pages) are kept in the report but marked waived, with the reason, and no longer count.
public struct Waiver: Codable, Equatable, Hashable, Sendable {
    /// A glob over report paths; see `FileGlob` for the syntax.
    public var file: String
    /// The id of the rule whose findings are waived (exact match).
    public var rule: String
    /// When present, only findings all of whose pages are in this list are waived; a finding
    /// without a page is then not covered.
    public var pages: [Int]?
    /// Why the deviation is accepted; required so that every waiver explains itself.
    public var reason: String

    /// A waiver as the waivers file states it; `load`/`decode` check the values, this does not.
    public init(file: String, rule: String, pages: [Int]? = nil, reason: String) {
        self.file = file
        self.rule = rule
        self.pages = pages
        self.reason = reason
    }

    /// Whether this waiver covers `finding` in the file at `path`.
    public func covers(_ finding: Finding, inFile path: String) -> Bool {
        guard finding.ruleId == rule, FileGlob(file).matches(path) else { return false }
        guard let pages else { return true }
        let concerned = finding.allPages
        return !concerned.isEmpty && concerned.allSatisfy(pages.contains)
    }

    /// The run-level warning for a waiver that covered nothing in the whole run: it is stale, or
    /// its pattern, rule id or pages are wrong.
    public func unmatchedNotice() -> Finding {
        var values = ["rule": rule, "file": file, "reason": reason]
        if let pages { values["pages"] = pages.map(String.init).joined(separator: ", ") }
        return Finding(ruleId: WaiverSet.noticeRuleID, check: WaiverSet.noticeCheck, severity: .warning,
                       message: "waiver for rule \(rule) on files \(file) matched nothing: \(reason)",
                       values: values,
                       hint: "Remove the waiver if the problem is fixed; otherwise correct its file pattern, rule id or pages.")
    }
}

/// The waivers of one waivers file, in file order. The first waiver that covers a finding is the
/// one recorded on it.
///
/// File format (`schemas/waivers.schema.json`):
/// ```
/// {"schemaVersion": 1, "waivers": [{"file": "papers/*.pdf", "rule": "margins", "pages": [3], "reason": "..."}]}
/// ```
public struct WaiverSet: Equatable, Sendable {
    /// The `schemaVersion` this papercheck reads.
    public static let supportedSchemaVersion = 1
    /// `ruleId` of the run-level notices about waivers.
    public static let noticeRuleID = "waivers"
    /// `check` of the run-level notices about waivers.
    public static let noticeCheck = "waivers"
    /// What the notices about waivers are, for renderers that describe every rule they report.
    public static let noticeSummary = "Every waiver in the waivers file covers at least one finding of the run."

    /// The waivers, in file order.
    public var waivers: [Waiver]

    /// A set of waivers built in code.
    public init(waivers: [Waiver]) {
        self.waivers = waivers
    }

    /// Reads and checks a waivers file; errors name the file and the JSON path.
    public static func load(path: String) throws(WaiverSetError) -> WaiverSet {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WaiverSetError(path: "", message: "cannot read the file; check the path", file: path)
        }
        return try decode(data, file: path)
    }

    /// Decodes and checks waivers JSON; `file` names the source in errors.
    public static func decode(_ data: Data, file: String = "waivers.json") throws(WaiverSetError) -> WaiverSet {
        do {
            return try WaiverSetParser().parse(data)
        } catch {
            var error = error
            error.file = file
            throw error
        }
    }

    /// The waiver that covers `finding` in `report`, if any. Files that could not be checked
    /// (status `error`) are never waived: there is nothing there to accept.
    public func waiver(for finding: Finding, in report: FileReport) -> Waiver? {
        guard report.status != .error else { return nil }
        return waivers.first { $0.covers(finding, inFile: report.path) }
    }

    /// The report with every covered finding marked `waived` with its reason, and the status
    /// recomputed from the findings that remain. Reports of files that could not be checked are
    /// returned unchanged.
    public func apply(to report: FileReport) -> FileReport {
        guard report.status != .error else { return report }
        var applied = report
        applied.findings = report.findings.map { finding in
            guard let waiver = waiver(for: finding, in: report) else { return finding }
            var waived = finding
            waived.waived = true
            waived.waiver = waiver.reason
            return waived
        }
        applied.status = FileReport.status(of: applied.findings)
        return applied
    }

    /// The waivers that cover no finding in any of `reports` (applied or not: waived findings stay
    /// in a report, so the answer is the same).
    public func unmatched(after reports: [FileReport]) -> [Waiver] {
        waivers.filter { waiver in
            !reports.contains { report in
                report.status != .error && report.findings.contains { waiver.covers($0, inFile: report.path) }
            }
        }
    }

    /// One warning finding per unmatched waiver, for `Report.notices`.
    public func unmatchedNotices(after reports: [FileReport]) -> [Finding] {
        unmatched(after: reports).map { $0.unmatchedNotice() }
    }
}

/// Walks the JSON of a waivers file, checking each value where it stands, so errors carry paths.
struct WaiverSetParser {
    func parse(_ data: Data) throws(WaiverSetError) -> WaiverSet {
        let root: JSONValue
        do {
            root = try JSONParser.parse(data)
        } catch {
            throw WaiverSetError(path: "", message: "not valid JSON (\(error))")
        }
        let top = try object(root, at: "")
        try rejectUnknownKeys(top, known: ["$schema", "schemaVersion", "waivers"], at: "")
        let version = try integer(top["schemaVersion"], at: "schemaVersion")
        guard version == WaiverSet.supportedSchemaVersion else {
            throw WaiverSetError(path: "schemaVersion",
                                 message: "version \(version) is not supported; this papercheck reads version \(WaiverSet.supportedSchemaVersion)")
        }
        var waivers: [Waiver] = []
        for (index, value) in try array(top["waivers"], at: "waivers").enumerated() {
            waivers.append(try waiver(value, at: "waivers[\(index)]"))
        }
        return WaiverSet(waivers: waivers)
    }

    private func waiver(_ value: JSONValue, at path: String) throws(WaiverSetError) -> Waiver {
        let body = try object(value, at: path)
        try rejectUnknownKeys(body, known: ["file", "rule", "pages", "reason"], at: path)
        let file = try nonEmptyString(body["file"], at: path + ".file")
        let rule = try nonEmptyString(body["rule"], at: path + ".rule")
        let reason = try nonEmptyString(body["reason"], at: path + ".reason")
        var pages: [Int]?
        if let pagesValue = body["pages"] {
            let list = try array(pagesValue, at: path + ".pages")
            guard !list.isEmpty else {
                throw WaiverSetError(path: path + ".pages", message: "must list at least one page (leave it out to waive every page)")
            }
            var numbers: [Int] = []
            for (offset, page) in list.enumerated() {
                let number = try integer(page, at: "\(path).pages[\(offset)]")
                guard number >= 1 else {
                    throw WaiverSetError(path: "\(path).pages[\(offset)]", message: "pages are numbered from 1, found \(number)")
                }
                numbers.append(number)
            }
            pages = numbers
        }
        return Waiver(file: file, rule: rule, pages: pages, reason: reason)
    }

    private let json = JSONReader { path, message in WaiverSetError(path: path, message: message) }

    private func rejectUnknownKeys(_ body: [String: JSONValue], known: Set<String>, at path: String) throws(WaiverSetError) {
        try json.rejectUnknownKeys(body, known: known, at: path)
    }

    private func object(_ value: JSONValue?, at path: String) throws(WaiverSetError) -> [String: JSONValue] {
        try json.object(value, at: path)
    }

    private func array(_ value: JSONValue?, at path: String) throws(WaiverSetError) -> [JSONValue] {
        try json.array(value, at: path)
    }

    private func nonEmptyString(_ value: JSONValue?, at path: String) throws(WaiverSetError) -> String {
        let string = try json.string(value, at: path)
        guard !string.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw WaiverSetError(path: path, message: "must not be empty")
        }
        return string
    }

    private func integer(_ value: JSONValue?, at path: String) throws(WaiverSetError) -> Int {
        guard let value else { throw WaiverSetError(path: path, message: "required key is missing") }
        guard case let .number(number) = value, number == number.rounded(), abs(number) < 1e9 else {
            throw WaiverSetError(path: path, message: "expected a whole number, found \(value.typeName)")
        }
        return Int(number)
    }
}

/// A file glob as written in a waiver, matched against the path a report gives for a file.
///
/// - `*` matches any run of characters except `/`; `?` matches one character except `/`;
/// - `**` matches any run of characters including `/`, and `**/` matches zero or more whole directories
///   (`papers/**/draft.pdf` matches `papers/draft.pdf` and `papers/a/b/draft.pdf`);
/// - every other character matches itself (there are no `[...]` classes or escapes).
///
/// A path matches when the glob matches the whole path or its last component, so `draft*.pdf`
/// matches `submissions/draft2.pdf`. A leading `./` is ignored on both sides.
public struct FileGlob: Equatable, Sendable {
    enum Token: Equatable, Sendable {
        case literal(Character)
        case anyCharacter
        case anyRunWithinComponent
        case anyRun
        case anyDirectories
    }

    /// The glob as written.
    public let pattern: String
    let tokens: [Token]

    /// Parses `pattern`; every string is a valid glob.
    public init(_ pattern: String) {
        self.pattern = pattern
        tokens = Self.tokenize(Self.withoutDotSlash(pattern))
    }

    /// Whether the glob matches `path` or its last path component.
    public func matches(_ path: String) -> Bool {
        let full = Array(Self.withoutDotSlash(path))
        // The last component is a suffix of the path, so one table answers both questions.
        let matchesFrom = Self.matchingStarts(tokens, full)
        if matchesFrom[0] { return true }
        guard let slash = full.lastIndex(of: "/") else { return false }
        return matchesFrom[slash + 1]
    }

    private static func withoutDotSlash(_ text: String) -> String {
        var rest = Substring(text)
        while rest.hasPrefix("./") { rest = rest.dropFirst(2) }
        return String(rest)
    }

    private static func tokenize(_ pattern: String) -> [Token] {
        let characters = Array(pattern)
        var tokens: [Token] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "*" {
                if index + 1 < characters.count, characters[index + 1] == "*" {
                    if index + 2 < characters.count, characters[index + 2] == "/" {
                        tokens.append(.anyDirectories)
                        index += 3
                    } else {
                        tokens.append(.anyRun)
                        index += 2
                        // Further stars right after `**` add nothing.
                        while index < characters.count, characters[index] == "*" { index += 1 }
                    }
                } else {
                    tokens.append(.anyRunWithinComponent)
                    index += 1
                }
            } else {
                tokens.append(character == "?" ? .anyCharacter : .literal(character))
                index += 1
            }
        }
        return tokens
    }

    /// For each start offset of `text`, whether `tokens` match the text from there to its end.
    ///
    /// The table of (token, offset) answers is filled from the last token back, one row of
    /// offsets at a time, so a match costs time proportional to tokens times characters and
    /// memory proportional to characters, whatever the stars, with no recursion. The row of
    /// token i is computed from the row of token i + 1 (`next`), offsets from the end back:
    /// - a literal or `?` takes one character and leaves the rest to the next token;
    /// - `*` leaves the text to the next token here, or takes one character other than `/` and
    ///   is still `*` at the following offset;
    /// - `**` does the same with any character;
    /// - `**/` leaves the text to the next token here, or after any `/` at or beyond this offset.
    static func matchingStarts(_ tokens: [Token], _ text: [Character]) -> [Bool] {
        let count = text.count
        // Past the last token only the end of the text matches.
        var next = [Bool](repeating: false, count: count + 1)
        next[count] = true
        var row = next
        for token in tokens.reversed() {
            switch token {
            case let .literal(character):
                for offset in 0..<count { row[offset] = text[offset] == character && next[offset + 1] }
                row[count] = false
            case .anyCharacter:
                for offset in 0..<count { row[offset] = text[offset] != "/" && next[offset + 1] }
                row[count] = false
            case .anyRunWithinComponent:
                row[count] = next[count]
                for offset in stride(from: count - 1, through: 0, by: -1) {
                    row[offset] = next[offset] || (text[offset] != "/" && row[offset + 1])
                }
            case .anyRun:
                row[count] = next[count]
                for offset in stride(from: count - 1, through: 0, by: -1) {
                    row[offset] = next[offset] || row[offset + 1]
                }
            case .anyDirectories:
                row[count] = next[count]
                var afterSomeSlash = false
                for offset in stride(from: count - 1, through: 0, by: -1) {
                    if text[offset] == "/", next[offset + 1] { afterSomeSlash = true }
                    row[offset] = next[offset] || afterSomeSlash
                }
            }
            swap(&row, &next)
        }
        return next
    }
}
