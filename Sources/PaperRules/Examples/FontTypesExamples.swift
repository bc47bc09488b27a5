extension FontTypesCheck {
    /// The ICML 2016 rule: no Type 3 fonts.
    static let icml: JSONValue = ["forbidden": ["Type 3"]]

    /// Type 1 fonts, then a figure's Type 3 font.
    public static let examples: [CheckExample] = [
        CheckExample("Type 1 fonts only", parameters: icml,
                     facts: ExampleFacts.document([ExampleFacts.twoColumnPage(1)],
                                                  fonts: [ExampleFacts.font("NimbusRomNo9L-Regu"), ExampleFacts.font("CMMI10")])),
        CheckExample("a matplotlib figure's Type 3 DejaVuSans on pages 3-4", parameters: icml,
                     facts: ExampleFacts.document((1...4).map { ExampleFacts.twoColumnPage($0, lines: 10) },
                                                  fonts: [ExampleFacts.font("NimbusRomNo9L-Regu", pages: [1, 2, 3, 4]),
                                                          ExampleFacts.font("DejaVuSans", type: .type3, pages: [3, 4])]),
                     expected: ["main"]),
    ]
}
