import PaperRules

/// One row per file, for organizers' spreadsheets: path, status, pages, error and warning counts,
/// the first error messages, sha256, and the earlier file with the same bytes.
public struct CSVReportRenderer: ReportRenderer {
    /// The column names of the first row.
    public static let header = ["path", "status", "pages", "errors", "warnings", "first_errors", "sha256", "duplicate_of"]
    /// Error messages quoted in `first_errors`.
    public var maxMessages = 3

    /// A renderer with the default of three quoted error messages per row.
    public init() {}

    /// The header and one row per file, with CRLF line ends as RFC 4180 asks.
    public func render(_ report: Report) -> String {
        var rows = [Self.header.joined(separator: ",")]
        for file in report.files {
            let messages = file.findings.filter { $0.severity == .error }.prefix(maxMessages).map(\.message)
            let fields = [file.path, file.status.rawValue, file.pages.map(String.init) ?? "", "\(file.errorCount)",
                          "\(file.warningCount)", messages.joined(separator: " | "), file.sha256 ?? "", file.duplicateOf ?? ""]
            rows.append(fields.map(Self.escape).joined(separator: ","))
        }
        return rows.joined(separator: "\r\n") + "\r\n"
    }

    /// RFC 4180: quote fields holding a comma, quote or line break; double the quotes. A leading
    /// = + - @, tab or carriage return is prefixed with ' so spreadsheets do not run a PDF's text
    /// as a formula.
    static func escape(_ field: String) -> String {
        var value = field
        // Scalars, not characters: "\r\n" is one Character, equal neither to "\r" nor to "\n".
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { value = "'" + value }
        guard value.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
