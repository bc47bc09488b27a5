/// The file opened as a PDF with at least one page. Failures to open are reported by the
/// evaluator through this rule (status `error`); an opened file yields nothing here.
public enum PDFReadableCheck: CheckKind {
    /// The `parameters` of a `pdfReadable` rule: none.
    public struct Parameters: Decodable, Sendable {}
    /// No parameters.
    public static let parameterSpecs: [ParameterSpec] = []
    /// The `check` value that selects this kind in rules.json.
    public static let name = "pdfReadable"
    /// What the check looks at, in one sentence, for `papercheck rules explain`.
    public static let summary = "The file is a PDF that opens without a password and has at least one page."
    /// The outcomes this check reports; each has its own message, and a rule's `messages` are keyed by them.
    public enum Variant: String, CaseIterable, Sendable {
        /// The file could not be opened as a PDF.
        case main
        /// A zip archive, or a member of one, that is not read (`archive-*` codes: an unsafe name,
        /// a zip bomb, encryption, a damaged archive): its own hint, since exporting the PDF again
        /// does not help.
        case archive
    }

    /// Message templates by variant: the reason, by default.
    public static func defaultMessage(_ variant: Variant) -> String {
        switch variant {
        case .main, .archive: "{reason}"
        }
    }

    /// The variant of a file that could not be checked, by its error code.
    public static func variant(forCode code: String) -> Variant {
        code.hasPrefix("archive-") ? .archive : .main
    }

    /// The `{placeholders}` this check's outcomes fill.
    public static let placeholders = ["reason", "code"]

    /// Reports nothing: a file that got this far opened. `Evaluator.unreadable` reports the failures.
    public static func evaluate(_ parameters: Parameters, in context: CheckContext) -> [CheckOutcome] { [] }
}
