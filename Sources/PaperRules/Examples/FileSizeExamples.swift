extension FileSizeCheck {
    /// The ICML 2016 rule: at most 10 MB.
    static let icml: JSONValue = ["maxBytes": 10_000_000]

    /// A file under the limit and one over it.
    public static let examples: [CheckExample] = [
        CheckExample("a 2 MB file", parameters: icml, facts: ExampleFacts.document([ExampleFacts.twoColumnPage(1)], fileSize: 2_000_000)),
        CheckExample("a 12 MB file", parameters: icml, facts: ExampleFacts.document([ExampleFacts.twoColumnPage(1)], fileSize: 12_000_000),
                     expected: ["main"]),
    ]
}
