import PaperFacts

extension TextPresentCheck {
    /// The ICML 2016 submission's rule: the review notice on page 1.
    static let icml: JSONValue = [
        "pattern": #"Under\s+review\s+by\s+the\s+International\s+Conference\s+on\s+Machine\s+Learning"#, "page": 1,
        "what": #"the review notice ("Preliminary work. Under review by the International Conference on Machine Learning (ICML). Do not distribute.")"#,
    ]

    /// Two pages with `notice` at the foot of page 1.
    static func paper(_ notice: [TextLine]) -> DocumentFacts {
        ExampleFacts.document([ExampleFacts.twoColumnPage(1, lines: 20, extra: notice), ExampleFacts.twoColumnPage(2, lines: 20)])
    }

    /// The review notice on page 1, then the proceedings notice in its place.
    public static let examples: [CheckExample] = [
        CheckExample("the review notice at the foot of page 1", parameters: icml, facts: paper(ExampleFacts.reviewNotice)),
        CheckExample("the proceedings notice instead of the review notice", parameters: icml,
                     facts: paper(ExampleFacts.proceedingsNotice), expected: ["main"]),
    ]
}
