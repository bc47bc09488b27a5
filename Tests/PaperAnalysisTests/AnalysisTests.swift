import PaperFacts
import Testing
@testable import PaperAnalysis

@Suite("analysis")
struct AnalysisTests {
    static func line(_ text: String, x: Double, y: Double, size: Double = 9.96, bold: Bool = false) -> TextLine {
        var cursor = x
        var words: [Word] = []
        for token in text.split(separator: " ") {
            let width = Double(token.count) * size * 0.45
            words.append(Word(text: String(token), box: Box(x0: cursor, y0: y - 7, x1: cursor + width, y1: y + 2),
                              fontName: bold ? "NimbusRomNo9L-Medi" : "NimbusRomNo9L-Regu", fontSize: size,
                              isBold: bold, isItalic: false, color: .black, baseline: y))
            cursor += width + 2.5
        }
        return TextLine(words: words)
    }

    @Test("section numbers are stripped from heading titles", arguments: [
        ("5.2 Results", "Results"), ("A. Proofs", "Proofs"), ("References", "References"), ("IV. Discussion", "Discussion"),
        ("2016 was a year", "was a year"),
    ])
    func numbering(text: String, title: String) {
        #expect(HeadingDetector.stripNumbering(text) == title)
    }

    @Test func lineNumbersAreFoundInTheMarginsNotInTables() {
        var lines: [TextLine] = []
        for index in 0..<30 {
            lines.append(Self.line(String(format: "%03d", index), x: 25, y: 80 + Double(index) * 12))
            lines.append(Self.line(String(format: "%03d", 100 + index), x: 300, y: 80 + Double(index) * 12))
        }
        let page = PageFacts(number: 1, width: 612, height: 792, lines: lines)
        let numbering = LineNumberDetector.detect(in: [page])
        #expect(numbering.gutters.count == 1)
        #expect(numbering.gutters.first?.side == "left")
        #expect(numbering.gutters.first?.first == 0 && numbering.gutters.first?.last == 29)
    }

    @Test func aScanWithoutTextIsNotExtractable() {
        let scan = PageFacts(number: 1, width: 612, height: 792, images: [Box(x0: 0, y0: 0, x1: 612, y1: 792)],
                             inkBox: Box(x0: 0, y0: 0, x1: 612, y1: 792))
        let blank = PageFacts(number: 2, width: 612, height: 792)
        let garbage = PageFacts(number: 3, width: 612, height: 792, lines: [Self.line("\u{FFFD}\u{FFFD}\u{FFFD} abc", x: 72, y: 100)],
                                characterCount: 40, undecodableCharacterCount: 30)
        let result = TextExtractability.assess([scan, blank, garbage])
        #expect(result.pagesWithoutText == [1])
        #expect(result.pagesWithUndecodableText == [3])
        #expect(result.unreadablePages == [1, 3])
    }

    @Test func runningHeadRepeatsCentredAboveTheText() {
        let pages = (1...3).map { number in
            PageFacts(number: number, width: 612, height: 792,
                      lines: [Self.line("Short Title of the Paper", x: 250, y: 54, size: 8.97, bold: true),
                              Self.line("body text starts here and goes on", x: 55, y: 80)])
        }
        let heads = RunningHeadDetector.detect(in: pages)
        #expect(heads.map(\.page) == [1, 2, 3])
        #expect(heads.first?.text == "Short Title of the Paper")
    }

    @Test func aRunningHeadBesideAFigureLabelIsStillTheHead() {
        // Page 3: a figure's label shares the head's baseline, so poppler puts both on one line.
        let pages = (1...3).map { number -> PageFacts in
            var head = Self.line("Short Title of the Paper", x: 250, y: 54, size: 8.97, bold: true)
            if number == 3 { head = TextLine(words: Self.line("10000", x: 100, y: 54, size: 8).words + head.words) }
            return PageFacts(number: number, width: 612, height: 792,
                             lines: [head, Self.line("body text starts here and goes on", x: 55, y: 62)])
        }
        let heads = RunningHeadDetector.detect(in: pages)
        #expect(heads.map(\.page) == [1, 2, 3])
        #expect(heads.last?.text == "Short Title of the Paper")
        #expect((heads.last?.box.x0 ?? 0) >= 250, "the figure label is not part of the head")
    }

