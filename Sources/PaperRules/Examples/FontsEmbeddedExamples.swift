import PaperFacts

extension FontsEmbeddedCheck {
    /// The ICML 2016 rule: a missing standard-14 font is a warning.
    static let icml: JSONValue = ["standard14Severity": "warning"]

    /// One page using `fonts`.
    static func facts(_ fonts: [FontFacts]) -> DocumentFacts {
        ExampleFacts.document([ExampleFacts.twoColumnPage(1)], fonts: fonts)
    }

    /// Embedded fonts, then a missing font and a missing standard-14 one.
    public static let examples: [CheckExample] = [
        CheckExample("every font embedded", parameters: icml,
                     facts: facts([ExampleFacts.font("NimbusRomNo9L-Regu"), ExampleFacts.font("SFTT1000")])),
        CheckExample("the typewriter font SFTT1000 not embedded", parameters: icml,
                     facts: facts([ExampleFacts.font("NimbusRomNo9L-Regu"), ExampleFacts.font("SFTT1000", embedded: false)]),
                     expected: ["main"]),
        CheckExample("Times-Roman not embedded", parameters: icml,
                     facts: facts([ExampleFacts.font("Times-Roman", embedded: false)]), expected: ["standard14"]),
    ]
}
