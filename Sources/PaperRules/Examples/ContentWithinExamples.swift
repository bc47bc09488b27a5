import PaperFacts

extension ContentWithinCheck {
    /// The ICML 2016 margins rule.
    static let icml: JSONValue = [
        "textBlock": ["left": 55.44, "top": 67.06, "right": 541.44, "bottom": 715.06], "tolerance": 3,
        "allowedZones": ["runningHead", "lineNumbers"], "lastLineDepth": 5, "localOverflow": 10, "localSeverity": "warning",
        "geometryPages": 3, "geometryLines": 3,
    ]

    /// Pages 1 to `count` of ten lines a column, each with `extra(page)` added.
    static func pages(_ count: Int, _ extra: (Int) -> [TextLine]) -> DocumentFacts {
        ExampleFacts.document((1...count).map { ExampleFacts.twoColumnPage($0, lines: 10, extra: extra($0)) })
    }

    /// An equation whose last word's box ends at 547.2 pt and whose ink, rendered, at 546.9 pt.
    static let wideEquation: PageFacts = {
        var words = ExampleFacts.line("an equation that runs wide", x: 400, y: 300).words
        words[words.count - 1].box.x1 = 547.2
        let page = ExampleFacts.twoColumnPage(4, lines: 10, extra: [TextLine(words: words)])
        return ExampleFacts.inked(page, regions: [Box(x0: 544.44, y0: 0, x1: 612, y1: 792)],
                                  marks: [Box(x0: 544.44, y0: 293, x1: 546.9, y1: 302)])
    }()

    /// A review copy within the block, then one example per way content gets outside.
    public static let examples: [CheckExample] = [
        CheckExample("a review copy: line numbers in the left margin, descenders under the last line", parameters: icml,
                     facts: pages(1) { _ in ExampleFacts.lineNumbers(30) + [ExampleFacts.line("gyp jq", x: 60, y: 715.06)] }),
        CheckExample("an equation whose ink ends 5.5 pt into the right margin: a local overflow", parameters: icml,
                     facts: ExampleFacts.document([wideEquation]), expected: ["main"]),
        CheckExample("page numbers 37 pt below the block on pages 1-3", parameters: icml,
                     facts: pages(3) { [ExampleFacts.line("\($0)", x: 303, y: 752)] }, expected: ["pageNumbers"]),
        CheckExample("a copyright footer below the block on pages 1-3", parameters: icml,
                     facts: pages(3) { _ in [ExampleFacts.line("Copyright 2016 by the authors.", x: 240, y: 750)] },
                     expected: ["repeated"]),
        CheckExample("A4 geometry: 57 lines a column on pages 1-3, the last 3 below the ICML block", parameters: icml,
                     facts: ExampleFacts.document((1...3).map { ExampleFacts.twoColumnPage($0, lines: 57, paper: .a4) }),
                     expected: ["geometry"]),
    ]
}