    /// A body page of two columns of 50 lines, with extra lines.
    static func bodyPage(_ number: Int, extra: [TextLine] = [], lines count: Int = 50) -> PageFacts {
        var lines = extra
        for column in [55.44, 307.44] {
            for index in 0..<count {
                lines.append(Self.line("the quick results of this method show a clear gain", x: column, y: 77 + Double(index) * 12))
            }
        }
        return PageFacts(number: number, width: 612, height: 792, lines: lines)
    }

    @Test func aLongRunningHeadIsNoBodyTextBeforeAHeadingAtTheTopOfThePage() throws {
        let head = "A Long Running Title That Fills Most Of The Width Of The Page Above The Text Block"
        var pages = (1...8).map { Self.bodyPage($0, extra: $0 > 1 ? [Self.line(head, x: 150, y: 54, size: 8.97, bold: true)] : []) }
        pages.append(Self.bodyPage(9, extra: [Self.line(head, x: 150, y: 54, size: 8.97, bold: true),
                                              Self.line("References", x: 55.44, y: 77, size: 11.96, bold: true)], lines: 0))
        let analysis = DocumentAnalyzer.analyze(DocumentFacts(path: "t.pdf", metadata: DocumentMetadata(), pages: pages, fonts: []))
        let end = try #require(analysis.bodyEnd)
        #expect(end.heading.page == 9)
        #expect(end.bodyPages == 8)
    }

    @Test func aBoldRunInAcknowledgmentsOpensTheEndOfTheBody() throws {
        var runIn = Self.line("Acknowledgments. We thank the reviewers for", x: 307.44, y: 600)
        runIn.words[0].isBold = true
        runIn.words[0].fontName = "NimbusRomNo9L-Medi"
        let pages = (1...7).map { Self.bodyPage($0) } + [Self.bodyPage(8, extra: [runIn], lines: 40)]
        let analysis = DocumentAnalyzer.analyze(DocumentFacts(path: "t.pdf", metadata: DocumentMetadata(), pages: pages, fonts: []))
        let end = try #require(analysis.bodyEnd)
        #expect(end.heading.title == "Acknowledgments")
        #expect(end.heading.isRunIn)
        #expect(end.heading.text == "Acknowledgments.")
    }

    @Test func aReferencesHeadingInCapitalsAndNotBoldIsStillFound() throws {
        let pages = (1...3).map { Self.bodyPage($0) } + [Self.bodyPage(4, extra: [Self.line("8 REFERENCES", x: 55.44, y: 640, size: 9.96)],
                                                                        lines: 40)]
        let analysis = DocumentAnalyzer.analyze(DocumentFacts(path: "t.pdf", metadata: DocumentMetadata(), pages: pages, fonts: []))
        #expect(analysis.bodyEnd?.heading.page == 4)
        #expect(analysis.bodyEnd?.heading.title == "REFERENCES")
    }

    @Test func aScanWhoseOnlyTextIsAStampHasNoReadableText() {
        let stamp = Self.line("Downloaded from the Example Archive record 2016.04417 on 1 June 2016", x: 90, y: 760, size: 8)
        let pages = (1...3).map { number in
            PageFacts(number: number, width: 612, height: 792, lines: [stamp], images: [Box(x0: 0, y0: 0, x1: 612, y1: 792)],
                      inkBox: Box(x0: 0, y0: 0, x1: 612, y1: 792))
        }
        let analysis = DocumentAnalyzer.analyze(DocumentFacts(path: "t.pdf", metadata: DocumentMetadata(), pages: pages, fonts: []))
        #expect(analysis.extractability.pagesWithoutText == [1, 2, 3])
        #expect(analysis.bodyStyle == nil, "a stamp is not the body font")
        // The same line over a page of real text keeps the page readable.
        let text = TextExtractability.assess([Self.bodyPage(1, extra: [stamp])])
        #expect(text.pagesWithoutText.isEmpty)
    }
}
