import PaperFacts

/// Every font is embedded. A missing standard-14 font (Times, Helvetica, Courier, Symbol,
/// ZapfDingbats and their common aliases) every reader substitutes alike, so it has its own severity.
public enum FontsEmbeddedCheck: CheckKind {
    /// The `parameters` object of a `fontsEmbedded` rule in rules.json.
    public struct Parameters: Codable, Sendable {
        /// Severity for non-embedded standard-14 fonts and aliases (default warning).
        public var standard14Severity: Severity?
    }

    /// The `check` value that selects this kind in rules.json.
    public static let name = "fontsEmbedded"
    /// What the check looks at, in one sentence, for `papercheck rules explain`.
    public static let summary = "Every font is embedded; a non-embedded standard-14 font (or an alias such as TimesNewRoman, Arial, CourierNew) gets standard14Severity instead."
    /// Message templates by variant: `main` (a font not embedded) and `standard14` (a standard font not embedded).
    public static let defaultMessages = [
        "main": "font {font} ({type}) is not embedded (pages {pages})",
        "standard14": "standard font {font} is not embedded (pages {pages}); readers substitute it, but venues ask for embedded fonts",
    ]
    /// The `{placeholders}` this check's outcomes fill.
    public static let placeholders = ["font", "type", "pages"]

    /// Reports each font that is not embedded (Type 3 fonts excepted: their glyphs are in the PDF), with the
    /// pages that use it; standard-14 fonts get the `standard14` variant and severity.
    public static func evaluate(_ parameters: Parameters, in context: CheckContext) -> [CheckOutcome] {
        context.facts.fonts.filter { !$0.isEmbedded && $0.type != .type3 }.map { font in
            let standard = isStandard14(font.name)
            return CheckOutcome(variant: standard ? "standard14" : "main",
                                severity: standard ? parameters.standard14Severity ?? .warning : nil,
                                values: ["font": font.name, "type": font.type.rawValue, "pages": PageList.text(font.pages)],
                                page: font.pages.first, pages: font.pages, text: font.name)
        }
    }

    /// Whether a font name is one of the standard 14 or a common alias (`TimesNewRomanPS-BoldMT`, `Arial,Bold`).
    public static func isStandard14(_ name: String) -> Bool {
        var family = FontFacts.baseName(name).lowercased()
        if let cut = family.firstIndex(where: { $0 == "," || $0 == "-" }) { family = String(family[..<cut]) }
        family = family.filter(\.isLetter)
        for suffix in ["psmt", "mt", "ps"] where family.hasSuffix(suffix) {
            family.removeLast(suffix.count)
            break
        }
        let standardFamilies: Set = ["times", "timesnewroman", "helvetica", "arial", "courier", "couriernew",
                                     "symbol", "zapfdingbats"]
        if standardFamilies.contains(family) { return true }
        for style in ["bolditalic", "boldoblique", "bold", "italic", "oblique", "roman"] where family.hasSuffix(style) {
            return standardFamilies.contains(String(family.dropLast(style.count)))
        }
        return false
    }
}
