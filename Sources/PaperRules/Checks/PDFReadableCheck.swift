/// The file opened as a PDF with at least one page. Failures to open are reported by the
/// evaluator through this rule (status `error`); an opened file yields nothing here.
public enum PDFReadableCheck: CheckKind {
    public struct Parameters: Codable, Sendable {}
    public static let name = "pdfReadable"
    public static let summary = "The file is a PDF that opens without a password and has at least one page."
    public static let defaultMessages = ["main": "{reason}"]
    public static let placeholders = ["reason", "code"]

    public static func evaluate(_ parameters: Parameters, in context: CheckContext) -> [CheckOutcome] { [] }
}
