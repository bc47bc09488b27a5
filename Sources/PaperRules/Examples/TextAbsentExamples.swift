extension TextAbsentCheck {
    /// The ICML 2016 camera-ready rule: no review notice on any page.
    static let icml: JSONValue = [
        "pattern": #"Under\s+review\s+by\s+the\s+International\s+Conference\s+on\s+Machine\s+Learning"#, "what": "the review notice",
    ]

    /// The proceedings notice, then the review notice left on page 1.
    public static let examples: [CheckExample] = [
        CheckExample("the proceedings notice at the foot of page 1", parameters: icml,
                     facts: TextPresentCheck.paper(ExampleFacts.proceedingsNotice)),
        CheckExample("the review notice still on page 1", parameters: icml, facts: TextPresentCheck.paper(ExampleFacts.reviewNotice),
                     expected: ["main"]),
    ]
}
