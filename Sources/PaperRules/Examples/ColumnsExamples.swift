extension ColumnsCheck {
    /// The ICML 2016 rule: two columns, the gutter from 289.44 to 307.44 pt.
    static let icml: JSONValue = ["count": 2, "gutter": ["from": 289.44, "to": 307.44], "tolerance": 3]

    /// The ICML columns, then one column, then a misplaced gutter.
    public static let examples: [CheckExample] = [
        CheckExample("two columns of 234 pt with an 18 pt gutter", parameters: icml,
                     facts: ExampleFacts.document([ExampleFacts.twoColumnPage(1), ExampleFacts.twoColumnPage(2)])),
        CheckExample("one column 468 pt wide", parameters: icml,
                     facts: ExampleFacts.document([ExampleFacts.oneColumnPage(1), ExampleFacts.oneColumnPage(2)]),
                     expected: ["main"]),
        CheckExample("two columns of 224 pt with a 38 pt gutter", parameters: icml,
                     facts: ExampleFacts.document((1...2).map {
                         ExampleFacts.twoColumnPage($0, columns: [55.44, 317.44], columnWidth: 224)
                     }),
                     expected: ["gutter"]),
    ]
}
