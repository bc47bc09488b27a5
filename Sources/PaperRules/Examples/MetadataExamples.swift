import PaperFacts

extension MetadataCheck {
    /// The ICML 2016 submission's rule: no author named in the PDF's metadata.
    static let icml: JSONValue = ["field": "author", "pattern": "|Anonymous Submission|Anonymous|Anonymous Authors?"]

    /// One page with `author` as the PDF's /Author.
    static func paper(author: String?) -> DocumentFacts {
        ExampleFacts.document([ExampleFacts.twoColumnPage(1)], author: author)
    }

    /// Anonymous metadata (absent or saying so), then an author's name.
    public static let examples: [CheckExample] = [
        CheckExample("no /Author", parameters: icml, facts: paper(author: nil)),
        CheckExample("/Author \"Anonymous Authors\"", parameters: icml, facts: paper(author: "Anonymous Authors")),
        CheckExample("/Author \"Ada Lovelace\"", parameters: icml, facts: paper(author: "Ada Lovelace"), expected: ["main"]),
    ]
}
