import PaperFacts

/// Forbidden font types (Type 3, usually from figures), each named with the pages using it.
public enum FontTypesCheck: CheckKind {
    public struct Parameters: Codable, Sendable {
        /// Font types as PDF readers name them: "Type 3", "TrueType", ...
        public var forbidden: [String]
    }

    public static let name = "fontTypes"
    public static let summary = "No font of a forbidden type (such as Type 3 bitmap fonts from figures) is used."
    public static let defaultMessages = ["main": "{font} is a {type} font (pages {pages})"]
    public static let placeholders = ["font", "type", "pages"]

    public static func evaluate(_ parameters: Parameters, in context: CheckContext) -> [CheckOutcome] {
        let forbidden = Set(parameters.forbidden.map { $0.lowercased() })
        return context.facts.fonts.filter { forbidden.contains($0.type.rawValue.lowercased()) }.map { font in
            CheckOutcome(values: ["font": font.name, "type": font.type.rawValue, "pages": Format.pageList(font.pages)],
                         page: font.pages.first, pages: font.pages, text: font.name)
        }
    }
}
