import PaperFacts

extension BodyFontCheck {
    /// The ICML 2016 rule: Times or a clone at 9.96 pt on 11.955 pt baselines.
    static let icml: JSONValue = [
        "families": ["Times", "NimbusRomNo9L", "NimbusRoman", "NimbusRom", "TeXGyreTermes", "Termes", "TimesNewRoman",
                     "TimesLTStd", "TimesTen", "STIX", "Tinos", "LiberationSerif", "FreeSerif", "Nimbus-Roman"],
        "familyName": "Times or a clone (Times-Roman, NimbusRomNo9L, TeX Gyre Termes, Times New Roman, STIX)",
        "size": 9.96, "sizeTolerance": 0.3, "baselineStep": 11.955, "baselineTolerance": 0.5, "baselineSeverity": "warning",
    ]

    /// Two pages of body text in `font` at `size` points on baselines `step` apart.
    static func body(font: String = "NimbusRomNo9L-Regu", size: Double = 9.96, step: Double = 11.955) -> DocumentFacts {
        ExampleFacts.document((1...2).map { ExampleFacts.twoColumnPage($0, step: step, font: font, size: size) })
    }

    /// The right body font, then a wrong family, size, and spacing each way.
    public static let examples: [CheckExample] = [
        CheckExample("NimbusRomNo9L at 9.96 pt on 11.955 pt baselines", parameters: icml, facts: body()),
        CheckExample("Helvetica body text", parameters: icml, facts: body(font: "Helvetica"), expected: ["main"]),
        CheckExample("9 pt body text", parameters: icml, facts: body(size: 8.97), expected: ["size"]),
        CheckExample("baselines 10.8 pt apart", parameters: icml, facts: body(step: 10.8), expected: ["compressed"]),
        CheckExample("baselines 13 pt apart", parameters: icml, facts: body(step: 13), expected: ["loose"]),
    ]
}
