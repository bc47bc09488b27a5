extension PDFReadableCheck {
    /// A file that opens passes; one that does not is reported by `Evaluator.unreadable` through this rule.
    public static let examples: [CheckExample] = [
        CheckExample("a PDF that opens, with one page", parameters: [:],
                     facts: ExampleFacts.document([ExampleFacts.twoColumnPage(1)])),
        CheckExample("an encrypted PDF opened without its password", parameters: [:], facts: ExampleFacts.document([]),
                     expected: ["main"],
                     unreadable: .init(code: "encrypted",
                                       reason: "test.pdf: the PDF is encrypted and needs a password; pass --password or submit an unencrypted PDF")),
    ]
}
