import PaperFacts

/// Forbidden font types (Type 3, usually from figures), each named with the pages using it.
public enum FontTypesCheck: CheckKind {
    /// The `parameters` object of a `fontTypes` rule in rules.json.
    public struct Parameters: Decodable, Sendable {
        /// Font types as PDF readers name them: "Type 3", "TrueType", ...
        public var forbidden: [FontType]
    }

    /// The parameters of a `fontTypes` rule.
    public static let parameterSpecs = [
        ParameterSpec("forbidden", .list(.choice(FontType.allCases.map(\.rawValue)), minimumCount: 1),
                      "Font types that must not be used, as pdffonts names them (\"Type 3\")."),
    ]

    /// The `check` value that selects this kind in rules.json.
    public static let name = "fontTypes"
    /// What the check looks at, in one sentence, for `papercheck rules explain`.
    public static let summary = "No font of a forbidden type (such as Type 3 bitmap fonts from figures) is used."
    /// The outcomes this check reports; each has its own message, and a rule's `messages` are keyed by them.
    public enum Variant: String, CaseIterable, Sendable {
        /// A font of a forbidden type.
        case main
    }

    /// Message templates by variant: only `main`.
    public static func defaultMessage(_ variant: Variant) -> String {
        switch variant {
        case .main: "{font} is a {type} font (pages {pages})"
        }
    }

    /// The `{placeholders}` this check's outcomes fill.
    public static let placeholders = ["font", "type", "pages"]

    /// Reports each font whose type is forbidden (compared without case), one outcome per font program,
    /// with the pages that use it and, where its text can be seen, the box of that text on its first
    /// page (usually the figure it comes from). Unnamed fonts are told apart by their first page.
    public static func evaluate(_ parameters: Parameters, in context: CheckContext) -> [CheckOutcome] {
        let forbidden = Set(parameters.forbidden)
        let fonts = context.facts.fonts.filter { forbidden.contains($0.type) }
        return fonts.indices.map { index in
            let font = fonts[index]
            let label = label(of: index, among: fonts)
            let first = font.pages.first
            // Poppler names the text of an unnamed font "Default".
            let textName = font.name == FontFacts.unnamed ? "Default" : font.name
            let box = first.flatMap { number in
                context.facts.pages.first { $0.number == number }.flatMap { page in
                    Box.enclosing(page.words.filter { $0.fontName == textName }.map(\.box))
                }
            }
            return CheckOutcome(values: ["font": label, "type": font.type.rawValue, "pages": PageList.text(font.pages)],
                                page: first, pages: font.pages, box: box,
                                text: font.name == FontFacts.unnamed ? nil : font.name)
        }
    }

    /// The font's name; fonts that share a name and a first page are told apart by their order:
    /// `DejaVuSans (2 of 3 first used on page 5)`, `unnamed font (1 of 2 first used on page 6)`.
    static func label(of index: Int, among fonts: [FontFacts]) -> String {
        let font = fonts[index]
        let name = font.name == FontFacts.unnamed ? "unnamed font" : font.name
        guard let first = font.pages.first else { return name }
        let alike = fonts.indices.filter { fonts[$0].name == font.name && fonts[$0].pages.first == first }
        guard alike.count > 1, let position = alike.firstIndex(of: index) else {
            return font.name == FontFacts.unnamed ? "an unnamed font first used on page \(first)" : name
        }
        return "\(name) (\(position + 1) of \(alike.count) first used on page \(first))"
    }
}
