/// Pages whose text cannot be read (scans without a text layer, fonts that do not decode),
/// and which text-based rules therefore could not run.
public enum TextExtractableCheck: CheckKind {
    /// The `parameters` of a `textExtractable` rule: none.
    public struct Parameters: Decodable, Sendable {}
    /// No parameters.
    public static let parameterSpecs: [ParameterSpec] = []

    /// The `check` value that selects this kind in rules.json.
    public static let name = "textExtractable"
    /// What the check looks at, in one sentence, for `papercheck rules explain`.
    public static let summary = "Every page has a text layer that decodes to real characters; otherwise names the pages and the rules that could not be checked there."
    /// The outcomes this check reports; each has its own message, and a rule's `messages` are keyed by them.
    public enum Variant: String, CaseIterable, Sendable {
        /// Pages without extractable text.
        case main
    }

    /// Message templates by variant: only `main`.
    public static func defaultMessage(_ variant: Variant) -> String {
        switch variant {
        case .main: "no extractable text on pages {pages}: {rules} were not checked"
        }
    }

    /// The `{placeholders}` this check's outcomes fill.
    public static let placeholders = ["pages", "rules", "count"]

    /// Check kinds that read the text and so cannot judge a page without it.
    static let textDependentKinds = ["language", "bodyFont", "columns", "pageCount", "textPresent", "textAbsent",
                                     "sectionAbsent", "lineNumbers"]

    /// Reports the unreadable pages once, naming the profile's text-dependent rules that could not judge them.
    public static func evaluate(_ parameters: Parameters, in context: CheckContext) -> [CheckOutcome] {
        let pages = context.analysis.extractability.unreadablePages
        guard !pages.isEmpty else { return [] }
        let affected = context.profileRules.filter { textDependentKinds.contains($0.check) }.map(\.id)
        return [CheckOutcome(values: ["pages": PageList.text(pages),
                                      "rules": affected.isEmpty ? "text rules" : affected.joined(separator: ", "),
                                      "count": "\(pages.count)"],
                             page: pages.first, pages: pages)]
    }
}
