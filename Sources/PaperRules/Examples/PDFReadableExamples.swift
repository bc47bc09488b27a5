extension PDFReadableCheck {
    /// A file that opens passes; one that does not is reported by `Evaluator.unreadable` through this rule.
    public static let examples: [CheckExample] = [
        CheckExample("a PDF that opens, with one page", parameters: [:],
                     facts: ExampleFacts.document([ExampleFacts.twoColumnPage(1)])),
        CheckExample("an encrypted PDF opened without its password", parameters: [:], facts: ExampleFacts.document([]),
                     expected: ["main"],
                     unreadable: .init(code: "encrypted",
                                       reason: "test.pdf: the PDF is encrypted and needs a password; pass --password or submit an unencrypted PDF")),
        CheckExample("a member of a zip archive whose name climbs out of its folder", parameters: [:], facts: ExampleFacts.document([]),
                     expected: ["archive"],
                     unreadable: .init(code: "archive-unsafe-path",
                                       reason: "submissions.zip!/../../evil.pdf: its name climbs out of the archive's folder (..), so papercheck does not read it; unpack the archive with a tool you trust, rename the file and check it")),
    ]
}
