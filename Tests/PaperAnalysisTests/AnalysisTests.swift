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
}
