import PaperFacts

/// Every font is embedded. A missing standard-14 font (Times, Helvetica, Courier, Symbol,
/// ZapfDingbats and their common aliases) every reader substitutes alike, so it has its own severity.
public enum FontsEmbeddedCheck: CheckKind {
    /// The `parameters` object of a `fontsEmbedded` rule in rules.json.
    public struct Parameters: Decodable, Sendable {
        /// Severity for non-embedded standard-14 fonts and aliases (default warning).
        public var standard14Severity: Severity
    }

    /// The parameters of a `fontsEmbedded` rule.
    public static let parameterSpecs = [
        ParameterSpec("standard14Severity", .severity, .defaulted(.string("warning")),
                      "The severity for a standard-14 font (or an alias) that is not embedded: readers substitute it."),
    ]

    /// The `check` value that selects this kind in rules.json.
    public static let name = "fontsEmbedded"
    /// What the check looks at, in one sentence, for `papercheck rules explain`.
    public static let summary = "Every font is embedded; a non-embedded standard-14 font (or an alias such as TimesNewRoman, Arial, CourierNew) gets standard14Severity instead."
    /// The outcomes this check reports; each has its own message, and a rule's `messages` are keyed by them.
    public enum Variant: String, CaseIterable, Sendable {
        /// A font that is not embedded.
        case main
        /// A standard-14 font (or an alias) that is not embedded.
        case standard14
    }

    /// Message templates by variant: `main` (a font not embedded) and `standard14` (a standard font not embedded).
    public static func defaultMessage(_ variant: Variant) -> String {
        switch variant {
        case .main: "font {font} ({type}) is not embedded (pages {pages})"
        case .standard14: "standard font {font} is not embedded (pages {pages}); readers substitute it, but venues ask for embedded fonts"
        }
    }

    /// The `{placeholders}` this check's outcomes fill.
    public static let placeholders = ["font", "type", "pages"]

    /// Reports each font that is not embedded (Type 3 fonts excepted: their glyphs are in the PDF), with the
    /// pages that use it; standard-14 fonts get the `standard14` variant and severity.
    public static func evaluate(_ parameters: Parameters, in context: CheckContext) -> [CheckOutcome] {
        context.facts.fonts.filter { !$0.isEmbedded && $0.type != .type3 }.map { font in
            let standard = isStandard14(font.name)
            return CheckOutcome(variant: standard ? Variant.standard14 : .main,
                                severity: standard ? parameters.standard14Severity : nil,
                                values: ["font": font.name, "type": font.type.rawValue, "pages": PageList.text(font.pages)],
                                page: font.pages.first, pages: font.pages, text: font.name)
        }
    }

    /// Whether a font name (subset tag and spaces ignored, as readers do: `Times New Roman,Bold`) is
    /// one of the standard 14 fonts or one of the aliases readers map onto them (`Arial,Bold`,
    /// `TimesNewRomanPS-BoldMT`): nothing else, so a missing `Helvetica-Light` is a missing font.
    public static func isStandard14(_ name: String) -> Bool {
        standard14Names.contains(FontFacts.baseName(name).filter { $0 != " " })
    }

    /// The standard 14 fonts and their common aliases, by exact name.
    static let standard14Names: Set<String> = {
        var names: Set<String> = ["Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic",
                                  "Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique",
                                  "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique",
                                  "Symbol", "ZapfDingbats"]
        // Aliases as writers name them: a family, then `,Style` or `-Style`, some with PS and MT.
        let styles = ["", ",Bold", ",Italic", ",BoldItalic", "-Bold", "-Italic", "-BoldItalic"]
        for family in ["Arial", "TimesNewRoman", "TimesNewRomanPS", "CourierNew", "Helvetica", "Courier"] {
            for style in styles { names.insert(family + style) }
        }
        names.formUnion(["ArialMT", "Arial-BoldMT", "Arial-ItalicMT", "Arial-BoldItalicMT",
                         "TimesNewRomanPSMT", "TimesNewRomanPS-BoldMT", "TimesNewRomanPS-ItalicMT",
                         "TimesNewRomanPS-BoldItalicMT", "TimesNewRomanPSMT,Bold", "TimesNewRomanPSMT,Italic",
                         "TimesNewRomanPSMT,BoldItalic", "CourierNewPSMT", "CourierNewPS-BoldMT", "CourierNewPS-ItalicMT",
                         "CourierNewPS-BoldItalicMT", "Helvetica-BoldOblique", "Helvetica,BoldItalic",
                         "Courier-BoldOblique", "Symbol,Bold", "Symbol,Italic", "Symbol,BoldItalic"])
        return names
    }()
}
