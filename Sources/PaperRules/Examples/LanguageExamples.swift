import PaperFacts

extension LanguageCheck {
    /// The ICML 2016 rule: English, at 60% confidence.
    static let icml: JSONValue = ["expected": "en", "minConfidence": 0.6]

    /// Two pages whose body lines all read `text`.
    static func paper(_ text: String) -> DocumentFacts {
        ExampleFacts.document((1...2).map { ExampleFacts.twoColumnPage($0, lines: 20, text: text) })
    }

    /// English, then another language, then text with no language to find.
    public static let examples: [CheckExample] = [
        CheckExample("English text", parameters: icml, facts: paper(ExampleFacts.sentence)),
        CheckExample("German text", parameters: icml,
                     facts: paper("die Ergebnisse dieser Methode zeigen einen deutlichen Gewinn und wir"), expected: ["main"]),
        CheckExample("nothing but tables of numbers", parameters: icml,
                     facts: paper("0.912 0.874 0.903 12.5 13.1 0.77 0.81 1024 2048 4096"), expected: ["undetermined"]),
    ]
}
