import PaperFacts

public enum Severity: String, Codable, Sendable, Comparable, CaseIterable {
    case info
    case warning
    case error

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One thing a rule found, with the evidence to act on it.
public struct Finding: Codable, Equatable, Sendable {
    public var ruleId: String
    /// The check kind that produced the finding (`pageSize`, `contentWithin`, ...).
    public var check: String
    public var severity: Severity
    public var message: String
    /// 1-based page the finding is located on, when it has one place.
    public var page: Int?
    /// All pages concerned, when there are several.
    public var pages: [Int]?
    /// Where on the page, in PDF points with the origin at the top-left.
    public var box: Box?
    /// The offending text, when there is some.
    public var text: String?
    /// Measured and expected values by name, the same values the message was filled from.
    public var values: [String: String]
    public var hint: String
    public var reference: String
    /// `true` when a waiver covers the finding: it stays in the report but does not count for the status.
    /// Absent (nil) otherwise, so reports without waivers read as before.
    public var waived: Bool?
    /// The reason of the waiver that covers the finding.
    public var waiver: String?

    public init(ruleId: String, check: String, severity: Severity, message: String, page: Int? = nil,
                pages: [Int]? = nil, box: Box? = nil, text: String? = nil, values: [String: String] = [:],
                hint: String = "", reference: String = "", waived: Bool? = nil, waiver: String? = nil) {
        self.ruleId = ruleId
        self.check = check
        self.severity = severity
        self.message = message
        self.page = page
        self.pages = pages
        self.box = box
        self.text = text
        self.values = values
        self.hint = hint
        self.reference = reference
        self.waived = waived
        self.waiver = waiver
    }

    /// Whether a waiver covers this finding.
    public var isWaived: Bool { waived == true }

    /// Every page the finding concerns: `pages`, or else `page`, or none.
    public var allPages: [Int] { pages ?? page.map { [$0] } ?? [] }
}

public enum FileStatus: String, Codable, Sendable, CaseIterable {
    /// No finding above info.
    case pass
    /// Warnings only.
    case warn
    /// At least one error finding.
    case fail
    /// The file could not be checked at all.
    case error
}

/// The outcome for one input file.
public struct FileReport: Codable, Equatable, Sendable {
    public var path: String
    public var status: FileStatus
    public var pages: Int?
    public var findings: [Finding]
    /// Why the file could not be checked (status `error`): a short code and a sentence.
    public var errorCode: String?
    public var error: String?
    /// A few extracted facts worth seeing next to the verdict.
    public var summary: FileSummary?
    public var durationMilliseconds: Int?
    /// SHA-256 of the file's bytes (batch runs), and the earlier input with the same bytes, if any.
    public var sha256: String?
    public var duplicateOf: String?

    public init(path: String, status: FileStatus, pages: Int?, findings: [Finding], errorCode: String? = nil,
                error: String? = nil, summary: FileSummary? = nil, durationMilliseconds: Int? = nil) {
        self.path = path
        self.status = status
        self.pages = pages
        self.findings = findings
        self.errorCode = errorCode
        self.error = error
        self.summary = summary
        self.durationMilliseconds = durationMilliseconds
    }

    /// Error findings that no waiver covers.
    public var errorCount: Int { findings.filter { !$0.isWaived && $0.severity == .error }.count }
    /// Warning findings that no waiver covers.
    public var warningCount: Int { findings.filter { !$0.isWaived && $0.severity == .warning }.count }
    /// Findings that a waiver covers, whatever their severity.
    public var waivedCount: Int { findings.filter(\.isWaived).count }

    /// pass, warn or fail from the findings that no waiver covers.
    public static func status(of findings: [Finding]) -> FileStatus {
        let counted = findings.filter { !$0.isWaived }
        if counted.contains(where: { $0.severity == .error }) { return .fail }
        if counted.contains(where: { $0.severity == .warning }) { return .warn }
        return .pass
    }
}

public struct FileSummary: Codable, Equatable, Sendable {
    public var pageSize: String?
    public var bodyFont: String?
    public var bodyFontSize: Double?
    public var baselineStep: Double?
    public var columns: Int?
    public var bodyPages: Int?
    public var lineNumbers: Bool
    public var fonts: Int

    public init(pageSize: String?, bodyFont: String?, bodyFontSize: Double?, baselineStep: Double?, columns: Int?,
                bodyPages: Int?, lineNumbers: Bool, fonts: Int) {
        self.pageSize = pageSize
        self.bodyFont = bodyFont
        self.bodyFontSize = bodyFontSize
        self.baselineStep = baselineStep
        self.columns = columns
        self.bodyPages = bodyPages
        self.lineNumbers = lineNumbers
        self.fonts = fonts
    }
}
