import PaperFacts

extension PageCountCheck {
    /// The ICML 2016 rule: 8 body pages, 10 in all, 8 when no heading ends the body.
    static let icml: JSONValue = [
        "maxBodyPages": 8, "maxTotalPages": 10, "maxTotalPagesWithoutBodyEnd": 8,
        "bodyEndHeadings": ["References", "Bibliography", "Acknowledgements", "Acknowledgments", "Acknowledgement",
                            "Acknowledgment"],
    ]

    /// A paper of `count` pages with a References heading in the right column of page `references`, if any.
    static func paper(_ count: Int, referencesOn references: Int?) -> DocumentFacts {
        ExampleFacts.document((1...count).map { number in
            ExampleFacts.twoColumnPage(number, lines: 20, extra: number == references ? [ExampleFacts.heading("References")] : [])
        })
    }

    /// A paper within the limits, then one per way it can be too long.
    public static let examples: [CheckExample] = [
        CheckExample("9 pages, References on page 8", parameters: icml, facts: paper(9, referencesOn: 8)),
        CheckExample("10 pages, References half-way down page 9: a body of 9 pages", parameters: icml,
                     facts: paper(10, referencesOn: 9), expected: ["main"]),
        CheckExample("11 pages, References on page 8", parameters: icml, facts: paper(11, referencesOn: 8),
                     expected: ["total"]),
        CheckExample("9 pages and no References heading", parameters: icml, facts: paper(9, referencesOn: nil),
                     expected: ["unbounded"]),
        CheckExample("9 pages and no References heading, 10 allowed without one",
                     parameters: icml.merged(with: ["maxTotalPagesWithoutBodyEnd": 10]),
                     facts: paper(9, referencesOn: nil), expected: ["noBodyEnd"]),
    ]
}
