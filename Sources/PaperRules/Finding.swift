import PaperFacts

/// How much a finding matters (defined in PaperFacts so that every module shares its order).
public typealias Severity = PaperFacts.Severity

/// One thing a rule found, with the evidence to act on it.
public struct Finding: Codable, Equatable, Sendable {
    /// The id of the rule that produced the finding (`margins`, `page-count`, ...).
    public var ruleId: String
    /// The check kind that produced the finding (`pageSize`, `contentWithin`, ...).
    public var check: String
    /// The finding's severity: the rule's, unless the check overrode it.
    public var severity: Severity
    /// The rule's message template filled with `values`.
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
    /// How to fix the problem, from the rule; may be empty.
    public var hint: String
    /// The venue's wording of the requirement, from the rule; may be empty.
    public var reference: String
    /// `true` when a waiver covers the finding: it stays in the report but does not count for the status.
    /// Absent (nil) otherwise, so reports without waivers read as before.
    public var waived: Bool?
    /// The reason of the waiver that covers the finding.
    public var waiver: String?
    /// The single places this finding stands for, when one cause was seen in several places (page
    /// numbers on every page, a text block that does not fit on many pages); nil for one place.
    public var occurrences: [Occurrence]?
    /// The measured amount with its unit (an overflow, a font size, a page count), when the
    /// finding has one; the same measurement `values` words for the message. Absent otherwise.
    public var measured: Quantity?
    /// The amount the rule expects or allows, with its unit (a tolerance, a limit), when there is one.
    public var expected: Quantity?
    /// The measured page size, for page-size findings (a size is two numbers, so not a `Quantity`).
    public var measuredSize: Dimensions?
    /// The expected page size, for page-size findings.
    public var expectedSize: Dimensions?
    /// The side of the page or text block the finding concerns, when it is one side.
    public var side: Side?

    /// Makes a finding; `waived` and `waiver` are normally set only by `WaiverSet.apply(to:)`.
    public init(ruleId: String, check: String, severity: Severity, message: String, page: Int? = nil,
                pages: [Int]? = nil, box: Box? = nil, text: String? = nil, values: [String: String] = [:],
                hint: String = "", reference: String = "", waived: Bool? = nil, waiver: String? = nil,
                occurrences: [Occurrence]? = nil, measured: Quantity? = nil, expected: Quantity? = nil,
                measuredSize: Dimensions? = nil, expectedSize: Dimensions? = nil, side: Side? = nil) {
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
        self.occurrences = occurrences
        self.measured = measured
        self.expected = expected
        self.measuredSize = measuredSize
        self.expectedSize = expectedSize
        self.side = side
    }

    /// Whether a waiver covers this finding.
    public var isWaived: Bool { waived == true }

    /// Every page the finding concerns: `pages`, or else `page`, or none.
    public var allPages: [Int] { pages ?? page.map { [$0] } ?? [] }
}

/// One place where a folded finding's cause shows.
public struct Occurrence: Codable, Equatable, Sendable {
    /// The 1-based page.
    public var page: Int
    /// Where on the page, in PDF points with the origin at the top-left.
    public var box: Box?
    /// The offending text there, if any.
    public var text: String?
    /// The measured value there (e.g. the overflow in points), as the finding's message words it.
    public var measured: String?

    /// Makes an occurrence.
    public init(page: Int, box: Box? = nil, text: String? = nil, measured: String? = nil) {
        self.page = page
        self.box = box
        self.text = text
        self.measured = measured
    }
}

/// The verdict for one file.
public enum FileStatus: String, Codable, Sendable, CaseIterable {
    /// No finding above info.
    case pass
    /// Warnings only.
    case warn
    /// At least one error finding.
    case fail
    /// The file could not be checked at all.
    case error
    /// A submission listed by `--submissions` without a PDF.
    case missing

    /// How bad, in declaration order: pass 0 to missing 4 (for sorting and for a paper's worst file).
    public var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}

