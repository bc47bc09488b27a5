import PaperFacts

extension LineNumbersCheck {
    /// The ICML 2016 submission's rule (line numbers required) and the camera-ready one (forbidden).
    static let review: JSONValue = ["expected": "present"]
    static let cameraReady: JSONValue = ["expected": "absent"]

    /// Two pages of body text, with 30 line numbers in the left margin of each when `numbered`.
    static func paper(numbered: Bool) -> DocumentFacts {
        ExampleFacts.document((1...2).map { number in
            ExampleFacts.twoColumnPage(number, extra: numbered ? ExampleFacts.lineNumbers(30, from: (number - 1) * 30) : [])
        })
    }

    /// Both expectations, each with and without line numbers.
    public static let examples: [CheckExample] = [
        CheckExample("a review copy with line numbers", parameters: review, facts: paper(numbered: true)),
        CheckExample("a review copy without line numbers", parameters: review, facts: paper(numbered: false),
                     expected: ["main"]),
        CheckExample("a camera-ready paper without line numbers", parameters: cameraReady, facts: paper(numbered: false)),
        CheckExample("a camera-ready paper with line numbers on pages 1-2", parameters: cameraReady,
                     facts: paper(numbered: true), expected: ["present"]),
    ]
}
