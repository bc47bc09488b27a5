extension TextExtractableCheck {
    /// Some of the ICML 2016 profile's rules, for the message that names those a scan defeats.
    static let icmlRules: [(id: String, check: String)] = [
        ("page-size", "pageSize"), ("page-limit", "pageCount"), ("columns", "columns"), ("body-font", "bodyFont"),
        ("language", "language"),
    ]

    /// A text page, then a scanned one.
    static let scanned = ExampleFacts.document([ExampleFacts.twoColumnPage(1), ExampleFacts.scannedPage(2)])

    /// Text pages, then a scan, with and without the profile's text rules to name.
    public static let examples: [CheckExample] = [
        CheckExample("two pages of text", parameters: [:],
                     facts: ExampleFacts.document([ExampleFacts.twoColumnPage(1), ExampleFacts.twoColumnPage(2)]),
                     profileRules: icmlRules),
        CheckExample("page 2 is a scan without a text layer, in the ICML profile", parameters: [:], facts: scanned,
                     expected: ["main"], profileRules: icmlRules),
        CheckExample("page 2 is a scan without a text layer, in a profile without text rules", parameters: [:], facts: scanned,
                     expected: ["main"]),
    ]
}