/// The outcome for one input file.
public struct FileReport: Codable, Equatable, Sendable {
    /// The file's path as it was given.
    public var path: String
    /// The verdict: from the unwaived findings, or `error` when the file could not be checked.
    public var status: FileStatus
    /// Number of pages; nil when the file could not be opened.
    public var pages: Int?
    /// All findings, waived ones included, in rule order.
    public var findings: [Finding]
    /// Why the file could not be checked (status `error`): a short code and a sentence.
    public var errorCode: String?
    /// The reason as a sentence, naming what the user can do.
    public var error: String?
    /// A few extracted facts worth seeing next to the verdict.
    public var summary: FileSummary?
    /// Wall-clock time spent checking the file, in milliseconds.
    public var durationMilliseconds: Int?
    /// SHA-256 of the file's bytes (batch runs), and the earlier input with the same bytes, if any.
    public var sha256: String?
    /// The path of an earlier input with the same bytes (batch runs), if any.
    public var duplicateOf: String?
    /// PNG images of pages with located findings (`--annotate`, `--format html`), by page.
    public var annotatedPages: [AnnotatedPage]?
    /// The submission the file belongs to (`--submissions`): its id and title. Absent otherwise.
    public var submission: Submission?
    /// The chair's verdict: a triage class and its causes, ranked (`Triage.assess`). Batch runs
    /// always fill it; absent in reports written before it existed.
    public var triage: Triage?
    /// A signed statement that this PDF passed (`papercheck serve --signing-key`), which
    /// `papercheck verify` checks offline; absent otherwise.
    public var passCode: String?

    /// Makes a file report; `sha256` and `duplicateOf` start as nil.
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

    /// Unwaived error findings by rule id (the CSV's and the chair table's rule columns).
    public var errorCountsByRule: [String: Int] {
        var counts: [String: Int] = [:]
        for finding in findings where finding.severity == .error && !finding.isWaived { counts[finding.ruleId, default: 0] += 1 }
        return counts
    }

    /// Whether the file has no checked result: it could not be checked (`error`) or is `missing`.
    public var isUnchecked: Bool { status == .error || status == .missing }

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

/// The submission system's record of a paper, as `--submissions` gives it.
public struct Submission: Codable, Equatable, Sendable {
    /// The paper id (CMT's "Paper ID", OpenReview's "number").
    public var id: String
    /// The paper's title, if the list gives one.
    public var title: String?

    /// Makes a submission record.
    public init(id: String, title: String? = nil) {
        self.id = id
        self.title = title
    }
}

/// A rendered page of a checked file with its findings' boxes drawn on it.
public struct AnnotatedPage: Codable, Equatable, Sendable {
    /// 1-based page number.
    public var page: Int
    /// Where the PNG was written.
    public var file: String

    /// An annotated page image written to `file`.
    public init(page: Int, file: String) {
        self.page = page
        self.file = file
    }
}

/// Extracted facts shown next to a file's verdict; nil fields were not determined.
public struct FileSummary: Codable, Equatable, Sendable {
    /// The page size as `W x H pt`, or `mixed` when the pages differ.
    public var pageSize: String?
    /// The body font's PostScript name.
    public var bodyFont: String?
    /// The body font size, in points.
    public var bodyFontSize: Double?
    /// The distance between body baselines, in points, rounded to 0.01.
    public var baselineStep: Double?
    /// Number of text columns: 1 or 2.
    public var columns: Int?
    /// Pages of body text before the references (see `BodyEnd.bodyPages`).
    public var bodyPages: Int?
    /// Whether line numbers were found.
    public var lineNumbers: Bool
    /// Number of fonts the document uses.
    public var fonts: Int
    /// The tool that made the PDF: its Producer entry (or Creator, without one), at most 100 characters.
    public var producer: String?

    /// Makes a summary.
    public init(pageSize: String?, bodyFont: String?, bodyFontSize: Double?, baselineStep: Double?, columns: Int?,
                bodyPages: Int?, lineNumbers: Bool, fonts: Int, producer: String? = nil) {
        self.pageSize = pageSize
        self.bodyFont = bodyFont
        self.bodyFontSize = bodyFontSize
        self.baselineStep = baselineStep
        self.columns = columns
        self.bodyPages = bodyPages
        self.lineNumbers = lineNumbers
        self.fonts = fonts
        self.producer = producer
    }
}
