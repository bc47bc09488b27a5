import PaperFacts

extension PageSizeCheck {
    /// The ICML 2016 rule: US Letter within 1.5 pt.
    static let icml: JSONValue = ["width": 612, "height": 792, "tolerance": 1.5, "name": "US Letter"]

    /// US Letter pages, then an A4 page among them.
    public static let examples: [CheckExample] = [
        CheckExample("two US Letter pages at 612x792", parameters: icml,
                     facts: ExampleFacts.document([ExampleFacts.twoColumnPage(1), ExampleFacts.twoColumnPage(2)])),
        CheckExample("page 2 of three is A4 at 595x842", parameters: icml,
                     facts: ExampleFacts.document([ExampleFacts.twoColumnPage(1), ExampleFacts.twoColumnPage(2, paper: .a4),
                                                   ExampleFacts.twoColumnPage(3)]),
                     expected: ["main"]),
    ]
}
