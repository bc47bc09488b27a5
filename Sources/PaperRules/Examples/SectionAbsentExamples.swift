import PaperFacts

extension SectionAbsentCheck {
    /// The ICML 2016 submission's rule: no acknowledgements in a blind submission.
    static let icml: JSONValue = ["headings": ["Acknowledgements", "Acknowledgments", "Acknowledgement", "Acknowledgment"]]

    /// Two pages with a heading titled `title` on page 2.
    static func paper(heading title: String) -> DocumentFacts {
        ExampleFacts.document([ExampleFacts.twoColumnPage(1, lines: 20),
                               ExampleFacts.twoColumnPage(2, lines: 20, extra: [ExampleFacts.heading(title)])])
    }

    /// A References heading, then an Acknowledgements heading.
    public static let examples: [CheckExample] = [
        CheckExample("a References heading and no acknowledgements", parameters: icml, facts: paper(heading: "References")),
        CheckExample("an Acknowledgements heading on page 2", parameters: icml, facts: paper(heading: "Acknowledgements"),
                     expected: ["main"]),
    ]
}
