import PaperRules

/// One row per file, for organizers' spreadsheets: the submission id and title, path, status, the
/// triage verdict and its causes, pages, counts, the first error messages, producer, sha256, the
/// earlier file with the same bytes, and one column per rule of the profile (named by the rule id:
/// the count of its unwaived error findings), so that "all over-length papers" is a column filter.
public struct CSVReportRenderer: ReportRenderer {
    /// The column names before the rule columns.
    public static let header = ["path", "submission_id", "title", "status", "verdict", "causes", "pages", "errors", "warnings",
                                "first_errors", "producer", "sha256", "duplicate_of"]
    /// Error messages quoted in `first_errors`.
    public var maxMessages = 3
    /// The rule columns, in the profile's order.
    public var ruleIds: [String]
    let profile: Profile?

    /// A renderer with a column per rule of `profile` (none without one), and three quoted error
    /// messages per row.
    public init(profile: Profile? = nil) {
        self.profile = profile
        ruleIds = profile?.rules.map(\.id) ?? []
    }

    /// The header and one row per file, with CRLF line ends as RFC 4180 asks.
    public func render(_ report: Report) -> String {
        // A rule id that clashes with a fixed column gets a prefix, so every column name is unique.
        let ruleColumns = ruleIds.map { Self.header.contains($0) ? "rule:" + $0 : $0 }
        var rows = [(Self.header + ruleColumns).map(Self.escape).joined(separator: ",")]
        for file in report.files {
            let messages = file.findings.filter { $0.severity == .error && !$0.isWaived }.prefix(maxMessages).map(\.message)
            let triage = file.triage ?? profile.map { Triage.assess(file, profile: $0) }
            let errorsByRule = file.errorCountsByRule
            let fields = [file.path, file.submission?.id ?? "", file.submission?.title ?? "", file.status.rawValue,
                          triage?.verdict.rawValue ?? "", triage?.summary ?? "", file.pages.map(String.init) ?? "",
                          "\(file.errorCount)", "\(file.warningCount)", messages.joined(separator: " | "),
                          file.summary?.producer ?? "", file.sha256 ?? "", file.duplicateOf ?? ""]
                + ruleIds.map { file.isUnchecked ? "" : String(errorsByRule[$0] ?? 0) }
            rows.append(fields.map(Self.escape).joined(separator: ","))
        }
        return rows.joined(separator: "\r\n") + "\r\n"
    }

    /// RFC 4180: quote fields holding a comma, quote or line break; double the quotes. A leading
    /// = + - @, tab or carriage return is prefixed with ' so spreadsheets do not run a PDF's text
    /// as a formula.
    public static func escape(_ field: String) -> String {
        var value = field
        // Scalars, not characters: "\r\n" is one Character, equal neither to "\r" nor to "\n".
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { value = "'" + value }
        guard value.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
