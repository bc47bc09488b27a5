import PaperFacts

/// Forbidden font types (Type 3, usually from figures), each named with the pages using it.
public enum FontTypesCheck: CheckKind {
    /// The `parameters` object of a `fontTypes` rule in rules.json.
    public struct Parameters: Codable, Sendable {
        /// Font types as PDF readers name them: "Type 3", "TrueType", ...
        public var forbidden: [String]
    }

    /// The `check` value that selects this kind in rules.json.
    public static let name = "fontTypes"
    /// What the check looks at, in one sentence, for `papercheck rules explain`.
    public static let summary = "No font of a forbidden type (such as Type 3 bitmap fonts from figures) is used."
    /// Message templates by variant: only `main`.
    public static let defaultMessages = ["main": "{font} is a {type} font (pages {pages})"]
    /// The `{placeholders}` this check's outcomes fill.
    public static let placeholders = ["font", "type", "pages"]

    /// Reports each font whose type is forbidden (compared without case), with the pages that use it.
    public static func evaluate(_ parameters: Parameters, in context: CheckContext) -> [CheckOutcome] {
        let forbidden = Set(parameters.forbidden.map { $0.lowercased() })
        return context.facts.fonts.filter { forbidden.contains($0.type.rawValue.lowercased()) }.map { font in
            CheckOutcome(values: ["font": font.name, "type": font.type.rawValue, "pages": PageList.text(font.pages)],
                         page: font.pages.first, pages: font.pages, text: font.name)
        }
    }
}
