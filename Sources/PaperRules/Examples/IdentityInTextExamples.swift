import PaperFacts

extension IdentityInTextCheck {
    /// The defaults, as the icml2016 rule uses them.
    static let icml: JSONValue = [:]

    /// Page 1 of a two-column ICML paper: the 14 pt title, `under` lines under it (centred, as the
    /// style sets authors), the Abstract heading, then body text with `body` lines among it; page 2
    /// has `references` under a References heading.
    static func paper(under: [String] = [], body: [String] = [], references: [String] = []) -> DocumentFacts {
        var lines = [ExampleFacts.line("Deep Visualization of Things", x: 180, y: 90, size: 14.35,
                                       font: "NimbusRomNo9L-Medi", bold: true)]
        for (index, text) in under.enumerated() {
            lines.append(ExampleFacts.line(text, x: 200, y: 112 + Double(index) * 11, size: 9.96))
        }
        lines.append(ExampleFacts.line("Abstract", x: 150, y: 170, size: 11.955, font: "NimbusRomNo9L-Medi", bold: true))
        // Column by column, as poppler reads them.
        for (index, text) in (body + Array(repeating: ExampleFacts.sentence, count: 30)).enumerated() {
            lines.append(ExampleFacts.line(text, x: 55.44, y: 185 + Double(index) * 11.955, justifiedTo: 234))
        }
        for index in 0..<30 {
            lines.append(ExampleFacts.line(ExampleFacts.sentence, x: 307.44, y: 185 + Double(index) * 11.955, justifiedTo: 234))
        }
        let first = PageFacts(number: 1, width: 612, height: 792, lines: lines, inkBox: ExampleFacts.icmlBlock)
        let second = ExampleFacts.twoColumnPage(2, lines: 20, extra: [ExampleFacts.heading("References", x: 307.44, y: 400)]
            + references.enumerated().map { ExampleFacts.line($1, x: 307.44, y: 420 + Double($0) * 11) })
        return ExampleFacts.document([first, second])
    }

    /// An anonymous paper; placeholders and other people's URLs; then each kind of leak.
    public static let examples: [CheckExample] = [
        CheckExample("nothing under the title, third-person citations", parameters: icml,
                     facts: paper(body: ["as Smith et al. (2015) showed, the method works"])),
        CheckExample("\"Anonymous Authors\" under the title, code at anonymous.4open.science", parameters: icml,
                     facts: paper(under: ["Anonymous Authors", "Anonymous Institution"],
                                  body: ["our code is at https://anonymous.4open.science/r/viz"])),
        CheckExample("a data set cited by its URL; our code's URL only in the references", parameters: icml,
                     facts: paper(body: ["we use MNIST from yann.lecun.com/exdb/mnist and more"],
                                  references: ["J. Smith. Deepviz. github.com/jsmith/deepviz, 2015."])),
        CheckExample("names and an e-mail address under the title", parameters: icml,
                     facts: paper(under: ["Nir Ben Zrihem", "BENTZINIR@GMAIL.COM"]), expected: ["authorBlock"]),
        CheckExample("an affiliation under the title", parameters: icml,
                     facts: paper(under: ["Technion, Israel Institute of Technology"]), expected: ["authorBlock"]),
        CheckExample("an e-mail address in the body", parameters: icml,
                     facts: paper(body: ["write to jsmith@example.org for the data"]), expected: ["email"]),
        CheckExample("\"our code is at github.com/jsmith/deepviz\"", parameters: icml,
                     facts: paper(body: ["our code is at github.com/jsmith/deepviz today"]), expected: ["url"]),
        CheckExample("\"our previous work [12]\"", parameters: icml,
                     facts: paper(body: ["as in our previous work [12] we train"]), expected: ["selfCitation"]),
        CheckExample("a funding sentence with a grant number", parameters: icml,
                     facts: paper(body: ["This work was supported by NSF grant IIS-1234567."]),
                     expected: ["funding"]),
    ]
}
